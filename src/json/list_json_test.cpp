#include "json/list_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace sk::json {
namespace {

TEST(ListJson, CountsPagesAsPolarDoes) {
  domain::Page<int> page{{1, 2}, 5};
  auto o = list_resource_json(page, 2, [](int n) { return boost::json::value(n * 10); });
  EXPECT_EQ(boost::json::serialize(o), R"({"items":[10,20],"pagination":{"total_count":5,"max_page":3}})");
  EXPECT_EQ(boost::json::serialize(list_resource_json(boost::json::array{}, 0, 10)),
            R"({"items":[],"pagination":{"total_count":0,"max_page":0}})");
  EXPECT_EQ(list_resource_json(boost::json::array{}, 100, 100).at("pagination").at("max_page").as_int64(), 1);
  EXPECT_EQ(list_resource_json(boost::json::array{}, 101, 100).at("pagination").at("max_page").as_int64(), 2);
}

}  // namespace
}  // namespace sk::json
