#include "storage/sqlite/wal_index_probe.hpp"

#include <sqlite3.h>

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

std::unique_ptr<WalIndexProbe> WalIndexProbe::attach(sqlite3* db) {
  // Only a WAL database has the shared memory; asking for it otherwise would create the file.
  sqlite3_stmt* mode = nullptr;
  bool wal = false;
  if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &mode, nullptr) == SQLITE_OK && sqlite3_step(mode) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(mode, 0));
    wal = text != nullptr && std::strcmp(text, "wal") == 0;
  }
  sqlite3_finalize(mode);
  if (!wal) return nullptr;
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || file == nullptr ||
      file->pMethods == nullptr || file->pMethods->iVersion < 2 || file->pMethods->xShmMap == nullptr)
    return nullptr;
  // Region 0 (32 KiB, SQLite's wal-index page size) holds the header; not extending the file:
  // a connection that has read in WAL mode has it mapped already.
  void volatile* region = nullptr;
  if (file->pMethods->xShmMap(file, 0, 32 * 1024, 0, &region) != SQLITE_OK || region == nullptr) return nullptr;
  return std::unique_ptr<WalIndexProbe>(new WalIndexProbe(region));
}

std::optional<std::array<std::uint32_t, 4>> WalIndexProbe::version() const {
  const auto* words = const_cast<const std::uint32_t*>(static_cast<const volatile std::uint32_t*>(header_));
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
