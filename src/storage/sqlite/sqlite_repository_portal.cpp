// The customer portal's reads: subscriptions in which a member or a customer holds a claimed seat.
#include "storage/sqlite/sqlite_paging.hpp"
#include "storage/sqlite/sqlite_repository.hpp"
#include "storage/sqlite/sqlite_rows.hpp"

namespace sk::storage::sqlite {

using namespace sk::domain;

namespace {

// customer_seats_member_id finds the member's seats; subscriptions are few per member.
#define SK_MEMBER_CLAIMED                                                                             \
  " FROM subscriptions WHERE id IN (SELECT subscription_id FROM customer_seats WHERE member_id = ?1" \
  " AND status = 'claimed' AND subscription_id IS NOT NULL)"

// A seat's customer_id is its container's billing customer, so the customer's own subscriptions
// (subscriptions_customer) are the candidates; the occupancy index answers the EXISTS.
#define SK_CUSTOMER_CLAIMED                                                                                   \
  " FROM subscriptions WHERE customer_id = ?1 AND EXISTS (SELECT 1 FROM customer_seats"                      \
  " WHERE customer_seats.subscription_id = subscriptions.id AND customer_seats.status = 'claimed'"             \
  " AND customer_seats.customer_id = ?1)"

constexpr PagedSql kMemberClaimed{
    "SELECT " SK_SUBSCRIPTION_COLUMNS SK_MEMBER_CLAIMED " ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
    "SELECT " SK_SUBSCRIPTION_COLUMNS SK_MEMBER_CLAIMED " ORDER BY created_at ASC, id ASC LIMIT ?2 OFFSET ?3",
    "SELECT count(*)" SK_MEMBER_CLAIMED,
};

constexpr PagedSql kCustomerClaimed{
    "SELECT " SK_SUBSCRIPTION_COLUMNS SK_CUSTOMER_CLAIMED " ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
    "SELECT " SK_SUBSCRIPTION_COLUMNS SK_CUSTOMER_CLAIMED " ORDER BY created_at ASC, id ASC LIMIT ?2 OFFSET ?3",
    "SELECT count(*)" SK_CUSTOMER_CLAIMED,
};

#undef SK_MEMBER_CLAIMED
#undef SK_CUSTOMER_CLAIMED

}  // namespace

Result<Page<Subscription>> SqliteRepository::claimed_subscriptions_of_member(const Id& member_id,
                                                                             const PageRequest& page) {
  return fetch_page(db_, kMemberClaimed, page, read_subscription, member_id);
}

Result<Page<Subscription>> SqliteRepository::claimed_subscriptions_of_customer(const Id& customer_id,
                                                                               const PageRequest& page) {
  return fetch_page(db_, kCustomerClaimed, page, read_subscription, customer_id);
}

}  // namespace sk::storage::sqlite
