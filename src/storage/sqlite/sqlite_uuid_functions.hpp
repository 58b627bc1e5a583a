// Two SQL functions every SQLite connection of the service has, so a table can keep canonical
// UUIDs as 16-byte blobs (20 bytes less per copy than their 36-character text, in the row and in
// every index holding the column) while the domain and PostgreSQL keep text ids:
//   uuid_blob(x): a canonical lowercase UUID text as its 16 bytes; anything else unchanged.
//   uuid_text(x): a 16-byte blob as the canonical lowercase UUID text; anything else unchanged.
// Only the canonical lowercase form converts, so uuid_text(uuid_blob(x)) is x for every x.
#pragma once

#include <optional>
#include <string>
#include <string_view>

struct sqlite3;

namespace sk::storage::sqlite {

std::optional<std::string> pack_canonical_uuid(std::string_view text);  // 16 bytes, or none
std::string unpack_uuid(std::string_view sixteen_bytes);                 // canonical lowercase text

// Registers uuid_blob and uuid_text (deterministic) on the connection; false if SQLite refused.
bool register_uuid_functions(sqlite3* db);

}  // namespace sk::storage::sqlite
