#include "domain/customer_service.hpp"

#include "crypto/crypto.hpp"
#include "domain/member_service.hpp"
#include "domain/seat_assign_rules.hpp"
#include "domain/subscription_service.hpp"

namespace sk::domain {
namespace {

std::unexpected<Error> customer_not_found() { return fail(ErrorKind::not_found, "ResourceNotFound", "Customer not found"); }

Status check_email_free(Repository& repo, const Organization& org, const std::string& email) {
  SK_TRY(same, repo.find_customer_by_email(org.id, email));
  if (same) return invalid_field({"body", "email"}, "A customer with this email address already exists.", email);
  return {};
}

Status check_external_id_free(Repository& repo, const Organization& org, const std::string& external_id) {
  SK_TRY(same, repo.find_customer_by_external_id(org.id, external_id));
  if (same)
    return invalid_field({"body", "external_id"}, "A customer with this external ID already exists.", external_id);
  return {};
}

// A unique index can still fire when two writers race on PostgreSQL: answer the same 422.
Status unique_or_422(Status inserted, const Customer& c) {
  if (inserted || !is_conflict(inserted.error())) return inserted;
  return invalid_field({"body", "email"}, "A customer with this email address already exists.", c.email);
}

}  // namespace

Result<Customer> get_customer(Repository& repo, const Organization& org, const Id& id) {
  SK_TRY(found, repo.find_customer(org.id, id));
  if (!found) return customer_not_found();
  return *found;
}

Result<Customer> get_customer_by_external_id(Repository& repo, const Organization& org, const std::string& external_id) {
  SK_TRY(found, repo.find_customer_by_external_id(org.id, external_id));
  if (!found) return customer_not_found();
  return *found;
}

Result<Page<Customer>> list_customers(Repository& repo, const Organization& org, const CustomerFilter& filter,
                                      const PageRequest& page) {
  return repo.list_customers(org.id, filter, page);
}

Result<Customer> create_customer(Repository& repo, const Organization& org, const CustomerCreate& in, Timestamp now) {
  Customer c;
  c.id = crypto::uuid_v4();
  c.organization_id = org.id;
  if (in.email) c.email = normalize_email(*in.email);
  c.name = in.name;
  c.external_id = in.external_id;
  c.type = in.type;
  c.metadata_json = in.metadata_json;
  c.created_at = now;
  if (c.email) SK_CHECK(check_email_free(repo, org, *c.email));
  if (c.external_id) SK_CHECK(check_external_id_free(repo, org, *c.external_id));
  SK_CHECK(unique_or_422(repo.insert_customer(c), c));

  // The owner member: given explicitly, or the customer's own e-mail, name and external id.
  std::optional<MemberCreate> owner;
  if (in.owner) owner = MemberCreate{in.owner->email, in.owner->name, in.owner->external_id, "owner"};
  else if (c.email) owner = MemberCreate{*c.email, c.name, c.external_id, "owner"};
  if (owner) SK_CHECK(create_member(repo, org, c.id, *owner, now));
  return c;
}

Result<Customer> update_customer(Repository& repo, const Organization& org, Customer c, const CustomerUpdate& in,
                                 Timestamp now) {
  bool email_changed = false;
  if (in.email) {
    const std::string email = normalize_email(*in.email);
    if (!c.email || lower_ascii(*c.email) != lower_ascii(email)) {
      SK_CHECK(check_email_free(repo, org, email));
      email_changed = true;
    }
    c.email = email;
  }
  if (in.external_id && *in.external_id != c.external_id) {
    if (c.external_id)
      return invalid_field({"body", "external_id"}, "Customer external ID cannot be updated.",
                           in.external_id->value_or(""));
    if (*in.external_id) SK_CHECK(check_external_id_free(repo, org, **in.external_id));
    c.external_id = *in.external_id;
  }
  if (in.type && *in.type != c.type) {
    if (c.type == "team")
      return invalid_field({"body", "type"}, "Customer type cannot be downgraded from 'team' to 'individual'.", *in.type);
    c.type = *in.type;
  }
  if (in.name) c.name = *in.name;
  if (in.metadata_json) c.metadata_json = *in.metadata_json;
  c.modified_at = now;
  SK_CHECK(unique_or_422(repo.update_customer(c), c));
  // Polar keeps the owner member's e-mail in step with the customer's.
  if (email_changed) {
    SK_TRY(owner, repo.find_owner_member(c.id));
    if (owner) SK_CHECK(change_member_email(repo, *owner, *c.email, now));
  }
  return c;
}

Status delete_customer(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                       const Customer& c) {
  SK_TRY(subscriptions, repo.active_subscriptions_of_customer(c.id));
  for (const auto& s : subscriptions) SK_CHECK(revoke_subscription(repo, sink, ctx, org, s.id, {}));
  MemberFilter of_customer;
  of_customer.customer_id = c.id;
  for (;;) {  // members go one page at a time: each deletion shrinks the list
    SK_TRY(members, repo.list_members(org.id, of_customer, PageRequest{1, 100, false}));
    if (members.items.empty()) break;
    for (const auto& m : members.items) SK_CHECK(delete_member(repo, sink, ctx, org, m));
  }
  return repo.delete_customer(org.id, c.id, ctx.now);
}

}  // namespace sk::domain
