#include "delivery/mailer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cerrno>
#include <cstring>

namespace sk::delivery {

std::optional<InvitationMail> parse_invitation_mail(const std::string& json_text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json_text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  auto field = [&](const char* key) -> std::string {
    auto it = o.find(key);
    return (it != o.end() && it->value().is_string()) ? std::string(it->value().as_string()) : std::string{};
  };
  InvitationMail mail{field("to"), field("subject"), field("claim_url"), field("product_name"),
                      field("organization_name"), field("billing_manager_email"), field("expires_at")};
  if (mail.to.empty() || mail.claim_url.empty()) return std::nullopt;
  return mail;
}

Status MailLogMailer::send(const InvitationMail& mail) {
  const std::string line = mail.to + " " + mail.claim_url + "\n";
  std::lock_guard lock(mutex_);
  // One write() of the whole line with O_APPEND: concurrent readers never see half a line.
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return internal_error("cannot open mail log " + path_ + ": " + std::strerror(errno));
  const auto written = ::write(fd, line.data(), line.size());
  const int saved = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size()))
    return internal_error("cannot write mail log " + path_ + ": " + std::strerror(saved));
  return {};
}

}  // namespace sk::delivery
