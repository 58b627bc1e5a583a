// Migration 8: the seat history (append-only: triggers refuse UPDATE and DELETE), and the index
// the sweep for lapsed invitations reads. Kept beside sqlite_schema.cpp, which lists it.
#pragma once

namespace sk::storage::sqlite {

inline constexpr const char* kSeatHistoryMigration = R"sql(
CREATE TABLE seat_events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  seat_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  subscription_id TEXT,
  order_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('assigned', 'invitation_resent', 'claimed', 'revoked', 'transferred_out',
                                     'transferred_in', 'expired')),
  occurred_at INTEGER NOT NULL,
  email TEXT,
  member_id TEXT,
  actor_type TEXT NOT NULL CHECK (actor_type IN ('organization_token', 'customer_session', 'member_session', 'system')),
  actor_id TEXT,
  CHECK ((subscription_id IS NULL) <> (order_id IS NULL))
);
CREATE INDEX seat_events_seat ON seat_events(seat_id, occurred_at, seq);
CREATE INDEX seat_events_subscription ON seat_events(subscription_id, occurred_at, seq) WHERE subscription_id IS NOT NULL;
CREATE INDEX seat_events_order ON seat_events(order_id, occurred_at, seq) WHERE order_id IS NOT NULL;
CREATE TRIGGER seat_events_no_update BEFORE UPDATE ON seat_events
  BEGIN SELECT RAISE(ABORT, 'seat history is append-only'); END;
CREATE TRIGGER seat_events_no_delete BEFORE DELETE ON seat_events
  BEGIN SELECT RAISE(ABORT, 'seat history is append-only'); END;
CREATE INDEX customer_seats_pending_expiry ON customer_seats(invitation_token_expires_at) WHERE status = 'pending';
)sql";

}  // namespace sk::storage::sqlite
