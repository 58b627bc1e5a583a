// A write job and what it decided. A job may return
//  - bool: true keeps its work, false rolls it back quietly (the caller knows why);
//  - Status: success keeps its work, an error rolls it back and reaches the caller's Done;
//  - Result<bool>: both of the above.
// So a job whose repository call failed hands that error to whoever submitted it.
#pragma once

#include <concepts>
#include <exception>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>

#include "common/error.hpp"
#include "domain/repository.hpp"

namespace sk::storage {

using WriteOutcome = Result<bool>;  // true: keep, false: roll back quietly, error: roll back and report

class WriteJob {
 public:
  WriteJob() = default;

  template <class Fn>
    requires(!std::same_as<std::remove_cvref_t<Fn>, WriteJob> && std::invocable<Fn&, domain::Repository&>)
  WriteJob(Fn fn) : fn_(adapt(std::move(fn))) {}  // NOLINT: implicit, so a lambda is a job

  WriteOutcome operator()(domain::Repository& repo) const { return fn_(repo); }
  explicit operator bool() const { return static_cast<bool>(fn_); }

 private:
  template <class Fn>
  static std::function<WriteOutcome(domain::Repository&)> adapt(Fn fn) {
    using R = std::invoke_result_t<Fn&, domain::Repository&>;
    if constexpr (std::same_as<R, WriteOutcome>) {
      return fn;
    } else if constexpr (std::same_as<R, Status>) {
      return [fn = std::move(fn)](domain::Repository& repo) mutable -> WriteOutcome {
        Status status = fn(repo);
        if (!status) return std::unexpected(std::move(status.error()));
        return true;
      };
    } else {
      static_assert(std::convertible_to<R, bool>, "a write job returns bool, Status or Result<bool>");
      return [fn = std::move(fn)](domain::Repository& repo) mutable -> WriteOutcome { return static_cast<bool>(fn(repo)); };
    }
  }

  std::function<WriteOutcome(domain::Repository&)> fn_;
};

// Jobs are other people's code: an exception must not take a store thread down with it.
template <class Fn>
auto run_guarded(Fn& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return internal_error(std::string("store job threw: ") + e.what());
  } catch (...) {
    return internal_error("store job threw a non-standard exception");
  }
}

}  // namespace sk::storage
