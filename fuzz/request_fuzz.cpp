// Raw bytes as one HTTP/1.1 request: Beast's parser under the server's limits, the Polar-Version
// gate, target decoding, routing and JSON body parsing, as a connection runs them.
#include "fuzz_support.hpp"
#include "http/server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  static const sk::http::ServerOptions options;
  std::string version;
  auto admitted = sk::http::admit_http_bytes(sk::fuzz::text(data, size), options, version);
  if (!admitted) sk::fuzz::require_json_refusal(admitted.error());
  return 0;
}
