// The invitation e-mail as an RFC 5322 / MIME message: multipart/alternative with a plain-text and
// an HTML part, both quoted-printable UTF-8. Pure functions, so the bytes can be tested exactly.
#pragma once

#include <string>
#include <string_view>

#include "common/time.hpp"
#include "delivery/mailer.hpp"

namespace sk::delivery {

struct MessageHeaders {
  std::string from;        // header value, e.g. "Acme <noreply@acme.test>"
  std::string date;        // RFC 5322 date
  std::string message_id;  // "<...@...>"
  std::string boundary;    // multipart boundary, must not occur in the parts
};

std::string build_invitation_message(const InvitationMail&, const MessageHeaders&);

// "This invitation expires on 27 November 2026 at 14:03 UTC." from the RFC 3339 expiry.
std::string expiry_sentence(std::string_view expires_at_rfc3339);

std::string invitation_text(const InvitationMail&);
std::string invitation_html(const InvitationMail&);

// Building blocks, exposed for their tests.
std::string quoted_printable(std::string_view utf8);          // RFC 2045, CRLF line breaks, lines <= 76
std::string encode_header_text(std::string_view utf8);        // RFC 2047 B-encoding when not plain ASCII
std::string rfc5322_date(Timestamp);                          // "Fri, 27 Nov 2026 14:03:00 +0000"
std::string header_safe(std::string_view value);              // CR and LF removed: no header injection

}  // namespace sk::delivery
