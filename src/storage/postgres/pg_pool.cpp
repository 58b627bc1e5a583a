#include "storage/postgres/pg_pool.hpp"

#include <algorithm>

#include "common/log.hpp"

namespace sk::storage::postgres {

Result<std::unique_ptr<ConnectionPool>> ConnectionPool::open(const std::string& url, int size) {
  std::vector<Connection> connections;
  const int count = std::max(1, size);
  connections.reserve(count);
  for (int i = 0; i < count; ++i) {
    SK_TRY(connection, Connection::open(url));
    connections.push_back(std::move(connection));
  }
  return std::make_unique<ConnectionPool>(std::move(connections));
}

ConnectionPool::ConnectionPool(std::vector<Connection> connections) : connections_(std::move(connections)) {
  // connections_ never changes size after this, so the references handed to the threads hold.
  for (auto& connection : connections_) threads_.emplace_back([this, &connection] { worker(connection); });
}

ConnectionPool::~ConnectionPool() { close(); }

bool ConnectionPool::submit(Task& task) { return tasks_.push(task); }

void ConnectionPool::close() {
  std::lock_guard lock(close_mutex_);
  tasks_.close();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void ConnectionPool::worker(Connection& connection) {
  std::vector<Task> batch;
  while (tasks_.pop_batch(batch, 1)) {
    // A server restart or network cut leaves the connection dead; reconnect before the next
    // task instead of failing every task that lands on this thread from now on. If that fails
    // too, the task runs anyway and reports the error through its own result.
    if (!connection.healthy()) {
      if (auto reset = connection.reset(); !reset)
        log::error("postgres.reconnect_failed", "postgresql pool: cannot reconnect", {{"error", reset.error().detail}});
    }
    for (auto& task : batch) {
      try {
        task(connection);
      } catch (...) {
        // Tasks report their own failures; one that throws anyway must not end this thread.
        log::error("postgres.task_threw", "postgresql pool: a task threw");
      }
    }
    batch.clear();
  }
}

}  // namespace sk::storage::postgres
