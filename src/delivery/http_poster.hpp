// Concurrent HTTP POSTs on one thread, over libcurl's multi interface. The webhook dispatcher
// owns one: every endpoint's attempt runs side by side, so a slow or dead receiver only ever
// holds its own slot, for at most the timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sk::delivery {

struct HttpPost {
  std::uint64_t tag = 0;  // the caller's handle for the result
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpPostResult {
  std::uint64_t tag = 0;
  std::optional<int> status;  // null when no HTTP answer arrived
  std::string response;       // the start of the answer's body, or libcurl's error text
  long long duration_ms = 0;
};

struct HttpPosterOptions {
  std::chrono::milliseconds timeout{10000};  // the whole attempt: connect, send, answer
  std::size_t max_response = 2048;           // bytes of the answer kept for the delivery log
  std::string user_agent = "seatkeeper-webhooks/1.0";
};

// The first `max_bytes` of `bytes` as valid UTF-8: never cut inside a character, and every
// invalid byte replaced by U+FFFD, so the excerpt can go into JSON as it is.
std::string utf8_excerpt(std::string_view bytes, std::size_t max_bytes);

class CurlMultiPoster {
 public:
  explicit CurlMultiPoster(HttpPosterOptions options = {});
  ~CurlMultiPoster();
  CurlMultiPoster(const CurlMultiPoster&) = delete;
  CurlMultiPoster& operator=(const CurlMultiPoster&) = delete;

  void start(HttpPost post);
  // Drives the transfers for up to `wait` and returns those that finished. Returns as soon as one
  // finishes or wakeup() is called.
  std::vector<HttpPostResult> run(std::chrono::milliseconds wait);
  void wakeup();  // any thread
  std::size_t in_flight() const { return transfers_.size(); }
  // Abandons every transfer; returns their tags.
  std::vector<std::uint64_t> abort_all();

 private:
  struct Transfer;
  std::vector<HttpPostResult> collect();

  HttpPosterOptions options_;
  void* multi_;  // CURLM*
  std::unordered_map<void*, Transfer*> transfers_;  // by CURL* easy handle
  std::vector<HttpPostResult> failed_;              // could not even start; reported by the next run()
};

}  // namespace sk::delivery
