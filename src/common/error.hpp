// Errors as values: every fallible call in the domain and storage layers returns
// Result<T> (std::expected) carrying one of these. The http layer maps ErrorKind to a
// status code and the Polar envelope in exactly one place (http/error_response.cpp).
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace sk {

enum class ErrorKind {
  bad_request,   // 400
  unauthorized,  // 401
  forbidden,     // 403
  not_found,     // 404
  internal,      // 500: storage failures and broken invariants
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string name;    // Polar's exception class name, e.g. "SeatNotAvailable"
  std::string detail;  // Polar's message, exact
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string name, std::string detail) {
  return std::unexpected(Error{kind, std::move(name), std::move(detail)});
}
inline std::unexpected<Error> internal_error(std::string detail) {
  return fail(ErrorKind::internal, "InternalError", std::move(detail));
}

}  // namespace sk

// Propagates the error of a Result-returning expression; binds the value otherwise.
#define SK_CONCAT_INNER(a, b) a##b
#define SK_CONCAT(a, b) SK_CONCAT_INNER(a, b)
#define SK_TRY(var, expr)                                              \
  auto SK_CONCAT(sk_try_, __LINE__) = (expr);                          \
  if (!SK_CONCAT(sk_try_, __LINE__)) return std::unexpected(std::move(SK_CONCAT(sk_try_, __LINE__).error())); \
  auto var = std::move(*SK_CONCAT(sk_try_, __LINE__))
#define SK_CHECK(expr)                                                 \
  do {                                                                 \
    auto sk_check_ = (expr);                                           \
    if (!sk_check_) return std::unexpected(std::move(sk_check_.error())); \
  } while (0)
