// Small pieces the management-API handlers share: shaping a domain result into a response, and
// running a domain write with an outbox sink bound to the call's transaction.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "delivery/outbox_sink.hpp"
#include "http/error_response.hpp"
#include "http/routes.hpp"

namespace sk::http {

// `status` for success (200, or 201 for creations); the error envelope otherwise. A success is
// serialised later, on the network thread: that is no work for the store's single writer.
template <class T, class Shape>
Response answer(Result<T> result, Shape shape, int status = 200) {
  if (!result) return error_response(result.error());
  Response response;
  response.status = status;
  response.render = [value = std::move(*result), shape] { return boost::json::serialize(shape(value)); };
  return response;
}

// 204 No Content for a deletion that succeeded.
inline Response no_content(const Status& status) {
  if (!status) return error_response(status.error());
  return Response{204, "", {}, {}};
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
