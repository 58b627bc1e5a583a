// JSON request bodies: the first byte picks the parser (seat assign, seat claim, webhook endpoint
// create, webhook endpoint update), the rest is the body as a client sends it.
#include "fuzz_support.hpp"
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
  switch (data[0] % 4) {
    case 0: check(sk::http::parse_seat_assign(*body)); break;
    case 1: check(sk::http::parse_seat_claim(*body)); break;
    case 2: check(sk::http::parse_webhook_endpoint_create(*body)); break;
    default: check(sk::http::parse_webhook_endpoint_update(*body)); break;
  }
  return 0;
}
