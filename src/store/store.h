// The store: durable state of motcua behind an engine-neutral interface.
//
// Every change of state goes through Store::Write: the callback runs inside one transaction, appends
// events (hash-chained per province) and updates projections with plain SQL, and Write returns only
// once that transaction is durable on disk — or failed, in which case nothing of it is stored.
// Concurrent Write calls are grouped into one commit by a writer thread (group commit); a callback
// that fails rolls back only its own work. Reads run on a pool of reader connections and see the
// last committed state.
//
// SQL text is portable: `?` placeholders, standard types (INTEGER, TEXT, REAL); dialect
// differences live inside the engine folders (sqlite/, postgres/; postgres/README.md has the rules).
//
// A Store is safe for concurrent use from many threads. Tx and ReadTx objects are valid only inside
// the callback they are passed to and must not be shared between threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/event.h"

namespace motcua::store {

// A bound parameter.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

// One result row; valid only inside the row callback.
class Row {
 public:
  virtual ~Row() = default;
  virtual int Columns() const = 0;
  virtual bool IsNull(int i) const = 0;
  virtual int64_t Int(int i) const = 0;
  virtual double Real(int i) const = 0;
  virtual std::string Text(int i) const = 0;
  std::optional<std::string> OptText(int i) const {
    return IsNull(i) ? std::nullopt : std::optional<std::string>(Text(i));
  }
};

using RowFn = std::function<void(const Row&)>;

class ReadTx {
 public:
  virtual ~ReadTx() = default;
  // Runs a query, calling `on_row` for each row. The error names the statement's purpose.
  virtual Status Query(std::string_view sql, const std::vector<Value>& params,
                       const RowFn& on_row) = 0;
};

class Tx : public ReadTx {
 public:
  // Runs a statement that returns no rows; returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, const std::vector<Value>& params) = 0;
  // Appends an event to its province's hash chain; returns it as stored (seq, hashes).
  virtual Result<StoredEvent> Append(const NewEvent& event) = 0;
};

struct StoreOptions {
  // Path of the SQLite database file (created if missing), or for OpenPostgresStore a libpq
  // connection URI ("postgres://user@host:5432/motcua").
  std::string path;
  // PostgreSQL only: a streaming replica for reads that tolerate lag (ReadLagTolerant); empty:
  // those reads go to the primary.
  std::string replica_url;
  // Number of read-only connections in the reader pool.
  int readers = 4;
  // Most transactions the writer commits together in one group.
  int max_batch = 512;
  // synchronous=FULL: a commit returns only after the WAL is fsynced. Turning it off (NORMAL) is
  // only for benchmarks that want the ceiling without durability.
  bool durable = true;
  // How long a connection waits for a lock before failing with "database is locked".
  int busy_timeout_ms = 5000;
  // Page cache per connection, in KiB.
  int cache_kib = 32 * 1024;
  // Apply pending migrations when opening (serve does; `motcua migrate` does it explicitly).
  bool migrate = true;
  // A Read called on the writer thread (from inside a Write callback) fails with Internal and is
  // logged: the writer only writes, and a read there would hold every group commit until a
  // reader connection is free. On by default in debug builds (the sanitizer stage), off in
  // release builds, where such a read still works.
#ifdef NDEBUG
  bool refuse_reads_on_writer = false;
#else
  bool refuse_reads_on_writer = true;
#endif
};

struct VerifyReport {
  int64_t events = 0;
  int64_t provinces = 0;
  bool ok = true;
  // The first broken link of each province, as plain sentences:
  // "province 11, event #42 (seq 97, dossier/…): stored hash … does not match computed …".
  std::vector<std::string> problems;
  // Where each province's chain ends as walked (its length and last hash), by province.
  struct Head {
    int64_t length = 0;
    std::string hash;
  };
  std::map<std::string, Head> heads;
};

struct StoreStatsSnapshot {
  uint64_t commits = 0;       // group commits
  uint64_t transactions = 0;  // Write calls that succeeded
  uint64_t failed = 0;        // Write calls that failed
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs `fn` in a write transaction and waits until it is durable. Returns fn's error (its work
  // rolled back), or Unavailable when the store is closed, or Internal when the commit failed. An
  // exception thrown by `fn` is caught, rolled back and returned as Internal; every Internal
  // error is logged by the store. Unavailable means only "closed or busy: try again".
  virtual Status Write(std::function<Status(Tx&)> fn) = 0;
  // Runs `fn` on a reader connection inside a read transaction (a consistent snapshot). Errors as
  // for Write (an exception is a logged Internal).
  virtual Status Read(const std::function<Status(ReadTx&)>& fn) = 0;
  // Like Read, for reads that tolerate a little lag (dashboards, the public lookup): an engine
  // configured with a read replica runs them there.
  virtual Status ReadLagTolerant(const std::function<Status(ReadTx&)>& fn) { return Read(fn); }
  // Returns the applied schema version.
  virtual Result<int> SchemaVersion() = 0;
  // The change feed: returns the number of the last commit. Every write transaction is committed
  // under a commit number, and each event it appends carries that number (`events.commit_no`,
  // StoredEvent::commit_no). Numbers grow in the order commits become visible — unlike `seq`
  // once several nodes share one database — so a follower that has handled everything up to N
  // reads `commit_no > N AND commit_no <= LastCommit()` in one read transaction and neither
  // misses nor repeats a change (the work-list watch does; see docs/architecture.md).
  virtual Result<int64_t> LastCommit() = 0;
  // Returns the highest version this binary knows.
  virtual int KnownSchemaVersion() const = 0;
  // Returns OK when the database answers and its schema is current (readiness).
  virtual Status Ping() = 0;
  // Re-walks every province chain. `progress(done, total)` is called now and then.
  virtual Result<VerifyReport> Verify(const std::function<void(int64_t, int64_t)>& progress) = 0;
  virtual StoreStatsSnapshot Stats() const = 0;
  // Writes a consistent copy of the whole database to `path` (a file that must not exist yet)
  // while writes go on: what was committed when the copy began, nothing after (SQLite: VACUUM
  // INTO on a read-only connection). Used by `motcua backup`.
  virtual Status SnapshotTo(const std::string& path) = 0;
  // Returns the number of rows of every table, by name, in one snapshot (backup manifests).
  virtual Result<std::map<std::string, int64_t>> TableCounts() = 0;
  // Stops the writer after the queued transactions are done, and closes every connection.
  // Idempotent; later Write calls fail with Unavailable.
  virtual void Close() = 0;
};

// Opens (creating if needed) a SQLite store. Fails with FailedPrecondition when the database has a
// newer schema than this binary knows, naming both versions.
Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options, Env& env);

// Opens a PostgreSQL store (store/postgres/): options.path is the connection URI; migrates as
// OpenSqliteStore does (under an advisory lock, so nodes starting together migrate once).
Result<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options, Env& env);

// True when `database` names a PostgreSQL server ("postgres://…" or "postgresql://…").
bool IsPostgresUrl(std::string_view database);

// Opens the engine `options.path` names: a PostgreSQL URI, otherwise a SQLite file.
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options, Env& env);

}  // namespace motcua::store
