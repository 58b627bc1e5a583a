// What every fuzz target checks besides "no crash, no sanitizer report": an answer the server
// would send is valid JSON (Boost.JSON's parser also refuses invalid UTF-8), with a 4xx/5xx status
// when it is a refusal. A violation aborts, so libFuzzer records the input as a crash.
#pragma once

#include <boost/json/parse.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "http/message.hpp"

namespace sk::fuzz {

[[noreturn]] inline void violation(std::string_view what, const http::Response& response) {
  std::fprintf(stderr, "fuzz oracle: %.*s (status %d): %.*s\n", static_cast<int>(what.size()), what.data(),
               response.status, static_cast<int>(response.body.size()), response.body.data());
  std::abort();
}

inline void require_json(const http::Response& response) {
  if (response.status == 204 && response.body.empty()) return;
  boost::system::error_code ec;
  boost::json::parse(response.body, ec);
  if (ec) violation("the answer is not valid JSON", response);
}

inline void require_json_refusal(const http::Response& response) {
  if (response.status < 400 || response.status > 599) violation("a refusal without an error status", response);
  require_json(response);
}

inline std::string_view text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace sk::fuzz
