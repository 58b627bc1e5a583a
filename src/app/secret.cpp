#include "app/secret.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "crypto/crypto.hpp"

namespace sk::app {

Result<std::string> load_or_create_secret(const std::string& explicit_secret, const std::string& database_url) {
  if (!explicit_secret.empty()) return explicit_secret;
  if (database_url.starts_with("postgres"))
    return fail(ErrorKind::bad_request, "MissingSecret", "set --secret or SEATKEEPER_SECRET when using PostgreSQL");
  std::string db_path = database_url.starts_with("sqlite://") ? database_url.substr(9) : database_url;
  const std::filesystem::path key_path = std::filesystem::path(db_path).parent_path() / "seatkeeper.secret";
  std::error_code ec;
  std::filesystem::create_directories(key_path.parent_path().empty() ? "." : key_path.parent_path(), ec);
  if (std::ifstream in{key_path}; in) {
    std::string secret;
    std::getline(in, secret);
    if (secret.size() >= 32) return secret;
    return fail(ErrorKind::bad_request, "InvalidSecret", "secret file " + key_path.string() + " is too short");
  }
  const std::string secret = crypto::base64url_encode(crypto::random_bytes(32));
  {
    std::ofstream out{key_path};
    if (!out) return internal_error("cannot create secret file " + key_path.string());
    out << secret << "\n";
  }
  ::chmod(key_path.c_str(), 0600);
  return secret;
}

}  // namespace sk::app
