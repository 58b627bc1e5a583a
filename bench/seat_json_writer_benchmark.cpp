// Seat JSON written straight into its string (json/seat_json_writer) against the Boost.JSON DOM
// it replaces on the hot routes (BM_SeatJson / BM_SeatJsonArena in seat_benchmark.cpp), in the same
// run: one seat, the list answer of 10 seats, and the claim-info answer.
#include <benchmark/benchmark.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/crypto.hpp"
#include "json/model_json.hpp"
#include "json/seat_json_writer.hpp"

namespace {

using namespace sk;

// A pending seat as the list-seats scenario of `make bench` shows it (no member, no metadata),
// or a claimed one with its member and metadata.
domain::SeatView bench_seat(bool claimed) {
  domain::SeatView v;
  v.seat.id = crypto::uuid_v4();
  v.seat.created_at = now_utc();
  v.seat.container_id = crypto::uuid_v4();
  v.seat.email = "member-" + crypto::uuid_v4().substr(0, 8) + "@example.com";
  v.seat.invitation_token_expires_at = now_utc();
  v.customer_email = v.seat.email;
  if (claimed) {
    v.seat.status = domain::SeatStatus::claimed;
    v.seat.customer_id = crypto::uuid_v4();
    v.seat.member_id = crypto::uuid_v4();
    v.seat.claimed_at = now_utc();
    v.seat.metadata_json = R"({"role":"admin","department":"engineering"})";
    v.member = domain::Member{*v.seat.member_id, *v.seat.customer_id, crypto::uuid_v4(), *v.seat.email,
                              std::nullopt, std::nullopt, "member", now_utc(), std::nullopt};
  }
  return v;
}

domain::SeatsList bench_list() {
  domain::SeatsList list;
  for (int i = 0; i < 10; ++i) list.seats.push_back(bench_seat(false));
  list.available_seats = 0;
  list.total_seats = 10;
  return list;
}

void BM_SeatWriter(benchmark::State& state) {
  const auto seat = bench_seat(true);
  for (auto _ : state) benchmark::DoNotOptimize(json::seat_text(seat));
}
BENCHMARK(BM_SeatWriter);

// What answer() did for these shapes: the DOM built in a stack arena, then serialised.
template <class Value, class Shape>
void serialise_in_arena(benchmark::State& state, const Value& value, Shape shape) {
  for (auto _ : state) {
    unsigned char arena[8192];
    boost::json::monotonic_resource resource(arena, sizeof arena);
    benchmark::DoNotOptimize(boost::json::serialize(shape(value, &resource)));
  }
}

void BM_SeatsListArena(benchmark::State& state) { serialise_in_arena(state, bench_list(), json::seats_list_json); }
BENCHMARK(BM_SeatsListArena);

void BM_SeatsListWriter(benchmark::State& state) {
  const auto list = bench_list();
  for (auto _ : state) benchmark::DoNotOptimize(json::seats_list_text(list));
}
BENCHMARK(BM_SeatsListWriter);

domain::SeatClaimInfo bench_claim_info() {
  return {"Team plan", crypto::uuid_v4(), "Acme Inc.", "acme", "billing@acme.example", true};
}

void BM_ClaimInfoArena(benchmark::State& state) {
  serialise_in_arena(state, bench_claim_info(), json::claim_info_json);
}
BENCHMARK(BM_ClaimInfoArena);

void BM_ClaimInfoWriter(benchmark::State& state) {
  const auto info = bench_claim_info();
  for (auto _ : state) benchmark::DoNotOptimize(json::claim_info_text(info));
}
BENCHMARK(BM_ClaimInfoWriter);

}  // namespace
