// How values the model holds as lists rest in a column, and how list filters travel as one
// parameter. Both stores use these, so a database written by one reads the same in the other.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/invitation_policy.hpp"
#include "domain/model.hpp"

namespace sk::storage {

// Seat tiers rest as a JSON array [{"min_seats", "max_seats", "price_per_seat"}].
std::string seat_tiers_json(const std::vector<domain::SeatTier>&);
Result<std::vector<domain::SeatTier>> parse_seat_tiers(const std::string& json);
// A product's tiers column: NULL when it has none.
std::optional<std::string> seat_tiers_column(const domain::Product&);

// A list filter of several values travels as one JSON array parameter (json_each on SQLite,
// jsonb_array_elements_text on PostgreSQL), so the statement text stays constant; an empty list
// is NULL (no filter).
std::optional<std::string> json_list(const std::vector<std::string>&);

// Event type names contain no spaces, so an endpoint's subscription list is stored space-separated.
std::vector<std::string> split_words(const std::string& text);
std::string join_words(const std::vector<std::string>& words);

// The container kind picks the column: a seat has exactly one of subscription_id / order_id.
inline bool is_subscription(domain::ContainerKind kind) { return kind == domain::ContainerKind::subscription; }
inline std::optional<domain::Id> subscription_id_of(const domain::Seat& s) {
  if (is_subscription(s.container_kind)) return s.container_id;
  return std::nullopt;
}
inline std::optional<domain::Id> order_id_of(const domain::Seat& s) {
  if (!is_subscription(s.container_kind)) return s.container_id;
  return std::nullopt;
}

// E-mail lookups fold ASCII only, exactly like SQLite's lower(), and like PostgreSQL's lower()
// on the tables' "C"-collated columns: email_lower is computed here, for both stores.
inline std::string lower_ascii(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}
inline std::optional<std::string> lower_email(const std::optional<std::string>& email) {
  if (!email) return std::nullopt;
  return lower_ascii(*email);
}

// An invitation policy's lifetime column: NULL for seatkeeper's configured default.
inline std::optional<long long> lifetime_seconds(const domain::InvitationPolicy& policy) {
  if (!policy.lifetime) return std::nullopt;
  return policy.lifetime->count();
}

// Optional columns the model spells as an empty string (an order without product, a product
// stored before prices existed).
std::optional<std::string> null_if_empty(const std::string& s);

}  // namespace sk::storage
