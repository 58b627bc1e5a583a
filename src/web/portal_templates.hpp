// The billing manager's portal page and its revoke confirmation, as functions from values to markup.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "web/html.hpp"

namespace sk::web {

// One subscription or order with seats, as the billing manager sees it.
struct PortalContainer {
  domain::ContainerKind kind = domain::ContainerKind::subscription;
  std::string id;
  std::string product_name;
  std::string status;
  Timestamp created_at;
  domain::SeatsList seats;
};

struct PortalNotice {
  bool error = false;
  std::string text;
};

struct BillingPortalView {
  std::string organization_name;
  std::string slug;
  std::string customer_label;  // the customer's e-mail or name
  std::vector<PortalContainer> containers;
  std::optional<PortalNotice> notice;
  std::string csrf_token;
  std::optional<Timestamp> session_expires_at;
};
Html billing_portal_page(const BillingPortalView&);

struct RevokeConfirmView {
  std::string organization_name;
  std::string slug;
  std::string seat_id;
  std::string email;
  std::string product_name;
  std::string csrf_token;
};
Html revoke_confirm_page(const RevokeConfirmView&);

// The answer to the portal link: sets the session and moves on to the page without the token.
Html portal_entry_page(std::string_view organization_name, const std::string& portal_path);

}  // namespace sk::web
