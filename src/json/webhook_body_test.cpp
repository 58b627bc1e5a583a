// The body rendered at delivery from a seat event record must be byte for byte the body the write
// job rendered before records existed (json::seat_event_json, serialized), for every event type
// and every seat shape. seatkeeper sends only the raw format (discord and slack endpoints are
// refused when created), so this body is the only one there is.
#include "json/webhook_body.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "domain/seat_event_record.hpp"
#include "json/model_json.hpp"

namespace sk::json {
namespace {

using namespace std::chrono_literals;

const Timestamp kAt = from_unix_micros(1'790'000'000'123'456);

std::string rendered_in_the_write_job(std::string_view type, Timestamp at, const domain::SeatView& view) {
  return boost::json::serialize(seat_event_json(type, at, view));
}

domain::Member member(std::optional<std::string> name, std::optional<std::string> external_id, std::string role) {
  domain::Member m;
  m.id = "6f1d2c3b-4a59-4e87-9d6c-5b4a39281706";
  m.customer_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  m.organization_id = "a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d";
  m.email = "member@example.com";
  m.name = std::move(name);
  m.external_id = std::move(external_id);
  m.role = std::move(role);
  m.created_at = kAt - 3600s;
  return m;
}

domain::SeatView pending_subscription_seat() {
  domain::SeatView v;
  auto& s = v.seat;
  s.id = "11111111-2222-4333-8444-555555555555";
  s.created_at = kAt;
  s.container_kind = domain::ContainerKind::subscription;
  s.container_id = "99999999-8888-4777-8666-555555555555";
  s.organization_id = "a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d";
  s.status = domain::SeatStatus::pending;
  s.email = "invitee@example.com";
  s.invitation_token_hash = "not rendered";
  s.invitation_token_expires_at = kAt + 24h * 7;
  return v;
}

// Seats in every state and shape the API can produce, and some it should not but a row may hold.
std::vector<std::pair<std::string, domain::SeatView>> seats() {
  std::vector<std::pair<std::string, domain::SeatView>> all;
  all.emplace_back("pending, subscription, no member", pending_subscription_seat());
  {
    auto v = pending_subscription_seat();
    v.seat.customer_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    v.seat.member_id = "6f1d2c3b-4a59-4e87-9d6c-5b4a39281706";
    v.member = member(std::nullopt, std::nullopt, "member");
    v.customer_email = "billing@example.com";
    v.seat.metadata_json = R"({"team":"blue","level":3,"tags":["a","b"],"nested":{"x":null,"y":true,"z":1.5}})";
    all.emplace_back("pending with member and metadata", v);
  }
  {
    auto v = pending_subscription_seat();
    v.seat.status = domain::SeatStatus::claimed;
    v.seat.modified_at = kAt + 90s;
    v.seat.claimed_at = kAt + 90s;
    v.seat.invitation_token_expires_at.reset();
    v.seat.invitation_token_hash.reset();
    v.seat.customer_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    v.seat.member_id = "6f1d2c3b-4a59-4e87-9d6c-5b4a39281706";
    auto m = member("Zoë \"Z\" O'Brien\\ 名前 😀", "ext:12;_34", "billing_manager");
    m.modified_at = kAt + 10s;
    v.member = m;
    v.customer_email = "billing@example.com";
    all.emplace_back("claimed with a named member", v);
  }
  {
    auto v = pending_subscription_seat();
    v.seat.container_kind = domain::ContainerKind::order;
    v.seat.container_id = "77777777-6666-4555-8444-333333333333";
    v.seat.status = domain::SeatStatus::revoked;
    v.seat.modified_at = kAt + 1s;
    v.seat.revoked_at = kAt + 1s;
    v.seat.invitation_token_expires_at.reset();
    v.seat.metadata_json = R"({"line":"one\ntwo","unicode":"\u00e9\u2028","quote":"\"","empty":""})";
    all.emplace_back("revoked, order", v);
  }
  {
    auto v = pending_subscription_seat();
    v.seat.container_kind = domain::ContainerKind::order;
    v.seat.status = domain::SeatStatus::claimed;
    v.seat.email.reset();
    v.seat.customer_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    v.seat.claimed_at = kAt;
    v.seat.invitation_token_expires_at.reset();
    v.member = member("", "", "owner");
    v.member->email = "";
    v.customer_email = "";
    all.emplace_back("claimed order seat by customer id, empty strings", v);
  }
  {
    auto v = pending_subscription_seat();
    v.seat.status = domain::SeatStatus::revoked;
    v.seat.revoked_at = from_unix_micros(-1);  // before the epoch: a negative count
    v.seat.created_at = from_unix_micros(0);
    v.seat.metadata_json = "";  // an empty text shows {} as before
    all.emplace_back("revoked, odd timestamps, empty metadata text", v);
  }
  {
    auto v = pending_subscription_seat();
    v.seat.metadata_json = "[1,2]";  // not an object: shown as {} as before
    all.emplace_back("metadata that is not an object", v);
  }
  {
    auto v = pending_subscription_seat();
    v.seat.metadata_json = "{\"k\":";  // damaged: shown as {} as before
    all.emplace_back("damaged metadata", v);
  }
  return all;
}

TEST(WebhookBody, RecordRendersTheBytesTheWriteJobRendered) {
  for (const char* type : {"customer_seat.assigned", "customer_seat.claimed", "customer_seat.revoked"}) {
    for (const auto& [name, view] : seats()) {
      const std::string stored = domain::encode_seat_event(type, kAt, view);
      EXPECT_TRUE(domain::is_seat_event_record(stored)) << name;
      EXPECT_LT(stored.size(), rendered_in_the_write_job(type, kAt, view).size()) << name;
      const auto body = webhook_body(stored);
      ASSERT_TRUE(body) << type << ": " << name;
      EXPECT_EQ(*body, rendered_in_the_write_job(type, kAt, view)) << type << ": " << name;
    }
  }
}

TEST(WebhookBody, RecordKeepsTheSeatAsItWasWhenTheEventHappened) {
  auto seat = pending_subscription_seat();
  const std::string stored = domain::encode_seat_event("customer_seat.assigned", kAt, seat);
  const std::string expected = rendered_in_the_write_job("customer_seat.assigned", kAt, seat);
  seat.seat.status = domain::SeatStatus::revoked;  // revoked before the event was delivered
  seat.seat.revoked_at = kAt + 1s;
  EXPECT_EQ(webhook_body(stored), expected);
  EXPECT_NE(expected.find(R"("status":"pending")"), std::string::npos);
}

TEST(WebhookBody, JsonStoredByEarlierVersionsIsSentAsStored) {
  const auto seat = pending_subscription_seat();
  const std::string old = rendered_in_the_write_job("customer_seat.revoked", kAt, seat);
  EXPECT_EQ(webhook_body(old), old);
  // Whatever the write job stored then, even spacing a renderer would not produce, goes out as is.
  EXPECT_EQ(webhook_body(R"({ "type" : "customer_seat.assigned" })"), R"({ "type" : "customer_seat.assigned" })");
}

TEST(WebhookBody, DamagedRecordRendersNothing) {
  const std::string stored = domain::encode_seat_event("customer_seat.assigned", kAt, pending_subscription_seat());
  for (std::size_t cut = 6; cut < stored.size(); cut += 7)
    EXPECT_FALSE(webhook_body(stored.substr(0, cut))) << "cut at " << cut;
  EXPECT_FALSE(webhook_body(stored + "x"));
  EXPECT_FALSE(webhook_body("~seat1999999999999999999999:x"));
  EXPECT_FALSE(webhook_body("~seat1-5:abc"));
}

}  // namespace
}  // namespace sk::json
