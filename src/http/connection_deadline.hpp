// When a connection's current step must be done by. Reading a request (header, an interim
// `100 Continue`, body) has one deadline, writing its response another, both the idle timeout
// from when the step begins; while the request is with the store there is none. The server's
// watchdog sleeps until next_check() and closes the connection once expired(): one timer wait per
// idle timeout instead of one timer per socket operation. Plain C++, so the rules are unit-tested.
#pragma once

#include <chrono>
#include <optional>

namespace sk::http {

class ConnectionDeadline {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ConnectionDeadline(Clock::duration limit) : limit_(limit) {}

  void start(Clock::time_point now) { due_ = now + limit_; }  // a read or a write begins
  void pause() { due_.reset(); }                              // the store has the request

  bool expired(Clock::time_point now) const { return due_ && now >= *due_; }

  // When the watchdog should look again. Never after the deadline a later start() can set, since
  // every deadline is "start + limit" and time only moves on: a sleeping watchdog is never late.
  Clock::time_point next_check(Clock::time_point now) const { return due_ ? *due_ : now + limit_; }

 private:
  Clock::duration limit_;
  std::optional<Clock::time_point> due_;
};

}  // namespace sk::http
