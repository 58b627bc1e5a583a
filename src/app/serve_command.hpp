// `seatkeeper serve`: wires the store, the delivery workers and the HTTP server together.
#pragma once

#include <CLI/CLI.hpp>

namespace sk::app {

void register_serve_command(CLI::App& app);

}  // namespace sk::app
