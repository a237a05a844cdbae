#include "web/desk_pages.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/civil_time.h"
#include "http/url.h"
#include "service/audit_service.h"
#include "service/dossier_codec.h"
#include "service/principal.h"
#include "service/system_service.h"
#include "web/format.h"
#include "web/i18n.h"
#include "web/page_context.h"
#include "web/view.h"

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;
using service::Principal;

namespace {

using Form = std::multimap<std::string, std::string>;

PageContext Ctx(const WebDeps& deps, const Request& req, const std::string& title_key,
                const std::map<std::string, std::string>& args = {}) {
  return BasePageContext(req, deps, title_key, args);
}

std::string Field(const Form& f, const std::string& k) {
  auto it = f.find(k);
  return it == f.end() ? std::string() : it->second;
}

// Non-empty lines of a text area, trimmed.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    if (!line.empty()) out.push_back(line);
    start = end + 1;
  }
  return out;
}

// "05/02/2026 16:30": date first, as the desk lists them.
std::string Stamp(int64_t ms) { return FormatDate(ms) + " " + FormatTime(ms); }
std::string When(const std::optional<int64_t>& ms) { return ms ? Stamp(*ms) : ""; }

const Principal& Who(const Request& req) {
  static const Principal anonymous;
  const auto* p = req.ContextAs<Principal>();
  return p ? *p : anonymous;
}

// A plain page for a refusal, a missing dossier or a conflict, in the visitor's language.
Response Plain(const WebDeps& deps, const Request& req, int status, const std::string& heading_key,
               const std::string& message, const std::string& back_href = "") {
  PageContext ctx = Ctx(deps, req, heading_key);
  if (req.method != Method::kGet) ctx.path = back_href.empty() ? "/can-bo" : back_href;
  Data d{Data::type::object};
  d.set("heading", ctx.title);
  d.set("message", message);
  if (!back_href.empty()) {
    d.set("action_href", back_href);
    d.set("action_label", T(ctx, "desk.reload"));
  }
  return RenderPage(req, ctx, "error", std::move(d), status);
}

Response StatusPage(const WebDeps& deps, const Request& req, const Status& st,
                    const std::string& back_href = "") {
  const std::string lang = ChooseLanguage(req, deps.default_lang);
  const Catalog& c = Catalog::Get();
  switch (st.code()) {
    case Code::kNotFound:
      return Plain(deps, req, 404, "desk.not_found.title", c.T(lang, "desk.not_found.body"));
    case Code::kPermissionDenied:
    case Code::kUnauthenticated:
      return Plain(deps, req, 403, "error.forbidden.title", c.T(lang, "desk.forbidden.body"));
    case Code::kConflict:
      return Plain(deps, req, 409, "desk.conflict.title", c.T(lang, "desk.conflict.body"),
                   back_href);
    case Code::kFailedPrecondition:
      return Plain(deps, req, 409, "desk.not_now.title", c.T(lang, "desk.not_now.body"),
                   back_href);
    default:
      return Plain(deps, req, 500, "error.generic.title",
                   c.T(lang, "error.generic.body", {{"request_id", req.request_id}}));
  }
}

// ---- Work list ------------------------------------------------------------------------------

Response WorklistPage(const WebDeps& deps, Request& req) {
  const Principal& p = Who(req);
  PageContext ctx = Ctx(deps, req, "desk.title");
  ctx.scripts.push_back(AssetUrl("desk.js"));
  const Catalog& c = Catalog::Get();
  Data d{Data::type::object};
  d.set("signed_in_as",
        T(ctx, "desk.signed_in_as", {{"name", p.display_name + " (" + p.username + ")"}}));
  d.set("csrf", p.csrf);
  d.set("needs_totp", p.needs_totp);
  Data grants{Data::type::list};
  for (const auto& g : p.grants) {
    Data item{Data::type::object};
    item.set("role_label", c.T(ctx.lang, "role." + std::string(authz::RoleName(g.role))));
    item.set("unit", g.unit_code);
    grants.push_back(item);
  }
  d.set("grants", grants);
  d.set("can_receive", p.Check("dossier.receive", std::nullopt).ok());
  d.set("can_admin_accounts", p.Check("admin.accounts", std::nullopt).ok());
  d.set("can_audit", p.Check("audit.read", std::nullopt).ok());
  const bool reads = p.Check("dossier.read", std::nullopt).ok();
  d.set("reads", reads);
  if (!reads) return RenderPage(req, ctx, "desk", std::move(d));

  // Filters: the same names as GET /api/v1/worklist, so desk.js can ask for the same list.
  service::WorklistQuery q;
  q.mine = req.Query("all") != "1";
  const std::string state = req.Query("state");
  int state_n = std::atoi(state.c_str());
  if (state_n >= 1 && state_n <= 10) q.status = state_n;
  q.procedure_code = req.Query("procedure");
  q.due_soon = req.Query("due_soon") == "1";
  q.overdue = req.Query("overdue") == "1";
  d.set("all", !q.mine);
  d.set("mine", q.mine);
  d.set("procedure", q.procedure_code);
  d.set("due_soon", q.due_soon);
  d.set("overdue", q.overdue);
  Data states{Data::type::list};
  for (int s = 1; s <= 10; ++s) {
    Data o{Data::type::object};
    o.set("value", std::to_string(s));
    o.set("label", c.T(ctx.lang, "status." + std::to_string(s)));
    o.set("selected", q.status && *q.status == s);
    states.push_back(o);
  }
  d.set("states", states);

  auto items = deps.dossiers->Worklist(p, q);
  if (!items.ok()) return StatusPage(deps, req, items.status());
  Data list{Data::type::list};
  for (const auto& it : *items) {
    Data row{Data::type::object};
    row.set("code", it.code);
    row.set("href", "/can-bo/ho-so/" + http::PercentEncode(it.code));
    row.set("procedure", it.procedure_name);
    row.set("applicant", it.applicant_name);
    row.set("status", c.T(ctx.lang, "status." + std::to_string(it.status)));
    if (!it.next_role.empty()) {
      row.set("next_role", c.T(ctx.lang, it.next_role == "applicant" ? "desk.next.applicant"
                                                                     : "role." + it.next_role));
    }
    row.set("received", When(it.received_ms));
    row.set("due", When(it.due_ms));
    row.set("remaining", ctx.lang == "en" ? it.remaining_en : it.remaining_vi);
    row.set("overdue", it.overdue);
    row.set("due_soon", it.due_soon && !it.overdue);
    row.set("paused", it.paused);
    list.push_back(row);
  }
  d.set("items", list);
  d.set("count", T(ctx, "desk.count", {{"count", std::to_string(items->size())}}));
  d.set("empty", items->empty());
  return RenderPage(req, ctx, "desk", std::move(d));
}

// ---- One dossier ----------------------------------------------------------------------------

// What each action asks for: its fields, in order.
struct ActionField {
  const char* name;  // form field and JSON key
  const char* kind;  // "text", "textarea", "lines", "number", "date", "time", "checkbox",
                     // "channel", "handler"
  bool required;
};

std::vector<ActionField> FieldsOf(const std::string& action) {
  if (action == "refuse" || action == "stop" || action == "request-withdrawal")
    return {{"reason", "textarea", true}};
  if (action == "send-back") return {{"missing", "lines", true}, {"reason", "textarea", false}};
  if (action == "request-supplementation")
    return {{"missing", "lines", true},
            {"reason", "textarea", true},
            {"exception", "checkbox", false},
            {"exception_reason", "textarea", false}};
  if (action == "request-payment")
    return {{"amount_vnd", "number", true}, {"reason", "textarea", false}};
  if (action == "assign") return {{"handler", "handler", true}};
  if (action == "appraise" || action == "review") return {{"opinion", "textarea", false}};
  if (action == "number") return {{"document_number", "text", true}};
  if (action == "return") return {{"channel", "channel", true}};
  if (action == "apologise")
    return {{"reason", "textarea", true}, {"new_due_date", "date", true},
            {"new_due_time", "time", true}};
  return {};
}

struct ActError {
  std::string action;
  std::vector<std::pair<std::string, std::string>> fields;  // (field id, message)
  Form values;
};

std::string FieldId(const std::string& action, const std::string& field) {
  return "act-" + action + "-" + field;
}

Data ActionForms(const WebDeps& deps, const PageContext& ctx, const Principal& p,
                 const service::DossierView& v, const std::vector<std::string>& actions,
                 const ActError* err) {
  const dossier::Dossier& dz = v.state;
  Data list{Data::type::list};
  Data handlers{Data::type::list};
  bool handlers_loaded = false;
  for (const auto& a : actions) {
    Data f{Data::type::object};
    f.set("action", a);
    f.set("label", T(ctx, "desk.action." + a));
    f.set("href", "/can-bo/ho-so/" + http::PercentEncode(dz.header.id) + "/" + a);
    f.set("version", std::to_string(dz.version));
    f.set("csrf", p.csrf);
    f.set("help", T(ctx, "desk.action_help." + a));
    Data fields{Data::type::list};
    for (const auto& af : FieldsOf(a)) {
      Data fd{Data::type::object};
      const std::string kind = af.kind;
      fd.set("id", FieldId(a, af.name));
      fd.set("name", af.name);
      fd.set("label", T(ctx, std::string("desk.field.") + af.name));
      fd.set("required", af.required);
      std::string value = err && err->action == a ? Field(err->values, af.name) : "";
      fd.set("value", value);
      fd.set("is_" + (kind == "lines" ? std::string("textarea") : kind), true);
      if (kind == "lines") fd.set("hint", T(ctx, "desk.field.one_per_line"));
      if (kind == "checkbox") fd.set("checked", value == "1");
      if (kind == "date") fd.set("hint", T(ctx, "desk.field.date_hint"));
      if (kind == "channel") {
        Data opts{Data::type::list};
        for (const char* ch : {"counter", "post", "online"}) {
          Data o{Data::type::object};
          o.set("value", ch);
          o.set("label", T(ctx, std::string("desk.channel.") + ch));
          o.set("selected", value == ch);
          opts.push_back(o);
        }
        fd.set("options", opts);
      }
      if (kind == "handler") {
        if (!handlers_loaded) {
          handlers_loaded = true;
          auto users = deps.identity->ListUsers({dz.header.unit, dz.header.province});
          if (users.ok()) {
            for (const auto& u : *users) {
              bool specialist = std::any_of(u.grants.begin(), u.grants.end(), [](auto& g) {
                return g.role == authz::Role::kSpecialist;
              });
              if (!specialist || u.disabled) continue;
              Data o{Data::type::object};
              o.set("value", u.username);
              o.set("label", u.display_name + " (" + u.username + ")");
              handlers.push_back(o);
            }
          }
        }
        fd.set("options", handlers);
      }
      if (err && err->action == a) {
        for (const auto& [id, msg] : err->fields) {
          if (id == FieldId(a, af.name)) fd.set("error", msg);
        }
      }
      fields.push_back(fd);
    }
    f.set("fields", fields);
    f.set("has_fields", !FieldsOf(a).empty());
    f.set("open", err && err->action == a);
    list.push_back(f);
  }
  return list;
}

std::string EventLabel(const PageContext& ctx, const dossier::DossierEvent& e) {
  if (e.type == dossier::EventType::kStepDone && e.step) {
    return T(ctx, "desk.step." + std::string(dossier::StepKindName(*e.step)));
  }
  std::string name(dossier::EventTypeName(e.type));
  if (name.starts_with("dossier.")) name = name.substr(8);
  return T(ctx, "desk.event." + name);
}

Response RenderDossier(const WebDeps& deps, Request& req, const std::string& code,
                       const ActError* err, int status) {
  const Principal& p = Who(req);
  const service::AccessContext actx{req.route, req.request_id};
  auto v = deps.dossiers->Get(p, code, actx);
  if (!v.ok()) return StatusPage(deps, req, v.status());
  auto history = deps.dossiers->History(p, code, actx);
  if (!history.ok()) return StatusPage(deps, req, history.status());
  const dossier::Dossier& dz = v->state;
  const dossier::Header& h = dz.header;
  PageContext ctx = Ctx(deps, req, "desk.dossier.title", {{"code", h.id}});
  const Catalog& c = Catalog::Get();
  Data d{Data::type::object};
  d.set("code", h.id);
  d.set("heading", T(ctx, "desk.dossier.heading"));
  d.set("status", c.T(ctx.lang, "status." + std::to_string(static_cast<int>(dz.status))));
  d.set("procedure", h.procedure_name);
  d.set("procedure_code", h.workflow.procedure_code);
  d.set("channel", T(ctx, "desk.intake_channel." + std::string(service::ChannelName(h.channel))));
  d.set("applicant", h.applicant.full_name);
  const bool full = p.Check("person.read", authz::UnitRef{h.unit, h.province}).ok();
  d.set("id_number", full ? h.applicant.id_number : authz::MaskIdNumber(h.applicant.id_number));
  d.set("phone", full ? h.applicant.phone : authz::MaskPhone(h.applicant.phone));
  if (full && !h.applicant.address.empty()) d.set("address", h.applicant.address);
  d.set("received", When(dz.accepted_at));
  if (v->due_ms) d.set("due", When(v->due_ms));
  if (v->original_due_ms && v->due_ms && *v->original_due_ms != *v->due_ms)
    d.set("original_due", When(v->original_due_ms));
  d.set("paused", v->paused);
  if (v->on_time) d.set("on_time", T(ctx, *v->on_time ? "desk.on_time.yes" : "desk.on_time.no"));
  if (!dz.handler.empty()) d.set("handler", dz.handler);
  if (!v->next_role.empty()) {
    d.set("next_role", c.T(ctx.lang, v->next_role == "applicant" ? "desk.next.applicant"
                                                                : "role." + v->next_role));
  }
  if (req.Query("moi") == "1") d.set("just_received", true);
  if (const std::string done = req.Query("xong"); !done.empty() && !err) {
    d.set("done", T(ctx, "desk.done", {{"action", T(ctx, "desk.action." + done)}}));
  }
  // Components.
  Data comps{Data::type::list};
  for (const auto& rc : h.components) {
    Data o{Data::type::object};
    o.set("name", rc.name);
    o.set("kind", T(ctx, rc.original ? "desk.component.original" : "desk.component.copy",
                    {{"n", std::to_string(rc.count)}}));
    comps.push_back(o);
  }
  d.set("components", comps);
  d.set("has_components", !h.components.empty());
  // Forms that exist for this dossier.
  Data forms{Data::type::list};
  auto add_form = [&](const char* n) {
    Data o{Data::type::object};
    o.set("href", "/api/v1/dossiers/" + http::PercentEncode(h.id) + "/forms/" + n + ".pdf");
    o.set("label", T(ctx, std::string("desk.form.") + n));
    forms.push_back(o);
  };
  const int st = static_cast<int>(dz.status);
  if (dz.accepted_at) add_form("01");
  bool supp = false, refused = false, apologised = false, stopped = false;
  for (const auto& e : *history) {
    supp |= e.type == dossier::EventType::kSupplementationRequested ||
            e.type == dossier::EventType::kSentBackForCompletion;
    refused |= e.type == dossier::EventType::kRefused;
    apologised |= e.type == dossier::EventType::kApologised;
    stopped |= e.type == dossier::EventType::kStopped;
  }
  if (supp) add_form("02");
  if (refused || st == 3) add_form("03");
  if (apologised) add_form("04");
  if (stopped) add_form("05");
  if (dz.accepted_at) add_form("06");
  d.set("forms", forms);
  // Timeline, newest last.
  Data timeline{Data::type::list};
  for (const auto& e : *history) {
    Data o{Data::type::object};
    o.set("when", Stamp(e.at));
    o.set("what", EventLabel(ctx, e));
    // The role (a message) and the actor's id (data) apart, so each is marked as what it is.
    if (!e.role.empty()) {
      o.set("who_role", c.T(ctx.lang, "role." + e.role));
      o.set("who_id", e.actor);
    } else if (e.actor.starts_with("resident")) {
      o.set("who_role", T(ctx, "desk.next.applicant"));
    } else {
      o.set("who_id", e.actor);
    }
    std::vector<std::string> notes;
    if (!e.reason.empty()) notes.push_back(e.reason);
    for (const auto& i : e.items) notes.push_back(i);
    if (!e.detail.empty()) notes.push_back(e.detail);
    if (e.new_due) notes.push_back(T(ctx, "desk.new_due", {{"when", Stamp(*e.new_due)}}));
    o.set("late", e.late);  // an apology issued less than one working day before due, or after
    if (e.amount_vnd > 0) notes.push_back(FormatVnd(e.amount_vnd));
    Data nl{Data::type::list};
    for (auto& n : notes) nl.push_back(Data(n));
    o.set("notes", nl);
    o.set("has_notes", !notes.empty());
    timeline.push_back(o);
  }
  d.set("timeline", timeline);
  // Actions.
  std::vector<std::string> actions = deps.dossiers->AllowedActions(p, *v);
  d.set("actions", ActionForms(deps, ctx, p, *v, actions, err));
  d.set("has_actions", !actions.empty());
  if (err) {
    Data errs{Data::type::list};
    for (const auto& [id, msg] : err->fields) {
      Data o{Data::type::object};
      o.set("href", "#" + id);
      o.set("message", msg);
      errs.push_back(o);
    }
    d.set("errors", errs);
    d.set("has_errors", true);
  }
  return RenderPage(req, ctx, "desk_dossier", std::move(d), status);
}

Response DossierPage(const WebDeps& deps, Request& req) {
  return RenderDossier(deps, req, req.Param("code"), nullptr, 200);
}

// "2026-12-20" + "16:00" → RFC 3339 in Vietnam time; "" when malformed.
std::string DueFrom(const std::string& date, const std::string& time) {
  int y = 0, mo = 0, da = 0, hh = 0, mi = 0;
  if (std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &mo, &da) != 3) return "";
  if (std::sscanf(time.c_str(), "%2d:%2d", &hh, &mi) != 2) return "";
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || hh < 0 || hh > 23 || mi < 0 || mi > 59) return "";
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:00+07:00", y, mo, da, hh, mi);
}

Response ActSubmit(const WebDeps& deps, Request& req) {
  const Principal& p = Who(req);
  const std::string code = req.Param("code");
  const std::string action = req.Param("action");
  const std::string back = "/can-bo/ho-so/" + http::PercentEncode(code);
  const std::string lang = ChooseLanguage(req, deps.default_lang);
  const Catalog& c = Catalog::Get();
  if (std::find(service::ActionNames().begin(), service::ActionNames().end(), action) ==
      service::ActionNames().end()) {
    return Plain(deps, req, 404, "desk.not_found.title", c.T(lang, "desk.unknown_action"), back);
  }
  Form form = http::ParseQuery(req.body);
  ActError err{action, {}, form};
  auto need = [&](const std::string& field) {
    err.fields.push_back({FieldId(action, field),
                          c.T(lang, "desk.error.required",
                              {{"field", c.T(lang, "desk.field." + field)}})});
  };
  json args = json::object();
  for (const auto& af : FieldsOf(action)) {
    const std::string kind = af.kind;
    const std::string value = Field(form, af.name);
    if (af.required && value.empty()) {
      need(af.name);
      continue;
    }
    if (kind == "lines") {
      auto lines = Lines(value);
      if (af.required && lines.empty()) need(af.name);
      args[af.name] = lines;
    } else if (kind == "checkbox") {
      args[af.name] = value == "1";
    } else if (kind == "number") {
      std::string digits;
      for (char ch : value) {
        if (ch >= '0' && ch <= '9') digits += ch;
        else if (ch != '.' && ch != ' ') digits = "x";
      }
      if (digits.empty() || digits.find('x') != std::string::npos || digits.size() > 15) {
        err.fields.push_back({FieldId(action, af.name), c.T(lang, "desk.error.amount")});
      } else {
        args[af.name] = std::stoll(digits);
      }
    } else if (kind != "date" && kind != "time") {
      if (!value.empty()) args[af.name] = value;
    }
  }
  if (action == "apologise" && err.fields.empty()) {
    std::string due = DueFrom(Field(form, "new_due_date"), Field(form, "new_due_time"));
    if (due.empty()) {
      err.fields.push_back({FieldId(action, "new_due_date"), c.T(lang, "desk.error.date")});
    } else {
      args["new_due"] = due;
    }
  }
  const std::string version_text = Field(form, "version");
  char* end = nullptr;
  const long long version = std::strtoll(version_text.c_str(), &end, 10);
  if (version_text.empty() || *end != '\0') {
    return StatusPage(deps, req, Status::Conflict("no version"), back);
  }
  if (!err.fields.empty()) return RenderDossier(deps, req, code, &err, 400);
  auto cmd = service::ParseAction(action, args.dump());
  if (!cmd.ok()) {
    const Status cmd_status = cmd.status();
      for (const auto& fe : cmd_status.fields()) {
      err.fields.push_back({FieldId(action, fe.field == "new_due" ? "new_due_date" : fe.field),
                            c.T(lang, "desk.error.invalid",
                                {{"field", c.T(lang, "desk.field." + fe.field)}})});
    }
    if (err.fields.empty()) return StatusPage(deps, req, cmd.status(), back);
    return RenderDossier(deps, req, code, &err, 400);
  }
  auto out = deps.dossiers->Act(p, code, *cmd, version, nullptr);
  if (!out.ok()) {
    if (out.status().code() == Code::kInvalidArgument) {
      const Status out_status = out.status();
      for (const auto& fe : out_status.fields()) {
        std::string f = fe.field == "new_due" ? "new_due_date" : fe.field;
        err.fields.push_back({FieldId(action, f), fe.message});
      }
      if (err.fields.empty()) err.fields.push_back({"actions", out.status().message()});
      return RenderDossier(deps, req, code, &err, 400);
    }
    return StatusPage(deps, req, out.status(), back);
  }
  return Response::Redirect(back + "?xong=" + action);
}

// ---- Counter intake -------------------------------------------------------------------------

struct IntakeError {
  std::vector<std::pair<std::string, std::string>> fields;  // (field id, message)
  Form values;
};

std::vector<authz::Grant> ReceivingGrants(const Principal& p) {
  std::vector<authz::Grant> out;
  for (const auto& g : authz::GrantsWith(p.grants, "dossier.receive")) {
    if (!g.IsProvinceWide()) out.push_back(g);
  }
  return out;
}

Response RenderIntake(const WebDeps& deps, Request& req, const IntakeError* err, int status) {
  const Principal& p = Who(req);
  PageContext ctx = Ctx(deps, req, "desk.intake.title");
  auto grants = ReceivingGrants(p);
  if (grants.empty()) return StatusPage(deps, req, Status::PermissionDenied("no unit"));
  auto val = [&](const std::string& k) { return err ? Field(err->values, k) : std::string(); };
  std::string unit = val("unit").empty() ? grants.front().unit_code : val("unit");
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
  service::ProcedureQuery q;
  q.unit = unit;
  q.limit = 1000;
  auto procs = deps.procedures->Search(q);
  Data plist{Data::type::list};
  if (procs.ok()) {
    std::vector<service::ProcedureSummary> sorted = procs->items;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& s : sorted) {
      Data o{Data::type::object};
      o.set("value", s.code);
      o.set("label", s.name + " — " + s.code);
      o.set("selected", s.code == val("procedure_code"));
      plist.push_back(o);
    }
  }
  d.set("procedures", plist);
  for (const char* k : {"full_name", "id_number", "phone", "email", "address", "components"}) {
    d.set(k, val(k));
  }
  d.set("originals", val("originals") == "1");
  Data deliveries{Data::type::list};
  for (const char* ch : {"counter", "post", "online"}) {
    Data o{Data::type::object};
    o.set("value", ch);
    o.set("label", T(ctx, std::string("desk.channel.") + ch));
    o.set("selected", val("result_delivery") == ch);
    deliveries.push_back(o);
  }
  d.set("deliveries", deliveries);
  if (err) {
    Data errs{Data::type::list};
    Data by_field{Data::type::object};
    for (const auto& [id, msg] : err->fields) {
      Data o{Data::type::object};
      o.set("href", "#" + id);
      o.set("message", msg);
      errs.push_back(o);
      by_field.set("err_" + id, msg);
    }
    d.set("errors", errs);
    d.set("has_errors", true);
    d.set("e", by_field);
  }
  return RenderPage(req, ctx, "desk_intake", std::move(d), status);
}

Response IntakePage(const WebDeps& deps, Request& req) { return RenderIntake(deps, req, nullptr, 200); }

Response IntakeSubmit(const WebDeps& deps, Request& req) {
  const Principal& p = Who(req);
  const std::string lang = ChooseLanguage(req, deps.default_lang);
  const Catalog& c = Catalog::Get();
  Form form = http::ParseQuery(req.body);
  IntakeError err{{}, form};
  auto grants = ReceivingGrants(p);
  if (grants.empty()) return StatusPage(deps, req, Status::PermissionDenied("no unit"));
  service::SubmitRequest s;
  s.unit = Field(form, "unit").empty() ? grants.front().unit_code : Field(form, "unit");
  s.procedure_code = Field(form, "procedure_code");
  s.channel = dossier::Channel::kInPerson;
  s.applicant.full_name = Field(form, "full_name");
  s.applicant.id_number = Field(form, "id_number");
  s.applicant.phone = Field(form, "phone");
  s.applicant.email = Field(form, "email");
  s.applicant.address = Field(form, "address");
  const bool originals = Field(form, "originals") == "1";
  for (const auto& line : Lines(Field(form, "components"))) {
    dossier::ReceivedComponent rc;
    rc.name = line;
    rc.original = originals;
    s.components.push_back(rc);
  }
  auto rd = service::ParseReturnChannel(Field(form, "result_delivery").empty()
                                            ? "counter"
                                            : Field(form, "result_delivery"));
  if (rd.ok()) s.result_delivery = *rd;
  auto need = [&](const std::string& id) {
    err.fields.push_back(
        {id, c.T(lang, "desk.error.required", {{"field", c.T(lang, "desk.intake." + id)}})});
  };
  if (s.procedure_code.empty()) need("procedure_code");
  if (s.applicant.full_name.empty()) need("full_name");
  if (s.applicant.id_number.empty()) need("id_number");
  if (s.components.empty()) need("components");
  if (err.fields.empty()) {
    auto out = deps.dossiers->Submit(p, s, nullptr);
    if (out.ok()) {
      return Response::Redirect("/can-bo/ho-so/" + http::PercentEncode(out->view.state.header.id) +
                                "?moi=1");
    }
    if (out.status().code() != Code::kInvalidArgument) return StatusPage(deps, req, out.status());
    const Status out_status = out.status();
      for (const auto& fe : out_status.fields()) {
      std::string id = fe.field;
      if (id.starts_with("applicant.")) id = id.substr(10);
      else if (id.starts_with("components")) id = "components";
      else if (id != "procedure_code" && id != "unit") id = "procedure_code";
      std::string key = "desk.intake.error." + id;
      err.fields.push_back({id, c.T(lang, key)});
    }
    if (err.fields.empty()) err.fields.push_back({"procedure_code", out.status().message()});
  }
  return RenderIntake(deps, req, &err, 400);
}

}  // namespace

Status RegisterDeskRoutes(http::Router& router, const WebDeps& deps) {
  std::vector<http::Route> routes = {
      {Method::kGet, "/can-bo", "officer", [deps](Request& r) { return WorklistPage(deps, r); }},
      {Method::kGet, "/can-bo/ho-so/{code}", "perm:dossier.read",
       [deps](Request& r) { return DossierPage(deps, r); }},
      {Method::kPost, "/can-bo/ho-so/{code}/{action}", "perm:dossier.read",
       [deps](Request& r) { return ActSubmit(deps, r); }},
      {Method::kGet, "/can-bo/tiep-nhan", "perm:dossier.receive",
       [deps](Request& r) { return IntakePage(deps, r); }},
      {Method::kPost, "/can-bo/tiep-nhan", "perm:dossier.receive",
       [deps](Request& r) { return IntakeSubmit(deps, r); }},
  };
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::web
