#include "storage/sqlite/wal_index_probe.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "storage/sqlite/sqlite_store.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

using testing::TempDir;

// A plain connection of its own, standing in for another process (the admin command line).
struct OtherConnection {
  sqlite3* db = nullptr;
  explicit OtherConnection(const std::string& path) { EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK); }
  ~OtherConnection() { sqlite3_close(db); }
  int exec(const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
};

TEST(WalIndexProbe, EveryCommitOfAnyConnectionChangesTheVersionAndReadsDoNot) {
  TempDir dir;
  const std::string path = dir.file("probe.db");
  OtherConnection writer(path);
  ASSERT_EQ(writer.exec("PRAGMA journal_mode=WAL; CREATE TABLE t (x)"), SQLITE_OK);
  auto probe = WalIndexProbe::attach(writer.db);
  ASSERT_NE(probe, nullptr);
  auto before = probe->version();
  ASSERT_TRUE(before);
  EXPECT_EQ(probe->version(), before) << "nothing committed";

  OtherConnection reader(path);
  ASSERT_EQ(reader.exec("SELECT count(*) FROM t"), SQLITE_OK);
  EXPECT_EQ(probe->version(), before) << "a read is no commit";

  ASSERT_EQ(writer.exec("INSERT INTO t VALUES (1)"), SQLITE_OK);
  auto after_insert = probe->version();
  ASSERT_TRUE(after_insert);
  EXPECT_NE(after_insert, before);

  // An UPDATE that rewrites the same page, and one in another connection, change it again.
  ASSERT_EQ(reader.exec("UPDATE t SET x = 2"), SQLITE_OK);
  auto after_update = probe->version();
  EXPECT_NE(after_update, after_insert);
  // An UPDATE to the values already there writes no page: nothing changed, nothing to retire.
  ASSERT_EQ(writer.exec("UPDATE t SET x = 2"), SQLITE_OK);
  EXPECT_EQ(probe->version(), after_update);

  // A rolled-back transaction commits nothing, nor does a write transaction that wrote nothing.
  auto kept = probe->version();
  ASSERT_EQ(writer.exec("BEGIN; INSERT INTO t VALUES (3); ROLLBACK"), SQLITE_OK);
  EXPECT_EQ(probe->version(), kept);
  ASSERT_EQ(writer.exec("BEGIN IMMEDIATE; DELETE FROM t WHERE x = 99; COMMIT"), SQLITE_OK);
  EXPECT_EQ(probe->version(), kept);

  // A checkpoint that restarts the WAL is no commit either, but the next commit after it is.
  ASSERT_EQ(writer.exec("PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
  auto checkpointed = probe->version();
  ASSERT_TRUE(checkpointed);
  ASSERT_EQ(writer.exec("INSERT INTO t VALUES (4)"), SQLITE_OK);
  EXPECT_NE(probe->version(), checkpointed);
}

TEST(WalIndexProbe, ADatabaseNotInWalModeHasNoProbeAndGetsNoSharedMemoryFile) {
  TempDir dir;
  const std::string path = dir.file("rollback.db");
  OtherConnection db(path);
  ASSERT_EQ(db.exec("CREATE TABLE t (x)"), SQLITE_OK);
  EXPECT_EQ(WalIndexProbe::attach(db.db), nullptr);
  EXPECT_FALSE(std::filesystem::exists(path + "-shm"));
}

// Whether another process sees a lock on the byte of the -shm file that tells SQLite the shared
// memory is in use (its "DMS" byte, 128: after the 120-byte header and checkpoint area and the 8 lock bytes): a process that finds it free truncates the file, and
// every mapping of it then faults (SIGBUS). Closing any descriptor of the file in this process
// would drop the lock (POSIX), which is why the probe never opens one.
bool another_process_sees_the_shared_memory_in_use(const std::string& path) {
  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open((path + "-shm").c_str(), O_RDWR);
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = 128;
    lock.l_len = 1;
    const bool in_use = fd >= 0 && ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
    ::_exit(in_use ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(WalIndexProbe, AttachingKeepsTheProcesssLockOnTheSharedMemory) {
  TempDir dir;
  const std::string path = dir.file("locks.db");
  auto store = open_sqlite_store(path, {});
  ASSERT_TRUE(store) << store.error().detail;
  ASSERT_TRUE((*store)->commit_version());
  EXPECT_TRUE(another_process_sees_the_shared_memory_in_use(path));
  OtherConnection other(path);  // another connection opening and closing the file changes nothing
  ASSERT_EQ(other.exec("SELECT count(*) FROM sqlite_master"), SQLITE_OK);
  EXPECT_TRUE(another_process_sees_the_shared_memory_in_use(path));
  (*store)->close();
}

TEST(WalIndexProbe, TheStoreReportsItsOwnAndOtherProcessesCommits) {
  TempDir dir;
  const std::string path = dir.file("store.db");
  auto store = open_sqlite_store(path, {});
  ASSERT_TRUE(store) << store.error().detail;
  auto start = (*store)->commit_version();
  ASSERT_TRUE(start) << "a SQLite store in WAL mode can tell";
  ASSERT_TRUE((*store)->read_now([](domain::Repository& repo) { (void)repo.find_organization("x"); }));
  EXPECT_EQ((*store)->commit_version(), start);

  ASSERT_TRUE((*store)->write_now([](domain::Repository& repo) {
    return static_cast<bool>(repo.insert_organization(testing::make_organization("probe-org")));
  }));
  auto written = (*store)->commit_version();
  ASSERT_TRUE(written);
  EXPECT_GT(written->own_commits, start->own_commits);
  EXPECT_NE(written->shared, start->shared);

  // A write job that changes no row (a delivery worker's poll) commits nothing worth a version.
  ASSERT_TRUE((*store)->write_now([](domain::Repository& repo) { return repo.find_organization("none").has_value(); }));
  EXPECT_EQ((*store)->commit_version(), written);

  OtherConnection other(path);
  ASSERT_EQ(other.exec("UPDATE organizations SET name = 'renamed'"), SQLITE_OK);
  auto foreign = (*store)->commit_version();
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->own_commits, written->own_commits) << "not this store's commit";
  EXPECT_NE(foreign->shared, written->shared) << "but seen all the same";
  (*store)->close();
}

}  // namespace
}  // namespace sk::storage::sqlite
