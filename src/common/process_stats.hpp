// The process's own resource figures from /proc (Linux), for the process_* metrics.
#pragma once

#include <optional>

namespace sk {

struct ProcessStats {
  double resident_memory_bytes = 0;
  double open_fds = 0;
  double start_time_seconds = 0;  // since the Unix epoch
  double cpu_seconds = 0;         // user + system
};

std::optional<ProcessStats> read_process_stats();

}  // namespace sk
