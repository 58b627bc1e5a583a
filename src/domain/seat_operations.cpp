#include "domain/seat_operations.hpp"

#include <algorithm>

#include "domain/seat_assignment.hpp"

namespace sk::domain {
namespace {

void set_container(SeatAssignRequest& req, ContainerKind kind, const Id& container_id) {
  req.subscription_id.reset();
  req.order_id.reset();
  (kind == ContainerKind::subscription ? req.subscription_id : req.order_id) = container_id;
}

template <class T>
Page<T> slice(std::vector<T> all, const PageRequest& page) {
  Page<T> out;
  out.total_count = static_cast<long long>(all.size());
  const auto first = std::min<long long>(page.offset(), out.total_count);
  const auto last = std::min<long long>(first + page.limit, out.total_count);
  out.items.assign(std::make_move_iterator(all.begin() + first), std::make_move_iterator(all.begin() + last));
  return out;
}

}  // namespace

Result<BulkAssignResult> bulk_assign_seats(Repository& repo, EventSink& sink, const SeatContext& ctx,
                                           const Organization& org, const BulkAssignRequest& bulk) {
  SK_TRY(target, assignable_target(repo, org, bulk.kind, bulk.container_id));
  BulkAssignResult result;
  result.rows.reserve(bulk.rows.size());
  for (const auto& row : bulk.rows) {
    if (!row) {
      result.rows.push_back({std::nullopt, Error{ErrorKind::validation, "RequestValidationError", "Invalid row"}});
      ++result.failed;
      continue;
    }
    SeatAssignRequest req = *row;
    set_container(req, bulk.kind, bulk.container_id);
    auto placed = assign_into(repo, sink, ctx, org, target, req);
    if (placed) {
      result.rows.push_back({std::move(*placed), std::nullopt});
      ++result.succeeded;
    } else if (placed.error().kind == ErrorKind::internal) {
      return std::unexpected(std::move(placed.error()));  // the transaction is not to be trusted any more
    } else {
      result.rows.push_back({std::nullopt, std::move(placed.error())});
      ++result.failed;
    }
  }
  result.keep_changes = !bulk.dry_run && !(bulk.atomic && result.failed > 0);
  return result;
}

Result<SeatView> transfer_seat(Repository& repo, EventSink& sink, const SeatContext& ctx, const Organization& org,
                               const Id& seat_id, SeatAssignRequest to) {
  SK_TRY(seat, repo.find_seat(org.id, seat_id));
  if (!seat) return fail(ErrorKind::not_found, "ResourceNotFound", "Seat not found");
  SK_CHECK(require_seat_feature(org));
  if (seat->status == SeatStatus::revoked)
    return fail(ErrorKind::bad_request, "SeatAlreadyRevoked", "Seat is revoked and cannot be transferred");
  SK_TRY(target, assignable_target(repo, org, seat->container_kind, seat->container_id));
  set_container(to, seat->container_kind, seat->container_id);
  // No capacity check: the seat changes hands. The current holder still occupies it, so a
  // transfer to them is refused as a duplicate like any other seated holder.
  SK_TRY(holder, plan_holder(repo, ctx, org, target.container, to));
  SK_CHECK(refuse_duplicate_holder(repo, target.container, holder.member));
  SK_TRY(released, release_seat_as(repo, sink, ctx, org, std::move(*seat), SeatEventKind::transferred_out));
  return place_seat(repo, sink, ctx, org, target, std::move(holder), to, SeatEventKind::transferred_in,
                    std::move(released.seat));
}

Result<Page<SeatHistoryEvent>> list_seat_history(Repository& repo, const Organization& org, const Id& seat_id,
                                                 const PageRequest& page) {
  SK_TRY(seat, repo.find_seat(org.id, seat_id));
  if (!seat) return fail(ErrorKind::not_found, "ResourceNotFound", "Seat not found");
  SK_CHECK(require_seat_feature(org));
  return repo.list_seat_events(seat_id, page);
}

Result<Page<SeatHolding>> seat_holders_at(Repository& repo, const Organization& org, ContainerKind kind,
                                          const Id& container_id, Timestamp at, const PageRequest& page) {
  SK_TRY(container, load_container(repo, org, kind, container_id));
  SK_CHECK(require_seat_feature(org));
  SK_TRY(events, repo.container_seat_events_until(kind, container.id, at));
  return slice(holdings_after(events), page);
}

Result<int> record_lapsed_invitations(Repository& repo, const SeatContext& ctx, int limit) {
  SK_TRY(seats, repo.seats_with_unrecorded_lapse(ctx.now, limit));
  for (const auto& seat : seats) SK_CHECK(notice_lapsed_invitation(repo, ctx, seat));
  return static_cast<int>(seats.size());
}

}  // namespace sk::domain
