#include "app/serve_command.hpp"

#include <curl/curl.h>

#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <tuple>

#include "app/secret.hpp"
#include "app/retention_sweeper.hpp"
#include "app/subscription_sweeper.hpp"
#include "common/log.hpp"
#include "common/duration_text.hpp"
#include "common/ip_address.hpp"
#include "crypto/crypto.hpp"
#include "delivery/delivery_metrics.hpp"
#include "delivery/mailer.hpp"
#include "delivery/outbox_worker.hpp"
#include "delivery/smtp_mailer.hpp"
#include "delivery/webhook_dispatcher.hpp"
#include "http/answer_cache.hpp"
#include "http/server.hpp"
#include "storage/store.hpp"

namespace sk::app {
namespace {

// /metrics reads the webhook dispatcher's counts through this (http does not see delivery).
http::WebhookOutcomes delivery_outcomes() {
  const auto& counted = delivery::delivery_metrics();
  return {counted.webhook_delivered.value(), counted.webhook_retrying.value(), counted.webhook_gave_up.value()};
}

struct ServeOptions {
  std::string database = "sqlite://./data/seatkeeper.db";
  std::string listen = "127.0.0.1:8080";
  std::string public_url = "http://127.0.0.1:8080";
  std::string mail_log;
  std::string secret;
  int io_threads = 2;
  int reader_threads = 2;
  int db_connections = 8;
  // outgoing e-mail over SMTP
  std::string smtp_url, smtp_username, smtp_password, smtp_from, smtp_ca_file;
  std::string smtp_starttls = "required";
  int smtp_timeout = 30;
  int retry_base_ms = 1000;
  int sweep_interval_ms = 30'000;
  std::string metrics_listen;  // empty: /metrics on the main listener
  std::string log_format;      // empty: text on a terminal, json otherwise
  std::string log_level = "info";
  // hardening
  bool allow_private_webhooks = false;
  std::string claim_rate_limit = "60/1";
  std::string api_rate_limit = "1000/100";
  std::vector<std::string> trusted_proxies;
  int max_connections = 10000;
  int idle_timeout = 60;
  std::string retention_outbox = "0", retention_delivery_logs = "30d", retention_sessions = "1d";
  int retention_interval_ms = 600'000;
  int access_log_flush_ms = 50;  // 0: each access line written at once
  std::string webhook_disable_after = "24h";
  // Reusable read answers (http/answer_cache, SQLite only); 0 entries or 0 MiB: none kept.
  int answer_cache_entries = 4096;
  int answer_cache_mb = 16;
};

[[noreturn]] void die(const std::string& message) {
  std::cerr << "seatkeeper serve: " << message << "\n";
  std::exit(2);
}

std::pair<std::string, unsigned short> split_listen(const std::string& listen, const std::string& flag = "--listen") {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) die(flag + " must be HOST:PORT");
  const std::string port_text = listen.substr(colon + 1);
  int port = 0;
  try {
    port = std::stoi(port_text);
  } catch (...) {
    die(flag + " port is not a number: " + port_text);
  }
  if (port < 0 || port > 65535) die(flag + " port out of range");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, static_cast<unsigned short>(port)};
}

// The development mail log, SMTP, both, or neither (then invitations are only recorded).
std::unique_ptr<delivery::Mailer> make_mailer(const ServeOptions& o) {
  std::vector<std::unique_ptr<delivery::Mailer>> mailers;
  if (!o.mail_log.empty()) mailers.push_back(std::make_unique<delivery::MailLogMailer>(o.mail_log));
  if (!o.smtp_url.empty()) {
    auto starttls = delivery::parse_starttls(o.smtp_starttls);
    if (!starttls) die(starttls.error().detail);
    delivery::SmtpSettings smtp{o.smtp_url, o.smtp_username, o.smtp_password, o.smtp_from, *starttls,
                                o.smtp_ca_file, std::chrono::seconds(o.smtp_timeout)};
    if (auto valid = delivery::validate_smtp_settings(smtp); !valid) die(valid.error().detail);
    mailers.push_back(std::make_unique<delivery::SmtpMailer>(std::move(smtp)));
  }
  if (mailers.empty()) return std::make_unique<delivery::DiscardMailer>();
  if (mailers.size() == 1) return std::move(mailers.front());
  return std::make_unique<delivery::MultiMailer>(std::move(mailers));
}

void configure_logging(const ServeOptions& o) {
  auto format = o.log_format.empty() ? std::optional(log::default_format()) : log::parse_format(o.log_format);
  if (!format) die("--log-format must be text or json");
  auto level = log::parse_level(o.log_level);
  if (!level) die("--log-level must be debug, info, warn or error");
  log::configure(*format, *level);
}

http::RequestLimitOptions request_limits(const ServeOptions& o) {
  http::RequestLimitOptions limits;
  auto claim = http::parse_rate_limit(o.claim_rate_limit);
  if (!claim) die("--claim-rate-limit: " + claim.error().detail);
  auto api = http::parse_rate_limit(o.api_rate_limit);
  if (!api) die("--api-rate-limit: " + api.error().detail);
  limits.claim = *claim;
  limits.api = *api;
  for (const auto& cidr : o.trusted_proxies) {
    auto network = parse_cidr(cidr);
    if (!network) die("--trusted-proxy must be an address or CIDR network, not '" + cidr + "'");
    limits.trusted_proxies.push_back(*network);
  }
  return limits;
}

RetentionSettings retention_settings(const ServeOptions& o) {
  RetentionSettings settings;
  for (auto [flag, text, target] : {std::tuple{"--retention-outbox", &o.retention_outbox, &settings.delivered_outbox},
                                    std::tuple{"--retention-delivery-logs", &o.retention_delivery_logs, &settings.delivery_logs},
                                    std::tuple{"--retention-sessions", &o.retention_sessions, &settings.expired_sessions}}) {
    // "0" keeps no delivered outbox row at all: each is deleted as it is delivered.
    auto age = target == &settings.delivered_outbox && *text == "0" ? std::chrono::seconds(0) : parse_duration(*text);
    if (!age) die(std::string(flag) + ": " + age.error().detail);
    *target = *age;
  }
  settings.interval = std::chrono::milliseconds(o.retention_interval_ms);
  return settings;
}

void serve(const ServeOptions& o) {
  configure_logging(o);
  if (!o.public_url.starts_with("http://") && !o.public_url.starts_with("https://"))
    die("--public-url must start with http:// or https://");
  auto secret = load_or_create_secret(o.secret, o.database);
  if (!secret) die(secret.error().detail);
  auto store = storage::open_store(o.database, {.reader_threads = o.reader_threads, .connections = o.db_connections});
  if (!store) die(store.error().detail);

  // libcurl's global state must be set up before any thread uses it.
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) die("cannot initialise libcurl");
  const RetryPolicy retry{.base = std::chrono::milliseconds(o.retry_base_ms)};
  const auto retention = retention_settings(o);
  const auto delivered_outbox =
      retention.delivered_outbox.count() > 0 ? domain::DeliveredOutbox::keep : domain::DeliveredOutbox::remove;
  auto mail = make_mailer(o);
  delivery::WorkerOptions mail_options{.retry = retry, .delivered = delivered_outbox};
  if (!o.smtp_url.empty()) {
    // Each SMTP send may take up to the timeout: a small batch, and a lease that outlasts it.
    mail_options.batch = 4;
    mail_options.lease = std::chrono::seconds(mail_options.batch * o.smtp_timeout + 30);
  }
  const std::string sealing_key = *secret;
  delivery::OutboxWorker mail_worker(**store, domain::kEmailOutboxTopic, [&](const domain::OutboxMessage& message) -> Status {
    auto plain = crypto::open(sealing_key, message.payload);
    if (!plain) return internal_error("cannot open sealed e-mail (was the secret changed?)");
    auto invitation = delivery::parse_invitation_mail(*plain);
    if (!invitation) return internal_error("malformed e-mail payload");
    return mail->send(*invitation);
  }, mail_options);
  mail_worker.start();
  delivery::WebhookDispatcherOptions webhook_options{.retry = retry, .delivered_outbox = delivered_outbox};
  webhook_options.http.allow_private_addresses = o.allow_private_webhooks;
  auto disable_after = parse_duration(o.webhook_disable_after);
  if (!disable_after) die("--webhook-disable-after: " + disable_after.error().detail);
  webhook_options.disable_failing_after = *disable_after;
  delivery::WebhookDispatcher webhooks(**store, sealing_key, webhook_options);
  webhooks.start();

  auto [host, port] = split_listen(o.listen);
  // The network threads use it; it is destroyed after the server and before the store closes.
  std::unique_ptr<http::AnswerCache> answers;
  if (o.answer_cache_entries > 0 && o.answer_cache_mb > 0)
    answers = std::make_unique<http::AnswerCache>(
        http::AnswerCacheLimits{static_cast<std::size_t>(o.answer_cache_entries),
                                static_cast<std::size_t>(o.answer_cache_mb) * 1024 * 1024});
  http::ServerOptions server_options{.host = host, .port = port, .io_threads = o.io_threads,
                                     .idle_timeout = std::chrono::seconds(o.idle_timeout),
                                     .max_connections = o.max_connections, .limits = request_limits(o),
                                     .answers = answers.get()};
  const delivery::OutboxSettings outbox{o.public_url, *secret};
  http::ApiConfig api{.secret = *secret,
                      .public_url = o.public_url,
                      .allow_private_webhooks = o.allow_private_webhooks,
                      .delivered_outbox = delivered_outbox,
                      .events = delivery::outbox_sinks(outbox),
                      .webhook_outcomes = delivery_outcomes,
                      .serve_metrics = o.metrics_listen.empty()};
  http::Server server(server_options, api, **store, [&mail_worker, &webhooks] {
    mail_worker.notify();
    webhooks.notify();
  });
  if (auto listening = server.listen(); !listening) die(listening.error().detail);
  // --metrics-listen: /metrics (and the health checks) on their own socket, off the API's.
  std::unique_ptr<http::Server> metrics_server;
  std::thread metrics_thread;
  if (!o.metrics_listen.empty()) {
    auto [metrics_host, metrics_port] = split_listen(o.metrics_listen, "--metrics-listen");
    http::ApiConfig metrics_only = api;
    metrics_only.serve_api = false;
    metrics_only.serve_metrics = true;
    metrics_server = std::make_unique<http::Server>(
        http::ServerOptions{.host = metrics_host, .port = metrics_port, .io_threads = 1}, metrics_only, **store,
        [] {});
    if (auto listening = metrics_server->listen(); !listening) die(listening.error().detail);
    log::info("serve.metrics_listening", "serving /metrics on its own listener",
              {{"address", "http://" + metrics_host + ":" + std::to_string(metrics_server->port())}});
    metrics_thread = std::thread([&metrics_server] { metrics_server->run(); });
  }
  SubscriptionSweeper sweeper(**store, outbox, [&api](Timestamp now) { return api.seat_context(now); },
                              std::chrono::milliseconds(o.sweep_interval_ms), [&mail_worker, &webhooks] {
                                mail_worker.notify();
                                webhooks.notify();
                              });
  sweeper.start();
  RetentionSweeper retention_sweeper(**store, retention);
  retention_sweeper.start();
  // A PostgreSQL URL may carry a password: name only the kind of store.
  log::info("serve.listening", "seatkeeper: listening",
            {{"address", "http://" + host + ":" + std::to_string(server.port())},
             {"database", o.database.starts_with("postgres") ? std::string("postgresql") : o.database}});
  {
    // Access lines are written in batches while the server runs; the batches end with it.
    std::optional<log::BatchedLines> access_log;
    if (o.access_log_flush_ms > 0) access_log.emplace(std::chrono::milliseconds(o.access_log_flush_ms));
    server.run();
    log::info("serve.stopping", "seatkeeper: shutting down");
    if (metrics_thread.joinable()) metrics_thread.join();
  }
  retention_sweeper.stop();
  sweeper.stop();
  webhooks.stop();
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
  cmd->add_option("--db-connections", o->db_connections, "PostgreSQL connections (and store threads) per instance: one writer, the rest read")
      ->envname("SEATKEEPER_DB_CONNECTIONS")->check(CLI::Range(1, 256));
  cmd->add_option("--smtp-url", o->smtp_url, "send invitations through this SMTP server: smtp://HOST[:PORT] or smtps://HOST[:PORT]")
      ->envname("SEATKEEPER_SMTP_URL");
  cmd->add_option("--smtp-username", o->smtp_username, "SMTP login (AUTH)")->envname("SEATKEEPER_SMTP_USERNAME");
  cmd->add_option("--smtp-password", o->smtp_password, "SMTP password (prefer the environment variable)")
      ->envname("SEATKEEPER_SMTP_PASSWORD");
  cmd->add_option("--smtp-from", o->smtp_from, "sender, e.g. 'Acme <noreply@acme.example>'")->envname("SEATKEEPER_SMTP_FROM");
  cmd->add_option("--smtp-starttls", o->smtp_starttls, "smtp:// only: required (default) or none (plain text, local relays only)")
      ->envname("SEATKEEPER_SMTP_STARTTLS");
  cmd->add_option("--smtp-ca-file", o->smtp_ca_file, "PEM file of extra CA certificates trusted for the SMTP server")
      ->envname("SEATKEEPER_SMTP_CA_FILE");
  cmd->add_option("--smtp-timeout", o->smtp_timeout, "seconds one SMTP send may take")
      ->envname("SEATKEEPER_SMTP_TIMEOUT")->check(CLI::Range(1, 600));
  cmd->add_option("--retry-base-ms", o->retry_base_ms,
                  "first retry delay of webhooks and e-mail; doubles per failure up to an hour, for a day")
      ->envname("SEATKEEPER_RETRY_BASE_MS")->check(CLI::Range(1, 3600000));
  cmd->add_option("--sweep-interval-ms", o->sweep_interval_ms,
                  "how often subscriptions whose scheduled cancellation has come are ended")
      ->envname("SEATKEEPER_SWEEP_INTERVAL_MS")->check(CLI::Range(10, 86'400'000));
  cmd->add_option("--metrics-listen", o->metrics_listen,
                  "serve /metrics only on this HOST:PORT instead of on the main listener")
      ->envname("SEATKEEPER_METRICS_LISTEN");
  cmd->add_option("--log-format", o->log_format, "text or json (default: text on a terminal, json otherwise)")
      ->envname("SEATKEEPER_LOG_FORMAT");
  cmd->add_option("--log-level", o->log_level, "debug, info, warn or error")->envname("SEATKEEPER_LOG_LEVEL");
  cmd->add_option("--answer-cache-entries", o->answer_cache_entries,
                  "list and claim-info answers kept in memory at most (SQLite only; 0: none)")
      ->envname("SEATKEEPER_ANSWER_CACHE_ENTRIES")->check(CLI::Range(0, 10'000'000))->capture_default_str();
  cmd->add_option("--answer-cache-mb", o->answer_cache_mb, "memory those kept answers may take, in MiB (0: none)")
      ->envname("SEATKEEPER_ANSWER_CACHE_MB")->check(CLI::Range(0, 65536))->capture_default_str();
  cmd->add_option("--access-log-flush-ms", o->access_log_flush_ms,
                  "access lines are written in batches this often (and on shutdown); 0 writes each at once")
      ->envname("SEATKEEPER_ACCESS_LOG_FLUSH_MS")->check(CLI::Range(0, 3'600'000));
  cmd->add_flag("--allow-private-webhooks", o->allow_private_webhooks,
                "let webhooks reach loopback, private and link-local addresses (local development and tests only)")
      ->envname("SEATKEEPER_ALLOW_PRIVATE_WEBHOOKS");
  cmd->add_option("--claim-rate-limit", o->claim_rate_limit,
                  "per client address on the public claim routes: BURST/PER_SECOND, or off")
      ->envname("SEATKEEPER_CLAIM_RATE_LIMIT")->capture_default_str();
  cmd->add_option("--api-rate-limit", o->api_rate_limit, "per access token on the merchant API: BURST/PER_SECOND, or off")
      ->envname("SEATKEEPER_API_RATE_LIMIT")->capture_default_str();
  cmd->add_option("--trusted-proxy", o->trusted_proxies,
                  "address or CIDR of a reverse proxy whose X-Forwarded-For names the client (repeatable)")
      ->envname("SEATKEEPER_TRUSTED_PROXY")->delimiter(',');
  cmd->add_option("--max-connections", o->max_connections, "open client connections at most; more wait in the backlog")
      ->envname("SEATKEEPER_MAX_CONNECTIONS")->check(CLI::Range(1, 1'000'000))->capture_default_str();
  cmd->add_option("--idle-timeout", o->idle_timeout,
                  "seconds a connection may take to send a whole request (or to read an answer), and may idle between requests")
      ->envname("SEATKEEPER_IDLE_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  cmd->add_option("--webhook-disable-after", o->webhook_disable_after,
                  "disable a webhook endpoint whose deliveries have failed this long without a success")
      ->envname("SEATKEEPER_WEBHOOK_DISABLE_AFTER")->capture_default_str();
  cmd->add_option("--retention-outbox", o->retention_outbox, "keep delivered outbox rows this long (e.g. 7d); 0 deletes each as it is delivered")
      ->envname("SEATKEEPER_RETENTION_OUTBOX")->capture_default_str();
  cmd->add_option("--retention-delivery-logs", o->retention_delivery_logs, "delete webhook delivery logs this old")
      ->envname("SEATKEEPER_RETENTION_DELIVERY_LOGS")->capture_default_str();
  cmd->add_option("--retention-sessions", o->retention_sessions, "delete sessions this long after they expired")
      ->envname("SEATKEEPER_RETENTION_SESSIONS")->capture_default_str();
  cmd->add_option("--retention-interval-ms", o->retention_interval_ms, "how often the retention job runs")
      ->envname("SEATKEEPER_RETENTION_INTERVAL_MS")->check(CLI::Range(10, 86'400'000))->capture_default_str();
  cmd->callback([o] { serve(*o); });
}

}  // namespace sk::app
