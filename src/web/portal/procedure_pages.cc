#include "web/portal/procedure_pages.h"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "http/url.h"
#include "service/platform/system_service.h"
#include "web/kit/form.h"
#include "web/kit/format.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

PageContext Context(const Request& req, const WebDeps& deps, const std::string& title) {
  PageContext ctx = BasePageContext(req, deps);
  ctx.title = title;
  return ctx;
}

// The unit whose offerings the pages show: the site's, when it offers any procedure.
std::string SiteUnit(const WebDeps& deps) {
  auto site = deps.site->Get();
  if (!site.ok()) return "";
  auto off = deps.procedures->Offerings(site->unit_code);
  return off.ok() && !off->empty() ? site->unit_code : "";
}

std::string OnlineLabel(const PageContext& ctx, const std::string& level) {
  return T(ctx, "proc.online." + level);
}

std::string Str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// Sets `key` only when `value` is not empty (mustache treats an empty string as a true section).
void SetIf(Data& d, const std::string& key, const std::string& value) {
  if (!value.empty()) d.set(key, value);
}

}  // namespace

Response ProcedureSearchPage(const WebDeps& deps, Request& req) {
  PageContext ctx = Context(req, deps, "");
  ctx.title = T(ctx, "proc.search.title");
  service::ProcedureQuery q;
  q.q = req.Query("q");
  q.field = req.Query("field");
  q.online = req.Query("online");
  if (q.online != "full" && q.online != "partial" && q.online != "none") q.online.clear();
  q.unit = SiteUnit(deps);
  q.limit = 50;
  q.offset = std::max(0, std::atoi(req.Query("offset").c_str()));
  Data d{Data::type::object};
  d.set("q", q.q);
  Data fields{Data::type::list};
  if (auto fl = deps.procedures->Fields(q.unit); fl.ok()) {
    for (const auto& f : *fl) {
      Data item{Data::type::object};
      item.set("name", f);
      item.set("selected", f == q.field);
      fields.push_back(item);
    }
  }
  d.set("fields", fields);
  Data online{Data::type::list};
  for (const char* level : {"full", "partial", "none"}) {
    Data item{Data::type::object};
    item.set("value", level);
    item.set("label", OnlineLabel(ctx, level));
    item.set("selected", q.online == level);
    online.push_back(item);
  }
  d.set("online_levels", online);
  auto r = deps.procedures->Search(q);
  if (!r.ok()) {
    d.set("failed", true);
    return RenderPage(req, ctx, "procedures", std::move(d), 503);
  }
  d.set("count_line", T(ctx, r->total == 1 ? "proc.search.count_one" : "proc.search.count",
                        {{"count", std::to_string(r->total)}}));
  d.set("scope_line", q.unit.empty() ? T(ctx, "proc.search.scope_all")
                                     : T(ctx, "proc.search.scope_unit", {{"unit", ctx.unit_name}}));
  Data items{Data::type::list};
  for (const auto& s : r->items) {
    Data item{Data::type::object};
    item.set("code", s.code);
    item.set("name", s.name);
    item.set("field", s.field);
    item.set("time", s.time_raw);
    item.set("online", OnlineLabel(ctx, s.online_level));
    items.push_back(item);
  }
  d.set("items", items);
  d.set("has_items", !r->items.empty());
  if (r->total > q.offset + static_cast<int64_t>(r->items.size())) {
    d.set("next_href", fmt::format("?q={}&field={}&online={}&offset={}", http::PercentEncode(q.q),
                                   http::PercentEncode(q.field), q.online,
                                   q.offset + static_cast<int>(r->items.size())));
  }
  return RenderPage(req, ctx, "procedures", std::move(d));
}

Response ProcedurePage(const WebDeps& deps, Request& req) {
  auto v = deps.procedures->Current(req.Param("code"));
  PageContext ctx = Context(req, deps, "");
  if (!v.ok()) {
    ctx.title = T(ctx, "error.not_found.title");
    Data d{Data::type::object};
    d.set("heading", ctx.title);
    d.set("message", T(ctx, "proc.not_found"));
    return RenderPage(req, ctx, "error", std::move(d), 404);
  }
  json p = json::parse(v->record_json, nullptr, false);
  ctx.title = Str(p, "name");
  Data d{Data::type::object};
  d.set("name", Str(p, "name"));
  d.set("code", v->code);
  d.set("code_line", T(ctx, "proc.code_line", {{"code", v->code}, {"field", Str(p, "field")},
                                               {"version", std::to_string(v->version)}}));
  // What to bring.
  Data comps{Data::type::list};
  if (p.contains("components") && p["components"].is_array()) {
    for (const auto& c : p["components"]) {
      Data item{Data::type::object};
      item.set("name", Str(c, "name"));
      std::string qty;
      int orig = c.value("originals", 0), copies = c.value("copies", 0);
      if (orig > 0) qty += T(ctx, "proc.originals", {{"n", std::to_string(orig)}});
      if (copies > 0) {
        qty += (qty.empty() ? "" : ", ") + T(ctx, "proc.copies", {{"n", std::to_string(copies)}});
      }
      SetIf(item, "quantity", qty);
      SetIf(item, "group", Str(c, "group"));
      comps.push_back(item);
    }
  }
  d.set("components", comps);
  d.set("has_components", !comps.is_empty_list());
  d.set("components_raw", Str(p, "components_raw"));
  // How long.
  std::string time_raw = p.contains("processing_time") ? Str(p["processing_time"], "raw") : "";
  d.set("time", time_raw.empty() ? T(ctx, "proc.unknown") : time_raw);
  // Local settings of the site's unit.
  auto site = deps.site->Get();
  std::string where = site.ok() ? T(ctx, "proc.where_site", {{"unit", site->unit_name},
                                                              {"province", site->province_name}})
                                : "";
  if (site.ok()) {
    auto off = deps.procedures->Offerings(site->unit_code, v->code);
    if (off.ok() && !off->empty()) {
      const auto& o = off->front();
      if (o.local_days) {
        d.set("local_time", T(ctx, "proc.local_time", {{"unit", site->unit_name},
                                                        {"days", fmt::format("{:g}", *o.local_days)}}));
      }
      SetIf(d, "local_fee", o.local_fee_note);
    } else {
      where = T(ctx, "proc.not_offered", {{"unit", site->unit_name}});
    }
  }
  // What it costs.
  Data fees{Data::type::list};
  if (p.contains("fees") && p["fees"].is_array()) {
    for (const auto& f : p["fees"]) {
      Data item{Data::type::object};
      item.set("name", Str(f, "name"));
      if (f.contains("amount_vnd") && f["amount_vnd"].is_number_integer()) {
        int64_t a = f["amount_vnd"].get<int64_t>();
        item.set("amount", a == 0 ? T(ctx, "proc.free")
                                  : T(ctx, "proc.vnd", {{"amount", GroupThousands(a)}}));
      } else {
        item.set("amount", Str(f, "raw"));
      }
      SetIf(item, "note", Str(f, "note"));
      fees.push_back(item);
    }
  }
  d.set("has_fees", !fees.is_empty_list());
  d.set("fees", fees);
  // Where to go.
  SetIf(d, "where", where);
  SetIf(d, "agency", Str(p, "implementing_agency"));
  SetIf(d, "address", Str(p, "reception_address"));
  std::string online = Str(p, "online_level");
  d.set("online_label", OnlineLabel(ctx, online.empty() ? "unknown" : online));
  d.set("can_submit_online", online == "full" || online == "partial");
  d.set("submit_href", "/nop-ho-so?thu_tuc=" + http::PercentEncode(v->code));
  Data steps{Data::type::list};
  if (p.contains("steps") && p["steps"].is_array()) {
    for (const auto& s : p["steps"]) {
      if (s.is_string()) steps.push_back(Data(s.get<std::string>()));
    }
  }
  d.set("steps", steps);
  SetIf(d, "requirements", Str(p, "requirements"));
  SetIf(d, "result", Str(p, "result"));
  Data legal{Data::type::list};
  if (p.contains("legal_basis") && p["legal_basis"].contains("numbers") &&
      p["legal_basis"]["numbers"].is_array()) {
    for (const auto& n : p["legal_basis"]["numbers"]) {
      if (n.is_string()) legal.push_back(Data(n.get<std::string>()));
    }
  }
  d.set("has_legal", !legal.is_empty_list());
  d.set("legal", legal);
  SetIf(d, "decision", Str(p, "publication_decision"));
  // The summary at the top (issue 23, point 7): what a phone shows first.
  {
    std::string time_words;
    if (p.contains("processing_time") && p["processing_time"].is_object()) {
      const json& t = p["processing_time"];
      const std::string unit = Str(t, "unit");
      if (unit == "same_day") {
        time_words = T(ctx, "proc.time.same_day");
      } else if (t.contains("amount") && t["amount"].is_number() && t["amount"].get<double>() > 0 &&
                 !unit.empty() && unit != "unspecified") {
        const double n = t["amount"].get<double>();
        time_words = T(ctx, "proc.time." + unit + (n == 1 ? "_one" : ""),
                       {{"n", fmt::format("{:g}", n)}});
      }
    }
    d.set("sum_time", time_words.empty() ? (time_raw.empty() ? T(ctx, "proc.unknown") : time_raw)
                                         : time_words);
    std::string fee_words;
    bool all_free = !fees.is_empty_list();
    std::vector<std::string> amounts;
    if (p.contains("fees") && p["fees"].is_array()) {
      for (const auto& f : p["fees"]) {
        if (f.contains("amount_vnd") && f["amount_vnd"].is_number_integer()) {
          const int64_t a = f["amount_vnd"].get<int64_t>();
          if (a != 0) {
            all_free = false;
            const std::string w = T(ctx, "proc.vnd", {{"amount", GroupThousands(a)}});
            if (std::find(amounts.begin(), amounts.end(), w) == amounts.end()) amounts.push_back(w);
          }
        } else {
          all_free = false;
        }
      }
    }
    if (all_free) {
      fee_words = T(ctx, "proc.free");
    } else if (amounts.size() == 1) {
      fee_words = amounts.front();
    } else if (!amounts.empty()) {
      fee_words = T(ctx, "proc.sum_fee_several", {{"first", amounts.front()}});
    } else {
      fee_words = T(ctx, "proc.sum_fee_see_below");
    }
    d.set("sum_fee", fee_words);
    // The usual papers: the rows that say how many to bring (RequiredPapers), a few at most.
    Data usual{Data::type::list};
    const auto papers = RequiredPapers(v->record_json);
    for (size_t i = 0; i < papers.size() && i < 4; ++i) {
      std::string name = papers[i].name;
      if (name.size() > 160) {  // a long legal paragraph: its first clause
        size_t cut = name.find_first_of(";(", 40);
        name = name.substr(0, cut == std::string::npos || cut > 160 ? 160 : cut);
        while (!name.empty() && (name.back() == ' ' || name.back() == ',')) name.pop_back();
        name += "…";
      }
      usual.push_back(Data(name));
    }
    d.set("sum_papers", usual);
    d.set("has_sum_papers", !usual.is_empty_list());
    d.set("sum_more_papers", papers.size() > 4);
    d.set("sum_online", OnlineLabel(ctx, online.empty() ? "unknown" : online));
    SetIf(d, "sum_where", where);
  }
  return RenderPage(req, ctx, "procedure", std::move(d));
}

}  // namespace motcua::web
