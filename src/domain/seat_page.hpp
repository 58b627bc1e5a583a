// One page of a container's seats, optionally filtered by status and e-mail: the paginated form
// of the seat list. A page is read through an index on (container, created_at, id), so its cost
// does not grow with the number of seats in the container.
#pragma once

#include <optional>
#include <string>

#include "common/error.hpp"
#include "domain/model.hpp"
#include "domain/paging.hpp"

namespace sk::domain {

struct SeatFilter {
  // Bit (1 << SeatStatus) per wanted status; 0 means every status.
  unsigned statuses = 0;
  std::optional<std::string> email_contains;  // case-insensitive (ASCII) substring

  void want(SeatStatus s) { statuses |= status_bit(s); }
  static constexpr unsigned status_bit(SeatStatus s) { return 1u << static_cast<unsigned>(s); }
};

class SeatPageRepository {
 public:
  virtual ~SeatPageRepository() = default;
  // Matching seats of the container ordered by created_at, id (page.newest_first is ignored),
  // with the number of matches.
  virtual Result<Page<Seat>> list_seat_page(ContainerKind, const Id& container_id, const SeatFilter&,
                                            const PageRequest&) = 0;
};

struct SeatsPage {
  SeatsList list;  // total_seats and available_seats stay container-wide
  long long total_count = 0;
};

}  // namespace sk::domain
