// A page of seats against the full list, in a small and a large subscription: a page must cost
// the same whatever the container's size (the index yields it), where the full list grows.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "crypto/crypto.hpp"
#include "domain/seat_service.hpp"
#include "storage/store.hpp"

namespace {

using namespace sk;

// A fresh SQLite store holding one subscription with `seats` seats: all pending, or mixed as a
// subscription that has lived a while (1 in 100 pending, a third revoked, the rest claimed).
struct PageFixture {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("sk-bench-" + crypto::uuid_v4());
  std::unique_ptr<storage::Store> store;
  domain::Organization org{crypto::uuid_v4(), "Bench", "bench", true, now_utc()};
  domain::Id subscription = crypto::uuid_v4();

  explicit PageFixture(int seats, bool mixed = false) {
    store = std::move(*storage::open_store((dir / "bench.db").string(), {.reader_threads = 1}));
    const domain::Customer customer{crypto::uuid_v4(), org.id, "billing@bench.example", std::nullopt, std::nullopt,
                                    now_utc(), std::nullopt};
    const domain::Product product{crypto::uuid_v4(), org.id, "Plan", true, 1, std::nullopt, now_utc()};
    const domain::SeatContainer sub{domain::ContainerKind::subscription, subscription, org.id, customer.id, product.id,
                                    seats, "active", now_utc()};
    (void)store->write_now([&](domain::Repository& r) {
      if (!(r.insert_organization(org) && r.insert_customer(customer) && r.insert_product(product) &&
            r.insert_container(sub)))
        return false;
      for (int i = 0; i < seats; ++i) {
        domain::Seat s;
        s.id = crypto::uuid_v4();
        s.created_at = now_utc();
        s.container_id = subscription;
        s.organization_id = org.id;
        s.customer_id = customer.id;
        s.email = "m" + std::to_string(i) + "@bench.example";
        if (mixed)
          s.status = i % 100 == 0 ? domain::SeatStatus::pending
                     : i % 3 == 0 ? domain::SeatStatus::revoked
                                  : domain::SeatStatus::claimed;
        if (!r.insert_seat(s)) return false;
      }
      return true;
    });
  }
  ~PageFixture() {
    store->close();
    std::filesystem::remove_all(dir);
  }
};

void BM_SeatListFull(benchmark::State& state) {
  PageFixture f(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    (void)f.store->read_now([&](domain::Repository& repo) {
      benchmark::DoNotOptimize(domain::list_seats(repo, f.org, domain::ContainerKind::subscription, f.subscription));
    });
  }
}
BENCHMARK(BM_SeatListFull)->Arg(50)->Arg(5000)->Unit(benchmark::kMicrosecond);

// Page 2 of 10 seats, with a status filter (the common "who is still pending" view).
void BM_SeatPage(benchmark::State& state) {
  PageFixture f(static_cast<int>(state.range(0)));
  domain::SeatFilter pending;
  pending.want(domain::SeatStatus::pending);
  for (auto _ : state) {
    (void)f.store->read_now([&](domain::Repository& repo) {
      benchmark::DoNotOptimize(domain::list_seat_page(repo, f.org, domain::ContainerKind::subscription, f.subscription,
                                                      pending, domain::PageRequest{2, 10, false}));
    });
  }
}
BENCHMARK(BM_SeatPage)->Arg(50)->Arg(5000)->Unit(benchmark::kMicrosecond);

// Page 1 of 10 in a mixed subscription: the few pending seats, and the seats still held
// (pending + claimed, the revoked ones left out). Neither may cost more with 100x the seats.
void seat_page_of(benchmark::State& state, unsigned statuses) {
  PageFixture f(static_cast<int>(state.range(0)), true);
  domain::SeatFilter filter;
  filter.statuses = statuses;
  for (auto _ : state) {
    (void)f.store->read_now([&](domain::Repository& repo) {
      benchmark::DoNotOptimize(domain::list_seat_page(repo, f.org, domain::ContainerKind::subscription, f.subscription,
                                                      filter, domain::PageRequest{1, 10, false}));
    });
  }
}
void BM_SeatPagePending(benchmark::State& state) {
  seat_page_of(state, domain::SeatFilter::status_bit(domain::SeatStatus::pending));
}
void BM_SeatPageHeld(benchmark::State& state) {
  seat_page_of(state, domain::SeatFilter::status_bit(domain::SeatStatus::pending) |
                          domain::SeatFilter::status_bit(domain::SeatStatus::claimed));
}
BENCHMARK(BM_SeatPagePending)->Arg(500)->Arg(50000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SeatPageHeld)->Arg(500)->Arg(50000)->Unit(benchmark::kMicrosecond);

}  // namespace
