// New request ids: 128 random bits from OpenSSL as 32 lowercase hex digits. OpenSSL's per-call
// cost (its DRBG's locking and setup, a few microseconds) was the largest single item of a
// GET /healthz, so each thread draws random bytes in blocks and hands them out 16 at a time.
#pragma once

#include <string>

namespace sk::http {

std::string new_request_id();

}  // namespace sk::http
