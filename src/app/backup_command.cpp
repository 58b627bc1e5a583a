#include "app/backup_command.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

#include "storage/backup.hpp"

namespace sk::app {

namespace {

struct BackupOptions {
  std::string database;
  std::string output;
};

[[noreturn]] void die(const std::string& message) {
  std::cerr << "seatkeeper backup: " << message << "\n";
  std::exit(2);
}

void backup(const BackupOptions& o) {
  if (o.database.starts_with("postgres"))
    die("PostgreSQL databases are backed up with pg_dump (see docs/deployment.md), not with this command");
  const std::string path = o.database.starts_with("sqlite://") ? o.database.substr(9) : o.database;
  auto report = storage::backup_sqlite_file(path, o.output);
  if (!report) die(report.error().detail);
  // The key file is not inside the database: without it the copy's tokens and sealed e-mail
  // cannot be used. Say where it is rather than copying a secret somewhere unexpected.
  const auto key = std::filesystem::path(path).parent_path() / "seatkeeper.secret";
  boost::json::object out{{"status", "ok"},
                          {"output", o.output},
                          {"pages", report->pages},
                          {"bytes", report->bytes},
                          {"integrity_check", "ok"}};
  std::error_code ec;
  if (std::filesystem::exists(key, ec)) out["secret_file"] = key.string();
  std::cout << boost::json::serialize(out) << std::endl;
}

}  // namespace

void register_backup_command(CLI::App& app) {
  auto o = std::make_shared<BackupOptions>();
  auto* cmd = app.add_subcommand("backup", "Copy a live SQLite database to a file (online, verified)");
  cmd->add_option("--database", o->database, "sqlite:///abs/path.db or a file path")
      ->envname("SEATKEEPER_DATABASE")
      ->required();
  cmd->add_option("--output", o->output, "the backup file to write (replaced once the copy checks out)")->required();
  cmd->callback([o] { backup(*o); });
}

}  // namespace sk::app
