// The paginated, filtered seat list: only the page's seats are read, each with its member.
#include <algorithm>

#include "domain/seat_service.hpp"

namespace sk::domain {

Result<SeatsPage> list_seat_page(Repository& repo, const Organization& org, ContainerKind kind, const Id& container_id,
                                 const SeatFilter& filter, const PageRequest& page) {
  SK_TRY(container, load_container(repo, org, kind, container_id));
  SK_CHECK(require_seat_feature(org));
  SK_TRY(seats, repo.list_seat_page(kind, container_id, filter, page));
  SK_TRY(occupied, repo.count_occupied_seats(kind, container_id));
  SeatsPage out;
  out.total_count = seats.total_count;
  out.list.total_seats = container.seats.value_or(0);
  out.list.available_seats = std::max(0, out.list.total_seats - occupied);
  out.list.seats.reserve(seats.items.size());
  for (const auto& seat : seats.items) {
    SK_TRY(view, view_of(repo, seat));
    out.list.seats.push_back(std::move(view));
  }
  return out;
}

}  // namespace sk::domain
