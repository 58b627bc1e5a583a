#include "delivery/outbox_sink.hpp"

#include <boost/json/serialize.hpp>

#include "common/log.hpp"
#include "crypto/crypto.hpp"
#include "domain/invitation_policy.hpp"
#include "domain/seat_event_record.hpp"

namespace sk::delivery {

namespace {
// The request whose transaction writes the row (none for background work such as the sweeper).
std::optional<std::string> current_request() {
  const auto id = log::current_request_id();
  return id.empty() ? std::nullopt : std::optional<std::string>(id);
}

// Links the row to the request that wrote it (the row and the line carry the request id): ids
// only, the payload holds e-mail addresses and, for invitations, a live claim link.
Status appended(Status status, const domain::OutboxMessage& m) {
  if (status) log::info("outbox.enqueued", "", {{"outbox_id", m.id}, {"topic", m.topic}, {"event_type", m.event_type}});
  return status;
}
}  // namespace

domain::EventSinkFactory outbox_sinks(OutboxSettings settings) {
  auto shared = std::make_shared<const OutboxSettings>(std::move(settings));
  return [shared](domain::Repository& repo, Timestamp now) -> std::unique_ptr<domain::RecordingEventSink> {
    return std::make_unique<OutboxSink>(repo, *shared, now);
  };
}

Status OutboxSink::seat_event(std::string_view type, const domain::Organization& org, const domain::SeatView& view,
                              Timestamp at) {
  recorded_ = true;
  // The facts, not the JSON: the payload is rendered where it is sent (json/webhook_body).
  domain::OutboxMessage message{crypto::uuid_v4(), domain::kWebhookOutboxTopic, org.id, std::string(type),
                                domain::encode_seat_event(type, at, view), now_, now_, 0, current_request()};
  return appended(repo_.append_outbox(message), message);
}

Status OutboxSink::invitation(const domain::Invitation& inv) {
  recorded_ = true;
  boost::json::object mail;
  mail["to"] = inv.to_email;
  mail["subject"] = "You've been invited to access " + inv.product_name;
  mail["claim_url"] = domain::claim_url(settings_.public_url, inv.organization_slug, inv.token);
  mail["product_name"] = inv.product_name;
  mail["organization_name"] = inv.organization_name;
  mail["billing_manager_email"] = inv.billing_manager_email;
  mail["expires_at"] = format_rfc3339(inv.expires_at);
  mail["seat_id"] = inv.seat_id;
  domain::OutboxMessage message{crypto::uuid_v4(), domain::kEmailOutboxTopic, inv.organization_id, "seat_invitation",
                                crypto::seal(settings_.sealing_key, boost::json::serialize(mail)), now_, now_, 0,
                                current_request()};
  return appended(repo_.append_outbox(message), message);
}

}  // namespace sk::delivery
