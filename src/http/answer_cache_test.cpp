#include "http/answer_cache.hpp"

#include <gtest/gtest.h>

namespace sk::http {
namespace {

using namespace std::chrono_literals;

const Timestamp t0 = from_unix_micros(1'800'000'000'000'000LL);
const storage::CommitVersion v1{1, {1, 2, 3, 4}};
const storage::CommitVersion v2{1, {2, 2, 3, 4}};  // another process committed
const storage::CommitVersion v3{2, {1, 2, 3, 4}};  // this process's writer committed

Response answer(std::string body) {
  Response r{200, std::move(body), {{"Cache-Control", "no-store"}, {"X-Other", "1"}}, {}};
  r.content_type = "application/json; charset=utf-8";
  return r;
}

TEST(AnswerCache, AKeptAnswerComesBackByteForByteWithItsHeaders) {
  AnswerCache cache({});
  const auto key = AnswerCache::key("GET", "hash-a", "/v1/customer-seats?subscription_id=s1");
  EXPECT_FALSE(cache.find(key, v1, t0));
  cache.keep(key, v1, t0 + 1h, answer(R"({"seats":[]})"));
  auto hit = cache.find(key, v1, t0 + 1s);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, 200);
  EXPECT_EQ(hit->body, R"({"seats":[]})");
  EXPECT_EQ(hit->headers, answer("").headers);
  EXPECT_EQ(hit->content_type, "application/json; charset=utf-8");
  EXPECT_FALSE(hit->render);
}

TEST(AnswerCache, TheKeyIsTheExactCredentialMethodAndTarget) {
  AnswerCache cache({});
  cache.keep(AnswerCache::key("GET", "hash-a", "/x?a=1&b=2"), v1, t0 + 1h, answer("a"));
  EXPECT_FALSE(cache.find(AnswerCache::key("GET", "hash-b", "/x?a=1&b=2"), v1, t0)) << "another credential";
  EXPECT_FALSE(cache.find(AnswerCache::key("GET", "", "/x?a=1&b=2"), v1, t0)) << "no credential";
  EXPECT_FALSE(cache.find(AnswerCache::key("GET", "hash-a", "/x?a=1&b=3"), v1, t0)) << "another query value";
  EXPECT_FALSE(cache.find(AnswerCache::key("GET", "hash-a", "/x?a=1"), v1, t0)) << "a query parameter less";
  EXPECT_FALSE(cache.find(AnswerCache::key("HEAD", "hash-a", "/x?a=1&b=2"), v1, t0)) << "another method";
  // The parts are separated: moving bytes from one part into the next gives another key.
  EXPECT_NE(AnswerCache::key("GET", "ab", "c"), AnswerCache::key("GET", "a", "bc"));
  EXPECT_TRUE(cache.find(AnswerCache::key("GET", "hash-a", "/x?a=1&b=2"), v1, t0));
}

TEST(AnswerCache, AnyCommitRetiresWhatWasKeptBeforeIt) {
  AnswerCache cache({});
  const auto key = AnswerCache::key("GET", "h", "/x");
  for (const auto& later : {v2, v3}) {
    cache.keep(key, v1, t0 + 1h, answer("old"));
    EXPECT_FALSE(cache.find(key, later, t0)) << "a newer version";
    EXPECT_EQ(cache.size(), 0u) << "and the stale answer is dropped";
  }
  cache.keep(key, v2, t0 + 1h, answer("new"));
  EXPECT_FALSE(cache.find(key, v1, t0)) << "a version that differs either way";
}

TEST(AnswerCache, NothingIsServedFromItsDeadlineOn) {
  AnswerCache cache({});
  const auto key = AnswerCache::key("GET", "h", "/claim/t");
  cache.keep(key, v1, t0 + 10s, answer("a"));
  EXPECT_TRUE(cache.find(key, v1, t0 + 10s - 1us));
  EXPECT_FALSE(cache.find(key, v1, t0 + 10s));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(AnswerCache, EntriesAreBoundedLeastRecentlyUsedFirstOut) {
  AnswerCache cache({.max_entries = 8 * 4, .max_bytes = 1 << 30});  // 4 per shard
  const auto before = answer_cache_metrics().evictions.value();
  for (int i = 0; i < 1000; ++i) cache.keep(AnswerCache::key("GET", "h", "/x/" + std::to_string(i)), v1, t0 + 1h, answer("a"));
  EXPECT_LE(cache.size(), 32u);
  EXPECT_GE(answer_cache_metrics().evictions.value() - before, 1000u - 32u);
  // The most recently kept one is still there; the first ones are gone.
  EXPECT_TRUE(cache.find(AnswerCache::key("GET", "h", "/x/999"), v1, t0));
  EXPECT_FALSE(cache.find(AnswerCache::key("GET", "h", "/x/0"), v1, t0));
}

TEST(AnswerCache, BytesAreBoundedAndAnOversizedAnswerIsNotKept) {
  AnswerCache cache({.max_entries = 100000, .max_bytes = 8 * 64 * 1024});  // 64 KiB per shard
  const std::string body(10 * 1024, 'x');
  for (int i = 0; i < 500; ++i) cache.keep(AnswerCache::key("GET", "h", "/x/" + std::to_string(i)), v1, t0 + 1h, answer(body));
  EXPECT_LE(cache.bytes(), 8u * 64 * 1024);
  EXPECT_GT(cache.size(), 8u);
  EXPECT_LT(cache.size(), 60u);
  const auto key = AnswerCache::key("GET", "h", "/big");
  cache.keep(key, v1, t0 + 1h, answer(std::string(65 * 1024, 'y')));
  EXPECT_FALSE(cache.find(key, v1, t0));
}

TEST(AnswerCache, MetricsCountHitsMissesAndWhatIsKept) {
  auto& m = answer_cache_metrics();
  const auto hits = m.hits.value(), misses = m.misses.value();
  const auto entries = m.entries.value();
  {
    AnswerCache cache({});
    const auto key = AnswerCache::key("GET", "h", "/m");
    (void)cache.find(key, v1, t0);
    cache.keep(key, v1, t0 + 1h, answer("abc"));
    (void)cache.find(key, v1, t0);
    (void)cache.find(key, v1, t0);
    EXPECT_EQ(m.hits.value() - hits, 2u);
    EXPECT_EQ(m.misses.value() - misses, 1u);
    EXPECT_EQ(m.entries.value() - entries, 1);
    EXPECT_EQ(static_cast<std::size_t>(m.bytes.value()) >= cache.bytes(), true);
  }
  EXPECT_EQ(m.entries.value(), entries) << "a destroyed cache gives its entries back";
}

// A store whose commit version the test sets.
class VersionedStore : public storage::Store {
 public:
  std::optional<storage::CommitVersion> version = v1;
  std::optional<storage::CommitVersion> commit_version() const override { return version; }
  void read(ReadJob, Done) override {}
  void write(WriteJob, Done) override {}
  void close() override {}
};

Response reusable_answer(std::string body, Timestamp until) {
  Response r = answer(std::move(body));
  r.reusable_until = until;
  return r;
}

const Route& route_with(unsigned traits) {
  static const Route reusable_route{"GET", {"v1", "customer-seats"}, Access::read, nullptr, false, route_traits::reusable};
  static const Route other_route{"GET", {"v1", "customers"}, Access::read, nullptr, false, 0};
  return traits & route_traits::reusable ? reusable_route : other_route;
}

TEST(AnswerLookup, KeepsOnlyReusableSuccessesOfReusableRoutes) {
  AnswerCache cache({});
  VersionedStore store;
  const Route& reusable = route_with(route_traits::reusable);
  {
    AnswerLookup miss(&cache, store, reusable, "GET", "h", "/a");
    EXPECT_FALSE(miss.find(t0));
    miss.keep(reusable_answer("kept", t0 + 1h));
  }
  AnswerLookup again(&cache, store, reusable, "GET", "h", "/a");
  auto hit = again.find(t0);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->body, "kept");

  AnswerLookup not_marked(&cache, store, reusable, "GET", "h", "/b");
  not_marked.keep(answer("no deadline given"));
  Response refused = reusable_answer("{}", t0 + 1h);
  refused.status = 404;
  AnswerLookup error(&cache, store, reusable, "GET", "h", "/c");
  error.keep(refused);
  AnswerLookup other(&cache, store, route_with(0), "GET", "h", "/d");
  other.keep(reusable_answer("other route", t0 + 1h));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_FALSE(AnswerLookup(&cache, store, route_with(0), "GET", "h", "/a").find(t0)) << "other routes never look";
}

TEST(AnswerLookup, AStoreThatCannotTellItsVersionNeitherServesNorKeeps) {
  AnswerCache cache({});
  VersionedStore store;
  const Route& reusable = route_with(route_traits::reusable);
  AnswerLookup(&cache, store, reusable, "GET", "h", "/a").keep(reusable_answer("kept", t0 + 1h));
  store.version.reset();  // PostgreSQL, or a commit being published
  EXPECT_FALSE(AnswerLookup(&cache, store, reusable, "GET", "h", "/a").find(t0));
  AnswerLookup(&cache, store, reusable, "GET", "h", "/b").keep(reusable_answer("x", t0 + 1h));
  EXPECT_EQ(cache.size(), 1u);
  // A version read before the store answered is what the answer is kept under.
  store.version = v1;
  AnswerLookup before_commit(&cache, store, reusable, "GET", "h", "/c");
  store.version = v2;
  before_commit.keep(reusable_answer("maybe stale", t0 + 1h));
  EXPECT_FALSE(AnswerLookup(&cache, store, reusable, "GET", "h", "/c").find(t0));
  EXPECT_FALSE(AnswerLookup(nullptr, store, reusable, "GET", "h", "/a").find(t0)) << "no cache";
}

}  // namespace
}  // namespace sk::http
