// Tells, without a database call and without blocking, whether any process committed to a SQLite
// database in WAL mode: it reads the WAL index header, which every committing connection rewrites
// in the shared-memory file beside the database (`<db>-shm`, format documented at
// sqlite.org/walformat.html) and which is what makes a commit visible to readers. A network thread
// can afford it (two 48-byte reads from a shared mapping), where `PRAGMA data_version` would need
// a connection, a lock and possibly a wait.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace sk::storage::sqlite {

class WalIndexProbe {
 public:
  // Maps `<database_path>-shm` read-only. Null when it cannot (no WAL, no shared-memory file):
  // then nothing can be known and callers must not cache.
  static std::unique_ptr<WalIndexProbe> open(const std::string& database_path);
  ~WalIndexProbe();
  WalIndexProbe(const WalIndexProbe&) = delete;
  WalIndexProbe& operator=(const WalIndexProbe&) = delete;

  // {change counter, last frame, salt 1, salt 2} of the current header: every commit changes it.
  // nullopt while a writer is rewriting the header (its two copies differ) or when it is not an
  // initialised version-3007000 header.
  std::optional<std::array<std::uint32_t, 4>> version() const;

 private:
  WalIndexProbe(const void* map, std::size_t size) : map_(map), size_(size) {}
  const void* map_;
  std::size_t size_;
};

}  // namespace sk::storage::sqlite
