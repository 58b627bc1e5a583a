// Idempotency keys: a client sends a key with a write; the first request runs and its answer is
// stored with the key, in the same transaction as the change it made, so a retry of the same
// request gets the same answer back and changes nothing. A key belongs to a scope (an
// organization, or a session), lives 24 hours, and is bound to one request (its fingerprint).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "common/time.hpp"

namespace sk::domain {

inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;
inline constexpr std::chrono::hours kIdempotencyKeyLifetime{24};

// The answer as it was given. `headers` is opaque here: the layer that made the answer encodes
// and decodes it.
struct StoredResponse {
  int status = 200;
  std::string body;
  std::string headers;
};

struct IdempotencyRecord {
  std::string scope;        // "organization:<id>" or "session:<id>"
  std::string key;          // as the client sent it
  std::string fingerprint;  // of method, path and body
  StoredResponse response;
  Timestamp created_at;
  Timestamp expires_at;
};

// The storage port for keys. Implementations write in the caller's transaction.
class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  // Marks (scope, key) as taken by the current transaction until it ends; false when another
  // transaction, here or in another instance, holds it right now. A store that runs one write
  // at a time may always answer true.
  virtual Result<bool> hold_idempotency_key(const std::string& scope, const std::string& key) = 0;
  // The record of (scope, key) unless it expired by `now`.
  virtual Result<std::optional<IdempotencyRecord>> find_idempotency_record(const std::string& scope,
                                                                           const std::string& key, Timestamp now) = 0;
  // Inserts the record, replacing an expired one with the same key.
  virtual Status save_idempotency_record(const IdempotencyRecord&) = 0;
  // Deletes up to `limit` records expired by `now`; how many went.
  virtual Result<int> delete_expired_idempotency_records(Timestamp now, int limit) = 0;
};

// One keyed request: who sent it, the key, and what it asked for.
struct KeyedRequest {
  std::string scope;
  std::string key;
  std::string fingerprint;
};

enum class KeyVerdict {
  run,        // first use (or the earlier use expired): run the request, then record its answer
  replay,     // the same request ran before: answer with `stored`
  mismatch,   // the key was used for a different request
  in_flight,  // the first request with this key is still running
};

struct KeyCheck {
  KeyVerdict verdict = KeyVerdict::run;
  std::optional<StoredResponse> stored;
};

// Why a key is unusable (empty, too long, not printable ASCII), or nullopt when it is fine.
std::optional<std::string> idempotency_key_problem(std::string_view key);

// The fingerprint of a request: a hash of its method, path (with query) and body bytes.
std::string request_fingerprint(std::string_view method, std::string_view path, std::string_view body);

// Decides what to do with a keyed request. On `run` the key is held until the transaction ends.
Result<KeyCheck> check_idempotency_key(IdempotencyRepository&, const KeyedRequest&, Timestamp now);
// Stores the answer of a request that ran (call in the same transaction as its change).
Status record_idempotent_response(IdempotencyRepository&, const KeyedRequest&, StoredResponse, Timestamp now);
// Deletes expired records in batches of `batch`; how many went.
Result<int> prune_idempotency_records(IdempotencyRepository&, Timestamp now, int batch);

}  // namespace sk::domain
