#include "app/serve_command.hpp"

#include <iostream>
#include <memory>

#include "app/secret.hpp"
#include "app/subscription_sweeper.hpp"
#include "crypto/crypto.hpp"
#include "delivery/mailer.hpp"
#include "delivery/outbox_worker.hpp"
#include "http/server.hpp"
#include "storage/store.hpp"

namespace sk::app {
namespace {

struct ServeOptions {
  std::string database = "sqlite://./data/seatkeeper.db";
  std::string listen = "127.0.0.1:8080";
  std::string public_url = "http://127.0.0.1:8080";
  std::string mail_log;
  std::string secret;
  int io_threads = 2;
  int reader_threads = 2;
  int db_connections = 8;
  int sweep_interval_ms = 30'000;
};

[[noreturn]] void die(const std::string& message) {
  std::cerr << "seatkeeper serve: " << message << "\n";
  std::exit(2);
}

std::pair<std::string, unsigned short> split_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) die("--listen must be HOST:PORT");
  const std::string port_text = listen.substr(colon + 1);
  int port = 0;
  try {
    port = std::stoi(port_text);
  } catch (...) {
    die("--listen port is not a number: " + port_text);
  }
  if (port < 0 || port > 65535) die("--listen port out of range");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, static_cast<unsigned short>(port)};
}

void serve(const ServeOptions& o) {
  if (!o.public_url.starts_with("http://") && !o.public_url.starts_with("https://"))
    die("--public-url must start with http:// or https://");
  auto secret = load_or_create_secret(o.secret, o.database);
  if (!secret) die(secret.error().detail);
  auto store = storage::open_store(o.database, {.reader_threads = o.reader_threads, .connections = o.db_connections});
  if (!store) die(store.error().detail);

  std::unique_ptr<delivery::Mailer> mailer;
  if (!o.mail_log.empty()) mailer = std::make_unique<delivery::MailLogMailer>(o.mail_log);
  else mailer = std::make_unique<delivery::DiscardMailer>();
  const std::string sealing_key = *secret;
  delivery::OutboxWorker mail_worker(**store, "email", [&](const domain::OutboxMessage& message) -> Status {
    auto plain = crypto::open(sealing_key, message.payload);
    if (!plain) return internal_error("cannot open sealed e-mail (was the secret changed?)");
    auto mail = delivery::parse_invitation_mail(*plain);
    if (!mail) return internal_error("malformed e-mail payload");
    return mailer->send(*mail);
  });
  mail_worker.start();

  auto [host, port] = split_listen(o.listen);
  http::ServerOptions server_options{.host = host, .port = port, .io_threads = o.io_threads};
  http::ApiConfig api{.secret = *secret, .public_url = o.public_url};
  http::Server server(server_options, api, **store, [&mail_worker] { mail_worker.notify(); });
  if (auto listening = server.listen(); !listening) die(listening.error().detail);
  SubscriptionSweeper sweeper(**store, api.outbox(), [&api](Timestamp now) { return api.seat_context(now); },
                              std::chrono::milliseconds(o.sweep_interval_ms), [&mail_worker] { mail_worker.notify(); });
  sweeper.start();
  std::cerr << "seatkeeper: listening on http://" << host << ":" << server.port() << " (database "
            << (o.database.starts_with("postgres") ? "postgresql" : o.database) << ")" << std::endl;
  server.run();
  std::cerr << "seatkeeper: shutting down" << std::endl;
  sweeper.stop();
  mail_worker.stop();
  (*store)->close();
}

}  // namespace

void register_serve_command(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve the Customer Seats API");
  cmd->add_option("--database", o->database, "sqlite:///abs/path.db, a file path, or postgresql://user:pass@host:port/db")->envname("SEATKEEPER_DATABASE");
  cmd->add_option("--listen", o->listen, "HOST:PORT")->envname("SEATKEEPER_LISTEN");
  cmd->add_option("--public-url", o->public_url, "base of the claim links in invitation e-mails")
      ->envname("SEATKEEPER_PUBLIC_URL");
  cmd->add_option("--mail-log", o->mail_log, "append '<email> <claim_url>' per invitation to this file")
      ->envname("SEATKEEPER_MAIL_LOG");
  cmd->add_option("--secret", o->secret, "server secret (default: key file beside the SQLite database; required with PostgreSQL)")
      ->envname("SEATKEEPER_SECRET");
  cmd->add_option("--io-threads", o->io_threads, "network threads")->envname("SEATKEEPER_IO_THREADS")->check(CLI::Range(1, 64));
  cmd->add_option("--reader-threads", o->reader_threads, "database reader threads")
      ->envname("SEATKEEPER_READER_THREADS")->check(CLI::Range(1, 64));
  cmd->add_option("--db-connections", o->db_connections, "PostgreSQL connections (and store threads) per instance")
      ->envname("SEATKEEPER_DB_CONNECTIONS")->check(CLI::Range(1, 256));
  cmd->add_option("--sweep-interval-ms", o->sweep_interval_ms,
                  "how often subscriptions whose scheduled cancellation has come are ended")
      ->envname("SEATKEEPER_SWEEP_INTERVAL_MS")->check(CLI::Range(10, 86'400'000));
  cmd->callback([o] { serve(*o); });
}

}  // namespace sk::app
