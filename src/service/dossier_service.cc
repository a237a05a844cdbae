#include "service/dossier_service.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "domain/dossier/code.h"

namespace motcua::service {

namespace {

std::string Yymmdd(std::chrono::year_month_day d) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d%02u%02u", static_cast<int>(d.year()) % 100,
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

nlohmann::json ApplicantJson(const dossier::Applicant& a) {
  return {{"full_name", a.full_name},
          {"id_number", a.id_number},
          {"phone", a.phone},
          {"address", a.address}};
}

}  // namespace

Result<IntakeResult> DossierService::Intake(const IntakeRequest& req) {
  MOTCUA_RETURN_IF_ERROR(dossier::ValidateAgencyId(req.agency_id));
  const int64_t now = env_.NowMs();
  const auto day = ToVietnam(now).date;
  IntakeResult out;
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    int64_t seq = 0;
    MOTCUA_RETURN_IF_ERROR(
        tx.Query("INSERT INTO dossier_code_counters (agency_id, day, next_seq) VALUES (?, ?, 2) "
                 "ON CONFLICT (agency_id, day) DO UPDATE SET next_seq = next_seq + 1 "
                 "RETURNING next_seq - 1",
                 {req.agency_id, Yymmdd(day)}, [&](const store::Row& r) { seq = r.Int(0); })
            .WithPrefix("store: cannot allocate a dossier code for agency " + req.agency_id));
    MOTCUA_ASSIGN_OR_RETURN(std::string code,
                            dossier::FormatDossierCode({req.agency_id, day, seq}));
    dossier::Header h;
    h.id = code;
    h.province = req.province;
    h.unit = req.unit;
    h.channel = dossier::Channel::kInPerson;
    h.applicant = req.applicant;
    h.workflow = req.workflow;
    MOTCUA_ASSIGN_OR_RETURN(
        auto events,
        dossier::Decide({}, dossier::Command{req.actor, dossier::AcceptAtCounter{h}}, now));
    dossier::Dossier d;
    const std::string stream = "dossier/" + code;
    for (const auto& e : events) {
      d = dossier::Apply(std::move(d), e);
      nlohmann::json body = {{"code", code},
                             {"unit", h.unit},
                             {"procedure_code", h.workflow.procedure_code},
                             {"procedure_version", h.workflow.procedure_version},
                             {"applicant", ApplicantJson(h.applicant)}};
      MOTCUA_RETURN_IF_ERROR(
          tx.Append(NewEvent{h.province, stream, std::string(dossier::EventTypeName(e.type)), e.at,
                             e.actor, body.dump()})
              .status()
              .WithPrefix("store: cannot append event to dossier " + code));
    }
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO dossiers (id, code, province, unit, procedure_code, "
                "procedure_version, channel, status, step, version, applicant, submitted_ms, "
                "accepted_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
                {stream, code, h.province, h.unit, h.workflow.procedure_code,
                 int64_t{h.workflow.procedure_version}, int64_t{static_cast<int>(h.channel)},
                 int64_t{static_cast<int>(d.status)}, d.version, ApplicantJson(h.applicant).dump(),
                 *d.submitted_at, *d.accepted_at, now})
            .status()
            .WithPrefix("store: cannot insert dossier " + code));
    out.code = code;
    out.state = std::move(d);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
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

}  // namespace motcua::service
