// What text shown to people may contain. Names and e-mail addresses end up in dashboards,
// e-mails and logs, where control characters forge lines and bidirectional overrides make text
// read differently from what it is ("Trojan Source"); both are refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sk::domain {

// Why `text` (valid UTF-8) cannot be shown as it is, or nullopt: C0 and C1 control characters,
// DEL, and the bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069).
std::optional<std::string> display_text_error(std::string_view text);

}  // namespace sk::domain
