#include "storage/sqlite/wal_checkpointer.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <thread>

#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_test_support.hpp"

namespace sk::storage::sqlite {
namespace {

std::uintmax_t wal_size(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path + "-wal", ec);
  return ec ? 0 : size;
}

TEST(WalCheckpointer, CheckpointsInTheBackgroundAndTruncatesOnStop) {
  testing::TempDir dir;
  const std::string path = dir.file("wal.db");
  auto writer = open_write_connection(path);
  ASSERT_TRUE(writer);
  ASSERT_TRUE(WalCheckpointer::disable_auto_checkpoint(*writer));
  ASSERT_TRUE(writer->exec("CREATE TABLE t (v TEXT)"));
  auto other = Database::open(path, OpenMode::existing);
  ASSERT_TRUE(other);
  WalCheckpointer checkpointer(std::move(*other));
  ASSERT_TRUE(writer->exec("BEGIN"));
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE(writer->run("INSERT INTO t VALUES (?1)", std::string(512, 'x')));
  ASSERT_TRUE(writer->exec("COMMIT"));
  EXPECT_GT(wal_size(path), 0u);
  // The writer never checkpoints itself, so the rows can only reach the database file (about
  // 1 MiB of them) through the background thread.
  for (int i = 0; i < 50 && std::filesystem::file_size(path) < 1'000'000u; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_GE(std::filesystem::file_size(path), 1'000'000u);
  checkpointer.stop();
  EXPECT_EQ(wal_size(path), 0u);
}

}  // namespace
}  // namespace sk::storage::sqlite
