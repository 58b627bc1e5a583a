// Delivers one outbox topic from its own thread, never from a request: reads due messages,
// hands each to `deliver`, marks it done or reschedules it with exponential back-off and jitter.
// At-least-once: a message is only marked done after `deliver` succeeded.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "domain/repository.hpp"
#include "storage/store.hpp"

namespace sk::delivery {

struct WorkerOptions {
  std::chrono::milliseconds idle_poll{250};
  int batch = 64;
  std::chrono::seconds max_backoff{std::chrono::hours(1)};
  std::chrono::seconds lease{std::chrono::seconds(60)};  // longer than one delivery attempt may take
};

class OutboxWorker {
 public:
  using Deliver = std::function<Status(const domain::OutboxMessage&)>;

  OutboxWorker(storage::Store& store, std::string topic, Deliver deliver, WorkerOptions options = {});
  ~OutboxWorker();

  void start();
  void notify();  // new work was committed
  void stop();

  // Delay before attempt number `attempts + 1`: 1 s doubling, capped, with up to 25 % jitter.
  static std::chrono::milliseconds backoff(int attempts, std::chrono::seconds cap);

 private:
  void run();
  bool drain_once();

  storage::Store& store_;
  std::string topic_;
  Deliver deliver_;
  WorkerOptions options_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;
  std::atomic<bool> stopping_{false};
};

}  // namespace sk::delivery
