#include "domain/seat_assignment.hpp"

#include "crypto/crypto.hpp"
#include "domain/commerce.hpp"

namespace sk::domain {
namespace {

std::unexpected<Error> seat_not_available(std::string detail) {
  return fail(ErrorKind::bad_request, "SeatNotAvailable", std::move(detail));
}
std::unexpected<Error> invalid_assignment(std::string detail) {
  return fail(ErrorKind::bad_request, "InvalidSeatAssignmentRequest", std::move(detail));
}
std::unexpected<Error> member_not_found(const std::string& key) {
  return fail(ErrorKind::not_found, "MemberNotFound", "Member not found: " + key);
}
std::unexpected<Error> member_email_mismatch(const std::string& external_id, const std::string& email) {
  return fail(ErrorKind::bad_request, "MemberEmailMismatch",
              "Member with external_member_id '" + external_id + "' exists but has a different email than '" +
                  email + "'");
}

Member new_member(const SeatContext& ctx, const Organization& org, const Id& customer_id, const std::string& email) {
  return Member{crypto::uuid_v4(), customer_id, org.id, email, std::nullopt, std::nullopt, "member", ctx.now, std::nullopt};
}

// Writes what plan_holder decided. A member created by another instance since the plan is used instead.
Result<Member> commit_holder(Repository& repo, const SeatContext& ctx, PlannedHolder planned) {
  Member& member = planned.member;
  if (planned.create) {
    auto inserted = repo.insert_member(member);
    if (!inserted && is_conflict(inserted.error())) {
      SK_TRY(raced, repo.find_member_by_email(member.customer_id, member.email));
      if (!raced) return std::unexpected(inserted.error());
      if (member.external_id && raced->external_id && *raced->external_id != *member.external_id)
        return member_email_mismatch(*member.external_id, member.email);
      planned.set_external_id = member.external_id && !raced->external_id;
      if (planned.set_external_id) raced->external_id = member.external_id;
      member = std::move(*raced);
    } else if (!inserted) {
      return std::unexpected(inserted.error());
    }
  }
  if (planned.set_external_id) {
    member.modified_at = ctx.now;
    SK_CHECK(repo.update_member(member));
  }
  return member;
}

Invitation invitation_of(const Organization& org, const Seat& seat, const std::string& token, const std::string& to_email,
                         const std::string& product_name, const std::string& manager) {
  return Invitation{seat.id, org.id, org.name, org.slug, to_email, token,
                    seat.invitation_token_expires_at.value_or(Timestamp{}), product_name, manager};
}

// Polar shows the billing customer's e-mail as "who invited you".
Result<std::string> billing_manager_email(Repository& repo, const Organization& org, const Id& customer_id) {
  SK_TRY(customer, repo.find_customer(org.id, customer_id));
  if (!customer) return std::string{};
  if (customer->email) return *customer->email;
  return customer->name.value_or("");
}

}  // namespace

Result<Member> get_or_create_member(Repository& repo, const SeatContext& ctx, const Organization& org,
                                    const Id& customer_id, const std::string& email) {
  SK_TRY(existing, repo.find_member_by_email(customer_id, email));
  if (existing) return *existing;
  return commit_holder(repo, ctx, PlannedHolder{new_member(ctx, org, customer_id, email), true, false});
}

namespace {

InvitationOptions with_policy(InvitationOptions plan, const InvitationPolicy& policy, const SeatContext& ctx) {
  if (!plan.send_email) plan.send_email = policy.send_email;
  if (!plan.lifetime) plan.lifetime = policy.lifetime.value_or(ctx.invitation_ttl);
  return plan;
}

bool needs_policy(const InvitationOptions& asked) { return !asked.send_email || !asked.lifetime; }

// invitation_plan for a seat placed into `target`: the policy is read for the first such seat only.
Result<InvitationOptions> target_invitation_plan(Repository& repo, const SeatContext& ctx, const Organization& org,
                                                 AssignTarget& target, const InvitationOptions& asked) {
  if (!needs_policy(asked)) return asked;
  if (!target.invitation_policy) {
    SK_TRY(policy, repo.find_invitation_policy(org.id));
    target.invitation_policy = std::move(policy);
  }
  return with_policy(asked, *target.invitation_policy, ctx);
}

}  // namespace

Result<InvitationOptions> invitation_plan(Repository& repo, const SeatContext& ctx, const Organization& org,
                                          const InvitationOptions& asked) {
  if (!needs_policy(asked)) return asked;
  SK_TRY(policy, repo.find_invitation_policy(org.id));
  return with_policy(asked, policy, ctx);
}

void issue_invitation_token(const SeatContext& ctx, Seat& seat, std::chrono::seconds lifetime, std::string& token_out) {
  token_out = crypto::url_safe_token();
  seat.invitation_token_hash = token_hash(ctx, token_out);
  seat.invitation_token_expires_at = ctx.now + lifetime;
}

Status send_invitation(Repository& repo, EventSink& sink, const Organization& org, const Seat& seat,
                       const std::string& token, const std::string& to_email, const SeatContainer& container,
                       const std::string& product_name) {
  SK_TRY(manager, billing_manager_email(repo, org, container.customer_id));
  return sink.invitation(invitation_of(org, seat, token, to_email, product_name, manager));
}

Result<AssignTarget> assignable_target(Repository& repo, const Organization& org, ContainerKind kind,
                                       const Id& container_id) {
  SK_TRY(container, load_container(repo, org, kind, container_id));
  SK_TRY(product, repo.find_product(org.id, container.product_id));
  if (!product) return seat_not_available("Container has no associated product");
  SK_CHECK(require_seat_feature(org));
  // Polar blocks only pending orders and never looks at a subscription's status; seatkeeper
  // assigns only on paid orders and active subscriptions (docs/api.md, Subscriptions and Orders).
  if (kind == ContainerKind::order && container.status != kOrderPaid)
    return seat_not_available("Order must be paid before assigning seats");
  if (kind == ContainerKind::subscription && !is_active_subscription_status(container.status))
    return seat_not_available("Subscription is not active");
  return AssignTarget{std::move(container), std::move(*product)};
}

Status check_capacity(Repository& repo, const AssignTarget& target) {
  // Capacity before duplicates, as Polar checks. The store serialises writes per container.
  const SeatContainer& container = target.container;
  SK_TRY(occupied, repo.count_occupied_seats(container.kind, container.id));
  if (container.seats.value_or(0) - occupied <= 0) return seat_not_available("No available seats for " + container.id);
  return {};
}

Result<PlannedHolder> plan_holder(Repository& repo, const SeatContext& ctx, const Organization& org,
                                  const SeatContainer& container, const SeatAssignRequest& req) {
  std::optional<std::string> email;
  if (req.email) email = normalize_email(*req.email);
  if (req.customer_id || req.external_customer_id) {
    std::optional<Customer> customer;
    if (req.customer_id) {
      SK_TRY(found, repo.find_customer(org.id, *req.customer_id));
      customer = std::move(found);
    } else {
      SK_TRY(found, repo.find_customer_by_external_id(org.id, *req.external_customer_id));
      customer = std::move(found);
    }
    if (!customer) return invalid_assignment("Customer not found for the provided customer_id or external_customer_id.");
    if (!email && customer->email) email = normalize_email(*customer->email);
  }
  const Id& billing_customer = container.customer_id;
  if (req.member_id) {
    SK_TRY(member, repo.find_member(*req.member_id));
    if (!member || member->customer_id != billing_customer) return member_not_found(*req.member_id);
    return PlannedHolder{std::move(*member)};
  }
  auto by_email = [&](const std::string& address) -> Result<PlannedHolder> {
    SK_TRY(existing, repo.find_member_by_email(billing_customer, address));
    if (existing) return PlannedHolder{std::move(*existing)};
    return PlannedHolder{new_member(ctx, org, billing_customer, address), true, false};
  };
  if (req.external_member_id) {
    const std::string& external_id = *req.external_member_id;
    SK_TRY(by_external, repo.find_member_by_external_id(billing_customer, external_id));
    if (by_external) {
      if (email && lower_ascii(*email) != lower_ascii(by_external->email)) return member_email_mismatch(external_id, *email);
      return PlannedHolder{std::move(*by_external)};
    }
    if (!email) return member_not_found(external_id);
    SK_TRY(planned, by_email(*email));
    if (!planned.member.external_id) {
      planned.member.external_id = external_id;
      planned.set_external_id = !planned.create;
      if (planned.create) planned.member.modified_at = ctx.now;
    } else if (*planned.member.external_id != external_id) {
      return member_email_mismatch(external_id, *email);
    }
    return planned;
  }
  if (email) return by_email(*email);
  return invalid_assignment(
      "At least one of email, external_member_id, or member_id must be provided when member_model_enabled is true.");
}

Status refuse_duplicate_holder(Repository& repo, const SeatContainer& container, const Member& member) {
  SK_TRY(duplicate, repo.find_occupied_seat_by_email(container.kind, container.id, member.email));
  if (duplicate) return fail(ErrorKind::bad_request, "SeatAlreadyAssigned", "Seat already assigned to customer " + member.email);
  return {};
}

Result<SeatView> place_seat(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                            AssignTarget& target, PlannedHolder planned, const SeatAssignRequest& req,
                            SeatEventKind kind, std::optional<Seat> reuse) {
  const SeatContainer& container = target.container;
  SK_TRY(member, commit_holder(repo, ctx, std::move(planned)));
  if (!reuse) {
    SK_TRY(revoked, repo.find_revoked_seat(container.kind, container.id));
    reuse = std::move(revoked);
  }
  const bool recycled = reuse.has_value();
  Seat seat;
  if (recycled) {
    seat = std::move(*reuse);
    seat.modified_at = ctx.now;
  } else {
    seat.id = crypto::uuid_v4();
    seat.created_at = ctx.now;
    seat.container_kind = container.kind;
    seat.container_id = container.id;
    seat.organization_id = org.id;
  }
  seat.customer_id = container.customer_id;
  seat.member_id = member.id;
  seat.email = member.email;
  seat.revoked_at.reset();
  seat.metadata_json = req.metadata_json;
  std::string token;
  InvitationOptions plan;
  if (req.immediate_claim) {
    seat.status = SeatStatus::claimed;
    seat.claimed_at = ctx.now;
    seat.invitation_token_hash.reset();
    seat.invitation_token_expires_at.reset();
  } else {
    SK_TRY(planned, target_invitation_plan(repo, ctx, org, target, req.invitation));
    plan = planned;
    seat.status = SeatStatus::pending;
    seat.claimed_at.reset();
    issue_invitation_token(ctx, seat, *plan.lifetime, token);
  }
  SK_CHECK(recycled ? repo.update_seat(seat) : repo.insert_seat(seat));
  SK_CHECK(record_seat_event(repo, ctx, seat, kind));

  SeatView view{seat, member, member.email};  // everything view_of would load is at hand
  if (req.immediate_claim) {
    SK_CHECK(record_seat_event(repo, ctx, seat, SeatEventKind::claimed));
    SK_CHECK(sink.seat_event("customer_seat.claimed", org, view, ctx.now));
  } else {
    if (*plan.send_email) {
      if (!target.billing_manager) {
        SK_TRY(manager, billing_manager_email(repo, org, container.customer_id));
        target.billing_manager = std::move(manager);
      }
      SK_CHECK(sink.invitation(invitation_of(org, seat, token, member.email, target.product.name, *target.billing_manager)));
    }
    SK_CHECK(sink.seat_event("customer_seat.assigned", org, view, ctx.now));
    if (!*plan.send_email) view.undelivered_invitation_token = std::move(token);
  }
  return view;
}

Result<SeatView> assign_into(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                             AssignTarget& target, const SeatAssignRequest& req) {
  SK_CHECK(check_capacity(repo, target));
  SK_TRY(holder, plan_holder(repo, ctx, org, target.container, req));
  SK_CHECK(refuse_duplicate_holder(repo, target.container, holder.member));
  return place_seat(repo, sink, ctx, org, target, std::move(holder), req, SeatEventKind::assigned, std::nullopt);
}

Result<SeatView> release_seat_as(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                                 Seat seat, SeatEventKind kind) {
  if (seat.status == SeatStatus::revoked) return view_of(repo, seat);  // idempotent: no second event
  SK_CHECK(notice_lapsed_invitation(repo, ctx, seat));
  SK_CHECK(record_seat_event(repo, ctx, seat, kind));  // names the holder who lets go
  seat.status = SeatStatus::revoked;
  seat.revoked_at = ctx.now;
  seat.modified_at = ctx.now;
  seat.invitation_token_hash.reset();
  seat.customer_id.reset();
  seat.member_id.reset();
  seat.email.reset();
  SK_CHECK(repo.update_seat(seat));
  SK_TRY(view, view_of(repo, seat));
  SK_CHECK(sink.seat_event("customer_seat.revoked", org, view, ctx.now));
  return view;
}

Status record_seat_event(SeatHistoryRepository& history, const SeatContext& ctx, const Seat& seat, SeatEventKind kind) {
  return history.append_seat_event(SeatHistoryEvent{crypto::uuid_v4(), seat.id, seat.organization_id,
                                                    seat.container_kind, seat.container_id, kind, ctx.now, seat.email,
                                                    seat.member_id, ctx.actor});
}

Status notice_lapsed_invitation(SeatHistoryRepository& history, const SeatContext& ctx, const Seat& seat) {
  if (seat.status != SeatStatus::pending || !seat.invitation_token_expires_at) return {};
  const Timestamp lapsed_at = *seat.invitation_token_expires_at;
  if (lapsed_at >= ctx.now) return {};
  SK_TRY(recorded, history.has_seat_event(seat.id, SeatEventKind::expired, lapsed_at));
  if (recorded) return {};
  // Dated when the link died, not when it was noticed, so "holders at T" and the log read true.
  return history.append_seat_event(SeatHistoryEvent{crypto::uuid_v4(), seat.id, seat.organization_id,
                                                    seat.container_kind, seat.container_id, SeatEventKind::expired,
                                                    lapsed_at, seat.email, seat.member_id, Actor{}});
}

}  // namespace sk::domain
