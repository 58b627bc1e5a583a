// The PostgreSQL schema as an ordered list of migrations compiled into the binary.
#pragma once

#include <vector>

#include "common/error.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace sk::storage::postgres {

// The newest schema version this binary knows.
int latest_schema_version();

// Every schema version this binary knows, ascending. Not 1..latest: versions taken by parallel
// branches leave gaps until they merge.
std::vector<int> known_schema_versions();

// The version recorded in schema_migrations (0 for an empty database).
Result<int> current_schema_version(Connection& c);

// Applies every missing migration in one transaction under a transaction-scoped advisory lock, so
// instances starting at the same time serialise here and each migration runs exactly once
// (PostgreSQL DDL is transactional: a failing migration leaves nothing behind). Fails without
// changing anything if the database was migrated by a newer binary.
Status apply_migrations(Connection& c);

}  // namespace sk::storage::postgres
