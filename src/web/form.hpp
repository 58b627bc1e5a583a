// application/x-www-form-urlencoded bodies of the pages' plain HTML forms.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.hpp"

namespace sk::web {

class Form {
 public:
  // Null when the body is not a well-formed urlencoded form (or has an absurd number of fields).
  static std::optional<Form> parse(const http::Request&);
  // The first value of `name`, or null.
  std::optional<std::string> get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

}  // namespace sk::web
