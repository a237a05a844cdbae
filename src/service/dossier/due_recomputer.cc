#include "service/dossier/due_recomputer.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace motcua::service {

Status DueRecomputer::OnCalendarChangeInTx(store::Tx& tx, const CalendarChange& change) {
  return DossierJobs::EnqueueDueRecompute(
      tx, DueRecomputeScope{change.profile, change.year, change.event_seq}, env_.NowMs());
}

void DueRecomputer::OnCalendarChanged(const CalendarChange&) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_ = true;
  }
  cv_.notify_all();
}

void DueRecomputer::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  pending_ = true;  // the work an earlier process or a CLI import left
  thread_ = std::thread([this] { Loop(); });
}

void DueRecomputer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DueRecomputer::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_.load() || pending_; });
    if (stop_) return;
    pending_ = false;
    lock.unlock();
    const auto t0 = std::chrono::steady_clock::now();
    auto n = dossiers_.RunDueRecomputations(page_size_, &stop_);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    lock.lock();
    if (!n.ok()) {
      // Retried at the next change or start; a failing store says more in its own logs.
      spdlog::warn("due times: recomputation after a calendar change stopped: {}",
                   n.status().message());
    } else if (*n > 0 || s >= 1.0) {
      spdlog::info("due times: {} dossiers follow the calendar change ({:.1f} s)", *n, s);
    }
    passes_.fetch_add(1);
  }
}

}  // namespace motcua::service
