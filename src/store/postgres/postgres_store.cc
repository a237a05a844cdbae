// PostgreSQL engine of the store: one writer thread doing group commit (a group is one
// transaction, each Write callback a savepoint inside it), pools of reader connections on the
// primary and optionally on a read replica, reconnection after the server restarts. See
// README.md in this folder for the dialect rules and the multi-node design.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "base/embedded.h"
#include "base/metrics.h"
#include "store/chain_verify.h"
#include "store/postgres/pg_connection.h"
#include "store/store.h"

namespace motcua::embedded::postgres_migrations {
const std::vector<EmbeddedFile>& Files();
}

namespace motcua::store {
namespace {

using postgres::Connection;

// Advisory lock keys (pg_advisory_lock): migrations run on one node at a time.
constexpr int64_t kMigrationLock = 7271001;

struct Migration {
  int version;
  std::string name;
  std::string_view sql;
};

std::vector<Migration> Migrations() {
  std::vector<Migration> out;
  for (const auto& f : embedded::postgres_migrations::Files()) {
    std::string path(f.path);
    out.push_back({std::stoi(path.substr(0, 4)), path.substr(5, path.size() - 9), f.bytes});
  }
  return out;
}

struct ChainHead {
  int64_t province_seq = 0;
  std::string hash;
};

// A Write callback's handle inside the writer's group transaction (see the SQLite engine: the
// same undo of cached chain heads when the callback's savepoint is rolled back).
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
  const int64_t commit_no_;
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
  RowFn seq_fn = [&](const Row& r) { out.seq = r.Int(0); };
  auto r = conn_.Run(
      "INSERT INTO events (province, province_seq, stream, type, at_ms, actor, body, prev_hash, "
      "hash, commit_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
      {e.province, out.province_seq, e.stream, e.type, e.at_ms, e.actor, e.body, out.prev_hash,
       out.hash, commit_no_},
      &seq_fn);
  if (!r.ok()) {
    return r.status().WithPrefix(
        fmt::format("store: cannot append event '{}' to {}", e.type, e.stream));
  }
  out.commit_no = commit_no_;
  bool seen = false;
  for (auto& u : undo_) seen = seen || u.first == e.province;
  if (!seen)
    undo_.emplace_back(e.province, heads_.count(e.province)
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

// A pool of reader connections to one server, opened on demand and replaced when broken.
class Pool {
 public:
  Pool(std::string url, int size) : url_(std::move(url)), size_(std::max(1, size)) {}

  // Runs fn in a read-only REPEATABLE READ transaction (one snapshot). A connection found
  // broken (the server restarted) is replaced and the read tried once more.
  Status Run(const std::function<Status(ReadTx&)>& fn) {
    std::unique_ptr<Connection> conn;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return closed_ || !idle_.empty() || open_ < size_; });
      if (closed_) return Status::Unavailable("store: closed");
      if (!idle_.empty()) {
        conn = std::move(idle_.back());
        idle_.pop_back();
      } else {
        ++open_;
      }
    }
    Status st;
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!conn || conn->Broken()) {
        conn.reset();
        auto opened = Connection::Open(url_);
        if (!opened.ok()) {
          st = opened.status();
          break;
        }
        conn = std::move(opened).value();
      }
      // BEGIN goes with the first statement, and nobody waits for the COMMIT of a read-only
      // transaction: a read of one statement costs one round trip.
      conn->SetLazyBegin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      ReaderTx tx(*conn);
      try {
        st = fn(tx);
      } catch (const std::exception& e) {
        st = Status::Internal(std::string("store: a read threw: ") + e.what());
      } catch (...) {
        st = Status::Internal("store: a read threw an unknown exception");
      }
      if (conn->Begun()) conn->SendAndForget(st.ok() ? "COMMIT" : "ROLLBACK");
      conn->SetLazyBegin("");
      if (st.ok() || !conn->Broken()) break;
    }
    if (st.code() == Code::kInternal) spdlog::error("store: read failed: {}", st.message());
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (conn && !conn->Broken()) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;
      }
    }
    cv_.notify_one();
    return st;
  }

  void Close() {
    std::unique_lock<std::mutex> lock(mu_);
    closed_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return static_cast<int>(idle_.size()) == open_; });
    idle_.clear();
    open_ = 0;
  }

 private:
  const std::string url_;
  const int size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
  int open_ = 0;                                   // GUARDED_BY(mu_): idle + in use
  bool closed_ = false;                            // GUARDED_BY(mu_)
};

class PostgresStore final : public Store {
 public:
  PostgresStore(StoreOptions options, Env& env)
      : options_(std::move(options)),
        env_(env),
        readers_(options_.path, options_.readers),
        commits_(MetricsRegistry::Global().GetCounter("motcua_store_commits_total",
                                                      "Group commits by the store writer.",
                                                      "engine=\"postgres\"")),
        tx_ok_(MetricsRegistry::Global().GetCounter("motcua_store_transactions_total",
                                                    "Write transactions by outcome.",
                                                    "engine=\"postgres\",outcome=\"ok\"")),
        tx_failed_(MetricsRegistry::Global().GetCounter("motcua_store_transactions_total",
                                                        "Write transactions by outcome.",
                                                        "engine=\"postgres\",outcome=\"failed\"")),
        commit_seconds_(MetricsRegistry::Global().GetHistogram(
            "motcua_store_commit_seconds", "Time to commit one group (fsync included).",
            "engine=\"postgres\"")),
        write_seconds_(MetricsRegistry::Global().GetHistogram(
            "motcua_store_write_seconds", "Time a Write call waits until durable.",
            "engine=\"postgres\"")) {
    if (!options_.replica_url.empty()) {
      replica_ = std::make_unique<Pool>(options_.replica_url, options_.readers);
    }
  }

  ~PostgresStore() override { Close(); }

  Status Init();
  Status Write(std::function<Status(Tx&)> fn) override;
  Status Read(const std::function<Status(ReadTx&)>& fn) override;
  Status ReadLagTolerant(const std::function<Status(ReadTx&)>& fn) override {
    return replica_ ? replica_->Run(fn) : Read(fn);
  }
  Result<int> SchemaVersion() override;
  Result<int64_t> LastCommit() override;
  int KnownSchemaVersion() const override { return Migrations().back().version; }
  Status Ping() override;
  // A PostgreSQL database is backed up with its own tools (pg_dump, base backups and WAL
  // archiving: docs/operations.md), not by copying through motcua.
  Status SnapshotTo(const std::string& path) override {
    return Status::FailedPrecondition(
        "motcua backup copies the embedded SQLite store; back up a PostgreSQL database with "
        "pg_dump or a base backup with WAL archiving (docs/operations.md, PostgreSQL)");
  }
  Result<std::map<std::string, int64_t>> TableCounts() override {
    // Partitioned tables once (their parent), not each partition.
    return CountTables(
        *this,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "ORDER BY c.relname");
  }
  Result<VerifyReport> Verify(const std::function<void(int64_t, int64_t)>& progress) override {
    return VerifyChains(*this, progress);
  }
  StoreStatsSnapshot Stats() const override {
    return {commits_.Value(), tx_ok_.Value(), tx_failed_.Value()};
  }
  void Close() override;

 private:
  struct Pending {
    std::function<Status(Tx&)> fn;
    std::promise<Status> done;
  };

  Status Migrate(Connection& c);
  void WriterLoop();
  void CommitBatch(std::vector<Pending>& batch);
  Status EnsureWriter();
  void FailAll(std::vector<Pending>& batch, const Status& st) {
    for (auto& p : batch) p.done.set_value(st);
    tx_failed_.Add(batch.size());
  }

  const StoreOptions options_;
  Env& env_;
  Pool readers_;
  std::unique_ptr<Pool> replica_;
  Counter& commits_;
  Counter& tx_ok_;
  Counter& tx_failed_;
  Histogram& commit_seconds_;
  Histogram& write_seconds_;

  std::unique_ptr<Connection> writer_;      // writer thread only after Init
  std::map<std::string, ChainHead> heads_;  // writer thread only
  int64_t last_commit_ = -1;                // writer thread only: the last number it committed
  std::thread writer_thread_;
  std::thread::id writer_id_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;  // GUARDED_BY(mu_)
  bool closing_ = false;       // GUARDED_BY(mu_)
  bool closed_ = false;        // GUARDED_BY(mu_)
};

Status PostgresStore::Init() {
  MOTCUA_ASSIGN_OR_RETURN(writer_, Connection::Open(options_.path));
  if (!options_.durable) {
    MOTCUA_RETURN_IF_ERROR(writer_->Batch("SET synchronous_commit = off", nullptr));
  }
  MOTCUA_RETURN_IF_ERROR(writer_->Batch(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at_ms BIGINT NOT NULL)",
      nullptr));
  int current = 0;
  RowFn fn = [&](const Row& r) { current = static_cast<int>(r.Int(0)); };
  MOTCUA_RETURN_IF_ERROR(
      writer_->Run("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}, &fn).status());
  int known = KnownSchemaVersion();
  if (current > known) {
    return Status::FailedPrecondition(fmt::format(
        "store: the PostgreSQL database has schema version {}, newer than this binary knows ({}); "
        "run a newer motcua or restore a backup",
        current, known));
  }
  if (current < known) {
    if (!options_.migrate) {
      return Status::FailedPrecondition(fmt::format(
          "store: the PostgreSQL database is at schema version {} but {} is needed; run 'motcua "
          "migrate'",
          current, known));
    }
    MOTCUA_RETURN_IF_ERROR(Migrate(*writer_));
  }
  writer_thread_ = std::thread([this] { WriterLoop(); });
  writer_id_ = writer_thread_.get_id();
  return Status::Ok();
}

Status PostgresStore::Migrate(Connection& c) {
  MOTCUA_RETURN_IF_ERROR(
      c.Batch(fmt::format("SELECT pg_advisory_lock({})", kMigrationLock), nullptr));
  Status result;
  for (const Migration& m : Migrations()) {
    int have = 0;
    RowFn fn = [&](const Row& r) { have = static_cast<int>(r.Int(0)); };
    result =
        c.Run("SELECT COUNT(*) FROM schema_migrations WHERE version = ?", {int64_t{m.version}}, &fn)
            .status();
    if (!result.ok()) break;
    if (have) continue;  // another node applied it while this one waited for the lock
    result = c.Batch("BEGIN", nullptr);
    if (!result.ok()) break;
    Status st = c.Batch(m.sql, nullptr);
    if (st.ok()) {
      st = c.Run("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)",
                 {int64_t{m.version}, m.name, env_.NowMs()}, nullptr)
               .status();
    }
    if (st.ok()) st = c.Batch("COMMIT", nullptr);
    if (!st.ok()) {
      (void)c.Batch("ROLLBACK", nullptr);
      result = st.WithPrefix(fmt::format("store: migration {:04d} ({}) failed", m.version, m.name));
      break;
    }
    spdlog::info("store: applied PostgreSQL migration {:04d} {}", m.version, m.name);
  }
  (void)c.Batch(fmt::format("SELECT pg_advisory_unlock({})", kMigrationLock), nullptr);
  return result;
}

Status PostgresStore::Write(std::function<Status(Tx&)> fn) {
  int64_t start = env_.MonotonicNs();
  std::future<Status> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_) {
      return Status::Unavailable("store: closed; the server is shutting down, try again shortly");
    }
    Pending p;
    p.fn = std::move(fn);
    done = p.done.get_future();
    queue_.push_back(std::move(p));
  }
  cv_.notify_one();
  Status st = done.get();
  write_seconds_.Observe((env_.MonotonicNs() - start) / 1e9);
  return st;
}

void PostgresStore::WriterLoop() {
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

Status PostgresStore::EnsureWriter() {
  if (writer_ && !writer_->Broken()) return Status::Ok();
  writer_.reset();
  heads_.clear();
  auto opened = Connection::Open(options_.path);
  if (!opened.ok()) return opened.status();
  writer_ = std::move(opened).value();
  if (!options_.durable) (void)writer_->Batch("SET synchronous_commit = off", nullptr);
  spdlog::info("store: the writer reconnected to PostgreSQL");
  return Status::Ok();
}

void PostgresStore::CommitBatch(std::vector<Pending>& batch) {
  std::vector<Status> results(batch.size());
  int64_t start = env_.MonotonicNs();
  // The group's commit number: the counter row stays locked until COMMIT, so groups of every node
  // commit one after another in number order (0018_change_feed.sql), and pg_notify tells the
  // listeners of every node at commit. One round trip with BEGIN and the first savepoint.
  int64_t commit_no = 0;
  RowFn commit_fn = [&](const Row& r) { commit_no = r.Int(0); };
  const std::string_view open_sql =
      "BEGIN; UPDATE commit_counter SET n = n + 1 WHERE id = 1 "
      "RETURNING n, pg_notify('motcua_commit', n::text); SAVEPOINT tx";
  Status begin = EnsureWriter();
  if (begin.ok()) begin = writer_->Batch(open_sql, &commit_fn);
  if (!begin.ok() && writer_ && writer_->Broken()) {
    // The server restarted since the last group: nothing was sent yet, so try once more.
    begin = EnsureWriter();
    if (begin.ok()) begin = writer_->Batch(open_sql, &commit_fn);
  }
  if (begin.ok() && commit_no == 0) {
    begin = Status::Internal("store: the commit counter is missing (migration 0018)");
  }
  if (!begin.ok()) {
    if (writer_ && !writer_->Broken()) (void)writer_->Batch("ROLLBACK", nullptr);
    if (begin.code() != Code::kUnavailable) spdlog::error("{}", begin.message());
    FailAll(batch, begin.WithPrefix("store: cannot begin a transaction"));
    return;
  }
  // Another node committed since our last group: the cached chain heads may be stale.
  if (commit_no != last_commit_ + 1) heads_.clear();
  size_t ran = 0;  // callbacks run (a lost connection stops the group)
  for (size_t i = 0; i < batch.size(); ++i) {
    Status sp;
    if (i > 0) {
      sp = writer_->Batch(results[i - 1].ok() ? "RELEASE SAVEPOINT tx; SAVEPOINT tx"
                                              : "ROLLBACK TO SAVEPOINT tx; RELEASE SAVEPOINT tx; "
                                                "SAVEPOINT tx",
                          nullptr);
    }
    if (!sp.ok()) break;
    WriterTx tx(*writer_, heads_, commit_no);
    Status st;
    try {
      st = batch[i].fn(tx);
    } catch (const std::exception& e) {
      st = Status::Internal(std::string("store: a transaction threw: ") + e.what());
    } catch (...) {
      st = Status::Internal("store: a transaction threw an unknown exception");
    }
    if (st.code() == Code::kInternal)
      spdlog::error("store: transaction rolled back: {}", st.message());
    if (!st.ok()) tx.Undo();
    results[i] = st;
    ran = i + 1;
    if (writer_->Broken()) break;
  }
  Status commit;
  if (ran < batch.size() || writer_->Broken()) {
    commit = Status::Unavailable("store: the connection to PostgreSQL was lost mid-transaction");
  } else {
    commit = writer_->Batch(
        results[ran - 1].ok() ? "RELEASE SAVEPOINT tx; COMMIT" : "ROLLBACK TO SAVEPOINT tx; COMMIT",
        nullptr);
  }
  if (!commit.ok()) {
    if (!writer_->Broken()) (void)writer_->Batch("ROLLBACK", nullptr);
    heads_.clear();
    spdlog::error("store: commit failed: {}", commit.message());
    FailAll(batch,
            commit.code() == Code::kUnavailable ? commit : Status::Internal(commit.message()));
    return;
  }
  last_commit_ = commit_no;
  commits_.Add();
  commit_seconds_.Observe((env_.MonotonicNs() - start) / 1e9);
  for (size_t i = 0; i < batch.size(); ++i) {
    (results[i].ok() ? tx_ok_ : tx_failed_).Add();
    batch[i].done.set_value(std::move(results[i]));
  }
}

Status PostgresStore::Read(const std::function<Status(ReadTx&)>& fn) {
  if (options_.refuse_reads_on_writer && std::this_thread::get_id() == writer_id_) {
    Status st = Status::Internal(
        "store: a read was called inside a write transaction (on the writer thread); read "
        "before Store::Write and pass the result in");
    spdlog::error("{}", st.message());
    return st;
  }
  return readers_.Run(fn);
}

Result<int> PostgresStore::SchemaVersion() {
  int v = 0;
  Status st = Read([&](ReadTx& tx) {
    return tx.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {},
                    [&](const Row& r) { v = static_cast<int>(r.Int(0)); });
  });
  if (!st.ok()) return st;
  return v;
}

Result<int64_t> PostgresStore::LastCommit() {
  int64_t n = 0;
  MOTCUA_RETURN_IF_ERROR(Read([&](ReadTx& tx) {
    return tx.Query("SELECT n FROM commit_counter WHERE id = 1", {},
                    [&](const Row& r) { n = r.Int(0); });
  }));
  return n;
}

Status PostgresStore::Ping() {
  MOTCUA_ASSIGN_OR_RETURN(int v, SchemaVersion());
  if (v != KnownSchemaVersion()) {
    return Status::Unavailable(
        fmt::format("store: schema version {} but {} is needed", v, KnownSchemaVersion()));
  }
  return Status::Ok();
}

void PostgresStore::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closing_ = true;
    closed_ = true;
  }
  cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  readers_.Close();
  if (replica_) replica_->Close();
  writer_.reset();
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options, Env& env) {
  auto store = std::make_unique<PostgresStore>(options, env);
  MOTCUA_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<Store>(std::move(store));
}

bool IsPostgresUrl(std::string_view database) {
  return database.starts_with("postgres://") || database.starts_with("postgresql://");
}

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options, Env& env) {
  if (IsPostgresUrl(options.path)) return OpenPostgresStore(options, env);
  return OpenSqliteStore(options, env);
}

}  // namespace motcua::store
