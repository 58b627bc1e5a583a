#include "delivery/http_poster.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace sk::delivery {

namespace {

// Length of the UTF-8 sequence starting at s[i] if it is complete and well-formed, else 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned min_second = 0x80, max_second = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) len = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0) min_second = 0xa0;  // no overlong forms
    if (c == 0xed) max_second = 0x9f;  // no surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0) min_second = 0x90;
    if (c == 0xf4) max_second = 0x8f;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  return len;
}

}  // namespace

std::string utf8_excerpt(std::string_view bytes, std::size_t max_bytes) {
  static constexpr std::string_view kReplacement = "\xef\xbf\xbd";
  std::string out;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = utf8_sequence(bytes, i);
    const std::string_view piece = len ? bytes.substr(i, len) : kReplacement;
    if (out.size() + piece.size() > max_bytes) break;
    out.append(piece);
    i += len ? len : 1;
  }
  return out;
}

struct CurlMultiPoster::Transfer {
  HttpPost post;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string response;
  std::chrono::steady_clock::time_point started;
  char error[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    if (headers) curl_slist_free_all(headers);
  }
};

namespace {

size_t collect_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<std::string*>(user);
  const size_t n = size * count;
  // Keep a little more than the excerpt so a character cut at the limit can be recognised; drop
  // the rest but keep reading, so the receiver's answer completes normally.
  if (t->size() < 4096) t->append(data, std::min(n, 4096 - t->size()));
  return n;
}

long long elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

CurlMultiPoster::CurlMultiPoster(HttpPosterOptions options) : options_(std::move(options)), multi_(curl_multi_init()) {}

CurlMultiPoster::~CurlMultiPoster() {
  abort_all();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void CurlMultiPoster::start(HttpPost post) {
  auto t = std::make_unique<Transfer>();
  t->post = std::move(post);
  t->easy = curl_easy_init();
  for (const auto& [name, value] : t->post.headers) t->headers = curl_slist_append(t->headers, (name + ": " + value).c_str());
  t->headers = curl_slist_append(t->headers, "Expect:");  // no 100-continue round trip
  CURL* e = t->easy;
  curl_easy_setopt(e, CURLOPT_URL, t->post.url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer, not a delivery
  curl_easy_setopt(e, CURLOPT_POST, 1L);
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->post.body.data());  // not copied: the Transfer owns it
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->post.body.size()));
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
  curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t->response);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
  t->started = std::chrono::steady_clock::now();
  if (curl_multi_add_handle(static_cast<CURLM*>(multi_), e) != CURLM_OK) {
    failed_.push_back(HttpPostResult{t->post.tag, std::nullopt, "cannot start the request", 0});
    return;
  }
  transfers_.emplace(e, t.release());
}

std::vector<HttpPostResult> CurlMultiPoster::collect() {
  std::vector<HttpPostResult> done = std::move(failed_);
  failed_.clear();
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(static_cast<CURLM*>(multi_), &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    auto it = transfers_.find(msg->easy_handle);
    if (it == transfers_.end()) continue;
    std::unique_ptr<Transfer> t(it->second);
    transfers_.erase(it);
    HttpPostResult r;
    r.tag = t->post.tag;
    r.duration_ms = elapsed_ms(t->started);
    if (msg->data.result == CURLE_OK) {
      long code = 0;
      curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
      r.status = static_cast<int>(code);
      r.response = utf8_excerpt(t->response, options_.max_response);
    } else {
      const char* why = t->error[0] ? t->error : curl_easy_strerror(msg->data.result);
      r.response = utf8_excerpt(why, options_.max_response);
    }
    curl_multi_remove_handle(static_cast<CURLM*>(multi_), t->easy);
    done.push_back(std::move(r));
  }
  return done;
}

std::vector<HttpPostResult> CurlMultiPoster::run(std::chrono::milliseconds wait) {
  auto* multi = static_cast<CURLM*>(multi_);
  int running = 0;
  curl_multi_perform(multi, &running);
  auto done = collect();
  if (!done.empty()) return done;
  int ready = 0;
  curl_multi_poll(multi, nullptr, 0, static_cast<int>(std::max<long long>(0, wait.count())), &ready);
  curl_multi_perform(multi, &running);
  return collect();
}

void CurlMultiPoster::wakeup() { curl_multi_wakeup(static_cast<CURLM*>(multi_)); }

std::vector<std::uint64_t> CurlMultiPoster::abort_all() {
  std::vector<std::uint64_t> tags;
  for (auto& [easy, t] : transfers_) {
    tags.push_back(t->post.tag);
    curl_multi_remove_handle(static_cast<CURLM*>(multi_), static_cast<CURL*>(easy));
    delete t;
  }
  transfers_.clear();
  return tags;
}

}  // namespace sk::delivery
