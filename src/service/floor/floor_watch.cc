#include "service/floor/floor_watch.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

namespace motcua::service {

FloorWatch::FloorWatch(Env& env, store::Store& store, FloorService& floor,
                       FloorWatchOptions options)
    : env_(env), store_(store), floor_(floor), options_(options) {}

FloorWatch::~FloorWatch() { Stop(); }

void FloorWatch::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_ || stopped_) return;
  started_ = true;
  thread_ = std::thread([this] { Loop(); });
}

void FloorWatch::Stop() {
  std::multimap<std::string, std::shared_ptr<Waiter>> waiting;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    waiting.swap(waiting_);
    count_ = 0;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& w : waiting) w.second->done(Status::Unavailable("the server is stopping"));
}

int FloorWatch::Waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return count_;
}

Result<FloorWatch::Snapshot> FloorWatch::Read(const std::string& unit) {
  auto board = floor_.Board(unit);
  if (!board.ok()) return board.status();
  return Snapshot(std::make_shared<const FloorBoard>(std::move(*board)));
}

void FloorWatch::Changed(const std::string& unit) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || stopped_) return;
    changed_.insert(unit);
  }
  cv_.notify_all();
}

void FloorWatch::Wait(const std::string& unit, int64_t since, Done done) {
  Snapshot snap;
  bool started = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_) {
      done(Status::Unavailable("the server is stopping"));
      return;
    }
    started = started_;
    if (auto it = boards_.find(unit); it != boards_.end()) snap = it->second;
  }
  if (!snap) {
    auto read = Read(unit);
    if (!read.ok()) {
      done(read.status());
      return;
    }
    snap = *read;
  }
  if (!started || snap->version > since) {
    done(snap);
    return;
  }
  {
    std::unique_lock<std::mutex> lock(mu_);
    // Keep the newest board seen: the loop may have read a newer one meanwhile.
    auto& kept = boards_[unit];
    if (!kept || kept->version < snap->version) kept = snap;
    snap = kept;
    if (snap->version <= since && !stopped_ && count_ < options_.max_waiting) {
      auto w = std::make_shared<Waiter>();
      w->unit = unit;
      w->since = since;
      w->deadline_ns = env_.MonotonicNs() + int64_t{options_.hold_ms} * 1000000;
      w->done = std::move(done);
      waiting_.emplace(unit, std::move(w));
      ++count_;
      return;
    }
  }
  if (snap->version > since) {
    done(snap);
  } else {
    done(Status::Unavailable("too many boards are waiting; try again"));
  }
}

void FloorWatch::Loop() {
  int64_t seen_commit = 0;
  if (auto top = store_.LastCommit(); top.ok()) seen_commit = *top;
  int64_t next_poll_ns = env_.MonotonicNs() + int64_t{options_.poll_ms} * 1000000;
  for (;;) {
    std::set<std::string> units;
    bool poll = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(std::min(options_.poll_ms, 250)),
                   [&] { return stopped_ || !changed_.empty(); });
      if (stopped_) return;
      units.swap(changed_);
      poll = env_.MonotonicNs() >= next_poll_ns;
    }
    if (poll) {
      next_poll_ns = env_.MonotonicNs() + int64_t{options_.poll_ms} * 1000000;
      auto top = store_.LastCommit();
      if (top.ok() && *top != seen_commit) {
        seen_commit = *top;
        std::lock_guard<std::mutex> lock(mu_);
        for (const auto& b : boards_) units.insert(b.first);
        for (const auto& w : waiting_) units.insert(w.first);
      } else if (!top.ok()) {
        spdlog::warn("floor watch: {}", top.status().message());
      }
    }
    // Read each changed unit's board once, outside the lock, if anyone waits or it is kept.
    std::map<std::string, Snapshot> fresh;
    for (const auto& unit : units) {
      bool wanted = false;
      {
        std::lock_guard<std::mutex> lock(mu_);
        wanted = waiting_.count(unit) > 0 || boards_.count(unit) > 0;
      }
      if (!wanted) continue;
      auto read = Read(unit);
      if (read.ok()) {
        fresh.emplace(unit, *read);
      } else {
        spdlog::warn("floor watch: cannot read the board of unit {}: {}", unit,
                     read.status().message());
      }
    }
    std::vector<std::pair<std::shared_ptr<Waiter>, Snapshot>> answer;
    std::vector<std::shared_ptr<Waiter>> expired_unread;
    const int64_t now = env_.MonotonicNs();
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& f : fresh) {
        auto& kept = boards_[f.first];
        if (!kept || kept->version <= f.second->version) kept = f.second;
      }
      for (auto it = waiting_.begin(); it != waiting_.end();) {
        const auto& w = it->second;
        auto b = boards_.find(w->unit);
        const Snapshot snap = b == boards_.end() ? nullptr : b->second;
        if (snap && snap->version > w->since) {
          answer.emplace_back(w, snap);
        } else if (now >= w->deadline_ns) {
          if (snap) answer.emplace_back(w, snap); else expired_unread.push_back(w);
        } else {
          ++it;
          continue;
        }
        it = waiting_.erase(it);
        --count_;
      }
    }
    for (auto& a : answer) a.first->done(a.second);
    for (auto& w : expired_unread) w->done(Read(w->unit));
  }
}

}  // namespace motcua::service
