// Paging shared by every list endpoint (Polar's ListResource): which page of how many items, in
// which direction of creation time, and one page of results with the total count.
#pragma once

#include <vector>

namespace sk::domain {

struct PageRequest {
  int page = 1;    // 1-based
  int limit = 10;  // 1..100
  bool newest_first = true;
  long long offset() const { return static_cast<long long>(page - 1) * limit; }
};

template <class T>
struct Page {
  std::vector<T> items;
  long long total_count = 0;
};

}  // namespace sk::domain
