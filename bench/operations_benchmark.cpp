// What observability adds to every request, measured against the same request path without it
// in the same run (docs/performance.md):
//  - BM_AdmitRequest: the network thread's own work for GET /v1/customer-seats?subscription_id=…
//    (Polar-Version gate, target parsing, routing), no metrics, no log;
//  - BM_AdmitRequestCounted: the same plus the request id, the timing and the /metrics counting
//    (begin_request / finish_request) with the access log off (--log-level warn);
//  - BM_AdmitRequestCountedLogged: the same with the JSON access-log line written (to stderr,
//    which bench/run.sh sends to /dev/null);
//  - BM_RecordRequest: the counting alone (relaxed atomic adds), on 1 and 2 threads.
#include <benchmark/benchmark.h>

#include <string>

#include "common/log.hpp"
#include "http/http_metrics.hpp"
#include "http/request_gate.hpp"
#include "http/request_trace.hpp"
#include "http/routes.hpp"

namespace {

using namespace sk;

http::RawRequest list_seats_request() {
  return {.method = "GET",
          .target = "/v1/customer-seats?subscription_id=3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f",
          .polar_version = "",
          .authorization = "Bearer polar_oat_0123456789abcdef0123456789abcdef",
          .content_type = "",
          .body = ""};
}

void admit(benchmark::State& state, bool counted, log::Level level) {
  log::configure(log::Format::json, level);
  const auto raw = list_seats_request();
  for (auto _ : state) {
    std::string version;
    if (!counted) {
      auto admitted = http::admit_request(raw, version);
      benchmark::DoNotOptimize(admitted);
      continue;
    }
    http::RequestTrace trace = http::begin_request("", raw.method);
    auto admitted = http::admit_request(raw, version);
    benchmark::DoNotOptimize(admitted);
    trace.route = admitted->match.route;
    http::finish_request(trace, 200, 345);
  }
  log::configure(log::Format::json, log::Level::info);
}

void BM_AdmitRequest(benchmark::State& state) { admit(state, false, log::Level::warn); }
BENCHMARK(BM_AdmitRequest);

void BM_AdmitRequestCounted(benchmark::State& state) { admit(state, true, log::Level::warn); }
BENCHMARK(BM_AdmitRequestCounted);

void BM_AdmitRequestCountedLogged(benchmark::State& state) { admit(state, true, log::Level::info); }
BENCHMARK(BM_AdmitRequestCountedLogged);

void BM_RecordRequest(benchmark::State& state) {
  const auto& route = http::all_routes().at(1);
  auto& metrics = http::HttpMetrics::instance();
  for (auto _ : state) metrics.record(&route, route.method, 200, 0.0004);
}
BENCHMARK(BM_RecordRequest)->Threads(1)->Threads(2);

}  // namespace
