// DueRecomputer: keeps the dossiers' stored due times — the `dossiers` projection that the public
// lookup, the work lists, the escalations and the dossier log (Mẫu 07) read — in line with the
// calendar. As the CalendarService's observer (set in cli/app.cc, so that the calendar knows
// nothing of dossiers) it records, inside the transaction of each announcement or profile change,
// which dossiers the change can move; after commit it wakes its own thread, which walks them page
// by page (DossierJobs::RunDueRecomputations).
//
// Why a background pass and not the PUT request itself: an announcement can move the due times of
// every open dossier of the country's store (a million rows take minutes, not milliseconds), and
// the request that saved it should not wait for that nor hold the single writer for it. The pages
// are short transactions, so the API's writes interleave; the work is recorded durably first, so
// a restart (or a CLI import made while no server runs) resumes it at Start. Until a page is done
// its dossiers show the old due time in the lookup; their own pages (GET, desk) derive it afresh.
//
// Thread-safe. Start and Stop are called by one thread (serve).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "base/env.h"
#include "service/calendar/calendar_service.h"
#include "service/dossier/dossier_jobs.h"

namespace motcua::service {

class DueRecomputer : public CalendarObserver {
 public:
  // `page_size`: dossiers per page (one transaction each).
  DueRecomputer(Env& env, DossierJobs& dossiers, int64_t page_size = 500)
      : env_(env), dossiers_(dossiers), page_size_(page_size) {}
  ~DueRecomputer() override { Stop(); }

  // Records the scope of `change` in its transaction (DossierJobs::EnqueueDueRecompute).
  Status OnCalendarChangeInTx(store::Tx& tx, const CalendarChange& change) override;
  // Wakes the thread (nothing happens before Start; the work waits in the store).
  void OnCalendarChanged(const CalendarChange& change) override;

  // Starts the thread, which first does the work left pending by an earlier process.
  void Start();
  // Stops the thread after the page in progress; what remains is done at the next Start.
  void Stop();
  // Returns how many passes have finished (tests wait on it).
  int64_t PassesDone() const { return passes_.load(); }

 private:
  void Loop();

  Env& env_;
  DossierJobs& dossiers_;
  const int64_t page_size_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;  // GUARDED_BY(mu_)
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> passes_{0};
  std::thread thread_;
};

}  // namespace motcua::service
