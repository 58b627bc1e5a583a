#include "common/process_stats.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace sk {

namespace {

std::optional<double> boot_time_seconds() {
  std::ifstream stat("/proc/stat");
  for (std::string key; stat >> key;) {
    if (key == "btime") {
      double btime = 0;
      if (stat >> btime) return btime;
      return std::nullopt;
    }
    stat.ignore(1 << 16, '\n');
  }
  return std::nullopt;
}

}  // namespace

std::optional<ProcessStats> read_process_stats() {
  ProcessStats s;
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));

  std::ifstream statm("/proc/self/statm");
  double size = 0, resident = 0;
  if (!(statm >> size >> resident)) return std::nullopt;
  s.resident_memory_bytes = resident * page;

  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec))
    ++s.open_fds;

  // /proc/self/stat: "pid (comm) state ..." where comm may hold spaces; fields count from ')'.
  std::ifstream stat_file("/proc/self/stat");
  std::string line;
  if (!std::getline(stat_file, line)) return std::nullopt;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  // After ")": field 3 is state; utime is 14, stime 15, starttime 22.
  double utime = 0, stime = 0, starttime = 0;
  for (int n = 3; n <= 22 && fields >> field; ++n) {
    if (n == 14) utime = std::stod(field);
    if (n == 15) stime = std::stod(field);
    if (n == 22) starttime = std::stod(field);
  }
  s.cpu_seconds = (utime + stime) / ticks;
  const auto boot = boot_time_seconds();
  if (!boot) return std::nullopt;
  s.start_time_seconds = *boot + starttime / ticks;
  return s;
}

}  // namespace sk
