// A seat event as the outbox keeps it: the facts its webhook payload is rendered from, not the
// rendered JSON, so the write job that records the event (on the store's one writer thread) only
// appends a few strings. The payload is rendered where it is sent or shown (json/webhook_body).
//
// The record holds the seat as it was when the event happened (a seat revoked before its
// "assigned" event is delivered still shows pending there). Encoding: a "~seat1" header, then
// each field in a fixed order, a string as <length>:<bytes>, a timestamp as <unix micros>;, an
// absent optional as "_". Valid UTF-8 in, valid UTF-8 out (a text column on both stores), and it
// can never be mistaken for the JSON payloads written before it (those begin with '{').
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/model.hpp"

namespace sk::domain {

struct SeatEventRecord {
  std::string type;  // e.g. "customer_seat.assigned"
  Timestamp at;      // when it happened: the payload's "timestamp"
  SeatView view;     // what the payload's "data" shows (no token hash, no organization id)
};

std::string encode_seat_event(std::string_view type, Timestamp at, const SeatView& view);

// True when `stored` is a record of this encoding (else it is a payload kept as sent).
bool is_seat_event_record(std::string_view stored);

// nullopt when `stored` is not a whole, well-formed record.
std::optional<SeatEventRecord> decode_seat_event(std::string_view stored);

}  // namespace sk::domain
