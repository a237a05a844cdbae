#include "service/dossier/dossier_commands.h"

#include <algorithm>
#include <cstdio>

#include "base/civil_time.h"
#include "base/text.h"
#include "domain/calendar/work_calendar.h"
#include "domain/dossier/code.h"
#include "service/dossier/dossier_access.h"
#include "service/dossier/dossier_clock.h"
#include "service/dossier/dossier_codec.h"
#include "service/dossier/dossier_persist.h"
#include "service/dossier/dossier_sql.h"
#include "service/dossier/workflow_store.h"
#include "service/catalogue/procedure_service.h"
#include "service/catalogue/unit_service.h"
#include "service/identity/identity_service.h"
#include "service/platform/file_service.h"
#include "service/platform/outbox.h"

namespace motcua::service {

namespace {

std::string Yymmdd(std::chrono::year_month_day d) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d%02u%02u", static_cast<int>(d.year()) % 100,
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

// The header's code while an intake is decided outside the write transaction (not a valid code,
// so it can never be confused with one).
constexpr char kPendingCode[] = "pending-code";

// Returns the stored response for (scope, key): nullopt when the key is new; InvalidArgument when
// it was used with another request.
Result<std::optional<StoredResponse>> FindIdempotent(store::ReadTx& tx, const std::string& scope,
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

Result<IntakeResult> DossierCommands::Intake(const IntakeRequest& req) {
  MOTCUA_ASSIGN_OR_RETURN(WriteOutcome out, Record(req, nullptr, nullptr));
  return IntakeResult{out.view.state.header.id, std::move(out.view.state)};
}

Result<WriteOutcome> DossierCommands::Record(const IntakeRequest& in, const Principal* who,
                                             const Idempotency* idem) {
  const std::string scope = who ? who->Id() : "";
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
  out.view = clock_.ViewOf(d);
  // What the submitter could do next does not depend on the code (read before the write).
  if (who) {
    out.allowed_actions = DossierAccess::AllowedActionsOf(access_.ActorsFor(*who, d), d, now);
  }
  // The event bodies too, with the placeholder code spliced in below: in JSON text the sequence
  // "code":"<placeholder>" with bare quotes can only be the header's own key (quotes inside a
  // string value are escaped).
  for (auto& e : events) {
    if (e.type == dossier::EventType::kAccepted) e.appointment = out.view.original_due_ms;
  }
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
                 "ON CONFLICT (agency_id, day) DO UPDATE SET "
                 "next_seq = dossier_code_counters.next_seq + 1 RETURNING next_seq - 1",
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
    // The receipt's numbers, spliced into the bodies like the code (appended keys read the same).
    MOTCUA_RETURN_IF_ERROR(IssueDocuments(tx, {}, out.view, "", &events));
    for (size_t i = 0; i < events.size(); ++i) {
      std::string extra;
      if (!events[i].form_number.empty())
        extra += ",\"form_number\":\"" + events[i].form_number + "\"";
      if (events[i].log_serial != 0)
        extra += ",\"log_serial\":" + std::to_string(events[i].log_serial);
      if (extra.empty()) continue;
      if (bodies[i] == "{}") extra.erase(0, 1);
      bodies[i].insert(bodies[i].size() - 1, extra);
    }
    const dossier::Dossier none;
    const DossierChange change{none, d, events, out.view, in.submitted_by,
                               events.empty() ? now : events.back().at};
    ProjectionEffects effects;
    MOTCUA_RETURN_IF_ERROR(Persist(tx, projectors_, change, effects, &bodies));
    notified = effects.wake_outbox;
    if (idem) {
      out.stored = idem->render(out.view, out.allowed_actions);
      MOTCUA_RETURN_IF_ERROR(StoreIdempotent(tx, scope, *idem, *out.stored, now));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (notified && outbox_) outbox_->Wake();
  return out;
}

Result<WriteOutcome> DossierCommands::Submit(const Principal& who, const SubmitRequest& req,
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
  // One read transaction answers every question intake asks of the store (the files it cites,
  // the unit, what it offers, the procedure's current version, a saved workflow), each through
  // the service that owns the table; the parsed terms of a (code, version) are cached.
  std::optional<Result<Unit>> unit_read;
  std::optional<Result<std::vector<Offering>>> offerings_read;
  std::optional<Result<int64_t>> version_read;
  std::optional<Result<dossier::Workflow>> workflow_read;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    for (size_t i = 0; i < req.components.size(); ++i) {
      const std::string& file = req.components[i].file;
      if (file.empty()) continue;
      auto info = deps_.files.Info(tx, file);
      if (!info.ok() || info->uploaded_by != who.Id()) {
        f.push_back({"components/" + std::to_string(i) + "/file",
                     "no file you uploaded has this id; upload it first (POST /api/v1/files)"});
      }
    }
    if (!f.empty()) return Status::Ok();
    unit_read.emplace(deps_.units.Get(tx, req.unit, "2025"));
    offerings_read.emplace(deps_.procedures.Offerings(tx, req.unit, req.procedure_code));
    version_read.emplace(deps_.procedures.CurrentVersion(tx, req.procedure_code));
    workflow_read.emplace(workflows_.WorkflowFor(tx, req.unit, req.procedure_code));
    return Status::Ok();
  }));
  if (!f.empty()) return Status::InvalidArgument("the dossier cannot be filed", std::move(f));

  Result<Unit>& unit = *unit_read;
  if (!unit.ok() && unit.status().code() != Code::kNotFound) return unit.status();
  if (!unit.ok()) {
    return Status::InvalidArgument("unknown unit", {{"unit", "no 2025 unit has the code '" +
                                                                 req.unit + "'"}});
  }
  if (!offerings_read->ok()) return offerings_read->status();
  const std::vector<Offering>& offerings = **offerings_read;
  const bool offered = !offerings.empty();
  const std::optional<double> local_days =
      offered ? offerings.front().local_days : std::optional<double>();
  std::optional<int64_t> current_version;
  if (Result<int64_t>& v = *version_read; v.ok()) {
    current_version = *v;
  } else if (v.status().code() != Code::kNotFound) {
    return v.status();
  }
  if (!offered || !current_version) {
    return Status::InvalidArgument(
        current_version ? "the unit does not offer this procedure" : "unknown procedure",
        {{"procedure_code", current_version ? "not offered at unit " + req.unit
                                            : "no procedure has the code '" +
                                                  req.procedure_code + "'"}});
  }
  MOTCUA_ASSIGN_OR_RETURN(ProcedureTerms terms,
                          workflows_.TermsOf(req.procedure_code, *current_version));
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
  Result<dossier::Workflow>& saved_workflow = *workflow_read;
  if (!saved_workflow.ok() && saved_workflow.status().code() != Code::kNotFound) {
    return saved_workflow.status();
  }
  if (saved_workflow.ok()) {
    wf = std::move(*saved_workflow);
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
  in.actor.name = who.FullName();
  if (req.channel == dossier::Channel::kOnline) {
    // Filing for someone else needs their authorisation to submit at this unit.
    auto on_behalf = [&](const char* refusal) -> Status {
      if (!deps_.identity.FindAuthorisation(who, a.id_number, "submit", unit->code).ok()) {
        return Status::PermissionDenied(refusal);
      }
      in.actor.on_behalf_of = "id:" + a.id_number;
      return Status::Ok();
    };
    if (who.kind == Principal::Kind::kResident) {
      if (who.id_number != a.id_number &&
          !(req.representative && req.representative->id_number == who.id_number)) {
        MOTCUA_RETURN_IF_ERROR(on_behalf(
            "you may file online for yourself, or for someone who authorised you; that person "
            "records the authorisation (signed in, or at the reception counter)"));
      }
    } else {
      MOTCUA_RETURN_IF_ERROR(who.Check("assist.submit", ref));
      MOTCUA_RETURN_IF_ERROR(on_behalf(
          "a community-group member files online only for a person who authorised them; that "
          "person records the authorisation (signed in, or at the reception counter)"));
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
  return Record(in, &who, idem);
}

// Everything that reads (the dossier, the caller's authorisations, the files it cites, the
// handlers it may be assigned to) or can be computed (the apology's calendar facts, the actors
// the caller may act as) is done before Store::Write, on the caller's thread. Inside the write:
// the Idempotency-Key, the version re-checked, dossier::Decide, the SQL and the response rendered
// from the outcome — nothing that waits on a reader.
Result<WriteOutcome> DossierCommands::Act(const Principal& who, const std::string& code,
                                          const dossier::CommandBody& command, int64_t if_match,
                                          const Idempotency* idem) {
  if (!who.signed_in()) return Status::Unauthenticated("sign in to act on a dossier");
  const int64_t now = env_.NowMs();
  WriteOutcome out;
  dossier::Dossier d;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    if (idem) {
      MOTCUA_ASSIGN_OR_RETURN(out.replay, FindIdempotent(tx, who.Id(), *idem));
      if (out.replay) return Status::Ok();
    }
    MOTCUA_ASSIGN_OR_RETURN(d, LoadIn(tx, code));
    return Status::Ok();
  }));
  if (out.replay) return out;
  if (!d.exists) return Status::NotFound("no dossier has the code " + code);
  std::string on_behalf_of;
  MOTCUA_RETURN_IF_ERROR(access_.Authorise(who, d, /*act=*/true, &on_behalf_of));
  auto stale = [&](int64_t version) {
    return Status::PreconditionFailed("dossier " + code + " is at version " +
                                      std::to_string(version) + ", not " +
                                      std::to_string(if_match) +
                                      "; someone acted on it first. Reload it and try again");
  };
  if (if_match != d.version) return stale(d.version);
  dossier::CommandBody body = command;
  if (const auto* n = std::get_if<dossier::Number>(&body); n && !n->result_file.empty()) {
    auto info = deps_.files.Info(n->result_file);
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
    auto info = deps_.files.Info(file);
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
    auto cal = clock_.CalendarOf(d.header.unit, d.header.province);
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
      dossier::Actor a{who.Id(), g.role, "", who.username, who.FullName()};
      if (std::none_of(actors.begin(), actors.end(),
                       [&](const dossier::Actor& x) { return x.role == a.role; }))
        actors.push_back(a);
    }
  } else {
    actors.push_back(dossier::Actor{who.Id(), std::nullopt, on_behalf_of, "", who.FullName()});
  }
  // The head of the agency, who signs an apology and a refusal after appraisal (an account read).
  std::string head_of_agency;
  if (std::holds_alternative<dossier::Apologise>(body) ||
      std::holds_alternative<dossier::Refuse>(body)) {
    head_of_agency = HeadOfAgency(d.header);
  }
  // `assign` names one of the handlers the dossier may be assigned to (an account read); checked
  // after the domain accepted the action, as before, so a state error still comes first.
  Status handler_check = Status::Ok();
  if (const auto* as = std::get_if<dossier::Assign>(&body)) {
    handler_check = access_.CheckHandler(d, as->handler);
  }
  // What the caller could do afterwards is judged for the same actors AllowedActions uses.
  const std::vector<dossier::Actor> probe_actors = access_.ActorsFor(who, d);

  bool notified = false;
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    if (idem) {
      MOTCUA_ASSIGN_OR_RETURN(out.replay, FindIdempotent(tx, who.Id(), *idem));
      if (out.replay) return Status::Ok();
    }
    // The dossier read above is still the current one when its version is (the projection's
    // version moves with every event, in the same transaction).
    std::optional<int64_t> version;
    MOTCUA_RETURN_IF_ERROR(tx.Query(sql::kDossierVersion, {code},
                                    [&](const store::Row& r) { version = r.Int(0); }));
    if (!version) return Status::NotFound("no dossier has the code " + code);
    if (*version != d.version) return stale(*version);
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
    MOTCUA_RETURN_IF_ERROR(handler_check);
    dossier::Dossier after = d;
    for (const auto& e : *events) after = dossier::Apply(std::move(after), e);
    out.view = clock_.ViewOf(after);
    MOTCUA_RETURN_IF_ERROR(IssueDocuments(tx, d, out.view, head_of_agency, &*events));
    out.allowed_actions = DossierAccess::AllowedActionsOf(probe_actors, after, now);
    const std::string no_submitter;
    const DossierChange change{d, after, *events, out.view, no_submitter,
                               events->empty() ? now : events->back().at};
    ProjectionEffects effects;
    MOTCUA_RETURN_IF_ERROR(Persist(tx, projectors_, change, effects));
    notified = effects.wake_outbox;
    if (idem) {
      out.stored = idem->render(out.view, out.allowed_actions);
      MOTCUA_RETURN_IF_ERROR(StoreIdempotent(tx, who.Id(), *idem, *out.stored, now));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (notified && outbox_) outbox_->Wake();
  return out;
}

}  // namespace motcua::service
