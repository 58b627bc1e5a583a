#include "common/line_batcher.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

namespace sk::log {
namespace {

using namespace std::chrono_literals;

// A real file the batcher writes to, read back whole.
class LineBatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/line-batcher-XXXXXX";
    fd_ = ::mkstemp(name);
    ASSERT_GE(fd_, 0);
    path_ = name;
  }
  void TearDown() override {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  std::string contents() const {
    std::ifstream in(path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(contents());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  int fd_ = -1;
  std::string path_;
};

constexpr auto kNever = std::chrono::hours(1);  // the log thread would not flush on its own

TEST_F(LineBatcherTest, EveryLineOfEveryThreadArrivesInItsThreadsOrder) {
  LineBatcher batcher(fd_);
  batcher.start(1ms);
  constexpr int kThreads = 4, kLines = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&batcher, t] {
      for (int i = 0; i < kLines; ++i) {
        const std::string line = "t" + std::to_string(t) + " " + std::to_string(i) + "\n";
        // Now and then a line that is written at once: it must still follow the buffered ones.
        if (i % 997 == 0) batcher.write_now(line);
        else batcher.append(line);
      }
    });
  for (auto& t : threads) t.join();
  batcher.stop();
  std::map<int, int> next;
  const auto all = lines();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kLines));
  for (const auto& line : all) {
    int t = -1, i = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "t%d %d", &t, &i), 2) << line;
    EXPECT_EQ(i, next[t]) << "thread " << t << " out of order";
    next[t] = i + 1;
  }
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kLines);
}

TEST_F(LineBatcherTest, StopWritesWhatIsBufferedIncludingLinesOfThreadsThatEnded) {
  LineBatcher batcher(fd_);
  batcher.start(kNever);
  batcher.append("main 1\n");
  std::thread([&] { batcher.append("gone 1\ngone 2\n"); }).join();
  EXPECT_EQ(contents(), "") << "held until the interval ends or the batcher stops";
  batcher.stop();
  const auto all = lines();
  EXPECT_EQ(all.size(), 3u);
  EXPECT_NE(contents().find("gone 1\ngone 2\n"), std::string::npos);
  EXPECT_NE(contents().find("main 1\n"), std::string::npos);
}

TEST_F(LineBatcherTest, WriteNowFirstWritesTheThreadsBufferedLines) {
  LineBatcher batcher(fd_);
  batcher.start(kNever);
  batcher.append("a\n");
  batcher.append("b\n");
  batcher.write_now("c\n");
  EXPECT_EQ(contents(), "a\nb\nc\n");
  batcher.stop();
  EXPECT_EQ(contents(), "a\nb\nc\n");
}

TEST_F(LineBatcherTest, WritesAtOnceWhenNotRunning) {
  LineBatcher batcher(fd_);
  batcher.append("before\n");
  EXPECT_EQ(contents(), "before\n");
  batcher.start(kNever);
  batcher.stop();
  batcher.append("after\n");
  EXPECT_EQ(contents(), "before\nafter\n");
  batcher.stop();  // idempotent
}

TEST_F(LineBatcherTest, TheLogThreadWritesWithoutBeingStopped) {
  LineBatcher batcher(fd_);
  batcher.start(5ms);
  batcher.append("sentinel\n");
  for (int i = 0; i < 2000 && contents().empty(); ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(contents(), "sentinel\n");
  batcher.append("second\n");  // the buffer emptied: this arms the log thread again
  for (int i = 0; i < 2000 && contents() == "sentinel\n"; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(contents(), "sentinel\nsecond\n");
}

TEST_F(LineBatcherTest, AFillingBufferIsWrittenBeforeTheIntervalEnds) {
  LineBatcher batcher(fd_);
  batcher.start(kNever);
  const std::string line(1023, 'x');
  std::size_t appended = 0;
  while (appended <= LineBatcher::kWakeAt) {
    batcher.append(line + "\n");
    appended += line.size() + 1;
  }
  // The log thread takes the buffer once it reaches kWakeAt; a line appended after that take
  // waits for the next interval (never here), so only the full part is sure to be written.
  for (int i = 0; i < 2000 && contents().size() < LineBatcher::kWakeAt; ++i) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_GE(contents().size(), LineBatcher::kWakeAt);
  EXPECT_LE(contents().size(), appended);
  batcher.stop();
  EXPECT_EQ(contents().size(), appended);
}

}  // namespace
}  // namespace sk::log
