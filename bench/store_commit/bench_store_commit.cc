// bench/store_commit: durable transactions per second through the store's group commit with 1, 8
// and 64 concurrent writers, against the raw SQLite ceiling measured in the same run (one thread,
// the same event rows with their hash chain, batches of 100 in one transaction, synchronous=FULL).
//
// Usage: bench_store_commit [seconds per case, default 3] [dir, default /tmp]
// Prints a table; docs/performance.md records the figures and the ratio.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "domain/event.h"
#include "store/store.h"

using namespace motcua;

namespace {

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

NewEvent Event(int64_t i) {
  return NewEvent{"14", "bench/" + std::to_string(i % 1000), "bench.write", 1700000000000 + i,
                  "bench", fmt::format(R"({{"i":{},"note":"group commit benchmark row"}})", i)};
}

// Raw SQLite: one connection, WAL, synchronous=FULL, 100 rows a transaction, same table and hash.
double RawCeiling(const std::string& path, double seconds) {
  std::filesystem::remove(path);
  { auto s = store::OpenSqliteStore(store::StoreOptions{.path = path}, Env::Default()); }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO events (province, province_seq, stream, type, at_ms, actor, body, "
                     "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)",
                     -1, &st, nullptr);
  std::string prev;
  int64_t n = 0;
  auto start = std::chrono::steady_clock::now();
  while (Seconds(start) < seconds) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (int k = 0; k < 100; ++k) {
      ++n;
      NewEvent e = Event(n);
      std::string hash = ChainHash(prev, n, e);
      sqlite3_bind_text(st, 1, e.province.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 2, n);
      sqlite3_bind_text(st, 3, e.stream.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 4, e.type.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 5, e.at_ms);
      sqlite3_bind_text(st, 6, e.actor.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 7, e.body.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 8, prev.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 9, hash.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_step(st);
      sqlite3_reset(st);
      prev = hash;
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  double rate = n / Seconds(start);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rate;
}

struct GroupResult {
  double rate;
  double commits_per_s;
  double p99_ms;
};

GroupResult GroupCommit(const std::string& path, int writers, double seconds) {
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  auto s = store::OpenSqliteStore(store::StoreOptions{.path = path}, Env::Default());
  if (!s.ok()) {
    fmt::print(stderr, "{}\n", s.status().ToString());
    std::exit(1);
  }
  store::Store& st = **s;
  std::atomic<int64_t> next{0};
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(writers);
  auto before = st.Stats();
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      while (!stop.load()) {
        int64_t i = next.fetch_add(1);
        auto t0 = std::chrono::steady_clock::now();
        Status r = st.Write([&](store::Tx& tx) { return tx.Append(Event(i)).status(); });
        if (!r.ok()) std::abort();
        latencies[w].push_back(Seconds(t0) * 1000);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double elapsed = Seconds(start);
  auto after = st.Stats();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  double p99 = all.empty() ? 0 : all[static_cast<size_t>(all.size() * 0.99)];
  return {(after.transactions - before.transactions) / elapsed,
          (after.commits - before.commits) / elapsed, p99};
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  std::string dir = argc > 2 ? argv[2] : "/tmp";
  std::string path = dir + "/motcua-bench-store.db";
  double raw = RawCeiling(path, seconds);
  fmt::print("{:<34} {:>12} {:>12} {:>10} {:>10}\n", "case", "tx/s", "commits/s", "p99 ms",
             "vs raw");
  fmt::print("{:<34} {:>12.0f} {:>12.0f} {:>10} {:>9.0f}%\n",
             "raw SQLite, 100 rows/commit", raw, raw / 100, "-", 100.0);
  for (int writers : {1, 8, 64}) {
    GroupResult g = GroupCommit(path, writers, seconds);
    fmt::print("{:<34} {:>12.0f} {:>12.0f} {:>10.2f} {:>9.0f}%\n",
               fmt::format("group commit, {} writers", writers), g.rate, g.commits_per_s, g.p99_ms,
               100.0 * g.rate / raw);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return 0;
}
