// HTML escaping, one function for every page and e-mail that interpolates text into markup.
#pragma once

#include <string>
#include <string_view>

namespace sk {

// Replaces & < > " ' with their character references: safe in text and in quoted attributes.
std::string escape_html(std::string_view text);

}  // namespace sk
