#include "domain/order_service.hpp"

#include "crypto/crypto.hpp"

namespace sk::domain {
namespace {

std::unexpected<Error> order_not_found() { return fail(ErrorKind::not_found, "ResourceNotFound", "Order not found"); }

}  // namespace

Result<OrderView> view_order(Repository& repo, const Order& o) {
  SK_TRY(customer, repo.find_customer_including_deleted(o.organization_id, o.customer_id));
  if (!customer) return internal_error("order " + o.id + " without customer");
  std::optional<Product> product;
  if (!o.product_id.empty()) {
    SK_TRY(found, repo.find_product(o.organization_id, o.product_id));
    product = std::move(found);
  }
  return OrderView{o, std::move(*customer), std::move(product)};
}

Result<OrderView> get_order(Repository& repo, const Organization& org, const Id& id) {
  SK_TRY(found, repo.find_order(org.id, id));
  if (!found) return order_not_found();
  return view_order(repo, *found);
}

Result<Page<OrderView>> list_orders(Repository& repo, const Organization& org, const OrderFilter& filter,
                                    const PageRequest& page) {
  SK_TRY(rows, repo.list_orders(org.id, filter, page));
  Page<OrderView> views;
  views.total_count = rows.total_count;
  for (const auto& o : rows.items) {
    SK_TRY(view, view_order(repo, o));
    views.items.push_back(std::move(view));
  }
  return views;
}

Result<OrderView> create_order(Repository& repo, const Organization& org, const OrderCreate& in, Timestamp now) {
  SK_TRY(customer, repo.find_customer(org.id, in.customer_id));
  if (!customer) return invalid_field({"body", "customer_id"}, "Customer does not exist.", in.customer_id);
  SK_TRY(product, repo.find_product(org.id, in.product_id));
  if (!product) return invalid_field({"body", "product_id"}, "Product does not exist.", in.product_id);
  if (product->recurring)
    return invalid_field({"body", "product_id"}, "Product is a recurring product: sell it with a subscription.",
                         in.product_id);
  if (product->is_archived) return invalid_field({"body", "product_id"}, "Product is archived.", in.product_id);
  const int seats = in.seats.value_or(product->minimum_seats);
  if (seats < product->minimum_seats)
    return invalid_field({"body", "seats"}, "Minimum " + std::to_string(product->minimum_seats) + " seats required.",
                         std::to_string(seats));
  if (product->maximum_seats && seats > *product->maximum_seats)
    return invalid_field({"body", "seats"}, "Maximum " + std::to_string(*product->maximum_seats) + " seats allowed.",
                         std::to_string(seats));
  Order o;
  o.id = crypto::uuid_v4();
  o.organization_id = org.id;
  o.customer_id = customer->id;
  o.product_id = product->id;
  o.seats = seats;
  o.status = kOrderDraft;
  o.created_at = now;
  o.currency = in.currency.value_or(product->price.currency);
  o.description = in.description;
  o.metadata_json = in.metadata_json;
  o.item_id = crypto::uuid_v4();
  SK_CHECK(repo.insert_order(o));
  return OrderView{o, std::move(*customer), std::move(*product)};
}

Result<OrderView> finalize_order(Repository& repo, const Organization& org, const Id& id, Timestamp now) {
  SK_TRY(found, repo.find_order(org.id, id));
  if (!found) return order_not_found();
  Order o = std::move(*found);
  if (o.status != kOrderDraft) return fail(ErrorKind::precondition_failed, "OrderNotDraft", "Order is not a draft.");
  o.status = kOrderPaid;
  o.modified_at = now;
  SK_CHECK(repo.update_order(o));
  return view_order(repo, o);
}

}  // namespace sk::domain
