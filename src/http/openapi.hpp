// The OpenAPI 3.1 description of every route, served at /openapi.json. It is kept as JSON parts
// in src/http/openapi/ (base.json plus one file per area), embedded in the binary at build time
// and merged here; openapi_test.cpp fails when a route is served but not described.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace sk::http {

struct OpenApiDocument {
  boost::json::object document;
  std::vector<std::string> problems;  // parts that do not parse, or describe one thing twice
};

// Merged once, on first use.
const OpenApiDocument& openapi_document_json();
const std::string& openapi_document_text();

}  // namespace sk::http
