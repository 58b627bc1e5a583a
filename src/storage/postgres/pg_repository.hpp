// domain::Repository over one PostgreSQL connection. Like the SQLite repository it runs no
// transactions of its own: the store wraps every job in one. Most methods are the shared
// SqlRepository (storage/common/sql_repository.hpp, instantiated in pg_repository.cpp); this
// class adds what PostgreSQL does its own way, in pg_repository_<area>.cpp files.
//
// Races between instances: the domain reads, decides, then writes. In write jobs (lock_rows)
// the reads that a decision rests on take row locks so concurrent jobs on other connections (or
// other instances) serialise on them under READ COMMITTED:
//  - find_container locks the subscription/order row: capacity checks of one container run one
//    at a time, and each sees the seats the previous one committed;
//  - find_seat and find_seat_by_token_hash lock the seat row: a claim waiting behind another
//    re-evaluates its WHERE clause once the first commits, no longer finds the (cleared) token,
//    and fails, so an invitation is claimed once; revoke and resend serialise the same way.
// Inserts that may hit a unique constraint use ON CONFLICT DO NOTHING and report a lost race as
// ErrorKind::conflict without aborting the transaction, so the domain can re-read and go on.
//
// Round trips (pg_repository_lookups.cpp): lookups the domain makes one after the other are
// answered by one statement or one pipeline, and the second answer is kept until asked for: a
// token comes with its organization, a seat found by its invitation token with its
// organization, a container with its product and occupied count, a read job's seat list with the
// seats' members. A kept answer serves only the very next call that asks for it, and only if no
// round trip ran in between (nothing can have changed it). The writer's repository defers the
// append-only inserts (outbox, seat history): they go with the job's next round trip.
#pragma once

#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/repository.hpp"
#include "storage/common/repository_overrides.hpp"
#include "storage/common/sql_repository.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace sk::storage {
extern template class SqlRepository<postgres::Connection>;
extern template class SqlUpkeep<postgres::Connection>;
}  // namespace sk::storage

namespace sk::storage::postgres {

// One answer fetched ahead of the call that wants it: served once, to a call with the same key,
// while the connection has made no round trip since.
template <class Key, class Value>
class Prefetched {
 public:
  void keep(Key key, Value value, long long round_trip) { slot_.emplace(Slot{std::move(key), std::move(value), round_trip}); }
  std::optional<Value> take(const Key& key, long long round_trip) {
    std::optional<Slot> slot = std::exchange(slot_, std::nullopt);
    if (!slot || slot->round_trip != round_trip || !(slot->key == key)) return std::nullopt;
    return std::move(slot->value);
  }

 private:
  struct Slot {
    Key key;
    Value value;
    long long round_trip;
  };
  std::optional<Slot> slot_;
};

class PgRepository final : public SqlRepository<Connection> {
 public:
  // lock_rows: the repository serves a write job (SELECT ... FOR UPDATE where noted above).
  // defer_appends: outbox and seat-history inserts wait for the job's next round trip; whoever
  // runs the job must send what is left deferred when it ends (the writer does).
  PgRepository(Connection& connection, bool lock_rows, bool defer_appends = false)
      : SqlRepository(connection, lock_rows), defer_appends_(defer_appends) {}

  // The connection underneath (the job's transaction), for storage/upkeep.hpp.
  Connection& connection() { return db_; }

  SK_BACKEND_REPOSITORY_OVERRIDES

  // Shared methods done here in fewer round trips (pg_repository_lookups.cpp).
  Result<std::optional<domain::AccessToken>> find_access_token(const std::string& token_hash) override;
  Result<std::optional<domain::Organization>> find_organization(const domain::Id&) override;
  Result<std::optional<domain::SeatContainer>> find_container(domain::ContainerKind, const domain::Id& organization_id,
                                                              const domain::Id& id) override;
  Result<std::optional<domain::Product>> find_product(const domain::Id& organization_id, const domain::Id& id) override;
  Result<std::vector<domain::Member>> find_seat_members(domain::ContainerKind, const domain::Id& container_id) override;
  Result<std::optional<domain::Member>> find_member(const domain::Id&) override;
  Status append_outbox(const domain::OutboxMessage&) override;
  Status append_seat_event(const domain::SeatHistoryEvent&) override;

  // Read jobs only (pg_repository_lookups.cpp): the bearer's token, its organization, the
  // container, its product and its seats with their members come in one round trip.
  void expect_seat_list(domain::ContainerKind, const domain::Id& container_id) override;

 private:
  using ContainerKey = std::pair<domain::ContainerKind, domain::Id>;
  using OwnedContainerKey = std::tuple<domain::ContainerKind, domain::Id, domain::Id>;  // (kind, organization, id)
  long long round_trip() const { return db_.round_trips(); }
  Status defer_append(std::string_view sql, std::vector<Param> params);
  // Reads, from `result`'s first row, an access token and the organization joined after it, and
  // keeps the organization for find_organization.
  Result<std::optional<domain::AccessToken>> read_token_with_organization(const PgResult& result);
  // Reads a container (SK_CONTAINER_COLUMNS, occupied_seats; NULLs when there is none) from
  // `container_column` of `result`'s first row and its product from `product_column`, and keeps
  // the occupied count and the product for the calls that follow.
  Result<std::optional<domain::SeatContainer>> read_container_with_product(domain::ContainerKind, const domain::Id& organization_id,
                                                                           const PgResult& result, int container_column,
                                                                           int product_column);
  Result<std::optional<domain::AccessToken>> find_token_and_seat_list(const std::string& token_hash, ContainerKey list);
  Result<std::optional<domain::Seat>> find_seat_for_claim_info(const std::string& token_hash);

  bool defer_appends_;
  Prefetched<domain::Id, std::optional<domain::Organization>> organization_;
  Prefetched<std::pair<domain::Id, domain::Id>, std::optional<domain::Product>> product_;  // (organization, product)
  Prefetched<ContainerKey, int> occupied_;
  Prefetched<ContainerKey, std::vector<domain::Member>> seat_members_;
  std::optional<ContainerKey> expected_list_;
  Prefetched<OwnedContainerKey, std::optional<domain::SeatContainer>> container_;
  Prefetched<ContainerKey, std::vector<domain::Seat>> seats_;
  Prefetched<domain::Id, std::optional<domain::Member>> member_;
};

}  // namespace sk::storage::postgres
