#include "delivery/outbox_sink.hpp"

#include <boost/json/serialize.hpp>

#include "crypto/crypto.hpp"
#include "domain/invitation_policy.hpp"
#include "json/model_json.hpp"

namespace sk::delivery {

domain::EventSinkFactory outbox_sinks(OutboxSettings settings) {
  auto shared = std::make_shared<const OutboxSettings>(std::move(settings));
  return [shared](domain::Repository& repo, Timestamp now) -> std::unique_ptr<domain::RecordingEventSink> {
    return std::make_unique<OutboxSink>(repo, *shared, now);
  };
}

Status OutboxSink::seat_event(std::string_view type, const domain::Organization& org, const domain::SeatView& view,
                              Timestamp at) {
  recorded_ = true;
  return repo_.append_outbox(domain::OutboxMessage{crypto::uuid_v4(), domain::kWebhookOutboxTopic, org.id, std::string(type),
                                                   boost::json::serialize(json::seat_event_json(type, at, view)), now_,
                                                   now_, 0});
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
  return repo_.append_outbox(domain::OutboxMessage{crypto::uuid_v4(), domain::kEmailOutboxTopic, inv.organization_id, "seat_invitation",
                                                   crypto::seal(settings_.sealing_key, boost::json::serialize(mail)),
                                                   now_, now_, 0});
}

}  // namespace sk::delivery
