// seatkeeper's seat operations beyond Polar's API: bulk assignment, atomic transfer, and reading
// the seat history. Each runs in one Repository transaction; bulk and transfer reuse the
// single-assign rules (seat_assignment.hpp) row by row.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "common/error.hpp"
#include "domain/event_sink.hpp"
#include "domain/model.hpp"
#include "domain/paging.hpp"
#include "domain/repository.hpp"
#include "domain/seat_history.hpp"
#include "domain/seat_service.hpp"

namespace sk::domain {

inline constexpr std::size_t kMaxBulkRows = 1000;

struct BulkAssignRequest {
  ContainerKind kind = ContainerKind::subscription;
  Id container_id;
  // One entry per row in request order; nullopt for a row the caller already found malformed
  // (it fails, and counts against `atomic`). The container fields of the rows are ignored.
  std::vector<std::optional<SeatAssignRequest>> rows;
  bool dry_run = false;  // judge every row, keep nothing
  bool atomic = false;   // keep nothing unless every row succeeds
};

struct BulkRowResult {
  std::optional<SeatView> seat;  // the seat assigned, or that would have been
  std::optional<Error> error;    // why the row failed (kind validation for a malformed row)
};

struct BulkAssignResult {
  std::vector<BulkRowResult> rows;
  int succeeded = 0;
  int failed = 0;
  // False for a dry run or a refused atomic request: the caller must roll the transaction back,
  // which also drops the invitations and events the judged rows queued.
  bool keep_changes = true;
};

// Assigns one seat per row into one container. Container-wide problems (not found, feature off,
// container not taking seats) fail the whole call; a row's refusal fails that row only. Storage
// failures fail the whole call.
Result<BulkAssignResult> bulk_assign_seats(Repository&, EventSink&, const SeatContext&, const Organization&,
                                           const BulkAssignRequest&);

// Revokes the seat from its holder and gives it to the holder `to` names, in one transaction and
// without touching capacity: the seat keeps its id. `to`'s container fields are ignored.
Result<SeatView> transfer_seat(Repository&, EventSink&, const SeatContext&, const Organization&, const Id& seat_id,
                               SeatAssignRequest to);

// One seat's history, oldest first.
Result<Page<SeatHistoryEvent>> list_seat_history(Repository&, const Organization&, const Id& seat_id,
                                                 const PageRequest&);
// The seats of a container that were pending or claimed at `at`, from the history alone.
Result<Page<SeatHolding>> seat_holders_at(Repository&, const Organization&, ContainerKind, const Id& container_id,
                                          Timestamp at, const PageRequest&);
// Records up to `limit` invitations that lapsed unnoticed; how many it recorded.
Result<int> record_lapsed_invitations(Repository&, const SeatContext&, int limit);

}  // namespace sk::domain
