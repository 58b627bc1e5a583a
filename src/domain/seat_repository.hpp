// The storage port, seats: products, seat containers, seats and the member sessions a claim mints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/model.hpp"

namespace sk::domain {

class SeatRepository {
 public:
  virtual ~SeatRepository() = default;

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

  // A hint given before the first lookup: this job will authenticate a bearer and then list all
  // seats of this container. A store may fetch them ahead, together with the lookups before them,
  // in fewer round trips; every answer stays what the calls would have returned one by one.
  virtual void expect_seat_list(ContainerKind, const Id& /*container_id*/) {}

  // sessions minted by claim
  virtual Status insert_member_session(const MemberSession&) = 0;
  virtual Result<std::optional<MemberSession>> find_member_session(const std::string& token_hash) = 0;

};

}  // namespace sk::domain
