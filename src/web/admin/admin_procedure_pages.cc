// Procedure edits: /quan-tri/thu-tuc (find one), /quan-tri/thu-tuc/{proc} (the edit form and the
// version history). Saving sends ProcedureService::Edit a merge patch of what changed, as
// PUT /api/v1/procedures/{code} does; the service stores it as the next version.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "http/url.h"
#include "service/platform/principal.h"
#include "web/admin/admin_catalogue_pages.h"
#include "web/kit/form.h"
#include "web/kit/format.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// The time units of the catalogue (procedure::TimeUnitName) with the words the portal writes them
// in, which an edited record's "raw" time repeats (records are Vietnamese data).
struct TimeUnitWords {
  const char* name;
  const char* portal_words;
};
constexpr TimeUnitWords kTimeUnits[] = {
    {"working_days", "Ngày làm việc"}, {"calendar_days", "Ngày"}, {"working_hours", "Giờ làm việc"},
    {"hours", "Giờ"},                  {"minutes", "Phút"},       {"weeks", "Tuần"},
    {"months", "Tháng"},               {"years", "Năm"},          {"same_day", "Trong ngày"},
    {"unspecified", ""}};
constexpr const char* kOnlineLevels[] = {"full", "partial", "none", "unknown"};

std::string Str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

std::string Number(const json& j) {
  if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
  if (j.is_number()) return fmt::format("{:g}", j.get<double>());
  return "";
}

// Returns the whole number in `s` ("8.000", "8,000" and "8 000" group thousands), or -1.
int64_t WholeNumber(const std::string& s) {
  std::string digits;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != '.' && c != ',' && c != ' ') {
      return -1;
    }
  }
  if (digits.empty() || digits.size() > 15) return -1;
  return std::atoll(digits.c_str());
}

struct FeeRow {
  std::string name, amount, note;
};
struct ComponentRow {
  std::string name, originals, copies;
};

// The edit form's fields, from the current record or from what was posted.
struct ProcedureForm {
  std::string name, field, levels, agency, online, time_amount, time_unit, requirements, result;
  std::vector<FeeRow> fees;
  std::vector<ComponentRow> components;

  static ProcedureForm FromRecord(const json& r) {
    ProcedureForm f;
    f.name = Str(r, "name");
    f.field = Str(r, "field");
    if (r.contains("levels") && r["levels"].is_array()) {
      for (const auto& l : r["levels"]) {
        if (l.is_string()) f.levels += l.get<std::string>() + "\n";
      }
    }
    f.agency = Str(r, "implementing_agency");
    f.online = Str(r, "online_level");
    if (r.contains("processing_time") && r["processing_time"].is_object()) {
      const json& t = r["processing_time"];
      f.time_unit = Str(t, "unit");
      if (t.contains("amount") && (t["amount"].is_number() && t["amount"].get<double>() != 0)) {
        f.time_amount = Number(t["amount"]);
      }
    }
    f.requirements = Str(r, "requirements");
    f.result = Str(r, "result");
    if (r.contains("fees") && r["fees"].is_array()) {
      for (const auto& fee : r["fees"]) {
        f.fees.push_back({Str(fee, "name"),
                          fee.contains("amount_vnd") ? Number(fee["amount_vnd"]) : "",
                          Str(fee, "note")});
      }
    }
    if (r.contains("components") && r["components"].is_array()) {
      for (const auto& c : r["components"]) {
        f.components.push_back({Str(c, "name"),
                                c.contains("originals") ? Number(c["originals"]) : "",
                                c.contains("copies") ? Number(c["copies"]) : ""});
      }
    }
    return f;
  }

  static ProcedureForm FromPost(const PostedForm& p) {
    ProcedureForm f{p.Get("name"),        p.Get("field"),     p.Get("levels"),
                    p.Get("agency"),      p.Get("online"),    p.Get("time_amount"),
                    p.Get("time_unit"),   p.Get("requirements"), p.Get("result"), {}, {}};
    auto names = p.All("fee_name"), amounts = p.All("fee_amount"), notes = p.All("fee_note");
    for (size_t i = 0; i < names.size(); ++i) {
      f.fees.push_back({names[i], i < amounts.size() ? amounts[i] : "",
                        i < notes.size() ? notes[i] : ""});
    }
    auto cn = p.All("comp_name"), co = p.All("comp_originals"), cc = p.All("comp_copies");
    for (size_t i = 0; i < cn.size(); ++i) {
      f.components.push_back({cn[i], i < co.size() ? co[i] : "", i < cc.size() ? cc[i] : ""});
    }
    return f;
  }
};

bool Blank(const FeeRow& r) { return r.name.empty() && r.amount.empty() && r.note.empty(); }
bool Blank(const ComponentRow& r) {
  return r.name.empty() && r.originals.empty() && r.copies.empty();
}

// Returns the merge patch that takes `record` to what `f` says (only the keys that change), and
// adds to `errors` what cannot be saved. Rows map onto the record's rows by position, so what
// the form does not show (a component's group and templates) is kept.
json PatchOf(const PageContext& ctx, const ProcedureForm& f, const json& record,
             FormErrors* errors) {
  json patch = json::object();
  auto set_if_changed = [&](const char* key, const json& value) {
    if (!record.contains(key) || record[key] != value) patch[key] = value;
  };
  if (f.name.empty()) {
    errors->Add("name", T(ctx, "desk.error.required", {{"field", T(ctx, "admin.proc.name")}}));
  }
  set_if_changed("name", f.name);
  set_if_changed("field", f.field);
  json levels = json::array();
  for (const auto& l : Lines(f.levels)) levels.push_back(l);
  set_if_changed("levels", levels);
  set_if_changed("implementing_agency", f.agency);
  if (std::find(std::begin(kOnlineLevels), std::end(kOnlineLevels), f.online) ==
      std::end(kOnlineLevels)) {
    errors->Add("online", T(ctx, "admin.proc.bad_online"));
  } else {
    set_if_changed("online_level", f.online);
  }
  set_if_changed("requirements", f.requirements);
  set_if_changed("result", f.result);
  // The headline time limit.
  const TimeUnitWords* unit = nullptr;
  for (const auto& u : kTimeUnits) {
    if (f.time_unit == u.name) unit = &u;
  }
  const bool needs_amount =
      unit && std::string_view(unit->name) != "same_day" && std::string_view(unit->name) != "unspecified";
  char* end = nullptr;
  const double amount = std::strtod(f.time_amount.c_str(), &end);
  const bool amount_ok = !f.time_amount.empty() && *end == '\0' && amount > 0 && amount <= 3650;
  if (!unit) {
    errors->Add("time_unit", T(ctx, "admin.proc.bad_time_unit"));
  } else if ((needs_amount && !amount_ok) || (!f.time_amount.empty() && !amount_ok)) {
    errors->Add("time_amount", T(ctx, "admin.proc.bad_time"));
  } else {
    const double a = amount_ok ? amount : 0;
    const json& cur = record.contains("processing_time") ? record["processing_time"] : json();
    if (!cur.is_object() || Str(cur, "unit") != unit->name || cur.value("amount", 0.0) != a) {
      std::string raw = std::string_view(unit->name) == "same_day"
                            ? unit->portal_words
                            : fmt::format("{:g} {}", a, unit->portal_words);
      while (!raw.empty() && raw.back() == ' ') raw.pop_back();
      patch["processing_time"] = {{"amount", a}, {"unit", unit->name}, {"raw", raw}};
    }
  }
  // Fees: the amount in đồng (0 = free, empty = not stated).
  const json old_fees = record.contains("fees") && record["fees"].is_array() ? record["fees"]
                                                                              : json::array();
  json fees = json::array();
  for (size_t i = 0; i < f.fees.size(); ++i) {
    const FeeRow& r = f.fees[i];
    if (Blank(r)) continue;
    const std::string id = std::to_string(i);
    if (r.name.empty()) {
      errors->Add("fee_name_" + id,
                  T(ctx, "desk.error.required", {{"field", T(ctx, "admin.proc.fee_name")}}));
    }
    json fee = i < old_fees.size() && old_fees[i].is_object() ? old_fees[i] : json::object();
    fee["name"] = r.name;
    fee["note"] = r.note;
    json amount_vnd = nullptr;
    if (!r.amount.empty()) {
      const int64_t v = WholeNumber(r.amount);
      if (v < 0) errors->Add("fee_amount_" + id, T(ctx, "admin.proc.bad_fee"));
      amount_vnd = v;
    }
    if (!fee.contains("amount_vnd") || fee["amount_vnd"] != amount_vnd) {
      fee["raw"] = amount_vnd.is_null() ? ""
                   : amount_vnd == 0    ? "Miễn phí"
                                        : fmt::format("{} Đồng", amount_vnd.get<int64_t>());
    }
    fee["amount_vnd"] = amount_vnd;
    fees.push_back(fee);
  }
  set_if_changed("fees", fees);
  // Components: how many originals and copies to bring.
  const json old_comps = record.contains("components") && record["components"].is_array()
                             ? record["components"]
                             : json::array();
  json comps = json::array();
  for (size_t i = 0; i < f.components.size(); ++i) {
    const ComponentRow& r = f.components[i];
    if (Blank(r)) continue;
    const std::string id = std::to_string(i);
    if (r.name.empty()) {
      errors->Add("comp_name_" + id,
                  T(ctx, "desk.error.required", {{"field", T(ctx, "admin.proc.comp_name")}}));
    }
    json c = i < old_comps.size() && old_comps[i].is_object() ? old_comps[i]
                                                               : json{{"group", ""},
                                                                      {"templates", json::array()}};
    c["name"] = r.name;
    for (auto [key, text] : {std::pair{"originals", &r.originals}, std::pair{"copies", &r.copies}}) {
      const int64_t n = text->empty() ? 0 : WholeNumber(*text);
      if (n < 0 || n > 99) errors->Add(std::string("comp_") + key + "_" + id, T(ctx, "admin.proc.bad_count"));
      c[key] = std::max<int64_t>(n, 0);
    }
    comps.push_back(c);
  }
  set_if_changed("components", comps);
  return patch;
}

// Sets the form's values in `d`; a row's field errors go in the row (err_name, err_amount …).
void FormInto(const PageContext& ctx, const ProcedureForm& f, const FormErrors* errors, Data& d) {
  auto row_error = [&](Data& o, const std::string& key, const std::string& id) {
    if (!errors) return;
    if (std::string m = errors->Find(id); !m.empty()) o.set("err_" + key, m);
  };
  d.set("name", f.name);
  d.set("field", f.field);
  d.set("levels", f.levels);
  d.set("agency", f.agency);
  d.set("time_amount", f.time_amount);
  d.set("requirements", f.requirements);
  d.set("result", f.result);
  Data units{Data::type::list};
  for (const auto& u : kTimeUnits) {
    Data o{Data::type::object};
    o.set("value", std::string(u.name));
    o.set("label", T(ctx, std::string("admin.proc.unit.") + u.name));
    o.set("selected", f.time_unit == u.name);
    units.push_back(o);
  }
  d.set("time_units", units);
  Data online{Data::type::list};
  for (const char* level : kOnlineLevels) {
    Data o{Data::type::object};
    o.set("value", std::string(level));
    o.set("label", T(ctx, std::string("proc.online.") + level));
    o.set("selected", f.online == level);
    online.push_back(o);
  }
  d.set("online_levels", online);
  // Every row, then one empty row to add another.
  std::vector<FeeRow> fee_rows = f.fees;
  if (fee_rows.empty() || !Blank(fee_rows.back())) fee_rows.push_back({});
  Data fees{Data::type::list};
  for (size_t i = 0; i < fee_rows.size(); ++i) {
    Data o{Data::type::object};
    const std::string id = std::to_string(i);
    o.set("i", id);
    o.set("n", T(ctx, "admin.proc.fee_n", {{"n", std::to_string(i + 1)}}));
    o.set("name", fee_rows[i].name);
    o.set("amount", fee_rows[i].amount);
    o.set("note", fee_rows[i].note);
    row_error(o, "name", "fee_name_" + id);
    row_error(o, "amount", "fee_amount_" + id);
    fees.push_back(o);
  }
  d.set("fees", fees);
  std::vector<ComponentRow> comp_rows = f.components;
  if (comp_rows.empty() || !Blank(comp_rows.back())) comp_rows.push_back({});
  Data comps{Data::type::list};
  for (size_t i = 0; i < comp_rows.size(); ++i) {
    Data o{Data::type::object};
    const std::string id = std::to_string(i);
    o.set("i", id);
    o.set("n", T(ctx, "admin.proc.comp_n", {{"n", std::to_string(i + 1)}}));
    o.set("name", comp_rows[i].name);
    o.set("originals", comp_rows[i].originals);
    o.set("copies", comp_rows[i].copies);
    row_error(o, "name", "comp_name_" + id);
    row_error(o, "originals", "comp_originals_" + id);
    row_error(o, "copies", "comp_copies_" + id);
    comps.push_back(o);
  }
  d.set("components", comps);
}

Response RenderProcedure(const WebDeps& deps, Request& req, const ProcedureForm* posted,
                         const FormErrors* errors, const std::string& notice, int status) {
  const service::Principal& p = PagePrincipal(req);
  auto v = deps.procedures->Current(req.Param("proc"));
  if (!v.ok()) return AdminErrorPage(req, deps, v.status().code() == Code::kNotFound ? 404 : 503);
  const json record = json::parse(v->record_json, nullptr, false);
  PageContext ctx = BasePageContext(req, deps, "admin.proc.title", {{"code", v->code}});
  Data d{Data::type::object};
  d.set("code", v->code);
  d.set("version_line", T(ctx, "admin.proc.version_line", {{"version", std::to_string(v->version)}}));
  d.set("public_href", "/thu-tuc/" + http::PercentEncode(v->code));
  d.set("csrf", p.csrf);
  d.set("action", "/quan-tri/thu-tuc/" + http::PercentEncode(v->code));
  if (!notice.empty()) d.set("notice", notice);
  FormInto(ctx, posted ? *posted : ProcedureForm::FromRecord(record), errors, d);
  if (errors) errors->Into(d);
  auto versions = deps.procedures->Versions(v->code);
  Data history{Data::type::list};
  if (versions.ok()) {
    for (auto it = versions->rbegin(); it != versions->rend(); ++it) {
      Data o{Data::type::object};
      o.set("version", std::to_string(it->version));
      o.set("when", FormatDateTime(it->created_ms));
      o.set("actor", it->actor);
      o.set("current", it->version == v->version);
      history.push_back(o);
    }
  }
  d.set("versions", history);
  return RenderPage(req, ctx, "admin_procedure", std::move(d), status);
}

Response ProcedureEditPage(const WebDeps& deps, Request& req) {
  std::string notice;
  if (std::string saved = req.Query("da-luu"); !saved.empty()) {
    PageContext ctx = BasePageContext(req, deps);
    notice = T(ctx, "admin.proc.saved", {{"version", saved}});
  }
  return RenderProcedure(deps, req, nullptr, nullptr, notice, 200);
}

Response ProcedureEditSubmit(const WebDeps& deps, Request& req) {
  const service::Principal& p = PagePrincipal(req);
  const PageContext ctx = BasePageContext(req, deps);
  auto v = deps.procedures->Current(req.Param("proc"));
  if (!v.ok()) return AdminErrorPage(req, deps, v.status().code() == Code::kNotFound ? 404 : 503);
  const json record = json::parse(v->record_json, nullptr, false);
  const PostedForm posted = ReadPostedForm(req);
  const ProcedureForm form = ProcedureForm::FromPost(posted);
  FormErrors errors;
  RefuseUnreadableText(posted.not_utf8, ctx, &errors);
  json patch = PatchOf(ctx, form, record.is_object() ? record : json::object(), &errors);
  if (!errors.empty()) return RenderProcedure(deps, req, &form, &errors, "", 400);
  if (patch.empty()) {
    return RenderProcedure(deps, req, &form, nullptr, T(ctx, "admin.proc.unchanged"), 200);
  }
  auto saved = deps.procedures->Edit(v->code, patch.dump(), p.Id());
  if (saved.ok()) {
    return Response::Redirect("/quan-tri/thu-tuc/" + http::PercentEncode(v->code) +
                              "?da-luu=" + std::to_string(saved->version));
  }
  const Status refused = saved.status();
  if (refused.code() != Code::kInvalidArgument) {
    return AdminErrorPage(req, deps, refused.code() == Code::kNotFound ? 404 : 503);
  }
  for (const auto& fe : refused.fields()) {
    errors.Add(fe.field == "online_level" ? "online" : "name",
               T(ctx, fe.field == "online_level" ? "admin.proc.bad_online" : "admin.proc.bad_name"));
  }
  if (errors.empty()) errors.Add("name", T(ctx, "admin.proc.bad_name"));
  return RenderProcedure(deps, req, &form, &errors, "", 400);
}

Response ProcedureFindPage(const WebDeps& deps, Request& req) {
  PageContext ctx = BasePageContext(req, deps, "admin.procs.title");
  service::ProcedureQuery q;
  q.q = req.Query("q");
  q.limit = 20;
  Data d{Data::type::object};
  d.set("q", q.q);
  Data items{Data::type::list};
  if (!q.q.empty()) {
    auto found = deps.procedures->Search(q);
    if (found.ok()) {
      for (const auto& s : found->items) {
        Data o{Data::type::object};
        o.set("href", "/quan-tri/thu-tuc/" + http::PercentEncode(s.code));
        o.set("name", s.name);
        o.set("code", s.code);
        items.push_back(o);
      }
      d.set("none", found->items.empty());
    }
  }
  d.set("items", items);
  return RenderPage(req, ctx, "admin_procedures", std::move(d));
}

}  // namespace

std::vector<http::Route> AdminProcedureRoutes(const WebDeps& deps) {
  return {
      {Method::kGet, "/quan-tri/thu-tuc", "perm:national.catalogue",
       [deps](Request& r) { return ProcedureFindPage(deps, r); }},
      {Method::kGet, "/quan-tri/thu-tuc/{proc}", "perm:national.catalogue",
       [deps](Request& r) { return ProcedureEditPage(deps, r); }},
      {Method::kPost, "/quan-tri/thu-tuc/{proc}", "perm:national.catalogue",
       [deps](Request& r) { return ProcedureEditSubmit(deps, r); }},
  };
}

}  // namespace motcua::web
