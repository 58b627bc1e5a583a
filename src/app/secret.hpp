// The server secret keys every stored token hash and seals outbox e-mail. It comes from
// --secret / SEATKEEPER_SECRET, or from a key file beside the SQLite database, created once.
#pragma once

#include <string>

#include "common/error.hpp"

namespace sk::app {

Result<std::string> load_or_create_secret(const std::string& explicit_secret, const std::string& database_url);

}  // namespace sk::app
