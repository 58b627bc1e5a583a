// Query strings of the list endpoints: the input is everything after '?', decoded as a request
// target is, then read by every query parser (paging and sorting, booleans, strings, UUID4 lists,
// enums, the webhook deliveries filter).
#include <boost/url/parse.hpp>

#include "fuzz_support.hpp"
#include "http/list_params.hpp"
#include "http/webhook_parsing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string target = "/v1/list?" + std::string(sk::fuzz::text(data, size));
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return 0;
  sk::http::Request request;
  request.method = "GET";
  for (auto param : parsed->params()) request.query.emplace_back(param.key, param.value);
  auto check = [](const auto& result) {
    if (!result) sk::fuzz::require_json_refusal(result.error());
  };
  check(sk::http::parse_page(request, {"-created_at"}, {"created_at"}));
  check(sk::http::query_bool(request, "active"));
  check(sk::http::query_string(request, "email"));
  check(sk::http::query_uuid4s(request, "customer_id"));
  check(sk::http::query_enums(request, "status", {"active", "canceled"}));
  check(sk::http::parse_page(request));
  check(sk::http::uuid4_list_param(request, "endpoint_id"));
  check(sk::http::parse_delivery_filter(request));
  return 0;
}
