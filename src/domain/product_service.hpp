// Products with a seat-based price (Polar's /v1/products). seatkeeper sells seats only: a product
// has exactly one price, of amount_type seat_based; minimum_seats and maximum_seats come from its
// tiers. Recurring products are sold by subscriptions, one-time products by orders.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "domain/commerce.hpp"
#include "domain/repository.hpp"

namespace sk::domain {

struct SeatPriceInput {
  std::string currency = "usd";
  std::string tier_type = "volume";
  std::vector<SeatTier> tiers;  // checked with check_seat_tiers by the parser
};

struct ProductCreate {
  std::string name;
  std::optional<std::string> description;
  std::string visibility = "public";
  std::optional<std::string> recurring_interval;  // null: one-time
  int recurring_interval_count = 1;
  std::string metadata_json = "{}";
  SeatPriceInput price;
};

struct ProductUpdate {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;
  std::optional<std::string> visibility;
  std::optional<bool> is_archived;
  std::optional<std::string> metadata_json;
  // A new seat price replaces the current one (new id); keeping the current one is a no-op.
  std::optional<SeatPriceInput> new_price;
  std::optional<Id> keep_price_id;
};

Result<Product> get_product(Repository&, const Organization&, const Id& id);
Result<Page<Product>> list_products(Repository&, const Organization&, const ProductFilter&, const PageRequest&);
Result<Product> create_product(Repository&, const Organization&, const ProductCreate&, Timestamp now);
Result<Product> update_product(Repository&, const Organization&, const Id& id, const ProductUpdate&, Timestamp now);

// The id the product's price shows (products stored before prices existed show the product's).
const Id& price_id_of(const Product&);

}  // namespace sk::domain
