// A fixed pool of PostgreSQL connections, each owned by one thread of the pool. Tasks queue in
// FIFO order and run on whichever connection is free, so blocking libpq calls (and waits for row
// locks) happen on these threads only, never on the caller's (Asio's network threads).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/store_metrics.hpp"
#include "storage/work_queue.hpp"

namespace sk::storage::postgres {

class ConnectionPool {
 public:
  using Task = std::function<void(Connection&)>;

  // Opens all `size` connections up front (a wrong URL fails here, not on the first request).
  static Result<std::unique_ptr<ConnectionPool>> open(const std::string& url, int size);

  explicit ConnectionPool(std::vector<Connection> connections);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Queues `task`; false (task untouched) once the pool is closed.
  bool submit(Task& task);

  // Runs what is queued, then joins the threads and closes the connections. Idempotent; must not
  // be called from a task.
  void close();

  int size() const { return static_cast<int>(connections_.size()); }

 private:
  void worker(Connection& connection);

  std::vector<Connection> connections_;
  WorkQueue<Task> tasks_{&store_metrics().pool_queue};
  std::vector<std::thread> threads_;
  std::mutex close_mutex_;
};

}  // namespace sk::storage::postgres
