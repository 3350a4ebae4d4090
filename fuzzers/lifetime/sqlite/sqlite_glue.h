// Thin glue for the SQLite lifetime target: only what a spec cannot call
// directly (out-pointers, the SQLITE_TRANSIENT destructor constant, fixed
// SQL text), each mirroring what rusqlite 0.28 does.
#ifndef BINDFUZZ_FUZZERS_LIFETIME_SQLITE_SQLITE_GLUE_H_
#define BINDFUZZ_FUZZERS_LIFETIME_SQLITE_SQLITE_GLUE_H_

#include "sqlite3.h"

// Connection::open_in_memory(): sqlite3_open_v2(":memory:", &db, ...), with
// lookaside disabled (ASan then sees every allocation), a table
// t(id INTEGER PRIMARY KEY, name TEXT) and `rows` rows. NULL on failure
// (the connection is closed).
sqlite3* bf_sqlite_open(int rows);

// Connection::prepare(sql): sqlite3_prepare_v2(db, kSql[which], -1, &stmt,
// NULL) for one of a fixed set of statements (kBfSqliteStatements). NULL on
// failure.
sqlite3_stmt* bf_sqlite_prepare(sqlite3* db, int which);
enum { kBfSqliteStatements = 8 };

// Statement::raw_bind_parameter(idx, &str): rusqlite's str_for_sqlite binds
// with SQLITE_TRANSIENT (SQLite copies the bytes).
int bf_sqlite_bind_text(sqlite3_stmt* stmt, int idx, const char* text, int n);

#endif  // BINDFUZZ_FUZZERS_LIFETIME_SQLITE_SQLITE_GLUE_H_
