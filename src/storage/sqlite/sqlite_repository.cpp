// The shared repository and upkeep (storage/common/sql_repository_<area>.hpp), instantiated once
// for this backend's connection, with its dialect fragments and statement runners.
#include "storage/sqlite/sqlite_dialect.hpp"  // first: the shared statements name its fragments

#include "storage/common/sql_repository_accounts.hpp"
#include "storage/common/sql_repository_catalog.hpp"
#include "storage/common/sql_repository_extensions.hpp"
#include "storage/common/sql_repository_management.hpp"
#include "storage/common/sql_repository_operations.hpp"
#include "storage/common/sql_repository_upkeep.hpp"
#include "storage/common/sql_repository_webhooks.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage {

template class SqlRepository<sqlite::Database>;
template class SqlUpkeep<sqlite::Database>;

}  // namespace sk::storage
