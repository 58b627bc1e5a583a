// PostgreSQL's spelling of the dialect fragments the shared statements name
// (storage/common/statements.hpp). Included before the shared repository bodies.
#pragma once

// COLLATE "C": ASCII-only case folding whatever the database's locale, as SQLite's lower().
#define SK_SQL_LOWER_ASCII(x) "lower(" x " COLLATE \"C\")"
#define SK_SQL_CONTAINS(haystack, needle) "strpos(" haystack ", " needle ") > 0"
#define SK_SQL_JSON_TEXTS(param) "SELECT jsonb_array_elements_text(CAST(" param " AS TEXT)::jsonb)"
#define SK_SQL_FOR_UPDATE " FOR UPDATE"
#define SK_SQL_SKIP_LOCKED " FOR UPDATE SKIP LOCKED"
// PostgreSQL stores ids as they are.
#define SK_SQL_UUID_STORED(x) x
#define SK_SQL_UUID_READ(column) column
