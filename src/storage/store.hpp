// A Store runs repository work on its own threads, never on the caller's.
//  - read jobs run on a pool of reader connections and see the last committed state;
//  - write jobs (storage/write_job.hpp): returning false or an error rolls back that job only, and
//    `done` is called only after the transaction holding it is durably committed (or failed); a
//    job's own error reaches `done`. Both stores queue them to one writer per store (per
//    instance: PostgreSQL instances each have their own) that commits them in groups, each job
//    in its own savepoint.
// The SQLite store (storage/sqlite) and the PostgreSQL store (storage/postgres) implement it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/error.hpp"
#include "domain/repository.hpp"
#include "storage/write_job.hpp"

namespace sk::storage {

// Everything committed to the database so far, as far as a store can tell without blocking: two
// equal versions mean that no transaction committed in between (by this process or another).
struct CommitVersion {
  std::uint64_t own_commits = 0;          // this store's writer: bumped after each commit
  std::array<std::uint32_t, 4> shared{};  // every process's commits (SQLite: the WAL index header)
  bool operator==(const CommitVersion&) const = default;
};

class Store {
 public:
  using ReadJob = std::function<void(domain::Repository&)>;
  using WriteJob = storage::WriteJob;
  using Done = std::function<void(Status)>;                   // called on a store thread

  virtual ~Store() = default;

  // Calls `done` with `status`; a throwing callback must not take a store thread down.
  static void notify(const Done& done, Status status);

  virtual void read(ReadJob job, Done done) = 0;
  virtual void write(WriteJob job, Done done) = 0;

  // Blocking conveniences for the command line and tests.
  Status read_now(ReadJob job);
  Status write_now(WriteJob job);

  // The commit version, read without blocking and without a database call (network threads may
  // ask), or nullopt when the store cannot tell: a commit half-published, or a store other
  // processes write to unseen (PostgreSQL: other instances). Answer caches key on it.
  virtual std::optional<CommitVersion> commit_version() const { return std::nullopt; }

  // Finishes queued work and joins the store's threads. Idempotent.
  virtual void close() = 0;
};

struct StoreOptions {
  int reader_threads = 2;
  int max_batch = 512;  // write jobs per group commit
  int connections = 8;  // PostgreSQL: connections (and threads): one writer, the rest read (at least one); SQLite ignores it
};

// url: "sqlite:///abs/path.db", a plain file path, or "postgresql://..." / "postgres://...".
Result<std::unique_ptr<Store>> open_store(const std::string& url, const StoreOptions& options = {});

}  // namespace sk::storage
