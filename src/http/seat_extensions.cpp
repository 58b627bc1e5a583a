#include "http/seat_extensions.hpp"

#include <boost/json/serialize.hpp>

#include "domain/invitation_policy.hpp"
#include "domain/seat_service.hpp"
#include "http/error_response.hpp"
#include "http/list_params.hpp"
#include "json/model_json.hpp"

namespace sk::http {

namespace bj = boost::json;

bool wants_seat_page(const Request& request) {
  for (const auto& [name, value] : request.query)
    if (name == "page" || name == "limit" || name == "status" || name == "email") return true;
  return false;
}

Response list_seat_page(Call& call, const domain::Organization& org, domain::ContainerKind kind,
                        const domain::Id& container_id) {
  auto page = parse_page(call.request, {}, {"created_at"});
  if (!page) return page.error();
  page->newest_first = false;  // the same order as the unpaginated list
  auto statuses = query_enums(call.request, "status", {"pending", "claimed", "revoked"});
  if (!statuses) return statuses.error();
  domain::SeatFilter filter;
  for (const auto& status : *statuses)
    filter.want(status == "pending" ? domain::SeatStatus::pending
                : status == "claimed" ? domain::SeatStatus::claimed
                                      : domain::SeatStatus::revoked);
  filter.email_contains = call.request.query_param("email");
  auto result = domain::list_seat_page(*call.repo, org, kind, container_id, filter, *page);
  if (!result) return error_response(result.error());
  Response response;
  response.render = [seats = std::move(*result), limit = page->limit] {
    bj::object o = json::seats_list_json(seats.list);
    const long long max_page = (seats.total_count + limit - 1) / limit;
    o["pagination"] = bj::object{{"total_count", seats.total_count}, {"max_page", max_page}};
    return bj::serialize(o);
  };
  return response;
}

SeatShape seat_answer_shape(const Call& call, const domain::Organization& org) {
  return [public_url = call.config.public_url, slug = org.slug](const domain::SeatView& view, bj::storage_ptr sp) {
    bj::object o = json::seat_json(view, sp);
    if (view.undelivered_invitation_token)
      o["invitation_url"] = domain::claim_url(public_url, slug, *view.undelivered_invitation_token);
    return o;
  };
}

}  // namespace sk::http
