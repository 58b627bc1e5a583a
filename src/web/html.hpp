// The one way text reaches a page: markup literals written here, with every interpolated value
// escaped on the way in. A page is assembled only from `Html` values, and an `Html` comes only
// from `fill()` over a literal (or from `join` of other `Html`), so a name, an e-mail or a token
// cannot reach the browser unescaped.
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <vector>

#include "common/html_escape.hpp"

namespace sk::web {

using sk::escape_html;

class Html {
 public:
  Html() = default;
  const std::string& str() const { return text_; }
  bool empty() const { return text_.empty(); }

 private:
  explicit Html(std::string text) : text_(std::move(text)) {}
  std::string text_;
  friend class HtmlWriter;
};

// A template: accepted only as a compile-time constant, so it cannot carry request data.
struct Markup {
  std::string_view text;
  template <std::size_t N>
  consteval Markup(const char (&literal)[N]) : text(literal, N - 1) {}
};

class HtmlWriter {
 public:
  void markup(Markup m) { out_ += m.text; }
  void put(const Html& h) { out_ += h.text_; }
  void put(std::string_view text) { out_ += escape_html(text); }
  void put(const std::string& text) { out_ += escape_html(text); }
  void put(const char* text) { out_ += escape_html(text); }
  template <std::integral I>
  void put(I number) { out_ += std::to_string(number); }
  Html done() { return Html(std::move(out_)); }

  // Fills the "{}" holes of `m` in order; the count is checked by the unit tests of each template.
  template <class... Args>
  void fill(Markup m, const Args&... args) {
    std::string_view rest = m.text;
    [[maybe_unused]] auto next_hole = [&](const auto& arg) {
      const auto at = rest.find("{}");
      out_ += rest.substr(0, at);
      put(arg);
      rest = at == std::string_view::npos ? std::string_view{} : rest.substr(at + 2);
    };
    (next_hole(args), ...);
    out_ += rest;
  }

 private:
  std::string out_;
};

template <class... Args>
Html fill(Markup m, const Args&... args) {
  HtmlWriter w;
  w.fill(m, args...);
  return w.done();
}

inline Html join(const std::vector<Html>& parts) {
  HtmlWriter w;
  for (const auto& p : parts) w.put(p);
  return w.done();
}

}  // namespace sk::web
