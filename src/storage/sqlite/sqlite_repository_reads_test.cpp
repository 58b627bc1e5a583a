// The answers sqlite_repository_reads.cpp keeps (a seat list's members, a token's organization)
// serve only the call that follows in the same job, and never once a row has changed.
#include <gtest/gtest.h>

#include <algorithm>

#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

using namespace sk::domain;
using namespace sk::storage::sqlite::testing;

class SqliteKeptAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One reader: consecutive read jobs share its connection (and its repository).
    auto opened = open_sqlite_store(dir_.file("kept.db"), StoreOptions{.reader_threads = 1, .max_batch = 8});
    ASSERT_TRUE(opened) << opened.error().detail;
    store_ = std::move(*opened);
    org_ = make_organization("kept");
    customer_ = make_customer(org_.id, "billing@kept.example");
    product_ = make_product(org_.id, true);
    sub_ = make_container(ContainerKind::subscription, customer_, product_, 5);
    other_ = make_container(ContainerKind::subscription, customer_, product_, 5);
    ann_ = make_member(customer_, "ann@kept.example");
    bob_ = make_member(customer_, "bob@kept.example");
    ASSERT_TRUE(store_->write_now([&](Repository& repo) {
      EXPECT_TRUE(repo.insert_organization(org_));
      EXPECT_TRUE(repo.insert_access_token(AccessToken{"tok-1", org_.id, {"customer_seats:read"}, std::nullopt}, "hash-1"));
      EXPECT_TRUE(repo.insert_customer(customer_));
      EXPECT_TRUE(repo.insert_product(product_));
      EXPECT_TRUE(repo.insert_container(sub_));
      EXPECT_TRUE(repo.insert_container(other_));
      EXPECT_TRUE(repo.insert_member(ann_));
      EXPECT_TRUE(repo.insert_member(bob_));
      // Inserted out of order: the list is still by (created_at, id).
      for (auto [member, second] : {std::pair{&bob_, 30}, std::pair{&ann_, 10}}) {
        Seat seat = make_seat(sub_, member->email, second);
        seat.member_id = member->id;
        EXPECT_TRUE(repo.insert_seat(seat));
      }
      Seat unclaimed = make_seat(sub_, "nobody@kept.example", 20);
      unclaimed.invitation_token_hash = "invitation-hash";
      EXPECT_TRUE(repo.insert_seat(unclaimed));
      Seat elsewhere = make_seat(other_, bob_.email, 40);
      elsewhere.member_id = bob_.id;
      EXPECT_TRUE(repo.insert_seat(elsewhere));
      return true;
    }));
  }
  void TearDown() override {
    if (store_) store_->close();
  }

  static std::vector<std::string> names(const std::vector<Member>& members) {
    std::vector<std::string> out;
    for (const auto& m : members) out.push_back(m.email + "/" + m.name.value_or("-"));
    std::ranges::sort(out);
    return out;
  }

  void rename(Member& member, const std::string& name) {
    member.name = name;
    ASSERT_TRUE(store_->write_now([&](Repository& repo) { return repo.update_member(member).has_value(); }));
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  Organization org_;
  Customer customer_;
  Product product_;
  SeatContainer sub_, other_;
  Member ann_, bob_;
};

TEST_F(SqliteKeptAnswersTest, ASeatListComesSortedWithItsMembers) {
  ASSERT_TRUE(store_->read_now([&](Repository& repo) {
    auto seats = repo.list_seats(ContainerKind::subscription, sub_.id);
    ASSERT_TRUE(seats);
    ASSERT_EQ(seats->size(), 3u);
    EXPECT_EQ((*seats)[0].email, ann_.email);
    EXPECT_EQ((*seats)[1].email, "nobody@kept.example");
    EXPECT_EQ((*seats)[2].email, bob_.email);
    auto members = repo.find_seat_members(ContainerKind::subscription, sub_.id);
    ASSERT_TRUE(members);
    EXPECT_EQ(names(*members), (std::vector<std::string>{"ann@kept.example/-", "bob@kept.example/-"}));
    // Asked again (nothing kept any more), the statement gives the same answer.
    EXPECT_EQ(names(*repo.find_seat_members(ContainerKind::subscription, sub_.id)), names(*members));
    // Another container's members are its own.
    EXPECT_EQ(names(*repo.find_seat_members(ContainerKind::subscription, other_.id)),
              (std::vector<std::string>{"bob@kept.example/-"}));
  }));
}

TEST_F(SqliteKeptAnswersTest, AChangeInTheSameJobIsSeen) {
  ASSERT_TRUE(store_->write_now([&](Repository& repo) {
    EXPECT_TRUE(repo.list_seats(ContainerKind::subscription, sub_.id));
    Member renamed = ann_;
    renamed.name = "Ann";
    EXPECT_TRUE(repo.update_member(renamed));
    auto members = repo.find_seat_members(ContainerKind::subscription, sub_.id);
    EXPECT_EQ(names(*members), (std::vector<std::string>{"ann@kept.example/Ann", "bob@kept.example/-"}));
    return false;  // leave no trace
  }));
}

TEST_F(SqliteKeptAnswersTest, NothingKeptServesTheNextJob) {
  ASSERT_TRUE(store_->read_now([&](Repository& repo) { EXPECT_TRUE(repo.list_seats(ContainerKind::subscription, sub_.id)); }));
  rename(bob_, "Bob");
  ASSERT_TRUE(store_->read_now([&](Repository& repo) {
    auto members = repo.find_seat_members(ContainerKind::subscription, sub_.id);
    EXPECT_EQ(names(*members), (std::vector<std::string>{"ann@kept.example/-", "bob@kept.example/Bob"}));
  }));
}

TEST_F(SqliteKeptAnswersTest, ATokenComesWithItsOrganizationOnlyWithinItsJob) {
  ASSERT_TRUE(store_->read_now([&](Repository& repo) {
    auto token = repo.find_access_token("hash-1");
    ASSERT_TRUE(token && *token);
    EXPECT_EQ((*token)->organization_id, org_.id);
    auto org = repo.find_organization(org_.id);
    ASSERT_TRUE(org && *org);
    EXPECT_EQ((*org)->name, org_.name);
    EXPECT_FALSE(*repo.find_access_token("no-such-hash"));
  }));
  ASSERT_TRUE(store_->read_now([&](Repository& repo) { EXPECT_TRUE(repo.find_access_token("hash-1")); }));
  Organization renamed = org_;
  renamed.name = "Renamed";
  ASSERT_TRUE(store_->write_now([&](Repository& repo) { return repo.update_organization(renamed).has_value(); }));
  ASSERT_TRUE(store_->read_now([&](Repository& repo) { EXPECT_EQ((*repo.find_organization(org_.id))->name, "Renamed"); }));
  ASSERT_TRUE(store_->read_now([&](Repository& repo) {
    EXPECT_TRUE(repo.find_access_token("hash-1"));
    EXPECT_FALSE(*repo.find_organization("another-organization")) << "kept for its own id only";
  }));
}

TEST_F(SqliteKeptAnswersTest, ASeatFoundByItsInvitationComesWithItsOrganization) {
  ASSERT_TRUE(store_->read_now([&](Repository& repo) {
    auto seat = repo.find_seat_by_token_hash("invitation-hash");
    ASSERT_TRUE(seat && *seat);
    EXPECT_EQ((*seat)->email, "nobody@kept.example");
    auto org = repo.find_organization((*seat)->organization_id);
    ASSERT_TRUE(org && *org);
    EXPECT_EQ((*org)->slug, "kept");
    EXPECT_FALSE(*repo.find_seat_by_token_hash("unknown-hash"));
  }));
  Organization renamed = org_;
  renamed.name = "Renamed again";
  ASSERT_TRUE(store_->write_now([&](Repository& repo) {
    EXPECT_TRUE(repo.find_seat_by_token_hash("invitation-hash"));
    EXPECT_TRUE(repo.update_organization(renamed));
    EXPECT_EQ((*repo.find_organization(org_.id))->name, "Renamed again") << "a change since is seen";
    return true;
  }));
}

}  // namespace
}  // namespace sk::storage::sqlite
