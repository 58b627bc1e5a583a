#include "common/line_batcher.hpp"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace sk::log {
namespace {

std::atomic<std::uint64_t> g_next_id{1};

// Writes every byte of `iov` (partial writes and EINTR retried). A failing descriptor drops the
// rest, as an unbuffered stderr did.
void write_all(int fd, std::vector<iovec>& iov) {
  std::size_t first = 0;
  while (first < iov.size()) {
    const int count = static_cast<int>(std::min<std::size_t>(iov.size() - first, IOV_MAX));
    const ssize_t n = ::writev(fd, iov.data() + first, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    auto left = static_cast<std::size_t>(n);
    while (first < iov.size() && left >= iov[first].iov_len) left -= iov[first++].iov_len;
    if (left > 0) {
      iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
}

void add(std::vector<iovec>& iov, std::string_view s) {
  if (!s.empty()) iov.push_back({const_cast<char*>(s.data()), s.size()});
}

// A buffer that once held a burst gives its memory back rather than keeping it for good.
void clear_spare(std::string& spare) {
  if (spare.capacity() > LineBatcher::kWakeAt) std::string().swap(spare);
  else spare.clear();
}

}  // namespace

// The calling thread's buffer for one batcher (the last it appended to).
struct LineBatcher::Holder {
  std::uint64_t owner = 0;
  std::shared_ptr<ThreadBuffer> buffer;
  ~Holder() {
    if (buffer) buffer->alive = false;  // the log thread writes what is left, then forgets it
  }
};

LineBatcher::LineBatcher(int fd) : fd_(fd), id_(g_next_id++) {}

LineBatcher::~LineBatcher() { stop(); }

void LineBatcher::start(std::chrono::milliseconds interval) {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = false;
  }
  running_.store(true, std::memory_order_release);
  thread_ = std::thread([this, interval] { run(interval); });
}

void LineBatcher::stop() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  // A thread appending now either got its line in before this flush takes its buffer, or sees
  // running_ false under the buffer's mutex and writes the line itself.
  running_.store(false, std::memory_order_release);
  std::lock_guard output(output_mutex_);
  flush_all();
}

LineBatcher::ThreadBuffer* LineBatcher::own_buffer(bool create) {
  thread_local Holder holder;
  if (holder.owner == id_) return holder.buffer.get();
  if (!create) return nullptr;
  if (holder.buffer) holder.buffer->alive = false;
  auto buffer = std::make_shared<ThreadBuffer>();
  {
    std::lock_guard lock(registry_mutex_);
    buffers_.push_back(buffer);
  }
  holder.owner = id_;
  holder.buffer = std::move(buffer);
  return holder.buffer.get();
}

void LineBatcher::append(std::string_view lines) {
  if (!running()) return write_now(lines);
  ThreadBuffer& buffer = *own_buffer(true);
  std::size_t size = 0;
  bool was_empty = false;
  {
    std::lock_guard lock(buffer.mutex);
    if (!running()) {
      was_empty = true;  // stopped meanwhile: write at once, below
      size = SIZE_MAX;
    } else {
      was_empty = buffer.pending.empty();
      buffer.pending.append(lines);
      size = buffer.pending.size();
    }
  }
  if (size == SIZE_MAX) return write_now(lines);
  if (was_empty) arm();
  if (size >= kWriteItselfAt) {
    write_now({});
  } else if (size >= kWakeAt && !urgent_.exchange(true)) {
    std::lock_guard lock(wake_mutex_);
    wake_.notify_one();
  }
}

// A buffer that turned non-empty wakes the log thread (once per interval at most: the log thread
// disarms before it takes the buffers, so a line appended after that arms it again).
void LineBatcher::arm() {
  if (armed_.load(std::memory_order_acquire) || armed_.exchange(true)) return;
  std::lock_guard lock(wake_mutex_);
  wake_.notify_one();
}

void LineBatcher::write_now(std::string_view lines) {
  std::lock_guard output(output_mutex_);
  ThreadBuffer* buffer = own_buffer(false);
  if (!buffer) return write_out({}, lines);
  {
    std::lock_guard lock(buffer->mutex);
    buffer->spare.swap(buffer->pending);
  }
  write_out(buffer->spare, lines);
  clear_spare(buffer->spare);
}

void LineBatcher::write_out(std::string_view a, std::string_view b) {
  std::vector<iovec> iov;
  add(iov, a);
  add(iov, b);
  write_all(fd_, iov);
}

void LineBatcher::run(std::chrono::milliseconds interval) {
  std::unique_lock lock(wake_mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || armed_.load(); });
    if (stopping_) return;
    // Gather an interval's lines (or fewer, when a buffer is filling fast) into one write.
    wake_.wait_for(lock, interval, [&] { return stopping_ || urgent_.load(); });
    if (stopping_) return;  // stop() writes what is left
    armed_.store(false);
    urgent_.store(false);
    lock.unlock();
    {
      std::lock_guard output(output_mutex_);
      flush_all();
    }
    lock.lock();
  }
}

void LineBatcher::flush_all() {
  std::lock_guard registry(registry_mutex_);
  std::vector<iovec> iov;
  iov.reserve(buffers_.size());
  for (auto& buffer : buffers_) {
    {
      std::lock_guard lock(buffer->mutex);
      buffer->spare.swap(buffer->pending);
    }
    add(iov, buffer->spare);
  }
  write_all(fd_, iov);
  for (auto& buffer : buffers_) clear_spare(buffer->spare);
  std::erase_if(buffers_, [](const std::shared_ptr<ThreadBuffer>& buffer) {
    if (buffer->alive) return false;
    std::lock_guard lock(buffer->mutex);
    return buffer->pending.empty();
  });
}

}  // namespace sk::log
