// Reads fields of an untrusted JSON object the way Pydantic validates Polar's request models,
// collecting Polar-shaped 422 items ({type, loc, msg, input, ctx?}) instead of failing at the
// first one. A missing key and an explicit null both read as "not given" unless asked apart.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <expected>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace sk::http {

struct StringRule {
  std::size_t min_length = 0;
  std::size_t max_length = 0;  // 0: unbounded
  bool strip = false;          // Polar's StripValidator: surrounding white space removed first
  bool display = false;        // shown to people: no control or bidirectional override characters
};

class BodyReader {
 public:
  // `body` must outlive the reader. `where` is the loc prefix, e.g. {"body"}.
  explicit BodyReader(const boost::json::object& body, boost::json::array where = {"body"});

  bool has(std::string_view key) const;  // present, null or not
  const boost::json::value* get(std::string_view key) const;  // present and not null

  void require(std::string_view key);  // "Field required" when absent (or null when `null_is_missing`)
  std::optional<std::string> string(std::string_view key, StringRule rule = {});
  std::optional<std::string> email(std::string_view key);
  std::optional<std::string> uuid(std::string_view key);
  std::optional<long long> integer(std::string_view key, std::optional<long long> ge = std::nullopt,
                                   std::optional<long long> le = std::nullopt);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::string> one_of(std::string_view key, std::initializer_list<std::string_view> allowed);
  // Polar's metadata: at most 50 keys of 1..40 characters; values are strings of 1..500
  // characters, integers, numbers or booleans. Returns the object as JSON text.
  std::optional<std::string> metadata(std::string_view key);

  // An issue about `key` (or about the object itself when key is empty).
  void issue(std::string_view key, std::string_view type, std::string_view msg, const boost::json::value& input,
             boost::json::object ctx = {});
  boost::json::array loc(std::string_view key) const;

  bool ok() const { return issues_->empty(); }
  // Issues of this reader and of every child() made from it.
  boost::json::array& issues() { return *issues_; }
  // A reader for a nested object at `key` (index-like keys such as "0" are emitted as numbers).
  BodyReader child(const boost::json::object& nested, std::initializer_list<boost::json::value> path) const;

 private:
  BodyReader(const boost::json::object& body, boost::json::array where, boost::json::array* shared);

  const boost::json::object& body_;
  boost::json::array where_;
  boost::json::array own_issues_;
  boost::json::array* issues_;
};

// 422 with the reader's issues; only call when !ok().
Response validation_failure(BodyReader&);

// "Input should be a valid dictionary or object ..." for a body that is not an object.
std::expected<const boost::json::object*, Response> body_object(const boost::json::value& body);

// Pydantic's enum message: "Input should be 'a', 'b' or 'c'".
std::string expected_values(std::initializer_list<std::string_view> allowed);

}  // namespace sk::http
