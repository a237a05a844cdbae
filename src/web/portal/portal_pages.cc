#include "web/portal/portal_pages.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "base/env.h"
#include "base/hash.h"
#include "domain/dossier/actions.h"
#include "domain/dossier/dossier.h"
#include "http/multipart.h"
#include "http/url.h"
#include "render/qr.h"
#include "service/identity/audit_service.h"
#include "service/dossier/dossier_codec.h"
#include "service/platform/file_service.h"
#include "service/platform/principal.h"
#include "service/platform/system_service.h"
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

namespace {

constexpr char kSubmitPath[] = "/nop-ho-so";
constexpr char kMinePath[] = "/ho-so-cua-toi";

PageContext Ctx(const WebDeps& deps, const Request& req, const std::string& title) {
  PageContext ctx = BasePageContext(req, deps);
  ctx.title = title;
  return ctx;
}

std::string Str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

const service::Principal* Who(const Request& req) { return req.ContextAs<service::Principal>(); }

bool IsResident(const Request& req) {
  const auto* p = Who(req);
  return p && p->kind == service::Principal::Kind::kResident;
}

std::string Csrf(const Request& req) {
  const auto* p = Who(req);
  return p ? p->csrf : "";
}

std::string MineHref(const std::string& code) {
  return std::string(kMinePath) + "/" + http::PercentEncode(code);
}

// A page with a heading and a message (errors, not found), in the visitor's language.
Response MessagePage(const WebDeps& deps, const Request& req, const std::string& title_key,
                     const std::string& message_key, int status) {
  PageContext ctx = Ctx(deps, req, "");
  ctx.title = T(ctx, title_key);
  Data d{Data::type::object};
  d.set("heading", ctx.title);
  d.set("message", T(ctx, message_key));
  return RenderPage(req, ctx, "error", std::move(d), status);
}

// ---- The submission wizard --------------------------------------------------------------------
//
// One question per page, without JavaScript. The answers travel between steps in hidden fields of
// the one form (no server-side draft): nothing to expire or clean up, the browser's back button
// and a reload behave, and a second tab cannot mix two drafts. Uploaded files are stored at their
// step through FileService (sniffed, size-limited, owned by the resident) and only their ids travel
// on. Everything is validated again by DossierService::Submit at the end, so a tampered hidden field
// gains nothing. The final submission carries an Idempotency-Key drawn when the wizard starts, so
// a double click or a resend of the last step files the dossier once and shows the same code.
//
// Steps: 0 applicant, 1 contact, 2 … 2+n-1 the procedure's n components (upload or skip),
// 2+n where to receive the result, 3+n review with fees and submit.

struct Wizard {
  std::string code;
  json record;
  std::vector<std::string> components;

  int ComponentStep(size_t i) const { return 2 + static_cast<int>(i); }
  int DeliveryStep() const { return 2 + static_cast<int>(components.size()); }
  int ReviewStep() const { return DeliveryStep() + 1; }
  int Steps() const { return ReviewStep() + 1; }
};

Result<Wizard> LoadWizard(const WebDeps& deps, const std::string& code) {
  if (code.empty()) return Status::NotFound("no procedure");
  auto v = deps.procedures->Current(code);
  if (!v.ok()) return v.status();
  Wizard w;
  w.code = v->code;
  w.record = json::parse(v->record_json, nullptr, false);
  // The papers to upload (the same list the counter fills its rows from).
  for (auto& paper : RequiredPapers(v->record_json)) w.components.push_back(std::move(paper.name));
  return w;
}

bool OnlineAllowed(const Wizard& w) {
  std::string level = Str(w.record, "online_level");
  return level == "full" || level == "partial";
}

// The answers carried between steps.
using Answers = std::map<std::string, std::string>;
const std::vector<std::string> kAnswerKeys = {"thu_tuc", "khoa",       "ho_ten", "so_dinh_danh",
                                              "dia_chi", "dien_thoai", "email",  "nhan_kq"};

Answers ReadAnswers(const PostedForm& f) {
  Answers a;
  for (const auto& [k, v] : f.fields) {
    bool known = std::find(kAnswerKeys.begin(), kAnswerKeys.end(), k) != kAnswerKeys.end();
    if (known || (k.starts_with("tp") && (k.ends_with("_tep") || k.ends_with("_ten")))) a[k] = v;
  }
  return a;
}

std::string CompKey(size_t i, const char* what) { return fmt::format("tp{}_{}", i, what); }

std::vector<std::string> VisibleFields(const Wizard& w, int step) {
  if (step == 0) return {"ho_ten", "so_dinh_danh", "dia_chi"};
  if (step == 1) return {"dien_thoai", "email"};
  if (step == w.DeliveryStep()) return {"nhan_kq"};
  return {};
}

std::string DeliveryLabel(const PageContext& ctx, const std::string& v) {
  return T(ctx, "portal.delivery." + v);
}

Data FeeList(const WebDeps& deps, const PageContext& ctx, const Wizard& w) {
  Data fees{Data::type::list};
  if (w.record.contains("fees") && w.record["fees"].is_array()) {
    for (const auto& f : w.record["fees"]) {
      Data item{Data::type::object};
      item.set("name", Str(f, "name"));
      if (f.contains("amount_vnd") && f["amount_vnd"].is_number_integer()) {
        int64_t a = f["amount_vnd"].get<int64_t>();
        item.set("amount", a == 0 ? T(ctx, "proc.free") : FormatVnd(a));
      } else {
        item.set("amount", Str(f, "raw"));
      }
      std::string note = Str(f, "note");
      if (!note.empty()) item.set("note", note);
      fees.push_back(item);
    }
  }
  auto site = deps.site->Get();
  if (site.ok()) {
    auto off = deps.procedures->Offerings(site->unit_code, w.code);
    if (off.ok() && !off->empty() && !off->front().local_fee_note.empty()) {
      Data item{Data::type::object};
      item.set("name", T(ctx, "portal.review.local_fee"));
      item.set("amount", off->front().local_fee_note);
      fees.push_back(item);
    }
  }
  return fees;
}

Response RenderStep(const WebDeps& deps, const Request& req, const Wizard& w, const Answers& a,
                    int step, const FormErrors& errors, int status = 200) {
  PageContext ctx = Ctx(deps, req, "");
  auto get = [&](const std::string& k) {
    auto it = a.find(k);
    return it == a.end() ? std::string() : it->second;
  };
  Data d{Data::type::object};
  d.set("csrf", Csrf(req));
  d.set("action", kSubmitPath);
  d.set("step", std::to_string(step));
  d.set("procedure", Str(w.record, "name"));
  d.set("procedure_href", "/procedures/" + http::PercentEncode(w.code));
  d.set("progress", T(ctx, "portal.wizard.progress",
                      {{"n", std::to_string(step + 1)}, {"total", std::to_string(w.Steps())}}));
  d.set("has_back", step > 0);
  // Hidden answers: everything but the fields this step shows.
  auto visible = VisibleFields(w, step);
  Data hidden{Data::type::list};
  for (const auto& [k, v] : a) {
    if (std::find(visible.begin(), visible.end(), k) != visible.end()) continue;
    Data h{Data::type::object};
    h.set("name", k);
    h.set("value", v);
    hidden.push_back(h);
  }
  d.set("hidden", hidden);
  for (const auto& k : visible) d.set("v_" + k, get(k));
  std::string heading;
  if (step == 0) {
    heading = T(ctx, "portal.wizard.applicant");
    d.set("is_applicant", true);
  } else if (step == 1) {
    heading = T(ctx, "portal.wizard.contact");
    d.set("is_contact", true);
  } else if (step < w.DeliveryStep()) {
    size_t i = static_cast<size_t>(step - 2);
    heading = T(ctx, "portal.wizard.component",
                {{"n", std::to_string(i + 1)}, {"total", std::to_string(w.components.size())}});
    d.set("is_component", true);
    d.set("component", w.components[i]);
    SetFileLimits(deps, &ctx, &d);
    std::string uploaded = get(CompKey(i, "ten"));
    if (!get(CompKey(i, "tep")).empty()) {
      d.set("uploaded", T(ctx, "portal.wizard.uploaded",
                          {{"name", uploaded.empty() ? get(CompKey(i, "tep")).substr(0, 12)
                                                     : uploaded}}));
    }
  } else if (step == w.DeliveryStep()) {
    heading = T(ctx, "portal.wizard.delivery");
    d.set("is_delivery", true);
    Data opts{Data::type::list};
    for (const char* v : {"online", "counter", "post"}) {
      Data o{Data::type::object};
      o.set("value", v);
      o.set("id", std::string("nhan_kq_") + v);
      o.set("label", DeliveryLabel(ctx, v));
      o.set("checked", get("nhan_kq") == v);
      opts.push_back(o);
    }
    d.set("delivery", opts);
  } else {
    heading = T(ctx, "portal.wizard.review");
    d.set("is_review", true);
    Data rows{Data::type::list};
    auto row = [&](const std::string& id, const std::string& label_key, const std::string& value,
                   int edit_step) {
      Data r{Data::type::object};
      r.set("id", "r_" + id);
      r.set("label", T(ctx, label_key));
      r.set("value", value.empty() ? T(ctx, "portal.review.none") : value);
      r.set("edit_step", std::to_string(edit_step));
      r.set("edit_label", T(ctx, "portal.review.change", {{"what", T(ctx, label_key)}}));
      rows.push_back(r);
    };
    row("ho_ten", "portal.field.name", get("ho_ten"), 0);
    row("so_dinh_danh", "portal.field.id_number", get("so_dinh_danh"), 0);
    row("dia_chi", "portal.field.address", get("dia_chi"), 0);
    row("dien_thoai", "portal.field.phone", get("dien_thoai"), 1);
    row("email", "portal.field.email", get("email"), 1);
    row("nhan_kq", "portal.field.delivery",
        get("nhan_kq").empty() ? "" : DeliveryLabel(ctx, get("nhan_kq")), w.DeliveryStep());
    d.set("rows", rows);
    Data comps{Data::type::list};
    for (size_t i = 0; i < w.components.size(); ++i) {
      Data c{Data::type::object};
      c.set("id", "r_tp" + std::to_string(i));
      c.set("name", w.components[i]);
      std::string file = get(CompKey(i, "tep"));
      std::string fname = get(CompKey(i, "ten"));
      c.set("file", file.empty() ? T(ctx, "portal.review.skipped")
                                 : (fname.empty() ? file.substr(0, 12) : fname));
      c.set("edit_step", std::to_string(w.ComponentStep(i)));
      c.set("edit_label", T(ctx, "portal.review.change", {{"what", w.components[i]}}));
      comps.push_back(c);
    }
    d.set("components", comps);
    d.set("has_components", !w.components.empty());
    Data fees = FeeList(deps, ctx, w);
    d.set("has_fees", !fees.is_empty_list());
    d.set("fees", fees);
  }
  d.set("heading", heading);
  errors.Into(d);
  ctx.title = heading + " · " + T(ctx, "portal.wizard.title");
  if (!errors.empty()) ctx.title = T(ctx, "portal.err.title_prefix") + " " + ctx.title;
  return RenderPage(req, ctx, "portal_wizard", std::move(d), status);
}

bool Digits(const std::string& s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// GET /nop-ho-so?thu_tuc=CODE: the first question for a signed-in resident; for anyone else, how
// to sign in with VNeID (returning here), since only residents file online.
Response SubmitStart(const WebDeps& deps, Request& req) {
  const std::string code = req.Query("thu_tuc");
  PageContext ctx = Ctx(deps, req, "");
  Wizard w;
  if (!code.empty()) {
    auto loaded = LoadWizard(deps, code);
    if (!loaded.ok()) {
      return MessagePage(deps, req, "error.not_found.title", "proc.not_found", 404);
    }
    w = std::move(*loaded);
  }
  if (!IsResident(req) || code.empty() || !OnlineAllowed(w)) {
    ctx.title = T(ctx, "portal.start.title");
    Data d{Data::type::object};
    if (!code.empty()) {
      d.set("procedure", Str(w.record, "name"));
      d.set("procedure_href", "/procedures/" + http::PercentEncode(w.code));
    }
    if (!code.empty() && !OnlineAllowed(w)) {
      d.set("not_online", true);
    } else if (!IsResident(req)) {
      std::string back = std::string(kSubmitPath) +
                         (code.empty() ? "" : "?thu_tuc=" + http::PercentEncode(code));
      d.set("sign_in_href", "/auth/oidc/start?return_to=" + http::PercentEncode(back));
      if (Who(req) && Who(req)->signed_in()) d.set("is_officer", true);
    } else {
      d.set("choose", true);
    }
    return RenderPage(req, ctx, "portal_start", std::move(d));
  }
  const auto* who = Who(req);
  Answers a;
  a["thu_tuc"] = w.code;
  a["khoa"] = Env::Default().RandomHex(16);
  a["ho_ten"] = who->name;
  a["so_dinh_danh"] = who->id_number;
  return RenderStep(deps, req, w, a, 0, {});
}

// The field of the review page that a Submit error names.
std::string ReviewField(const std::string& service_field) {
  if (service_field.starts_with("applicant.full_name")) return "r_ho_ten";
  if (service_field.starts_with("applicant.id_number")) return "r_so_dinh_danh";
  if (service_field.starts_with("applicant.phone")) return "r_dien_thoai";
  if (service_field.starts_with("applicant.email")) return "r_email";
  if (service_field.starts_with("applicant.address")) return "r_dia_chi";
  if (service_field.starts_with("result_delivery")) return "r_nhan_kq";
  return "";
}

Response SubmitFinal(const WebDeps& deps, const Request& req, const Wizard& w, const Answers& a) {
  PageContext ctx = Ctx(deps, req, "");
  const auto* who = Who(req);
  auto get = [&](const std::string& k) {
    auto it = a.find(k);
    return it == a.end() ? std::string() : it->second;
  };
  FormErrors errors;
  auto site = deps.site->Get();
  if (!site.ok()) {
    errors.Add("submit", T(ctx, "portal.err.not_offered"));
    return RenderStep(deps, req, w, a, w.ReviewStep(), errors, 503);
  }
  service::SubmitRequest sr;
  sr.unit = site->unit_code;
  sr.procedure_code = w.code;
  sr.channel = dossier::Channel::kOnline;
  sr.applicant.full_name = get("ho_ten");
  sr.applicant.id_number = get("so_dinh_danh");
  sr.applicant.address = get("dia_chi");
  sr.applicant.phone = get("dien_thoai");
  sr.applicant.email = get("email");
  // A paper the resident skipped is filed without a file: the paper they will bring to the
  // counter (listed on the receipt, their page and the officer's page).
  for (size_t i = 0; i < w.components.size(); ++i) {
    sr.components.push_back({w.components[i], false, 1, get(CompKey(i, "tep"))});
  }
  auto rc = service::ParseReturnChannel(get("nhan_kq"));
  sr.result_delivery = rc.ok() ? *rc : dossier::ReturnChannel::kOnline;
  std::string canonical = json(a).dump();
  service::Idempotency idem{"web-submit-" + get("khoa"), Sha256Hex("POST /nop-ho-so\n" + canonical),
                            [](const service::DossierView& v, const std::vector<std::string>&) {
                              return service::StoredResponse{201, v.state.header.id};
                            }};
  auto out = deps.dossiers->commands.Submit(*who, sr, get("khoa").empty() ? nullptr : &idem);
  if (out.ok()) {
    std::string code = out->replay ? out->replay->body : out->view.state.header.id;
    return Response::Redirect(MineHref(code) + "?moi=1");
  }
  const Status& st = out.status();
  int status = 422;
  if (st.code() == Code::kInvalidArgument && !st.fields().empty()) {
    for (const auto& f : st.fields()) {
      std::string id = ReviewField(f.field);
      if (id.empty()) id = "submit";
      errors.Add(id, T(ctx, "portal.err.field_refused",
                       {{"field", id == "submit" ? f.field : T(ctx, "portal.review.check")}}));
    }
  } else if (st.code() == Code::kPermissionDenied) {
    errors.Add("r_so_dinh_danh", T(ctx, "portal.err.not_yours"));
    // Shown as an answer to correct (422), not as a refusal.
  } else if (st.code() == Code::kConflict) {
    errors.Add("submit", T(ctx, "portal.err.already_sent"));
    status = 409;
  } else if (st.code() == Code::kNotFound || st.code() == Code::kFailedPrecondition) {
    errors.Add("submit", T(ctx, "portal.err.not_offered"));
  } else {
    errors.Add("submit", T(ctx, "portal.err.busy"));
    status = 503;
  }
  return RenderStep(deps, req, w, a, w.ReviewStep(), errors, status);
}

// POST /nop-ho-so: checks the step's answer, then shows the next question (or the same one with
// its errors); the review step files the dossier.
Response SubmitStep(const WebDeps& deps, Request& req) {
  PageContext ctx = Ctx(deps, req, "");
  PostedForm f = ReadPostedForm(req);
  if (!f.ok) return MessagePage(deps, req, "portal.err.form_title", "portal.err.form_unreadable", 400);
  Answers a = ReadAnswers(f);
  auto loaded = LoadWizard(deps, a["thu_tuc"]);
  if (!loaded.ok()) return MessagePage(deps, req, "error.not_found.title", "proc.not_found", 404);
  const Wizard& w = *loaded;
  int step = 0;
  try {
    step = std::stoi(f.Get("buoc"));
  } catch (...) {
    step = 0;
  }
  step = std::clamp(step, 0, w.ReviewStep());
  const std::string go = f.Get("di");
  // A "change" button on the review page jumps to that step.
  if (std::string to = f.Get("den"); !to.empty()) {
    int target = 0;
    try {
      target = std::stoi(to);
    } catch (...) {
    }
    return RenderStep(deps, req, w, a, std::clamp(target, 0, w.ReviewStep()), {});
  }
  if (go == "lui") return RenderStep(deps, req, w, a, std::max(0, step - 1), {});
  FormErrors errors;
  RefuseUnreadableText(f.not_utf8, ctx, &errors);
  const auto* who = Who(req);
  if (step == 0) {
    a["ho_ten"] = Trimmed(a["ho_ten"]);
    // An ID number is accepted as people write it: with spaces, dots or dashes between groups.
    std::string id = Trimmed(a["so_dinh_danh"]);
    std::erase_if(id, [](char c) { return c == ' ' || c == '.' || c == '-'; });
    a["so_dinh_danh"] = id;
    a["dia_chi"] = Trimmed(a["dia_chi"]);
    if (a["ho_ten"].empty()) errors.Add("ho_ten", T(ctx, "portal.err.name"));
    if (!Digits(a["so_dinh_danh"], 12, 12)) errors.Add("so_dinh_danh", T(ctx, "portal.err.id_number"));
    if (a["dia_chi"].empty()) errors.Add("dia_chi", T(ctx, "portal.err.address"));
  } else if (step == 1) {
    std::string phone = Trimmed(a["dien_thoai"]);
    std::erase_if(phone, [](char c) { return c == ' ' || c == '.' || c == '-'; });
    a["dien_thoai"] = phone;
    a["email"] = Trimmed(a["email"]);
    if (!Digits(phone, 9, 11)) errors.Add("dien_thoai", T(ctx, "portal.err.phone"));
    const std::string& e = a["email"];
    if (!e.empty() && (e.find('@') == std::string::npos || e.find(' ') != std::string::npos ||
                       e.front() == '@' || e.back() == '@')) {
      errors.Add("email", T(ctx, "portal.err.email"));
    }
  } else if (step < w.DeliveryStep()) {
    size_t i = static_cast<size_t>(step - 2);
    if (go == "bo_qua") {
      a.erase(CompKey(i, "tep"));
      a.erase(CompKey(i, "ten"));
    } else if (const auto* part = f.File("tep")) {
      std::string name;
      std::string id = StoreUpload(deps, ctx, *who, *part, "tep", &errors, &name);
      if (!id.empty()) {
        a[CompKey(i, "tep")] = id;
        a[CompKey(i, "ten")] = name;
      }
    } else if (a[CompKey(i, "tep")].empty()) {
      errors.Add("tep", T(ctx, "portal.err.file_missing"));
    }
  } else if (step == w.DeliveryStep()) {
    const std::string& v = a["nhan_kq"];
    if (v != "online" && v != "counter" && v != "post") {
      errors.Add("nhan_kq_online", T(ctx, "portal.err.delivery"));
    }
  } else {
    return SubmitFinal(deps, req, w, a);
  }
  if (!errors.empty()) return RenderStep(deps, req, w, a, step, errors, 422);
  return RenderStep(deps, req, w, a, step + 1, {});
}

// ---- My dossiers ----------------------------------------------------------------------------

Response MinePage(const WebDeps& deps, Request& req) {
  PageContext ctx = Ctx(deps, req, "");
  ctx.title = T(ctx, "portal.mine.title");
  Data d{Data::type::object};
  auto items = deps.dossiers->queries.MyDossiers(*Who(req));
  if (!items.ok()) {
    d.set("failed", true);
    return RenderPage(req, ctx, "portal_mine", std::move(d), 503);
  }
  Data list{Data::type::list};
  for (const auto& it : *items) {
    Data i{Data::type::object};
    i.set("code", it.code);
    i.set("href", MineHref(it.code));
    i.set("procedure", it.procedure_name);
    i.set("status", T(ctx, "status." + std::to_string(it.status)));
    if (it.received_ms) i.set("received", FormatDateTime(*it.received_ms));
    if (it.status == 3) {
      // Refused: no result will come, so no due time either.
    } else if (it.paused) {
      i.set("due", T(ctx, "lookup.paused"));
    } else if (it.due_ms) {
      i.set("due", FormatDateTime(*it.due_ms));
    }
    if (it.next_role == "applicant") i.set("your_turn", true);
    list.push_back(i);
  }
  d.set("has_items", !list.is_empty_list());
  d.set("items", list);
  return RenderPage(req, ctx, "portal_mine", std::move(d));
}

std::string LookupUrl(const Request& req, const std::string& code) {
  std::string host(req.Header("host").value_or("127.0.0.1"));
  return std::string(req.tls ? "https" : "http") + "://" + host + "/tra-cuu/" +
         http::PercentEncode(code);
}

// The dossier page: status and times, the QR of its public lookup link, the request for documents
// with its upload form, the result, the forms and the rating.
Response DossierPage(const WebDeps& deps, const Request& req, const std::string& code,
                     const FormErrors& errors, const std::string& notice_key, int status) {
  PageContext ctx = Ctx(deps, req, "");
  const auto* who = Who(req);
  service::AccessContext access{req.route, req.request_id};
  // One read: one fold of the events, one row in the access log.
  auto page = deps.dossiers->queries.Page(*who, code, access);
  if (!page.ok()) {
    return MessagePage(deps, req, "error.not_found.title", "portal.dossier.not_found", 404);
  }
  const service::DossierView* v = &page->view;
  const dossier::Dossier& s = v->state;
  const int st = static_cast<int>(s.status);
  ctx.title = T(ctx, "portal.dossier.title", {{"code", s.header.id}});
  Data d{Data::type::object};
  d.set("code", s.header.id);
  d.set("href", MineHref(s.header.id));
  d.set("csrf", Csrf(req));
  d.set("version", std::to_string(s.version));
  d.set("procedure", s.header.procedure_name);
  d.set("status", T(ctx, "status." + std::to_string(st)));
  if (s.submitted_at) d.set("submitted", FormatDateTime(*s.submitted_at));
  if (s.accepted_at) d.set("received", FormatDateTime(*s.accepted_at));
  if (st == 3) {
    // Refused: no result will come, so no due time either.
  } else if (v->paused) {
    d.set("due", T(ctx, "lookup.paused"));
    if (v->paused_remaining_minutes)
      d.set("paused_remaining",
            T(ctx, "lookup.paused_remaining",
              {{"remaining", ctx.lang == "vi" ? v->paused_remaining_vi : v->paused_remaining_en}}));
  } else if (v->due_ms) {
    d.set("due", FormatDateTime(*v->due_ms));
  } else if (st == 1) {
    d.set("due", T(ctx, "portal.dossier.due_after_acceptance"));
  }
  if (s.delivered_at) d.set("returned", FormatDateTime(*s.delivered_at));
  d.set("delivery", DeliveryLabel(ctx, std::string(service::ReturnChannelName(s.header.result_delivery))));
  if (req.Query("moi") == "1") d.set("just_submitted", true);
  std::string done = req.Query("xong");
  if (done == "supplement" || done == "resubmit" || done == "rate" || done == "withdraw") {
    d.set("done", T(ctx, "portal.done." + done));
  }
  if (!notice_key.empty()) d.set("notice", T(ctx, notice_key));
  auto qr = render::QrSvg(LookupUrl(req, s.header.id), 148);
  if (qr.ok()) {
    // The SVG document's XML prolog is dropped so it can sit inline in the page.
    std::string svg = *qr;
    if (auto at = svg.find("<svg"); at != std::string::npos) svg = svg.substr(at);
    // The figure names the image; the drawing itself is hidden from assistive technology.
    if (auto at = svg.find(R"( role="img")"); at != std::string::npos) {
      svg.replace(at, 11, R"( aria-hidden="true" focusable="false")");
    }
    d.set("qr", svg);
  }
  d.set("lookup_href", "/tra-cuu/" + http::PercentEncode(s.header.id));
  // Components and their files; on an online dossier, those sent without a file are the papers
  // the resident said they would bring to the counter.
  Data comps{Data::type::list};
  Data to_bring{Data::type::list};
  for (const auto& c : s.header.components) {
    Data item{Data::type::object};
    item.set("name", c.name);
    if (!c.file.empty()) {
      item.set("file_href", MineHref(s.header.id) + "/tep/" + c.file);
    } else if (s.header.channel == dossier::Channel::kOnline) {
      to_bring.push_back(Data(c.name));
      continue;
    }
    comps.push_back(item);
  }
  d.set("has_to_bring", !to_bring.is_empty_list());
  d.set("to_bring", to_bring);
  d.set("has_components", !comps.is_empty_list());
  d.set("components", comps);
  // What has happened, and who did it.
  const std::vector<dossier::DossierEvent>* hist = &page->events;
  d.set("timeline", TimelineData(deps, ctx, s.header, *hist, /*internal=*/false));
  // What the applicant can do now.
  const std::vector<std::string>& allowed = page->allowed_actions;
  auto can = [&](const char* a) {
    return std::find(allowed.begin(), allowed.end(), a) != allowed.end();
  };
  std::string request_action = can("supplement") ? "supplement" : can("resubmit") ? "resubmit" : "";
  // What the officers wrote to the applicant: the last request for documents, the refusal
  // (Mẫu 03) and the apology with its new date (Mẫu 04), from the dossier's history.
  const dossier::DossierEvent* last = nullptr;
  const dossier::DossierEvent* refusal = nullptr;
  const dossier::DossierEvent* apology = nullptr;
  for (const auto& e : *hist) {
    if (e.type == dossier::EventType::kSentBackForCompletion ||
        e.type == dossier::EventType::kSupplementationRequested) {
      last = &e;
    }
    if (e.type == dossier::EventType::kRefused) refusal = &e;
    if (e.type == dossier::EventType::kApologised) apology = &e;
  }
  if (refusal && st == 3) {
    d.set("refusal", true);
    d.set("refusal_at", FormatDateTime(refusal->at));
    if (!refusal->reason.empty()) d.set("refusal_reason", refusal->reason);
    d.set("refusal_href", MineHref(s.header.id) + "/mau/03.pdf");
  }
  if (apology) {
    d.set("apology", true);
    d.set("apology_at", FormatDateTime(apology->at));
    if (!apology->reason.empty()) d.set("apology_reason", apology->reason);
    if (apology->new_due) d.set("apology_new_due", FormatDateTime(*apology->new_due));
    if (v->original_due_ms) d.set("apology_original_due", FormatDateTime(*v->original_due_ms));
    d.set("apology_href", MineHref(s.header.id) + "/mau/04.pdf");
  }
  if (!request_action.empty()) {
    d.set("request", true);
    d.set("request_action", request_action);
    d.set("request_heading", T(ctx, request_action == "supplement"
                                        ? "portal.request.supplement_heading"
                                        : "portal.request.resubmit_heading"));
    SetFileLimits(deps, &ctx, &d);
    Data items{Data::type::list};
    if (last) {
      if (!last->reason.empty()) d.set("request_reason", last->reason);
      d.set("request_at", FormatDateTime(last->at));
      for (size_t i = 0; i < last->items.size(); ++i) {
        Data it{Data::type::object};
        it.set("name", last->items[i]);
        it.set("field", "tep_" + std::to_string(i));
        for (const auto& [field, message] : errors.items()) {
          if (field == "tep_" + std::to_string(i)) it.set("error", message);
        }
        items.push_back(it);
      }
    }
    if (items.is_empty_list()) {
      Data it{Data::type::object};
      it.set("name", T(ctx, "portal.request.any_document"));
      it.set("field", "tep_0");
      items.push_back(it);
    }
    d.set("request_items", items);
  }
  // The result.
  if (!s.result_file.empty() && (st == 9 || st == 10)) {
    d.set("result_href", MineHref(s.header.id) + "/tep/" + s.result_file);
  } else if ((st == 9 || st == 10) &&
             s.header.result_delivery == dossier::ReturnChannel::kOnline) {
    // Chosen online, but no file came with the result: say so rather than promise a download.
    d.set("result_missing", true);
  }
  // Forms issued to the applicant: those the domain's table says the dossier has (a send-back
  // before acceptance yields Mẫu 02 as a request during processing does), but the process-control
  // sheet (Mẫu 06), which is the office's.
  Data forms{Data::type::list};
  for (dossier::Form f : dossier::FormsOf(s, *hist)) {
    if (f == dossier::Form::k06ProcessSheet) continue;
    const std::string n(dossier::FormCode(f));
    Data item{Data::type::object};
    item.set("href", MineHref(s.header.id) + "/mau/" + n + ".pdf");
    item.set("label", T(ctx, "portal.form." + n));
    forms.push_back(item);
  }
  d.set("has_forms", !forms.is_empty_list());
  d.set("forms", forms);
  if (!s.accepted_at && st == 1) d.set("receipt_pending", true);
  // Asking to withdraw (domain §2.7), while no decision or result has been issued.
  if (can("request-withdrawal")) d.set("can_withdraw", true);
  // Rating.
  if (s.rating > 0) {
    d.set("rated", T(ctx, "portal.rate.done", {{"score", std::to_string(s.rating)}}));
  } else if (can("rate")) {
    d.set("can_rate", true);
    Data scores{Data::type::list};
    for (int i = 5; i >= 1; --i) {
      Data o{Data::type::object};
      o.set("value", std::to_string(i));
      o.set("id", "diem_" + std::to_string(i));
      o.set("label", T(ctx, "portal.rate." + std::to_string(i)));
      scores.push_back(o);
    }
    d.set("scores", scores);
  }
  errors.Into(d);
  if (!errors.empty()) ctx.title = T(ctx, "portal.err.title_prefix") + " " + ctx.title;
  return RenderPage(req, ctx, "portal_dossier", std::move(d), status);
}

Response DossierGet(const WebDeps& deps, Request& req) {
  return DossierPage(deps, req, req.Param("code"), {}, "", 200);
}

// POST /ho-so-cua-toi/{code}: the applicant's actions — send the requested documents
// ("supplement" while supplementation is requested, "resubmit" when an online dossier was sent
// back), ask to withdraw ("withdraw", confirmed by a tick) and rate the service after the result
// was returned. The form carries the version the page
// showed; DossierService::Act refuses a stale one (If-Match semantics) and the page says to reload.
Response DossierPost(const WebDeps& deps, Request& req) {
  PageContext ctx = Ctx(deps, req, "");
  const std::string code = req.Param("code");
  PostedForm f = ReadPostedForm(req);
  if (!f.ok) return MessagePage(deps, req, "portal.err.form_title", "portal.err.form_unreadable", 400);
  const std::string word = f.Get("hanh_dong");
  const auto known = PortalActionWords().find(word);
  const std::string action = known == PortalActionWords().end() ? "" : known->second;
  int64_t version = -1;
  try {
    version = std::stoll(f.Get("phien_ban"));
  } catch (...) {
  }
  if (action.empty() || version < 0) {
    return MessagePage(deps, req, "portal.err.form_title", "portal.err.form_unreadable", 400);
  }
  const auto* who = Who(req);
  FormErrors errors;
  RefuseUnreadableText(f.not_utf8, ctx, &errors);
  dossier::CommandBody cmd;
  if (action == "rate") {
    int score = 0;
    try {
      score = std::stoi(f.Get("diem"));
    } catch (...) {
    }
    if (score < 1 || score > 5) errors.Add("diem_5", T(ctx, "portal.err.score"));
    std::string comment = Trimmed(f.Get("nhan_xet"));
    if (comment.size() > 2000) errors.Add("nhan_xet", T(ctx, "portal.err.comment"));
    cmd = dossier::Rate{score, comment};
  } else if (action == "request-withdrawal") {
    // Asking to stop cannot be undone by the applicant: the form asks them to confirm it.
    std::string reason = Trimmed(f.Get("ly_do_rut"));
    if (reason.size() > 1000) errors.Add("ly_do_rut", T(ctx, "portal.err.withdraw_reason"));
    if (f.Get("xac_nhan_rut") != "1") errors.Add("xac_nhan_rut", T(ctx, "portal.err.withdraw_confirm"));
    cmd = dossier::RequestWithdrawal{reason};
  } else {
    // Store every chosen file first; nothing is sent when one is refused. The files join the
    // dossier's components, so the officers open them through the dossier.
    std::vector<dossier::ReceivedComponent> sent;
    for (const auto& part : f.files) {
      if (!part.name.starts_with("tep_")) continue;
      std::string name;
      std::string id = StoreUpload(deps, ctx, *who, part, part.name, &errors, &name);
      if (!id.empty()) sent.push_back({name, false, 1, id});
    }
    if (action == "supplement") cmd = dossier::Supplement{sent};
    else cmd = dossier::Resubmit{sent};
  }
  if (!errors.empty()) return DossierPage(deps, req, code, errors, "", 422);
  auto out = deps.dossiers->commands.Act(*who, code, cmd, version, nullptr);
  if (out.ok()) return Response::Redirect(MineHref(code) + "?xong=" + word);
  switch (out.status().code()) {
    case Code::kConflict:
    case Code::kPreconditionFailed:  // the form's version is stale
      return DossierPage(deps, req, code, {}, "portal.err.stale", 409);
    case Code::kFailedPrecondition:
      return DossierPage(deps, req, code, {}, "portal.err.not_now", 409);
    case Code::kInvalidArgument:
      return DossierPage(deps, req, code, {}, "portal.err.action_invalid", 422);
    case Code::kNotFound:
    case Code::kPermissionDenied:
      return MessagePage(deps, req, "error.not_found.title", "portal.dossier.not_found", 404);
    case Code::kUnavailable:
    case Code::kResourceExhausted:
      return DossierPage(deps, req, code, {}, "portal.err.busy", 503);
    default:  // a bug, never "try again later"
      spdlog::error("portal: request {}: {} on dossier {} failed: {}: {}", req.request_id, action,
                    code, CodeName(out.status().code()), out.status().message());
      return AdminErrorPage(req, deps, 500);
  }
}

Response DossierFile(const WebDeps& deps, Request& req) {
  auto f = deps.dossiers->queries.File(*Who(req), req.Param("code"), req.Param("file"),
                               {req.route, req.request_id});
  if (!f.ok()) return MessagePage(deps, req, "error.not_found.title", "portal.file.not_found", 404);
  Response r = Response::Text(200, std::move(f->second), f->first.mime);
  r.SetHeader("Content-Disposition",
              "attachment; filename*=UTF-8''" + http::PercentEncode(f->first.name));
  r.SetHeader("Cache-Control", "private, no-store");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

Response DossierForm(const WebDeps& deps, Request& req) {
  const std::string form = req.Param("form");
  if (!dossier::ParseFormCode(form)) {
    return MessagePage(deps, req, "error.not_found.title", "portal.file.not_found", 404);
  }
  auto pdf = deps.dossiers->queries.FormPdf(*Who(req), req.Param("code"), form,
                                    {req.route, req.request_id});
  if (!pdf.ok()) return MessagePage(deps, req, "error.not_found.title", "portal.file.not_found", 404);
  Response r = Response::Text(200, std::move(*pdf), "application/pdf");
  r.SetHeader("Content-Disposition",
              "inline; filename=\"mau-" + form + "-" + req.Param("code") + ".pdf\"");
  r.SetHeader("Cache-Control", "private, no-store");
  return r;
}

}  // namespace

const std::map<std::string, std::string>& PortalActionWords() {
  static const std::map<std::string, std::string> words = {{"supplement", "supplement"},
                                                           {"resubmit", "resubmit"},
                                                           {"rate", "rate"},
                                                           {"withdraw", "request-withdrawal"}};
  return words;
}

Status RegisterPortalRoutes(http::Router& router, const WebDeps& deps) {
  // GET /nop-ho-so is public: it explains how to sign in with VNeID to anyone who is not a
  // resident. Everything else needs a resident signed in through OpenID Connect; the dossier
  // service checks that the dossier is theirs.
  std::vector<http::Route> routes = {
      {Method::kGet, kSubmitPath, "public", [deps](Request& r) { return SubmitStart(deps, r); }},
      {Method::kPost, kSubmitPath, "resident", [deps](Request& r) { return SubmitStep(deps, r); }},
      {Method::kGet, kMinePath, "resident", [deps](Request& r) { return MinePage(deps, r); }},
      {Method::kGet, std::string(kMinePath) + "/{code}", "resident",
       [deps](Request& r) { return DossierGet(deps, r); }},
      {Method::kPost, std::string(kMinePath) + "/{code}", "resident",
       [deps](Request& r) { return DossierPost(deps, r); }},
      {Method::kGet, std::string(kMinePath) + "/{code}/tep/{file}", "resident",
       [deps](Request& r) { return DossierFile(deps, r); }},
      {Method::kGet, std::string(kMinePath) + "/{code}/mau/{form}.pdf", "resident",
       [deps](Request& r) { return DossierForm(deps, r); }},
  };
  for (auto& r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::web
