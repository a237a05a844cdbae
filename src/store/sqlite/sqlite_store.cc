// SQLite engine of the store: WAL, one writer thread doing group commit, a pool of readers.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "base/embedded.h"
#include "base/metrics.h"
#include "store/chain_verify.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace motcua::embedded::sqlite_migrations {
const std::vector<EmbeddedFile>& Files();
}

namespace motcua::store {
namespace {

using sqlite::Connection;

struct Migration {
  int version;
  std::string name;
  std::string_view sql;
};

// Returns the embedded migrations in order; file names are "NNNN_name.sql".
std::vector<Migration> Migrations() {
  std::vector<Migration> out;
  for (const auto& f : embedded::sqlite_migrations::Files()) {
    std::string path(f.path);
    out.push_back({std::stoi(path.substr(0, 4)), path.substr(5, path.size() - 9), f.bytes});
  }
  return out;
}

struct ChainHead {
  int64_t province_seq = 0;
  std::string hash;
};

class SqliteStore;

// A transaction handle inside the writer's batch. Records undo information for chain heads so a
// failed callback can be rolled back to its savepoint.
class WriterTx final : public Tx {
 public:
  WriterTx(Connection& conn, std::map<std::string, ChainHead>& heads, int64_t commit_no)
      : conn_(conn), heads_(heads), commit_no_(commit_no) {}

  Status Query(std::string_view sql, const std::vector<Value>& params,
               const RowFn& on_row) override {
    return conn_.Run(sql, params, &on_row).status();
  }
  Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) override {
    return conn_.Run(sql, params, nullptr);
  }
  Result<StoredEvent> Append(const NewEvent& e) override;

  // Restores the chain heads changed by this callback.
  void Undo() {
    for (auto& [province, old] : undo_) {
      if (old) {
        heads_[province] = *old;
      } else {
        heads_.erase(province);
      }
    }
    undo_.clear();
  }

 private:
  Result<ChainHead> Head(const std::string& province) {
    auto it = heads_.find(province);
    if (it != heads_.end()) return it->second;
    ChainHead head;
    RowFn fn = [&](const Row& r) {
      head.province_seq = r.Int(0);
      head.hash = r.Text(1);
    };
    auto st = conn_.Run(
        "SELECT province_seq, hash FROM events WHERE province = ? ORDER BY province_seq DESC "
        "LIMIT 1",
        {province}, &fn);
    if (!st.ok()) return st.status();
    heads_[province] = head;
    return head;
  }

  Connection& conn_;
  std::map<std::string, ChainHead>& heads_;
  const int64_t commit_no_;  // the group's commit number (0018_change_feed.sql)
  std::vector<std::pair<std::string, std::optional<ChainHead>>> undo_;
};

Result<StoredEvent> WriterTx::Append(const NewEvent& e) {
  if (e.province.empty() || e.stream.empty() || e.type.empty()) {
    return Status::InvalidArgument("store: an event needs a province, a stream and a type");
  }
  MOTCUA_ASSIGN_OR_RETURN(ChainHead head, Head(e.province));
  StoredEvent out;
  out.event = e;
  out.province_seq = head.province_seq + 1;
  out.prev_hash = head.hash;
  out.hash = ChainHash(out.prev_hash, out.province_seq, e);
  auto r = conn_.Run(
      "INSERT INTO events (province, province_seq, stream, type, at_ms, actor, body, prev_hash, "
      "hash, commit_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.province, out.province_seq, e.stream, e.type, e.at_ms, e.actor, e.body, out.prev_hash,
       out.hash, commit_no_},
      nullptr);
  if (!r.ok()) {
    return r.status().WithPrefix(
        fmt::format("store: cannot append event '{}' to {}", e.type, e.stream));
  }
  out.seq = conn_.LastInsertRowId();
  out.commit_no = commit_no_;
  bool seen = false;
  for (auto& u : undo_) seen = seen || u.first == e.province;
  if (!seen) undo_.emplace_back(e.province, heads_.count(e.province)
                                                ? std::optional<ChainHead>(heads_[e.province])
                                                : std::nullopt);
  heads_[e.province] = ChainHead{out.province_seq, out.hash};
  return out;
}

class ReaderTx final : public ReadTx {
 public:
  explicit ReaderTx(Connection& c) : conn_(c) {}
  Status Query(std::string_view sql, const std::vector<Value>& params,
               const RowFn& on_row) override {
    return conn_.Run(sql, params, &on_row).status();
  }

 private:
  Connection& conn_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(StoreOptions options, Env& env)
      : options_(std::move(options)),
        env_(env),
        commits_(MetricsRegistry::Global().GetCounter(
            "motcua_store_commits_total", "Group commits by the store writer.", "engine=\"sqlite\"")),
        tx_ok_(MetricsRegistry::Global().GetCounter("motcua_store_transactions_total",
                                                    "Write transactions by outcome.",
                                                    "engine=\"sqlite\",outcome=\"ok\"")),
        tx_failed_(MetricsRegistry::Global().GetCounter("motcua_store_transactions_total",
                                                        "Write transactions by outcome.",
                                                        "engine=\"sqlite\",outcome=\"failed\"")),
        commit_seconds_(MetricsRegistry::Global().GetHistogram(
            "motcua_store_commit_seconds", "Time to commit one group (fsync included).",
            "engine=\"sqlite\"")),
        write_seconds_(MetricsRegistry::Global().GetHistogram(
            "motcua_store_write_seconds", "Time a Write call waits until durable.",
            "engine=\"sqlite\"")) {}

  ~SqliteStore() override { Close(); }

  Status Init();
  Status Write(std::function<Status(Tx&)> fn) override;
  Status Read(const std::function<Status(ReadTx&)>& fn) override;
  Result<int> SchemaVersion() override;
  Result<int64_t> LastCommit() override;
  int KnownSchemaVersion() const override { return Migrations().back().version; }
  Status Ping() override;
  Result<VerifyReport> Verify(const std::function<void(int64_t, int64_t)>& progress) override;
  StoreStatsSnapshot Stats() const override {
    return {commits_.Value(), tx_ok_.Value(), tx_failed_.Value()};
  }
  Status SnapshotTo(const std::string& path) override;
  Result<std::map<std::string, int64_t>> TableCounts() override;
  void Close() override;

 private:
  struct Pending {
    std::function<Status(Tx&)> fn;
    std::promise<Status> done;
    int64_t enqueued_ns = 0;
  };

  Status Migrate(Connection& c);
  void WriterLoop();
  void CommitBatch(std::vector<Pending>& batch);

  const StoreOptions options_;
  Env& env_;
  Counter& commits_;
  Counter& tx_ok_;
  Counter& tx_failed_;
  Histogram& commit_seconds_;
  Histogram& write_seconds_;

  std::unique_ptr<Connection> writer_;  // used only by the writer thread after Init
  std::map<std::string, ChainHead> heads_;  // writer thread only
  int64_t data_version_ = -1;               // writer thread only; see CommitBatch
  std::thread writer_thread_;
  std::thread::id writer_id_;  // set in Init, before any Write can run

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;  // GUARDED_BY(mu_)
  bool closing_ = false;       // GUARDED_BY(mu_)
  bool closed_ = false;        // GUARDED_BY(mu_)

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;  // GUARDED_BY(readers_mu_); idle ones
  int readers_total_ = 0;
};

Status SqliteStore::Init() {
  MOTCUA_ASSIGN_OR_RETURN(writer_, Connection::Open(options_.path, false, options_.busy_timeout_ms));
  MOTCUA_RETURN_IF_ERROR(writer_->ExecScript("PRAGMA journal_mode=WAL"));
  MOTCUA_RETURN_IF_ERROR(writer_->ExecScript(
      fmt::format("PRAGMA synchronous={}; PRAGMA foreign_keys=ON; PRAGMA cache_size=-{}; "
                  "PRAGMA wal_autocheckpoint=4000",
                  options_.durable ? "FULL" : "NORMAL", options_.cache_kib)));
  MOTCUA_RETURN_IF_ERROR(writer_->ExecScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at_ms INTEGER NOT NULL)"));
  int current = 0;
  RowFn fn = [&](const Row& r) { current = static_cast<int>(r.Int(0)); };
  MOTCUA_RETURN_IF_ERROR(
      writer_->Run("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}, &fn).status());
  int known = KnownSchemaVersion();
  if (current > known) {
    return Status::FailedPrecondition(fmt::format(
        "store: the database {} has schema version {}, newer than this binary knows ({}); run a "
        "newer motcua or restore a backup",
        options_.path, current, known));
  }
  if (current < known) {
    if (!options_.migrate) {
      return Status::FailedPrecondition(fmt::format(
          "store: the database {} is at schema version {} but {} is needed; run 'motcua migrate'",
          options_.path, current, known));
    }
    MOTCUA_RETURN_IF_ERROR(Migrate(*writer_));
  }
  for (int i = 0; i < std::max(1, options_.readers); ++i) {
    MOTCUA_ASSIGN_OR_RETURN(auto r,
                            Connection::Open(options_.path, true, options_.busy_timeout_ms));
    MOTCUA_RETURN_IF_ERROR(r->ExecScript(fmt::format("PRAGMA cache_size=-{}", options_.cache_kib)));
    readers_.push_back(std::move(r));
  }
  readers_total_ = static_cast<int>(readers_.size());
  writer_thread_ = std::thread([this] { WriterLoop(); });
  writer_id_ = writer_thread_.get_id();
  return Status::Ok();
}

Status SqliteStore::Migrate(Connection& c) {
  for (const Migration& m : Migrations()) {
    int have = 0;
    RowFn fn = [&](const Row& r) { have = static_cast<int>(r.Int(0)); };
    MOTCUA_RETURN_IF_ERROR(
        c.Run("SELECT COUNT(*) FROM schema_migrations WHERE version = ?", {int64_t{m.version}}, &fn)
            .status());
    if (have) continue;
    MOTCUA_RETURN_IF_ERROR(c.ExecScript("BEGIN IMMEDIATE"));
    Status st = c.ExecScript(m.sql);
    if (st.ok()) {
      st = c.Run("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)",
                 {int64_t{m.version}, m.name, env_.NowMs()}, nullptr)
               .status();
    }
    if (!st.ok()) {
      (void)c.ExecScript("ROLLBACK");
      return st.WithPrefix(fmt::format("store: migration {:04d} ({}) failed", m.version, m.name));
    }
    MOTCUA_RETURN_IF_ERROR(c.ExecScript("COMMIT"));
    spdlog::info("store: applied migration {:04d} {}", m.version, m.name);
  }
  return Status::Ok();
}

Status SqliteStore::Write(std::function<Status(Tx&)> fn) {
  int64_t start = env_.MonotonicNs();
  std::future<Status> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_) {
      return Status::Unavailable("store: closed; the server is shutting down, try again shortly");
    }
    Pending p;
    p.fn = std::move(fn);
    p.enqueued_ns = start;
    done = p.done.get_future();
    queue_.push_back(std::move(p));
  }
  cv_.notify_one();
  Status st = done.get();
  write_seconds_.Observe((env_.MonotonicNs() - start) / 1e9);
  return st;
}

void SqliteStore::WriterLoop() {
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty() && closing_) return;
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
    batch.clear();
  }
}

void SqliteStore::CommitBatch(std::vector<Pending>& batch) {
  std::vector<Status> results(batch.size());
  int64_t start = env_.MonotonicNs();
  Status begin = writer_->ExecScript("BEGIN IMMEDIATE");
  if (!begin.ok()) {
    for (auto& p : batch) p.done.set_value(begin.WithPrefix("store: cannot begin a transaction"));
    tx_failed_.Add(batch.size());
    return;
  }
  // Another process (a CLI command next to the server) may have appended events since our last
  // commit; the cached chain heads are then stale. data_version changes only for other
  // connections' commits, so compare it under the write lock we now hold.
  int64_t version = -1;
  RowFn version_fn = [&](const Row& r) { version = r.Int(0); };
  if (writer_->Run("PRAGMA data_version", {}, &version_fn).ok() && version != data_version_) {
    heads_.clear();
    data_version_ = version;
  }
  // The group's commit number, taken under the write lock: commits are numbered in the order
  // they become visible (0018_change_feed.sql). It rolls back with the group if the commit fails.
  int64_t commit_no = 0;
  RowFn commit_fn = [&](const Row& r) { commit_no = r.Int(0); };
  Status numbered =
      writer_->Run("UPDATE commit_counter SET n = n + 1 WHERE id = 1 RETURNING n", {}, &commit_fn)
          .status();
  if (numbered.ok() && commit_no == 0) {
    numbered = Status::Internal("store: the commit counter is missing (migration 0018)");
  }
  if (!numbered.ok()) {
    (void)writer_->ExecScript("ROLLBACK");
    spdlog::error("store: cannot number the commit: {}", numbered.message());
    for (auto& p : batch) p.done.set_value(numbered.WithPrefix("store: cannot number the commit"));
    tx_failed_.Add(batch.size());
    return;
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    Status sp = writer_->ExecScript("SAVEPOINT tx");
    if (!sp.ok()) {
      results[i] = sp;
      continue;
    }
    WriterTx tx(*writer_, heads_, commit_no);
    Status st;
    try {
      st = batch[i].fn(tx);
    } catch (const std::exception& e) {
      st = Status::Internal(std::string("store: a transaction threw: ") + e.what());
    } catch (...) {
      st = Status::Internal("store: a transaction threw an unknown exception");
    }
    // A bug (an exception, a statement that failed for a reason other than the data) is logged
    // here, where it happened, whatever the caller later makes of it.
    if (st.code() == Code::kInternal)
      spdlog::error("store: transaction rolled back: {}", st.message());
    if (st.ok()) {
      st = writer_->ExecScript("RELEASE tx");
    }
    if (!st.ok()) {
      tx.Undo();
      (void)writer_->ExecScript("ROLLBACK TO tx; RELEASE tx");
    }
    results[i] = st;
  }
  Status commit = writer_->ExecScript("COMMIT");
  if (!commit.ok()) {
    (void)writer_->ExecScript("ROLLBACK");
    heads_.clear();  // reload from disk on next use
    spdlog::error("{}", commit.message());
    for (auto& p : batch) p.done.set_value(Status::Internal(commit.message()));
    tx_failed_.Add(batch.size());
    return;
  }
  commits_.Add();
  commit_seconds_.Observe((env_.MonotonicNs() - start) / 1e9);
  for (size_t i = 0; i < batch.size(); ++i) {
    (results[i].ok() ? tx_ok_ : tx_failed_).Add();
    batch[i].done.set_value(std::move(results[i]));
  }
}

Status SqliteStore::Read(const std::function<Status(ReadTx&)>& fn) {
  if (options_.refuse_reads_on_writer && std::this_thread::get_id() == writer_id_) {
    Status st = Status::Internal(
        "store: a read was called inside a write transaction (on the writer thread); read "
        "before Store::Write and pass the result in");
    spdlog::error("{}", st.message());
    return st;
  }
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock<std::mutex> lock(readers_mu_);
    readers_cv_.wait(lock, [&] { return !readers_.empty() || readers_total_ == 0; });
    if (readers_total_ == 0) return Status::Unavailable("store: closed");
    conn = std::move(readers_.back());
    readers_.pop_back();
  }
  Status st = conn->ExecScript("BEGIN");
  if (st.ok()) {
    ReaderTx tx(*conn);
    try {
      st = fn(tx);
    } catch (const std::exception& e) {
      st = Status::Internal(std::string("store: a read threw: ") + e.what());
    } catch (...) {
      st = Status::Internal("store: a read threw an unknown exception");
    }
    if (st.code() == Code::kInternal) spdlog::error("store: read failed: {}", st.message());
    (void)conn->ExecScript("COMMIT");
  }
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    readers_.push_back(std::move(conn));
  }
  readers_cv_.notify_one();
  return st;
}

Result<int> SqliteStore::SchemaVersion() {
  int v = 0;
  Status st = Read([&](ReadTx& tx) {
    return tx.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {},
                    [&](const Row& r) { v = static_cast<int>(r.Int(0)); });
  });
  if (!st.ok()) return st;
  return v;
}

Result<int64_t> SqliteStore::LastCommit() {
  int64_t n = 0;
  MOTCUA_RETURN_IF_ERROR(Read([&](ReadTx& tx) {
    return tx.Query("SELECT n FROM commit_counter WHERE id = 1", {},
                    [&](const Row& r) { n = r.Int(0); });
  }));
  return n;
}

Status SqliteStore::Ping() {
  MOTCUA_ASSIGN_OR_RETURN(int v, SchemaVersion());
  if (v != KnownSchemaVersion()) {
    return Status::Unavailable(
        fmt::format("store: schema version {} but {} is needed", v, KnownSchemaVersion()));
  }
  return Status::Ok();
}

Result<VerifyReport> SqliteStore::Verify(const std::function<void(int64_t, int64_t)>& progress) {
  return VerifyChains(*this, progress);
}

Status SqliteStore::SnapshotTo(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    return Status::AlreadyExists("store: cannot copy the database to " + path +
                                 ": the file exists; choose a new path");
  }
  // A connection of its own: VACUUM INTO reads one snapshot for as long as it takes, which
  // should not hold a reader of the pool; read-only, so it can never change the source.
  MOTCUA_ASSIGN_OR_RETURN(auto conn,
                          Connection::Open(options_.path, true, options_.busy_timeout_ms));
  return conn->Run("VACUUM INTO ?", {path}, nullptr)
      .status()
      .WithPrefix("store: cannot copy the database to " + path);
}

Result<std::map<std::string, int64_t>> SqliteStore::TableCounts() {
  return CountTables(*this,
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                     "'sqlite_%' ORDER BY name");
}

void SqliteStore::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closing_ = true;
    closed_ = true;
  }
  cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  {
    std::unique_lock<std::mutex> lock(readers_mu_);
    readers_cv_.wait(lock, [&] { return static_cast<int>(readers_.size()) == readers_total_; });
    readers_.clear();
    readers_total_ = 0;
  }
  readers_cv_.notify_all();
  if (writer_) {
    (void)writer_->ExecScript("PRAGMA wal_checkpoint(TRUNCATE)");
    writer_.reset();
  }
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options, Env& env) {
  // Memory statistics take a global mutex on every allocation; nothing here reads them. Must run
  // before SQLite initialises (the first connection), so once per process.
  static const bool no_memstatus = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
  (void)no_memstatus;
  auto store = std::make_unique<SqliteStore>(options, env);
  MOTCUA_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace motcua::store
