// The OpenAPI document cannot drift from the route table: every route served is described, every
// operation described is served, and every reference inside the document resolves.
#include "http/openapi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "http/routes.hpp"

namespace sk::http {
namespace {

namespace bj = boost::json;

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void collect_refs(const bj::value& v, std::set<std::string>& refs) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.as_object()) {
      if (k == "$ref" && child.is_string()) refs.insert(std::string(child.as_string()));
      else collect_refs(child, refs);
    }
  } else if (v.is_array()) {
    for (const auto& child : v.as_array()) collect_refs(child, refs);
  }
}

TEST(OpenApi, PartsMergeWithoutConflicts) {
  const auto& doc = openapi_document_json();
  for (const auto& problem : doc.problems) ADD_FAILURE() << problem;
  EXPECT_EQ(doc.document.at("openapi").as_string(), "3.1.0");
}

TEST(OpenApi, EveryServedRouteIsDescribed) {
  const auto& paths = openapi_document_json().document.at("paths").as_object();
  for (const auto& route : all_routes()) {
    const std::string path = route_template(route);
    const auto* item = paths.if_contains(path);
    const bool described = item && item->is_object() && item->as_object().contains(lower(route.method));
    EXPECT_TRUE(described) << route.method << " " << path
                           << " is served but not described: add it to a part in src/http/openapi/ "
                              "(see docs/operations.md, \"Adding an endpoint to the OpenAPI document\")";
  }
}

TEST(OpenApi, EveryDescribedOperationIsServed) {
  std::set<std::string> served;
  for (const auto& route : all_routes()) served.insert(lower(route.method) + " " + route_template(route));
  for (const auto& [path, item] : openapi_document_json().document.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object())
      EXPECT_TRUE(served.contains(std::string(method) + " " + std::string(path)))
          << method << " " << path << " is described but no route serves it";
}

// Idempotency-Key (http/idempotency.cpp) is honoured on every write under /v1/ that has a caller
// to own the key: all but the anonymous claim routes.
TEST(OpenApi, EveryKeyedWriteDescribesTheIdempotencyKey) {
  const auto& paths = openapi_document_json().document.at("paths").as_object();
  const bj::value key_ref = bj::object{{"$ref", "#/components/parameters/IdempotencyKey"}};
  int keyed = 0;
  for (const auto& route : all_routes()) {
    const bool write_method = route.method == "POST" || route.method == "PATCH" || route.method == "DELETE";
    if (route.access != Access::write || !write_method || route.pattern.front() != "v1" ||
        (route.traits & route_traits::claim))
      continue;
    ++keyed;
    const auto& operation = paths.at(route_template(route)).at(lower(route.method)).as_object();
    const auto* parameters = operation.if_contains("parameters");
    const bool described = parameters && std::ranges::find(parameters->as_array(), key_ref) != parameters->as_array().end();
    EXPECT_TRUE(described) << route.method << " " << route_template(route) << " does not list the Idempotency-Key header";
  }
  EXPECT_GT(keyed, 20);  // the filter above still finds the write routes
}

TEST(OpenApi, EveryReferenceResolves) {
  const auto& doc = openapi_document_json().document;
  std::set<std::string> refs;
  collect_refs(doc, refs);
  ASSERT_FALSE(refs.empty());
  for (const auto& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/components/")) << ref;
    const auto slash = ref.find('/', 13);
    const std::string kind = ref.substr(13, slash - 13), name = ref.substr(slash + 1);
    const auto* components = doc.at("components").as_object().if_contains(kind);
    EXPECT_TRUE(components && components->as_object().contains(name)) << ref << " does not resolve";
  }
}

TEST(OpenApi, OperationIdsAreUnique) {
  std::set<std::string> ids;
  for (const auto& [path, item] : openapi_document_json().document.at("paths").as_object())
    for (const auto& [method, operation] : item.as_object())
      EXPECT_TRUE(ids.insert(std::string(operation.at("operationId").as_string())).second)
          << "duplicate operationId at " << method << " " << path;
}

}  // namespace
}  // namespace sk::http
