#include "service/dossier/dossier_jobs.h"

#include <algorithm>
#include <limits>
#include <map>
#include <vector>

#include "base/civil_time.h"
#include "domain/calendar/work_calendar.h"
#include "service/calendar/calendar_service.h"
#include "service/dossier/dossier_clock.h"
#include "service/dossier/dossier_codec.h"
#include "service/dossier/dossier_persist.h"
#include "service/identity/identity_service.h"
#include "service/platform/outbox.h"

namespace motcua::service {

// ---- Escalations --------------------------------------------------------------------------

Result<bool> DossierJobs::RecordEscalation(const std::string& code,
                                              dossier::Threshold threshold) {
  const std::string key = dossier::EscalationKey(code, threshold);
  const std::string name = key.substr(code.size() + 1);
  const int64_t now = env_.NowMs();
  int64_t changed = 0;
  MOTCUA_RETURN_IF_ERROR(
      store_
          .Write([&](store::Tx& tx) -> Status {
            MOTCUA_ASSIGN_OR_RETURN(
                changed,
                tx.Exec("INSERT INTO dossier_escalations (key, code, threshold, raised_ms) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        {key, code, name, now}));
            return Status::Ok();
          })
          .WithPrefix("store: cannot record escalation " + key));
  return changed == 1;
}

Result<int> DossierJobs::RunEscalations(const std::string& notify_email,
                                           int64_t page_size) {
  const int64_t now = env_.NowMs();
  struct Candidate {
    std::string code, unit, province;
    int64_t due;
    std::string handler;  // the assigned handler's username ("" before assignment)
  };
  struct Fire {
    const Candidate* c;
    dossier::Threshold t;
    std::string remaining;
  };
  // Open dossiers (every status whose due time runs) whose due time is at most the warning window
  // away, counted generously in calendar days (a working day is never more than twelve calendar
  // days away, even over Tết; the calendar decides exactly below), read in pages ordered by
  // (due, code) so a first run over a large backlog holds one page in memory, not the backlog.
  const int window_days = std::max(1, due_soon_working_days_);
  std::string live;
  for (int s : dossier::LiveDueStatusCodes()) live += (live.empty() ? "" : ",") + std::to_string(s);
  std::map<std::string, std::string> heads_of;  // unit → its unit heads' names, for the mail
  const int64_t kPage = std::max<int64_t>(1, page_size);
  int raised = 0;
  int64_t after_due = std::numeric_limits<int64_t>::min();
  std::string after_code;
  for (;;) {
    std::vector<Candidate> candidates;
    candidates.reserve(kPage);
    MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
      return tx.Query(
          "SELECT code, unit, province, due_ms, handler FROM dossiers WHERE status IN (" + live +
              ") AND due_ms IS NOT NULL AND due_ms < ? AND (due_ms, code) > (?, ?) AND NOT EXISTS "
              "(SELECT 1 FROM dossier_escalations e WHERE e.code = dossiers.code AND "
              "e.threshold = 'overdue') ORDER BY due_ms, code LIMIT ?",
          {now + (2 * int64_t{window_days} + 12) * kMsPerDay, after_due, after_code, kPage},
          [&](const store::Row& r) {
            candidates.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4)});
          });
    }));
    if (candidates.empty()) break;
    after_due = candidates.back().due;
    after_code = candidates.back().code;
    std::vector<Fire> fires;
    for (const auto& c : candidates) {
      auto cal = clock_.CalendarOf(c.unit, c.province);
      if (!cal.ok()) continue;
      auto rem = (*cal)->RemainingAt(c.due, now);
      const std::string text =
          calendar::FormatRemaining(rem, (*cal)->profile().DayMinutes(), "vi");
      if (rem.overdue) {
        fires.push_back({&c, dossier::Threshold::kDueSoon, text});
        fires.push_back({&c, dossier::Threshold::kOverdue, text});
      } else if (rem.working_minutes <=
                 int64_t{window_days} * (*cal)->profile().DayMinutes()) {
        fires.push_back({&c, dossier::Threshold::kDueSoon, text});
      }
    }
    // Whom the mail addresses: the assigned handler and the unit's heads (unit_head over the
    // commune or its province), by name. Officer accounts carry no mailbox of their own, so the
    // message goes to the centre's, which forwards it; their work lists flag the dossier too.
    std::map<std::string, std::string> names;  // username → display name
    if (!notify_email.empty()) {
      for (const Fire& f : fires) {
        if (!f.c->handler.empty() && !names.count(f.c->handler)) {
          auto u = identity_.GetUser(f.c->handler);
          names[f.c->handler] = u.ok() ? u->display_name : f.c->handler;
        }
        if (heads_of.count(f.c->unit)) continue;
        std::string& heads = heads_of[f.c->unit];
        const authz::UnitRef unit{f.c->unit, f.c->province};
        auto users = identity_.ListUsers(unit);
        if (!users.ok()) continue;  // the mail still goes, without the names
        for (const auto& u : *users) {
          if (u.disabled) continue;
          const bool head = std::any_of(u.grants.begin(), u.grants.end(), [&](const auto& g) {
            return g.role == authz::Role::kUnitHead && authz::Covers(g, unit);
          });
          if (head) heads += (heads.empty() ? "" : ", ") + u.display_name;
        }
      }
    }
    // Hundreds per transaction: a first run over a large backlog stays a few commits.
    constexpr size_t kBatch = 500;
    for (size_t from = 0; from < fires.size(); from += kBatch) {
      int batch_raised = 0;
      MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
        batch_raised = 0;
        for (size_t i = from; i < std::min(fires.size(), from + kBatch); ++i) {
          const Fire& f = fires[i];
          const std::string key = dossier::EscalationKey(f.c->code, f.t);
          const std::string name = key.substr(f.c->code.size() + 1);
          MOTCUA_ASSIGN_OR_RETURN(
              int64_t changed,
              tx.Exec("INSERT INTO dossier_escalations (key, code, threshold, raised_ms) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      {key, f.c->code, name, now}));
          if (changed != 1) continue;
          ++batch_raised;
          if (!notify_email.empty()) {
            OutboxMessage m;
            m.idempotency_key = "escalation/" + key;
            m.recipient = notify_email;
            const bool over = f.t == dossier::Threshold::kOverdue;
            m.subject = std::string(over ? "Hồ sơ quá hạn: " : "Hồ sơ sắp đến hạn: ") + f.c->code;
            std::string to;
            if (!f.c->handler.empty()) to = names[f.c->handler] + " (người xử lý)";
            if (!heads_of[f.c->unit].empty())
              to += (to.empty() ? "" : "; ") + heads_of[f.c->unit] + " (trưởng bộ phận)";
            m.body = (to.empty() ? std::string() : "Kính gửi: " + to + "\n") + "Hồ sơ " +
                     f.c->code + (over ? " đã quá hạn (" : " sắp đến hạn (") + f.remaining +
                     ").\nHạn: " + FormatRfc3339Vietnam(f.c->due) + "\n" +
                     (over ? "Hãy gửi thư xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).\n"
                           : "Nếu không trả kết quả kịp hạn, hãy gửi thư xin lỗi và hẹn lại ngày "
                             "trả kết quả (Mẫu 04) chậm nhất một ngày làm việc trước hạn.\n");
            MOTCUA_RETURN_IF_ERROR(EnqueueOutbox(tx, m, now));
          }
        }
        return Status::Ok();
      }));
      raised += batch_raised;
    }
    if (static_cast<int64_t>(candidates.size()) < kPage) break;
  }
  if (raised > 0 && outbox_ && !notify_email.empty()) outbox_->Wake();
  return raised;
}

// ---- Due times after a calendar change -----------------------------------------------------

Status DossierJobs::EnqueueDueRecompute(store::Tx& tx, const DueRecomputeScope& scope,
                                           int64_t now_ms) {
  return tx
      .Exec("INSERT INTO due_recomputations (profile, year, event_seq, created_ms) "
            "VALUES (?, ?, ?, ?)",
            {scope.profile, int64_t{scope.year}, scope.event_seq, now_ms})
      .status()
      .WithPrefix("store: cannot record the due times to recompute after the calendar change of " +
                  (scope.profile.empty() ? "year " + std::to_string(scope.year)
                                         : "profile " + scope.profile));
}

// The stored due time is a projection of the dossier's events *and* the calendar in force; a
// calendar change is an event of its own (calendar.announced, calendar.profile_set), so bringing
// the projection in line appends nothing to the dossier and leaves its version (ETag, If-Match)
// alone: nothing the officer or the applicant did changed. What is recomputed is exactly what
// Persist stores from ViewOf: the legal due, and the due in force — which stays the apology's new
// date when there is one (Mẫu 04: a fixed date the officer chose, not derived from the calendar).
//
// Escalations already raised for the old due time (dossier_escalations) are facts of the past:
// they stay, are not raised again (one per dossier and threshold) and are not withdrawn when the
// new due time is later. The thresholds not yet raised are judged by RunEscalations against the
// new stored due time from its next run on.
Result<int64_t> DossierJobs::RunDueRecomputations(int64_t page_size,
                                                     const std::atomic<bool>* stop) {
  const int64_t kPage = std::max<int64_t>(1, page_size);
  // Only changes the calendars in force include: a change is committed (with its recomputation)
  // a moment before the calendars are recompiled, and one taken in that moment would be done on
  // the old calendars and then forgotten. It waits for the wake-up that follows its recompilation.
  const int64_t ready = calendar_.LoadedEventSeq();
  // This write is also a barrier: an action whose transaction derived its due time from the
  // calendars before the change is committed once it returns (the writer runs transactions in
  // order), so a page read below sees it, and every later action derives its due time from the
  // new calendars itself. It drops the recomputations that a newer one covers (same or wider
  // scope): all are done on the calendars in force now, so the newer one does their work.
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
    return tx
        .Exec("DELETE FROM due_recomputations WHERE event_seq <= ? AND EXISTS (SELECT 1 FROM "
              "due_recomputations n WHERE n.event_seq <= ? AND n.id > due_recomputations.id AND "
              "(n.profile = '' OR n.profile = due_recomputations.profile) AND (n.year = 0 OR "
              "n.year = due_recomputations.year))",
              {ready, ready})
        .status()
        .WithPrefix("store: cannot merge the pending due time recomputations");
  }));
  std::string live;  // "2,4,5,6,7"
  for (int c : dossier::LiveDueStatusCodes()) live += (live.empty() ? "" : ",") + std::to_string(c);
  int64_t total = 0;
  for (;;) {
    struct Job {
      int64_t id = 0;
      std::string profile;
      int year = 0;
      std::string after_code;
    };
    std::optional<Job> job;
    MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
      return tx.Query(
          "SELECT id, profile, year, after_code FROM due_recomputations WHERE event_seq <= ? "
          "ORDER BY id LIMIT 1",
          {ready},
          [&](const store::Row& r) {
            job = Job{r.Int(0), r.Text(1), static_cast<int>(r.Int(2)), r.Text(3)};
          });
    }));
    if (!job) return total;
    // Keyset paging by code (unique, indexed): a dossier's code begins with its agency's id, so
    // one unit's or province's dossiers lie close together in that order.
    std::string where = "d.code > ? AND d.status IN (" + live + ")";
    std::vector<store::Value> params{job->after_code};
    if (!job->profile.empty()) {
      where += " AND (d.unit = ? OR d.province = ?)";
      params.push_back(job->profile);
      params.push_back(job->profile);
    }
    if (job->year > 0) {
      // A due time is derived from the days between reception and the due time only (a pause
      // that began before the due time pushes it past the pause's end; one that began after is
      // ignored), so an announcement for year Y cannot move a dossier received after Y or due
      // before Y. A week of margin each side costs little and guards the substitute-day rules.
      const int64_t from = FromVietnam(std::chrono::year(job->year) / 1 / 1, 0) - 7 * kMsPerDay;
      const int64_t to = FromVietnam(std::chrono::year(job->year + 1) / 1 / 1, 0) + 7 * kMsPerDay;
      where += " AND d.accepted_ms < ? AND (d.original_due_ms IS NULL OR d.original_due_ms >= ?)";
      params.push_back(to);
      params.push_back(from);
    }
    params.push_back(kPage);
    struct Candidate {
      std::string code;
      std::optional<int64_t> due, original_due;
      std::vector<dossier::DossierEvent> events;
    };
    std::vector<Candidate> page;
    Status bad = Status::Ok();
    MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
      return tx.Query(
          "WITH page AS (SELECT d.id, d.code, d.due_ms, d.original_due_ms FROM dossiers d WHERE " +
              where +
              " ORDER BY d.code LIMIT ?) "
              "SELECT page.code, page.due_ms, page.original_due_ms, e.type, e.at_ms, e.actor, "
              "e.body FROM page JOIN events e ON e.stream = page.id ORDER BY page.code, e.seq",
          params, [&](const store::Row& r) {
            if (!bad.ok()) return;
            if (page.empty() || page.back().code != r.Text(0))
              page.push_back({r.Text(0), OptInt(r, 1), OptInt(r, 2), {}});
            auto e = ParseDossierEvent(r.Text(3), r.Int(4), r.Text(5), r.Text(6));
            if (!e.ok()) {
              bad = e.status().WithPrefix("dossier " + r.Text(0));
              return;
            }
            page.back().events.push_back(std::move(*e));
          });
    }));
    MOTCUA_RETURN_IF_ERROR(bad.WithPrefix("due times: cannot recompute"));
    struct Update {
      std::string code;
      int64_t version;
      std::optional<int64_t> due, original_due;
    };
    std::vector<Update> updates;
    for (const Candidate& c : page) {
      const dossier::Dossier d = dossier::Replay(c.events);
      if (!dossier::DueIsLive(d.status)) continue;  // the projection lagged; the events decide
      const DossierView v = clock_.ViewOf(d);
      if (v.due_ms != c.due || v.original_due_ms != c.original_due)
        updates.push_back({c.code, d.version, v.due_ms, v.original_due_ms});
    }
    const bool last = static_cast<int64_t>(page.size()) < kPage;
    const std::string cursor = page.empty() ? job->after_code : page.back().code;
    int64_t changed = 0;
    MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      changed = 0;
      for (const Update& u : updates) {
        // A dossier acted on since the page was read already stored a due time derived from the
        // new calendars (see the barrier above): its version moved, and it is left alone.
        MOTCUA_ASSIGN_OR_RETURN(
            int64_t n, tx.Exec("UPDATE dossiers SET due_ms = ?, original_due_ms = ? "
                               "WHERE code = ? AND version = ?",
                               {OrNull(u.due), OrNull(u.original_due), u.code, u.version}));
        changed += n;
      }
      if (last) {
        return tx.Exec("DELETE FROM due_recomputations WHERE id = ?", {job->id}).status();
      }
      return tx
          .Exec("UPDATE due_recomputations SET after_code = ?, updated = updated + ? WHERE id = ?",
                {cursor, changed, job->id})
          .status();
    }).WithPrefix("store: cannot store recomputed due times"));
    total += changed;
    if (stop && stop->load()) return total;
  }
}

}  // namespace motcua::service
