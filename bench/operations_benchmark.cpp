// What observability adds to every request: counting it in /metrics (relaxed atomic adds) and
// formatting its JSON access-log line, beside serialising one seat (BM_SeatJson, the cheapest
// piece of real work a request does) in the same run.
#include <benchmark/benchmark.h>

#include "common/log.hpp"
#include "http/http_metrics.hpp"
#include "http/routes.hpp"

namespace {

using namespace sk;

void BM_RecordRequest(benchmark::State& state) {
  const auto& route = http::all_routes().at(1);
  auto& metrics = http::HttpMetrics::instance();
  for (auto _ : state) metrics.record(&route, route.method, 200, 0.0004);
}
BENCHMARK(BM_RecordRequest)->Threads(1)->Threads(2);

void BM_AccessLogLine(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(log::format_line(log::Format::json, log::Level::info, "http.request", "",
                                              {{"method", "GET"},
                                               {"route", "/v1/customer-seats"},
                                               {"status", 200},
                                               {"duration_ms", 0.42},
                                               {"bytes", std::size_t{345}}},
                                              "4f1c2a9e0b7d4c3e8a6f5d2b1c0e9f8a"));
}
BENCHMARK(BM_AccessLogLine);

}  // namespace
