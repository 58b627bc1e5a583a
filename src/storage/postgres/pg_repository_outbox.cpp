// The outbox as several instances read it: each worker's claims and the webhook fan-out.
#include <string>
#include <vector>

#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/postgres/pg_fetch.hpp"
#include "storage/postgres/pg_repository.hpp"

namespace sk::storage::postgres {

using namespace sk::domain;

namespace {

// Another constant than the migration lock's ("seatfan!" in ASCII); advisory keys are per database.
constexpr const char* kFanOutLock = "SELECT pg_advisory_xact_lock(8315159439571250721)";

}  // namespace

// Several instances claim from one table. SKIP LOCKED makes a worker pass over rows another
// worker is claiming right now instead of waiting for them; a row whose lease another worker
// committed meanwhile fails the re-checked `available_at <= $2` and is skipped too. So a message
// is handed to one worker per lease, and comes back only if that worker never completes it.
Result<std::vector<OutboxMessage>> PgRepository::claim_outbox(const std::string& topic, Timestamp now, int limit,
                                                              Timestamp lease_until) {
  return fetch_all(db_,
                   "WITH due AS ("
                   "  SELECT id FROM outbox WHERE topic = $1 AND delivered_at IS NULL AND available_at <= $2"
                   "  ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED),"
                   " claimed AS ("
                   "  UPDATE outbox SET available_at = $4 WHERE id IN (SELECT id FROM due)"
                   "  RETURNING " SK_OUTBOX_COLUMNS ")"
                   " SELECT " SK_OUTBOX_COLUMNS " FROM claimed ORDER BY created_at, id",
                   read_outbox, topic, now, limit, lease_until);
}

// Called by the webhook fan-out, which then enqueues and completes each message in the same
// write job. In a write job the advisory lock serialises fan-outs across instances until commit;
// the SELECT after it runs (READ COMMITTED) with a fresh snapshot, so it sees every message the
// previous fan-out completed and never hands one out twice.
//
// Order: seq comes from a sequence at insert, so two concurrent transactions may commit in the
// opposite order of their seq. Nothing is lost by that: no high-water mark is kept, every
// undelivered visible message is taken oldest seq first, and one whose transaction was still
// open is simply taken by a later pass. Messages of one transaction (or of transactions that
// do not overlap) keep their commit order.
Result<std::vector<OutboxMessage>> PgRepository::oldest_outbox(const std::string& topic, int limit) {
  if (lock_rows_) SK_CHECK(db_.exec(kFanOutLock));
  return fetch_all(db_,
                   "SELECT " SK_OUTBOX_COLUMNS " FROM outbox WHERE topic = $1 AND delivered_at IS NULL "
                   "ORDER BY seq LIMIT $2",
                   read_outbox, topic, limit);
}

}  // namespace sk::storage::postgres
