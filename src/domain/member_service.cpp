#include "domain/member_service.hpp"

#include "crypto/crypto.hpp"
#include "domain/seat_assign_rules.hpp"

namespace sk::domain {
namespace {

std::unexpected<Error> member_not_found() { return fail(ErrorKind::not_found, "ResourceNotFound", "Member not found"); }

Status check_single_owner(Repository& repo, const Member& member) {
  if (member.role != "owner") return {};
  SK_TRY(owner, repo.find_owner_member(member.customer_id));
  if (owner && owner->id != member.id)
    return invalid_field({"body", "role"}, "This customer already has an owner.", member.role);
  return {};
}

}  // namespace

Result<Member> get_member(Repository& repo, const Organization& org, const Id& customer_id, const Id& member_id) {
  SK_TRY(customer, repo.find_customer(org.id, customer_id));
  if (!customer) return fail(ErrorKind::not_found, "ResourceNotFound", "Customer not found");
  SK_TRY(member, repo.find_member(member_id));
  if (!member || member->customer_id != customer->id) return member_not_found();
  return *member;
}

Result<Page<Member>> list_members(Repository& repo, const Organization& org, const MemberFilter& filter,
                                  const PageRequest& page) {
  return repo.list_members(org.id, filter, page);
}

Result<Member> create_member(Repository& repo, const Organization& org, const Id& customer_id, const MemberCreate& in,
                             Timestamp now) {
  SK_TRY(customer, repo.find_customer(org.id, customer_id));
  if (!customer) return fail(ErrorKind::not_found, "ResourceNotFound", "Customer not found");
  const std::string email = normalize_email(in.email);
  SK_TRY(existing, repo.find_member_by_email(customer->id, email));
  if (existing) return *existing;
  if (in.external_id) {
    SK_TRY(same_external, repo.find_member_by_external_id(customer->id, *in.external_id));
    if (same_external)
      return invalid_field({"body", "external_id"}, "A member with this external ID already exists.", *in.external_id);
  }
  Member member{crypto::uuid_v4(), customer->id, org.id, email, in.name, in.external_id, in.role, now, std::nullopt};
  SK_CHECK(check_single_owner(repo, member));
  SK_CHECK(repo.insert_member(member));
  return member;
}

Status change_member_email(Repository& repo, Member& member, const std::string& raw_email, Timestamp now) {
  const std::string email = normalize_email(raw_email);
  if (email == member.email) return {};
  SK_TRY(clash, repo.find_member_by_email(member.customer_id, email));
  if (clash && clash->id != member.id)
    return invalid_field({"body", "email"}, "A member with this email already exists for this customer.", email);
  member.email = email;
  member.modified_at = now;
  SK_CHECK(repo.update_member(member));
  // The seat's e-mail is who the seat is for: it follows the member (Polar does the same UPDATE).
  SK_TRY(seats, repo.occupied_seats_of_member(member.id));
  for (auto& seat : seats) {
    seat.email = email;
    seat.modified_at = now;
    SK_CHECK(repo.update_seat(seat));
  }
  return {};
}

Result<Member> update_member(Repository& repo, const Organization& org, Member member, const MemberUpdate& in,
                             Timestamp now) {
  (void)org;
  if (in.email) SK_CHECK(change_member_email(repo, member, *in.email, now));
  bool changed = false;
  if (in.name && *in.name != member.name) {
    member.name = *in.name;
    changed = true;
  }
  if (in.role && *in.role != member.role) {
    member.role = *in.role;
    SK_CHECK(check_single_owner(repo, member));
    changed = true;
  }
  if (changed) {
    member.modified_at = now;
    SK_CHECK(repo.update_member(member));
  }
  return member;
}

Status delete_member(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                     const Member& member) {
  SK_TRY(seats, repo.occupied_seats_of_member(member.id));
  for (auto& seat : seats) SK_CHECK(release_seat(repo, sink, ctx, org, std::move(seat)));
  return repo.delete_member(member.id, ctx.now);
}

}  // namespace sk::domain
