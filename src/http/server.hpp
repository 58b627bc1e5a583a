// The HTTP/1.1 server. Beast and Asio live only in server.cpp; this header is plain C++.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/error.hpp"
#include "http/request_gate.hpp"
#include "http/request_limits.hpp"
#include "http/routes.hpp"
#include "storage/store.hpp"

namespace sk::http {

class AnswerCache;

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int io_threads = 2;
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds idle_timeout{60};
  int max_connections = 10000;  // beyond this, connections wait in the listen backlog
  RequestLimitOptions limits{};
  AnswerCache* answers = nullptr;  // reusable read answers (http/answer_cache); none when null
};

class Server {
 public:
  // `on_outbox` runs after a committed write queued e-mail or events (wakes the delivery workers).
  Server(ServerOptions options, ApiConfig config, storage::Store& store, std::function<void()> on_outbox);
  ~Server();

  Status listen();             // binds the socket; the bound port is then port()
  unsigned short port() const;
  void run();                  // serves until SIGINT or SIGTERM, then drains and returns

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses `bytes` as one HTTP/1.1 request under `options`' limits and admits it as a connection
// would (an unreadable or incomplete request gets a connection's answer). For tests and fuzzing.
std::expected<AdmittedRequest, Response> admit_http_bytes(std::string_view bytes, const ServerOptions& options,
                                                          std::string& version);

}  // namespace sk::http
