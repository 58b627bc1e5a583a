// The e-mail address validator: any input gets a verdict without crashing, and an address it
// accepts stays accepted, unchanged, once normalised (what is stored is what was validated).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "domain/seat_assign_rules.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string raw(sk::fuzz::text(data, size));
  if (sk::domain::email_syntax_error(raw)) return 0;
  const std::string normalized = sk::domain::normalize_email(raw);
  if (auto why = sk::domain::email_syntax_error(normalized)) {
    std::fprintf(stderr, "fuzz oracle: accepted address refused once normalised: %s\n", why->c_str());
    std::abort();
  }
  if (sk::domain::normalize_email(normalized) != normalized) {
    std::fprintf(stderr, "fuzz oracle: normalising twice changes the address\n");
    std::abort();
  }
  return 0;
}
