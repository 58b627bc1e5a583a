// Log lines written at a high rate (the access log, one line per request) without a lock shared
// by the threads and without a write(2) per line. Each thread appends to its own buffer (its own
// mutex, which only the log thread ever contends for); one log thread writes every thread's
// buffer out with one writev() per interval, sooner when a buffer grows large, and what is left
// when stopped. Lines keep their order per thread, also against the lines that thread writes
// through write_now() (those first write the thread's buffered lines). Across threads, lines of
// one interval come out grouped by thread, not strictly by time.
//
// What a crash loses: the buffered lines of the last interval at most (SIGKILL, a crash in a
// signal handler). A thread whose buffer passes a bound writes it itself, so a stalled log
// reader slows the writers down (as unbuffered writes did) instead of growing memory.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sk::log {

class LineBatcher {
 public:
  explicit LineBatcher(int fd);
  ~LineBatcher();  // stops and writes what is left
  LineBatcher(const LineBatcher&) = delete;
  LineBatcher& operator=(const LineBatcher&) = delete;

  // Starts the log thread. Until then (and after stop) append() writes at once.
  void start(std::chrono::milliseconds interval);
  // Stops the log thread and writes every buffered line. Idempotent.
  void stop();
  bool running() const { return running_.load(std::memory_order_acquire); }

  // Appends whole lines (each ending in '\n') to the calling thread's buffer.
  void append(std::string_view lines);
  // Writes the calling thread's buffered lines, then `lines`, now.
  void write_now(std::string_view lines);

  static constexpr std::size_t kWakeAt = 256 * 1024;        // a buffer this full wakes the log thread
  static constexpr std::size_t kWriteItselfAt = 2 << 20;   // a buffer this full is written by its thread

 private:
  struct ThreadBuffer {
    std::mutex mutex;
    std::string pending;  // appended by its thread
    std::string spare;    // written by the log thread (under output_mutex_)
    std::atomic<bool> alive{true};
  };
  struct Holder;

  ThreadBuffer* own_buffer(bool create);
  void run(std::chrono::milliseconds interval);
  void arm();
  void flush_all();                                   // needs output_mutex_
  void write_out(std::string_view a, std::string_view b);  // needs output_mutex_

  const int fd_;
  const std::uint64_t id_;
  std::atomic<bool> running_{false};
  std::atomic<bool> armed_{false};
  std::atomic<bool> urgent_{false};

  std::mutex output_mutex_;  // one writer to fd_ at a time, so lines never interleave
  std::mutex registry_mutex_;
  std::vector<std::shared_ptr<ThreadBuffer>> buffers_;

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
  std::mutex lifecycle_mutex_;
};

}  // namespace sk::log
