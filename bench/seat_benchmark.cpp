// Micro-benchmarks of the hot paths: seat JSON, token hashing, and the durable write path with
// one commit per write against group commit (the same store, the same jobs).
#include <benchmark/benchmark.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <future>

#include <sys/resource.h>

#include "crypto/crypto.hpp"
#include "delivery/outbox_sink.hpp"
#include "domain/seat_service.hpp"
#include "json/model_json.hpp"
#include "storage/store.hpp"

namespace {

using namespace sk;

domain::SeatView sample_seat() {
  domain::SeatView v;
  v.seat.id = crypto::uuid_v4();
  v.seat.created_at = now_utc();
  v.seat.container_id = crypto::uuid_v4();
  v.seat.customer_id = crypto::uuid_v4();
  v.seat.member_id = crypto::uuid_v4();
  v.seat.email = "alice@example.com";
  v.seat.invitation_token_expires_at = now_utc();
  v.seat.metadata_json = R"({"role":"admin","department":"engineering"})";
  v.member = domain::Member{*v.seat.member_id, *v.seat.customer_id, crypto::uuid_v4(), "alice@example.com",
                            std::nullopt, std::nullopt, "member", now_utc(), std::nullopt};
  v.customer_email = v.seat.email;
  return v;
}

void BM_SeatJson(benchmark::State& state) {
  const auto seat = sample_seat();
  for (auto _ : state) benchmark::DoNotOptimize(boost::json::serialize(json::seat_json(seat)));
}
BENCHMARK(BM_SeatJson);

void BM_SeatJsonArena(benchmark::State& state) {
  const auto seat = sample_seat();
  for (auto _ : state) {
    unsigned char arena[8192];
    boost::json::monotonic_resource resource(arena, sizeof arena);
    benchmark::DoNotOptimize(boost::json::serialize(json::seat_json(seat, &resource)));
  }
}
BENCHMARK(BM_SeatJsonArena);

void BM_TokenHash(benchmark::State& state) {
  const domain::SeatContext ctx{now_utc(), "bench-secret"};
  const std::string token = crypto::url_safe_token();
  for (auto _ : state) benchmark::DoNotOptimize(domain::token_hash(ctx, token));
}
BENCHMARK(BM_TokenHash);

// A store with one organization and a huge subscription, in a fresh temporary file.
struct WriteFixture {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("sk-bench-" + crypto::uuid_v4());
  std::unique_ptr<storage::Store> store;
  domain::Organization org{crypto::uuid_v4(), "Bench", "bench", true, now_utc()};
  domain::Id subscription = crypto::uuid_v4();
  delivery::OutboxSettings outbox{"http://bench.example", "bench-secret"};
  int counter = 0;

  WriteFixture() {
    store = std::move(*storage::open_store((dir / "bench.db").string(), {.reader_threads = 1}));
    const domain::Customer customer{crypto::uuid_v4(), org.id, "billing@bench.example", std::nullopt, std::nullopt, now_utc(), std::nullopt};
    const domain::Product product{crypto::uuid_v4(), org.id, "Plan", true, 1, std::nullopt, now_utc()};
    const domain::SeatContainer sub{domain::ContainerKind::subscription, subscription, org.id, customer.id, product.id,
                                    100'000'000, "active", now_utc()};
    (void)store->write_now([&](domain::Repository& r) {
      return r.insert_organization(org) && r.insert_customer(customer) && r.insert_product(product) && r.insert_container(sub);
    });
  }
  ~WriteFixture() {
    store->close();
    std::filesystem::remove_all(dir);
  }
  storage::Store::WriteJob assign_job() {
    domain::SeatAssignRequest req;
    req.subscription_id = subscription;
    req.email = "m" + std::to_string(++counter) + "@bench.example";
    // Assign, then revoke what was assigned: the steady state of a busy subscription, where
    // revoked rows are recycled and the container does not grow.
    return [this, req](domain::Repository& repo) {
      const Timestamp now = now_utc();
      const domain::SeatContext ctx{now, "bench-secret"};
      delivery::OutboxSink sink(repo, outbox, now);
      auto seat = domain::assign_seat(repo, sink, ctx, org, req);
      return seat && domain::revoke_seat(repo, sink, ctx, org, seat->seat.id).has_value();
    };
  }
};

// One assign+revoke job at a time: every job waits for its own fsync.
void BM_AssignRevokeOneCommitEach(benchmark::State& state) {
  WriteFixture f;
  for (auto _ : state) (void)f.store->write_now(f.assign_job());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AssignRevokeOneCommitEach)->UseRealTime()->Unit(benchmark::kMicrosecond);

// CPU seconds (user + system) of the whole process so far: on a shared machine the CPU a job
// costs says more than the wall clock, which other people's work stretches.
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// 64 jobs in flight, as under concurrent requests: the writer commits them in groups.
void BM_AssignRevokeGroupCommit(benchmark::State& state) {
  WriteFixture f;
  constexpr int kInFlight = 64;
  const double cpu_before = process_cpu_seconds();
  for (auto _ : state) {
    std::vector<std::promise<void>> done(kInFlight);
    std::vector<std::future<void>> waits;
    for (auto& d : done) waits.push_back(d.get_future());
    for (auto& d : done) f.store->write(f.assign_job(), [&d](Status) { d.set_value(); });
    for (auto& w : waits) w.wait();
  }
  state.SetItemsProcessed(state.iterations() * kInFlight);
  state.counters["cpu_us_per_job"] =
      (process_cpu_seconds() - cpu_before) * 1e6 / static_cast<double>(state.iterations() * kInFlight);
}
BENCHMARK(BM_AssignRevokeGroupCommit)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
