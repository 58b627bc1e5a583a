// The storage port: everything the domain reads and writes, as one interface.
// SQLite (storage/sqlite) and PostgreSQL (storage/postgres) implement it side by side.
// A Repository is always bound to one transaction; the Store decides which.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "domain/model.hpp"

namespace sk::domain {

struct OutboxMessage {
  Id id;
  std::string topic;  // "email" | "webhook_event"
  Id organization_id;
  std::string event_type;  // e.g. "customer_seat.assigned", "seat_invitation"
  std::string payload;     // JSON text; for e-mail, sealed (encrypted) because it carries a claim link
  Timestamp created_at;
  Timestamp available_at;
  int attempts = 0;
};

class Repository {
 public:
  virtual ~Repository() = default;

  // organizations and their access tokens
  virtual Status insert_organization(const Organization&) = 0;
  virtual Result<std::optional<Organization>> find_organization(const Id&) = 0;
  virtual Result<std::optional<Organization>> find_organization_by_slug(const std::string&) = 0;
  virtual Status update_organization(const Organization&) = 0;
  virtual Status insert_access_token(const AccessToken&, const std::string& token_hash) = 0;
  virtual Result<std::optional<AccessToken>> find_access_token(const std::string& token_hash) = 0;

  // customers, scoped to an organization
  virtual Status insert_customer(const Customer&) = 0;
  virtual Result<std::optional<Customer>> find_customer(const Id& organization_id, const Id& id) = 0;
  // Any organization's customer (operator tools only; API calls always scope by organization).
  virtual Result<std::optional<Customer>> find_customer_by_id(const Id& id) = 0;
  virtual Result<std::optional<Customer>> find_customer_by_email(const Id& organization_id, const std::string& email) = 0;
  virtual Result<std::optional<Customer>> find_customer_by_external_id(const Id& organization_id,
                                                                       const std::string& external_id) = 0;

  // members, scoped to their (billing) customer
  virtual Status insert_member(const Member&) = 0;
  virtual Status update_member(const Member&) = 0;
  virtual Result<std::optional<Member>> find_member(const Id& id) = 0;
  virtual Result<std::optional<Member>> find_member_by_email(const Id& customer_id, const std::string& email) = 0;
  virtual Result<std::optional<Member>> find_member_by_external_id(const Id& customer_id,
                                                                   const std::string& external_id) = 0;
  // The members holding seats of a container, in one query (listing would otherwise ask per seat).
  virtual Result<std::vector<Member>> find_seat_members(ContainerKind, const Id& container_id) = 0;

  // products and seat containers
  virtual Status insert_product(const Product&) = 0;
  virtual Result<std::optional<Product>> find_product(const Id& organization_id, const Id& id) = 0;
  virtual Status insert_container(const SeatContainer&) = 0;
  virtual Result<std::optional<SeatContainer>> find_container(ContainerKind, const Id& organization_id, const Id& id) = 0;

  // seats
  virtual Status insert_seat(const Seat&) = 0;
  virtual Status update_seat(const Seat&) = 0;
  virtual Result<std::optional<Seat>> find_seat(const Id& organization_id, const Id& seat_id) = 0;
  virtual Result<std::optional<Seat>> find_seat_by_token_hash(const std::string& token_hash) = 0;
  virtual Result<std::vector<Seat>> list_seats(ContainerKind, const Id& container_id) = 0;  // created_at, id
  virtual Result<int> count_occupied_seats(ContainerKind, const Id& container_id) = 0;    // pending + claimed
  virtual Result<std::optional<Seat>> find_revoked_seat(ContainerKind, const Id& container_id) = 0;
  // A pending or claimed seat of the container held by this e-mail (case-insensitive).
  virtual Result<std::optional<Seat>> find_occupied_seat_by_email(ContainerKind, const Id& container_id,
                                                                  const std::string& email) = 0;

  // sessions minted by claim
  virtual Status insert_member_session(const MemberSession&) = 0;
  virtual Result<std::optional<MemberSession>> find_member_session(const std::string& token_hash) = 0;

  // the durable outbox, written in the same transaction as the change it reports
  virtual Status append_outbox(const OutboxMessage&) = 0;
  virtual Result<std::vector<OutboxMessage>> due_outbox(const std::string& topic, Timestamp now, int limit) = 0;
  // Takes up to `limit` due messages for delivery: each becomes invisible to other workers until
  // `lease_until` (so a crashed worker's messages come back), oldest first. Write jobs only.
  virtual Result<std::vector<OutboxMessage>> claim_outbox(const std::string& topic, Timestamp now, int limit,
                                                          Timestamp lease_until) = 0;
  virtual Status complete_outbox(const Id& id, Timestamp at) = 0;
  virtual Status reschedule_outbox(const Id& id, Timestamp next_attempt_at, const std::string& last_error) = 0;
};

}  // namespace sk::domain
