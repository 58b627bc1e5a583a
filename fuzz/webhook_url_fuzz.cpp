// Webhook endpoint URLs: the input is the `url` value of a create and of an update body, so it
// goes through the same length, syntax, scheme and inside-address checks an API client meets.
// Like every JSON string that reaches a parser, it is valid UTF-8 (the body's JSON parser refuses
// the rest). Besides "no crash", the guard's own oracle: a URL the API accepts with private
// targets refused has no host literal that the guard would refuse when connecting.
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "common/url_guard.hpp"
#include "fuzz_support.hpp"
#include "http/webhook_parsing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const boost::json::string_view url(reinterpret_cast<const char*>(data), size);
  boost::system::error_code invalid_utf8;
  boost::json::parse(boost::json::serialize(boost::json::value(url)), invalid_utf8);
  if (invalid_utf8) return 0;
  const boost::json::value create{{"url", url}, {"format", "raw"}, {"events", {"customer_seat.assigned"}}};
  const boost::json::value update{{"url", url}};
  for (const bool allow_private : {false, true}) {
    auto created = sk::http::parse_webhook_endpoint_create(create, allow_private);
    if (!created) sk::fuzz::require_json_refusal(created.error());
    auto updated = sk::http::parse_webhook_endpoint_update(update, allow_private);
    if (!updated) sk::fuzz::require_json_refusal(updated.error());
    if (!allow_private && created && sk::literal_target_refusal(std::string_view(url.data(), url.size()))) {
      std::fprintf(stderr, "fuzz oracle: an inside address literal was accepted: %.*s\n", static_cast<int>(url.size()),
                   url.data());
      std::abort();
    }
  }
  return 0;
}
