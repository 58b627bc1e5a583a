// open_store: the one place that knows both stores and picks one by the URL's scheme.
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"

namespace sk::storage {

Result<std::unique_ptr<Store>> open_store(const std::string& url, const StoreOptions& options) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return postgres::open_pg_store(url, options);
  std::string path = url;
  if (path.starts_with("sqlite://")) path = path.substr(9);
  if (path.empty()) return fail(ErrorKind::bad_request, "InvalidDatabaseUrl", "empty database path");
  return sqlite::open_sqlite_store(path, options);
}

}  // namespace sk::storage
