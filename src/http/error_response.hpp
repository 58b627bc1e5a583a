// The one place where errors become HTTP: status codes and Polar's JSON envelopes.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "common/error.hpp"
#include "http/message.hpp"

namespace sk::http {

Response json_response(int status, const boost::json::object& body);

int status_of(ErrorKind);
// {"error": <class name>, "detail": <message>} with the status of its kind.
Response error_response(const Error&);
// {"error": name, "detail": detail} with any status, for errors that no ErrorKind describes.
Response error_envelope(int status, std::string_view name, std::string_view detail);
// 422 {"error": "RequestValidationError", "detail": [...]}
Response validation_error(boost::json::array detail);
boost::json::object validation_issue(std::string_view type, boost::json::array loc, std::string_view msg,
                                     boost::json::value input, boost::json::object ctx = {});

Response invalid_token();       // 401 from the bearer middleware
Response unauthorized();        // 401 for anonymous callers of protected routes
Response insufficient_scope();  // 403
Response route_not_found();     // 404 {"detail":"Not Found"}
Response method_not_allowed();  // 405 {"detail":"Method Not Allowed"}
Response payload_too_large();   // 413
Response too_many_requests(long long retry_after_seconds);  // 429 with Retry-After
Response internal_server_error();

}  // namespace sk::http
