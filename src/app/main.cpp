// seatkeeper: a self-hosted, Polar-compatible Customer Seats service.
#include <CLI/CLI.hpp>
#include <csignal>

#include "app/admin_commands.hpp"
#include "app/backup_command.hpp"
#include "app/serve_command.hpp"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"seatkeeper: Polar-compatible Customer Seats API"};
  app.require_subcommand(1);
  sk::app::register_serve_command(app);
  sk::app::register_migrate_command(app);
  sk::app::register_admin_commands(app);
  sk::app::register_backup_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
