// The workflow of a procedure at a unit: /quan-tri/don-vi/{code}/thu-tuc/{proc}/quy-trinh shows
// its steps (which role does each, each step's working-day budget, whether the payment wait
// pauses the clock) as a form; saving goes through DossierService::PutWorkflow, which validates,
// as PUT /api/v1/units/{code}/procedures/{proc}/workflow does. Validation errors are shown beside
// the step they concern.
#include <fmt/format.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "domain/dossier/workflow.h"
#include "http/url.h"
#include "service/dossier/dossier_codec.h"
#include "service/platform/principal.h"
#include "web/admin/admin_catalogue_pages.h"
#include "web/kit/form.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using dossier::StepKind;
using dossier::Workflow;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

constexpr StepKind kSteps[] = {StepKind::kReceive, StepKind::kAssign, StepKind::kAppraise,
                               StepKind::kReview,  StepKind::kSign,   StepKind::kNumber,
                               StepKind::kReturn};

std::string Name(StepKind k) { return std::string(dossier::StepKindName(k)); }
std::string Days(double d) { return fmt::format("{:g}", d); }

// What the page works on: the unit, the procedure's current version and the time limit the
// workflow's budgets must fit in (the unit's local limit, else the procedure's own, as intake
// counts it; 0 when neither says).
struct Subject {
  service::Unit unit;
  service::ProcedureVersion procedure;
  bool offered = false;
  double total_days = 0;
  std::string time_unit = "working_days";  // the limit's unit (the catalogue's name)
};

Result<Subject> Load(const WebDeps& deps, const Request& req) {
  Subject s;
  MOTCUA_ASSIGN_OR_RETURN(s.unit, deps.units->Get(req.Param("code"), "2025"));
  MOTCUA_ASSIGN_OR_RETURN(s.procedure, deps.procedures->Current(req.Param("proc")));
  auto off = deps.procedures->Offerings(s.unit.code, s.procedure.code);
  s.offered = off.ok() && !off->empty();
  if (s.offered && off->front().local_days) {
    s.total_days = *off->front().local_days;
    return s;
  }
  json r = json::parse(s.procedure.record_json, nullptr, false);
  if (r.is_object() && r.contains("processing_time") && r["processing_time"].is_object()) {
    const json& t = r["processing_time"];
    s.time_unit = t.value("unit", "working_days");
    s.total_days = s.time_unit == "same_day" ? 1.0 : t.value("amount", 0.0);
  }
  return s;
}

std::string PageHref(const Subject& s) {
  return "/quan-tri/don-vi/" + http::PercentEncode(s.unit.code) + "/thu-tuc/" +
         http::PercentEncode(s.procedure.code) + "/quy-trinh";
}

// The form as posted, kept to show again beside its errors.
struct WorkflowInput {
  Workflow workflow;
  std::map<std::string, std::string> budgets;  // step name → budget as typed
  std::string max_supplementations, max_apologies;
};

Response Render(const WebDeps& deps, Request& req, const Subject& s, const WorkflowInput& in,
                bool saved, const FormErrors* errors, int status) {
  const service::Principal& p = PagePrincipal(req);
  PageContext ctx = BasePageContext(req, deps, "admin.workflow.title", {{"code", s.procedure.code}});
  json record = json::parse(s.procedure.record_json, nullptr, false);
  Data d{Data::type::object};
  d.set("code", s.procedure.code);
  d.set("name", record.is_object() ? record.value("name", "") : "");
  d.set("unit_label", s.unit.name + " (" + s.unit.code + ")");
  d.set("unit_href", "/quan-tri/don-vi/" + http::PercentEncode(s.unit.code));
  d.set("csrf", p.csrf);
  d.set("action", PageHref(s));
  d.set("state", T(ctx, saved ? "admin.workflow.saved_state" : "admin.workflow.default_state"));
  if (!s.offered) d.set("not_offered", true);
  d.set("total_line", s.total_days > 0
                          ? T(ctx, "admin.workflow.total", {{"days", Days(s.total_days)}})
                          : T(ctx, "admin.workflow.no_total"));
  if (req.Query("da-luu") == "1") d.set("notice", T(ctx, "admin.workflow.saved"));
  // A step left out still offers the role the default workflow gives it.
  const Workflow def = dossier::DefaultWorkflowFor(s.procedure.code, 1, s.total_days, s.time_unit);
  Data steps{Data::type::list};
  for (StepKind k : kSteps) {
    const std::string name = Name(k);
    const dossier::WorkflowStep* step = in.workflow.Find(k);
    Data o{Data::type::object};
    o.set("kind", name);
    o.set("label", T(ctx, "desk.step." + name));
    o.set("included", step != nullptr);
    auto typed = in.budgets.find(name);
    o.set("budget", typed != in.budgets.end() ? typed->second
                    : step                   ? Days(step->budget_days)
                                             : std::string());
    Data roles{Data::type::list};
    for (authz::Role r : authz::kAllRoles) {
      const std::string rn(authz::RoleName(r));
      Data ro{Data::type::object};
      ro.set("value", rn);
      ro.set("label", T(ctx, "role." + rn));
      ro.set("selected", (step ? step : def.Find(k))->role == rn);
      roles.push_back(ro);
    }
    o.set("roles", roles);
    if (errors) {
      for (const char* f : {"include", "role", "budget"}) {
        if (std::string m = errors->Find(std::string(f) + "_" + name); !m.empty()) {
          o.set(std::string("err_") + f, m);
        }
      }
    }
    steps.push_back(o);
  }
  d.set("steps", steps);
  d.set("payment_pauses_clock", in.workflow.payment_pauses_clock);
  d.set("pauses_shift_apology_due", in.workflow.pauses_shift_apology_due);
  d.set("max_supplementations", in.max_supplementations);
  d.set("max_apologies", in.max_apologies);
  if (errors) errors->Into(d);
  return RenderPage(req, ctx, "admin_workflow", std::move(d), status);
}

WorkflowInput InputOf(const Workflow& w) {
  return {w, {}, std::to_string(w.max_supplementations), std::to_string(w.max_apologies)};
}

Response WorkflowPage(const WebDeps& deps, Request& req) {
  auto s = Load(deps, req);
  if (!s.ok()) return AdminErrorPage(req, deps, s.status().code() == Code::kNotFound ? 404 : 503);
  auto w = deps.dossiers->workflows.WorkflowFor(s->unit.code, s->procedure.code);
  if (w.ok()) return Render(deps, req, *s, InputOf(*w), true, nullptr, 200);
  if (w.status().code() != Code::kNotFound) return AdminErrorPage(req, deps, 503);
  Workflow def = dossier::DefaultWorkflowFor(
      s->procedure.code, static_cast<int>(s->procedure.version), s->total_days, s->time_unit);
  return Render(deps, req, *s, InputOf(def), false, nullptr, 200);
}

// Returns the count in `text` (a whole number 0–20), or -1.
int Count(const std::string& text) {
  if (text.empty() || text.size() > 2 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return -1;
  }
  const int n = std::atoi(text.c_str());
  return n <= 20 ? n : -1;
}

// Returns the element id and catalogued message of a validation error from ValidateWorkflow.
std::pair<std::string, std::string> Explain(const PageContext& ctx, const Workflow& w,
                                            const FieldError& fe) {
  // "steps/3/budget_days", "steps/3/role", "steps/3", "steps", "total_days".
  if (fe.field.starts_with("steps/")) {
    const size_t i = std::strtoul(fe.field.c_str() + 6, nullptr, 10);
    if (i < w.steps.size()) {
      const std::string kind = Name(w.steps[i].kind);
      const std::map<std::string, std::string> args{{"step", T(ctx, "desk.step." + kind)}};
      if (fe.field.ends_with("/budget_days")) {
        return {"budget_" + kind, T(ctx, "admin.workflow.bad_budget", args)};
      }
      if (fe.field.ends_with("/role")) return {"role_" + kind, T(ctx, "admin.workflow.bad_role", args)};
      return {"include_" + kind, T(ctx, "admin.workflow.bad_order", args)};
    }
  }
  if (fe.field == "total_days") return {"total_days", T(ctx, "admin.workflow.no_total")};
  if (fe.field == "steps" && !w.steps.empty()) {
    double sum = 0;
    for (const auto& st : w.steps) sum += st.budget_days;
    return {"steps", T(ctx, "admin.workflow.over_total",
                       {{"sum", Days(sum)}, {"total", Days(w.total_days)}})};
  }
  return {"steps", T(ctx, "admin.workflow.no_steps")};
}

Response WorkflowSubmit(const WebDeps& deps, Request& req) {
  const service::Principal& p = PagePrincipal(req);
  auto s = Load(deps, req);
  if (!s.ok()) return AdminErrorPage(req, deps, s.status().code() == Code::kNotFound ? 404 : 503);
  const PageContext ctx = BasePageContext(req, deps);
  const PostedForm form = ReadPostedForm(req);
  WorkflowInput in;
  Workflow& w = in.workflow;
  w.procedure_code = s->procedure.code;
  w.procedure_version = static_cast<int>(s->procedure.version);
  w.total_days = s->total_days;
  w.payment_pauses_clock = !form.Get("payment_pauses_clock").empty();
  w.pauses_shift_apology_due = !form.Get("pauses_shift_apology_due").empty();
  for (StepKind k : kSteps) {
    const std::string name = Name(k);
    in.budgets[name] = form.Get("budget_" + name);
    if (form.Get("include_" + name).empty()) continue;
    char* end = nullptr;
    const std::string& typed = in.budgets[name];
    double budget = std::strtod(typed.c_str(), &end);
    if (typed.empty() || *end != '\0') budget = 0;  // refused below as "must be positive"
    w.steps.push_back({k, form.Get("role_" + name), budget});
  }
  FormErrors errors;
  in.max_supplementations = form.Get("max_supplementations");
  in.max_apologies = form.Get("max_apologies");
  for (auto [id, text, slot] : {std::tuple{"max_supplementations", &in.max_supplementations,
                                           &w.max_supplementations},
                                std::tuple{"max_apologies", &in.max_apologies, &w.max_apologies}}) {
    if (text->empty()) continue;  // the default (1)
    const int n = Count(*text);
    if (n < 0) errors.Add(id, T(ctx, "admin.workflow.bad_count"));
    *slot = n;
  }
  // The service validates and saves; when a count is already wrong, the steps are still checked
  // (the same rules, nothing saved) so that every error shows at once.
  Status st = errors.empty() ? deps.dossiers->workflows.PutWorkflow(p, s->unit.code, s->procedure.code,
                                                          service::WorkflowJson(w))
                             : dossier::ValidateWorkflow(w);
  if (st.ok() && errors.empty()) return Response::Redirect(PageHref(*s) + "?da-luu=1");
  if (!st.ok() && st.code() != Code::kInvalidArgument) return AdminErrorPage(req, deps, 503);
  for (const auto& fe : st.fields()) {
    auto [id, message] = Explain(ctx, w, fe);
    if (errors.Find(id).empty()) errors.Add(id, message);
  }
  if (errors.empty()) errors.Add("steps", T(ctx, "admin.workflow.no_steps"));
  auto saved = deps.dossiers->workflows.WorkflowFor(s->unit.code, s->procedure.code);
  return Render(deps, req, *s, in, saved.ok(), &errors, 400);
}

}  // namespace

std::vector<http::Route> AdminWorkflowRoutes(const WebDeps& deps) {
  return {
      {Method::kGet, "/quan-tri/don-vi/{code}/thu-tuc/{proc}/quy-trinh", "perm:admin.catalogue@code",
       [deps](Request& r) { return WorkflowPage(deps, r); }},
      {Method::kPost, "/quan-tri/don-vi/{code}/thu-tuc/{proc}/quy-trinh", "perm:admin.catalogue@code",
       [deps](Request& r) { return WorkflowSubmit(deps, r); }},
  };
}

}  // namespace motcua::web
