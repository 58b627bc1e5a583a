#include "storage/store.hpp"

#include <future>

#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store_metrics.hpp"

namespace sk::storage {

StoreMetrics& store_metrics() {
  static StoreMetrics metrics;
  return metrics;
}

Status Store::read_now(ReadJob job) {
  std::promise<Status> done;
  auto result = done.get_future();
  read(std::move(job), [&done](Status s) { done.set_value(std::move(s)); });
  return result.get();
}

Status Store::write_now(WriteJob job) {
  std::promise<Status> done;
  auto result = done.get_future();
  write(std::move(job), [&done](Status s) { done.set_value(std::move(s)); });
  return result.get();
}

Result<std::unique_ptr<Store>> open_store(const std::string& url, const StoreOptions& options) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return postgres::open_pg_store(url, options);
  std::string path = url;
  if (path.starts_with("sqlite://")) path = path.substr(9);
  if (path.empty()) return fail(ErrorKind::bad_request, "InvalidDatabaseUrl", "empty database path");
  return sqlite::open_sqlite_store(path, options);
}

}  // namespace sk::storage
