// Subscriptions (Polar's /v1/subscriptions): create, read, change the seat count, schedule or
// undo a cancellation, revoke now. A subscription that stops being active revokes every pending
// and claimed seat through revoke_seat, so each one records its customer_seat.revoked event.
//
// Concurrency: a seat-count change counts the occupied seats and writes the new count in one
// write job, after lock_subscription. On SQLite every write job runs on the single writer, so no
// assignment can slip in between; the PostgreSQL repository must make lock_subscription take the
// row lock (assign_seat's container read must lock the same row) for the same guarantee.
#pragma once

#include <optional>
#include <string>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/event_sink.hpp"
#include "domain/repository.hpp"
#include "domain/seat_service.hpp"

namespace sk::domain {

struct SubscriptionCreate {
  std::optional<Id> customer_id;  // exactly one of customer_id / external_customer_id
  std::optional<std::string> external_customer_id;
  Id product_id;
  std::optional<int> seats;  // seatkeeper's extension; default: the product's minimum_seats
  std::string metadata_json = "{}";
};

struct Cancellation {
  std::optional<std::string> reason;
  std::optional<std::string> comment;
};

// Polar's seat-count rules for PATCH {"seats": n}, in Polar's order (pure; `occupied` is the
// number of pending and claimed seats).
Status check_seat_count_change(const Subscription&, const Product&, int requested, int occupied);

Result<SubscriptionView> view_subscription(Repository&, const Subscription&, Timestamp now);
Result<SubscriptionView> get_subscription(Repository&, const Organization&, const Id& id, Timestamp now);
Result<Page<SubscriptionView>> list_subscriptions(Repository&, const Organization&, const SubscriptionFilter&,
                                                  const PageRequest&, Timestamp now);
Result<SubscriptionView> create_subscription(Repository&, const Organization&, const SubscriptionCreate&, Timestamp now);
Result<SubscriptionView> change_seats(Repository&, const Organization&, const Id& id, int seats, Timestamp now);
// true: cancel at the end of the current period; false: undo a scheduled cancellation.
Result<SubscriptionView> set_cancel_at_period_end(Repository&, const Organization&, const Id& id, bool cancel,
                                                  const Cancellation&, Timestamp now);
Result<SubscriptionView> update_subscription_metadata(Repository&, const Organization&, const Id& id,
                                                      const std::string& metadata_json, Timestamp now);
// Cancels now: the subscription becomes canceled and every pending and claimed seat is revoked.
Result<SubscriptionView> revoke_subscription(Repository&, EventSink&, const SeatContext&, const Organization&,
                                             const Id& id, const Cancellation&);
// Ends subscriptions whose scheduled cancellation has come (at most `limit`); how many ended.
Result<int> end_due_subscriptions(Repository&, EventSink&, const SeatContext&, int limit);

// Revokes every pending and claimed seat of a container (shared with member and customer deletion).
Status revoke_occupied_seats(Repository&, EventSink&, const SeatContext&, const Organization&, ContainerKind,
                             const Id& container_id);

}  // namespace sk::domain
