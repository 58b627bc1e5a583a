// The only translation unit that includes Beast and Asio: sockets, parsing, limits, timeouts,
// the Polar-Version gate, and the hand-off of each request to the store's threads.
#include "http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "common/log.hpp"
#include "common/utf8.hpp"
#include "http/answer_cache.hpp"
#include "http/auth.hpp"
#include "http/connection_deadline.hpp"
#include "http/error_response.hpp"
#include "http/idempotency.hpp"
#include "http/request_gate.hpp"
#include "http/request_limits.hpp"
#include "http/request_trace.hpp"

namespace sk::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
// Concrete types on the hot path: each connection lives on one io_context, so its executor is that
// context's plain executor (a pointer), not a type-erased any_io_executor or a strand.
using Executor = asio::io_context::executor_type;
template <class T>
using Task = asio::awaitable<T, Executor>;
using Socket = asio::basic_stream_socket<tcp, Executor>;
using Acceptor = asio::basic_socket_acceptor<tcp, Executor>;
using Timer = asio::basic_waitable_timer<std::chrono::steady_clock, asio::wait_traits<std::chrono::steady_clock>, Executor>;
constexpr auto use_task = asio::use_awaitable_t<Executor>{};
constexpr auto use_tuple = asio::as_tuple(use_task);

namespace {

RawRequest raw_request(const bhttp::request<bhttp::string_body>& msg) {
  RawRequest raw{msg.method_string(), msg.target(), msg["Polar-Version"], msg[bhttp::field::authorization],
                 msg[bhttp::field::content_type], msg.body(), msg[bhttp::field::cookie], msg[bhttp::field::origin],
                 msg[bhttp::field::host], msg["Sec-Fetch-Site"]};
  if (auto key = msg.find("Idempotency-Key"); key != msg.end()) raw.idempotency_key = key->value();
  return raw;
}

Response unreadable_request_response(const boost::system::error_code& ec) {
  if (ec == bhttp::error::body_limit) return payload_too_large();
  if (ec == bhttp::error::header_limit)
    return json_response(431, {{"error", "RequestHeaderFieldsTooLarge"}, {"detail", "Request headers are too large"}});
  return json_response(400, {{"error", "BadRequest"}, {"detail", "Malformed HTTP request"}});
}

bool expects_continue(const bhttp::request<bhttp::string_body>& msg) {
  return beast::iequals(msg[bhttp::field::expect], "100-continue");
}

// One io_context per network thread, each told it is run by one thread.
std::vector<std::unique_ptr<asio::io_context>> network_contexts(int threads) {
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (int i = 0; i < std::max(1, threads); ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
  return contexts;
}

// A client connection. It lives on one network thread (its socket's io_context), so its operations
// never run concurrently (Beast's rule) without a strand. The watchdog closes the socket once the
// current read or write has outlived its deadline, which ends that operation with
// operation_aborted; it wakes once per idle timeout at most, instead of a timer per operation.
struct Connection : std::enable_shared_from_this<Connection> {
  Socket socket;
  Timer watchdog;
  ConnectionDeadline deadline;
  bool finished = false;

  Connection(Socket s, ConnectionDeadline::Clock::duration limit)
      : socket(std::move(s)), watchdog(socket.get_executor()), deadline(limit) {}

  void watch() {
    watchdog.expires_at(deadline.next_check(ConnectionDeadline::Clock::now()));
    watchdog.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->finished) return;
      if (!self->deadline.expired(ConnectionDeadline::Clock::now())) return self->watch();
      boost::system::error_code ignored;
      self->socket.close(ignored);
    });
  }

  void finish() {
    finished = true;
    watchdog.cancel();
  }
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  ApiConfig config;
  storage::Store& store;
  std::function<void()> on_outbox;
  RequestLimits limits{options.limits};
  // The acceptor and the signal handling live on the first context; accepted connections are
  // handed to the contexts in turn.
  std::vector<std::unique_ptr<asio::io_context>> contexts = network_contexts(options.io_threads);
  Acceptor acceptor{contexts.front()->get_executor()};
  std::size_t next_context = 0;  // the accept loop's alone
  std::atomic<int> in_flight{0};
  std::atomic<int> connections{0};

  Impl(ServerOptions o, ApiConfig c, storage::Store& s, std::function<void()> f)
      : options(std::move(o)), config(std::move(c)), store(s), on_outbox(std::move(f)) {}

  // Runs `handler` (the route's, or its gate) on a store thread (a read or the write job) and
  // resumes this coroutine with its response. `route` and `request_id` label its log lines.
  Task<Response> run_in_store(Handler handler, Access access, const Route& route, const Request& request,
                                         const std::vector<std::string>& params, const boost::json::value* body,
                                         std::string bearer, const std::string& request_id) {
    struct JobState {
      Response response;
      bool outbox = false;
      bool keep = true;  // the handler may ask for a success to leave no trace (a dry run)
    };
    auto state = std::make_shared<JobState>();
    auto run_handler = [this, handler, access, &route, &request, &params, &request_id, state, body,
                        bearer = std::move(bearer)](domain::Repository& repo) {
      log::RequestIdScope traced(request_id);
      Call call{request, params, &repo, config, now_utc()};
      call.body = body;
      call.bearer_hash = bearer;
      try {
        state->response = run_keyed(handler, access, call);
      } catch (const std::exception& e) {
        log::error("http.handler_failed", "a handler threw", {{"route", route_template(route)}, {"error", e.what()}});
        state->response = internal_server_error();
      }
      state->keep = call.keep_changes;
      state->outbox = call.outbox_written && call.keep_changes;
    };
    co_await asio::async_initiate<decltype(use_task), void()>(
        [&](auto handler) {
          auto resume = std::make_shared<decltype(handler)>(std::move(handler));
          auto done = [this, state, resume, &route, &request_id, write = access == Access::write](Status committed) {
            if (!committed) {
              log::RequestIdScope traced(request_id);
              log::error("store.job_failed", "the store failed a request's job",
                         {{"route", route_template(route)}, {"error", committed.error().detail}});
              state->response = internal_server_error();
            } else if (write && state->outbox && on_outbox) {
              on_outbox();
            }
            // Resume on the connection's own thread.
            auto ex = asio::get_associated_executor(*resume);
            asio::post(ex, [resume]() mutable { (*resume)(); });
          };
          if (access == Access::write) {
            store.write(
                [run_handler = std::move(run_handler), state](domain::Repository& repo) {
                  run_handler(repo);
                  return state->response.status < 400 && state->keep;  // an error answer leaves no trace
                },
                std::move(done));
          } else {
            store.read(std::move(run_handler), std::move(done));
          }
        },
        use_task);
    co_return std::move(state->response);  // not a copy of the body
  }

  Task<Response> handle(const bhttp::request<bhttp::string_body>& msg, const IpAddress& peer,
                                   std::string& version, RequestTrace& trace) {
    auto admitted = admit_request(raw_request(msg), version);
    if (!admitted) co_return std::move(admitted.error());
    Request& request = admitted->request;
    request.client_address = client_address(peer, msg["X-Forwarded-For"], options.limits.trusted_proxies);
    const Route& route = *admitted->match.route;
    if (!listener_serves(config, route)) co_return route_not_found();
    trace.route = &route;
    const auto& params = admitted->match.params;
    // Hashing the bearer token is no work for the store's threads either.
    const std::string bearer = bearer_hash(request, config);
    if (auto refusal = limits.admit(route, request, bearer, std::chrono::steady_clock::now())) co_return *refusal;
    if (route.access == Access::none) {
      log::RequestIdScope traced(trace.id);
      Call call{request, params, nullptr, config, now_utc()};
      co_return route.handler(call);
    }
    // A kept answer of a reusable read ends the request here, with no store hop.
    AnswerLookup reuse(options.answers, store, route, msg.method_string(), bearer, msg.target());
    if (auto kept = reuse.find(now_utc())) co_return std::move(*kept);
    const boost::json::value* json = route.json_body ? &admitted->body : nullptr;
    if (route.access == Access::write && route.gate) {
      Response gate = co_await run_in_store(route.gate, Access::read, route, request, params, json, bearer, trace.id);
      if (gate.status != let_through().status) co_return gate;
    }
    Response response =
        co_await run_in_store(route.handler, route.access, route, request, params, json, bearer, trace.id);
    if (response.render) response.body = response.render();
    if (route.traits & route_traits::no_store) response.headers.emplace_back("Cache-Control", "no-store");
    reuse.keep(response);
    co_return response;
  }

  // False when the response could not be written (the connection is then of no further use).
  // The body moves into the message: `res.body` is empty afterwards.
  Task<bool> write_response(Connection& connection, Response& res, const std::string& version,
                            unsigned http_version, bool keep_alive) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), http_version};
    // 204 No Content has neither a body nor a type (nor, per RFC 9110, a Content-Length).
    const bool no_content = res.status == 204;
    if (!no_content) out.set(bhttp::field::content_type, res.content_type);
    out.set("Polar-Version", version);
    for (const auto& [name, value] : res.headers) out.insert(name, value);
    out.keep_alive(keep_alive);
    if (!no_content) {
      out.body() = std::move(res.body);
      out.prepare_payload();
    }
    connection.deadline.start(ConnectionDeadline::Clock::now());
    auto [ec, bytes] = co_await bhttp::async_write(connection.socket, out, use_tuple);
    co_return !ec;
  }

  Task<void> session(Socket socket) {
    struct Counted {
      std::atomic<int>& n;
      ~Counted() { --n; }
    } counted{connections};
    boost::system::error_code peer_ec;
    const auto endpoint = socket.remote_endpoint(peer_ec);
    IpAddress peer;
    if (!peer_ec) {
      if (auto parsed = parse_ip(endpoint.address().to_string())) peer = *parsed;
    }
    socket.set_option(tcp::no_delay(true), peer_ec);
    auto connection = std::make_shared<Connection>(std::move(socket), options.idle_timeout);
    Socket& stream = connection->socket;
    connection->deadline.start(ConnectionDeadline::Clock::now());
    connection->watch();
    beast::flat_buffer buffer;
    const std::string default_version(kDefaultApiVersion);  // g++ 12: no string literals as coroutine arguments
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      // Beast checks a Content-Length against the limit while it parses the header, before the
      // target is known: admit the largest any route takes, then hold the body to its route's.
      parser.body_limit(largest_body_limit(options.body_limit));
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      // One deadline for the whole request: header, interim answer and body (slow senders are cut off).
      connection->deadline.start(ConnectionDeadline::Clock::now());
      auto [ec, bytes] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
      if (!ec) {
        const std::size_t limit = body_limit_for(parser.get().target(), options.body_limit);
        if (parser.content_length() && *parser.content_length() > limit) ec = bhttp::error::body_limit;
        else parser.body_limit(limit);  // chunked bodies are counted as they arrive
      }
      // A client that sent `Expect: 100-continue` waits for this before it sends the body.
      if (!ec && !parser.is_done() && expects_continue(parser.get())) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
        std::tie(ec, bytes) = co_await bhttp::async_write(stream, go_on, use_tuple);
      }
      if (!ec && !parser.is_done()) std::tie(ec, bytes) = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
      // operation_aborted: the watchdog closed the connection (too slow, or idle too long).
      if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
          ec == asio::error::operation_aborted || !stream.is_open()) {
        break;
      }
      if (ec) {
        // Answer what we could not parse in JSON too, then close: the stream is out of sync.
        RequestTrace trace = begin_request({}, {});
        Response refusal = unreadable_request_response(ec);
        refusal.headers.emplace_back("X-Request-Id", trace.id);
        const std::size_t body_bytes = refusal.body.size();
        co_await write_response(*connection, refusal, default_version, 11, false);
        finish_request(trace, refusal.status, body_bytes);
        break;
      }
      const auto& msg = parser.get();
      const bool keep_alive = msg.keep_alive();
      std::string version(kDefaultApiVersion);
      ++in_flight;
      connection->deadline.pause();
      RequestTrace trace = begin_request(msg["X-Request-Id"], msg.method_string());
      Response res = co_await handle(msg, peer, version, trace);
      --in_flight;
      res.headers.emplace_back("X-Request-Id", trace.id);
      const std::size_t body_bytes = res.body.size();
      const bool written = co_await write_response(*connection, res, version, msg.version(), keep_alive);
      finish_request(trace, res.status, body_bytes);
      if (!keep_alive || !written) break;
    }
    connection->finish();
    beast::error_code ignored;
    stream.shutdown(tcp::socket::shutdown_send, ignored);
  }

  // At most max_connections at once: beyond that, new ones wait in the kernel's backlog. A failing
  // accept (EMFILE: out of descriptors) backs off, 10 ms doubling to 1 s, instead of spinning.
  Task<void> accept_loop() {
    Timer pause(acceptor.get_executor());
    std::chrono::milliseconds backoff{0};
    for (;;) {
      while (connections.load() >= options.max_connections) {
        pause.expires_after(std::chrono::milliseconds(20));
        co_await pause.async_wait(use_tuple);
        if (!acceptor.is_open()) co_return;
      }
      auto& context = *contexts[next_context++ % contexts.size()];
      auto [ec, socket] = co_await acceptor.async_accept(context.get_executor(), use_tuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        backoff = std::clamp(backoff * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
        log::error("http.accept_failed", "accept failed; retrying",
                   {{"error", ec.message()}, {"retry_in_ms", static_cast<std::int64_t>(backoff.count())}});
        pause.expires_after(backoff);
        co_await pause.async_wait(use_tuple);
        continue;
      }
      backoff = std::chrono::milliseconds(0);
      ++connections;
      auto executor = socket.get_executor();
      asio::co_spawn(executor, session(std::move(socket)), asio::detached);
    }
  }

  void stop() {
    for (auto& context : contexts) context->stop();
  }
};

Server::Server(ServerOptions options, ApiConfig config, storage::Store& store, std::function<void()> on_outbox)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(config), store, std::move(on_outbox))) {}

Server::~Server() = default;

Status Server::listen() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return fail(ErrorKind::bad_request, "InvalidListenAddress", "invalid listen host: " + impl_->options.host);
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ErrorKind::internal, "ListenFailed", "cannot listen on " + impl_->options.host + ":" +
                                                               std::to_string(impl_->options.port) + ": " + ec.message());
  return {};
}

std::expected<AdmittedRequest, Response> admit_http_bytes(std::string_view bytes, const ServerOptions& options,
                                                          std::string& version) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.body_limit(largest_body_limit(options.body_limit));
  parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
  beast::error_code ec;
  while (!ec && !bytes.empty() && !parser.is_done()) {
    const std::size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (used == 0 && !ec) break;
  }
  if (ec == bhttp::error::need_more || (!ec && !parser.is_done())) {
    ec = {};
    parser.put_eof(ec);  // the connection ended here
  }
  if (ec) return std::unexpected(unreadable_request_response(ec));
  const auto& msg = parser.get();
  if (msg.body().size() > body_limit_for(msg.target(), options.body_limit)) return std::unexpected(payload_too_large());
  return admit_request(raw_request(msg), version);
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  auto& first = *impl_->contexts.front();
  asio::co_spawn(first.get_executor(), impl_->accept_loop(), asio::detached);
  asio::signal_set signals(first, SIGINT, SIGTERM);
  signals.async_wait([this](const boost::system::error_code&, int) {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
    // Give requests already inside the store a moment to finish and answer, then stop.
    auto timer = std::make_shared<Timer>(impl_->contexts.front()->get_executor());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    struct Drain {
      Impl* impl;
      std::shared_ptr<Timer> timer;
      std::chrono::steady_clock::time_point deadline;
      void operator()(const boost::system::error_code& = {}) const {
        if (impl->in_flight == 0 || std::chrono::steady_clock::now() > deadline) {
          impl->stop();  // every network thread
          return;
        }
        timer->expires_after(std::chrono::milliseconds(20));
        timer->async_wait(*this);
      }
    };
    Drain{impl_.get(), timer, deadline}();
  });
  // A context without connections has no work; the guards keep its thread in run() until stop().
  std::vector<asio::executor_work_guard<Executor>> keep_running;
  for (auto& context : impl_->contexts) keep_running.push_back(asio::make_work_guard(context->get_executor()));
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->contexts.size(); ++i)
    threads.emplace_back([&context = *impl_->contexts[i]] { context.run(); });
  first.run();
  for (auto& t : threads) t.join();
}

}  // namespace sk::http
