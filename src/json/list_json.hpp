// Polar's ListResource envelope, shared by every list endpoint:
// {"items": [...], "pagination": {"total_count", "max_page"}} with max_page = ceil(total / limit).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/paging.hpp"

namespace sk::json {

boost::json::object list_resource_json(boost::json::array items, long long total_count, int limit);

template <class T, class Shape>
boost::json::object list_resource_json(const domain::Page<T>& page, int limit, Shape shape) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items) items.emplace_back(shape(item));
  return list_resource_json(std::move(items), page.total_count, limit);
}

}  // namespace sk::json
