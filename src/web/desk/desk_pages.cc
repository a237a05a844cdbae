#include "web/desk/desk_pages.h"

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
#include "web/desk/desk_common.h"
#include "web/kit/form.h"
#include "web/kit/format.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/kit/timeline.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;
using service::Principal;

using desk::Ctx;
using desk::Plain;
using desk::StatusPage;
using desk::Who;

namespace {

using Form = std::multimap<std::string, std::string>;

std::string Field(const Form& f, const std::string& k) {
  auto it = f.find(k);
  return it == f.end() ? std::string() : it->second;
}

// "05/02/2026 16:30": date first, as the desk lists them.
std::string Stamp(int64_t ms) { return FormatDate(ms) + " " + FormatTime(ms); }
std::string When(const std::optional<int64_t>& ms) { return ms ? Stamp(*ms) : ""; }

// ---- Work list ------------------------------------------------------------------------------

// Returns the work list's filters: the same names as GET /api/v1/worklist, shared by the page and
// its event stream so both see the same list.
service::WorklistQuery WorklistQueryOf(const Request& req) {
  service::WorklistQuery q;
  q.mine = req.Query("all") != "1";
  int state_n = std::atoi(req.Query("state").c_str());
  if (state_n >= 1 && state_n <= 10) q.status = state_n;
  q.procedure_code = req.Query("procedure");
  q.due_soon = req.Query("due_soon") == "1";
  q.overdue = req.Query("overdue") == "1";
  q.text = req.Query("q");
  return q;
}

// Returns the query string that names the filters of `q` (for the event stream's URL).
std::string WorklistQueryString(const service::WorklistQuery& q) {
  std::string out = q.mine ? "all=0" : "all=1";
  if (q.status) out += "&state=" + std::to_string(*q.status);
  if (!q.procedure_code.empty()) out += "&procedure=" + http::PercentEncode(q.procedure_code);
  if (q.due_soon) out += "&due_soon=1";
  if (q.overdue) out += "&overdue=1";
  if (!q.text.empty()) out += "&q=" + http::PercentEncode(q.text);
  return out;
}

// The answer to one request of the work list's event stream (text/event-stream): a `worklist`
// event carrying the new version as its id when the list changed, else a comment; `retry` tells
// EventSource when to ask again (with Last-Event-ID). FormErrors other than a busy or stopping server
// are problems, which end the stream.
Response WorklistEventsAnswer(const Result<std::string>& version, const std::string& since) {
  std::string body;
  if (version.ok() && *version != since) {
    body = fmt::format("retry: 1000\nid: {0}\nevent: worklist\ndata: {0}\n\n", *version);
  } else if (version.ok()) {
    body = "retry: 1000\n: no change\n\n";
  } else if (version.status().code() == Code::kUnavailable) {
    body = "retry: 5000\n: " + version.status().message() + "\n\n";
  } else {
    return http::ProblemFromStatus(version.status());
  }
  Response r = Response::Text(200, std::move(body), "text/event-stream; charset=utf-8");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

// GET /can-bo/su-kien: tells the work list page when its list changed (Server-Sent Events, one
// event per request). The request waits in the WorklistWatch, not on a worker thread.
Response WorklistEvents(const WebDeps& deps, Request& req) {
  std::string since(req.Header("last-event-id").value_or(""));
  if (since.empty()) since = req.Query("since");
  service::WorklistWatch* watch = deps.worklist_watch;
  if (!watch) return WorklistEventsAnswer(Status::Unavailable("no live work lists here"), since);
  return Response::Later([watch, who = Who(req), q = WorklistQueryOf(req), since](http::Reply reply) {
    watch->Wait(who, q, since, [reply, since](Result<std::string> version) {
      reply(WorklistEventsAnswer(version, since));
    });
  });
}

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
  d.set("can_national_catalogue", p.Check("national.catalogue", std::nullopt).ok());
  d.set("can_national_calendar", p.Check("national.calendar", std::nullopt).ok());
  // The dossier log (Mẫu 07) of each unit the officer reports on (the centre director): a period
  // chosen here, the PDF from the API, which checks the unit again.
  Data logs{Data::type::list};
  for (const auto& g : p.grants) {
    const authz::UnitRef unit{g.unit_code, g.province_code};
    if (g.unit_code.empty() || !p.Check("report.read", unit).ok() ||
        !p.Check("dossier.read", unit).ok()) {
      continue;
    }
    Data item{Data::type::object};
    item.set("unit", g.unit_code);
    item.set("title", T(ctx, "desk.log.title", {{"unit", g.unit_code}}));
    item.set("action", "/api/v1/units/" + http::PercentEncode(g.unit_code) + "/dossier-log.pdf");
    logs.push_back(item);
  }
  d.set("logs", logs);
  const bool reads = p.Check("dossier.read", std::nullopt).ok();
  d.set("reads", reads);
  if (!reads) return RenderPage(req, ctx, "desk", std::move(d));

  const service::WorklistQuery q = WorklistQueryOf(req);
  d.set("all", !q.mine);
  d.set("mine", q.mine);
  d.set("procedure", q.procedure_code);
  d.set("due_soon", q.due_soon);
  d.set("overdue", q.overdue);
  d.set("q", q.text);
  Data states{Data::type::list};
  for (int s = 1; s <= 10; ++s) {
    Data o{Data::type::object};
    o.set("value", std::to_string(s));
    o.set("label", c.T(ctx.lang, "status." + std::to_string(s)));
    o.set("selected", q.status && *q.status == s);
    states.push_back(o);
  }
  d.set("states", states);

  auto items = deps.dossiers->queries.Worklist(p, q);
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
    // A new online dossier: since when it has waited for reception.
    if (it.status == 1 && it.received_ms) {
      row.set("waiting", T(ctx, "desk.waiting_since", {{"when", When(it.received_ms)}}));
    }
    list.push_back(row);
  }
  d.set("items", list);
  d.set("events_url", "/can-bo/su-kien?" + WorklistQueryString(q) +
                          "&since=" + service::WorklistWatch::VersionOf(*items));
  d.set("count", T(ctx, "desk.count", {{"count", std::to_string(items->size())}}));
  d.set("empty", items->empty());
  return RenderPage(req, ctx, "desk", std::move(d));
}

// ---- One dossier ----------------------------------------------------------------------------

// What each action asks for: its fields, in order, from the domain's action table. A date-time
// field is asked as a date and a time ("new_due_date", "new_due_time"); components and file ids
// are not asked here (the portal uploads them; the result file has its own upload).
struct ActionField {
  std::string name;  // form field; the JSON key, except for the parts of a date-time
  std::string kind;  // "text", "textarea", "lines", "number", "date", "time", "checkbox",
                     // "channel" (a choice), "ground" (the stop's ground), "handler" (an officer)
  bool required;
  std::string key;   // the JSON key the field fills ("new_due" for "new_due_date")
};

// The desk asks for a reason where the API leaves it optional: an officer recording a stop, a
// withdrawal request or a request for documents writes down why (Mẫu 02 and 05 print it).
bool DeskRequires(const std::string& action, const dossier::FieldSpec& f) {
  if (f.required) return true;
  if (action == "stop") return f.name == "ground";  // the reason only for another ground
  return f.name == "reason" &&
         (action == "request-withdrawal" ||
          action == "request-supplementation" || action == "request-supplementation-exception");
}

std::vector<ActionField> FieldsOf(const std::string& action) {
  std::vector<ActionField> out;
  const dossier::ActionSpec* spec = dossier::FindAction(action);
  if (!spec) return out;
  for (const auto& f : spec->fields) {
    const std::string name(f.name);
    const bool required = DeskRequires(action, f);
    switch (f.type) {
      case dossier::FieldType::kText:
        out.push_back({name, f.max_bytes <= 200 ? "text" : "textarea", required, name});
        break;
      case dossier::FieldType::kTextList:
        out.push_back({name, "lines", required, name});
        break;
      case dossier::FieldType::kInt:
        out.push_back({name, "number", required, name});
        break;
      case dossier::FieldType::kBool:
        out.push_back({name, "checkbox", required, name});
        break;
      case dossier::FieldType::kDateTime:
        out.push_back({name + "_date", "date", required, name});
        out.push_back({name + "_time", "time", required, name});
        break;
      case dossier::FieldType::kChoice:
        // The stop's ground has its own preselection (below); other choices are plain lists.
        out.push_back({name, name == "ground" ? "ground" : "channel", required, name});
        break;
      case dossier::FieldType::kOfficer:
        out.push_back({name, "handler", required, name});
        break;
      case dossier::FieldType::kFileId:  // the result document, uploaded with the form
        out.push_back({name, "file", required, name});
        break;
      case dossier::FieldType::kComponents:
        break;
    }
  }
  return out;
}

struct ActError {
  std::string action;
  std::vector<std::pair<std::string, std::string>> fields;  // (field id, message)
  Form values;
};

std::string FieldId(const std::string& action, const std::string& field) {
  return "act-" + action + "-" + field;
}

Data ActionForms(const PageContext& ctx, const Principal& p, const service::DossierView& v,
                 const std::vector<std::string>& actions,
                 const std::vector<service::AssignableHandler>& assignable, const ActError* err) {
  const dossier::Dossier& dz = v.state;
  Data list{Data::type::list};
  Data handlers{Data::type::list};
  bool handlers_loaded = false;
  size_t handler_count = 0;
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
        const dossier::FieldSpec* spec = dossier::FindAction(a)->Field(af.key);
        for (std::string_view choice : spec->choices) {
          const std::string ch(choice);
          Data o{Data::type::object};
          o.set("value", ch);
          o.set("label", T(ctx, "desk." + af.key + "." + ch));
          // Returning the result: where the applicant asked for it is preselected.
          o.set("selected", value.empty() && a == "return"
                                ? ch == service::ReturnChannelName(dz.header.result_delivery)
                                : value == ch);
          opts.push_back(o);
        }
        fd.set("options", opts);
      }
      if (kind == "file") {
        fd.set("hint", T(ctx, "desk.field.result_file_hint"));
        f.set("has_file", true);
      }
      if (kind == "ground") {
        // The ground Mẫu 05 states; the applicant's request is preselected once they asked.
        const bool asked = dz.status == dossier::NationalStatus::kWithdrawalRequested;
        Data opts{Data::type::list};
        for (const char* g : {"applicant_request", "other"}) {
          Data o{Data::type::object};
          o.set("value", g);
          o.set("label", T(ctx, std::string("desk.ground.") + g));
          o.set("selected", value.empty() ? (asked == (std::string(g) == "applicant_request"))
                                          : value == g);
          opts.push_back(o);
        }
        fd.set("options", opts);
        fd.set("is_channel", true);  // the same select
      }
      if (kind == "handler") {
        if (!handlers_loaded) {
          handlers_loaded = true;
          // The same list the service checks `assign` against.
          for (const auto& u : assignable) {
            Data o{Data::type::object};
            o.set("value", u.username);
            o.set("label", u.display_name + " (" + u.username + ")");
            o.set("selected", u.username == value);
            handlers.push_back(o);
            ++handler_count;
          }
        }
        fd.set("options", handlers);
        if (handler_count == 0) fd.set("hint", T(ctx, "desk.field.no_handler"));
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

Response RenderDossier(const WebDeps& deps, Request& req, const std::string& code,
                       const ActError* err, int status) {
  const Principal& p = Who(req);
  const service::AccessContext actx{req.route, req.request_id};
  // One read: one fold of the events, one row in the access log.
  auto page = deps.dossiers->queries.Page(p, code, actx);
  if (!page.ok()) return StatusPage(deps, req, page.status());
  const service::DossierView* v = &page->view;
  const std::vector<dossier::DossierEvent>* history = &page->events;
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
  const dossier::Header seen = service::HeaderAsSeenBy(p, h);
  d.set("id_number", seen.applicant.id_number);
  d.set("phone", seen.applicant.phone);
  if (!seen.applicant.address.empty()) d.set("address", seen.applicant.address);
  d.set("is_organisation", h.applicant.kind == dossier::ApplicantKind::kOrganisation);
  if (h.representative) {
    const dossier::Representative& r = *h.representative;
    d.set("representative", r.full_name);
    d.set("rep_id_number", seen.representative->id_number);
    d.set("authorisation", r.document_ref);
  }
  d.set("received", When(dz.accepted_at));
  d.set("result_delivery",
        T(ctx, "desk.channel." + std::string(service::ReturnChannelName(h.result_delivery))));
  if (!dz.result_file.empty()) {
    d.set("result_file_href", "/api/v1/dossiers/" + http::PercentEncode(h.id) + "/files/" +
                                  http::PercentEncode(dz.result_file));
  }
  if (v->due_ms) d.set("due", When(v->due_ms));
  if (v->original_due_ms && v->due_ms && *v->original_due_ms != *v->due_ms)
    d.set("original_due", When(v->original_due_ms));
  d.set("paused", v->paused);
  if (v->paused && v->paused_remaining_minutes)
    d.set("paused_remaining",
          T(ctx, "desk.paused_remaining",
            {{"remaining", ctx.lang == "vi" ? v->paused_remaining_vi : v->paused_remaining_en}}));
  if (v->on_time) d.set("on_time", T(ctx, *v->on_time ? "desk.on_time.yes" : "desk.on_time.no"));
  // Why it counts as late whatever its times: the exception recorded, when and why.
  if (v->late_reason == "supplementation_exception") {
    const dossier::DossierEvent* ex = nullptr;
    for (const auto& e : *history) {
      if (e.exception && (e.type == dossier::EventType::kSupplementationRequested ||
                          e.type == dossier::EventType::kSentBackForCompletion))
        ex = &e;
    }
    d.set("late", T(ctx, "desk.late.exception",
                    {{"at", ex ? Stamp(ex->at) : ""}, {"reason", ex ? ex->reason : ""}}));
  }
  // Filed for the applicant by a community digital technology group member (assisted filing,
  // issue 22): an officer's account submitted it online on the applicant's behalf.
  for (const auto& e : *history) {
    if (e.type == dossier::EventType::kSubmittedOnline && e.actor.starts_with("user:") &&
        !e.on_behalf_of.empty()) {
      d.set("assisted", T(ctx, "desk.assisted", {{"name", e.actor_name}}));
    }
    break;
  }
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
    o.set("kind", T(ctx, rc.original    ? "desk.component.original"
                         : rc.certified ? "desk.component.certified"
                                        : "desk.component.copy",
                    {{"n", std::to_string(rc.count)}}));
    if (!rc.file.empty()) {
      o.set("file_href", "/api/v1/dossiers/" + http::PercentEncode(h.id) + "/files/" +
                             http::PercentEncode(rc.file));
    } else if (h.channel == dossier::Channel::kOnline) {
      o.set("to_bring", true);  // filed online without a file: the applicant brings the paper
    }
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
  // The domain's table says which forms the dossier has (the form endpoint serves the same).
  for (dossier::Form f : dossier::FormsOf(dz, *history)) add_form(std::string(dossier::FormCode(f)).c_str());
  d.set("forms", forms);
  // Timeline, oldest first, with the actors' names.
  d.set("timeline", TimelineData(deps, ctx, h, *history, /*internal=*/true));
  // Actions.
  const std::vector<std::string>& actions = page->allowed_actions;
  d.set("actions", ActionForms(ctx, p, *v, actions, page->handlers, err));
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

// The apology's date errors in the page's language, from the reason the domain gives on the field
// (dossier::Apologise) and the times it cites, already in Vietnam time; an error without a known
// reason is shown as the service said it.
std::string ApologyDateMessage(const Catalog& c, const std::string& lang, const FieldError& fe) {
  if (fe.reason == "in_past") return c.T(lang, "desk.error.apology_future");
  if (fe.reason == "not_after_due" && fe.args.count("due")) {
    return c.T(lang, "desk.error.apology_later", {{"due", fe.args.at("due")}});
  }
  if (fe.reason == "outside_working_time") {
    if (fe.args.count("next")) {
      return c.T(lang, "desk.error.apology_office_next", {{"next", fe.args.at("next")}});
    }
    return c.T(lang, "desk.error.apology_office");
  }
  return fe.message;
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
  // Urlencoded, or multipart when the form carries a file (the result document).
  const PostedForm posted = ReadPostedForm(req);
  const std::vector<std::string>& not_utf8 = posted.not_utf8;
  Form form = posted.fields;
  ActError err{action, {}, form};
  for (const auto& name : not_utf8) {
    err.fields.push_back({FieldId(action, name), c.T(lang, "form.err.not_utf8")});
  }
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
    } else if (kind == "file") {
      if (const http::MultipartPart* part = posted.File(af.name)) {
        FormErrors file_errors;
        const PageContext fctx = BasePageContext(req, deps);
        const std::string id =
            StoreUpload(deps, fctx, p, *part, FieldId(action, af.name), &file_errors, nullptr);
        for (const auto& [fid, msg] : file_errors.items()) err.fields.push_back({fid, msg});
        if (!id.empty()) args[af.name] = id;
      }
    } else if (kind != "date" && kind != "time") {
      if (!value.empty()) args[af.name] = value;
    }
  }
  // A date-time is asked as a date and a time (new_due_date, new_due_time), in Vietnam time.
  for (const auto& af : FieldsOf(action)) {
    if (af.kind != "date" || !err.fields.empty()) continue;
    std::string at = DueFrom(Field(form, af.name), Field(form, af.key + "_time"));
    if (at.empty()) {
      err.fields.push_back({FieldId(action, af.name), c.T(lang, "desk.error.date")});
    } else {
      args[af.key] = at;
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
  auto out = deps.dossiers->commands.Act(p, code, *cmd, version, nullptr);
  if (!out.ok()) {
    if (out.status().code() == Code::kInvalidArgument) {
      const Status out_status = out.status();
      for (const auto& fe : out_status.fields()) {
        std::string f = fe.field == "new_due" ? "new_due_date" : fe.field;
        std::string msg = fe.message;
        if (action == "assign" && fe.field == "handler") {
          msg = c.T(lang, "desk.error.handler", {{"handler", Field(form, "handler")}});
        }
        if (action == "apologise" && fe.field == "new_due") msg = ApologyDateMessage(c, lang, fe);
        err.fields.push_back({FieldId(action, f), msg});
      }
      if (err.fields.empty()) {
        err.fields.push_back({"actions", out.status().message()});
        return RenderDossier(deps, req, code, &err, 400);
      }
      // The request was read; a field the service refused is an answer to correct (422).
      return RenderDossier(deps, req, code, &err, 422);
    }
    return StatusPage(deps, req, out.status(), back);
  }
  return Response::Redirect(back + "?xong=" + action);
}

}  // namespace

Status RegisterDeskRoutes(http::Router& router, const WebDeps& deps) {
  std::vector<http::Route> routes = {
      {Method::kGet, "/can-bo", "officer", [deps](Request& r) { return WorklistPage(deps, r); }},
      {Method::kGet, "/can-bo/su-kien", "perm:dossier.read",
       [deps](Request& r) { return WorklistEvents(deps, r); }},
      {Method::kGet, "/can-bo/ho-so/{code}", "perm:dossier.read",
       [deps](Request& r) { return DossierPage(deps, r); }},
      {Method::kPost, "/can-bo/ho-so/{code}/{action}", "perm:dossier.read",
       [deps](Request& r) { return ActSubmit(deps, r); }},
      {Method::kGet, "/can-bo/tiep-nhan", "perm:dossier.receive",
       [deps](Request& r) { return desk::IntakePage(deps, r); }},
      {Method::kPost, "/can-bo/tiep-nhan", "perm:dossier.receive",
       [deps](Request& r) { return desk::IntakeSubmit(deps, r); }},
  };
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::web
