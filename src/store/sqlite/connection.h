// A thin RAII wrapper over one sqlite3 connection with a prepared-statement cache.
// Not thread-safe: one thread uses a Connection at a time.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace motcua::store::sqlite {

class Connection {
 public:
  // Opens `path`; read_only connections cannot write.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without parameters (pragmas, migrations, BEGIN/COMMIT).
  Status ExecScript(std::string_view sql);
  // Runs a cached prepared statement; rows go to on_row (may be null). Returns changed rows.
  Result<int64_t> Run(std::string_view sql, const std::vector<Value>& params, const RowFn* on_row);
  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* raw() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> stmts_;
};

}  // namespace motcua::store::sqlite
