// Tells, without a database call and without blocking, whether any process committed to a SQLite
// database in WAL mode: it reads the WAL index header, which every committing connection rewrites
// in the shared memory beside the database (the `-shm` file, format documented at
// sqlite.org/walformat.html) and which is what makes a commit visible to readers. A network thread
// can afford it (two 48-byte reads from memory), where `PRAGMA data_version` would need a
// connection, a lock and possibly a wait.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

struct sqlite3;

namespace sk::storage::sqlite {

class WalIndexProbe {
 public:
  // Reads through the connection's own mapping of the shared memory (SQLite's VFS `xShmMap`),
  // never a descriptor of its own: closing another descriptor of the -shm file would drop the
  // process's locks on it, and another process could then truncate it under every mapping. Null
  // unless `db` is in WAL mode with its shared memory mapped; then callers must not cache. Valid
  // while `db` (or another connection of this process to the same file) stays open.
  static std::unique_ptr<WalIndexProbe> attach(sqlite3* db);

  // {change counter, last frame, salt 1, salt 2} of the current header: every commit changes it.
  // nullopt while a writer is rewriting the header (its two copies differ) or when it is not an
  // initialised version-3007000 header.
  std::optional<std::array<std::uint32_t, 4>> version() const;

 private:
  explicit WalIndexProbe(const volatile void* header) : header_(header) {}
  const volatile void* header_;
};

}  // namespace sk::storage::sqlite
