// Lookups the domain makes one after the other, answered by one statement: a container's seats
// with their members (a seat list asks for both), an access token with its organization (every
// authenticated request asks for both), a seat found by its invitation token with its
// organization (claim info and claims ask for both). The second answer is kept for the call that wants it,
// which gets it only inside the same job and transaction, with no row changed on this connection
// since (nothing else can change what a transaction sees); otherwise it runs its own statement.
#include <algorithm>
#include <string_view>
#include <utility>

#include "storage/common/rows.hpp"
#include "storage/common/statements.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

constexpr int column_count(std::string_view columns) {
  return static_cast<int>(std::ranges::count(columns, ',')) + 1;
}
constexpr int kSeatColumns = column_count(SK_SEAT_COLUMNS);
constexpr int kTokenColumns = column_count(SK_ACCESS_TOKEN_COLUMNS);

// A row read from column `first` on, so the shared readers map the second table of a join.
struct ColumnsFrom {
  const Query& q;
  int first;
  bool is_null(int c) const { return q.is_null(first + c); }
  long long int64(int c) const { return q.int64(first + c); }
  bool boolean(int c) const { return q.boolean(first + c); }
  std::string text(int c) const { return q.text(first + c); }
  std::optional<long long> opt_int64(int c) const { return q.opt_int64(first + c); }
  std::optional<std::string> opt_text(int c) const { return q.opt_text(first + c); }
  Timestamp timestamp(int c) const { return q.timestamp(first + c); }
  std::optional<Timestamp> opt_timestamp(int c) const { return q.opt_timestamp(first + c); }
};

// No ORDER BY: the seats are sorted here, which spares SQLite a sorter (a temporary B-tree) per
// list now that no index holds (container, created_at, id).
#define SK_SQL_SEATS_WITH_MEMBERS(column)                                                          \
  "SELECT * FROM (SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE " column " = ?1) AS s "    \
  "LEFT JOIN (SELECT " SK_MEMBER_COLUMNS " FROM members WHERE deleted_at IS NULL) AS m ON m.id = s.member_id"
constexpr const char* kSeatsWithMembersOfSubscription = SK_SQL_SEATS_WITH_MEMBERS("subscription_id");
constexpr const char* kSeatsWithMembersOfOrder = SK_SQL_SEATS_WITH_MEMBERS("order_id");

constexpr const char* kTokenWithOrganization =
    "SELECT * FROM (SELECT " SK_ACCESS_TOKEN_COLUMNS " FROM access_tokens WHERE token_hash = ?1 AND revoked_at IS NULL) "
    "AS t LEFT JOIN (SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations) AS o ON o.id = t.organization_id";

constexpr const char* kSeatByTokenWithOrganization =
    "SELECT * FROM (SELECT " SK_SEAT_COLUMNS " FROM customer_seats WHERE invitation_token_hash = ?1 LIMIT 1) "
    "AS s LEFT JOIN (SELECT " SK_ORGANIZATION_COLUMNS " FROM organizations) AS o ON o.id = s.organization_id";

}  // namespace

void SqliteRepository::begin_job() {
  kept_members_.reset();
  kept_organization_.reset();
}

SqliteRepository::Snapshot SqliteRepository::snapshot() const { return Snapshot{db_.in_transaction(), db_.total_changes()}; }

bool SqliteRepository::Snapshot::serves(const Snapshot& now) const {
  return in_transaction && now.in_transaction && total_changes == now.total_changes;
}

Result<std::vector<Seat>> SqliteRepository::list_seats(ContainerKind kind, const Id& container_id) {
  kept_members_.reset();
  SK_TRY(q, db_.query(is_subscription(kind) ? kSeatsWithMembersOfSubscription : kSeatsWithMembersOfOrder, container_id));
  std::vector<Seat> seats;
  std::vector<Member> members;
  for (;;) {
    SK_TRY(has_row, q.step());
    if (!has_row) break;
    SK_TRY(seat, read_seat(q));
    if (!q.is_null(kSeatColumns) &&
        std::ranges::find(members, *seat.member_id, &Member::id) == members.end()) {
      SK_TRY(member, read_member(ColumnsFrom{q, kSeatColumns}));
      members.push_back(std::move(member));
    }
    seats.push_back(std::move(seat));
  }
  std::ranges::sort(seats, [](const Seat& a, const Seat& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  kept_members_.emplace(KeptMembers{kind, container_id, snapshot(), std::move(members)});
  return seats;
}

Result<std::vector<Member>> SqliteRepository::find_seat_members(ContainerKind kind, const Id& container_id) {
  auto kept = std::exchange(kept_members_, std::nullopt);
  if (kept && kept->kind == kind && kept->container_id == container_id && kept->taken.serves(snapshot()))
    return std::move(kept->members);
  return SqlRepository::find_seat_members(kind, container_id);
}

Result<std::optional<AccessToken>> SqliteRepository::find_access_token(const std::string& token_hash) {
  kept_organization_.reset();
  SK_TRY(q, db_.query(kTokenWithOrganization, token_hash));
  SK_TRY(has_row, q.step());
  if (!has_row) return std::optional<AccessToken>{};
  SK_TRY(token, read_access_token(q));
  SK_CHECK(keep_organization(q, kTokenColumns, token.organization_id));
  return std::optional<AccessToken>(std::move(token));
}

Result<std::optional<Seat>> SqliteRepository::find_seat_by_token_hash(const std::string& token_hash) {
  kept_organization_.reset();
  SK_TRY(q, db_.query(kSeatByTokenWithOrganization, token_hash));
  SK_TRY(has_row, q.step());
  if (!has_row) return std::optional<Seat>{};
  SK_TRY(seat, read_seat(q));
  SK_CHECK(keep_organization(q, kSeatColumns, seat.organization_id));
  return std::optional<Seat>(std::move(seat));
}

Status SqliteRepository::keep_organization(const Query& q, int first, const Id& id) {
  std::optional<Organization> organization;
  if (!q.is_null(first)) {
    SK_TRY(found, read_organization(ColumnsFrom{q, first}));
    organization = std::move(found);
  }
  kept_organization_.emplace(KeptOrganization{id, snapshot(), std::move(organization)});
  return {};
}

Result<std::optional<Organization>> SqliteRepository::find_organization(const Id& id) {
  auto kept = std::exchange(kept_organization_, std::nullopt);
  if (kept && kept->id == id && kept->taken.serves(snapshot())) return std::move(kept->organization);
  return SqlRepository::find_organization(id);
}

}  // namespace sk::storage::sqlite
