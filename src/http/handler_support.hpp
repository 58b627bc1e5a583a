// What every handler shares: shaping a domain result into a response, and running a domain write
// with the event sink bound to the call's transaction.
#pragma once

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>

#include "http/error_response.hpp"
#include "http/routes.hpp"

namespace sk::http {

// A shape that writes the answer's text itself (json/seat_json_writer), with no DOM in between.
template <class Shape, class T>
concept TextShape = std::is_same_v<std::invoke_result_t<const Shape&, const T&>, std::string>;

// `status` for success (200, or 201 for creations); the error envelope otherwise. A success is
// serialised later, on the network thread: that is no work for the store's writer. A shape that
// takes a memory resource builds the whole answer in one stack arena (most answers fit), with no
// heap allocation per key.
template <class T, class Shape>
Response answer(Result<T> result, Shape shape, int status = 200) {
  if (!result) return error_response(result.error());
  Response response;
  response.status = status;
  response.render = [value = std::move(*result), shape] {
    if constexpr (TextShape<Shape, T>) {
      return shape(value);
    } else if constexpr (std::is_invocable_v<const Shape&, const T&, boost::json::monotonic_resource*>) {
      unsigned char arena[8192];
      boost::json::monotonic_resource resource(arena, sizeof arena);
      return boost::json::serialize(shape(value, &resource));
    } else {
      return boost::json::serialize(shape(value));
    }
  };
  return response;
}

// For read routes: the answer's text is written here, on the reader thread that built the domain
// values, so they are freed by the thread that allocated them and only the finished string
// crosses to the network thread (cross-thread frees are what made malloc hot). Readers are not
// the single writer, so this costs the writer nothing.
template <class T, class Shape>
  requires TextShape<Shape, T>
Response answer_here(Result<T> result, Shape shape, int status = 200) {
  if (!result) return error_response(result.error());
  return Response{status, shape(*result), {}, {}};
}

// Lets the answer cache (http/answer_cache) reuse a success of a `reusable` route until the first
// of `until` (when the answer would change by time alone) and the bearer's expiry; it also drops
// the answer at the database's next commit. Errors are never reused.
inline Response reusable(Response response, const Call& call, std::optional<Timestamp> until = std::nullopt) {
  if (response.status != 200) return response;
  auto earliest = until.value_or(Timestamp::max());
  if (call.credential_expires_at) earliest = std::min(earliest, *call.credential_expires_at);
  response.reusable_until = earliest;
  return response;
}

// 204 No Content for a deletion that succeeded.
inline Response no_content(const Status& status) {
  if (!status) return error_response(status.error());
  return Response{204, "", {}, {}};
}

// Runs a domain write with an event sink (from the server's configuration) bound to this call's
// transaction; remembers whether it recorded anything, so the server wakes the delivery workers
// after the commit.
template <class Fn>
auto with_outbox(Call& call, Fn fn) {
  const auto sink = call.config.events(*call.repo, call.now);
  auto result = fn(*sink);
  call.outbox_written = call.outbox_written || sink->recorded();
  return result;
}

}  // namespace sk::http
