// A closable multi-producer, multi-consumer FIFO for the store's threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "common/metrics.hpp"

namespace sk::storage {

template <class T>
class WorkQueue {
 public:
  // `depth`, when given, follows the number of queued items (for /metrics).
  explicit WorkQueue(metrics::Gauge* depth = nullptr) : depth_(depth) {}

  // False (and `item` untouched) once the queue is closed.
  bool push(T& item) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) return false;
      items_.push_back(std::move(item));
    }
    if (depth_) depth_->add(1);
    ready_.notify_one();
    return true;
  }

  // Blocks until there is work, then moves up to `max` items into `out`. Returns false only when
  // the queue is closed and drained, so queued work is always finished before consumers exit.
  bool pop_batch(std::vector<T>& out, std::size_t max) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return false;
    const std::size_t before = out.size();
    while (!items_.empty() && out.size() < max) {
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    if (depth_) depth_->add(-static_cast<std::int64_t>(out.size() - before));
    return true;
  }

  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
  bool closed_ = false;
  metrics::Gauge* depth_;
};

}  // namespace sk::storage
