// JSON request bodies: the first byte picks the parser (seat assign, seat claim, webhook endpoint
// create, customer-portal seat assign, webhook endpoint update), the rest is the body as a client
// sends it. The management bodies are parsed inside their handlers: the api target reaches them.
#include "fuzz_support.hpp"
#include "http/portal_request_parsing.hpp"
#include "http/request_parsing.hpp"
#include "http/webhook_parsing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  sk::http::Request request;
  request.method = "POST";
  request.content_type = "application/json";
  request.body = std::string(sk::fuzz::text(data + 1, size - 1));
  auto body = sk::http::parse_json_body(request);
  if (!body) {
    sk::fuzz::require_json_refusal(body.error());
    return 0;
  }
  auto check = [](const auto& parsed) {
    if (!parsed) sk::fuzz::require_json_refusal(parsed.error());
  };
  switch (data[0] % 5) {
    case 0: check(sk::http::parse_seat_assign(*body)); break;
    case 1: check(sk::http::parse_seat_claim(*body)); break;
    case 2: check(sk::http::parse_webhook_endpoint_create(*body, false)); break;
    case 3: check(sk::http::parse_portal_seat_assign(*body)); break;
    default: check(sk::http::parse_webhook_endpoint_update(*body, false)); break;
  }
  return 0;
}
