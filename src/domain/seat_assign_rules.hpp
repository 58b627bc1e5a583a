// Polar's SeatAssign model validators (customer-seats-api.md §2.6), applied to a request whose
// fields already have the right types. Produces the 422 issues Polar would, in Polar's order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/invitation_policy.hpp"
#include "domain/model.hpp"

namespace sk::domain {

struct ValidationIssue {
  std::vector<std::string> loc;  // e.g. {"body"} or {"body", "metadata"}
  std::string type;              // "value_error", "missing", ...
  std::string msg;
  std::optional<std::string> reason;  // ctx.reason for e-mail errors
};

struct MetadataShape {
  std::size_t key_count = 0;
  std::size_t python_json_length = 0;  // len(json.dumps(metadata)) as Python computes it
};

struct SeatAssignRequest {
  std::optional<Id> subscription_id;
  std::optional<Id> order_id;
  std::optional<std::string> email;
  std::optional<std::string> external_customer_id;
  std::optional<Id> customer_id;
  std::optional<std::string> external_member_id;
  std::optional<Id> member_id;
  std::optional<MetadataShape> metadata;
  std::string metadata_json = "{}";
  bool immediate_claim = false;
  InvitationOptions invitation;  // seatkeeper's send_invitation / invitation_expires_in
};

// Field rules (metadata limits); empty when the fields are fine.
std::vector<ValidationIssue> check_seat_assign_fields(const SeatAssignRequest&);
// Model rules (source, recipient combination); at most one issue, as Polar raises the first.
std::optional<ValidationIssue> check_seat_assign_model(const SeatAssignRequest&);

// E-mail syntax as email-validator judges it; the reason text on failure.
std::optional<std::string> email_syntax_error(const std::string& email);
// Lower-cases the domain part and trims surrounding white space.
std::string normalize_email(const std::string& email);
std::string lower_ascii(std::string text);

}  // namespace sk::domain
