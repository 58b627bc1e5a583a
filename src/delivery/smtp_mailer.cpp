#include "delivery/smtp_mailer.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>

#include "crypto/crypto.hpp"
#include "delivery/invitation_message.hpp"

namespace sk::delivery {

namespace {

struct Upload {
  std::string data;
  std::size_t sent = 0;
};

size_t read_upload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->sent);
  std::memcpy(buffer, upload->data.data() + upload->sent, n);
  upload->sent += n;
  return n;
}

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

}  // namespace

std::string mailbox_address(const std::string& from) {
  const auto open = from.rfind('<');
  const auto close = from.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) return from.substr(open + 1, close - open - 1);
  return from;
}

Result<StartTls> parse_starttls(const std::string& text) {
  if (text == "required" || text == "always") return StartTls::required;
  if (text == "none" || text == "off" || text == "never") return StartTls::none;
  if (text == "opportunistic" || text == "try")
    return fail(ErrorKind::bad_request, "InvalidSmtpSettings",
                "--smtp-starttls opportunistic is not offered: an attacker on the path can strip STARTTLS and read "
                "the claim links; use required (the default) or, for a local relay only, none");
  return fail(ErrorKind::bad_request, "InvalidSmtpSettings", "--smtp-starttls must be required or none, not '" + text + "'");
}

Status validate_smtp_settings(const SmtpSettings& s) {
  if (!s.url.starts_with("smtp://") && !s.url.starts_with("smtps://"))
    return fail(ErrorKind::bad_request, "InvalidSmtpSettings", "--smtp-url must start with smtp:// or smtps://");
  const std::string address = mailbox_address(s.from);
  if (address.empty() || address.find('@') == std::string::npos || s.from.find_first_of("\r\n") != std::string::npos)
    return fail(ErrorKind::bad_request, "InvalidSmtpSettings", "--smtp-from must be an e-mail address (optionally 'Name <address>')");
  if (s.password.size() && s.username.empty())
    return fail(ErrorKind::bad_request, "InvalidSmtpSettings", "--smtp-password needs --smtp-username");
  return {};
}

Status SmtpMailer::send(const InvitationMail& mail) {
  const std::string from_address = mailbox_address(settings_.from);
  const MessageHeaders headers{settings_.from, rfc5322_date(now_utc()),
                               "<" + crypto::uuid_v4() + "@" + domain_of(from_address) + ">",
                               "=_seatkeeper_" + crypto::hex_encode(crypto::random_bytes(12))};
  Upload upload{build_invitation_message(mail, headers), 0};

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return internal_error("smtp: cannot create a libcurl handle");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, ("<" + header_safe(mail.to) + ">").c_str()), curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + from_address + ">").c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload.data.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  if (!settings_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  if (settings_.url.starts_with("smtp://")) {
    const long use_ssl = settings_.starttls == StartTls::required ? CURLUSESSL_ALL : CURLUSESSL_NONE;
    curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl);
  }
  if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    // libcurl's text names the failing step (connect, STARTTLS, AUTH, RCPT...); it never contains
    // the message, so the claim link stays out of the logs.
    return fail(ErrorKind::internal, "SmtpError", std::string("smtp: ") + (error[0] ? error : curl_easy_strerror(rc)));
  }
  return {};
}

}  // namespace sk::delivery
