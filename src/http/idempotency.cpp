#include "http/idempotency.hpp"

#include <boost/json/array.hpp>

#include "domain/idempotency.hpp"
#include "http/auth.hpp"
#include "http/error_response.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

bool keyed_method(std::string_view method) { return method == "POST" || method == "PATCH" || method == "DELETE"; }

bool under_v1(const Request& request) { return !request.segments.empty() && request.segments.front() == "v1"; }

// Method, path and query as received (percent-decoded), then the body's bytes.
std::string fingerprint_of(const Request& request) {
  std::string path;
  for (const auto& segment : request.segments) path.append("/").append(segment);
  char separator = '?';
  for (const auto& [name, value] : request.query) {
    path.push_back(separator);
    path.append(name).append("=").append(value);
    separator = '&';
  }
  return domain::request_fingerprint(request.method, path, request.body);
}

// Whose key this is: the organization of an access token, or a session. Anonymous callers (and
// tokens that do not resolve, which the handler refuses anyway) have no scope: their keys are
// not remembered, so a stored answer is never handed to someone who merely guessed a key.
std::optional<std::string> key_scope(Call& call) {
  auto subject = resolve_subject(call);
  if (!subject) return std::nullopt;
  if (subject->organization) return "organization:" + subject->organization->id;
  if (subject->session_id) return "session:" + *subject->session_id;
  return std::nullopt;
}

Response bad_key(const std::string& key, const std::string& why) {
  return validation_error(
      bj::array{validation_issue("value_error", bj::array{"header", "idempotency-key"}, why, bj::value(key))});
}

Response key_in_flight() {
  return error_envelope(409, "IdempotencyKeyInFlight",
                        "A request with this Idempotency-Key is still being processed; retry later");
}

Response replay(domain::StoredResponse stored) {
  Response response{stored.status, std::move(stored.body), decode_headers(stored.headers), {}};
  response.headers.emplace_back("Idempotent-Replayed", "true");
  return response;
}

}  // namespace

std::string encode_headers(const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string text;
  for (const auto& [name, value] : headers) text.append(name).append(": ").append(value).append("\n");
  return text;
}

std::vector<std::pair<std::string, std::string>> decode_headers(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> headers;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    if (const auto colon = line.find(": "); colon != std::string_view::npos)
      headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return headers;
}

Response run_keyed(Handler handler, Access access, Call& call) {
  const Request& request = call.request;
  if (!request.idempotency_key || access != Access::write || !keyed_method(request.method) || !under_v1(request))
    return handler(call);
  const std::string& key = *request.idempotency_key;
  if (auto problem = domain::idempotency_key_problem(key)) return bad_key(key, *problem);
  auto scope = key_scope(call);
  if (!scope) return handler(call);

  const domain::KeyedRequest keyed{std::move(*scope), key, fingerprint_of(request)};
  auto check = domain::check_idempotency_key(*call.repo, keyed, call.now);
  if (!check) return error_response(check.error());
  switch (check->verdict) {
    case domain::KeyVerdict::replay: return replay(std::move(*check->stored));
    case domain::KeyVerdict::mismatch:
      return error_envelope(422, "IdempotencyKeyMismatch",
                            "This Idempotency-Key was used with a different method, path or body");
    case domain::KeyVerdict::in_flight: return key_in_flight();
    case domain::KeyVerdict::run: break;
  }

  Response response = handler(call);
  // An error changed nothing (its job is rolled back), so it is not remembered: a retry runs again.
  if (response.status >= 400) return response;
  if (response.render) {
    response.body = response.render();  // the stored copy must be the bytes the client gets
    response.render = nullptr;
  }
  auto recorded = domain::record_idempotent_response(
      *call.repo, keyed, domain::StoredResponse{response.status, response.body, encode_headers(response.headers)},
      call.now);
  // A conflict means another request with the key committed first (the handler's work is rolled back).
  if (!recorded) return is_conflict(recorded.error()) ? key_in_flight() : error_response(recorded.error());
  return response;
}

}  // namespace sk::http
