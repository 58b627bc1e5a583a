// Management API: members beyond what seat assignment needs, and customer sessions.
#include "storage/common/paging.hpp"
#include "storage/sqlite/sqlite_fetch.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/common/rows.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

#define SK_MEMBER_FILTER                                                                                    \
  " FROM members WHERE organization_id = ?1 AND deleted_at IS NULL"                                         \
  " AND (?2 IS NULL OR customer_id = ?2)"                                                                   \
  " AND (?3 IS NULL OR customer_id IN (SELECT id FROM customers WHERE organization_id = ?1"                 \
  " AND external_id = ?3 AND deleted_at IS NULL))"                                                          \
  " AND (?4 IS NULL OR role = ?4)"

constexpr PagedSql kMemberPage{
    "SELECT " SK_MEMBER_COLUMNS SK_MEMBER_FILTER " ORDER BY created_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    "SELECT " SK_MEMBER_COLUMNS SK_MEMBER_FILTER " ORDER BY created_at ASC, id ASC LIMIT ?5 OFFSET ?6",
    "SELECT count(*)" SK_MEMBER_FILTER,
};

#undef SK_MEMBER_FILTER

}  // namespace

Result<Page<Member>> SqliteRepository::list_members(const Id& organization_id, const MemberFilter& f,
                                                    const PageRequest& page) {
  return fetch_page(db_, kMemberPage, page, read_member, organization_id, f.customer_id, f.external_customer_id,
                    f.role);
}

Status SqliteRepository::delete_member(const Id& id, Timestamp at) {
  SK_CHECK(update_one(db_, "member",
                      "UPDATE members SET deleted_at = ?2, modified_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", id,
                      at));
  return db_.run("DELETE FROM member_sessions WHERE member_id = ?1", id);
}

Result<std::optional<Member>> SqliteRepository::find_owner_member(const Id& customer_id) {
  return fetch_one(db_,
                   "SELECT " SK_MEMBER_COLUMNS " FROM members "
                   "WHERE customer_id = ?1 AND role = 'owner' AND deleted_at IS NULL",
                   read_member, customer_id);
}

Result<std::vector<Seat>> SqliteRepository::occupied_seats_of_member(const Id& member_id) {
  return fetch_all(db_,
                   "SELECT " SK_SEAT_COLUMNS " FROM customer_seats "
                   "WHERE member_id = ?1 AND status IN ('pending', 'claimed') ORDER BY created_at, id",
                   read_seat, member_id);
}

Status SqliteRepository::insert_customer_session(const CustomerSession& s) {
  return db_.run(
      "INSERT INTO customer_sessions (id, token_hash, customer_id, return_url, expires_at, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      s.id, s.token_hash, s.customer_id, s.return_url, s.expires_at, s.created_at);
}

Result<std::optional<CustomerSession>> SqliteRepository::find_customer_session(const std::string& token_hash) {
  return fetch_one(
      db_,
      "SELECT id, token_hash, customer_id, return_url, expires_at, created_at FROM customer_sessions "
      "WHERE token_hash = ?1",
      [](const Query& q) -> Result<CustomerSession> {
        return CustomerSession{q.text(0), q.text(1), q.text(2), q.opt_text(3), q.timestamp(4), q.timestamp(5)};
      },
      token_hash);
}

}  // namespace sk::storage::sqlite
