// Handlers of /v1/products (Polar's products API, seat-based prices only).
#include <boost/json/array.hpp>

#include "domain/product_service.hpp"
#include "domain/seat_tiers.hpp"
#include "http/auth.hpp"
#include "http/body_reader.hpp"
#include "http/handler_support.hpp"
#include "http/list_params.hpp"
#include "http/request_parsing.hpp"
#include "http/routes.hpp"
#include "json/commerce_json.hpp"

namespace sk::http {

namespace bj = boost::json;

namespace {

const std::initializer_list<std::string_view> kRead{"products:read", "products:write"};
const std::initializer_list<std::string_view> kWrite{"products:write"};
const std::initializer_list<std::string_view> kIntervals{"day", "week", "month", "year"};

bool is_currency_code(std::string_view s) {
  if (s.size() != 3) return false;
  for (char c : s)
    if (c < 'a' || c > 'z') return false;
  return true;
}

// One ProductPriceSeatBasedCreate at prices[index]; other amount types are refused.
std::optional<domain::SeatPriceInput> parse_seat_price(BodyReader& fields, const bj::value& item, std::size_t index) {
  if (!item.is_object()) {
    fields.issue("prices", "model_attributes_type", "Input should be a valid dictionary or object to extract fields from",
                 item);
    return std::nullopt;
  }
  BodyReader price = fields.child(item.as_object(), {"prices", index});
  const bj::value* amount_type = price.get("amount_type");
  if (!amount_type) {
    price.issue("", "union_tag_not_found", "Unable to extract tag using discriminator 'amount_type'", item,
                bj::object{{"discriminator", "'amount_type'"}});
    return std::nullopt;
  }
  if (!amount_type->is_string() || amount_type->as_string() != "seat_based") {
    const bool polar_type = amount_type->is_string() &&
                            (amount_type->as_string() == "fixed" || amount_type->as_string() == "custom" ||
                             amount_type->as_string() == "free" || amount_type->as_string() == "metered_unit");
    if (polar_type)
      price.issue("amount_type", "value_error", "seatkeeper sells seat-based prices only: use amount_type 'seat_based'",
                  *amount_type);
    else
      price.issue("amount_type", "union_tag_invalid",
                  "Input tag '" + (amount_type->is_string() ? std::string(amount_type->as_string()) : std::string("?")) +
                      "' found using 'amount_type' does not match any of the expected tags: 'fixed', 'custom', "
                      "'free', 'seat_based', 'metered_unit'",
                  *amount_type);
    return std::nullopt;
  }
  domain::SeatPriceInput in;
  if (auto currency = price.string("price_currency")) {
    if (is_currency_code(*currency)) in.currency = *currency;
    else price.issue("price_currency", "enum", "Input should be a lower-case ISO 4217 currency code", bj::value(*currency));
  }
  (void)price.one_of("tax_behavior", {"location", "inclusive", "exclusive"});  // accepted, not stored
  price.require("seat_tiers");
  const bj::value* tiers_value = price.get("seat_tiers");
  if (!tiers_value) return std::nullopt;
  if (!tiers_value->is_object()) {
    price.issue("seat_tiers", "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from", *tiers_value);
    return std::nullopt;
  }
  BodyReader seat_tiers = price.child(tiers_value->as_object(), {"seat_tiers"});
  if (auto type = seat_tiers.one_of("seat_tier_type", {"volume", "graduated"})) in.tier_type = *type;
  seat_tiers.require("tiers");
  const bj::value* list = seat_tiers.get("tiers");
  if (!list) return std::nullopt;
  if (!list->is_array()) {
    seat_tiers.issue("tiers", "list_type", "Input should be a valid list", *list);
    return std::nullopt;
  }
  if (list->as_array().empty()) {
    seat_tiers.issue("tiers", "too_short", "List should have at least 1 item after validation, not 0", *list,
                     bj::object{{"field_type", "List"}, {"min_length", 1}, {"actual_length", 0}});
    return std::nullopt;
  }
  const std::size_t issues_before = fields.issues().size();
  std::size_t i = 0;
  for (const auto& tier_value : list->as_array()) {
    if (!tier_value.is_object()) {
      seat_tiers.issue("tiers", "model_attributes_type",
                       "Input should be a valid dictionary or object to extract fields from", tier_value);
      ++i;
      continue;
    }
    BodyReader tier = seat_tiers.child(tier_value.as_object(), {"tiers", i++});
    tier.require("min_seats");
    tier.require("price_per_seat");
    auto min_seats = tier.integer("min_seats", 1, 2'147'483'647);
    auto max_seats = tier.integer("max_seats", 1, 2'147'483'647);
    auto price_per_seat = tier.integer("price_per_seat", 0);
    if (min_seats && price_per_seat)
      in.tiers.push_back(domain::SeatTier{static_cast<int>(*min_seats),
                                          max_seats ? std::optional(static_cast<int>(*max_seats)) : std::nullopt,
                                          *price_per_seat});
  }
  if (fields.issues().size() != issues_before) return std::nullopt;
  if (auto why = domain::check_seat_tiers(in.tiers)) {
    seat_tiers.issue("tiers", "value_error", "Value error, " + *why, *list, bj::object{{"error", bj::object{}}});
    return std::nullopt;
  }
  return in;
}

// prices: exactly one seat-based price (seatkeeper sells one price per product).
std::optional<domain::SeatPriceInput> parse_prices(BodyReader& fields, bool* keep_existing = nullptr,
                                                   std::optional<std::string>* existing_id = nullptr) {
  const bj::value* prices = fields.get("prices");
  if (!prices) return std::nullopt;
  if (!prices->is_array()) {
    fields.issue("prices", "list_type", "Input should be a valid list", *prices);
    return std::nullopt;
  }
  const auto& list = prices->as_array();
  if (list.size() != 1) {
    fields.issue("prices", "value_error", "seatkeeper products have exactly one price (amount_type 'seat_based')", *prices);
    return std::nullopt;
  }
  // ExistingProductPrice {"id"} keeps the current price (update only).
  if (keep_existing && list[0].is_object() && list[0].as_object().contains("id") &&
      !list[0].as_object().contains("amount_type")) {
    BodyReader existing = fields.child(list[0].as_object(), {"prices", 0});
    if (auto id = existing.uuid("id")) {
      *keep_existing = true;
      *existing_id = *id;
    }
    return std::nullopt;
  }
  return parse_seat_price(fields, list[0], 0);
}

void refuse_unsupported(BodyReader& fields) {
  if (const bj::value* v = fields.get("organization_id"))
    fields.issue("organization_id", "value_error",
                 "Setting organization_id is disallowed when using an organization token.", *v);
  for (const char* key : {"trial_interval", "trial_interval_count", "meter_interval", "meter_interval_count"})
    if (const bj::value* v = fields.get(key))
      fields.issue(key, "value_error", "seatkeeper does not support trials or metered billing", *v);
}

std::optional<std::string> description(BodyReader& fields) {
  auto text = fields.string("description");
  if (text && text->empty()) return std::nullopt;  // Polar's EmptyStrToNone
  return text;
}

std::expected<domain::ProductCreate, Response> parse_product_create(const bj::value& body) {
  auto object = body_object(body);
  if (!object) return std::unexpected(object.error());
  BodyReader fields(**object);
  domain::ProductCreate in;
  fields.require("name");
  in.name = fields.string("name", {.min_length = 3, .max_length = 64, .strip = true, .display = true}).value_or("");
  in.description = description(fields);
  if (auto v = fields.one_of("visibility", {"draft", "private", "public"})) in.visibility = *v;
  in.recurring_interval = fields.one_of("recurring_interval", kIntervals);
  if (in.recurring_interval) {
    if (auto n = fields.integer("recurring_interval_count", 1, 999)) in.recurring_interval_count = static_cast<int>(*n);
  } else if (const bj::value* v = fields.get("recurring_interval_count")) {
    fields.issue("recurring_interval_count", "literal_error", "Input should be None", *v,
                 bj::object{{"expected", "None"}});
  }
  if (auto metadata = fields.metadata("metadata")) in.metadata_json = *metadata;
  fields.require("prices");
  if (auto price = parse_prices(fields)) in.price = std::move(*price);
  refuse_unsupported(fields);
  if (!fields.ok()) return std::unexpected(validation_failure(fields));
  return in;
}

std::expected<domain::ProductUpdate, Response> parse_product_update(const bj::value& body, const domain::Product& current) {
  auto object = body_object(body);
  if (!object) return std::unexpected(object.error());
  BodyReader fields(**object);
  domain::ProductUpdate in;
  in.name = fields.string("name", {.min_length = 3, .max_length = 64, .strip = true, .display = true});
  if (fields.has("description")) in.description = description(fields);
  in.visibility = fields.one_of("visibility", {"draft", "private", "public"});
  in.is_archived = fields.boolean("is_archived");
  in.metadata_json = fields.metadata("metadata");
  if (auto interval = fields.one_of("recurring_interval", kIntervals);
      interval && (!current.recurring || *interval != current.recurring_interval))
    fields.issue("recurring_interval", "value_error", "The recurring interval of a product can't be changed.",
                 bj::value(*interval));
  if (auto count = fields.integer("recurring_interval_count", 1, 999);
      count && (!current.recurring || *count != current.recurring_interval_count))
    fields.issue("recurring_interval_count", "value_error", "The recurring interval of a product can't be changed.",
                 bj::value(*count));
  bool keep = false;
  std::optional<std::string> existing;
  in.new_price = parse_prices(fields, &keep, &existing);
  if (keep) in.keep_price_id = existing;
  refuse_unsupported(fields);
  if (!fields.ok()) return std::unexpected(validation_failure(fields));
  return in;
}

}  // namespace

Response list_products(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto page = parse_page(call.request, {"-created_at"}, {"created_at"});
  if (!page) return page.error();
  domain::ProductFilter filter;
  auto ids = query_uuid4s(call.request, "id");
  if (!ids) return ids.error();
  filter.ids = *ids;
  filter.query = call.request.query_param("query");
  auto archived = query_bool(call.request, "is_archived");
  if (!archived) return archived.error();
  filter.is_archived = *archived;
  auto recurring = query_bool(call.request, "is_recurring");
  if (!recurring) return recurring.error();
  filter.is_recurring = *recurring;
  const int limit = page->limit;
  return answer(domain::list_products(*call.repo, *org, filter, *page),
                [limit](const auto& found) { return json::list_resource_json(found, limit, json::product_json); });
}

Response create_product(Call& call) {
  const boost::json::value* body = call.body;  // parsed on the network thread (json_body route)
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto in = parse_product_create(*body);
  if (!in) return in.error();
  return answer(domain::create_product(*call.repo, *org, *in, call.now), json::product_json, 201);
}

Response get_product(Call& call) {
  auto org = require_organization(call, kRead);
  if (!org) return org.error();
  auto id = uuid4_param("path", "id", call.params.at(0));
  if (!id) return id.error();
  return answer(domain::get_product(*call.repo, *org, *id), json::product_json);
}

Response update_product(Call& call) {
  const boost::json::value* body = call.body;  // parsed on the network thread (json_body route)
  auto org = require_organization(call, kWrite);
  if (!org) return org.error();
  auto id = uuid4_param("path", "id", call.params.at(0));
  if (!id) return id.error();
  auto current = domain::get_product(*call.repo, *org, *id);
  if (!current) return error_response(current.error());
  auto in = parse_product_update(*body, *current);
  if (!in) return in.error();
  return answer(domain::update_product(*call.repo, *org, *id, *in, call.now), json::product_json);
}

}  // namespace sk::http
