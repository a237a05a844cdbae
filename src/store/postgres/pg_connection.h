// A thin RAII wrapper over one libpq connection with a prepared-statement cache, and the SQL
// dialect translation of the PostgreSQL engine (see README.md in this folder).
// Not thread-safe: one thread uses a Connection at a time.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace motcua::store::postgres {

// Rewrites the portable (SQLite-flavoured) SQL the services write into PostgreSQL's dialect:
// `?` placeholders become $1, $2 … (outside string literals and quoted names) and `instr(` becomes
// `strpos(` (same argument order and result). Exposed for the unit test.
std::string TranslateSql(std::string_view sql);

// Maps a libpq result or connection failure to a Status. `what` names the operation.
// 23505 (unique) → AlreadyExists, other class 23 → FailedPrecondition, 40001/40P01 and lost
// connections (class 08, 57P01..57P03) → Unavailable, the rest → Internal.
Status PgError(PGconn* conn, const PGresult* res, std::string_view what);

class Connection {
 public:
  // Connects with a libpq URI or key=value string. A failure is Unavailable naming the server.
  static Result<std::unique_ptr<Connection>> Open(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without parameters (migrations, BEGIN/COMMIT) with the simple
  // query protocol.
  Status ExecScript(std::string_view sql);
  // Sends several statements in one round trip (simple query protocol) and calls on_row for the
  // rows of every statement that returns some; stops at the first error.
  Status Batch(std::string_view sql, const RowFn* on_row);
  // Runs a cached prepared statement (portable SQL, translated); rows go to on_row (may be null).
  // Returns the number of rows changed (or returned).
  Result<int64_t> Run(std::string_view sql, const std::vector<Value>& params, const RowFn* on_row);
  // The next Run sends `begin_sql` in the same round trip as its statement (pipeline mode);
  // Begun() tells whether it was sent. For read transactions, which often run one statement.
  void SetLazyBegin(std::string begin_sql) {
    lazy_begin_ = std::move(begin_sql);
    begun_ = false;
  }
  bool Begun() const { return begun_; }
  // Sends `sql` without waiting for its result, which the next command reads first (a read-only
  // transaction's COMMIT: nobody waits for it).
  void SendAndForget(std::string_view sql);
  // True once the server connection is gone; the owner replaces the connection.
  bool Broken() const;
  PGconn* raw() { return conn_; }

 private:
  explicit Connection(PGconn* c) : conn_(c) {}
  Result<std::string> Prepare(const std::string& key, const std::string& sql,
                              const std::vector<Value>& params, bool typed);
  PGconn* conn_;
  std::unordered_map<std::string, std::string> stmts_;  // cache key → statement name
  std::unordered_map<std::string, bool> typed_;         // sql → needs typed parameters
  int next_stmt_ = 0;
  std::string lazy_begin_;
  bool begun_ = false;
  bool pending_ = false;  // a SendAndForget result not read yet
  void Drain();
};

}  // namespace motcua::store::postgres
