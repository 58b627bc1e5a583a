#include "http/metrics_exposition.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

#include "common/process_stats.hpp"
#include "http/http_metrics.hpp"
#include "http/answer_cache.hpp"
#include "storage/store_metrics.hpp"

namespace sk::http {

namespace {

// Label sets are written by the caller as already-escaped text: `{a="b",c="d"}`.
class Exposition {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }

  void sample(std::string_view name, std::string_view labels, double value) {
    out_ += name;
    out_ += labels;
    out_ += ' ';
    number(value);
    out_ += '\n';
  }

  void histogram(std::string_view name, std::string_view labels, const metrics::Histogram& h) {
    const auto s = h.snapshot();
    const std::string bucket = std::string(name) + "_bucket";
    for (std::size_t i = 0; i <= s.bounds.size(); ++i) {
      std::string le = labels.empty() ? "{" : std::string(labels.substr(0, labels.size() - 1)) + ",";
      le += "le=\"";
      if (i < s.bounds.size()) le += format(s.bounds[i]);
      else le += "+Inf";
      le += "\"}";
      sample(bucket, le, static_cast<double>(s.cumulative[i]));
    }
    sample(std::string(name) + "_sum", labels, s.sum);
    sample(std::string(name) + "_count", labels, static_cast<double>(s.cumulative.back()));
  }

  static std::string format(double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general);
    return std::string(buf, end);
  }

  std::string take() { return std::move(out_); }

 private:
  void number(double v) { out_ += format(v); }
  std::string out_;
};

std::string label_value(std::string_view v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string labels(std::initializer_list<std::pair<std::string_view, std::string_view>> pairs) {
  std::string out = "{";
  for (const auto& [k, v] : pairs) {
    if (out.size() > 1) out += ',';
    out += k;
    out += "=\"";
    out += label_value(v);
    out += '"';
  }
  out += '}';
  return out;
}

// Every expected key appears (0 when the database has none), then any other key it reported.
void key_counts(Exposition& e, std::string_view name, std::string_view label,
                const std::vector<domain::KeyCount>& counts, std::initializer_list<std::string_view> expected) {
  for (auto key : expected) {
    double value = 0;
    for (const auto& [k, n] : counts)
      if (k == key) value = static_cast<double>(n);
    e.sample(name, labels({{label, key}}), value);
  }
  for (const auto& [k, n] : counts)
    if (std::find(expected.begin(), expected.end(), k) == expected.end())
      e.sample(name, labels({{label, k}}), static_cast<double>(n));
}

}  // namespace

std::string render_metrics(const DatabaseCounts& db, const WebhookOutcomes& webhooks) {
  Exposition e;
  const auto& http = HttpMetrics::instance();

  e.family("seatkeeper_http_requests_total", "counter", "HTTP requests answered, by method, route template and status.");
  http.each_request_count([&](const HttpMetrics::Series& s) {
    e.sample("seatkeeper_http_requests_total",
             labels({{"method", s.method}, {"route", s.route}, {"status", std::to_string(s.status)}}),
             static_cast<double>(s.count));
  });

  e.family("seatkeeper_http_request_duration_seconds", "histogram",
           "Time from a parsed request to its answer being written, by route template.");
  http.each_duration([&](std::string_view route, const metrics::Histogram& h) {
    if (h.snapshot().cumulative.back() > 0) e.histogram("seatkeeper_http_request_duration_seconds", labels({{"route", route}}), h);
  });

  const auto& store = storage::store_metrics();
  e.family("seatkeeper_store_commit_batch_size", "histogram",
           "Write jobs per commit (group commit, both stores).");
  e.histogram("seatkeeper_store_commit_batch_size", "", store.commit_batch_size);

  e.family("seatkeeper_store_queue_depth", "gauge", "Store jobs waiting for a store thread, by queue.");
  e.sample("seatkeeper_store_queue_depth", labels({{"queue", "read"}}), static_cast<double>(store.read_queue.value()));
  e.sample("seatkeeper_store_queue_depth", labels({{"queue", "write"}}), static_cast<double>(store.write_queue.value()));
  e.sample("seatkeeper_store_queue_depth", labels({{"queue", "postgres_pool"}}),
           static_cast<double>(store.pool_queue.value()));

  const auto& answers = answer_cache_metrics();
  e.family("seatkeeper_answer_cache_lookups_total", "counter",
           "Reusable read answers (seat lists, claim info) looked up in memory, by result.");
  e.sample("seatkeeper_answer_cache_lookups_total", labels({{"result", "hit"}}), static_cast<double>(answers.hits.value()));
  e.sample("seatkeeper_answer_cache_lookups_total", labels({{"result", "miss"}}), static_cast<double>(answers.misses.value()));
  e.family("seatkeeper_answer_cache_evictions_total", "counter", "Kept answers dropped to stay within the cache's limits.");
  e.sample("seatkeeper_answer_cache_evictions_total", "", static_cast<double>(answers.evictions.value()));
  e.family("seatkeeper_answer_cache_entries", "gauge", "Answers kept in memory.");
  e.sample("seatkeeper_answer_cache_entries", "", static_cast<double>(answers.entries.value()));
  e.family("seatkeeper_answer_cache_bytes", "gauge", "Memory the kept answers take (an estimate, in bytes).");
  e.sample("seatkeeper_answer_cache_bytes", "", static_cast<double>(answers.bytes.value()));

  if (db.pending_outbox_by_topic) {
    e.family("seatkeeper_outbox_pending", "gauge", "Outbox messages not yet delivered, by topic.");
    key_counts(e, "seatkeeper_outbox_pending", "topic", *db.pending_outbox_by_topic, {"email", "webhook_event"});
  }

  e.family("seatkeeper_webhook_deliveries_total", "counter", "Webhook delivery attempts by this process, by outcome.");
  e.sample("seatkeeper_webhook_deliveries_total", labels({{"outcome", "delivered"}}),
           static_cast<double>(webhooks.delivered));
  e.sample("seatkeeper_webhook_deliveries_total", labels({{"outcome", "retrying"}}),
           static_cast<double>(webhooks.retrying));
  e.sample("seatkeeper_webhook_deliveries_total", labels({{"outcome", "gave_up"}}),
           static_cast<double>(webhooks.gave_up));

  if (db.seats_by_status) {
    e.family("seatkeeper_seats", "gauge", "Seats in the database, by status.");
    key_counts(e, "seatkeeper_seats", "status", *db.seats_by_status, {"pending", "claimed", "revoked"});
  }

  if (const auto p = read_process_stats()) {
    e.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    e.sample("process_resident_memory_bytes", "", p->resident_memory_bytes);
    e.family("process_open_fds", "gauge", "Number of open file descriptors.");
    e.sample("process_open_fds", "", p->open_fds);
    e.family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.");
    e.sample("process_start_time_seconds", "", p->start_time_seconds);
    e.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
    e.sample("process_cpu_seconds_total", "", p->cpu_seconds);
  }
  return e.take();
}

}  // namespace sk::http
