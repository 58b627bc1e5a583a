#include "json/webhook_body.hpp"

#include <boost/json/serialize.hpp>

#include "domain/seat_event_record.hpp"
#include "json/model_json.hpp"

namespace sk::json {

std::optional<std::string> webhook_body(std::string_view stored) {
  if (!domain::is_seat_event_record(stored)) return std::string(stored);
  const auto record = domain::decode_seat_event(stored);
  if (!record) return std::nullopt;
  return boost::json::serialize(seat_event_json(record->type, record->at, record->view));
}

}  // namespace sk::json
