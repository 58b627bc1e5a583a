// SQLite's spelling of the dialect fragments the shared statements name
// (storage/common/statements.hpp). Included before the shared repository bodies.
#pragma once

// SQLite's lower() folds ASCII letters only.
#define SK_SQL_LOWER_ASCII(x) "lower(" x ")"
#define SK_SQL_CONTAINS(haystack, needle) "instr(" haystack ", " needle ") > 0"
#define SK_SQL_JSON_TEXTS(param) "SELECT value FROM json_each(" param ")"
// The single writer runs one write job at a time: there is nothing to lock or skip.
#define SK_SQL_FOR_UPDATE ""
#define SK_SQL_SKIP_LOCKED ""
// The seat history keeps canonical UUIDs as 16-byte blobs (sqlite_uuid_functions.hpp).
#define SK_SQL_UUID_STORED(x) "uuid_blob(" x ")"
#define SK_SQL_UUID_READ(column) "uuid_text(" column ")"
