#include "store/postgres/pg_connection.h"

#include <fmt/format.h>
#include <strings.h>

#include <cctype>
#include <cstdlib>
#include <cstring>

namespace motcua::store::postgres {
namespace {

// Type OIDs (catalog/pg_type_d.h is not in libpq-dev's public headers).
constexpr Oid kInt8 = 20;
constexpr Oid kText = 25;
constexpr Oid kFloat8 = 701;

class ResultRow final : public Row {
 public:
  ResultRow(const PGresult* r, int row) : r_(r), row_(row) {}
  int Columns() const override { return PQnfields(r_); }
  bool IsNull(int i) const override { return PQgetisnull(r_, row_, i) != 0; }
  int64_t Int(int i) const override {
    const char* v = PQgetvalue(r_, row_, i);
    if (v[0] == 't' && v[1] == 0) return 1;  // boolean
    if (v[0] == 'f' && v[1] == 0) return 0;
    char* end = nullptr;
    long long n = std::strtoll(v, &end, 10);
    if (end && *end == '.') return static_cast<int64_t>(std::strtod(v, nullptr));  // numeric
    return n;
  }
  double Real(int i) const override { return std::strtod(PQgetvalue(r_, row_, i), nullptr); }
  std::string Text(int i) const override {
    return std::string(PQgetvalue(r_, row_, i), PQgetlength(r_, row_, i));
  }

 private:
  const PGresult* r_;
  int row_;
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string Brief(std::string_view sql) {
  std::string s(sql.substr(0, 60));
  for (char& c : s)
    if (c == '\n') c = ' ';
  return sql.size() > 60 ? s + "…" : s;
}

bool Ok(const PGresult* r) {
  if (!r) return false;
  auto st = PQresultStatus(r);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_SINGLE_TUPLE ||
         st == PGRES_EMPTY_QUERY;
}

}  // namespace

namespace {

// SQLite functions with a PostgreSQL twin taking the same arguments in the same order.
struct Rename {
  const char* from;
  const char* to;
};
constexpr Rename kRenames[] = {
    {"instr(", "strpos("},                   // 1-based position, 0 when absent
    {"json_object(", "json_build_object("},  // key, value, key, value …
};

// Returns the rename whose function name starts at sql[i] as a whole word, or nullptr.
const Rename* RenameAt(std::string_view sql, size_t i) {
  if (i > 0 && (std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_')) {
    return nullptr;
  }
  for (const Rename& r : kRenames) {
    const size_t n = std::strlen(r.from);
    if (sql.size() - i >= n && strncasecmp(sql.data() + i, r.from, n) == 0) return &r;
  }
  return nullptr;
}

}  // namespace

std::string TranslateSql(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out.push_back(c);
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same effect
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
    } else if (const Rename* r = RenameAt(sql, i)) {
      out += r->to;
      i += std::strlen(r->from) - 1;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Status PgError(PGconn* conn, const PGresult* res, std::string_view what) {
  std::string msg = res ? PQresultErrorMessage(res) : "";
  if (msg.empty() && conn) msg = PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (msg.empty()) msg = "no answer from the server";
  std::string text = fmt::format("{}: {}", what, msg);
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string s = state ? state : "";
  if (!conn || PQstatus(conn) != CONNECTION_OK || s.starts_with("08") || s == "57P01" ||
      s == "57P02" || s == "57P03") {
    return Status::Unavailable(text + " (the database server is unreachable; retry shortly)");
  }
  if (s == "23505") return Status::AlreadyExists(text);
  if (s.starts_with("23")) return Status::FailedPrecondition(text);
  if (s == "40001" || s == "40P01" || s == "55P03") return Status::Unavailable(text);
  return Status::Internal(text);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    std::string msg = c ? PQerrorMessage(c) : "out of memory";
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    if (c) PQfinish(c);
    return Status::Unavailable(fmt::format("store: cannot connect to PostgreSQL: {}", msg));
  }
  std::unique_ptr<Connection> conn(new Connection(c));
  // Quiet notices (CREATE … IF NOT EXISTS) instead of libpq printing them to stderr.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  return conn;
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

bool Connection::Broken() const { return PQstatus(conn_) != CONNECTION_OK; }

Status Connection::ExecScript(std::string_view sql) {
  Drain();
  ResultPtr r(PQexec(conn_, std::string(sql).c_str()));
  if (!Ok(r.get())) return PgError(conn_, r.get(), "store: cannot run '" + Brief(sql) + "'");
  return Status::Ok();
}

void Connection::Drain() {
  if (!pending_) return;
  pending_ = false;
  while (PGresult* raw = PQgetResult(conn_)) {
    ResultPtr r(raw);
    if (!Ok(r.get())) {
      // A read-only COMMIT/ROLLBACK that failed: the next statement reports a lost connection.
      continue;
    }
  }
}

void Connection::SendAndForget(std::string_view sql) {
  Drain();
  pending_ = PQsendQuery(conn_, std::string(sql).c_str()) == 1;
}

Status Connection::Batch(std::string_view sql, const RowFn* on_row) {
  Drain();
  if (!PQsendQuery(conn_, std::string(sql).c_str())) {
    return PgError(conn_, nullptr, "store: cannot send '" + Brief(sql) + "'");
  }
  Status st;
  while (PGresult* raw = PQgetResult(conn_)) {
    ResultPtr r(raw);
    if (!st.ok()) continue;  // drain
    if (!Ok(r.get())) {
      st = PgError(conn_, r.get(), "store: cannot run '" + Brief(sql) + "'");
    } else if (PQresultStatus(r.get()) == PGRES_TUPLES_OK && on_row && *on_row) {
      for (int i = 0; i < PQntuples(r.get()); ++i) (*on_row)(ResultRow(r.get(), i));
    }
  }
  if (st.ok() && PQstatus(conn_) != CONNECTION_OK) {
    st = PgError(conn_, nullptr, "store: cannot run '" + Brief(sql) + "'");
  }
  return st;
}

Result<std::string> Connection::Prepare(const std::string& key, const std::string& sql,
                                        const std::vector<Value>& params, bool typed) {
  auto it = stmts_.find(key);
  if (it != stmts_.end()) return it->second;
  std::vector<Oid> types(params.size(), 0);
  if (typed) {
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      types[i] = std::holds_alternative<int64_t>(v)  ? kInt8
                 : std::holds_alternative<double>(v) ? kFloat8
                                                     : kText;  // text, or NULL
    }
  }
  std::string name = "s" + std::to_string(++next_stmt_);
  // Inside a transaction a failed PREPARE would abort it (unlike SQLite, where a statement that
  // cannot be prepared leaves the transaction as it was): prepare inside a savepoint there.
  const bool in_tx = PQtransactionStatus(conn_) == PQTRANS_INTRANS;
  if (in_tx) {
    ResultPtr sp(PQexec(conn_, "SAVEPOINT motcua_prepare"));
    if (!Ok(sp.get()))
      return PgError(conn_, sp.get(), "store: cannot prepare '" + Brief(sql) + "'");
  }
  ResultPtr r(PQprepare(conn_, name.c_str(), TranslateSql(sql).c_str(),
                        static_cast<int>(params.size()), types.data()));
  if (in_tx) {
    ResultPtr end(PQexec(conn_, Ok(r.get()) ? "RELEASE SAVEPOINT motcua_prepare"
                                            : "ROLLBACK TO SAVEPOINT motcua_prepare; "
                                              "RELEASE SAVEPOINT motcua_prepare"));
    if (!Ok(end.get()))
      return PgError(conn_, end.get(), "store: cannot prepare '" + Brief(sql) + "'");
  }
  if (!Ok(r.get())) {
    const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
    if (!typed && state && std::strcmp(state, "42P18") == 0) {
      // "could not determine data type of parameter": a placeholder with no context (`? IS
      // NULL`, `SELECT ?`); prepare again with the types of the values bound.
      typed_[sql] = true;
      return Status::FailedPrecondition("retry typed");
    }
    return PgError(conn_, r.get(), "store: cannot prepare '" + Brief(sql) + "'");
  }
  stmts_.emplace(key, name);
  return name;
}

Result<int64_t> Connection::Run(std::string_view sql_view, const std::vector<Value>& params,
                                const RowFn* on_row) {
  std::string sql(sql_view);
  bool typed = typed_.count(sql) > 0;
  std::string key = sql;
  if (typed) {
    key.push_back('\0');
    for (const Value& v : params) key.push_back(static_cast<char>('0' + v.index()));
  }
  Drain();
  auto name = Prepare(key, sql, params, typed);
  if (!name.ok() && !typed && typed_.count(sql)) return Run(sql_view, params, on_row);
  if (!name.ok()) return name.status();
  std::vector<std::string> text(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (auto* n = std::get_if<int64_t>(&v)) {
      text[i] = std::to_string(*n);
    } else if (auto* d = std::get_if<double>(&v)) {
      text[i] = fmt::format("{}", *d);
    } else if (auto* s = std::get_if<std::string>(&v)) {
      text[i] = *s;
    } else {
      continue;  // NULL
    }
    values[i] = text[i].c_str();
  }
  ResultPtr r;
  if (!lazy_begin_.empty()) {
    // The transaction's BEGIN and its first statement in one round trip (pipeline mode).
    const std::string begin = std::move(lazy_begin_);
    lazy_begin_.clear();
    if (PQenterPipelineMode(conn_) != 1 ||
        PQsendQueryParams(conn_, begin.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1 ||
        PQsendQueryPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(),
                            nullptr, nullptr, 0) != 1 ||
        PQpipelineSync(conn_) != 1) {
      Status st = PgError(conn_, nullptr, "store: cannot send '" + Brief(sql) + "'");
      (void)PQexitPipelineMode(conn_);
      return st;
    }
    std::vector<ResultPtr> got;
    for (int nulls = 0; nulls < 8;) {
      PGresult* x = PQgetResult(conn_);
      if (!x) {
        if (PQstatus(conn_) != CONNECTION_OK) break;
        ++nulls;
        continue;
      }
      if (PQresultStatus(x) == PGRES_PIPELINE_SYNC) {
        PQclear(x);
        break;
      }
      got.emplace_back(x);
    }
    (void)PQexitPipelineMode(conn_);
    if (got.size() != 2 || !Ok(got[0].get())) {
      return PgError(conn_, got.empty() ? nullptr : got[0].get(),
                     "store: cannot run '" + begin + "'");
    }
    begun_ = true;
    r = std::move(got[1]);
  } else {
    r.reset(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(),
                           nullptr, nullptr, 0));
  }
  if (!Ok(r.get())) {
    Status st = PgError(conn_, r.get(), "store: '" + Brief(sql) + "' failed");
    // A statement prepared before a schema change (migration) may need preparing again.
    const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    if (state && std::strcmp(state, "0A000") == 0) stmts_.erase(key);
    return st;
  }
  if (PQresultStatus(r.get()) == PGRES_TUPLES_OK) {
    int rows = PQntuples(r.get());
    if (on_row && *on_row) {
      for (int i = 0; i < rows; ++i) (*on_row)(ResultRow(r.get(), i));
    }
    const char* tuples = PQcmdTuples(r.get());
    return static_cast<int64_t>(tuples && *tuples ? std::atoll(tuples) : rows);
  }
  const char* tuples = PQcmdTuples(r.get());
  return static_cast<int64_t>(tuples && *tuples ? std::atoll(tuples) : 0);
}

}  // namespace motcua::store::postgres
