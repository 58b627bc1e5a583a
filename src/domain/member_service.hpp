// Members of a customer (Polar's /v1/members and /v1/customers/{id}/members): the people who hold
// seats. A changed e-mail follows onto the member's pending and claimed seats; deleting a member
// revokes those seats (each with its customer_seat.revoked event) and ends its sessions.
#pragma once

#include <optional>
#include <string>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/event_sink.hpp"
#include "domain/repository.hpp"
#include "domain/seat_service.hpp"

namespace sk::domain {

struct MemberCreate {
  std::string email;
  std::optional<std::string> name;
  std::optional<std::string> external_id;
  std::string role = "member";
};

struct MemberUpdate {
  std::optional<std::optional<std::string>> name;  // outer: given; inner null clears
  std::optional<std::string> email;
  std::optional<std::string> role;
};

// The member `member_id` of customer `customer_id` in the organization: 404 otherwise.
Result<Member> get_member(Repository&, const Organization&, const Id& customer_id, const Id& member_id);
Result<Page<Member>> list_members(Repository&, const Organization&, const MemberFilter&, const PageRequest&);
// An existing member with that e-mail is returned as it is (Polar's behaviour).
Result<Member> create_member(Repository&, const Organization&, const Id& customer_id, const MemberCreate&, Timestamp now);
Result<Member> update_member(Repository&, const Organization&, Member, const MemberUpdate&, Timestamp now);
Status delete_member(Repository&, EventSink&, const SeatContext&, const Organization&, const Member&);

// Moves the member (and its pending and claimed seats) to a new e-mail; 422 when another member
// of the same customer has it.
Status change_member_email(Repository&, Member&, const std::string& email, Timestamp now);

}  // namespace sk::domain
