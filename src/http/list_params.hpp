// Query parameters of Polar's list endpoints: `page` and `limit` (limit capped at 100),
// `sorting`, and the filters (repeatable: ?customer_id=a&customer_id=b). Bad values answer
// Polar's 422 with loc ["query", name].
#pragma once

#include <expected>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/commerce.hpp"
#include "http/message.hpp"

namespace sk::http {

// `newest_first` / `oldest_first`: the sorting values that mean "by creation time" for this
// resource (e.g. -created_at / created_at); the first `sorting` value decides, absent = newest.
std::expected<domain::PageRequest, Response> parse_page(const Request&,
                                                        std::initializer_list<std::string_view> newest_first,
                                                        std::initializer_list<std::string_view> oldest_first);

std::vector<std::string> query_values(const Request&, std::string_view name);
std::expected<std::optional<bool>, Response> query_bool(const Request&, std::string_view name);
std::expected<std::optional<std::string>, Response> query_string(const Request&, std::string_view name);
// Every value must be a UUID (Polar's UUID4 filters: version 4 too).
std::expected<std::vector<std::string>, Response> query_uuid4s(const Request&, std::string_view name);
std::expected<std::vector<std::string>, Response> query_enums(const Request&, std::string_view name,
                                                              std::initializer_list<std::string_view> allowed);

}  // namespace sk::http
