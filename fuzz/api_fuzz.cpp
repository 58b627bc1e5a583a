// Raw bytes as one authenticated request, run to the end: routing, the route's gate and handler
// with their body, form and query parsing, authentication and the domain, on a real SQLite
// database. Every write job is rolled back, so each input meets the same database: one
// organization and the access token below, holding every scope (seeds carry it in their
// Authorization header). This is the target that reaches every management body parser.
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "crypto/crypto.hpp"
#include "delivery/outbox_sink.hpp"
#include "domain/seat_service.hpp"
#include "fuzz_support.hpp"
#include "http/auth.hpp"
#include "http/server.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace {

constexpr std::string_view kToken = "polar_oat_fuzz0000000000000000000000000000000000";
constexpr std::string_view kScopes[] = {
    "customer_seats:read", "customer_seats:write", "webhooks:read", "webhooks:write", "customers:read",
    "customers:write", "products:read", "products:write", "subscriptions:read", "subscriptions:write",
    "orders:read", "orders:write", "members:read", "members:write", "customer_sessions:write"};

struct World {
  sk::http::ApiConfig config;
  std::unique_ptr<sk::storage::Store> store;
};

World& world() {
  static World* w = [] {
    auto* made = new World;
    made->config.secret = std::string(32, 'k');
    made->config.public_url = "http://portal.seatkeeper.test";
    made->config.events = sk::delivery::outbox_sinks({made->config.public_url, made->config.secret});
    std::string dir = (std::filesystem::temp_directory_path() / "seatkeeper-fuzz-XXXXXX").string();
    if (!::mkdtemp(dir.data())) std::abort();
    auto store = sk::storage::sqlite::open_sqlite_store(dir + "/fuzz.db", {.reader_threads = 1});
    if (!store) std::abort();
    made->store = std::move(*store);
    const auto now = sk::now_utc();
    sk::domain::Organization org{sk::crypto::uuid_v4(), "Fuzz Org", "fuzz", true, now};
    sk::domain::AccessToken token{sk::crypto::uuid_v4(), org.id, {std::begin(kScopes), std::end(kScopes)}, std::nullopt};
    const auto ctx = made->config.seat_context(now);
    auto seeded = made->store->write_now([&](sk::domain::Repository& repo) {
      return repo.insert_organization(org).has_value() &&
             repo.insert_access_token(token, sk::domain::token_hash(ctx, kToken)).has_value();
    });
    if (!seeded) std::abort();
    return made;
  }();
  return *w;
}

// Runs a gate or handler in a write job that is always rolled back.
sk::http::Response run_rolled_back(World& w, sk::http::Handler handler, sk::http::Call& call) {
  sk::http::Response response;
  auto ran = w.store->write_now([&](sk::domain::Repository& repo) {
    call.repo = &repo;
    response = handler(call);
    return false;  // roll back: the next input meets the same database
  });
  if (!ran) std::abort();
  return response;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  static const sk::http::ServerOptions options;
  World& w = world();
  std::string version;
  auto admitted = sk::http::admit_http_bytes(sk::fuzz::text(data, size), options, version);
  if (!admitted) {
    sk::fuzz::require_json_refusal(admitted.error());
    return 0;
  }
  const sk::http::Route& route = *admitted->match.route;
  sk::http::Call call{admitted->request, admitted->match.params, nullptr, w.config, sk::now_utc()};
  call.body = route.json_body ? &admitted->body : nullptr;
  call.bearer_hash = sk::http::bearer_hash(admitted->request, w.config);
  sk::http::Response response;
  if (route.access == sk::http::Access::none) {
    response = route.handler(call);
  } else {
    if (route.gate) response = run_rolled_back(w, route.gate, call);
    if (!route.gate || response.status == sk::http::let_through().status)
      response = run_rolled_back(w, route.handler, call);
  }
  if (response.render) response.body = response.render();
  // Untrusted input gets a 4xx, never a 500 (a handler's exception is not caught here either).
  if (response.status >= 500) sk::fuzz::violation("a server error", response);
  if (response.content_type == "application/json") sk::fuzz::require_json(response);
  return 0;
}
