#include "app/secret.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "crypto/crypto.hpp"

namespace sk::app {

namespace {

constexpr std::size_t kMinimumSecretBytes = 32;

// Writes a new key file that nobody else can read, or fails if one appeared meanwhile (O_EXCL: a
// racing process's file, or a symlink planted in its place, is never written through). The data
// and the directory entry are fsync'd: a secret lost in a crash would orphan every token hash.
Status write_new_key_file(const std::filesystem::path& path, const std::string& secret) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return internal_error("cannot create secret file " + path.string() + ": " + std::strerror(errno));
  const std::string line = secret + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    std::filesystem::remove(path);
    return internal_error("cannot write secret file " + path.string());
  }
  const std::string dir = path.parent_path().empty() ? "." : path.parent_path().string();
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace

Result<std::string> load_or_create_secret(const std::string& explicit_secret, const std::string& database_url) {
  if (!explicit_secret.empty()) {
    if (explicit_secret.size() < kMinimumSecretBytes)
      return fail(ErrorKind::bad_request, "InvalidSecret",
                  "the server secret must be at least 32 bytes (e.g. `openssl rand -base64 32`)");
    return explicit_secret;
  }
  if (database_url.starts_with("postgres"))
    return fail(ErrorKind::bad_request, "MissingSecret", "set --secret or SEATKEEPER_SECRET when using PostgreSQL");
  std::string db_path = database_url.starts_with("sqlite://") ? database_url.substr(9) : database_url;
  const std::filesystem::path key_path = std::filesystem::path(db_path).parent_path() / "seatkeeper.secret";
  std::error_code ec;
  std::filesystem::create_directories(key_path.parent_path().empty() ? "." : key_path.parent_path(), ec);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (std::ifstream in{key_path}; in) {
      std::string secret;
      std::getline(in, secret);
      if (secret.size() >= kMinimumSecretBytes) return secret;
      return fail(ErrorKind::bad_request, "InvalidSecret", "secret file " + key_path.string() + " is too short");
    }
    const std::string secret = crypto::base64url_encode(crypto::random_bytes(32));
    auto created = write_new_key_file(key_path, secret);
    if (created) return secret;
    if (!std::filesystem::exists(key_path)) return std::unexpected(created.error());
    // Another process created it first: read theirs.
  }
  return internal_error("cannot read secret file " + key_path.string());
}

}  // namespace sk::app
