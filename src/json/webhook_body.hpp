// The body a webhook receiver gets (and the events API shows) for a stored payload. A seat event
// record (domain/seat_event_record.hpp) is rendered here, on the dispatcher's or a reader's
// thread, never on the writer; a payload stored as JSON (rows written before records existed) is
// returned as stored, so it is still sent byte for byte as it was.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sk::json {

// nullopt only for a seat event record that does not decode (a damaged row).
std::optional<std::string> webhook_body(std::string_view stored);

}  // namespace sk::json
