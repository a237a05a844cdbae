#include "service/dossier/dossier_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "base/text.h"
#include "domain/calendar/work_calendar.h"
#include "domain/dossier/code.h"
#include "service/platform/audit_service.h"
#include "service/calendar/calendar_service.h"
#include "service/dossier/dossier_codec.h"
#include "service/platform/file_service.h"
#include "service/identity/identity_service.h"
#include "service/platform/json_fields.h"
#include "service/platform/outbox.h"
#include "service/catalogue/procedure_service.h"
#include "service/catalogue/unit_service.h"

namespace motcua::service {

using dossier::NationalStatus;
using nlohmann::json;

namespace {

std::string Yymmdd(std::chrono::year_month_day d) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d%02u%02u", static_cast<int>(d.year()) % 100,
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::string StreamOf(const std::string& code) { return "dossier/" + code; }

// The header's code while an intake is decided outside the write transaction (not a valid code,
// so it can never be confused with one).
constexpr char kPendingCode[] = "pending-code";

std::optional<int64_t> Opt(const store::Row& r, int i) {
  return r.IsNull(i) ? std::nullopt : std::optional<int64_t>(r.Int(i));
}

store::Value OrNull(const std::optional<int64_t>& v) {
  return v ? store::Value{*v} : store::Value{nullptr};
}

// Loads a dossier by folding its events; `exists` is false when there are none.
Result<dossier::Dossier> LoadIn(store::ReadTx& tx, const std::string& code) {
  std::vector<dossier::DossierEvent> events;
  Status bad = Status::Ok();
  MOTCUA_RETURN_IF_ERROR(tx.Query(
      "SELECT type, at_ms, actor, body FROM events WHERE stream = ? ORDER BY seq",
      {StreamOf(code)}, [&](const store::Row& r) {
        if (!bad.ok()) return;
        auto e = ParseDossierEvent(r.Text(0), r.Int(1), r.Text(2), r.Text(3));
        if (!e.ok()) {
          bad = e.status().WithPrefix("dossier " + code);
          return;
        }
        events.push_back(std::move(*e));
      }));
  MOTCUA_RETURN_IF_ERROR(bad);
  return dossier::Replay(events);
}

Result<std::vector<dossier::DossierEvent>> EventsIn(store::ReadTx& tx, const std::string& code) {
  std::vector<dossier::DossierEvent> events;
  Status bad = Status::Ok();
  MOTCUA_RETURN_IF_ERROR(tx.Query(
      "SELECT type, at_ms, actor, body FROM events WHERE stream = ? ORDER BY seq",
      {StreamOf(code)}, [&](const store::Row& r) {
        auto e = ParseDossierEvent(r.Text(0), r.Int(1), r.Text(2), r.Text(3));
        if (!e.ok()) {
          if (bad.ok()) bad = e.status();
          return;
        }
        events.push_back(std::move(*e));
      }));
  MOTCUA_RETURN_IF_ERROR(bad);
  return events;
}

// Who acts next on a dossier in `d`'s state: a role name, "applicant", or "" once it is closed.
std::string NextRole(const dossier::Dossier& d) {
  using dossier::StepKind;
  auto role = [&](StepKind k, const char* fallback) {
    auto r = d.header.workflow.RoleOf(k);
    return r ? std::string(authz::RoleName(*r)) : std::string(fallback);
  };
  switch (d.status) {
    case NationalStatus::kSubmittedOnline:
      return d.awaiting_completion ? "applicant" : role(StepKind::kReceive, "reception");
    case NationalStatus::kAccepted:
    case NationalStatus::kProcessing: {
      auto next = d.header.workflow.NextProcessingStep(d.step);
      if (next) return role(*next, "reception");
      return role(StepKind::kNumber, "clerk");  // mark the result ready
    }
    case NationalStatus::kSupplementationRequested:
      return "applicant";
    case NationalStatus::kAwaitingPayment:
    case NationalStatus::kWithdrawalRequested:
      return role(StepKind::kReceive, "reception");
    case NationalStatus::kResultReady:
      return role(StepKind::kReturn, "reception");
    default:
      return "";
  }
}

bool IsClosed(NationalStatus s) {
  return s == NationalStatus::kRefused || s == NationalStatus::kStopped ||
         s == NationalStatus::kResultReady || s == NationalStatus::kResultDelivered;
}

json ApplicantJson(const dossier::Applicant& a) {
  return {{"kind", a.kind == dossier::ApplicantKind::kPerson ? "person" : "organisation"},
          {"full_name", a.full_name},
          {"id_number", a.id_number},
          {"phone", a.phone},
          {"email", a.email},
          {"address", a.address}};
}

// The notification an event sends the applicant, if any (domain: accepted, supplementation
// requested, result ready, apology; refusal and stop, so an applicant who is not at the counter
// learns of them too).
std::optional<std::pair<std::string, std::string>> Notification(const dossier::DossierEvent& e,
                                                                const dossier::Dossier& d,
                                                                const std::string& link) {
  const std::string& code = d.header.id;
  std::string subject, body;
  switch (e.type) {
    case dossier::EventType::kAccepted:
      subject = "Hồ sơ " + code + " đã được tiếp nhận / Your dossier was accepted";
      body = "Hồ sơ " + code + " (" + d.header.procedure_name + ") đã được tiếp nhận lúc " +
             FormatRfc3339Vietnam(e.at) + ".\nTra cứu: " + link + "\n";
      break;
    case dossier::EventType::kSupplementationRequested:
    case dossier::EventType::kSentBackForCompletion: {
      subject = "Hồ sơ " + code + " cần bổ sung / Your dossier needs more documents";
      body = "Hồ sơ " + code + " cần bổ sung:\n";
      for (const auto& i : e.items) body += " - " + i + "\n";
      if (!e.reason.empty()) body += "Lý do: " + e.reason + "\n";
      body += "Tra cứu: " + link + "\n";
      break;
    }
    case dossier::EventType::kResultReady:
      subject = "Hồ sơ " + code + " đã có kết quả / Your result is ready";
      body = "Kết quả hồ sơ " + code + " đã sẵn sàng để trả.\nTra cứu: " + link + "\n";
      break;
    case dossier::EventType::kRefused:
      // Mẫu 03 goes to the applicant with its reason (domain §3.2); online applicants also see it,
      // and can download it, on their dossier page.
      subject = "Hồ sơ " + code + " không được giải quyết / Your dossier was refused";
      body = "Hồ sơ " + code + " (" + d.header.procedure_name +
             ") không được tiếp nhận hoặc không được giải quyết.\nLý do: " + e.reason +
             "\nVăn bản từ chối (Mẫu 03) được gửi kèm hồ sơ; ông/bà có thể hỏi bộ phận một cửa "
             "hoặc nộp lại khi đã đủ điều kiện.\nTra cứu: " + link + "\n";
      break;
    case dossier::EventType::kStopped:
      subject = "Hồ sơ " + code + " đã dừng xử lý / Processing of your dossier was stopped";
      body = "Hồ sơ " + code + " (" + d.header.procedure_name + ") đã dừng xử lý lúc " +
             FormatRfc3339Vietnam(e.at) + "." +
             (e.reason.empty() ? std::string() : "\nLý do: " + e.reason) +
             "\nNếu ông/bà không đề nghị dừng, hãy liên hệ bộ phận một cửa.\nTra cứu: " + link + "\n";
      break;
    case dossier::EventType::kApologised:
      subject = "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ " + code;
      body = "Hồ sơ " + code + " chưa giải quyết được đúng hạn. Lý do: " + e.reason +
             "\nNgày hẹn trả mới: " + (e.new_due ? FormatRfc3339Vietnam(*e.new_due) : "") +
             "\nChúng tôi xin lỗi ông/bà vì sự chậm trễ này.\nTra cứu: " + link + "\n";
      break;
    default:
      return std::nullopt;
  }
  return std::make_pair(subject, body);
}

// Returns the unit holding `d`: the scope of its entries in the personal-data access log.
authz::UnitRef UnitOf(const dossier::Dossier& d) {
  return authz::UnitRef{d.header.unit, d.header.province};
}

}  // namespace

// ---- Views and the clock ------------------------------------------------------------------

Result<std::shared_ptr<const calendar::WorkCalendar>> DossierService::CalendarOf(
    const std::string& unit, const std::string& province) {
  if (!deps_.calendar) return Status::FailedPrecondition("no calendar service");
  if (auto c = deps_.calendar->FindFirst({unit, province, "national"})) return c;
  return deps_.calendar->Get("national");
}

namespace {

// The due times of a dossier on its unit's calendar (domain.md §4): the legal due, with the clock
// stopped during the counted pauses, and the due in force (the apology's new date when there is
// one). Both are empty while an open pause holds the clock, unless `close_open_at` is given: then
// an open pause counts as ending at that instant (the due "as it stands now", which the apology
// rule compares against).
struct Dues {
  std::optional<int64_t> legal;
  std::optional<int64_t> in_force;
};

Dues DuesOf(const dossier::Dossier& d, const calendar::WorkCalendar& cal,
            std::optional<int64_t> close_open_at) {
  Dues out;
  if (!d.accepted_at) return out;
  const auto unit =
      calendar::ParseTimeUnit(d.header.time_unit).value_or(calendar::TimeUnit::kWorkingDays);
  std::vector<calendar::Pause> pauses;
  for (const auto& p : d.pauses) {
    if (p.kind == dossier::PauseKind::kPayment && !d.header.workflow.payment_pauses_clock) continue;
    std::optional<int64_t> end = p.end;
    if (!end && close_open_at) end = std::max(p.start, *close_open_at);
    pauses.push_back({p.start, end});
  }
  auto dl = cal.Compute(*d.accepted_at, d.header.workflow.total_days, unit, pauses);
  if (dl.ok()) out.legal = dl->due_ms;
  if (!d.new_due) {
    out.in_force = out.legal;
    return out;
  }
  // The apology's new date, moved on by the working time of the pauses after the apology when the
  // workflow says so (Workflow::pauses_shift_apology_due). The shift is counted in working time
  // whatever the procedure's unit: the new date is a working instant and stays one.
  int64_t shift = 0;
  if (d.header.workflow.pauses_shift_apology_due && d.apologised_at) {
    for (const auto& p : pauses) {
      if (!p.to_ms) return out;  // the clock is held: no due in force until the pause ends
      const int64_t from = std::max(p.from_ms, *d.apologised_at);
      if (*p.to_ms > from) shift += cal.WorkingMinutesBetween(from, *p.to_ms);
    }
  }
  out.in_force = cal.AddWorkingMinutes(*d.new_due, shift);
  return out;
}

}  // namespace

DossierView DossierService::ViewOf(const dossier::Dossier& d) {
  DossierView v;
  v.state = d;
  v.next_role = NextRole(d);
  const bool open_pause =
      !d.pauses.empty() && !d.pauses.back().end &&
      (d.pauses.back().kind != dossier::PauseKind::kPayment ||
       d.header.workflow.payment_pauses_clock);
  v.paused = open_pause;
  if (!d.exists || !d.accepted_at) return v;
  auto cal = CalendarOf(d.header.unit, d.header.province);
  if (cal.ok()) {
    const Dues dues = DuesOf(d, **cal, std::nullopt);
    v.original_due_ms = dues.legal;
    v.due_ms = dues.in_force;
  } else {
    v.due_ms = d.new_due;
  }
  // Paused means the due in force is held. When the workflow keeps the apology's date fixed
  // through later pauses (pauses_shift_apology_due = false), that date keeps running, and the
  // dossier is shown with its countdown rather than as paused.
  if (open_pause && v.due_ms) v.paused = false;
  // The remaining time while paused, frozen at the pause's start: the due in force as it stood
  // had the pause ended the moment it began, less that moment.
  if (v.paused && cal.ok()) {
    // Taken to the minute, as the clock takes every instant (WorkCalendar::Compute).
    const int64_t since = d.pauses.back().start - d.pauses.back().start % kMsPerMinute;
    const Dues at_start = DuesOf(d, **cal, since);
    if (at_start.in_force) {
      const calendar::Remaining rem = (*cal)->RemainingAt(*at_start.in_force, since);
      const int day = (*cal)->profile().DayMinutes();
      v.paused_remaining_minutes = rem.working_minutes;
      v.paused_overdue = rem.overdue;
      v.paused_remaining_vi = calendar::FormatRemaining(rem, day, "vi");
      v.paused_remaining_en = calendar::FormatRemaining(rem, day, "en");
    }
  }
  // On time is judged against the legal due, even after an apology set a new date (domain §4).
  if (d.finished_at && v.original_due_ms) v.on_time = *d.finished_at <= *v.original_due_ms;
  return v;
}

// ---- Authorisation ------------------------------------------------------------------------

Status DossierService::Authorise(const Principal& who, const dossier::Dossier& d, bool act,
                                 std::string* on_behalf_of, int64_t* via_authorisation) {
  if (!who.signed_in()) return Status::Unauthenticated("sign in to see this dossier");
  const authz::UnitRef unit{d.header.unit, d.header.province};
  const std::string& applicant_id = d.header.applicant.id_number;
  // An authorisation recorded by the applicant (or at the counter of this dossier's unit).
  auto through = [&](std::initializer_list<const char*> scopes) {
    if (!deps_.identity || applicant_id.empty()) return false;
    for (const char* scope : scopes) {
      auto a = deps_.identity->FindAuthorisation(who, applicant_id, scope, d.header.unit);
      if (a.ok()) {
        if (on_behalf_of) *on_behalf_of = "id:" + applicant_id;
        if (via_authorisation) *via_authorisation = a->id;
        return true;
      }
    }
    return false;
  };
  if (who.kind == Principal::Kind::kUser) {
    if (who.Check("dossier.read", unit).ok()) return Status::Ok();
    // A community-group member (or any officer) helping the applicant under an authorisation.
    if (act ? through({"submit"}) : through({"all", "submit"})) return Status::Ok();
    return Status::PermissionDenied("your roles do not cover unit " + d.header.unit +
                                    ", which holds dossier " + d.header.id);
  }
  // A resident: the applicant, the representative named on the dossier, or an agent.
  if (!who.id_number.empty() &&
      (who.id_number == applicant_id ||
       (d.header.representative && d.header.representative->id_number == who.id_number))) {
    if (on_behalf_of && who.id_number != applicant_id) *on_behalf_of = "id:" + applicant_id;
    return Status::Ok();
  }
  // An agent authorised only to receive the result may follow the dossier, not act on it
  // (withdraw, supplement, rate): those need "submit" or "all".
  if (act ? through({"all", "submit"}) : through({"all", "submit", "receive_result"})) {
    return Status::Ok();
  }
  return Status::PermissionDenied(
      act ? "your authorisation from the applicant covers receiving the result, not acting on "
            "the dossier; the applicant can authorise you to act (scope submit or all)"
          : "this dossier is not yours and you hold no authorisation from its applicant");
}

namespace {

// The purpose written to the personal-data access log: the use, and the authorisation it went
// through when the reader is an agent.
std::string Purpose(const std::string& use, int64_t via_authorisation) {
  if (!via_authorisation) return use;
  return use + " under authorisation " + std::to_string(via_authorisation);
}

}  // namespace

// ---- Writes -------------------------------------------------------------------------------

Status DossierService::Persist(store::Tx& tx, const dossier::Dossier& before,
                               const dossier::Dossier& after,
                               const std::vector<dossier::DossierEvent>& events,
                               const DossierView& view, const std::string& submitted_by,
                               bool* notified, const std::vector<std::string>* bodies) {
  const dossier::Header& h = after.header;
  const std::string code = h.id;
  for (size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    MOTCUA_RETURN_IF_ERROR(
        tx.Append(NewEvent{h.province, StreamOf(code), std::string(dossier::EventTypeName(e.type)),
                           e.at, e.actor, bodies ? (*bodies)[i] : DossierEventBody(e)})
            .status()
            .WithPrefix("store: cannot append an event to dossier " + code));
    if (!h.applicant.email.empty()) {
      if (auto n = Notification(e, after, deps_.lookup_base_url + "/tra-cuu/" + code)) {
        OutboxMessage m;
        m.idempotency_key = StreamOf(code) + "/" + std::string(dossier::EventTypeName(e.type)) +
                            "/" + std::to_string(after.version);
        m.recipient = h.applicant.email;
        m.subject = n->first;
        m.body = n->second;
        MOTCUA_RETURN_IF_ERROR(EnqueueOutbox(tx, m, e.at));
        *notified = true;
      }
    }
  }
  std::optional<int64_t> finished = after.finished_at;
  if (!finished && (after.status == NationalStatus::kRefused ||
                    after.status == NationalStatus::kStopped)) {
    finished = events.empty() ? std::nullopt : std::optional<int64_t>(events.back().at);
  }
  std::optional<int64_t> on_time;
  if (finished && view.original_due_ms) on_time = *finished <= *view.original_due_ms ? 1 : 0;
  const int64_t now = events.empty() ? env_.NowMs() : events.back().at;
  const std::string step = after.step ? std::string(dossier::StepKindName(*after.step)) : "";
  const std::string returned_by =
      after.returned_by ? std::string(ReturnChannelName(*after.returned_by)) : "";
  auto link = [&](const std::string& file, const char* kind) -> Status {
    if (file.empty()) return Status::Ok();
    return tx
        .Exec("INSERT INTO dossier_files (code, file_id, kind) VALUES (?,?,?) ON CONFLICT DO "
              "NOTHING",
              {code, file, std::string(kind)})
        .status();
  };
  if (!before.exists) {
    for (const auto& c : h.components) MOTCUA_RETURN_IF_ERROR(link(c.file, "component"));
  }
  for (const auto& e : events) {
    MOTCUA_RETURN_IF_ERROR(link(e.file, "result"));
    for (const auto& c : e.components) MOTCUA_RETURN_IF_ERROR(link(c.file, "component"));
  }
  if (!before.exists) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO dossiers (id, code, province, unit, procedure_code, "
                "procedure_version, channel, status, step, version, applicant, submitted_ms, "
                "accepted_ms, updated_ms, procedure_name, applicant_name, applicant_id, "
                "representative_id, submitted_by, next_role, due_ms, original_due_ms, "
                "finished_ms, delivered_ms, returned_by, on_time, handler, assignee) VALUES "
                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                {StreamOf(code), code, h.province, h.unit, h.workflow.procedure_code,
                 int64_t{h.workflow.procedure_version}, int64_t{static_cast<int>(h.channel)},
                 int64_t{static_cast<int>(after.status)},
                 step.empty() ? store::Value{nullptr} : store::Value{step}, after.version,
                 ApplicantJson(h.applicant).dump(), OrNull(after.submitted_at),
                 OrNull(after.accepted_at), now, h.procedure_name, h.applicant.full_name,
                 h.applicant.id_number, h.representative ? h.representative->id_number : "",
                 submitted_by, view.next_role, OrNull(view.due_ms), OrNull(view.original_due_ms),
                 OrNull(finished), OrNull(after.delivered_at), returned_by, OrNull(on_time),
                 after.handler, dossier::NextAssignee(after)})
            .status()
            .WithPrefix("store: cannot insert dossier " + code));
    return Status::Ok();
  }
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Exec("UPDATE dossiers SET status = ?, step = ?, version = ?, accepted_ms = ?, "
              "updated_ms = ?, next_role = ?, due_ms = ?, original_due_ms = ?, finished_ms = ?, "
              "delivered_ms = ?, returned_by = ?, on_time = ?, supplementation_exceptions = ?, "
              "handler = ?, assignee = ? WHERE code = ? AND version = ?",
              {int64_t{static_cast<int>(after.status)},
               step.empty() ? store::Value{nullptr} : store::Value{step}, after.version,
               OrNull(after.accepted_at), now, view.next_role, OrNull(view.due_ms),
               OrNull(view.original_due_ms), OrNull(finished), OrNull(after.delivered_at),
               returned_by, OrNull(on_time), int64_t{after.supplementation_exceptions},
               after.handler, dossier::NextAssignee(after), code, before.version}));
  if (changed != 1) {
    return Status::Conflict("dossier " + code + " changed while this action was recorded");
  }
  return Status::Ok();
}

namespace {

// Returns the stored response for (scope, key): nullopt when the key is new; InvalidArgument when
// it was used with another request.
Result<std::optional<StoredResponse>> FindIdempotent(store::Tx& tx, const std::string& scope,
                                                     const Idempotency& idem) {
  std::optional<StoredResponse> found;
  std::string hash;
  MOTCUA_RETURN_IF_ERROR(tx.Query(
      "SELECT request_hash, status, body FROM idempotency_keys WHERE scope = ? AND key = ?",
      {scope, idem.key}, [&](const store::Row& r) {
        hash = r.Text(0);
        found = StoredResponse{static_cast<int>(r.Int(1)), r.Text(2)};
      }));
  if (found && hash != idem.request_hash) {
    return Status::InvalidArgument(
        "the Idempotency-Key '" + idem.key + "' was already used with a different request; "
        "use a new key for a new request",
        {{"Idempotency-Key", "reused with another body"}});
  }
  return found;
}

Status StoreIdempotent(store::Tx& tx, const std::string& scope, const Idempotency& idem,
                       const StoredResponse& r, int64_t now) {
  return tx
      .Exec("INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_ms) "
            "VALUES (?,?,?,?,?,?)",
            {scope, idem.key, idem.request_hash, int64_t{r.status}, r.body, now})
      .status();
}

}  // namespace

Result<IntakeResult> DossierService::Intake(const IntakeRequest& req) {
  MOTCUA_ASSIGN_OR_RETURN(WriteOutcome out, Record(req, "", nullptr));
  return IntakeResult{out.view.state.header.id, std::move(out.view.state)};
}

Result<WriteOutcome> DossierService::Record(const IntakeRequest& in, const std::string& scope,
                                            const Idempotency* idem) {
  MOTCUA_RETURN_IF_ERROR(dossier::ValidateAgencyId(in.agency_id));
  const int64_t now = env_.NowMs();
  const auto day = ToVietnam(now).date;
  // Everything that does not need the code is decided before the write transaction, so the
  // single writer thread only allocates the number and runs the SQL.
  dossier::Header h;
  h.id = kPendingCode;  // replaced by the allocated code inside the transaction
  h.province = in.province;
  h.unit = in.unit;
  h.channel = in.channel;
  h.applicant = in.applicant;
  h.representative = in.representative;
  h.components = in.components;
  h.procedure_name = in.procedure_name;
  h.time_unit = in.time_unit;
  h.result_delivery = in.result_delivery;
  h.workflow = in.workflow;
  dossier::CommandBody body;
  if (in.channel == dossier::Channel::kOnline) {
    body = dossier::SubmitOnline{h};
  } else {
    body = dossier::AcceptAtCounter{h};
  }
  MOTCUA_ASSIGN_OR_RETURN(auto events, dossier::Decide({}, dossier::Command{in.actor, body}, now));
  dossier::Dossier d = dossier::Replay(events);
  WriteOutcome out;
  out.view = ViewOf(d);
  // The event bodies too, with the placeholder code spliced in below: in JSON text the sequence
  // "code":"<placeholder>" with bare quotes can only be the header's own key (quotes inside a
  // string value are escaped).
  std::vector<std::string> bodies;
  for (const auto& e : events) bodies.push_back(DossierEventBody(e));
  const std::string pending_pair = std::string("\"code\":\"") + kPendingCode + "\"";
  bool notified = false;
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    if (idem) {
      MOTCUA_ASSIGN_OR_RETURN(auto replay, FindIdempotent(tx, scope, *idem));
      if (replay) {
        out.replay = std::move(replay);
        return Status::Ok();
      }
    }
    // The next number of (agency, Vietnam day), taken inside this transaction: a failed intake
    // gives it back, so the daily sequence has no gaps.
    int64_t seq = 0;
    MOTCUA_RETURN_IF_ERROR(
        tx.Query("INSERT INTO dossier_code_counters (agency_id, day, next_seq) VALUES (?, ?, 2) "
                 "ON CONFLICT (agency_id, day) DO UPDATE SET next_seq = next_seq + 1 "
                 "RETURNING next_seq - 1",
                 {in.agency_id, Yymmdd(day)}, [&](const store::Row& r) { seq = r.Int(0); })
            .WithPrefix("store: cannot allocate a dossier code for agency " + in.agency_id));
    MOTCUA_ASSIGN_OR_RETURN(std::string code, dossier::FormatDossierCode({in.agency_id, day, seq}));
    for (size_t i = 0; i < events.size(); ++i) {
      if (!events[i].header) continue;
      events[i].header->id = code;
      const size_t at = bodies[i].find(pending_pair);
      if (at == std::string::npos) return Status::Internal("intake: no code slot in the event");
      bodies[i].replace(at, pending_pair.size(), "\"code\":\"" + code + "\"");
    }
    d.header.id = code;
    out.view.state.header.id = code;
    MOTCUA_RETURN_IF_ERROR(
        Persist(tx, {}, d, events, out.view, in.submitted_by, &notified, &bodies));
    if (idem) {
      out.stored = idem->render(out.view);
      MOTCUA_RETURN_IF_ERROR(StoreIdempotent(tx, scope, *idem, *out.stored, now));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (notified && deps_.outbox) deps_.outbox->Wake();
  return out;
}

Result<dossier::Workflow> DossierService::WorkflowFor(const std::string& unit,
                                                      const std::string& procedure_code) {
  std::optional<std::string> saved;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT workflow FROM dossier_workflows WHERE unit = ? AND procedure_code = ?",
        {unit, procedure_code}, [&](const store::Row& r) { saved = r.Text(0); });
  }));
  if (saved) return ParseWorkflowJson(*saved);
  return Status::NotFound("no workflow saved for " + procedure_code + " at unit " + unit);
}

Status DossierService::PutWorkflow(const Principal& who, const std::string& unit,
                                   const std::string& procedure_code,
                                   const std::string& json_text) {
  MOTCUA_ASSIGN_OR_RETURN(dossier::Workflow w, ParseWorkflowJson(json_text));
  w.procedure_code = procedure_code;
  MOTCUA_RETURN_IF_ERROR(dossier::ValidateWorkflow(w));
  const int64_t now = env_.NowMs();
  // The workflow's events go to the unit's province; a commune code's leading digits are not
  // its province's code, so an unknown unit is refused rather than guessed.
  if (!deps_.identity) return Status::FailedPrecondition("the dossier service has no identity");
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, deps_.identity->ResolveUnit(unit));
  const std::string province = ref.province_code;
  const std::string body = WorkflowJson(w);
  return store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        tx.Append(NewEvent{province, "workflow/" + unit + "/" + procedure_code,
                           "workflow.saved", now, who.Id(), body})
            .status());
    return tx
        .Exec("INSERT INTO dossier_workflows (unit, procedure_code, workflow, updated_ms, actor) "
              "VALUES (?,?,?,?,?) ON CONFLICT (unit, procedure_code) DO UPDATE SET "
              "workflow = excluded.workflow, updated_ms = excluded.updated_ms, "
              "actor = excluded.actor",
              {unit, procedure_code, body, now, who.Id()})
        .status();
  });
}

Result<ProcedureTerms> DossierService::TermsOf(const std::string& code, int64_t version) {
  const std::string key = code + "#" + std::to_string(version);
  {
    std::lock_guard<std::mutex> lock(terms_mu_);
    auto it = terms_.find(key);
    if (it != terms_.end()) return it->second;
  }
  MOTCUA_ASSIGN_OR_RETURN(auto v, deps_.procedures->GetProcedureVersion(code, version));
  json rec = json::parse(v.record_json, nullptr, false);
  ProcedureTerms t;
  t.name = rec.is_object() ? rec.value("name", "") : "";
  if (rec.is_object() && rec.contains("online_level") && rec["online_level"].is_string()) {
    t.online_level = rec["online_level"].get<std::string>();
  }
  if (rec.is_object() && rec.contains("processing_time") && rec["processing_time"].is_object()) {
    const json& pt = rec["processing_time"];
    t.amount = pt.value("amount", 0.0);
    const std::string u = pt.value("unit", "unspecified");
    // The catalogue's units mapped onto the clock's; hours and minutes are read as working time
    // [R: the procedures do not say; a unit can set a local limit in working days instead].
    // Weeks, months and years are counted as the Civil Code counts them (Art. 147–148): weeks as
    // 7 calendar days, months and years (12 months) as calendar months; a fractional number of
    // months, which the Code does not define, as 30 days a month.
    if (u == "working_days" || u == "unspecified") {
      t.time_unit = "working_days";
    } else if (u == "calendar_days") {
      t.time_unit = "calendar_days";
    } else if (u == "working_hours" || u == "hours") {
      t.time_unit = "working_hours";
    } else if (u == "minutes") {
      t.time_unit = "working_hours", t.amount /= 60.0;
    } else if (u == "weeks") {
      t.time_unit = "calendar_days", t.amount *= 7;
    } else if (u == "months" || u == "years") {
      if (u == "years") t.amount *= 12;
      if (t.amount == std::floor(t.amount)) {
        t.time_unit = "calendar_months";
      } else {
        t.time_unit = "calendar_days", t.amount *= 30;
      }
    } else if (u == "same_day") {
      t.time_unit = "same_day";
    } else {
      t.amount = 0;
    }
  }
  std::lock_guard<std::mutex> lock(terms_mu_);
  terms_.emplace(key, t);
  return t;
}

Result<WriteOutcome> DossierService::Submit(const Principal& who, const SubmitRequest& req,
                                            const Idempotency* idem) {
  if (!who.signed_in()) return Status::Unauthenticated("sign in to file a dossier");
  // Fields first, so the caller sees every problem at once.
  std::vector<FieldError> f;
  if (req.unit.empty()) f.push_back({"unit", "the receiving unit is required"});
  if (req.procedure_code.empty()) f.push_back({"procedure_code", "the procedure is required"});
  const auto& a = req.applicant;
  if (a.full_name.empty()) f.push_back({"applicant.full_name", "the applicant's name is required"});
  if (a.kind == dossier::ApplicantKind::kPerson && !IsIdNumber(a.id_number)) {
    f.push_back({"applicant.id_number", "a personal identification number has 12 digits"});
  }
  if (a.kind == dossier::ApplicantKind::kOrganisation && !IsOrganisationId(a.id_number)) {
    f.push_back({"applicant.id_number",
                 "an organisation is identified by its 10-digit tax code (or 10-3 for a branch)"});
  }
  if (a.email.size() > 0 && a.email.find('@') == std::string::npos) {
    f.push_back({"applicant.email", "not an e-mail address"});
  }
  if (req.representative) {
    const auto& r = *req.representative;
    if (r.full_name.empty()) f.push_back({"representative.full_name", "required"});
    if (!IsIdNumber(r.id_number))
      f.push_back({"representative.id_number", "a personal identification number has 12 digits"});
    if (r.document_ref.empty())
      f.push_back({"representative.document_ref", "name the authorisation document"});
  }
  for (size_t i = 0; i < req.components.size(); ++i) {
    if (req.components[i].name.empty())
      f.push_back({"components/" + std::to_string(i) + "/name", "required"});
    if (req.components[i].count < 1 || req.components[i].count > 100)
      f.push_back({"components/" + std::to_string(i) + "/count", "between 1 and 100"});
  }
  for (size_t i = 0; i < req.components.size(); ++i) {
    const std::string& file = req.components[i].file;
    if (file.empty()) continue;
    auto info = deps_.files ? deps_.files->Info(file) : Result<FileInfo>(Status::NotFound(""));
    if (!info.ok() || info->uploaded_by != who.Id()) {
      f.push_back({"components/" + std::to_string(i) + "/file",
                   "no file you uploaded has this id; upload it first (POST /api/v1/files)"});
    }
  }
  if (!f.empty()) return Status::InvalidArgument("the dossier cannot be filed", std::move(f));

  // The unit, the procedure it offers, its current version and the unit's workflow: one read
  // transaction; the parsed record of a (code, version) is cached (versions never change).
  if (!deps_.units || !deps_.procedures || !deps_.identity)
    return Status::FailedPrecondition("the dossier service is not fully configured");
  struct UnitRow {
    std::string code, province_code, agency_id;
  };
  std::optional<UnitRow> unit;
  bool offered = false;
  std::optional<double> local_days;
  std::optional<int64_t> current_version;
  std::optional<std::string> saved_workflow;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT code, province_code, agency_id FROM units WHERE code = ? AND era = '2025'",
        {req.unit},
        [&](const store::Row& r) { unit = UnitRow{r.Text(0), r.Text(1), r.Text(2)}; }));
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT local_days FROM unit_procedures WHERE unit_code = ? AND procedure_code = ?",
        {req.unit, req.procedure_code}, [&](const store::Row& r) {
          offered = true;
          if (!r.IsNull(0)) local_days = r.Real(0);
        }));
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT version FROM procedures WHERE code = ?",
                                    {req.procedure_code},
                                    [&](const store::Row& r) { current_version = r.Int(0); }));
    return tx.Query(
        "SELECT workflow FROM dossier_workflows WHERE unit = ? AND procedure_code = ?",
        {req.unit, req.procedure_code}, [&](const store::Row& r) { saved_workflow = r.Text(0); });
  }));
  if (!unit) {
    return Status::InvalidArgument("unknown unit", {{"unit", "no 2025 unit has the code '" +
                                                                 req.unit + "'"}});
  }
  if (!offered || !current_version) {
    return Status::InvalidArgument(
        current_version ? "the unit does not offer this procedure" : "unknown procedure",
        {{"procedure_code", current_version ? "not offered at unit " + req.unit
                                            : "no procedure has the code '" +
                                                  req.procedure_code + "'"}});
  }
  MOTCUA_ASSIGN_OR_RETURN(ProcedureTerms terms,
                          TermsOf(req.procedure_code, *current_version));
  // Online filing only for procedures the catalogue offers online (fully or partly), as the
  // portal's wizard already requires; the API must not be a way around it.
  if (req.channel == dossier::Channel::kOnline && terms.online_level != "full" &&
      terms.online_level != "partial") {
    return Status::InvalidArgument(
        "procedure " + req.procedure_code + " is not offered online (online level: " +
            terms.online_level + "); file it at the counter or by post",
        {{"channel", "online is not offered for this procedure"}});
  }
  std::string name = terms.name;
  double amount = terms.amount;
  std::string time_unit = terms.time_unit;
  if (local_days) {
    amount = *local_days;
    time_unit = "working_days";
  }
  dossier::Workflow wf;
  if (saved_workflow) {
    MOTCUA_ASSIGN_OR_RETURN(wf, ParseWorkflowJson(*saved_workflow));
    if (amount > 0) wf.total_days = amount;
  } else {
    if (!(amount > 0) && time_unit != "same_day") {
      return Status::InvalidArgument(
          "the procedure has no time limit the clock can count",
          {{"procedure_code", "set a local time limit for it at unit " + req.unit +
                                  " (PUT /api/v1/units/" + req.unit + "/procedures/" +
                                  req.procedure_code + ")"}});
    }
    // The steps' budgets are shares of the limit in its own unit (dossier::StepBudgetMinutes
    // turns them into working time on the dossier's calendar).
    wf = dossier::DefaultWorkflowFor(req.procedure_code, static_cast<int>(*current_version),
                                     amount, time_unit);
  }
  wf.procedure_code = req.procedure_code;
  wf.procedure_version = static_cast<int>(*current_version);

  // Who may file it.
  const authz::UnitRef ref{unit->code, unit->province_code};
  IntakeRequest in;
  in.agency_id = unit->agency_id;
  in.province = unit->province_code;
  in.unit = unit->code;
  in.channel = req.channel;
  in.applicant = req.applicant;
  in.representative = req.representative;
  in.components = req.components;
  in.procedure_name = name;
  in.time_unit = time_unit;
  in.result_delivery = req.result_delivery;
  in.workflow = wf;
  in.actor.id = who.Id();
  if (req.channel == dossier::Channel::kOnline) {
    if (who.kind == Principal::Kind::kResident) {
      if (who.id_number != a.id_number &&
          !(req.representative && req.representative->id_number == who.id_number)) {
        auto auth = deps_.identity->FindAuthorisation(who, a.id_number, "submit", unit->code);
        if (!auth.ok()) {
          return Status::PermissionDenied(
              "you may file online for yourself, or for someone who authorised you; that person "
              "records the authorisation (signed in, or at the reception counter)");
        }
        in.actor.on_behalf_of = "id:" + a.id_number;
      }
    } else {
      MOTCUA_RETURN_IF_ERROR(who.Check("assist.submit", ref));
      auto auth = deps_.identity->FindAuthorisation(who, a.id_number, "submit", unit->code);
      if (!auth.ok()) {
        return Status::PermissionDenied(
            "a community-group member files online only for a person who authorised them; that "
            "person records the authorisation (signed in, or at the reception counter)");
      }
      in.actor.on_behalf_of = "id:" + a.id_number;
    }
    in.submitted_by = who.Id();
  } else {
    if (who.kind != Principal::Kind::kUser) {
      return Status::PermissionDenied(
          "only the one-stop reception records counter and postal intake; file online instead");
    }
    MOTCUA_RETURN_IF_ERROR(who.Check("dossier.receive", ref));
    in.actor.role = authz::Role::kReception;
    auto receiver = wf.RoleOf(dossier::StepKind::kReceive);
    if (receiver) {
      bool holds = false;
      for (const auto& g : who.grants) holds |= g.role == *receiver && authz::Covers(g, ref);
      if (holds) in.actor.role = *receiver;
    }
  }
  return Record(in, who.Id(), idem);
}

Result<WriteOutcome> DossierService::Act(const Principal& who, const std::string& code,
                                         const dossier::CommandBody& command, int64_t if_match,
                                         const Idempotency* idem) {
  if (!who.signed_in()) return Status::Unauthenticated("sign in to act on a dossier");
  const int64_t now = env_.NowMs();
  WriteOutcome out;
  bool notified = false;
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    if (idem) {
      MOTCUA_ASSIGN_OR_RETURN(auto replay, FindIdempotent(tx, who.Id(), *idem));
      if (replay) {
        out.replay = std::move(replay);
        return Status::Ok();
      }
    }
    MOTCUA_ASSIGN_OR_RETURN(dossier::Dossier d, LoadIn(tx, code));
    if (!d.exists) return Status::NotFound("no dossier has the code " + code);
    std::string on_behalf_of;
    MOTCUA_RETURN_IF_ERROR(Authorise(who, d, /*act=*/true, &on_behalf_of));
    if (if_match != d.version) {
      return Status::Conflict("dossier " + code + " is at version " + std::to_string(d.version) +
                              ", not " + std::to_string(if_match) +
                              "; someone acted on it first. Reload it and try again");
    }
    dossier::CommandBody body = command;
    if (const auto* n = std::get_if<dossier::Number>(&body); n && !n->result_file.empty()) {
      auto info = deps_.files ? deps_.files->Info(n->result_file)
                              : Result<FileInfo>(Status::NotFound(""));
      if (!info.ok() || info->uploaded_by != who.Id()) {
        return Status::InvalidArgument(
            "the result file is unknown",
            {{"result_file", "no file you uploaded has this id; upload it first (POST /api/v1/files)"}});
      }
    }
    const std::vector<dossier::ReceivedComponent>* sent = nullptr;
    if (const auto* x = std::get_if<dossier::Supplement>(&body)) sent = &x->components;
    if (const auto* x = std::get_if<dossier::Resubmit>(&body)) sent = &x->components;
    for (size_t i = 0; sent && i < sent->size(); ++i) {
      const std::string& file = (*sent)[i].file;
      if (file.empty()) continue;
      auto info = deps_.files ? deps_.files->Info(file) : Result<FileInfo>(Status::NotFound(""));
      if (!info.ok() || info->uploaded_by != who.Id()) {
        return Status::InvalidArgument(
            "a component's file is unknown",
            {{"components/" + std::to_string(i) + "/file",
              "no file you uploaded has this id; upload it first (POST /api/v1/files)"}});
      }
    }
    if (auto* ap = std::get_if<dossier::Apologise>(&body)) {
      // The facts the apology rule needs from the unit's calendar (see dossier::Apologise): the
      // due in force as it stands now (an open pause counts as ending now, so a paused dossier's
      // remaining time is the time frozen at the pause), whether it is late (issued less than one
      // working day before that due, domain §2.5), and whether the new date is in working time.
      auto cal = CalendarOf(d.header.unit, d.header.province);
      if (cal.ok()) {
        const Dues dues = DuesOf(d, **cal, now);
        ap->due_in_force = dues.in_force;
        if (dues.in_force) {
          auto rem = (*cal)->RemainingAt(*dues.in_force, now);
          ap->late = rem.overdue || rem.working_minutes < (*cal)->profile().DayMinutes();
        }
        // A closing time (11:30, 17:00) is a due time too: legal dues fall there.
        ap->in_working_time = (*cal)->IsWorkingInstant(ap->new_due) ||
                              (*cal)->IsWorkingInstant(ap->new_due - 1);
        if (!ap->in_working_time) ap->next_working = (*cal)->NextWorkingInstant(ap->new_due);
      }
    }
    // The roles the caller holds over the dossier's unit; the first that the domain accepts acts.
    std::vector<dossier::Actor> actors;
    const authz::UnitRef unit{d.header.unit, d.header.province};
    if (who.kind == Principal::Kind::kUser && on_behalf_of.empty()) {
      for (const auto& g : who.grants) {
        if (!authz::Covers(g, unit)) continue;
        if (!who.Check("dossier.read", unit).ok()) continue;
        dossier::Actor a{who.Id(), g.role, "", who.username};
        if (std::none_of(actors.begin(), actors.end(),
                         [&](const dossier::Actor& x) { return x.role == a.role; }))
          actors.push_back(a);
      }
    } else {
      actors.push_back(dossier::Actor{who.Id(), std::nullopt, on_behalf_of, ""});
    }
    // A state error (FailedPrecondition, InvalidArgument) says more than a role refusal.
    std::optional<std::vector<dossier::DossierEvent>> events;
    Status refusal = Status::PermissionDenied("none of your roles covers unit " + d.header.unit);
    bool have_refusal = false;
    for (const auto& a : actors) {
      auto r = dossier::Decide(d, dossier::Command{a, body}, now);
      if (r.ok()) {
        events = std::move(*r);
        break;
      }
      if (!have_refusal || (refusal.code() == Code::kPermissionDenied &&
                            r.status().code() != Code::kPermissionDenied)) {
        refusal = r.status();
        have_refusal = true;
      }
    }
    if (!events) return refusal;
    if (const auto* as = std::get_if<dossier::Assign>(&body)) {
      MOTCUA_RETURN_IF_ERROR(CheckHandler(d, as->handler));
    }
    dossier::Dossier after = d;
    for (const auto& e : *events) after = dossier::Apply(std::move(after), e);
    out.view = ViewOf(after);
    MOTCUA_RETURN_IF_ERROR(Persist(tx, d, after, *events, out.view, "", &notified));
    if (idem) {
      out.stored = idem->render(out.view);
      MOTCUA_RETURN_IF_ERROR(StoreIdempotent(tx, who.Id(), *idem, *out.stored, now));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (notified && deps_.outbox) deps_.outbox->Wake();
  return out;
}

// ---- Reads --------------------------------------------------------------------------------

Result<DossierView> DossierService::Get(const Principal& who, const std::string& code,
                                        const AccessContext& ctx) {
  dossier::Dossier d;
  std::vector<std::string> escalations;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(d, LoadIn(tx, code));
    return tx.Query("SELECT threshold FROM dossier_escalations WHERE code = ? ORDER BY raised_ms",
                    {code}, [&](const store::Row& r) { escalations.push_back(r.Text(0)); });
  }));
  if (!d.exists) return Status::NotFound("no dossier has the code " + code);
  int64_t via = 0;
  MOTCUA_RETURN_IF_ERROR(Authorise(who, d, /*act=*/false, nullptr, &via));
  if (deps_.audit && who.id_number != d.header.applicant.id_number) {
    MOTCUA_RETURN_IF_ERROR(
        deps_.audit->Record(who, "dossier:" + code, UnitOf(d), Purpose("dossier.view", via), ctx));
  }
  DossierView v = ViewOf(d);
  v.escalations = std::move(escalations);
  return v;
}

Result<std::vector<dossier::DossierEvent>> DossierService::History(const Principal& who,
                                                                   const std::string& code,
                                                                   const AccessContext& ctx) {
  std::vector<dossier::DossierEvent> events;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(events, EventsIn(tx, code));
    return Status::Ok();
  }));
  dossier::Dossier d = dossier::Replay(events);
  if (!d.exists) return Status::NotFound("no dossier has the code " + code);
  int64_t via = 0;
  MOTCUA_RETURN_IF_ERROR(Authorise(who, d, /*act=*/false, nullptr, &via));
  if (deps_.audit && who.id_number != d.header.applicant.id_number) {
    MOTCUA_RETURN_IF_ERROR(deps_.audit->Record(who, "dossier:" + code, UnitOf(d),
                                               Purpose("dossier.history", via), ctx));
  }
  return events;
}

namespace {

constexpr char kListColumns[] =
    "SELECT code, unit, procedure_code, procedure_name, status, step, next_role, applicant_name, "
    "applicant_id, accepted_ms, submitted_ms, due_ms, version, province, handler, assignee "
    "FROM dossiers ";

WorklistItem ItemOf(const store::Row& r) {
  WorklistItem it;
  it.code = r.Text(0);
  it.unit = r.Text(1);
  it.procedure_code = r.Text(2);
  it.procedure_name = r.Text(3);
  it.status = static_cast<int>(r.Int(4));
  it.step = r.IsNull(5) ? "" : r.Text(5);
  it.next_role = r.Text(6);
  it.applicant_name = r.Text(7);
  it.applicant_id_masked = authz::MaskIdNumber(r.Text(8));
  it.received_ms = r.IsNull(9) ? Opt(r, 10) : Opt(r, 9);
  it.due_ms = Opt(r, 11);
  it.version = r.Int(12);
  it.province = r.Text(13);
  it.handler = r.Text(14);
  // Paused: waiting for the applicant or a payment, with the due in force held by the pause (the
  // projection stores no due then; a payment wait that does not stop the clock keeps its due).
  it.paused = (it.status == 5 || it.status == 6) && !it.due_ms;
  return it;
}

}  // namespace

Result<std::vector<WorklistItem>> DossierService::Worklist(const Principal& who,
                                                           const WorklistQuery& q) {
  if (who.kind != Principal::Kind::kUser) return Status::PermissionDenied("officers only");
  std::vector<authz::Grant> grants = authz::GrantsWith(who.grants, "dossier.read");
  if (grants.empty()) return Status::PermissionDenied("you hold no role that reads dossiers");
  std::string where = "WHERE (";
  std::vector<store::Value> params;
  for (size_t i = 0; i < grants.size(); ++i) {
    if (i) where += " OR ";
    if (grants[i].IsProvinceWide()) {
      where += "province = ?";
    } else {
      where += "unit = ?";
    }
    params.push_back(grants[i].unit_code);
  }
  where += ")";
  if (q.status) {
    where += " AND status = ?";
    params.push_back(int64_t{*q.status});
  } else {
    where += " AND status NOT IN (3, 8, 10)";
  }
  if (!q.procedure_code.empty()) {
    where += " AND procedure_code = ?";
    params.push_back(q.procedure_code);
  }
  std::vector<WorklistItem> rows;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(std::string(kListColumns) + where +
                        " ORDER BY due_ms IS NULL, due_ms, accepted_ms LIMIT 5000",
                    params, [&](const store::Row& r) {
                      WorklistItem it = ItemOf(r);
                      if (q.mine) {
                        bool mine = false;
                        for (const auto& g : who.grants) {
                          mine |= authz::RoleName(g.role) == it.next_role &&
                                  authz::Covers(g, {it.unit, it.province});
                        }
                        // A step assigned to a handler is theirs alone (dossier::NextAssignee).
                        const std::string assignee = r.Text(15);
                        if (!assignee.empty() && assignee != who.username) mine = false;
                        if (!mine) return;
                      }
                      rows.push_back(std::move(it));
                    });
  }));
  const int64_t now = env_.NowMs();
  std::vector<WorklistItem> out;
  for (auto& it : rows) {
    // A paused dossier shows its paused state, not a countdown: its clock stands still.
    if (it.due_ms && !it.paused && !IsClosed(static_cast<NationalStatus>(it.status))) {
      // The province the dossier row stores: a commune code's leading digits are not its
      // province's code (commune 03721 lies in province 14).
      auto cal = CalendarOf(it.unit, it.province);
      if (cal.ok()) {
        auto rem = (*cal)->RemainingAt(*it.due_ms, now);
        const int day = (*cal)->profile().DayMinutes();
        it.remaining_minutes = rem.working_minutes;
        it.overdue = rem.overdue;
        it.due_soon = !rem.overdue &&
                      rem.working_minutes <= int64_t{deps_.due_soon_working_days} * day;
        it.remaining_vi = calendar::FormatRemaining(rem, day, "vi");
        it.remaining_en = calendar::FormatRemaining(rem, day, "en");
      }
    }
    if (q.overdue && !it.overdue) continue;
    if (q.due_soon && !it.due_soon) continue;
    out.push_back(std::move(it));
    if (static_cast<int>(out.size()) >= q.limit) break;
  }
  return out;
}

Result<std::vector<WorklistItem>> DossierService::MyDossiers(const Principal& who) {
  if (!who.signed_in()) return Status::Unauthenticated("sign in to see your dossiers");
  std::vector<WorklistItem> out;
  // The dossiers of the people whose live authorisations the caller holds, within the unit an
  // authorisation recorded at a counter covers (opening one is checked and logged by Get).
  std::vector<Authorisation> held;
  if (deps_.identity) {
    auto a = deps_.identity->AuthorisationsHeldBy(who);
    if (a.ok()) held = std::move(*a);
  }
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    std::string where = "WHERE submitted_by = ?";
    std::vector<store::Value> params{who.Id()};
    if (!who.id_number.empty()) {
      where += " OR applicant_id = ? OR representative_id = ?";
      params.push_back(who.id_number);
      params.push_back(who.id_number);
    }
    for (const auto& a : held) {
      where += a.unit.empty() ? " OR applicant_id = ?" : " OR (applicant_id = ? AND unit = ?)";
      params.push_back(a.principal_id_number);
      if (!a.unit.empty()) params.push_back(a.unit);
    }
    return tx.Query(std::string(kListColumns) + where + " ORDER BY updated_ms DESC LIMIT 200",
                    params, [&](const store::Row& r) { out.push_back(ItemOf(r)); });
  }));
  return out;
}

Result<PublicLookup> DossierService::Lookup(const std::string& code) {
  // Unknown and malformed codes answer alike, so a caller cannot tell which codes exist.
  const Status not_found = Status::NotFound("no dossier matches this code");
  if (code.size() > 64 || !dossier::ParseDossierCode(code).ok()) return not_found;
  std::optional<PublicLookup> found;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT code, procedure_code, procedure_name, status, accepted_ms, submitted_ms, due_ms, "
        "delivered_ms, applicant_name FROM dossiers WHERE code = ?",
        {code}, [&](const store::Row& r) {
          PublicLookup p;
          p.code = r.Text(0);
          p.procedure_code = r.Text(1);
          p.procedure_name = r.Text(2);
          p.status = static_cast<int>(r.Int(3));
          p.received_ms = r.IsNull(4) ? Opt(r, 5) : Opt(r, 4);
          p.due_ms = Opt(r, 6);
          p.returned_ms = Opt(r, 7);
          p.applicant_masked = authz::MaskName(r.Text(8));
          found = std::move(p);
        });
  }));
  if (!found) return not_found;
  // A paused clock (waiting for the applicant's papers or payment) has no due time: show the
  // working time that was left when the pause began, from the dossier itself.
  const auto st = static_cast<NationalStatus>(found->status);
  if (!found->due_ms && (st == NationalStatus::kSupplementationRequested ||
                         st == NationalStatus::kAwaitingPayment)) {
    std::optional<dossier::Dossier> d;
    MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(d, LoadIn(tx, code));
      return Status::Ok();
    }));
    if (d && d->exists) {
      const DossierView v = ViewOf(*d);
      found->paused = v.paused;
      found->paused_remaining_minutes = v.paused_remaining_minutes;
      found->paused_overdue = v.paused_overdue;
      found->paused_remaining_vi = v.paused_remaining_vi;
      found->paused_remaining_en = v.paused_remaining_en;
    }
  }
  return *found;
}

Result<std::vector<DossierLogRow>> DossierService::Log(const Principal& who,
                                                       const std::string& unit, int64_t from_ms,
                                                       int64_t to_ms) {
  if (!deps_.identity) return Status::FailedPrecondition("the dossier service has no identity");
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, deps_.identity->ResolveUnit(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("dossier.read", ref));
  std::vector<DossierLogRow> rows;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT code, procedure_name, applicant_name, applicant, accepted_ms, due_ms, "
        "delivered_ms, returned_by, status FROM dossiers WHERE unit = ? AND accepted_ms >= ? AND "
        "accepted_ms < ? ORDER BY accepted_ms, code",
        {unit, from_ms, to_ms}, [&](const store::Row& r) {
          DossierLogRow row;
          row.code = r.Text(0);
          row.procedure_name = r.Text(1);
          row.applicant_name = r.Text(2);
          json a = json::parse(r.Text(3), nullptr, false);
          if (a.is_object()) {
            row.address = a.value("address", "");
            row.phone = a.value("phone", "");
          }
          row.received_ms = Opt(r, 4);
          row.due_ms = Opt(r, 5);
          row.returned_ms = Opt(r, 6);
          row.returned_by = r.Text(7);
          row.status = static_cast<int>(r.Int(8));
          rows.push_back(std::move(row));
        });
  }));
  return rows;
}

Result<std::vector<AssignableHandler>> DossierService::AssignableHandlers(
    const dossier::Dossier& d) {
  if (!deps_.identity) return Status::FailedPrecondition("the dossier service has no identity");
  const dossier::Workflow& w = d.header.workflow;
  const authz::Role role = w.AssignedStep()
                               ? w.RoleOf(*w.AssignedStep()).value_or(authz::Role::kSpecialist)
                               : authz::Role::kSpecialist;
  const authz::UnitRef unit{d.header.unit, d.header.province};
  MOTCUA_ASSIGN_OR_RETURN(auto users, deps_.identity->ListUsers(unit));
  std::vector<AssignableHandler> out;
  for (const auto& u : users) {
    if (u.disabled) continue;
    const bool holds = std::any_of(u.grants.begin(), u.grants.end(), [&](const authz::Grant& g) {
      return g.role == role && authz::Covers(g, unit);
    });
    if (holds) out.push_back({u.id, u.username, u.display_name});
  }
  return out;
}

Status DossierService::CheckHandler(const dossier::Dossier& d, const std::string& handler) {
  MOTCUA_ASSIGN_OR_RETURN(auto choices, AssignableHandlers(d));
  std::string names;
  for (const auto& c : choices) {
    if (c.username == handler) return Status::Ok();
    names += (names.empty() ? "" : ", ") + c.username;
  }
  const dossier::Workflow& w = d.header.workflow;
  const auto step = w.AssignedStep().value_or(dossier::StepKind::kAppraise);
  const std::string role(authz::RoleName(w.RoleOf(step).value_or(authz::Role::kSpecialist)));
  const std::string what = "'" + handler + "' is not an active account holding the role '" + role +
                           "' in unit " + d.header.unit;
  if (names.empty()) {
    return Status::InvalidArgument(
        what, {{"handler", what +
                               "; no account can be chosen: ask the administrator to grant "
                               "the role '" +
                               role + "' in this unit to an officer"}});
  }
  return Status::InvalidArgument(
      what, {{"handler", what + ", who would " + std::string(dossier::StepKindName(step)) +
                             " the dossier; choose one of: " + names}});
}

std::vector<std::string> DossierService::AllowedActions(const Principal& who,
                                                        const DossierView& v) {
  std::vector<std::string> out;
  const dossier::Dossier& d = v.state;
  std::vector<dossier::Actor> actors;
  const authz::UnitRef unit{d.header.unit, d.header.province};
  if (who.kind == Principal::Kind::kUser && who.Check("dossier.read", unit).ok()) {
    for (const auto& g : who.grants) {
      if (authz::Covers(g, unit)) actors.push_back({who.Id(), g.role, "", who.username});
    }
  } else if (who.signed_in() && Authorise(who, d, /*act=*/true, nullptr).ok()) {
    // The applicant, the named representative or an agent who may act (not one authorised only
    // to receive the result: they follow the dossier and are offered nothing to do).
    actors.push_back({who.Id(), std::nullopt, "", ""});
  }
  // Probe commands with arguments that satisfy the field checks, built once: only the state and
  // the role decide here.
  static const std::vector<std::pair<std::string, dossier::CommandBody>> probes = [] {
    std::vector<std::pair<std::string, dossier::CommandBody>> v;
    for (const std::string& name : ActionNames()) {
      auto cmd = ParseAction(
          name, R"({"reason":"x","missing":["x"],"handler":"x","document_number":"x",)"
                R"("amount_vnd":1,"new_due":"2100-01-01T00:00:00Z","channel":"counter",)"
                R"("exception":true,"exception_reason":"x","score":5})");
      if (cmd.ok()) v.emplace_back(name, std::move(*cmd));
    }
    return v;
  }();
  const int64_t now = env_.NowMs();
  for (const auto& [name, cmd] : probes) {
    for (const auto& a : actors) {
      if (dossier::Decide(d, dossier::Command{a, cmd}, now).ok()) {
        out.push_back(name);
        break;
      }
    }
  }
  return out;
}

Result<std::pair<FileInfo, std::string>> DossierService::File(const Principal& who,
                                                              const std::string& code,
                                                              const std::string& file_id,
                                                              const AccessContext& ctx) {
  if (!deps_.files) return Status::NotFound("no file store");
  dossier::Dossier d;
  bool cited = false;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(d, LoadIn(tx, code));
    return tx.Query("SELECT 1 FROM dossier_files WHERE code = ? AND file_id = ?", {code, file_id},
                    [&](const store::Row&) { cited = true; });
  }));
  if (!d.exists) return Status::NotFound("no dossier has the code " + code);
  int64_t via = 0;
  MOTCUA_RETURN_IF_ERROR(Authorise(who, d, /*act=*/false, nullptr, &via));
  if (!cited) return Status::NotFound("dossier " + code + " cites no such file");
  if (deps_.audit && who.id_number != d.header.applicant.id_number) {
    MOTCUA_RETURN_IF_ERROR(deps_.audit->Record(who, "dossier:" + code, UnitOf(d),
                                               Purpose("file " + file_id, via), ctx));
  }
  MOTCUA_ASSIGN_OR_RETURN(FileInfo info, deps_.files->Info(file_id));
  MOTCUA_ASSIGN_OR_RETURN(std::string bytes, deps_.files->Read(file_id));
  return std::make_pair(std::move(info), std::move(bytes));
}

// ---- Escalations --------------------------------------------------------------------------

Result<bool> DossierService::RecordEscalation(const std::string& code,
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

Result<int> DossierService::RunEscalations(const std::string& notify_email,
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
  const int window_days = std::max(1, deps_.due_soon_working_days);
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
      auto cal = CalendarOf(c.unit, c.province);
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
    if (!notify_email.empty() && !fires.empty()) {
      MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
        for (const Fire& f : fires) {
          if (!f.c->handler.empty() && !names.count(f.c->handler)) {
            names[f.c->handler] = f.c->handler;
            MOTCUA_RETURN_IF_ERROR(tx.Query(
                "SELECT display_name FROM users WHERE username = ?", {f.c->handler},
                [&](const store::Row& r) { names[f.c->handler] = r.Text(0); }));
          }
          if (heads_of.count(f.c->unit)) continue;
          std::string& heads = heads_of[f.c->unit];
          MOTCUA_RETURN_IF_ERROR(tx.Query(
              "SELECT DISTINCT u.display_name FROM role_grants g JOIN users u ON u.id = g.user_id "
              "WHERE g.role = 'unit_head' AND u.disabled = 0 AND (g.unit_code = ? OR "
              "g.unit_code = ?) ORDER BY u.display_name",
              {f.c->unit, f.c->province}, [&](const store::Row& r) {
                heads += (heads.empty() ? "" : ", ") + r.Text(0);
              }));
        }
        return Status::Ok();
      }));
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
  if (raised > 0 && deps_.outbox && !notify_email.empty()) deps_.outbox->Wake();
  return raised;
}

// ---- Due times after a calendar change -----------------------------------------------------

Status DossierService::EnqueueDueRecompute(store::Tx& tx, const DueRecomputeScope& scope,
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
Result<int64_t> DossierService::RunDueRecomputations(int64_t page_size,
                                                     const std::atomic<bool>* stop) {
  const int64_t kPage = std::max<int64_t>(1, page_size);
  if (!deps_.calendar) return Status::FailedPrecondition("no calendar service");
  // Only changes the calendars in force include: a change is committed (with its recomputation)
  // a moment before the calendars are recompiled, and one taken in that moment would be done on
  // the old calendars and then forgotten. It waits for the wake-up that follows its recompilation.
  const int64_t ready = deps_.calendar->LoadedEventSeq();
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
              page.push_back({r.Text(0), Opt(r, 1), Opt(r, 2), {}});
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
      const DossierView v = ViewOf(d);
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

Result<std::pair<int, int64_t>> DossierService::StatusOf(const std::string& code) {
  std::optional<std::pair<int, int64_t>> found;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT status, version FROM dossiers WHERE code = ?", {code},
                    [&](const store::Row& r) {
                      found = std::pair<int, int64_t>{static_cast<int>(r.Int(0)), r.Int(1)};
                    });
  }));
  if (!found) return Status::NotFound("no dossier has the code " + code);
  return *found;
}

// ---- Personal data in views -----------------------------------------------------------------

bool SeesPersonalData(const Principal& who, const authz::UnitRef& unit) {
  return who.Check("person.read", unit).ok();
}

bool SeesPersonalData(const Principal& who, const dossier::Header& h) {
  if (who.kind == Principal::Kind::kResident) return true;  // the applicant side (Get checked)
  return SeesPersonalData(who, authz::UnitRef{h.unit, h.province});
}

dossier::Header HeaderAsSeenBy(const Principal& who, dossier::Header h) {
  if (SeesPersonalData(who, h)) return h;
  auto mask = [](std::string* id, std::string* phone, std::string* email, std::string* address) {
    *id = authz::MaskIdNumber(*id);
    *phone = authz::MaskPhone(*phone);
    email->clear();
    address->clear();
  };
  mask(&h.applicant.id_number, &h.applicant.phone, &h.applicant.email, &h.applicant.address);
  if (h.representative) {
    auto& r = *h.representative;
    mask(&r.id_number, &r.phone, &r.email, &r.address);
  }
  return h;
}

// ---- Actions ------------------------------------------------------------------------------

const std::vector<std::string>& ActionNames() {
  static const std::vector<std::string> names = {
      "accept",        "refuse",          "send-back",    "resubmit",
      "request-supplementation", "supplement", "request-payment", "paid",
      "assign",        "appraise",        "review",       "sign",
      "number",        "mark-ready",      "return",       "apologise",
      "request-withdrawal", "stop",      "rate"};
  return names;
}

Result<dossier::CommandBody> ParseAction(std::string_view action, std::string_view args_json) {
  json j = args_json.empty() ? json::object() : json::parse(args_json, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::InvalidArgument("the action's body must be a JSON object");
  auto str = [&](const char* k) { return StringField(j, k); };
  auto list = [&](const char* k) { return StringListField(j, k); };
  if (action == "accept") return dossier::CommandBody{dossier::AcceptOnline{}};
  if (action == "refuse") {
    MOTCUA_ASSIGN_OR_RETURN(auto r, str("reason"));
    return dossier::CommandBody{dossier::Refuse{r}};
  }
  if (action == "send-back") {
    MOTCUA_ASSIGN_OR_RETURN(auto m, list("missing"));
    MOTCUA_ASSIGN_OR_RETURN(auto r, str("reason"));
    return dossier::CommandBody{dossier::SendBackForCompletion{m, r}};
  }
  auto components = [&]() -> Result<std::vector<dossier::ReceivedComponent>> {
    std::vector<dossier::ReceivedComponent> out;
    if (!j.contains("components")) return out;
    if (!j["components"].is_array() || j["components"].size() > 100)
      return Status::InvalidArgument("wrong type", {{"components", "a list of {name, file}"}});
    for (size_t i = 0; i < j["components"].size(); ++i) {
      const json& c = j["components"][i];
      const std::string f = "components/" + std::to_string(i);
      if (!c.is_object())
        return Status::InvalidArgument("wrong type", {{f, "{name, file} with texts"}});
      dossier::ReceivedComponent rc;
      MOTCUA_ASSIGN_OR_RETURN(rc.name, RequiredStringField(c, "name", 500, f + "/name"));
      MOTCUA_ASSIGN_OR_RETURN(rc.original, BoolField(c, "original", false, f + "/original"));
      MOTCUA_ASSIGN_OR_RETURN(rc.file, StringField(c, "file", 200, f + "/file"));
      out.push_back(std::move(rc));
    }
    return out;
  };
  if (action == "resubmit") {
    MOTCUA_ASSIGN_OR_RETURN(auto comps, components());
    return dossier::CommandBody{dossier::Resubmit{comps}};
  }
  if (action == "request-supplementation") {
    dossier::RequestSupplementation c;
    MOTCUA_ASSIGN_OR_RETURN(c.missing, list("missing"));
    MOTCUA_ASSIGN_OR_RETURN(c.reason, str("reason"));
    MOTCUA_ASSIGN_OR_RETURN(c.exception, BoolField(j, "exception", false));
    MOTCUA_ASSIGN_OR_RETURN(c.exception_reason, str("exception_reason"));
    return dossier::CommandBody{c};
  }
  if (action == "supplement") {
    MOTCUA_ASSIGN_OR_RETURN(auto comps, components());
    return dossier::CommandBody{dossier::Supplement{comps}};
  }
  if (action == "request-payment") {
    dossier::RequestPayment c;
    MOTCUA_ASSIGN_OR_RETURN(c.amount_vnd, IntField(j, "amount_vnd", 0));
    MOTCUA_ASSIGN_OR_RETURN(c.reason, str("reason"));
    return dossier::CommandBody{c};
  }
  if (action == "paid") return dossier::CommandBody{dossier::Paid{}};
  if (action == "assign") {
    MOTCUA_ASSIGN_OR_RETURN(auto h, str("handler"));
    return dossier::CommandBody{dossier::Assign{h}};
  }
  if (action == "appraise") {
    MOTCUA_ASSIGN_OR_RETURN(auto o, str("opinion"));
    return dossier::CommandBody{dossier::Appraise{o}};
  }
  if (action == "review") {
    MOTCUA_ASSIGN_OR_RETURN(auto o, str("opinion"));
    return dossier::CommandBody{dossier::Review{o}};
  }
  if (action == "sign") return dossier::CommandBody{dossier::Sign{}};
  if (action == "number") {
    MOTCUA_ASSIGN_OR_RETURN(auto n, str("document_number"));
    MOTCUA_ASSIGN_OR_RETURN(auto f, str("result_file"));
    return dossier::CommandBody{dossier::Number{n, f}};
  }
  if (action == "mark-ready") return dossier::CommandBody{dossier::MarkResultReady{}};
  if (action == "return") {
    MOTCUA_ASSIGN_OR_RETURN(auto c, str("channel"));
    MOTCUA_ASSIGN_OR_RETURN(auto ch, ParseReturnChannel(c.empty() ? "counter" : c));
    return dossier::CommandBody{dossier::ReturnResult{ch}};
  }
  if (action == "apologise") {
    dossier::Apologise c;
    MOTCUA_ASSIGN_OR_RETURN(c.reason, str("reason"));
    MOTCUA_ASSIGN_OR_RETURN(auto due, str("new_due"));
    auto t = ParseRfc3339(due);
    if (!t) {
      return Status::InvalidArgument("the new date is missing or malformed",
                                     {{"new_due", "an RFC 3339 time, e.g. 2026-12-20T16:00:00+07:00"}});
    }
    c.new_due = *t;
    return dossier::CommandBody{c};
  }
  if (action == "rate") {
    MOTCUA_ASSIGN_OR_RETURN(int64_t score, IntField(j, "score", 0));
    if (score < 1 || score > 5)
      return Status::InvalidArgument("the rating is missing", {{"score", "a whole number 1 to 5"}});
    MOTCUA_ASSIGN_OR_RETURN(auto c, str("comment"));
    return dossier::CommandBody{dossier::Rate{static_cast<int>(score), c}};
  }
  if (action == "request-withdrawal") {
    MOTCUA_ASSIGN_OR_RETURN(auto r, str("reason"));
    return dossier::CommandBody{dossier::RequestWithdrawal{r}};
  }
  if (action == "stop") {
    MOTCUA_ASSIGN_OR_RETURN(auto r, str("reason"));
    return dossier::CommandBody{dossier::Stop{r}};
  }
  return Status::NotFound("unknown action '" + std::string(action) + "'");
}

}  // namespace motcua::service
