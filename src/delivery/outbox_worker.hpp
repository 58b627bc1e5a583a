// Delivers one outbox topic from its own thread, never from a request: reads due messages,
// hands each to `deliver`, marks it done or reschedules it with exponential back-off and jitter.
// At-least-once: a message is only marked done after `deliver` succeeded, or when it has failed
// for longer than the retry window (it is then given up, with a log line).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/backoff.hpp"
#include "domain/repository.hpp"
#include "storage/store.hpp"

namespace sk::delivery {

struct WorkerOptions {
  std::chrono::milliseconds idle_poll{250};
  // Messages per claim: each claim and each record of outcomes is a write job that queues behind
  // the API's writes, so under load a small batch lets a backlog build (64 fell behind 440
  // assigns/s; 256 keeps up).
  int batch = 256;
  RetryPolicy retry{};
  std::chrono::seconds lease{std::chrono::seconds(60)};  // longer than one delivery attempt may take
  domain::DeliveredOutbox delivered = domain::DeliveredOutbox::keep;  // a sent message's row
};

class OutboxWorker {
 public:
  using Deliver = std::function<Status(const domain::OutboxMessage&)>;

  OutboxWorker(storage::Store& store, std::string topic, Deliver deliver, WorkerOptions options = {});
  ~OutboxWorker();

  void start();
  void notify();  // new work was committed
  void stop();

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
