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
  std::string response;       // a short, sanitized start of the answer's body, or why there is none
  long long duration_ms = 0;
  bool refused = false;       // every address the host resolved to was refused; nothing was connected
};

struct HttpPosterOptions {
  std::chrono::milliseconds timeout{10000};  // the whole attempt: connect, send, answer
  std::size_t max_response = 256;            // bytes of the answer kept for the delivery log
  std::string user_agent = "seatkeeper-webhooks/1.0";
  // Off: every resolved address is checked right before its socket opens (url_guard.hpp), and
  // loopback, private, link-local and other non-public addresses are never connected.
  bool allow_private_addresses = false;
};

// What the delivery log keeps of an answer: valid UTF-8, control characters as spaces, at most
// `max_bytes`.
std::string sanitized_excerpt(std::string_view body, std::size_t max_bytes);

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

  struct Transfer;  // one attempt: libcurl's callbacks get it as their user pointer

 private:
  std::vector<HttpPostResult> collect();

  HttpPosterOptions options_;
  void* multi_;  // CURLM*
  std::unordered_map<void*, Transfer*> transfers_;  // by CURL* easy handle
  std::vector<HttpPostResult> failed_;              // could not even start; reported by the next run()
};

}  // namespace sk::delivery
