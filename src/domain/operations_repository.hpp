// The storage port, operations: whole-database counts for /metrics and the schema check of
// /readyz. They read across all organizations and carry no organization ids.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"

namespace sk::domain {

// A label and how many rows carry it (operations gauges).
using KeyCount = std::pair<std::string, std::int64_t>;

class OperationsRepository {
 public:
  virtual ~OperationsRepository() = default;

  virtual Result<std::vector<KeyCount>> count_seats_by_status() = 0;
  virtual Result<std::vector<KeyCount>> count_pending_outbox_by_topic() = 0;
  // True when every migration this binary knows has been applied.
  virtual Result<bool> schema_is_current() = 0;
};

}  // namespace sk::domain
