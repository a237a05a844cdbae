// FloorWatch: tells display boards (and anyone following a unit's calls) when a unit's board
// changed, with one thread for all of them; no HTTP worker thread is held while a board waits.
//
// A board has a version: the id of the unit's newest call (FloorBoard::version). A board that last
// saw version `since` calls Wait: when the unit's board is newer, `done` runs at once with it;
// otherwise the board waits until a call lands or `hold_ms` pass (then `done` gets the board as it
// is). Changes come two ways: FloorService calls Changed(unit) right after a call commits (the
// fast path), and every `poll_ms` the store's change feed (Store::LastCommit) is compared with the
// last number seen, so writes by another process or node are noticed too; then the board of each
// unit with waiters is read again. Each unit's board is read once per change however many boards
// wait for it, and kept, so a board that reconnects is answered from memory.
//
// Thread-safe. `done` runs on the caller's thread (answered at once) or on the watch's thread; it
// must not block. Stop answers every waiting board with Unavailable, as does Wait after Stop.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "service/floor/floor_service.h"
#include "store/store.h"

namespace motcua::service {

struct FloorWatchOptions {
  int hold_ms = 25000;       // longest wait before a board is answered "no change"
  int poll_ms = 1000;        // how often the change feed is checked for other writers
  int max_waiting = 20000;   // boards waiting at once; more are answered Unavailable at once
};

class FloorWatch {
 public:
  // A board as the watch hands it out: shared, never changed once made.
  using Snapshot = std::shared_ptr<const FloorBoard>;
  using Done = std::function<void(Result<Snapshot>)>;

  FloorWatch(Env& env, store::Store& store, FloorService& floor, FloorWatchOptions options = {});
  ~FloorWatch();
  FloorWatch(const FloorWatch&) = delete;
  FloorWatch& operator=(const FloorWatch&) = delete;

  void Start();
  // Stops the thread and answers every waiting board with Unavailable. Idempotent.
  void Stop();

  // Calls `done` with the unit's board once its version is above `since`, or after hold_ms.
  void Wait(const std::string& unit, int64_t since, Done done);
  // Says that the unit's board changed (called after commit).
  void Changed(const std::string& unit);
  // Returns the number of boards waiting now.
  int Waiting() const;

 private:
  struct Waiter {
    std::string unit;
    int64_t since = 0;
    int64_t deadline_ns = 0;
    Done done;
  };
  void Loop();
  Result<Snapshot> Read(const std::string& unit);

  Env& env_;
  store::Store& store_;
  FloorService& floor_;
  const FloorWatchOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<std::string, std::shared_ptr<Waiter>> waiting_;  // by unit; GUARDED_BY(mu_)
  std::map<std::string, Snapshot> boards_;                       // GUARDED_BY(mu_)
  std::set<std::string> changed_;                                // GUARDED_BY(mu_)
  int count_ = 0;                                                // GUARDED_BY(mu_)
  bool started_ = false;                                         // GUARDED_BY(mu_)
  bool stopped_ = false;                                         // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace motcua::service
