#include "storage/sqlite/wal_index_probe.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace sk::storage::sqlite {
namespace {

// The WAL index header (struct WalIndexHdr in SQLite's wal.c), 12 native-endian 32-bit words,
// stored twice at the start of the -shm file: a committing writer writes the second copy, then
// the first; a reader that finds them different knows it raced a commit.
constexpr std::size_t kHeaderWords = 12;
constexpr std::size_t kHeaderBytes = kHeaderWords * 4;
constexpr std::uint32_t kWalIndexVersion = 3007000;
enum Word { version_word = 0, change_counter = 2, init_and_page = 3, max_frame = 4, salt_1 = 8, salt_2 = 9 };

std::array<std::uint32_t, kHeaderWords> read_copy(const std::uint32_t* words) {
  std::array<std::uint32_t, kHeaderWords> copy;
  for (std::size_t i = 0; i < kHeaderWords; ++i) copy[i] = __atomic_load_n(words + i, __ATOMIC_RELAXED);
  return copy;
}

}  // namespace

std::unique_ptr<WalIndexProbe> WalIndexProbe::open(const std::string& database_path) {
  const std::string path = database_path + "-shm";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  // SQLite sizes the file in 32 KiB regions once a connection initialised it; a smaller file
  // would fault when read beyond its end.
  if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(2 * kHeaderBytes)) {
    ::close(fd);
    return nullptr;
  }
  const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);  // the mapping keeps the file
  if (map == MAP_FAILED) return nullptr;
  return std::unique_ptr<WalIndexProbe>(new WalIndexProbe(map, size));
}

WalIndexProbe::~WalIndexProbe() { ::munmap(const_cast<void*>(map_), size_); }

std::optional<std::array<std::uint32_t, 4>> WalIndexProbe::version() const {
  const auto* words = static_cast<const std::uint32_t*>(map_);
  // The same order as SQLite's own readers: the first copy, a barrier, the second copy.
  const auto first = read_copy(words);
  std::atomic_thread_fence(std::memory_order_acquire);
  const auto second = read_copy(words + kHeaderWords);
  if (first != second) return std::nullopt;
  unsigned char is_init = 0;  // a byte field: the first byte of its word in memory, either endianness
  std::memcpy(&is_init, &first[init_and_page], 1);
  const bool initialised = is_init == 1;
  if (first[version_word] != kWalIndexVersion || !initialised) return std::nullopt;
  return std::array{first[change_counter], first[max_frame], first[salt_1], first[salt_2]};
}

}  // namespace sk::storage::sqlite
