#include "delivery/invitation_message.hpp"

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "delivery/smtp_mailer.hpp"

namespace sk::delivery {
namespace {

InvitationMail sample() {
  InvitationMail m;
  m.to = "jane@example.com";
  m.subject = "You've been invited to access Team Plan";
  m.claim_url = "http://portal.example.com/acme/portal/claim?token=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefg";
  m.product_name = "Team Plan";
  m.organization_name = "Acme";
  m.billing_manager_email = "billing@acme.example";
  m.expires_at = "2026-11-27T14:03:09.123456Z";
  return m;
}

// Undoes quoted-printable (soft breaks and =XX), as a mail client does.
std::string decode_qp(const std::string& qp) {
  std::string out;
  for (std::size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] == '=' && i + 2 < qp.size() + 1 && qp.compare(i, 3, "=\r\n") == 0) {
      i += 2;
    } else if (qp[i] == '=' && i + 2 < qp.size()) {
      out += static_cast<char>(std::stoi(qp.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += qp[i];
    }
  }
  return out;
}

TEST(QuotedPrintable, EncodesWhatIsNotPlainAndWrapsAt76) {
  EXPECT_EQ(quoted_printable("plain text"), "plain text");
  EXPECT_EQ(quoted_printable("a=b"), "a=3Db");
  EXPECT_EQ(quoted_printable("caf\xc3\xa9"), "caf=C3=A9");
  EXPECT_EQ(quoted_printable("trailing space \nnext"), "trailing space=20\r\nnext");
  EXPECT_EQ(quoted_printable("crlf\r\nkept"), "crlf\r\nkept");
  const std::string long_line(200, 'x');
  const std::string encoded = quoted_printable(long_line);
  std::size_t start = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n", start);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
  EXPECT_EQ(decode_qp(encoded), long_line);
  // An escape is never split by a soft break.
  const std::string accents(100, '=');
  EXPECT_EQ(decode_qp(quoted_printable(accents)), accents);
}

TEST(HeaderEncoding, AsciiStaysAndUtf8BecomesEncodedWords) {
  EXPECT_EQ(encode_header_text("You've been invited to access Team"), "You've been invited to access Team");
  EXPECT_EQ(encode_header_text("Caf\xc3\xa9"), "=?UTF-8?B?Q2Fmw6k=?=");
  EXPECT_EQ(encode_header_text("evil\r\nBcc: x@y.z"), "evilBcc: x@y.z");  // no header injection
  const std::string long_utf8 = std::string(40, 'a') + "\xc3\xa9\xc3\xa9\xc3\xa9" + std::string(40, 'b');
  const std::string encoded = encode_header_text(long_utf8);
  EXPECT_NE(encoded.find("?=\r\n =?UTF-8?B?"), std::string::npos);  // folded into several words
  std::string decoded;
  std::size_t pos = 0;
  while ((pos = encoded.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = encoded.find("?=", pos + 10);
    auto bytes = crypto::base64_decode(encoded.substr(pos + 10, end - pos - 10));
    ASSERT_TRUE(bytes);
    decoded.append(bytes->begin(), bytes->end());
    pos = end + 2;
  }
  EXPECT_EQ(decoded, long_utf8);  // no character was cut between words
}

TEST(InvitationMessage, DatesAndExpiry) {
  EXPECT_EQ(rfc5322_date(from_unix_micros(1'795'788'189'000'000LL)), "Fri, 27 Nov 2026 14:03:09 +0000");
  EXPECT_EQ(expiry_sentence("2026-11-27T14:03:09.123456Z"), "This invitation expires on 27 November 2026 at 14:03 UTC.");
  EXPECT_EQ(expiry_sentence("garbage"), "This invitation expires in 24 hours.");
}

TEST(InvitationMessage, TextNamesTheInviterTheProductTheLinkAndTheExpiry) {
  const std::string text = invitation_text(sample());
  EXPECT_NE(text.find("billing@acme.example has invited you to access Team Plan from Acme."), std::string::npos);
  EXPECT_NE(text.find("\n" + sample().claim_url + "\n"), std::string::npos);
  EXPECT_NE(text.find("This invitation expires on 27 November 2026 at 14:03 UTC."), std::string::npos);
  auto anonymous = sample();
  anonymous.billing_manager_email.clear();
  EXPECT_NE(invitation_text(anonymous).find("You have been invited to access Team Plan"), std::string::npos);
}

TEST(InvitationMessage, HtmlEscapesEverythingItInterpolates) {
  auto m = sample();
  m.product_name = "<script>alert('x')</script> & co";
  m.claim_url = "http://p.example/a/portal/claim?token=a\"b";
  const std::string html = invitation_html(m);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"), std::string::npos);
  EXPECT_NE(html.find("href=\"http://p.example/a/portal/claim?token=a&quot;b\""), std::string::npos);
}

TEST(InvitationMessage, IsAMultipartAlternativeWithTextThenHtml) {
  const MessageHeaders h{"Acme <noreply@acme.example>", "Fri, 27 Nov 2026 14:03:09 +0000", "<id@acme.example>",
                         "=_seatkeeper_0123"};
  const std::string m = build_invitation_message(sample(), h);
  const auto body_start = m.find("\r\n\r\n");
  ASSERT_NE(body_start, std::string::npos);
  const std::string headers = m.substr(0, body_start + 2);
  EXPECT_NE(headers.find("From: Acme <noreply@acme.example>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("To: jane@example.com\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Subject: You've been invited to access Team Plan\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Date: Fri, 27 Nov 2026 14:03:09 +0000\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Message-ID: <id@acme.example>\r\n"), std::string::npos);
  EXPECT_NE(headers.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Content-Type: multipart/alternative; boundary=\"=_seatkeeper_0123\"\r\n"), std::string::npos);
  const auto text_part = m.find("--=_seatkeeper_0123\r\nContent-Type: text/plain; charset=UTF-8\r\n");
  const auto html_part = m.find("--=_seatkeeper_0123\r\nContent-Type: text/html; charset=UTF-8\r\n");
  ASSERT_NE(text_part, std::string::npos);
  ASSERT_NE(html_part, std::string::npos);
  EXPECT_LT(text_part, html_part);  // the last alternative is the preferred one
  EXPECT_TRUE(m.ends_with("--=_seatkeeper_0123--\r\n"));
  // The claim link survives the transfer encoding intact.
  const auto text_body = m.find("\r\n\r\n", text_part) + 4;
  EXPECT_NE(decode_qp(m.substr(text_body, html_part - text_body)).find(sample().claim_url), std::string::npos);
  // Every line is CRLF-terminated and within SMTP's limit.
  for (std::size_t i = 0; i < m.size(); ++i)
    if (m[i] == '\n') {
      ASSERT_TRUE(i > 0 && m[i - 1] == '\r') << "bare LF at " << i;
    }
}

TEST(SmtpSettings, AreCheckedUpFront) {
  EXPECT_EQ(mailbox_address("Acme <noreply@acme.example>"), "noreply@acme.example");
  EXPECT_EQ(mailbox_address("noreply@acme.example"), "noreply@acme.example");
  SmtpSettings ok;
  ok.url = "smtp://127.0.0.1:2525";
  ok.from = "noreply@acme.example";
  EXPECT_TRUE(validate_smtp_settings(ok));
  auto bad_scheme = ok;
  bad_scheme.url = "http://mail.example";
  EXPECT_FALSE(validate_smtp_settings(bad_scheme));
  auto no_from = ok;
  no_from.from = "";
  EXPECT_FALSE(validate_smtp_settings(no_from));
  auto injected = ok;
  injected.from = "a@b.c\r\nBcc: x@y.z";
  EXPECT_FALSE(validate_smtp_settings(injected));
  auto password_only = ok;
  password_only.password = "secret";
  EXPECT_FALSE(validate_smtp_settings(password_only));
  EXPECT_EQ(*parse_starttls("required"), StartTls::required);
  EXPECT_FALSE(parse_starttls("sometimes"));
}

}  // namespace
}  // namespace sk::delivery
