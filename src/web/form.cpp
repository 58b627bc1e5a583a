#include "web/form.hpp"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace sk::web {

namespace {
constexpr std::size_t kMaxFields = 32;  // our forms have at most four
}

std::optional<Form> Form::parse(const http::Request& request) {
  std::string_view type = request.content_type;
  if (auto semicolon = type.find(';'); semicolon != std::string_view::npos) type = type.substr(0, semicolon);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type != "application/x-www-form-urlencoded") return std::nullopt;
  if (!boost::urls::parse_query(request.body)) return std::nullopt;  // the view below would throw
  boost::urls::encoding_opts plus_is_space(true);
  boost::urls::params_view params(request.body, plus_is_space);
  Form form;
  for (auto param : params) {
    if (form.fields_.size() == kMaxFields) return std::nullopt;
    form.fields_.emplace_back(param.key, param.has_value ? param.value : std::string{});
  }
  return form;
}

std::optional<std::string> Form::get(std::string_view name) const {
  for (const auto& [key, value] : fields_)
    if (key == name) return value;
  return std::nullopt;
}

}  // namespace sk::web
