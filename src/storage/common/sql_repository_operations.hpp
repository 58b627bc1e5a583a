// SqlRepository, operations: whole-database counts for /metrics (the schema check of /readyz is
// each backend's own: it knows its list of migrations).
#pragma once

#include "storage/common/rows.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/common/statements.hpp"

namespace sk::storage {

template <class Db>
Result<std::vector<domain::KeyCount>> SqlRepository<Db>::count_seats_by_status() {
  return fetch_all(db_, SK_SQL_COUNT_SEATS_BY_STATUS, read_key_count);
}

template <class Db>
Result<std::vector<domain::KeyCount>> SqlRepository<Db>::count_pending_outbox_by_topic() {
  return fetch_all(db_, SK_SQL_COUNT_PENDING_OUTBOX_BY_TOPIC, read_key_count);
}

}  // namespace sk::storage
