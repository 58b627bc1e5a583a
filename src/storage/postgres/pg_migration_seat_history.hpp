// Migration 8: the seat history, as SQLite's (sqlite_migration_seat_history.hpp) column for
// column; append-only through a trigger that refuses UPDATE and DELETE. Listed by pg_schema.cpp.
#pragma once

namespace sk::storage::postgres {

inline constexpr const char* kSeatHistoryMigration = R"sql(
CREATE TABLE seat_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  seat_id text COLLATE "C" NOT NULL,
  organization_id text COLLATE "C" NOT NULL,
  subscription_id text COLLATE "C",
  order_id text COLLATE "C",
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('assigned', 'invitation_resent', 'claimed', 'revoked',
                                                 'transferred_out', 'transferred_in', 'expired')),
  occurred_at bigint NOT NULL,
  email text COLLATE "C",
  member_id text COLLATE "C",
  actor_type text COLLATE "C" NOT NULL
    CHECK (actor_type IN ('organization_token', 'customer_session', 'member_session', 'system')),
  actor_id text COLLATE "C",
  CHECK ((subscription_id IS NULL) <> (order_id IS NULL))
);
CREATE INDEX seat_events_seat ON seat_events(seat_id, occurred_at, seq);
CREATE INDEX seat_events_subscription ON seat_events(subscription_id, occurred_at, seq) WHERE subscription_id IS NOT NULL;
CREATE INDEX seat_events_order ON seat_events(order_id, occurred_at, seq) WHERE order_id IS NOT NULL;
CREATE FUNCTION seat_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'seat history is append-only';
END
$$;
CREATE TRIGGER seat_events_append_only BEFORE UPDATE OR DELETE ON seat_events
  FOR EACH ROW EXECUTE FUNCTION seat_events_append_only();
CREATE INDEX customer_seats_pending_expiry ON customer_seats(invitation_token_expires_at) WHERE status = 'pending';
)sql";

}  // namespace sk::storage::postgres
