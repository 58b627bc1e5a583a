#include "http/seat_extensions.hpp"

#include "domain/invitation_policy.hpp"
#include "domain/seat_service.hpp"
#include "http/error_response.hpp"
#include "http/handler_support.hpp"
#include "http/list_params.hpp"
#include "json/model_json.hpp"
#include "json/seat_json_writer.hpp"

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
  return answer_here(domain::list_seat_page(*call.repo, org, kind, container_id, filter, *page),
                     [limit = page->limit](const auto& seats) {
                       std::string out;
                       out.reserve(1024 * (seats.list.seats.size() + 1));
                       json::append_seats_page(out, seats.list, seats.total_count,
                                               (seats.total_count + limit - 1) / limit);
                       return out;
                     });
}

SeatText seat_answer_text(const Call& call, const domain::Organization& org) {
  return [public_url = call.config.public_url, slug = org.slug](const domain::SeatView& view) {
    std::string out;
    out.reserve(1024);
    if (view.undelivered_invitation_token) {
      const std::string url = domain::claim_url(public_url, slug, *view.undelivered_invitation_token);
      json::append_seat(out, view, &url);
    } else {
      json::append_seat(out, view);
    }
    return out;
  };
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
