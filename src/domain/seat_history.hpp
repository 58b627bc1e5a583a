// Seat history: an append-only log of every change to a seat, written in the same transaction as
// the change (as the outbox is), so the log and the seats never disagree. It answers "what happened
// to this seat" and "who held seats of this container at instant T" long after the rows changed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "domain/model.hpp"
#include "domain/paging.hpp"

namespace sk::domain {

enum class SeatEventKind { assigned, invitation_resent, claimed, revoked, transferred_out, transferred_in, expired };
const char* to_string(SeatEventKind);
std::optional<SeatEventKind> seat_event_kind_from(std::string_view);

// Who made a change: an organization access token, a customer or member session (by id), or
// seatkeeper itself (scheduled work such as ending subscriptions or noticing lapsed invitations).
enum class ActorKind { organization_token, customer_session, member_session, system };
const char* to_string(ActorKind);
std::optional<ActorKind> actor_kind_from(std::string_view);

struct Actor {
  ActorKind kind = ActorKind::system;
  std::optional<Id> id;  // the token's or session's id; none for system
};

struct SeatHistoryEvent {
  Id id;
  Id seat_id;
  Id organization_id;
  ContainerKind container_kind = ContainerKind::subscription;
  Id container_id;
  SeatEventKind kind = SeatEventKind::assigned;
  Timestamp at;
  std::optional<std::string> email;  // the holder's e-mail at that moment
  std::optional<Id> member_id;       // the holding member at that moment
  Actor actor;
};

// A seat that was pending or claimed at some instant, and by whom (from the log, not the rows).
struct SeatHolding {
  Id seat_id;
  std::optional<std::string> email;
  std::optional<Id> member_id;
  SeatStatus status = SeatStatus::pending;
  Timestamp since;  // when this holder got the seat (assigned, transferred in, or claimed at once)
};

// The port the history is written and read through. Every Repository implements it, bound to the
// same transaction as the seat change it records.
class SeatHistoryRepository {
 public:
  virtual ~SeatHistoryRepository() = default;

  virtual Status append_seat_event(const SeatHistoryEvent&) = 0;
  virtual Result<bool> has_seat_event(const Id& seat_id, SeatEventKind, Timestamp at) = 0;
  // One seat's events, oldest first (in the order they were written); PageRequest's direction is ignored.
  virtual Result<Page<SeatHistoryEvent>> list_seat_events(const Id& seat_id, const PageRequest&) = 0;
  // Every event of a container's seats at or before `at`, oldest first.
  virtual Result<std::vector<SeatHistoryEvent>> container_seat_events_until(ContainerKind, const Id& container_id,
                                                                           Timestamp at) = 0;
  // Pending seats whose invitation lapsed before `now` with no `expired` event for that lapse yet.
  virtual Result<std::vector<Seat>> seats_with_unrecorded_lapse(Timestamp now, int limit) = 0;
};

// Replays events (oldest first) into the seats held right after the last of them, in the order
// the log first mentions each seat.
std::vector<SeatHolding> holdings_after(const std::vector<SeatHistoryEvent>&);

}  // namespace sk::domain
