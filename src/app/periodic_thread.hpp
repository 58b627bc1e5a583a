// A thread that runs one task now and then every `interval` until stopped; stop() wakes it at
// once instead of waiting out the interval.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sk::app {

class PeriodicThread {
 public:
  PeriodicThread() = default;
  ~PeriodicThread() { stop(); }
  PeriodicThread(const PeriodicThread&) = delete;
  PeriodicThread& operator=(const PeriodicThread&) = delete;

  void start(std::chrono::milliseconds interval, std::function<void()> task) {
    thread_ = std::thread([this, interval, task = std::move(task)] {
      std::unique_lock lock(mutex_);
      while (!stopping_) {
        lock.unlock();
        task();
        lock.lock();
        wake_.wait_for(lock, interval, [this] { return stopping_; });
      }
    });
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace sk::app
