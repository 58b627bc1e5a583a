// Small pieces every route handler uses: shaping a domain result into a response, and running a
// domain write with an outbox sink bound to the call's transaction.
#pragma once

#include <boost/json/object.hpp>

#include "delivery/outbox_sink.hpp"
#include "http/error_response.hpp"
#include "http/routes.hpp"

namespace sk::http {

// `status` for success (200, or 201 for creations); the error envelope otherwise.
template <class T, class Shape>
Response answer(const Result<T>& result, Shape shape, int status = 200) {
  if (!result) return error_response(result.error());
  return json_response(status, shape(*result));
}

// 204 No Content for a deletion that succeeded.
inline Response no_content(const Status& status) {
  if (!status) return error_response(status.error());
  return Response{204, "", {}};
}

template <class Fn>
auto with_outbox(Call& call, Fn fn) {
  const auto settings = call.config.outbox();
  delivery::OutboxSink sink(*call.repo, settings, call.now);
  auto result = fn(sink);
  call.outbox_written = call.outbox_written || sink.recorded();
  return result;
}

}  // namespace sk::http
