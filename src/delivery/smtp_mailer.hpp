// Sends the invitation e-mail to an SMTP server through libcurl: smtp:// (with STARTTLS as
// configured) or smtps:// (TLS from the first byte), optionally logging in.
#pragma once

#include <chrono>
#include <string>

#include "common/error.hpp"
#include "delivery/mailer.hpp"

namespace sk::delivery {

enum class StartTls { required, none };  // no "opportunistic": a claim link must not travel in clear unasked

struct SmtpSettings {
  std::string url;       // smtp://host[:port] or smtps://host[:port]
  std::string username;  // empty: no AUTH
  std::string password;
  std::string from;      // "Name <address>" or a bare address
  StartTls starttls = StartTls::required;  // smtp:// only
  std::string ca_file;   // extra trust anchor (a private CA or a self-signed server certificate)
  std::chrono::seconds timeout{30};
};

// Checks the settings once at start-up, so a typo fails `serve` instead of every e-mail.
Status validate_smtp_settings(const SmtpSettings&);
Result<StartTls> parse_starttls(const std::string&);

// The address inside "Name <address>" (or the whole value when there are no angle brackets).
std::string mailbox_address(const std::string& from);

class SmtpMailer final : public Mailer {
 public:
  explicit SmtpMailer(SmtpSettings settings) : settings_(std::move(settings)) {}
  Status send(const InvitationMail&) override;

 private:
  SmtpSettings settings_;
};

}  // namespace sk::delivery
