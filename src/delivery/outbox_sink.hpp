// The EventSink that turns domain events into outbox rows, inside the caller's transaction:
// no seat change commits without its events, and no event without its change.
#pragma once

#include <string>

#include "domain/event_sink.hpp"
#include "domain/repository.hpp"

namespace sk::delivery {

struct OutboxSettings {
  std::string public_url;   // claim links: {public_url}/{org_slug}/portal/claim?token=...
  std::string sealing_key;  // e-mail payloads carry a live claim link: sealed at rest
};

// The factory the HTTP layer is given: every sink it makes writes to the outbox with `settings`.
domain::EventSinkFactory outbox_sinks(OutboxSettings settings);

class OutboxSink final : public domain::RecordingEventSink {
 public:
  OutboxSink(domain::Repository& repo, const OutboxSettings& settings, Timestamp now)
      : repo_(repo), settings_(settings), now_(now) {}

  Status seat_event(std::string_view type, const domain::Organization&, const domain::SeatView&, Timestamp at) override;
  Status invitation(const domain::Invitation&) override;

  // True once anything was recorded: the caller then wakes the delivery workers after commit.
  bool recorded() const override { return recorded_; }

 private:
  domain::Repository& repo_;
  const OutboxSettings& settings_;
  Timestamp now_;
  bool recorded_ = false;
};

}  // namespace sk::delivery
