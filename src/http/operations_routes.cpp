// Operators' endpoints: readiness, metrics and the API description. (/healthz, the liveness
// check, is in seat_routes.cpp.)
#include <boost/json/object.hpp>

#include "http/error_response.hpp"
#include "http/metrics_exposition.hpp"
#include "http/openapi.hpp"
#include "http/routes.hpp"

namespace sk::http {

namespace bj = boost::json;

// 200 only when a store thread answered (this handler runs on one) and every migration this
// binary knows is applied.
Response readiness(Call& call) {
  auto current = call.repo->schema_is_current();
  if (!current) return json_response(503, bj::object{{"status", "unavailable"}, {"reason", "the database does not answer"}});
  if (!*current) return json_response(503, bj::object{{"status", "unavailable"}, {"reason", "migrations are not current"}});
  return json_response(200, bj::object{{"status", "ok"}});
}

Response serve_metrics(Call& call) {
  DatabaseCounts counts;
  if (auto seats = call.repo->count_seats_by_status()) counts.seats_by_status = std::move(*seats);
  if (auto outbox = call.repo->count_pending_outbox_by_topic()) counts.pending_outbox_by_topic = std::move(*outbox);
  const WebhookOutcomes webhooks = call.config.webhook_outcomes ? call.config.webhook_outcomes() : WebhookOutcomes{};
  Response response;
  // Rendered on the network thread, like every answer: the store thread only counted rows.
  response.render = [counts = std::move(counts), webhooks] { return render_metrics(counts, webhooks); };
  response.content_type = kMetricsContentType;
  return response;
}

Response openapi_document(Call&) {
  Response response;
  response.body = openapi_document_text();
  return response;
}

}  // namespace sk::http
