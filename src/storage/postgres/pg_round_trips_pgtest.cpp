// Round trips per request on PostgreSQL, counted on the connection: the lookups a request makes
// one after the other go in as few round trips as the answers allow (pg_repository.hpp), and a
// failure among the statements sent together rolls back exactly the job that sent them.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "delivery/outbox_sink.hpp"
#include "domain/seat_service.hpp"
#include "storage/contract/fixtures.hpp"
#include "storage/postgres/pg_repository.hpp"
#include "storage/postgres/pg_schema.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/postgres/pg_test_support.hpp"
#include "storage/postgres/pg_writer.hpp"

namespace sk::storage::postgres {
namespace {

using namespace sk::domain;
using namespace sk::storage::fixtures;
using testing::TestSchema;

constexpr const char* kTokenKey = "round-trip-test-key";

class PgRoundTripsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(schema_.ok());
    auto opened = Connection::open(schema_.url());
    ASSERT_TRUE(opened) << opened.error().detail;
    db_.emplace(std::move(*opened));
    ASSERT_TRUE(apply_migrations(*db_));

    PgRepository repo(*db_, /*lock_rows=*/false);
    org_ = make_organization("trips");
    customer_ = make_customer(org_.id, "billing@trips.example");
    product_ = make_product(org_.id, true);
    container_ = make_container(ContainerKind::subscription, customer_, product_, 10);
    ASSERT_TRUE(repo.insert_organization(org_));
    ASSERT_TRUE(repo.insert_customer(customer_));
    ASSERT_TRUE(repo.insert_product(product_));
    ASSERT_TRUE(repo.insert_container(container_));
    token_ = AccessToken{crypto::uuid_v4(), org_.id, {"customer_seats:read", "customer_seats:write"}, std::nullopt};
    ASSERT_TRUE(repo.insert_access_token(token_, token_hash(context(), "polar_oat_trips")));
    for (int i = 0; i < 3; ++i) {
      Member member = make_member(customer_, "member" + std::to_string(i) + "@trips.example");
      ASSERT_TRUE(repo.insert_member(member));
      Seat seat = make_seat(container_, member.email, 10 + i);
      seat.member_id = member.id;
      if (i == 0) {
        seat.invitation_token_hash = invitation_token_hash(context(), "invitation-0");
        seat.invitation_token_expires_at = at(100'000);
      }
      ASSERT_TRUE(repo.insert_seat(seat));
    }
  }

  static SeatContext context() {
    SeatContext ctx;
    ctx.now = at(50);
    ctx.token_key = kTokenKey;
    return ctx;
  }

  // What a request's handler does first: the bearer's token, then its organization.
  static Result<Organization> authenticate(Repository& repo) {
    SK_TRY(token, repo.find_access_token(token_hash(context(), "polar_oat_trips")));
    if (!token) return internal_error("no token");
    SK_TRY(org, repo.find_organization(token->organization_id));
    if (!org) return internal_error("no organization");
    return std::move(*org);
  }

  // Round trips `job` waited for as a read job, the second time it runs (the first prepares the
  // connection's statements, once per connection).
  long long read_round_trips(Store::ReadJob job) {
    EXPECT_TRUE(run_read_job(*db_, job));
    const long long before = db_->round_trips();
    EXPECT_TRUE(run_read_job(*db_, job));
    return db_->round_trips() - before;
  }

  // The list SetUp made: three seats of ten, each with its member.
  static void expect_the_three_seats(const std::optional<SeatsList>& listed) {
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->seats.size(), 3u);
    EXPECT_EQ(listed->total_seats, 10);
    EXPECT_EQ(listed->available_seats, 7);
    for (const auto& view : listed->seats) {
      ASSERT_TRUE(view.member);
      EXPECT_EQ(view.member->email, *view.seat.email);
    }
  }

  TestSchema schema_;
  std::optional<Connection> db_;
  Organization org_;
  Customer customer_;
  Product product_;
  SeatContainer container_;
  AccessToken token_;
};

TEST_F(PgRoundTripsTest, ListingSeatsTakesThreeRoundTrips) {
  std::optional<SeatsList> listed;
  const long long trips = read_round_trips([&](Repository& repo) {
    auto org = authenticate(repo);
    ASSERT_TRUE(org) << org.error().detail;
    EXPECT_EQ(org->name, org_.name);
    EXPECT_TRUE(org->seat_based_pricing_enabled);
    auto list = list_seats(repo, *org, ContainerKind::subscription, container_.id);
    ASSERT_TRUE(list) << list.error().detail;
    listed = std::move(*list);
  });
  // BEGIN with the token and its organization; the container with its product; seats with members.
  // (One at a time it was BEGIN, token, organization, container, seats, members, ROLLBACK.)
  EXPECT_EQ(trips, 3);
  expect_the_three_seats(listed);
  EXPECT_EQ(db_->transaction_state(), Connection::TxState::idle);  // the ROLLBACK was read back
}

TEST_F(PgRoundTripsTest, AnnouncedSeatListTakesOneRoundTrip) {
  std::optional<SeatsList> listed;
  const long long trips = read_round_trips([&](Repository& repo) {
    repo.expect_seat_list(ContainerKind::subscription, container_.id);  // what GET /v1/customer-seats does
    auto org = authenticate(repo);
    ASSERT_TRUE(org) << org.error().detail;
    EXPECT_TRUE(org->seat_based_pricing_enabled);
    auto list = list_seats(repo, *org, ContainerKind::subscription, container_.id);
    ASSERT_TRUE(list) << list.error().detail;
    listed = std::move(*list);
  });
  // BEGIN, the token with its organization, the container with its product, the seats and their
  // members: one pipeline.
  EXPECT_EQ(trips, 1);
  expect_the_three_seats(listed);
  EXPECT_EQ(db_->transaction_state(), Connection::TxState::idle);
}

TEST_F(PgRoundTripsTest, AnnouncedSeatListOfAnotherOrganizationIsNotFound) {
  // A container of another organization: the token's organization does not own it, so the read
  // ahead finds no container and the domain answers 404 as it would one call at a time.
  PgRepository setup(*db_, /*lock_rows=*/false);
  const Organization other = make_organization("elsewhere");
  const Customer other_customer = make_customer(other.id, "billing@elsewhere.example");
  const Product other_product = make_product(other.id, true);
  const SeatContainer foreign = make_container(ContainerKind::subscription, other_customer, other_product, 5);
  ASSERT_TRUE(setup.insert_organization(other));
  ASSERT_TRUE(setup.insert_customer(other_customer));
  ASSERT_TRUE(setup.insert_product(other_product));
  ASSERT_TRUE(setup.insert_container(foreign));
  ASSERT_TRUE(setup.insert_seat(make_seat(foreign, "someone@elsewhere.example", 1)));
  for (const bool announced : {true, false}) {
    Store::ReadJob job = [&](Repository& repo) {
      if (announced) repo.expect_seat_list(ContainerKind::subscription, foreign.id);
      auto org = authenticate(repo);
      ASSERT_TRUE(org) << org.error().detail;
      auto list = list_seats(repo, *org, ContainerKind::subscription, foreign.id);
      ASSERT_FALSE(list);
      EXPECT_EQ(list.error().kind, ErrorKind::not_found) << announced;
      EXPECT_EQ(list.error().detail, "Subscription not found") << announced;
    };
    ASSERT_TRUE(run_read_job(*db_, job));
  }
}

TEST_F(PgRoundTripsTest, ClaimInfoTakesOneRoundTrip) {
  std::optional<SeatClaimInfo> info;
  const long long trips = read_round_trips([&](Repository& repo) {
    auto found = get_claim_info(repo, context(), "invitation-0");
    ASSERT_TRUE(found) << found.error().detail;
    info = std::move(*found);
  });
  // BEGIN with one statement: the seat, its organization, container, product and member.
  EXPECT_EQ(trips, 1);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->product_name, product_.name);
  EXPECT_EQ(info->organization_slug, org_.slug);
  EXPECT_EQ(info->customer_email, "member0@trips.example");
  EXPECT_TRUE(info->can_claim);
}

TEST_F(PgRoundTripsTest, AKeptAnswerServesOnlyTheNextCallThatAsksForIt) {
  const long long trips = read_round_trips([&](Repository& repo) {
    auto org = authenticate(repo);
    ASSERT_TRUE(org);
    // Asked again, the organization is read again: the kept answer was used up.
    auto again = repo.find_organization(org_.id);
    ASSERT_TRUE(again && *again);
    // Another container's product is not served from what find_container kept.
    ASSERT_TRUE(repo.find_container(ContainerKind::subscription, org_.id, container_.id));
    auto other = repo.find_product(org_.id, crypto::uuid_v4());
    ASSERT_TRUE(other);
    EXPECT_FALSE(*other);
  });
  EXPECT_EQ(trips, 4);
}

TEST_F(PgRoundTripsTest, AnAssignTakesFewerRoundTripsThanStatements) {
  const delivery::OutboxSettings settings{"http://trips.example", "sealing-key-sealing-key-sealing-key!"};
  auto assign = [&](const std::string& email) {
    std::vector<PendingWrite> batch;
    batch.push_back({[&, email](Repository& repo) -> Status {
                       SK_TRY(org, authenticate(repo));
                       delivery::OutboxSink sink(repo, settings, context().now);
                       SeatAssignRequest request;
                       request.subscription_id = container_.id;
                       request.email = email;
                       SK_CHECK(assign_seat(repo, sink, context(), org, request));
                       return {};
                     },
                     {}});
    std::vector<Status> results;
    const long long before = db_->round_trips();
    run_write_batch(*db_, batch, results);
    EXPECT_TRUE(results.at(0)) << results[0].error().detail;
    return db_->round_trips() - before;
  };
  assign("first@trips.example");  // prepares the connection's statements
  // BEGIN; token and organization; container, product and count; member; holder's seat; new
  // member; a revoked seat to reuse; invitation policy; the seat; the billing customer; the seat
  // history and two outbox rows sent with the savepoint's release; COMMIT. One statement at a
  // time it took 18.
  EXPECT_EQ(assign("second@trips.example"), 12);
  auto outbox = db_->exec("SELECT count(*) FROM outbox");
  auto history = db_->exec("SELECT count(*) FROM seat_events");
  ASSERT_TRUE(outbox && history);
  EXPECT_EQ(Row(*outbox, 0).int64(0), 4);  // per seat, the webhook event and the invitation e-mail
  EXPECT_EQ(Row(*history, 0).int64(0), 2);
}

// A deferred append that fails (here: an outbox id used twice) fails its job alone, whether it
// is sent with the job's next statement or with the job's end; the jobs around it commit.
TEST_F(PgRoundTripsTest, AFailedDeferredAppendUndoesOnlyItsJob) {
  ASSERT_TRUE(db_->exec("CREATE TABLE kept (v integer)"));
  auto message = [](const Id& id) {
    OutboxMessage m;
    m.id = id;
    m.topic = "email";
    m.organization_id = "org";
    m.event_type = "test";
    m.payload = "{}";
    m.created_at = at(1);
    m.available_at = at(1);
    return m;
  };
  auto keep = [](Repository& repo, int v) {
    return dynamic_cast<PgRepository&>(repo).connection().query("INSERT INTO kept VALUES ($1::int)", v);
  };
  const Id taken = crypto::uuid_v4();
  std::vector<PendingWrite> batch;
  batch.push_back({[&](Repository& repo) -> Status {
                     SK_CHECK(keep(repo, 1));
                     return repo.append_outbox(message(taken));
                   },
                   {}});
  // The clash is sent with the job's next statement, which reports it.
  batch.push_back({[&](Repository& repo) -> Status {
                     SK_CHECK(repo.append_outbox(message(taken)));
                     SK_CHECK(keep(repo, 2));
                     return {};
                   },
                   {}});
  // The clash is sent with the job's end (the release of its savepoint).
  batch.push_back({[&](Repository& repo) -> Status {
                     SK_CHECK(keep(repo, 3));
                     return repo.append_outbox(message(taken));
                   },
                   {}});
  batch.push_back({[&](Repository& repo) -> Status {
                     SK_CHECK(keep(repo, 4));
                     return repo.append_outbox(message(crypto::uuid_v4()));
                   },
                   {}});
  std::vector<Status> results;
  run_write_batch(*db_, batch, results);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0]) << results[0].error().detail;
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().kind, ErrorKind::conflict);
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error().kind, ErrorKind::conflict);
  EXPECT_TRUE(results[3]) << results[3].error().detail;
  auto kept = db_->exec("SELECT string_agg(v::text, ',' ORDER BY v) FROM kept");
  auto outbox = db_->exec("SELECT count(*) FROM outbox");
  ASSERT_TRUE(kept && outbox);
  EXPECT_EQ(Row(*kept, 0).text(0), "1,4");
  EXPECT_EQ(Row(*outbox, 0).int64(0), 2);
}

}  // namespace
}  // namespace sk::storage::postgres
