// Counter intake.
//
// One form, complete without JavaScript (desk_intake.js only hides the sections the chosen kind of
// applicant does not use): the applicant, a person or an organisation; the person filing for them
// under an authorisation, if any; each component received (original, certified copy or copy) with
// its scan; where the result goes. Sent as multipart/form-data. Everything is checked before any
// scan is stored, so a refused form stores nothing; scans stored for a form the service then
// refused travel on in hidden fields (the service checks again that this officer uploaded them).

#include "web/desk/desk_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "domain/dossier/actions.h"
#include "http/problem.h"
#include "http/url.h"
#include "service/identity/audit_service.h"
#include "service/dossier/dossier_codec.h"
#include "service/identity/identity_service.h"
#include "service/platform/principal.h"
#include "service/platform/system_service.h"
#include "web/kit/form.h"
#include "web/kit/format.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web::desk {

using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;
using service::Principal;

namespace {

constexpr int kMinComponentRows = 6;
constexpr int kMoreComponentRows = 3;
constexpr const char* kComponentKinds[] = {"original", "certified", "copy"};

std::string CompField(const char* what, int i) { return fmt::format("comp_{}_{}", what, i); }

std::vector<authz::Grant> ReceivingGrants(const Principal& p) {
  std::vector<authz::Grant> out;
  for (const auto& g : authz::GrantsWith(p.grants, "dossier.receive")) {
    if (!g.IsProvinceWide()) out.push_back(g);
  }
  return out;
}

// The number of component rows a form shows: what it was sent with (more when asked), at least
// kMinComponentRows, at most 100 (the dossier's limit).
int ComponentRows(const PostedForm& f) {
  int rows = std::atoi(f.Get("rows").c_str());
  if (f.Get("more") == "1") rows += kMoreComponentRows;
  return std::clamp(rows, kMinComponentRows, 100);
}

// Puts the papers the chosen procedure asks for (its catalogue record) into the empty component
// rows, in order, adding rows as needed and skipping papers already named, so the officer checks
// them off instead of typing; rows already filled (and their kept scans) stay where they are.
// Returns a notice for the page: "" when rows were filled, else why not.
std::string FillPapers(const WebDeps& deps, const PageContext& ctx, PostedForm* f) {
  auto v = deps.procedures->Current(f->Get("procedure_code"));
  if (!v.ok()) return T(ctx, "desk.intake.papers_choose");
  const std::vector<RequiredPaper> papers = RequiredPapers(v->record_json);
  if (papers.empty()) return T(ctx, "desk.intake.papers_none");
  const int rows = ComponentRows(*f);
  std::set<std::string> named;
  for (int i = 0; i < rows; ++i) named.insert(f->Get(CompField("name", i)));
  int i = 0;
  for (const auto& paper : papers) {
    if (named.count(paper.name)) continue;
    while (i < 100 && (!f->Get(CompField("name", i)).empty() ||
                       !f->Get(CompField("stored", i)).empty())) {
      ++i;
    }
    if (i >= 100) break;
    f->Set(CompField("name", i), paper.name);
    f->Set(CompField("kind", i), paper.original ? "original" : "copy");
    ++i;
  }
  f->Set("rows", std::to_string(std::max(rows, i)));
  return "";
}

// Returns the <option>s of the procedure select: what `unit` offers, by name, `selected` marked.
std::string ProcedureOptions(const WebDeps& deps, const PageContext& ctx, const std::string& unit,
                             const std::string& selected) {
  service::ProcedureQuery q;
  q.unit = unit;
  q.limit = 1000;
  auto procs = deps.procedures->Search(q);
  Data plist{Data::type::list};
  if (procs.ok()) {
    std::vector<service::ProcedureSummary>& sorted = procs->items;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& s : sorted) {
      Data o{Data::type::object};
      o.set("value", s.code);
      o.set("label", s.name + " — " + s.code);
      if (s.code == selected) o.set("selected", true);
      plist.push_back(std::move(o));
    }
  }
  Data d{Data::type::object};
  d.set("procedures", std::move(plist));
  return RenderFragment(ctx, "desk_intake_procedures", d);
}

// Returns the procedure select's options. With nothing selected (a fresh form) they are rendered
// once per unit, catalogue generation and escaping (the pseudo-locale marks data) and kept: they
// are most of the page, and the same for every officer of the unit.
std::string CachedProcedureOptions(const WebDeps& deps, const PageContext& ctx,
                                   const std::string& unit, const std::string& selected) {
  auto generation = deps.procedures->Generation();
  if (!selected.empty() || !generation.ok()) return ProcedureOptions(deps, ctx, unit, selected);
  struct Entry {
    int64_t generation;
    std::shared_ptr<const std::string> html;
  };
  static std::mutex mu;
  static std::map<std::string, Entry> cache;  // by pseudo-locale flag and unit; GUARDED_BY(mu)
  const std::string key = (ctx.lang == kPseudoLocale ? "qps:" : ":") + unit;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(key);
    if (it != cache.end() && it->second.generation == *generation) return *it->second.html;
  }
  auto html = std::make_shared<const std::string>(ProcedureOptions(deps, ctx, unit, ""));
  std::lock_guard<std::mutex> lock(mu);
  cache[key] = Entry{*generation, html};
  return *html;
}

Response RenderIntake(const WebDeps& deps, Request& req, const PostedForm* form,
                      const FormErrors* errors, int status, const std::string& notice = "") {
  const Principal& p = Who(req);
  PageContext ctx = Ctx(deps, req, "desk.intake.title");
  ctx.scripts.push_back(AssetUrl("desk_intake.js"));
  auto grants = ReceivingGrants(p);
  if (grants.empty()) return StatusPage(deps, req, Status::PermissionDenied("no unit"));
  static const PostedForm kEmpty;
  const PostedForm& f = form ? *form : kEmpty;
  std::string unit = f.Get("unit").empty() ? grants.front().unit_code : f.Get("unit");
  Data d{Data::type::object};
  d.set("csrf", p.csrf);
  Data units{Data::type::list};
  for (const auto& g : grants) {
    Data o{Data::type::object};
    o.set("value", g.unit_code);
    std::string name = g.unit_code;
    if (deps.units) {
      auto u = deps.units->Get(g.unit_code, "2025");
      if (u.ok()) name = u->name + " (" + g.unit_code + ")";
    }
    o.set("label", name);
    o.set("selected", g.unit_code == unit);
    units.push_back(o);
  }
  d.set("units", units);
  d.set("many_units", grants.size() > 1);
  d.set("unit", unit);
  d.set("procedure_options", CachedProcedureOptions(deps, ctx, unit, f.Get("procedure_code")));
  if (!notice.empty()) d.set("papers_notice", notice);
  for (const char* k : {"full_name", "id_number", "org_name", "org_code", "phone", "email",
                        "address", "rep_full_name", "rep_id_number", "rep_phone",
                        "rep_document_ref", "missing_items", "slip_reason"}) {
    d.set(k, f.Get(k));
  }
  const bool organisation = f.Get("applicant_kind") == "organisation";
  d.set("is_person", !organisation);
  d.set("is_organisation", organisation);
  d.set("has_rep", f.Get("has_rep") == "1");
  // Component rows.
  const int rows = ComponentRows(f);
  d.set("rows", std::to_string(rows));
  std::map<std::string, std::string> by_field;
  if (errors) {
    for (const auto& [field, message] : errors->items()) by_field.emplace(field, message);
  }
  Data comps{Data::type::list};
  for (int i = 0; i < rows; ++i) {
    Data row{Data::type::object};
    row.set("n", std::to_string(i + 1));
    row.set("name_id", CompField("name", i));
    row.set("kind_id", CompField("kind", i));
    row.set("file_id", CompField("file", i));
    row.set("stored_id", CompField("stored", i));
    row.set("stored_name_id", CompField("stored_name", i));
    row.set("name", f.Get(CompField("name", i)));
    row.set("label", T(ctx, "desk.intake.component_n", {{"n", std::to_string(i + 1)}}));
    const std::string kind = f.Get(CompField("kind", i));
    Data kinds{Data::type::list};
    for (const char* k : kComponentKinds) {
      Data o{Data::type::object};
      o.set("value", k);
      o.set("label", T(ctx, std::string("desk.intake.kind.") + k));
      o.set("selected", kind.empty() ? std::string(k) == "copy" : kind == k);
      kinds.push_back(o);
    }
    row.set("kinds", kinds);
    if (const std::string stored = f.Get(CompField("stored", i)); !stored.empty()) {
      row.set("stored", stored);
      row.set("stored_name", f.Get(CompField("stored_name", i)));
      row.set("stored_note", T(ctx, "desk.intake.scan_kept",
                               {{"name", f.Get(CompField("stored_name", i))}}));
    } else if (const auto* part = f.File(CompField("file", i)); part && errors && !errors->empty()) {
      row.set("again", T(ctx, "desk.intake.scan_again", {{"name", part->filename}}));
    }
    if (auto it = by_field.find(CompField("name", i)); it != by_field.end())
      row.set("err_name", it->second);
    if (auto it = by_field.find(CompField("file", i)); it != by_field.end())
      row.set("err_file", it->second);
    comps.push_back(row);
  }
  d.set("components", comps);
  SetFileLimits(deps, &ctx, &d);
  Data deliveries{Data::type::list};
  for (const char* ch : {"counter", "post", "online"}) {
    Data o{Data::type::object};
    o.set("value", ch);
    o.set("label", T(ctx, std::string("desk.channel.") + ch));
    o.set("selected", f.Get("result_delivery") == ch);
    deliveries.push_back(o);
  }
  d.set("deliveries", deliveries);
  if (errors) errors->Into(d);
  return RenderPage(req, ctx, "desk_intake", std::move(d), status);
}

// The counter does not receive the walk-in (domain §2.3): prints Mẫu 02 (guidance to complete the
// papers, once, in writing) or Mẫu 03 (refusal) from what the form holds; the service records it.
// A missing field comes back on the form, beside the field.
Response CounterSlipSubmit(const WebDeps& deps, Request& req, const PageContext& ctx,
                           PostedForm& f, bool refuse) {
  const Principal& p = Who(req);
  auto grants = ReceivingGrants(p);
  const bool organisation = f.Get("applicant_kind") == "organisation";
  service::CounterSlipRequest s;
  s.unit = f.Get("unit").empty() && !grants.empty() ? grants.front().unit_code : f.Get("unit");
  s.procedure_code = f.Get("procedure_code");
  s.refuse = refuse;
  s.applicant.kind =
      organisation ? dossier::ApplicantKind::kOrganisation : dossier::ApplicantKind::kPerson;
  s.applicant.full_name = Trimmed(f.Get(organisation ? "org_name" : "full_name"));
  s.applicant.id_number = Trimmed(f.Get(organisation ? "org_code" : "id_number"));
  s.applicant.phone = Trimmed(f.Get("phone"));
  s.applicant.address = Trimmed(f.Get("address"));
  s.items = Lines(f.Get("missing_items"));
  s.reason = Trimmed(f.Get("slip_reason"));
  auto pdf = deps.dossiers->commands.CounterSlip(p, s);
  if (!pdf.ok()) {
    const Status st = pdf.status();
    if (st.code() != Code::kInvalidArgument) return StatusPage(deps, req, st);
    FormErrors errors;
    for (const auto& fe : st.fields()) {
      if (fe.field == "items") {
        errors.Add("missing_items", T(ctx, "desk.intake.slip_error.items"));
      } else if (fe.field == "reason") {
        errors.Add("slip_reason", T(ctx, "desk.intake.slip_error.reason"));
      } else if (fe.field == "procedure_code") {
        errors.Add("procedure_code", T(ctx, "desk.intake.slip_error.procedure"));
      } else {
        errors.Add(organisation ? "org_name" : "full_name", T(ctx, "desk.intake.slip_error.name"));
      }
    }
    return RenderIntake(deps, req, &f, &errors, 422);
  }
  Response r = Response::Text(200, std::move(*pdf), "application/pdf");
  r.SetHeader("Content-Disposition",
              std::string("inline; filename=\"mau-") + (refuse ? "03" : "02") + "-tai-quay.pdf\"");
  r.SetHeader("Cache-Control", "private, no-store");
  return r;
}

}  // namespace

Response IntakePage(const WebDeps& deps, Request& req) {
  // ?procedure_code= (a link from the procedure's page, or a bookmark): the rows start with its
  // papers.
  if (const std::string code = req.Query("procedure_code"); !code.empty()) {
    PostedForm f;
    f.Set("procedure_code", code);
    if (!req.Query("unit").empty()) f.Set("unit", req.Query("unit"));
    PageContext ctx = Ctx(deps, req, "desk.intake.title");
    const std::string notice = FillPapers(deps, ctx, &f);
    return RenderIntake(deps, req, &f, nullptr, 200, notice);
  }
  return RenderIntake(deps, req, nullptr, nullptr, 200);
}

namespace {

// Checks the form the way the service will, field by field, in the page's words; adds to
// `errors`. Stores nothing.
void CheckIntake(const WebDeps& deps, const PageContext& ctx, const PostedForm& f, int rows,
                 FormErrors* errors) {
  auto need = [&](const std::string& id, const std::string& label_key) {
    errors->Add(id, T(ctx, "desk.error.required", {{"field", T(ctx, label_key)}}));
  };
  if (f.Get("procedure_code").empty()) need("procedure_code", "desk.intake.procedure_code");
  if (f.Get("applicant_kind") == "organisation") {
    if (f.Get("org_name").empty()) need("org_name", "desk.intake.org_name");
    if (f.Get("org_code").empty()) need("org_code", "desk.intake.org_code");
    else if (!service::IsOrganisationId(f.Get("org_code")))
      errors->Add("org_code", T(ctx, "desk.intake.error.org_code"));
  } else {
    if (f.Get("full_name").empty()) need("full_name", "desk.intake.full_name");
    if (f.Get("id_number").empty()) need("id_number", "desk.intake.id_number");
    else if (!service::IsIdNumber(f.Get("id_number")))
      errors->Add("id_number", T(ctx, "desk.intake.error.id_number"));
  }
  const std::string phone = f.Get("phone");
  if (!phone.empty() &&
      (phone.size() < 9 || phone.size() > 11 ||
       !std::all_of(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; }))) {
    errors->Add("phone", T(ctx, "desk.intake.error.phone"));
  }
  const std::string email = f.Get("email");
  if (!email.empty() && email.find('@') == std::string::npos)
    errors->Add("email", T(ctx, "desk.intake.error.email"));
  if (f.Get("has_rep") == "1") {
    if (f.Get("rep_full_name").empty()) need("rep_full_name", "desk.intake.rep_full_name");
    if (f.Get("rep_id_number").empty()) need("rep_id_number", "desk.intake.rep_id_number");
    else if (!service::IsIdNumber(f.Get("rep_id_number")))
      errors->Add("rep_id_number", T(ctx, "desk.intake.error.id_number"));
    if (f.Get("rep_document_ref").empty())
      need("rep_document_ref", "desk.intake.rep_document_ref");
  }
  bool any = false;
  for (int i = 0; i < rows; ++i) {
    const bool named = !f.Get(CompField("name", i)).empty();
    const auto* part = f.File(CompField("file", i));
    any |= named;
    if (part) {
      if (std::string problem = UploadProblem(deps, ctx, *part); !problem.empty())
        errors->Add(CompField("file", i), std::move(problem));
    }
    if (!named && (part || !f.Get(CompField("stored", i)).empty()))
      errors->Add(CompField("name", i), T(ctx, "desk.intake.error.component_name"));
  }
  if (!any) errors->Add(CompField("name", 0), T(ctx, "desk.intake.error.components"));
}

// Maps a field the service refused ("applicant.id_number", "components/2/file") to the form's;
// `rows` are the form rows of the components sent (empty rows are not sent).
std::string FormFieldOf(const std::string& field, bool organisation, const std::vector<int>& rows) {
  if (field == "applicant.full_name") return organisation ? "org_name" : "full_name";
  if (field == "applicant.id_number") return organisation ? "org_code" : "id_number";
  if (field.starts_with("applicant.")) return field.substr(10);
  if (field.starts_with("representative.")) return "rep_" + field.substr(15);
  if (field.starts_with("components")) {
    const size_t n = static_cast<size_t>(std::atoi(field.c_str() + 11));
    return CompField(field.ends_with("/file") ? "file" : "name", n < rows.size() ? rows[n] : 0);
  }
  return field == "unit" ? "unit" : "procedure_code";
}

}  // namespace

Response IntakeSubmit(const WebDeps& deps, Request& req) {
  const Principal& p = Who(req);
  PageContext ctx = Ctx(deps, req, "desk.intake.title");
  PostedForm f = ReadPostedForm(req);
  if (!f.ok) {
    return Plain(deps, req, 400, "desk.intake.title", T(ctx, "desk.intake.error.form"),
                 "/can-bo/tiep-nhan");
  }
  auto grants = ReceivingGrants(p);
  if (grants.empty()) return StatusPage(deps, req, Status::PermissionDenied("no unit"));
  const int rows = ComponentRows(f);
  FormErrors errors;
  RefuseUnreadableText(f.not_utf8, ctx, &errors);
  if (!errors.empty()) return RenderIntake(deps, req, &f, &errors, 400);
  if (f.Get("more") == "1") return RenderIntake(deps, req, &f, &errors, 200);
  if (const std::string outcome = f.Get("outcome"); outcome == "guide" || outcome == "refuse") {
    return CounterSlipSubmit(deps, req, ctx, f, outcome == "refuse");
  }
  if (f.Get("papers") == "1") {
    const std::string notice = FillPapers(deps, ctx, &f);
    return RenderIntake(deps, req, &f, &errors, 200, notice);
  }
  CheckIntake(deps, ctx, f, rows, &errors);
  if (!errors.empty()) return RenderIntake(deps, req, &f, &errors, 400);

  const bool organisation = f.Get("applicant_kind") == "organisation";
  service::SubmitRequest s;
  s.unit = f.Get("unit").empty() ? grants.front().unit_code : f.Get("unit");
  s.procedure_code = f.Get("procedure_code");
  s.channel = dossier::Channel::kInPerson;
  s.applicant.kind =
      organisation ? dossier::ApplicantKind::kOrganisation : dossier::ApplicantKind::kPerson;
  s.applicant.full_name = f.Get(organisation ? "org_name" : "full_name");
  s.applicant.id_number = f.Get(organisation ? "org_code" : "id_number");
  s.applicant.phone = f.Get("phone");
  s.applicant.email = f.Get("email");
  s.applicant.address = f.Get("address");
  if (f.Get("has_rep") == "1") {
    s.representative = dossier::Representative{f.Get("rep_full_name"), f.Get("rep_id_number"),
                                                f.Get("rep_phone"), "", "",
                                                f.Get("rep_document_ref")};
  }
  auto rd = service::ParseReturnChannel(f.Get("result_delivery").empty()
                                            ? "counter"
                                            : f.Get("result_delivery"));
  if (rd.ok()) s.result_delivery = *rd;
  // The scans: stored only now that the form is whole; their ids travel on if the service refuses.
  for (int i = 0; i < rows; ++i) {
    const std::string name = f.Get(CompField("name", i));
    if (name.empty()) continue;
    dossier::ReceivedComponent rc;
    rc.name = name;
    const std::string kind = f.Get(CompField("kind", i));
    rc.original = kind == "original";
    rc.certified = kind == "certified";
    rc.file = f.Get(CompField("stored", i));
    if (const auto* part = f.File(CompField("file", i))) {
      std::string stored_name;
      rc.file = StoreUpload(deps, ctx, p, *part, CompField("file", i), &errors, &stored_name);
      f.Set(CompField("stored", i), rc.file);
      f.Set(CompField("stored_name", i), stored_name);
    }
    s.components.push_back(std::move(rc));
  }
  if (!errors.empty()) return RenderIntake(deps, req, &f, &errors, 400);
  auto out = deps.dossiers->commands.Submit(p, s, nullptr);
  if (out.ok()) {
    return Response::Redirect("/can-bo/ho-so/" + http::PercentEncode(out->view.state.header.id) +
                              "?moi=1");
  }
  if (out.status().code() != Code::kInvalidArgument) return StatusPage(deps, req, out.status());
  const Status out_status = out.status();
  // Components are numbered among the named rows; the form's rows may have gaps.
  std::vector<int> row_of;
  for (int i = 0; i < rows; ++i) {
    if (!f.Get(CompField("name", i)).empty()) row_of.push_back(i);
  }
  for (const auto& fe : out_status.fields()) {
    const std::string id = FormFieldOf(fe.field, organisation, row_of);
    std::string key = "desk.intake.error." + id;
    if (id.starts_with("comp_")) key = "desk.intake.error.component";
    if (id.starts_with("rep_")) key = id == "rep_id_number" ? "desk.intake.error.id_number"
                                                            : "desk.intake.error.rep";
    errors.Add(id, T(ctx, key));
  }
  if (errors.empty()) errors.Add("procedure_code", out.status().message());
  return RenderIntake(deps, req, &f, &errors, 400);
}


}  // namespace motcua::web::desk
