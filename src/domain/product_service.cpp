#include "domain/product_service.hpp"

#include "crypto/crypto.hpp"
#include "domain/seat_tiers.hpp"

namespace sk::domain {
namespace {

SeatPrice make_price(const SeatPriceInput& in, Timestamp now) {
  return SeatPrice{crypto::uuid_v4(), in.currency, in.tier_type, in.tiers, now};
}

}  // namespace

const Id& price_id_of(const Product& p) { return p.price.id.empty() ? p.id : p.price.id; }

Result<Product> get_product(Repository& repo, const Organization& org, const Id& id) {
  SK_TRY(found, repo.find_product(org.id, id));
  if (!found) return fail(ErrorKind::not_found, "ResourceNotFound", "Product not found");
  return *found;
}

Result<Page<Product>> list_products(Repository& repo, const Organization& org, const ProductFilter& filter,
                                    const PageRequest& page) {
  return repo.list_products(org.id, filter, page);
}

Result<Product> create_product(Repository& repo, const Organization& org, const ProductCreate& in, Timestamp now) {
  Product p;
  p.id = crypto::uuid_v4();
  p.organization_id = org.id;
  p.name = in.name;
  p.description = in.description;
  p.visibility = in.visibility;
  p.recurring = in.recurring_interval.has_value();
  p.recurring_interval = in.recurring_interval.value_or("month");
  p.recurring_interval_count = p.recurring ? in.recurring_interval_count : 1;
  p.metadata_json = in.metadata_json;
  p.created_at = now;
  p.price = make_price(in.price, now);
  derive_seat_limits(p);
  SK_CHECK(repo.insert_product(p));
  return p;
}

Result<Product> update_product(Repository& repo, const Organization& org, const Id& id, const ProductUpdate& in,
                               Timestamp now) {
  SK_TRY(p, get_product(repo, org, id));
  if (in.keep_price_id && *in.keep_price_id != price_id_of(p))
    return invalid_field({"body", "prices", "0", "id"}, "Price does not exist.", *in.keep_price_id);
  if (in.name) p.name = *in.name;
  if (in.description) p.description = *in.description;
  if (in.visibility) p.visibility = *in.visibility;
  if (in.is_archived) p.is_archived = *in.is_archived;
  if (in.metadata_json) p.metadata_json = *in.metadata_json;
  if (in.new_price) {
    p.price = make_price(*in.new_price, now);
    derive_seat_limits(p);
  }
  p.modified_at = now;
  SK_CHECK(repo.update_product(p));
  return p;
}

}  // namespace sk::domain
