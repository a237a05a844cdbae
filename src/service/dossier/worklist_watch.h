// WorklistWatch: tells officers' desks when their work list changed, with one thread for all of
// them (the HTTP worker threads are not held while a desk waits).
//
// A work list has a version: a short hash of what the desk shows for it (which dossiers, their
// status, step, who acts next, version, and the countdown text with its due-soon/overdue marks).
// A desk that last saw version `since` calls Wait: when the current version differs, `done` runs
// at once; otherwise the desk waits until a dossier event lands in a unit its grants cover and
// changes its version, or until `hold_ms` pass (then `done` gets the version as it is, which may
// have moved with the clock alone). New events are found by following the store's change feed:
// every `poll_ms` the last commit number (Store::LastCommit, one row) is compared with the one
// each desk has seen, and the events of the commits in between (`events.commit_no`) name the
// units that changed. Commit numbers grow in commit order, so no change is missed or repeated
// even when several nodes write one database; writes by any process are seen; only desks whose
// units saw events are recomputed, and desks with the same caller and filters share one query.
//
// Thread-safe. `done` runs on the caller's thread (answered at once) or on the watch's thread; it
// must not block. Stop answers every waiting desk with Unavailable, as does Wait after Stop.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "service/dossier/dossier_queries.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::service {

struct WorklistWatchOptions {
  int hold_ms = 25000;      // longest wait before a desk is answered "no change"
  int poll_ms = 500;        // how often the change feed is checked for new commits
  int max_waiting = 10000;  // desks waiting at once; more are answered Unavailable at once
};

class WorklistWatch {
 public:
  // Called with the current version of the list, or why it could not be computed.
  using Done = std::function<void(Result<std::string> version)>;

  WorklistWatch(Env& env, store::Store& store, DossierQueries& dossiers,
                WorklistWatchOptions options = {});
  ~WorklistWatch();
  WorklistWatch(const WorklistWatch&) = delete;
  WorklistWatch& operator=(const WorklistWatch&) = delete;

  // Starts the watch thread. Until then Wait answers at once.
  void Start();
  // Stops the thread and answers every waiting desk with Unavailable. Idempotent.
  void Stop();

  // Returns the version of the list `who` sees under `q` now (Worklist's error otherwise).
  Result<std::string> Version(const Principal& who, const WorklistQuery& q);
  // Calls `done` with the list's version once it differs from `since`, or after hold_ms.
  void Wait(const Principal& who, const WorklistQuery& q, const std::string& since, Done done);
  // Returns the number of desks waiting now.
  int Waiting() const;

  // Returns the version of a list as shown (exposed for tests).
  static std::string VersionOf(const std::vector<WorklistItem>& items);

 private:
  struct Waiter;
  void Loop();

  Env& env_;
  store::Store& store_;
  DossierQueries& dossiers_;
  const WorklistWatchOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<Waiter>> waiting_;  // GUARDED_BY(mu_)
  bool started_ = false;                          // GUARDED_BY(mu_)
  bool stopped_ = false;                          // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace motcua::service
