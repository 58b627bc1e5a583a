#include "json/list_json.hpp"

namespace sk::json {

namespace bj = boost::json;

bj::object list_resource_json(bj::array items, long long total_count, int limit) {
  const long long max_page = limit > 0 ? (total_count + limit - 1) / limit : 0;
  return bj::object{{"items", std::move(items)},
                    {"pagination", bj::object{{"total_count", total_count}, {"max_page", max_page}}}};
}

}  // namespace sk::json
