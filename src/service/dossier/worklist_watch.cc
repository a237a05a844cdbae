#include "service/dossier/worklist_watch.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "base/hash.h"
#include "base/metrics.h"

namespace motcua::service {

struct WorklistWatch::Waiter {
  Principal who;
  WorklistQuery query;
  std::string key;      // caller and filters: desks with equal keys see equal lists
  std::string since;    // the version the desk shows
  int64_t seen_commit = 0;  // commits up to this one are reflected in `since` or were checked
  int64_t deadline_ns = 0;
  Done done;
};

namespace {

Counter& Parked() {
  static Counter& c = MetricsRegistry::Global().GetCounter(
      "motcua_desk_events_parked_total", "Work-list event requests that waited for a change.", "");
  return c;
}

Counter& Answered(const char* outcome) {
  return MetricsRegistry::Global().GetCounter(
      "motcua_desk_events_answered_total",
      "Waiting work-list event requests answered, by outcome (changed, no change, error).",
      fmt::format("outcome=\"{}\"", outcome));
}

std::string KeyOf(const Principal& who, const WorklistQuery& q) {
  return fmt::format("{}|{}|{}|{}|{}|{}|{}", who.Describe(), q.mine, q.status.value_or(0),
                     q.procedure_code, q.due_soon, q.overdue, q.limit);
}

// A unit that saw dossier events, and the last of them.
struct ChangedUnit {
  authz::UnitRef unit;
  int64_t last_commit = 0;
};

bool Touches(const Principal& who, const std::vector<ChangedUnit>& changed, int64_t after_commit) {
  const std::vector<authz::Grant> reads = authz::GrantsWith(who.grants, "dossier.read");
  for (const auto& c : changed) {
    if (c.last_commit <= after_commit) continue;
    for (const auto& g : reads) {
      if (authz::Covers(g, c.unit)) return true;
    }
  }
  return false;
}

}  // namespace

WorklistWatch::WorklistWatch(Env& env, store::Store& store, DossierQueries& dossiers,
                             WorklistWatchOptions options)
    : env_(env), store_(store), dossiers_(dossiers), options_(options) {}

WorklistWatch::~WorklistWatch() { Stop(); }

std::string WorklistWatch::VersionOf(const std::vector<WorklistItem>& items) {
  std::string shown;
  for (const auto& it : items) {
    shown += fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}\n", it.code, it.status, it.step, it.next_role,
                         it.version, it.overdue, it.due_soon, it.paused, it.remaining_vi);
  }
  return Sha256Hex(shown).substr(0, 16);
}

Result<std::string> WorklistWatch::Version(const Principal& who, const WorklistQuery& q) {
  MOTCUA_ASSIGN_OR_RETURN(std::vector<WorklistItem> items, dossiers_.Worklist(who, q));
  return VersionOf(items);
}


void WorklistWatch::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_ || stopped_) return;
  started_ = true;
  thread_ = std::thread([this] { Loop(); });
}

void WorklistWatch::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::vector<std::shared_ptr<Waiter>> left;
  {
    std::lock_guard<std::mutex> lock(mu_);
    left.swap(waiting_);
  }
  for (auto& w : left) w->done(Status::Unavailable("the server is stopping"));
}

int WorklistWatch::Waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(waiting_.size());
}

void WorklistWatch::Wait(const Principal& who, const WorklistQuery& q, const std::string& since,
                         Done done) {
  // The commit number is read before the version, so a change committed in between is one the
  // loop will look at.
  Result<int64_t> seq = store_.LastCommit();
  if (!seq.ok()) return done(seq.status());
  Result<std::string> version = Version(who, q);
  if (!version.ok() || *version != since) return done(std::move(version));
  auto w = std::make_shared<Waiter>();
  w->who = who;
  w->query = q;
  w->key = KeyOf(who, q);
  w->since = since;
  w->seen_commit = *seq;
  w->deadline_ns = env_.MonotonicNs() + int64_t{options_.hold_ms} * 1000000;
  w->done = std::move(done);
  Status refused = Status::Ok();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) {
      refused = Status::Unavailable("the server is stopping");
    } else if (static_cast<int>(waiting_.size()) >= options_.max_waiting) {
      refused = Status::Unavailable("too many desks are waiting; try again shortly");
    } else if (started_) {
      waiting_.push_back(w);
      Parked().Add();
      return;
    }
  }
  if (!refused.ok()) return w->done(refused);
  w->done(std::move(version));  // not started: nothing would wake the desk
}

void WorklistWatch::Loop() {
  for (;;) {
    std::vector<std::shared_ptr<Waiter>> snapshot;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [&] { return stopped_; });
      if (stopped_) return;
      snapshot = waiting_;
    }
    if (snapshot.empty()) continue;
    Result<int64_t> top = store_.LastCommit();
    if (!top.ok()) {
      spdlog::warn("worklist watch: {}", top.status().message());
      continue;
    }
    int64_t from = *top;
    for (const auto& w : snapshot) from = std::min(from, w->seen_commit);
    std::vector<ChangedUnit> changed;
    if (from < *top) {
      Status st = store_.Read([&](store::ReadTx& tx) {
        return tx.Query(
            "SELECT d.unit, d.province, MAX(e.commit_no) FROM events e "
            "JOIN dossiers d ON d.id = e.stream "
            "WHERE e.commit_no > ? AND e.commit_no <= ? GROUP BY d.unit, d.province",
            {from, *top}, [&](const store::Row& r) {
              changed.push_back({{r.Text(0), r.Text(1)}, r.Int(2)});
            });
      });
      if (!st.ok()) {
        spdlog::warn("worklist watch: cannot read the units that changed: {}", st.message());
        continue;
      }
    }
    const int64_t now = env_.MonotonicNs();
    std::map<std::string, Result<std::string>> versions;  // by key: one query per caller+filters
    std::vector<std::pair<std::shared_ptr<Waiter>, Result<std::string>>> answered;
    for (const auto& w : snapshot) {
      const bool touched = Touches(w->who, changed, w->seen_commit);
      const bool expired = now >= w->deadline_ns;
      w->seen_commit = *top;
      if (!touched && !expired) continue;
      auto it = versions.find(w->key);
      if (it == versions.end()) it = versions.emplace(w->key, Version(w->who, w->query)).first;
      if (expired || !it->second.ok() || *it->second != w->since) answered.emplace_back(w, it->second);
    }
    if (answered.empty()) continue;
    std::unordered_set<const Waiter*> gone;
    for (const auto& a : answered) gone.insert(a.first.get());
    {
      std::lock_guard<std::mutex> lock(mu_);
      std::erase_if(waiting_, [&](const auto& w) { return gone.count(w.get()) > 0; });
    }
    for (auto& [w, version] : answered) {
      Answered(!version.ok() ? "error" : *version != w->since ? "changed" : "no_change").Add();
      w->done(std::move(version));
    }
  }
}

}  // namespace motcua::service
