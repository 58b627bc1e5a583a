// Answers of a few hot read routes (a seat list, claim info), kept in memory so that a network
// thread can answer a repeated request without a store hop and without any database work.
//  - Key: the exact credential (its keyed hash), the method and the target as sent (path and
//    every query parameter), so one caller never gets an answer computed for another.
//  - An entry is used only while the store's commit version equals the one read before the
//    answer was computed (any commit, of this process or another one, retires every entry) and
//    only before its own deadline (the bearer's expiry, an invitation's expiry).
//  - Bounded by entries and bytes, least recently used first out.
// Only stores that can report a commit version cheaply take part (SQLite); on PostgreSQL, where
// another instance's commit cannot be seen from here, nothing is ever kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/metrics.hpp"
#include "common/time.hpp"
#include "http/message.hpp"
#include "http/routes.hpp"
#include "storage/store.hpp"

namespace sk::http {

struct AnswerCacheLimits {
  std::size_t max_entries = 4096;
  std::size_t max_bytes = 16 * 1024 * 1024;  // keys, bodies and headers, plus a fixed cost per entry
};

// Process-wide, for /metrics.
struct AnswerCacheMetrics {
  metrics::Counter hits, misses, evictions;
  metrics::Gauge entries, bytes;
};
AnswerCacheMetrics& answer_cache_metrics();

class AnswerCache {
 public:
  explicit AnswerCache(AnswerCacheLimits limits);
  ~AnswerCache();
  AnswerCache(const AnswerCache&) = delete;
  AnswerCache& operator=(const AnswerCache&) = delete;

  static std::string key(std::string_view method, std::string_view bearer_hash, std::string_view target);

  // A copy of the answer kept under `key`, if it was computed at `version` and `now` is before
  // its deadline. A kept answer that no longer qualifies is dropped.
  std::optional<Response> find(const std::string& key, const storage::CommitVersion& version, Timestamp now);
  // Keeps `answer`, computed from a snapshot taken after `version` was read, until `until`.
  void keep(std::string key, const storage::CommitVersion& version, Timestamp until, const Response& answer);

  std::size_t size() const;
  std::size_t bytes() const;

 private:
  struct Shard;
  Shard& shard_for(std::string_view key);
  AnswerCacheLimits limits_;
  std::unique_ptr<Shard[]> shards_;
};

// One request's use of the cache: looked up on the network thread before the store hop (a hit
// ends the request there), kept after the store answered. Inactive (no lookups, nothing kept)
// without a cache, for routes that are not `reusable`, or when the store cannot tell its
// commit version.
class AnswerLookup {
 public:
  AnswerLookup(AnswerCache* cache, const storage::Store& store, const Route& route, std::string_view method,
               std::string_view bearer_hash, std::string_view target);
  std::optional<Response> find(Timestamp now);
  // Keeps a 200 answer its handler marked reusable (Response::reusable_until).
  void keep(const Response& answer);

 private:
  AnswerCache* cache_ = nullptr;
  std::optional<storage::CommitVersion> version_;
  std::string key_;
};

}  // namespace sk::http
