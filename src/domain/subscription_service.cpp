#include "domain/subscription_service.hpp"

#include "crypto/crypto.hpp"
#include "domain/billing_period.hpp"

namespace sk::domain {
namespace {

std::unexpected<Error> subscription_not_found() {
  return fail(ErrorKind::not_found, "ResourceNotFound", "Subscription not found");
}
std::unexpected<Error> already_canceled() {
  return fail(ErrorKind::forbidden, "AlreadyCanceledSubscription",
              "This subscription is already canceled or will be at the end of the period.");
}
std::unexpected<Error> below_minimum(int minimum) {
  return fail(ErrorKind::bad_request, "BelowMinimumSeats", "Minimum " + std::to_string(minimum) + " seats required.");
}
std::unexpected<Error> above_maximum(int maximum) {
  return fail(ErrorKind::bad_request, "AboveMaximumSeats", "Maximum " + std::to_string(maximum) + " seats allowed.");
}

bool has_ended(const Subscription& s) { return !is_active_subscription_status(s.status); }

Result<Subscription> locked(Repository& repo, const Organization& org, const Id& id) {
  SK_TRY(found, repo.lock_subscription(org.id, id));
  if (!found) return subscription_not_found();
  return *found;
}

Result<Product> product_of(Repository& repo, const Subscription& s) {
  SK_TRY(product, repo.find_product(s.organization_id, s.product_id));
  if (!product) return internal_error("subscription " + s.id + " without product");
  return *product;
}

Result<Customer> resolve_customer(Repository& repo, const Organization& org, const SubscriptionCreate& in) {
  std::optional<Customer> customer;
  if (in.customer_id) {
    SK_TRY(found, repo.find_customer(org.id, *in.customer_id));
    customer = std::move(found);
    if (!customer) return invalid_field({"body", "customer_id"}, "Customer does not exist.", *in.customer_id);
  } else {
    const std::string external_id = in.external_customer_id.value_or("");
    SK_TRY(found, repo.find_customer_by_external_id(org.id, external_id));
    customer = std::move(found);
    if (!customer) return invalid_field({"body", "external_customer_id"}, "Customer does not exist.", external_id);
  }
  return *customer;
}

}  // namespace

Status check_seat_count_change(const Subscription& s, const Product& product, int requested, int occupied) {
  if (has_ended(s) || s.cancel_at_period_end) return already_canceled();
  if (!s.seats)
    return fail(ErrorKind::bad_request, "NotASeatBasedSubscription",
                "This subscription does not support seat-based pricing.");
  if (requested < product.minimum_seats) return below_minimum(product.minimum_seats);
  if (product.maximum_seats && requested > *product.maximum_seats) return above_maximum(*product.maximum_seats);
  if (requested < occupied)
    return fail(ErrorKind::bad_request, "SeatsAlreadyAssigned",
                "Cannot decrease seats to " + std::to_string(requested) + ". Currently " + std::to_string(occupied) +
                    " seats are assigned. Revoke seats first.");
  return {};
}

Result<SubscriptionView> view_subscription(Repository& repo, const Subscription& s, Timestamp now) {
  SK_TRY(customer, repo.find_customer_including_deleted(s.organization_id, s.customer_id));
  if (!customer) return internal_error("subscription " + s.id + " without customer");
  SK_TRY(product, product_of(repo, s));
  // An ended subscription keeps the period it ended in.
  const Timestamp at = s.ended_at.value_or(now);
  const Period period = current_period(s.started_at, product.recurring_interval, product.recurring_interval_count, at);
  return SubscriptionView{s, std::move(*customer), std::move(product), period.start, period.end};
}

Result<SubscriptionView> get_subscription(Repository& repo, const Organization& org, const Id& id, Timestamp now) {
  SK_TRY(found, repo.find_subscription(org.id, id));
  if (!found) return subscription_not_found();
  return view_subscription(repo, *found, now);
}

Result<Page<SubscriptionView>> list_subscriptions(Repository& repo, const Organization& org,
                                                  const SubscriptionFilter& filter, const PageRequest& page,
                                                  Timestamp now) {
  SK_TRY(rows, repo.list_subscriptions(org.id, filter, page));
  Page<SubscriptionView> views;
  views.total_count = rows.total_count;
  views.items.reserve(rows.items.size());
  for (const auto& s : rows.items) {
    SK_TRY(view, view_subscription(repo, s, now));
    views.items.push_back(std::move(view));
  }
  return views;
}

Result<SubscriptionView> create_subscription(Repository& repo, const Organization& org, const SubscriptionCreate& in,
                                             Timestamp now) {
  SK_TRY(product, repo.find_product(org.id, in.product_id));
  if (!product) return invalid_field({"body", "product_id"}, "Product does not exist.", in.product_id);
  if (!product->recurring) return invalid_field({"body", "product_id"}, "Product is not a recurring product.", in.product_id);
  if (product->is_archived) return invalid_field({"body", "product_id"}, "Product is archived.", in.product_id);
  SK_TRY(customer, resolve_customer(repo, org, in));

  const int seats = in.seats.value_or(product->minimum_seats);
  if (seats < product->minimum_seats) return below_minimum(product->minimum_seats);
  if (product->maximum_seats && seats > *product->maximum_seats) return above_maximum(*product->maximum_seats);

  Subscription s;
  s.id = crypto::uuid_v4();
  s.organization_id = org.id;
  s.customer_id = customer.id;
  s.product_id = product->id;
  s.seats = seats;
  s.status = "active";
  s.created_at = now;
  s.started_at = now;
  s.metadata_json = in.metadata_json;
  SK_CHECK(repo.insert_subscription(s));
  // Polar turns the buyer of a seat-based subscription into a team customer.
  if (customer.type != "team") {
    customer.type = "team";
    customer.modified_at = now;
    SK_CHECK(repo.update_customer(customer));
  }
  return view_subscription(repo, s, now);
}

Result<SubscriptionView> change_seats(Repository& repo, const Organization& org, const Id& id, int seats, Timestamp now) {
  SK_TRY(s, locked(repo, org, id));
  SK_TRY(product, product_of(repo, s));
  SK_TRY(occupied, repo.count_occupied_seats(ContainerKind::subscription, s.id));
  SK_CHECK(check_seat_count_change(s, product, seats, occupied));
  if (s.seats != seats) {
    s.seats = seats;
    s.modified_at = now;
    SK_CHECK(repo.update_subscription(s));
  }
  return view_subscription(repo, s, now);
}

Result<SubscriptionView> set_cancel_at_period_end(Repository& repo, const Organization& org, const Id& id, bool cancel,
                                                  const Cancellation& why, Timestamp now) {
  SK_TRY(s, locked(repo, org, id));
  if (has_ended(s)) return already_canceled();
  if (cancel) {
    if (s.cancel_at_period_end) return already_canceled();
    SK_TRY(product, product_of(repo, s));
    s.cancel_at_period_end = true;
    s.canceled_at = now;
    s.ends_at = current_period(s.started_at, product.recurring_interval, product.recurring_interval_count, now).end;
    if (why.reason) s.cancellation_reason = why.reason;
    if (why.comment) s.cancellation_comment = why.comment;
  } else {
    if (!s.cancel_at_period_end)
      return fail(ErrorKind::bad_request, "BadRequest", "This subscription is not scheduled to be canceled.");
    s.cancel_at_period_end = false;
    s.canceled_at.reset();
    s.ends_at.reset();
    s.cancellation_reason.reset();
    s.cancellation_comment.reset();
  }
  s.modified_at = now;
  SK_CHECK(repo.update_subscription(s));
  return view_subscription(repo, s, now);
}

Result<SubscriptionView> update_subscription_metadata(Repository& repo, const Organization& org, const Id& id,
                                                      const std::string& metadata_json, Timestamp now) {
  SK_TRY(s, locked(repo, org, id));
  s.metadata_json = metadata_json;
  s.modified_at = now;
  SK_CHECK(repo.update_subscription(s));
  return view_subscription(repo, s, now);
}

Status revoke_occupied_seats(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                             ContainerKind kind, const Id& container_id) {
  SK_TRY(seats, repo.list_seats(kind, container_id));
  for (auto& seat : seats) {
    if (seat.status == SeatStatus::revoked) continue;
    SK_CHECK(release_seat(repo, sink, ctx, org, std::move(seat)));
  }
  return {};
}

namespace {

// Marks the subscription ended at `at` and frees its seats, each with its revoked event.
Status end_subscription(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                        Subscription& s, Timestamp at) {
  s.status = "canceled";
  s.ended_at = at;
  s.ends_at = at;
  s.modified_at = ctx.now;
  SK_CHECK(repo.update_subscription(s));
  return revoke_occupied_seats(repo, sink, ctx, org, ContainerKind::subscription, s.id);
}

}  // namespace

Result<SubscriptionView> revoke_subscription(Repository& repo, EventSink& sink, const SeatContext& ctx,
                                             const Organization& org, const Id& id, const Cancellation& why) {
  SK_TRY(s, locked(repo, org, id));
  if (has_ended(s)) return already_canceled();
  s.canceled_at = ctx.now;
  if (why.reason) s.cancellation_reason = why.reason;
  if (why.comment) s.cancellation_comment = why.comment;
  SK_CHECK(end_subscription(repo, sink, ctx, org, s, ctx.now));
  return view_subscription(repo, s, ctx.now);
}

Result<int> end_due_subscriptions(Repository& repo, EventSink& sink, const SeatContext& ctx, int limit) {
  SK_TRY(due, repo.subscriptions_due_to_end(ctx.now, limit));
  int ended = 0;
  for (auto& s : due) {
    SK_TRY(org, repo.find_organization(s.organization_id));
    if (!org) return internal_error("subscription " + s.id + " without organization");
    SK_CHECK(end_subscription(repo, sink, ctx, *org, s, s.ends_at.value_or(ctx.now)));
    ++ended;
  }
  return ended;
}

}  // namespace sk::domain
