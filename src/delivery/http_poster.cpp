#include "delivery/http_poster.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "common/utf8.hpp"
#include "common/url_guard.hpp"

#include <sys/socket.h>

namespace sk::delivery {

std::string sanitized_excerpt(std::string_view body, std::size_t max_bytes) {
  std::string text = utf8_excerpt(body, max_bytes);
  for (auto& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return text;
}

struct CurlMultiPoster::Transfer {
  HttpPost post;
  bool allow_private = false;
  std::string refusal;  // set by the open-socket callback when it refused an address
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

// libcurl calls this for every address it is about to connect to, after resolution: the one
// place where a name that resolves inside (or rebinds to inside) is stopped before any packet.
curl_socket_t open_guarded_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<CurlMultiPoster::Transfer*>(user);
  if (!t->allow_private) {
    auto ip = ip_from_sockaddr(&address->addr);
    const auto refusal = ip ? connect_refusal(*ip) : std::optional<std::string>("refused: not an IP address");
    if (refusal) {
      t->refusal = *refusal;
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

// Why an attempt got no answer, in words that name no internal host, port or address.
std::string failure_text(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: return "the host name could not be resolved";
    case CURLE_COULDNT_CONNECT: return "the connection failed";
    case CURLE_OPERATION_TIMEDOUT: return "no answer within the time limit";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION: return "the TLS handshake failed";
    case CURLE_UNSUPPORTED_PROTOCOL: return "unsupported URL scheme";
    case CURLE_URL_MALFORMAT: return "malformed URL";
    default: return "the request failed";
  }
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
  // The guard judges the addresses curl connects to, so a proxy from the environment must not
  // stand between them and the webhook's host.
  curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
  t->allow_private = options_.allow_private_addresses;
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_guarded_socket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
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
      r.response = sanitized_excerpt(t->response, options_.max_response);
    } else if (!t->refusal.empty()) {
      r.refused = true;
      r.response = t->refusal;
    } else {
      r.response = failure_text(msg->data.result);
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
