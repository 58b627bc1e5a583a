// Test-only domain fixtures every store's tests share: rows with fresh ids and fixed times.
#pragma once

#include <string>

#include "common/time.hpp"
#include "crypto/crypto.hpp"
#include "domain/model.hpp"

namespace sk::storage::fixtures {

// A fixed, whole-microsecond time base so round trips compare exactly.
inline Timestamp at(long long seconds) { return from_unix_micros(1'700'000'000'000'000LL + seconds * 1'000'000LL + 7); }

inline domain::Organization make_organization(const std::string& slug) {
  return domain::Organization{crypto::uuid_v4(), "Org " + slug, slug, true, at(0)};
}

inline domain::Customer make_customer(const domain::Id& organization_id, const std::string& email) {
  domain::Customer c;
  c.id = crypto::uuid_v4();
  c.organization_id = organization_id;
  c.email = email;
  c.name = "Billing";
  c.created_at = at(1);
  return c;
}

inline domain::Member make_member(const domain::Customer& customer, const std::string& email) {
  domain::Member m;
  m.id = crypto::uuid_v4();
  m.customer_id = customer.id;
  m.organization_id = customer.organization_id;
  m.email = email;
  m.created_at = at(2);
  return m;
}

inline domain::Product make_product(const domain::Id& organization_id, bool recurring) {
  domain::Product p;
  p.id = crypto::uuid_v4();
  p.organization_id = organization_id;
  p.name = recurring ? "Team plan" : "Lifetime pack";
  p.recurring = recurring;
  p.created_at = at(3);
  return p;
}

inline domain::SeatContainer make_container(domain::ContainerKind kind, const domain::Customer& customer,
                                            const domain::Product& product, int seats) {
  domain::SeatContainer c;
  c.kind = kind;
  c.id = crypto::uuid_v4();
  c.organization_id = customer.organization_id;
  c.customer_id = customer.id;
  c.product_id = product.id;
  c.seats = seats;
  c.status = kind == domain::ContainerKind::subscription ? "active" : "paid";
  c.created_at = at(4);
  return c;
}

inline domain::Seat make_seat(const domain::SeatContainer& container, const std::string& email, long long second) {
  domain::Seat s;
  s.id = crypto::uuid_v4();
  s.created_at = at(second);
  s.container_kind = container.kind;
  s.container_id = container.id;
  s.organization_id = container.organization_id;
  s.customer_id = container.customer_id;
  s.email = email;
  return s;
}

}  // namespace sk::storage::fixtures
