#include "domain/idempotency.hpp"

#include "crypto/crypto.hpp"

namespace sk::domain {

std::optional<std::string> idempotency_key_problem(std::string_view key) {
  if (key.empty()) return "Idempotency-Key must not be empty";
  if (key.size() > kMaxIdempotencyKeyLength)
    return "Idempotency-Key must be at most " + std::to_string(kMaxIdempotencyKeyLength) + " characters";
  for (unsigned char c : key)
    if (c < 0x20 || c > 0x7e) return "Idempotency-Key must be printable ASCII";
  return std::nullopt;
}

std::string request_fingerprint(std::string_view method, std::string_view path, std::string_view body) {
  // Lengths first, so no two different (method, path, body) triples hash the same text.
  std::string text = std::to_string(method.size()) + ":" + std::to_string(path.size()) + ":" +
                     std::to_string(body.size()) + "\n";
  text.append(method).append(path).append(body);
  return crypto::sha256_hex(text);
}

Result<KeyCheck> check_idempotency_key(IdempotencyRepository& repo, const KeyedRequest& request, Timestamp now) {
  SK_TRY(held, repo.hold_idempotency_key(request.scope, request.key));
  if (!held) return KeyCheck{KeyVerdict::in_flight, std::nullopt};
  SK_TRY(record, repo.find_idempotency_record(request.scope, request.key, now));
  if (!record) return KeyCheck{KeyVerdict::run, std::nullopt};
  if (record->fingerprint != request.fingerprint) return KeyCheck{KeyVerdict::mismatch, std::nullopt};
  return KeyCheck{KeyVerdict::replay, std::move(record->response)};
}

Status record_idempotent_response(IdempotencyRepository& repo, const KeyedRequest& request, StoredResponse response,
                                  Timestamp now) {
  return repo.save_idempotency_record(IdempotencyRecord{request.scope, request.key, request.fingerprint,
                                                        std::move(response), now, now + kIdempotencyKeyLifetime});
}

Result<int> prune_idempotency_records(IdempotencyRepository& repo, Timestamp now, int batch) {
  return repo.delete_expired_idempotency_records(now, batch);
}

}  // namespace sk::domain
