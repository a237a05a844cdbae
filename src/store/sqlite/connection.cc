#include "store/sqlite/connection.h"

#include <fmt/format.h>

namespace motcua::store::sqlite {

namespace {

class StmtRow final : public Row {
 public:
  explicit StmtRow(sqlite3_stmt* s) : s_(s) {}
  int Columns() const override { return sqlite3_column_count(s_); }
  bool IsNull(int i) const override { return sqlite3_column_type(s_, i) == SQLITE_NULL; }
  int64_t Int(int i) const override { return sqlite3_column_int64(s_, i); }
  double Real(int i) const override { return sqlite3_column_double(s_, i); }
  std::string Text(int i) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, i))) : std::string();
  }

 private:
  sqlite3_stmt* s_;
};

Status Error(sqlite3* db, std::string_view what) {
  int code = sqlite3_extended_errcode(db);
  std::string msg = fmt::format("{}: {}", what, sqlite3_errmsg(db));
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    return Status::Unavailable(msg);
  }
  if ((code & 0xff) == SQLITE_CONSTRAINT) {
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Status::AlreadyExists(msg);
    }
    return Status::FailedPrecondition(msg);
  }
  return Status::Internal(msg);
}

std::string Brief(std::string_view sql) {
  std::string s(sql.substr(0, 60));
  for (char& c : s)
    if (c == '\n') c = ' ';
  return sql.size() > 60 ? s + "…" : s;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only,
                                                     int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::Unavailable(fmt::format("store: cannot open database {}: {}", path, msg));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);  // before WAL (docs/stack.md)
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, stmt] : stmts_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::ExecScript(std::string_view sql) {
  // A single statement (BEGIN, COMMIT, SAVEPOINT …, run for every transaction) goes through the
  // prepared-statement cache instead of being parsed again each time.
  if (sql.find(';') == std::string_view::npos) return Run(sql, {}, nullptr).status();
  char* err = nullptr;
  std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    Status st = Error(db_, "store: cannot run '" + Brief(sql) + "'");
    return Status(st.code(), "store: cannot run '" + Brief(sql) + "': " + msg);
  }
  return Status::Ok();
}

Result<int64_t> Connection::Run(std::string_view sql, const std::vector<Value>& params,
                                const RowFn* on_row) {
  std::string key(sql);
  sqlite3_stmt* stmt = nullptr;
  auto it = stmts_.find(key);
  if (it != stmts_.end()) {
    stmt = it->second;
  } else {
    if (sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      return Error(db_, "store: cannot prepare '" + Brief(sql) + "'");
    }
    stmts_.emplace(std::move(key), stmt);
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
    return Status::Internal(fmt::format("store: '{}' takes {} parameters, got {}", Brief(sql),
                                        sqlite3_bind_parameter_count(stmt), params.size()));
  }
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i) + 1;
    const Value& v = params[i];
    if (std::holds_alternative<std::nullptr_t>(v)) {
      sqlite3_bind_null(stmt, idx);
    } else if (auto* n = std::get_if<int64_t>(&v)) {
      sqlite3_bind_int64(stmt, idx, *n);
    } else if (auto* d = std::get_if<double>(&v)) {
      sqlite3_bind_double(stmt, idx, *d);
    } else {
      const auto& s = std::get<std::string>(v);
      sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    }
  }
  StmtRow row(stmt);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      if (on_row && *on_row) (*on_row)(row);
      continue;
    }
    if (rc == SQLITE_DONE) break;
    Status st = Error(db_, "store: '" + Brief(sql) + "' failed");
    sqlite3_reset(stmt);
    return st;
  }
  int64_t changes = sqlite3_changes64(db_);
  sqlite3_reset(stmt);
  return changes;
}

}  // namespace motcua::store::sqlite
