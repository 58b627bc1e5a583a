// Outgoing invitation e-mail: the message and the ways to send it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

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

// Several transports at once (e.g. SMTP and the development mail log): every one is tried; the
// send fails, and is retried as a whole, if any of them failed.
class MultiMailer final : public Mailer {
 public:
  explicit MultiMailer(std::vector<std::unique_ptr<Mailer>> mailers) : mailers_(std::move(mailers)) {}
  Status send(const InvitationMail& mail) override {
    Status result;
    for (auto& mailer : mailers_)
      if (auto sent = mailer->send(mail); !sent && result) result = sent;
    return result;
  }

 private:
  std::vector<std::unique_ptr<Mailer>> mailers_;
};

}  // namespace sk::delivery
