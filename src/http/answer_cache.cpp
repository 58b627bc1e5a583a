#include "http/answer_cache.hpp"

#include <algorithm>
#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>

namespace sk::http {
namespace {

constexpr std::size_t kShards = 8;            // two network threads rarely meet on one lock
constexpr std::size_t kEntryOverhead = 160;  // list node, map slot, the entry's fixed fields

struct Entry {
  std::string key;
  storage::CommitVersion version;
  Timestamp until;
  Response answer;  // status, body, headers, content type (never a render function)
  std::size_t bytes = 0;
};

std::size_t cost(const std::string& key, const Response& answer) {
  std::size_t n = kEntryOverhead + key.size() + answer.body.size() + answer.content_type.size();
  for (const auto& [name, value] : answer.headers) n += name.size() + value.size() + 64;
  return n;
}

Response copy_of(const Response& answer) {
  Response copy;
  copy.status = answer.status;
  copy.body = answer.body;
  copy.headers = answer.headers;
  copy.content_type = answer.content_type;
  return copy;
}

}  // namespace

AnswerCacheMetrics& answer_cache_metrics() {
  static AnswerCacheMetrics metrics;
  return metrics;
}

struct AnswerCache::Shard {
  std::mutex mutex;
  std::list<Entry> recent;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index;  // views of the entries' keys
  std::size_t bytes = 0;

  void erase(std::list<Entry>::iterator it) {
    auto& m = answer_cache_metrics();
    m.entries.add(-1);
    m.bytes.add(-static_cast<std::int64_t>(it->bytes));
    bytes -= it->bytes;
    index.erase(it->key);
    recent.erase(it);
  }
};

AnswerCache::AnswerCache(AnswerCacheLimits limits) : limits_(limits), shards_(std::make_unique<Shard[]>(kShards)) {
  limits_.max_entries = std::max<std::size_t>(1, limits_.max_entries / kShards);
  limits_.max_bytes = limits_.max_bytes / kShards;
}

AnswerCache::~AnswerCache() {
  for (std::size_t i = 0; i < kShards; ++i)
    while (!shards_[i].recent.empty()) shards_[i].erase(shards_[i].recent.begin());
}

std::string AnswerCache::key(std::string_view method, std::string_view bearer_hash, std::string_view target) {
  // NUL never occurs in a method or a hex hash, so the parts cannot run into each other.
  std::string k;
  k.reserve(method.size() + bearer_hash.size() + target.size() + 2);
  k.append(method).append(1, '\0').append(bearer_hash).append(1, '\0').append(target);
  return k;
}

AnswerCache::Shard& AnswerCache::shard_for(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

std::optional<Response> AnswerCache::find(const std::string& key, const storage::CommitVersion& version, Timestamp now) {
  auto& m = answer_cache_metrics();
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  const auto found = shard.index.find(key);
  if (found == shard.index.end()) {
    m.misses.add();
    return std::nullopt;
  }
  const auto it = found->second;
  if (it->version != version || now >= it->until) {
    shard.erase(it);
    m.misses.add();
    return std::nullopt;
  }
  shard.recent.splice(shard.recent.begin(), shard.recent, it);
  m.hits.add();
  return copy_of(it->answer);
}

void AnswerCache::keep(std::string key, const storage::CommitVersion& version, Timestamp until, const Response& answer) {
  const std::size_t bytes = cost(key, answer);
  if (bytes > limits_.max_bytes) return;
  auto& m = answer_cache_metrics();
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  if (const auto found = shard.index.find(key); found != shard.index.end()) shard.erase(found->second);
  while (!shard.recent.empty() && (shard.recent.size() >= limits_.max_entries || shard.bytes + bytes > limits_.max_bytes)) {
    shard.erase(std::prev(shard.recent.end()));
    m.evictions.add();
  }
  shard.recent.push_front(Entry{std::move(key), version, until, copy_of(answer), bytes});
  shard.index.emplace(shard.recent.front().key, shard.recent.begin());
  shard.bytes += bytes;
  m.entries.add(1);
  m.bytes.add(static_cast<std::int64_t>(bytes));
}

std::size_t AnswerCache::size() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    n += shards_[i].recent.size();
  }
  return n;
}

std::size_t AnswerCache::bytes() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    n += shards_[i].bytes;
  }
  return n;
}

AnswerLookup::AnswerLookup(AnswerCache* cache, const storage::Store& store, const Route& route, std::string_view method,
                           std::string_view bearer_hash, std::string_view target) {
  if (!cache || !(route.traits & route_traits::reusable)) return;
  // Read before the store hop: the answer's snapshot is then at least this recent, so an equal
  // version later proves nothing was committed since.
  version_ = store.commit_version();
  if (!version_) return;
  cache_ = cache;
  key_ = AnswerCache::key(method, bearer_hash, target);
}

std::optional<Response> AnswerLookup::find(Timestamp now) {
  if (!cache_) return std::nullopt;
  return cache_->find(key_, *version_, now);
}

void AnswerLookup::keep(const Response& answer) {
  if (!cache_ || answer.status != 200 || !answer.reusable_until) return;
  cache_->keep(std::move(key_), *version_, *answer.reusable_until, answer);
}

}  // namespace sk::http
