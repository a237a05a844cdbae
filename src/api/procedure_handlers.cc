#include "api/procedure_handlers.h"

#include <cstdlib>

#include "api/auth.h"
#include "api/json_util.h"
#include "http/problem.h"

namespace motcua::api {

using nlohmann::json;

namespace {

json SummaryJson(const service::ProcedureSummary& s) {
  return {{"code", s.code},     {"version", s.version},           {"name", s.name},
          {"field", s.field},   {"levels", s.levels},             {"online_level", s.online_level},
          {"processing_time", s.time_raw}};
}

json OfferingJson(const service::Offering& o) {
  return {{"unit_code", o.unit_code},
          {"procedure_code", o.procedure_code},
          {"local_days", o.local_days ? json(*o.local_days) : json(nullptr)},
          {"local_fee_note", o.local_fee_note}};
}

json VersionJson(const service::ProcedureVersion& v, bool with_record) {
  json j = {{"code", v.code}, {"version", v.version}, {"created_ms", v.created_ms},
            {"actor", v.actor}};
  if (with_record) j["record"] = json::parse(v.record_json, nullptr, false);
  return j;
}

int IntParam(const std::string& s, int fallback) {
  return s.empty() ? fallback : std::atoi(s.c_str());
}

}  // namespace

http::Response HandleSearchProcedures(const ProcedureDeps& d, http::Request& req) {
  service::ProcedureQuery q;
  q.q = req.Query("q");
  q.unit = req.Query("unit");
  q.field = req.Query("field");
  q.online = req.Query("online");
  if (!q.online.empty() && q.online != "full" && q.online != "partial" && q.online != "none") {
    return http::ProblemFromStatus(Status::InvalidArgument(
        "online is full, partial or none", {{"online", "full, partial or none"}}));
  }
  q.limit = IntParam(req.Query("limit"), 20);
  q.offset = IntParam(req.Query("offset"), 0);
  auto r = d.procedures->Search(q);
  if (!r.ok()) return http::ProblemFromStatus(r.status());
  json items = json::array();
  for (const auto& s : r->items) items.push_back(SummaryJson(s));
  return JsonResponse(200, {{"procedures", items}, {"total", r->total}});
}

http::Response HandleGetProcedure(const ProcedureDeps& d, http::Request& req) {
  auto v = d.procedures->Current(req.Param("code"));
  if (!v.ok()) return http::ProblemFromStatus(v.status());
  json j = VersionJson(*v, true);
  if (std::string unit = req.Query("unit"); !unit.empty()) {
    auto off = d.procedures->Offerings(unit, v->code);
    if (!off.ok()) return http::ProblemFromStatus(off.status());
    j["offering"] = off->empty() ? json(nullptr) : OfferingJson(off->front());
  }
  return JsonResponse(200, j);
}

http::Response HandleListProcedureVersions(const ProcedureDeps& d, http::Request& req) {
  auto list = d.procedures->Versions(req.Param("code"));
  if (!list.ok()) return http::ProblemFromStatus(list.status());
  json items = json::array();
  for (const auto& v : *list) items.push_back(VersionJson(v, false));
  return JsonResponse(200, {{"code", req.Param("code")}, {"versions", items}});
}

http::Response HandleGetProcedureVersion(const ProcedureDeps& d, http::Request& req) {
  std::string vs = req.Param("version");
  if (vs.empty() || vs.find_first_not_of("0123456789") != std::string::npos) {
    return http::ProblemFromStatus(
        Status::InvalidArgument("the version is a positive number", {{"version", "1, 2, 3 …"}}));
  }
  auto v = d.procedures->GetProcedureVersion(req.Param("code"), std::atoll(vs.c_str()));
  if (!v.ok()) return http::ProblemFromStatus(v.status());
  http::Response r = JsonResponse(200, VersionJson(*v, true));
  r.SetHeader("Cache-Control", "public, max-age=86400, immutable");
  return r;
}

http::Response HandleEditProcedure(const ProcedureDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  if (body->empty()) {
    return http::ProblemFromStatus(
        Status::InvalidArgument("the body is a merge patch of the record with at least one field"));
  }
  auto v = d.procedures->Edit(req.Param("code"), body->dump(), PrincipalOf(req).Id());
  if (!v.ok()) return http::ProblemFromStatus(v.status());
  return JsonResponse(200, VersionJson(*v, true));
}

http::Response HandleListUnitProcedures(const ProcedureDeps& d, http::Request& req) {
  auto unit = d.units->Get(req.Param("code"), "2025");
  if (!unit.ok()) return http::ProblemFromStatus(unit.status());
  auto list = d.procedures->Offerings(unit->code);
  if (!list.ok()) return http::ProblemFromStatus(list.status());
  json items = json::array();
  for (const auto& o : *list) items.push_back(OfferingJson(o));
  return JsonResponse(200, {{"unit", unit->code}, {"procedures", items}});
}

http::Response HandlePutUnitProcedure(const ProcedureDeps& d, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  auto unit = d.units->Get(req.Param("code"), "2025");
  if (!unit.ok()) return http::ProblemFromStatus(unit.status());
  service::Offering o{unit->code, req.Param("proc"), std::nullopt, ""};
  if (body->contains("local_days") && !(*body)["local_days"].is_null()) {
    auto days = NumberField(*body, "local_days", 0);
    if (!days.ok()) {
      return http::ProblemFromStatus(Status::InvalidArgument(
          "local_days is a number of working days or null", {{"local_days", "number or null"}}));
    }
    o.local_days = *days;
  }
  auto note = StringField(*body, "local_fee_note", 2000);
  if (!note.ok()) return http::ProblemFromStatus(note.status());
  o.local_fee_note = *note;
  Status st = d.procedures->SetOffering(o, unit->province_code, PrincipalOf(req).Id());
  if (!st.ok()) return http::ProblemFromStatus(st);
  auto now = d.procedures->Offerings(o.unit_code, o.procedure_code);
  if (!now.ok() || now->empty()) return http::ProblemFromStatus(now.status());
  return JsonResponse(200, OfferingJson(now->front()));
}

http::Response HandleDeleteUnitProcedure(const ProcedureDeps& d, http::Request& req) {
  auto unit = d.units->Get(req.Param("code"), "2025");
  if (!unit.ok()) return http::ProblemFromStatus(unit.status());
  Status st = d.procedures->RemoveOffering(unit->code, req.Param("proc"), unit->province_code,
                                           PrincipalOf(req).Id());
  if (!st.ok()) return http::ProblemFromStatus(st);
  http::Response r;
  r.status = 204;
  return r;
}

}  // namespace motcua::api
