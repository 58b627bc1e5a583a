// Idempotency-Key on writes under /v1/: the HTTP side of domain/idempotency. It reads the
// header, asks the domain whether to run, replay or refuse, and stores a successful answer in
// the same transaction as the handler's change.
#pragma once

#include <optional>
#include <string>

#include "http/routes.hpp"

namespace sk::http {

// Runs `handler` for `call`, honouring the request's Idempotency-Key if it carries one (write
// jobs only). Runs on the store thread, inside the job's transaction.
Response run_keyed(Handler, Access, Call&);

// The answer's headers as stored with a key, and back.
std::string encode_headers(const std::vector<std::pair<std::string, std::string>>&);
std::vector<std::pair<std::string, std::string>> decode_headers(std::string_view);

}  // namespace sk::http
