// Webhook endpoint URLs: the input is the `url` value of a create and of an update body, so it
// goes through the same length, syntax and scheme checks an API client meets. Like every JSON
// string that reaches a parser, it is valid UTF-8 (the body's JSON parser refuses the rest).
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "fuzz_support.hpp"
#include "http/webhook_parsing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const boost::json::string_view url(reinterpret_cast<const char*>(data), size);
  boost::system::error_code invalid_utf8;
  boost::json::parse(boost::json::serialize(boost::json::value(url)), invalid_utf8);
  if (invalid_utf8) return 0;
  const boost::json::value create{{"url", url}, {"format", "raw"}, {"events", {"customer_seat.assigned"}}};
  if (auto parsed = sk::http::parse_webhook_endpoint_create(create); !parsed) sk::fuzz::require_json_refusal(parsed.error());
  const boost::json::value update{{"url", url}};
  if (auto parsed = sk::http::parse_webhook_endpoint_update(update); !parsed) sk::fuzz::require_json_refusal(parsed.error());
  return 0;
}
