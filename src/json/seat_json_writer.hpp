// The hot seat answers written straight into their output string, without building a Boost.JSON
// DOM first: no allocation per key and value, one string per answer. The bytes are exactly what
// boost::json::serialize makes of model_json's values (key order, null rules, escapes, numbers);
// seat_json_writer_test.cpp holds the two side by side.
#pragma once

#include <string>
#include <string_view>

#include "domain/model.hpp"

namespace sk::json {

// A JSON string as Boost.JSON writes one: `"` and `\` escaped, \b \t \n \f \r, other control
// characters as \u00xx (lower-case hex), every other byte (UTF-8 included) as it is.
void append_json_string(std::string& out, std::string_view text);

// Polar's CustomerSeat (seat_json), and with "invitation_url" last when it is not null
// (the claim link of an invitation the caller delivers itself).
void append_seat(std::string& out, const domain::SeatView&, const std::string* invitation_url = nullptr);
// {"seats": [...], "available_seats", "total_seats"} (seats_list_json).
void append_seats_list(std::string& out, const domain::SeatsList&);
// The same, followed by "pagination": {"total_count", "max_page"} (the paginated seat list).
void append_seats_page(std::string& out, const domain::SeatsList&, long long total_count, long long max_page);
// Polar's CustomerSeatClaimInfo (claim_info_json).
void append_claim_info(std::string& out, const domain::SeatClaimInfo&);
// {"seat", "customer_session_token"} (claim_response_json).
void append_claim_response(std::string& out, const domain::ClaimedSeat&);

// Whole answers, in a string reserved for their usual size.
std::string seat_text(const domain::SeatView&);
std::string seats_list_text(const domain::SeatsList&);
std::string claim_info_text(const domain::SeatClaimInfo&);
std::string claim_response_text(const domain::ClaimedSeat&);

}  // namespace sk::json
