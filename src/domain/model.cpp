#include "domain/model.hpp"

namespace sk::domain {

const char* to_string(SeatStatus s) {
  switch (s) {
    case SeatStatus::pending: return "pending";
    case SeatStatus::claimed: return "claimed";
    case SeatStatus::revoked: return "revoked";
  }
  return "pending";
}

}  // namespace sk::domain
