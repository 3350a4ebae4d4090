// See sqlite_glue.h.
#include "sqlite_glue.h"

#include <stddef.h>

static const char* const kSql[kBfSqliteStatements] = {
    // Computed text: every row's result is a fresh allocation, freed by the
    // next step (the use-after-free a too-long text borrow runs into).
    "SELECT upper(name), printf('%d:%s', id, name), id, name FROM t ORDER BY id",
    "SELECT name, id, length(name) FROM t WHERE id > ?1",
    "INSERT INTO t(name) VALUES(?1)",
    "UPDATE t SET name = ?2 WHERE id = ?1",
    "DELETE FROM t WHERE id = ?1",
    "SELECT count(*), group_concat(name, ',') FROM t",
    "SELECT lower(?1) || ?2, ?3, quote(?1), hex(?2)",
    "SELECT hex(name), substr(name, 2), replace(name, 'a', 'bb'), id * 3 FROM t",
};

static const char* const kRows[] = {"alpha", "beta", "gamma", "delta"};

sqlite3* bf_sqlite_open(int rows) {
  static int configured;
  if (!configured) {
    // Before the library initializes: no lookaside slabs anywhere (a slot
    // freed into lookaside would hide a use-after-free from ASan).
    configured = 1;
    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0);
  }
  sqlite3* db = NULL;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK) {
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_db_config(db, SQLITE_DBCONFIG_LOOKASIDE, NULL, 0, 0);
  if (sqlite3_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)", NULL, NULL, NULL) !=
      SQLITE_OK) {
    sqlite3_close(db);
    return NULL;
  }
  for (int i = 0; i < rows && i < (int)(sizeof kRows / sizeof kRows[0]); ++i) {
    sqlite3_stmt* s = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO t(name) VALUES(?1)", -1, &s, NULL) == SQLITE_OK) {
      sqlite3_bind_text(s, 1, kRows[i], -1, SQLITE_STATIC);
      sqlite3_step(s);
    }
    sqlite3_finalize(s);
  }
  return db;
}

sqlite3_stmt* bf_sqlite_prepare(sqlite3* db, int which) {
  if (which < 0 || which >= kBfSqliteStatements) return NULL;
  sqlite3_stmt* stmt = NULL;
  if (sqlite3_prepare_v2(db, kSql[which], -1, &stmt, NULL) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return NULL;
  }
  return stmt;
}

int bf_sqlite_bind_text(sqlite3_stmt* stmt, int idx, const char* text, int n) {
  return sqlite3_bind_text(stmt, idx, text, n, SQLITE_TRANSIENT);
}
