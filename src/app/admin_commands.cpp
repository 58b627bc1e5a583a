#include "app/admin_commands.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <memory>
#include <regex>

#include "app/secret.hpp"
#include "common/duration_text.hpp"
#include "crypto/crypto.hpp"
#include "domain/invitation_policy.hpp"
#include "domain/seat_assign_rules.hpp"
#include "domain/product_service.hpp"
#include "domain/seat_service.hpp"
#include "domain/text_rules.hpp"
#include "storage/store.hpp"
#include "storage/upkeep.hpp"

namespace sk::app {

namespace bj = boost::json;
using domain::Repository;

namespace {

struct AdminOptions {
  std::string database;
  std::string secret;
  std::string organization, name, slug, email, external_id, scopes, customer, product, status = domain::kOrderPaid;
  std::string expires_in, token_id;
  std::string invitation_delivery, invitation_lifetime;
  bool one_time = false, disable_seat_pricing = false;
  int minimum_seats = 1, maximum_seats = 0, seats = 0;
};

[[noreturn]] void die(const std::string& message) {
  std::cerr << "seatkeeper admin: " << message << "\n";
  std::exit(2);
}

// Opens the store, runs `fn` in one write transaction, prints the JSON it produced.
void run_admin(const AdminOptions& o, const std::function<Result<bj::object>(Repository&, const std::string& secret)>& fn) {
  auto store = storage::open_store(o.database, {.reader_threads = 1, .connections = 1});
  if (!store) die(store.error().detail);
  auto secret = load_or_create_secret(o.secret, o.database);
  if (!secret) die(secret.error().detail);
  Result<bj::object> outcome = internal_error("not run");
  auto committed = (*store)->write_now([&](Repository& repo) {
    outcome = fn(repo, *secret);
    return outcome.has_value();
  });
  (*store)->close();
  if (!committed) die(committed.error().detail);
  if (!outcome) die(outcome.error().detail);
  std::cout << bj::serialize(*outcome) << std::endl;
}

Result<domain::Organization> organization_by_slug(Repository& repo, const std::string& slug) {
  SK_TRY(org, repo.find_organization_by_slug(slug));
  if (!org) return fail(ErrorKind::not_found, "NotFound", "no organization with slug '" + slug + "'");
  return *org;
}

Result<bj::object> create_organization(Repository& repo, const AdminOptions& o) {
  static const std::regex slug_shape("[a-z0-9][a-z0-9-]{0,62}");
  if (o.name.empty()) return fail(ErrorKind::bad_request, "Invalid", "--name must not be empty");
  if (auto why = domain::display_text_error(o.name)) return fail(ErrorKind::bad_request, "Invalid", "--name: " + *why);
  if (!std::regex_match(o.slug, slug_shape))
    return fail(ErrorKind::bad_request, "Invalid", "--slug must be lower-case letters, digits and '-' (at most 63)");
  SK_TRY(existing, repo.find_organization_by_slug(o.slug));
  if (existing) return fail(ErrorKind::bad_request, "Invalid", "an organization with slug '" + o.slug + "' exists");
  domain::Organization org{crypto::uuid_v4(), o.name, o.slug, !o.disable_seat_pricing, now_utc()};
  SK_CHECK(repo.insert_organization(org));
  return bj::object{{"id", org.id}, {"name", org.name}, {"slug", org.slug},
                    {"seat_based_pricing_enabled", org.seat_based_pricing_enabled}, {"created_at", format_rfc3339(org.created_at)}};
}

// Changes only what was given: --invitation-delivery email|none, --invitation-lifetime 7d|default.
Result<bj::object> update_organization(Repository& repo, const AdminOptions& o) {
  SK_TRY(org, organization_by_slug(repo, o.slug));
  SK_TRY(policy, repo.find_invitation_policy(org.id));
  if (!o.invitation_delivery.empty()) {
    if (o.invitation_delivery != "email" && o.invitation_delivery != "none")
      return fail(ErrorKind::bad_request, "Invalid", "--invitation-delivery must be email or none");
    policy.send_email = o.invitation_delivery == "email";
  }
  if (o.invitation_lifetime == "default") {
    policy.lifetime.reset();
  } else if (!o.invitation_lifetime.empty()) {
    SK_TRY(lifetime, domain::parse_invitation_lifetime(o.invitation_lifetime));
    policy.lifetime = lifetime;
  }
  SK_CHECK(repo.save_invitation_policy(org.id, policy, now_utc()));
  return bj::object{{"id", org.id}, {"slug", org.slug},
                    {"invitation_delivery", policy.send_email ? "email" : "none"},
                    {"invitation_lifetime", policy.lifetime ? bj::value(domain::format_invitation_lifetime(*policy.lifetime))
                                                            : bj::value("default")}};
}

// A token as the CLI shows it, never with its secret: id, scopes, and where it stands.
bj::object token_json(const domain::AccessToken& t, Timestamp created_at, std::optional<Timestamp> revoked_at,
                      Timestamp now = now_utc()) {
  bj::array scope_list;
  for (const auto& s : t.scopes) scope_list.emplace_back(s);
  const char* state = revoked_at ? "revoked" : (t.expires_at && *t.expires_at <= now) ? "expired" : "active";
  const auto when = [](std::optional<Timestamp> at) { return at ? bj::value(format_rfc3339(*at)) : bj::value(nullptr); };
  return bj::object{{"id", t.id},
                    {"organization_id", t.organization_id},
                    {"scopes", std::move(scope_list)},
                    {"created_at", format_rfc3339(created_at)},
                    {"expires_at", when(t.expires_at)},
                    {"revoked_at", when(revoked_at)},
                    {"state", state}};
}

Result<bj::object> create_token(Repository& repo, const AdminOptions& o, const std::string& secret) {
  SK_TRY(org, organization_by_slug(repo, o.organization));
  std::vector<std::string> scopes;
  std::istringstream words(o.scopes);
  for (std::string s; words >> s;) scopes.push_back(s);
  if (scopes.empty()) return fail(ErrorKind::bad_request, "Invalid", "--scopes must name at least one scope");
  const Timestamp now = now_utc();
  std::optional<Timestamp> expires_at;
  if (!o.expires_in.empty()) {
    SK_TRY(lifetime, parse_duration(o.expires_in));
    expires_at = now + lifetime;
  }
  const std::string token = crypto::polar_token("polar_oat_");
  domain::AccessToken record{crypto::uuid_v4(), org.id, scopes, expires_at};
  const domain::SeatContext ctx{now, secret};
  SK_CHECK(repo.insert_access_token(record, domain::token_hash(ctx, token)));
  bj::object shown = token_json(record, now, std::nullopt);
  shown["token"] = token;  // the only time it is shown: only its keyed hash is stored
  return shown;
}

Result<bj::object> list_tokens(Repository& repo, const AdminOptions& o) {
  SK_TRY(org, organization_by_slug(repo, o.organization));
  auto upkeep = storage::upkeep_of(repo);
  if (!upkeep) return internal_error("no token store for this database");
  SK_TRY(tokens, upkeep->list_access_tokens(org.id));
  const Timestamp now = now_utc();
  bj::array items;
  for (const auto& t : tokens) items.push_back(token_json(t.token, t.created_at, t.revoked_at, now));
  return bj::object{{"organization_id", org.id}, {"items", std::move(items)}};
}

Result<bj::object> revoke_token(Repository& repo, const AdminOptions& o) {
  auto upkeep = storage::upkeep_of(repo);
  if (!upkeep) return internal_error("no token store for this database");
  SK_TRY(revoked, upkeep->revoke_access_token(o.token_id, now_utc()));
  if (!revoked) return fail(ErrorKind::not_found, "NotFound", "no unrevoked access token with id '" + o.token_id + "'");
  return bj::object{{"id", o.token_id}, {"revoked", true}};
}

Result<bj::object> create_customer(Repository& repo, const AdminOptions& o) {
  SK_TRY(org, organization_by_slug(repo, o.organization));
  if (auto why = domain::email_syntax_error(o.email)) return fail(ErrorKind::bad_request, "Invalid", "--email: " + *why);
  if (auto why = domain::display_text_error(o.name)) return fail(ErrorKind::bad_request, "Invalid", "--name: " + *why);
  const std::string email = domain::normalize_email(o.email);
  SK_TRY(same_email, repo.find_customer_by_email(org.id, email));
  if (same_email) return fail(ErrorKind::bad_request, "Invalid", "a customer with this email already exists");
  if (!o.external_id.empty()) {
    SK_TRY(same_external, repo.find_customer_by_external_id(org.id, o.external_id));
    if (same_external) return fail(ErrorKind::bad_request, "Invalid", "a customer with this external id already exists");
  }
  domain::Customer c{crypto::uuid_v4(), org.id, email,
                     o.external_id.empty() ? std::nullopt : std::optional(o.external_id),
                     o.name.empty() ? std::nullopt : std::optional(o.name), now_utc(), std::nullopt, "individual", "{}"};
  SK_CHECK(repo.insert_customer(c));
  return bj::object{{"id", c.id}, {"organization_id", org.id}, {"email", email},
                    {"external_id", c.external_id ? bj::value(*c.external_id) : bj::value(nullptr)},
                    {"name", c.name ? bj::value(*c.name) : bj::value(nullptr)}};
}

Result<bj::object> create_product(Repository& repo, const AdminOptions& o) {
  SK_TRY(org, organization_by_slug(repo, o.organization));
  if (o.name.empty()) return fail(ErrorKind::bad_request, "Invalid", "--name must not be empty");
  if (auto why = domain::display_text_error(o.name)) return fail(ErrorKind::bad_request, "Invalid", "--name: " + *why);
  if (o.minimum_seats < 1) return fail(ErrorKind::bad_request, "Invalid", "--minimum-seats must be at least 1");
  if (o.maximum_seats != 0 && o.maximum_seats < o.minimum_seats)
    return fail(ErrorKind::bad_request, "Invalid", "--maximum-seats must not be below --minimum-seats");
  // The same product the API makes: one free seat-based tier minimum..maximum, billed monthly
  // when recurring.
  domain::ProductCreate in;
  in.name = o.name;
  if (!o.one_time) in.recurring_interval = "month";
  in.price.tiers = {domain::SeatTier{o.minimum_seats, o.maximum_seats ? std::optional(o.maximum_seats) : std::nullopt, 0}};
  SK_TRY(p, domain::create_product(repo, org, in, now_utc()));
  return bj::object{{"id", p.id}, {"organization_id", org.id}, {"name", p.name}, {"is_recurring", p.recurring},
                    {"minimum_seats", p.minimum_seats},
                    {"maximum_seats", p.maximum_seats ? bj::value(*p.maximum_seats) : bj::value(nullptr)}};
}

Result<bj::object> create_container(Repository& repo, const AdminOptions& o, domain::ContainerKind kind) {
  const bool subscription = kind == domain::ContainerKind::subscription;
  SK_TRY(customer, repo.find_customer_by_id(o.customer));
  if (!customer) return fail(ErrorKind::not_found, "NotFound", "no customer with id '" + o.customer + "'");
  SK_TRY(product, repo.find_product(customer->organization_id, o.product));
  if (!product) return fail(ErrorKind::not_found, "NotFound", "no product with id '" + o.product + "' in the customer's organization");
  if (subscription && !product->recurring)
    return fail(ErrorKind::bad_request, "Invalid", "a one-time product is sold with create-order, not create-subscription");
  if (!subscription && product->recurring)
    return fail(ErrorKind::bad_request, "Invalid", "a recurring product is sold with create-subscription, not create-order");
  if (o.seats < product->minimum_seats)
    return fail(ErrorKind::bad_request, "Invalid", "--seats must be at least " + std::to_string(product->minimum_seats));
  if (product->maximum_seats && o.seats > *product->maximum_seats)
    return fail(ErrorKind::bad_request, "Invalid", "--seats must be at most " + std::to_string(*product->maximum_seats));
  std::string status = subscription ? "active" : o.status;
  if (!subscription && status != domain::kOrderPaid && status != domain::kOrderPending)
    return fail(ErrorKind::bad_request, "Invalid", "--status must be paid or pending");
  // Written with every column the API shows, so the API reads it like one of its own.
  const Timestamp now = now_utc();
  const std::string id = crypto::uuid_v4();
  if (subscription) {
    domain::Subscription s;
    s.id = id;
    s.organization_id = customer->organization_id;
    s.customer_id = customer->id;
    s.product_id = product->id;
    s.seats = o.seats;
    s.status = status;
    s.created_at = s.started_at = now;
    SK_CHECK(repo.insert_subscription(s));
  } else {
    domain::Order order;
    order.id = id;
    order.organization_id = customer->organization_id;
    order.customer_id = customer->id;
    order.product_id = product->id;
    order.seats = o.seats;
    order.status = status;
    order.created_at = now;
    order.currency = product->price.currency;
    order.item_id = crypto::uuid_v4();
    SK_CHECK(repo.insert_order(order));
  }
  return bj::object{{"id", id}, {"customer_id", customer->id}, {"product_id", product->id}, {"seats", o.seats},
                    {"status", status}};
}

}  // namespace

void register_admin_commands(CLI::App& app) {
  auto o = std::make_shared<AdminOptions>();
  auto* admin = app.add_subcommand("admin", "Create organizations, tokens, customers, products, subscriptions, orders");
  admin->add_option("--database", o->database, "sqlite:///abs/path.db, a file path, or postgresql://...")
      ->envname("SEATKEEPER_DATABASE")->required();
  admin->add_option("--secret", o->secret, "server secret (default: key file beside the SQLite database; required with PostgreSQL)")->envname("SEATKEEPER_SECRET");
  admin->require_subcommand(1);

  auto* org = admin->add_subcommand("create-organization", "Create an organization");
  org->add_option("--name", o->name)->required();
  org->add_option("--slug", o->slug)->required();
  org->add_flag("--disable-seat-based-pricing", o->disable_seat_pricing, "turn the seat feature off (403 FeatureNotEnabled)");
  org->callback([o] { run_admin(*o, [o](Repository& r, const std::string&) { return create_organization(r, *o); }); });

  auto* update_org = admin->add_subcommand("update-organization", "Change an organization's invitation policy");
  update_org->add_option("--slug", o->slug)->required();
  update_org->add_option("--invitation-delivery", o->invitation_delivery,
                         "email (seatkeeper sends invitations) or none (the API hands back the claim link)");
  update_org->add_option("--invitation-lifetime", o->invitation_lifetime,
                         "how long claim links live when a request does not say: 3600s..30d (e.g. 7d), or default");
  update_org->callback(
      [o] { run_admin(*o, [o](Repository& r, const std::string&) { return update_organization(r, *o); }); });

  auto* token = admin->add_subcommand("create-token", "Create an organization access token (shown once)");
  token->add_option("--organization", o->organization, "organization slug")->required();
  token->add_option("--scopes", o->scopes, "space-separated scopes")->required();
  token->add_option("--expires-in", o->expires_in, "lifetime, e.g. 30d, 12h (default: until revoked)");
  token->callback([o] { run_admin(*o, [o](Repository& r, const std::string& s) { return create_token(r, *o, s); }); });

  auto* list = admin->add_subcommand("list-tokens", "List an organization's access tokens (never their secrets)");
  list->add_option("--organization", o->organization, "organization slug")->required();
  list->callback([o] { run_admin(*o, [o](Repository& r, const std::string&) { return list_tokens(r, *o); }); });

  auto* revoke = admin->add_subcommand("revoke-token", "Revoke an access token: 401 invalid_token at once, everywhere");
  revoke->add_option("--id", o->token_id, "the token's id (from create-token or list-tokens)")->required();
  revoke->callback([o] { run_admin(*o, [o](Repository& r, const std::string&) { return revoke_token(r, *o); }); });

  auto* customer = admin->add_subcommand("create-customer", "Create a (billing) customer");
  customer->add_option("--organization", o->organization, "organization slug")->required();
  customer->add_option("--email", o->email)->required();
  customer->add_option("--name", o->name);
  customer->add_option("--external-id", o->external_id);
  customer->callback([o] { run_admin(*o, [o](Repository& r, const std::string&) { return create_customer(r, *o); }); });

  auto* product = admin->add_subcommand("create-product", "Create a seat-based product");
  product->add_option("--organization", o->organization, "organization slug")->required();
  product->add_option("--name", o->name)->required();
  product->add_flag("--one-time", o->one_time, "sold by orders instead of subscriptions");
  product->add_option("--minimum-seats", o->minimum_seats);
  product->add_option("--maximum-seats", o->maximum_seats);
  product->callback([o] { run_admin(*o, [o](Repository& r, const std::string&) { return create_product(r, *o); }); });

  for (auto kind : {domain::ContainerKind::subscription, domain::ContainerKind::order}) {
    const bool sub = kind == domain::ContainerKind::subscription;
    auto* c = admin->add_subcommand(sub ? "create-subscription" : "create-order",
                                    sub ? "Start a subscription with N seats" : "Record a one-time order for N seats");
    c->add_option("--customer", o->customer, "billing customer id")->required();
    c->add_option("--product", o->product, "product id")->required();
    c->add_option("--seats", o->seats)->required()->check(CLI::PositiveNumber);
    if (!sub) c->add_option("--status", o->status, "paid (default) or pending");
    c->callback([o, kind] { run_admin(*o, [o, kind](Repository& r, const std::string&) { return create_container(r, *o, kind); }); });
  }
}

void register_migrate_command(CLI::App& app) {
  auto database = std::make_shared<std::string>();
  auto* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema");
  migrate->add_option("--database", *database, "sqlite:///abs/path.db, a file path, or postgresql://...")->envname("SEATKEEPER_DATABASE")->required();
  migrate->callback([database] {
    // Opening applies migrations (PostgreSQL: under an advisory lock, so racing instances are fine).
    auto store = storage::open_store(*database, {.reader_threads = 1, .connections = 1});
    if (!store) die(store.error().detail);
    (*store)->close();
    std::cout << bj::serialize(bj::object{{"status", "migrated"}}) << std::endl;
  });
}

}  // namespace sk::app
