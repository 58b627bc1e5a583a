// Errors as values: every fallible call in the domain and storage layers returns
// Result<T> (std::expected) carrying one of these. The http layer maps ErrorKind to a
// status code and the Polar envelope in exactly one place (http/error_response.cpp).
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sk {

enum class ErrorKind {
  bad_request,   // 400
  unauthorized,  // 401
  forbidden,     // 403
  not_found,     // 404
  internal,      // 500: storage failures and broken invariants
  precondition_failed,  // 412, e.g. OrderNotDraft
  validation,           // 422 RequestValidationError: one item at `loc` with `detail` as its msg
  // Storage: a write clashed with a unique constraint (primary key included), e.g. a concurrent
  // insert won a race. The domain re-reads or answers its own error; if one ever reaches HTTP it
  // is a 400.
  conflict,
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string name;    // Polar's exception class name, e.g. "SeatNotAvailable"
  std::string detail;  // Polar's message, exact
  // validation errors only: where the offending value sits (e.g. {"body", "email"}) and the value
  std::vector<std::string> loc = {};
  std::optional<std::string> input = std::nullopt;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string name, std::string detail) {
  return std::unexpected(Error{kind, std::move(name), std::move(detail)});
}
// A 422 the domain raises after the request was well-formed (e.g. a duplicate e-mail): Polar
// reports these as a RequestValidationError item of type value_error.
inline std::unexpected<Error> invalid_field(std::vector<std::string> loc, std::string msg,
                                            std::optional<std::string> input = std::nullopt) {
  return std::unexpected(Error{ErrorKind::validation, "RequestValidationError", std::move(msg), std::move(loc),
                               std::move(input)});
}
inline std::unexpected<Error> internal_error(std::string detail) {
  return fail(ErrorKind::internal, "InternalError", std::move(detail));
}
inline std::unexpected<Error> conflict_error(std::string detail) {
  return fail(ErrorKind::conflict, "UniqueViolation", std::move(detail));
}
inline bool is_conflict(const Error& error) { return error.kind == ErrorKind::conflict; }

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
