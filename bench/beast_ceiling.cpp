// The ceiling `make bench` measures seatkeeper's GET /healthz against: the least a Boost.Beast
// HTTP/1.1 keep-alive server does to answer a fixed small JSON body. One io_context per thread
// (concurrency hint 1), one SO_REUSEPORT acceptor per thread, coroutines on the concrete
// io_context executor, no timeouts, no logging, no routing.
//
//   beast_ceiling [--listen HOST:PORT] [--threads N]
// prints "listening on PORT" once it accepts connections (PORT 0 picks a free port), and serves
// until SIGINT or SIGTERM.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using executor = asio::io_context::executor_type;
using socket_type = asio::basic_stream_socket<tcp, executor>;
using acceptor_type = asio::basic_socket_acceptor<tcp, executor>;
using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable_t<executor>{});
constexpr std::string_view kBody = R"({"status":"ok"})";

asio::awaitable<void, executor> session(socket_type socket) {
  socket.set_option(tcp::no_delay(true));
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request<bhttp::string_body> request;
    auto [read_error, read] = co_await bhttp::async_read(socket, buffer, request, use_tuple);
    if (read_error) break;
    bhttp::response<bhttp::string_body> response{bhttp::status::ok, request.version()};
    response.set(bhttp::field::content_type, "application/json");
    response.keep_alive(request.keep_alive());
    response.body() = kBody;
    response.prepare_payload();
    auto [write_error, written] = co_await bhttp::async_write(socket, response, use_tuple);
    if (write_error || !response.keep_alive()) break;
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void, executor> accept_loop(acceptor_type& acceptor) {
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(use_tuple);
    if (error) {
      if (!acceptor.is_open()) co_return;
      continue;
    }
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), asio::detached);
  }
}

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  int threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--threads") {
      threads = std::max(1, std::atoi(value.c_str()));
    } else if (flag == "--listen") {
      const auto colon = value.rfind(':');
      host = value.substr(0, colon);
      port = static_cast<unsigned short>(std::atoi(value.c_str() + colon + 1));
    } else {
      std::cerr << "usage: beast_ceiling [--listen HOST:PORT] [--threads N]\n";
      return 2;
    }
  }
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<std::unique_ptr<acceptor_type>> acceptors;
  tcp::endpoint endpoint(asio::ip::make_address(host), port);
  for (int i = 0; i < threads; ++i) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
    auto acceptor = std::make_unique<acceptor_type>(contexts.back()->get_executor());
    acceptor->open(endpoint.protocol());
    acceptor->set_option(asio::socket_base::reuse_address(true));
    acceptor->set_option(reuse_port(true));
    acceptor->bind(endpoint);
    acceptor->listen(asio::socket_base::max_listen_connections);
    endpoint = acceptor->local_endpoint();  // the others bind the port the first one got
    asio::co_spawn(contexts.back()->get_executor(), accept_loop(*acceptor), asio::detached);
    acceptors.push_back(std::move(acceptor));
  }
  asio::signal_set signals(*contexts.front(), SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    for (auto& context : contexts) context->stop();
  });
  std::printf("listening on %u\n", static_cast<unsigned>(endpoint.port()));
  std::fflush(stdout);
  std::vector<std::thread> workers;
  for (int i = 1; i < threads; ++i) workers.emplace_back([&context = *contexts[i]] { context.run(); });
  contexts.front()->run();
  for (auto& worker : workers) worker.join();
}
