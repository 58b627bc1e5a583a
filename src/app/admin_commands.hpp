// `seatkeeper admin ...`: bootstrap and operations from the command line. Each command prints
// one JSON object on stdout; errors go to stderr with a non-zero exit.
#pragma once

#include <CLI/CLI.hpp>

namespace sk::app {

void register_admin_commands(CLI::App& app);
void register_migrate_command(CLI::App& app);

}  // namespace sk::app
