// `seatkeeper backup`: an online, verified copy of a live SQLite database.
#pragma once

#include <CLI/CLI.hpp>

namespace sk::app {

void register_backup_command(CLI::App& app);

}  // namespace sk::app
