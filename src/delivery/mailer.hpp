// Outgoing invitation e-mail: the message and the ways to send it.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "common/error.hpp"

namespace sk::delivery {

struct InvitationMail {
  std::string to;
  std::string subject;
  std::string claim_url;
  std::string product_name;
  std::string organization_name;
  std::string billing_manager_email;
  std::string expires_at;
};

std::optional<InvitationMail> parse_invitation_mail(const std::string& json_text);

class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual Status send(const InvitationMail&) = 0;
};

// Development mail log: one line per invitation, exactly "<email> <claim_url>".
class MailLogMailer final : public Mailer {
 public:
  explicit MailLogMailer(std::string path) : path_(std::move(path)) {}
  Status send(const InvitationMail&) override;

 private:
  std::string path_;
  std::mutex mutex_;
};

// No mail transport configured: invitations are dropped with a log line (the link is not logged).
class DiscardMailer final : public Mailer {
 public:
  Status send(const InvitationMail&) override { return {}; }
};

}  // namespace sk::delivery
