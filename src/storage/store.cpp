#include "storage/store.hpp"

#include <future>

#include "storage/store_metrics.hpp"

namespace sk::storage {

StoreMetrics& store_metrics() {
  static StoreMetrics metrics;
  return metrics;
}

void Store::notify(const Done& done, Status status) {
  if (!done) return;
  try {
    done(std::move(status));
  } catch (...) {
    // Nothing sensible to do with a failing callback; the store must keep serving others.
  }
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

}  // namespace sk::storage
