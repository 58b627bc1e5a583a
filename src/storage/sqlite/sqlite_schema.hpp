// The SQLite schema as an ordered list of migrations compiled into the binary.
#pragma once

#include <span>
#include <vector>

#include "common/error.hpp"
#include "storage/common/migrations.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace sk::storage::sqlite {

using storage::Migration;

// The newest schema version this binary knows.
int latest_schema_version();

// Every schema version this binary knows, ascending.
std::vector<int> known_schema_versions();

// The version recorded in schema_migrations (0 for an empty database).
Result<int> current_schema_version(Database& db);

// Applies every missing migration in one IMMEDIATE transaction, so concurrent processes opening
// the same file serialise here and each migration runs exactly once. Fails without changing
// anything if the file was migrated by a newer binary.
// Every version not yet recorded is applied, in version order, including one below the highest
// recorded version (versions are added in parallel and may land out of order).
Status apply_migrations(Database& db);

// The same with a given list of migrations (tests use small synthetic lists).
Status apply_migrations(Database& db, std::span<const Migration> migrations);

}  // namespace sk::storage::sqlite
