#include "web/floor/floor_pages.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/civil_time.h"
#include "domain/floor/queue.h"
#include "http/problem.h"
#include "http/url.h"
#include "render/qr.h"
#include "render/ticket.h"
#include "web/kit/form.h"
#include "web/kit/i18n.h"
#include "web/kit/page_context.h"
#include "web/kit/view.h"

namespace motcua::web {

using http::Method;
using http::Request;
using http::Response;
using service::FloorDevice;
using service::TicketView;

namespace {

// "09:30 05/12/2026" in Vietnam time; "09:30" with `time_only`.
std::string When(int64_t ms, bool time_only = false) {
  const LocalDateTime t = ToVietnam(ms);
  if (time_only) return fmt::format("{:02d}:{:02d}", t.minute_of_day / 60, t.minute_of_day % 60);
  return fmt::format("{:02d}:{:02d} {:02d}/{:02d}/{:04d}", t.minute_of_day / 60,
                     t.minute_of_day % 60, static_cast<unsigned>(t.date.day()),
                     static_cast<unsigned>(t.date.month()), static_cast<int>(t.date.year()));
}

// A plain page for an error, in the visitor's language.
Response Plain(const WebDeps& deps, const Request& req, int status, const std::string& key) {
  PageContext ctx = BasePageContext(req, deps, "floor." + key + ".title");
  Data d{Data::type::object};
  d.set("heading", ctx.title);
  d.set("message", T(ctx, "floor." + key + ".body"));
  return RenderPage(req, ctx, "error", std::move(d), status);
}

// A refusal or error: a page for a browser, a problem for any other client (as the authorisation
// hook answers refusals).
Response StatusPage(const WebDeps& deps, const Request& req, const Status& st) {
  auto accept = req.Header("accept");
  if (!accept || accept->find("text/html") == std::string_view::npos)
    return http::ProblemFromStatus(st);
  switch (st.code()) {
    case Code::kNotFound: return Plain(deps, req, 404, "not_found");
    case Code::kPermissionDenied:
    case Code::kUnauthenticated: return Plain(deps, req, 403, "forbidden");
    case Code::kUnavailable: return Plain(deps, req, 503, "unavailable");
    default: return Plain(deps, req, 500, "error");
  }
}

// Returns the device of the page's key (`k` in the query or the form), or the refusal page.
Result<FloorDevice> Device(const WebDeps& deps, const Request& req, const char* kind,
                           const std::string& form_key = "") {
  if (!deps.floor) return Status::Unavailable("the floor is not served here");
  std::string key = form_key.empty() ? req.Query("k") : form_key;
  return deps.floor->DeviceFor(key, kind, req.Param("unit"));
}

std::string AreaName(const PageContext& ctx, const service::FloorArea& a) {
  return ctx.lang == "en" && !a.name_en.empty() ? a.name_en : a.name_vi;
}

std::string TicketAreaName(const PageContext& ctx, const TicketView& t) {
  return ctx.lang == "en" && !t.area_name_en.empty() ? t.area_name_en : t.area_name_vi;
}

std::string BaseUrl(const WebDeps& deps, const Request& req) {
  if (!deps.public_url.empty()) return deps.public_url;
  return std::string(req.tls ? "https" : "http") + "://" +
         std::string(req.Header("host").value_or("127.0.0.1"));
}

std::string WaitLine(const PageContext& ctx, const TicketView& t) {
  if (t.state == "waiting")
    return T(ctx, "floor.ticket.ahead", {{"ahead", std::to_string(t.ahead)},
                                         {"minutes", std::to_string(t.wait_minutes)}});
  if (t.state == "called" || t.state == "serving")
    return T(ctx, "floor.ticket.go", {{"counter", std::to_string(t.counter)}});
  return T(ctx, "floor.state." + t.state);
}

// ---- Kiosk ------------------------------------------------------------------------------------

Response KioskPage(const WebDeps& deps, Request& req, const std::string& message = "",
                   int status = 200) {
  auto kiosk = Device(deps, req, "kiosk", ReadPostedForm(req).Get("k"));
  if (!kiosk.ok()) return StatusPage(deps, req, kiosk.status());
  auto setup = deps.floor->Setup(kiosk->unit);
  if (!setup.ok()) return StatusPage(deps, req, setup.status());
  PageContext ctx = BasePageContext(req, deps, "floor.kiosk.title");
  std::string key = req.Query("k");
  if (key.empty()) key = ReadPostedForm(req).Get("k");
  ctx.path = "/quay/" + kiosk->unit + "/kiosk";  // the language switch keeps the query (?k=)
  Data d{Data::type::object};
  d.set("action", "/quay/" + kiosk->unit + "/kiosk");
  d.set("key", key);
  d.set("csrf", PagePrincipal(req).csrf);
  Data areas{Data::type::list};
  for (const auto& a : setup->areas) {
    Data item{Data::type::object};
    item.set("code", a.code);
    item.set("name", AreaName(ctx, a));
    item.set("prefix", a.prefix);
    areas.push_back(item);
  }
  d.set("areas", areas);
  if (!message.empty()) d.set("message", message);
  return RenderPage(req, ctx, "floor_kiosk", std::move(d), status);
}

Response KioskSubmit(const WebDeps& deps, Request& req) {
  const PostedForm form = ReadPostedForm(req);
  auto kiosk = Device(deps, req, "kiosk", form.Get("k"));
  if (!kiosk.ok()) return StatusPage(deps, req, kiosk.status());
  const std::string booking = Trimmed(form.Get("booking_code"));
  const floor::Group group =
      form.Get("priority") == "1" ? floor::Group::kPriority : floor::Group::kNormal;
  auto t = deps.floor->Issue(*kiosk, form.Get("area"), group, booking);
  if (!t.ok()) {
    PageContext ctx = BasePageContext(req, deps);
    const std::string msg = t.status().code() == Code::kInvalidArgument && !booking.empty()
                                ? T(ctx, "floor.kiosk.bad_booking")
                                : T(ctx, "floor.kiosk.failed");
    return KioskPage(deps, req, msg, t.status().code() == Code::kInvalidArgument ? 422 : 503);
  }
  return Response::Redirect("/quay/ve/" + t->id + "?in=kiosk&k=" + http::PercentEncode(form.Get("k")));
}

// ---- A ticket ---------------------------------------------------------------------------------

Response TicketPage(const WebDeps& deps, Request& req) {
  if (!deps.floor) return StatusPage(deps, req, Status::Unavailable("no floor"));
  auto t = deps.floor->Ticket(req.Param("id"));
  if (!t.ok()) return StatusPage(deps, req, t.status());
  PageContext ctx = BasePageContext(req, deps, "floor.ticket.title", {{"label", t->label}});
  ctx.scripts.push_back(AssetUrl("floor.js"));
  Data d{Data::type::object};
  d.set("label", t->label);
  d.set("area", TicketAreaName(ctx, *t));
  d.set("issued", When(t->issued_ms));
  d.set("wait_line", WaitLine(ctx, *t));
  d.set("called", t->state == "called");
  d.set("pdf_href", "/quay/ve/" + t->id + "/ve.pdf?lang=" + ctx.lang);
  d.set("self_href", "/quay/ve/" + t->id);
  const std::string follow = BaseUrl(deps, req) + "/quay/ve/" + t->id;
  if (auto qr = render::QrSvg(follow, 132); qr.ok()) {
    std::string svg = *qr;
    if (auto at = svg.find("<svg"); at != std::string::npos) svg = svg.substr(at);
    if (auto at = svg.find(R"( role="img")"); at != std::string::npos)
      svg.replace(at, 11, R"( aria-hidden="true" focusable="false")");
    d.set("qr", svg);
  }
  if (req.Query("in") == "kiosk") {
    d.set("from_kiosk", true);
    d.set("kiosk_href", "/quay/" + t->unit + "/kiosk?k=" + http::PercentEncode(req.Query("k")));
  }
  d.set("live", t->state == "waiting" || t->state == "called");
  return RenderPage(req, ctx, "floor_ticket", std::move(d));
}

Response TicketPdf(const WebDeps& deps, Request& req) {
  if (!deps.floor) return StatusPage(deps, req, Status::Unavailable("no floor"));
  auto t = deps.floor->Ticket(req.Param("id"));
  if (!t.ok()) return StatusPage(deps, req, t.status());
  PageContext ctx = BasePageContext(req, deps);
  render::TicketSlip slip;
  slip.centre = T(ctx, "site.title") + (ctx.unit_name.empty() ? "" : " " + ctx.unit_name);
  slip.label = t->label;
  slip.area = TicketAreaName(ctx, *t);
  slip.issued = When(t->issued_ms);
  slip.ahead_line = WaitLine(ctx, *t);
  slip.follow_url = BaseUrl(deps, req) + "/quay/ve/" + t->id;
  slip.follow_line = T(ctx, "floor.ticket.follow");
  auto pdf = render::RenderTicketPdf(slip);
  if (!pdf.ok()) return StatusPage(deps, req, pdf.status());
  Response r = Response::Text(200, std::move(*pdf), "application/pdf");
  r.SetHeader("Content-Disposition", "inline; filename=\"" + t->label + ".pdf\"");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

// ---- Display board ------------------------------------------------------------------------------

void SetCalls(const PageContext& ctx, const service::FloorBoard& b, Data* d) {
  Data calls{Data::type::list};
  for (size_t i = 0; i < b.calls.size(); ++i) {
    const auto& c = b.calls[i];
    if (i == 0) {
      d->set("latest_label", c.label);
      d->set("latest_counter", std::to_string(c.counter));
      continue;
    }
    Data item{Data::type::object};
    item.set("label", c.label);
    item.set("counter", std::to_string(c.counter));
    item.set("time", When(c.at_ms, true));
    calls.push_back(item);
  }
  d->set("has_latest", !b.calls.empty());
  d->set("calls", calls);
  d->set("counter_word", T(ctx, "floor.board.counter"));
}

Response BoardPage(const WebDeps& deps, Request& req) {
  auto display = Device(deps, req, "display");
  if (!display.ok()) return StatusPage(deps, req, display.status());
  auto b = deps.floor->Board(display->unit);
  if (!b.ok()) return StatusPage(deps, req, b.status());
  PageContext ctx = BasePageContext(req, deps, "floor.board.title");
  ctx.scripts.push_back(AssetUrl("floor.js"));
  const std::string key = http::PercentEncode(req.Query("k"));
  ctx.path = "/quay/" + display->unit + "/bang";
  Data d{Data::type::object};
  SetCalls(ctx, *b, &d);
  d.set("version", std::to_string(b->version));
  d.set("events_url", "/quay/" + display->unit + "/bang/su-kien?k=" + key);
  d.set("audio_url", "/quay/" + display->unit + "/loa/");
  d.set("key", key);
  d.set("lang", ctx.lang);
  d.set("phrase_vi", Catalog::Get().T("vi", "floor.board.phrase"));
  d.set("phrase_en", Catalog::Get().T("en", "floor.board.phrase"));
  return RenderPage(req, ctx, "floor_board", std::move(d));
}

// Returns the `board` event of a board: rendered once per board however many boards wait for it
// (the watch answers them all from one thread, one after the other).
const std::string& BoardEvent(const service::FloorWatch::Snapshot& snap) {
  thread_local const service::FloorBoard* last = nullptr;
  thread_local std::shared_ptr<const service::FloorBoard> keep;  // so `last` is not reused
  thread_local std::string event;
  if (snap.get() == last) return event;
  std::string json = "{\"version\":" + std::to_string(snap->version) + ",\"calls\":[";
  for (size_t i = 0; i < snap->calls.size(); ++i) {
    const auto& c = snap->calls[i];
    json += fmt::format("{}{{\"id\":{},\"label\":\"{}\",\"counter\":{},\"time\":\"{}\",\"recall\":{}}}",
                        i ? "," : "", c.id, c.label, c.counter, When(c.at_ms, true),
                        c.recall ? "true" : "false");
  }
  json += "]}";
  event = fmt::format("retry: 100\nid: {}\nevent: board\ndata: {}\n\n", snap->version, json);
  keep = snap;
  last = snap.get();
  return event;
}

// The answer to one request of the board's event stream: a `board` event (id = version, data =
// the board's JSON) when the board is newer than the one the page has, else a comment; `retry`
// tells EventSource to ask again soon (Last-Event-ID carries the version).
Response BoardAnswer(const Result<service::FloorWatch::Snapshot>& snap, int64_t since) {
  std::string body;
  if (snap.ok() && (*snap)->version > since) {
    body = BoardEvent(*snap);
  } else if (snap.ok()) {
    body = "retry: 100\n: no change\n\n";
  } else {
    body = "retry: 3000\n: " + snap.status().message() + "\n\n";
  }
  Response r = Response::Text(200, std::move(body), "text/event-stream; charset=utf-8");
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response BoardEvents(const WebDeps& deps, Request& req) {
  auto display = Device(deps, req, "display");
  if (!display.ok()) return http::ProblemFromStatus(display.status());
  std::string since_text(req.Header("last-event-id").value_or(""));
  if (since_text.empty()) since_text = req.Query("since");
  int64_t since = 0;
  if (!since_text.empty() && since_text.size() < 19 &&
      std::all_of(since_text.begin(), since_text.end(), ::isdigit))
    since = std::stoll(since_text);
  service::FloorWatch* watch = deps.floor_watch;
  if (!watch) return BoardAnswer(Status::Unavailable("no live boards here"), since);
  return Response::Later([watch, unit = display->unit, since](http::Reply reply) {
    watch->Wait(unit, since, [reply, since](Result<service::FloorWatch::Snapshot> snap) {
      reply(BoardAnswer(snap, since));
    });
  });
}

Response CallAudio(const WebDeps& deps, Request& req) {
  auto display = Device(deps, req, "display");
  if (!display.ok()) return http::ProblemFromStatus(display.status());
  if (!deps.floor_voice) return http::ProblemFromStatus(Status::Unavailable("no voice here"));
  const std::string id = req.Param("call");
  auto b = deps.floor->Board(display->unit, 50);
  if (!b.ok()) return http::ProblemFromStatus(b.status());
  const service::FloorCall* call = nullptr;
  for (const auto& c : b->calls)
    if (std::to_string(c.id) == id) call = &c;
  if (!call) return http::ProblemFromStatus(Status::NotFound("no such call on this board"));
  const std::string lang = req.Query("lang") == "en" ? "en" : "vi";
  auto wav = deps.floor_voice->Wav(floor::CallPhrase(call->label, call->counter, lang), lang);
  if (!wav.ok()) return http::ProblemFromStatus(wav.status());
  Response r = Response::Text(200, std::move(*wav), "audio/wav");
  r.SetHeader("Cache-Control", "private, max-age=86400");
  return r;
}

// ---- Rating terminal ----------------------------------------------------------------------------

Response RatingPage(const WebDeps& deps, Request& req, const std::string& key, bool thanks,
                    int status = 200) {
  auto terminal = Device(deps, req, "rating", key);
  if (!terminal.ok()) return StatusPage(deps, req, terminal.status());
  PageContext ctx = BasePageContext(req, deps, "floor.rating.title");
  ctx.scripts.push_back(AssetUrl("floor.js"));
  ctx.path = "/quay/" + terminal->unit + "/danh-gia";
  Data d{Data::type::object};
  d.set("counter", std::to_string(terminal->counter));
  d.set("heading", T(ctx, "floor.rating.heading", {{"counter", std::to_string(terminal->counter)}}));
  d.set("key", key);
  d.set("csrf", PagePrincipal(req).csrf);
  d.set("action", "/quay/" + terminal->unit + "/danh-gia");
  d.set("thanks", thanks);
  auto t = deps.floor->Rateable(*terminal);
  if (t.ok()) {
    d.set("ticket", t->id);
    d.set("label", t->label);
    Data choices{Data::type::list};
    for (int s = 4; s >= 1; --s) {
      Data c{Data::type::object};
      c.set("score", std::to_string(s));
      c.set("text", T(ctx, "floor.rating.score" + std::to_string(s)));
      choices.push_back(c);
    }
    d.set("choices", choices);
  } else if (t.status().code() != Code::kNotFound) {
    return StatusPage(deps, req, t.status());
  }
  return RenderPage(req, ctx, "floor_rating", std::move(d), status);
}

Response RatingSubmit(const WebDeps& deps, Request& req) {
  const PostedForm form = ReadPostedForm(req);
  auto terminal = Device(deps, req, "rating", form.Get("k"));
  if (!terminal.ok()) return StatusPage(deps, req, terminal.status());
  const std::string score = form.Get("score");
  Status st = deps.floor->Rate(*terminal, form.Get("ticket"),
                               score.size() == 1 ? score[0] - '0' : 0,
                               Trimmed(form.Get("comment")));
  if (!st.ok() && st.code() != Code::kAlreadyExists && st.code() != Code::kNotFound)
    return RatingPage(deps, req, form.Get("k"), false, 422);
  return RatingPage(deps, req, form.Get("k"), true);
}

// ---- Counter ----------------------------------------------------------------------------------

int CounterNumber(const Request& req) {
  const std::string s = req.Param("counter");
  if (s.empty() || s.size() > 2 || !std::all_of(s.begin(), s.end(), ::isdigit)) return 0;
  return std::stoi(s);
}

Response CounterPage(const WebDeps& deps, Request& req, const std::string& message = "",
                     int status = 200) {
  if (!deps.floor) return StatusPage(deps, req, Status::Unavailable("no floor"));
  const std::string unit = req.Param("unit");
  const int number = CounterNumber(req);
  auto v = deps.floor->Counter(PagePrincipal(req), unit, number);
  if (!v.ok()) return StatusPage(deps, req, v.status());
  PageContext ctx = BasePageContext(req, deps, "floor.counter.title", {{"counter", std::to_string(number)}});
  ctx.path = "/can-bo/quay/" + unit + "/" + std::to_string(number);
  Data d{Data::type::object};
  d.set("action", ctx.path);
  d.set("heading", ctx.title);
  d.set("csrf", PagePrincipal(req).csrf);
  if (!message.empty()) d.set("message", message);
  if (v->current) {
    const TicketView& t = *v->current;
    Data cur{Data::type::object};
    cur.set("label", t.label);
    cur.set("id", t.id);
    cur.set("area", TicketAreaName(ctx, t));
    cur.set("state", T(ctx, "floor.state." + t.state));
    cur.set("group", T(ctx, "floor.group." + t.group));
    cur.set("called", t.state == "called");
    cur.set("serving", t.state == "serving");
    cur.set("recalls", std::to_string(t.recalls));
    d.set("current", cur);
  }
  Data areas{Data::type::list};
  for (const auto& a : v->all_areas) {
    Data item{Data::type::object};
    item.set("code", a.code);
    item.set("name", AreaName(ctx, a));
    areas.push_back(item);
  }
  d.set("areas", areas);
  Data counters{Data::type::list};
  for (int c : v->all_counters)
    if (c != number) counters.push_back(Data(std::to_string(c)));
  d.set("counters", counters);
  Data waiting{Data::type::list};
  for (const auto& w : v->waiting) {
    Data item{Data::type::object};
    item.set("label", w.label);
    item.set("group", T(ctx, "floor.group." + w.group));
    item.set("issued", When(w.issued_ms, true));
    waiting.push_back(item);
  }
  d.set("waiting", waiting);
  d.set("waiting_count", T(ctx, "floor.counter.waiting", {{"count", std::to_string(v->waiting.size())}}));
  d.set("none_waiting", v->waiting.empty());
  return RenderPage(req, ctx, "floor_counter", std::move(d), status);
}

Response CounterSubmit(const WebDeps& deps, Request& req) {
  if (!deps.floor) return StatusPage(deps, req, Status::Unavailable("no floor"));
  const PostedForm form = ReadPostedForm(req);
  const std::string unit = req.Param("unit");
  const int number = CounterNumber(req);
  // The floor's own verbs (domain/floor), not the dossier's actions.
  const std::string step = form.Get("action");
  PageContext ctx = BasePageContext(req, deps);
  Status st;
  if (step == "link") {
    st = deps.floor->Link(PagePrincipal(req), unit, number, form.Get("ticket"),
                          Trimmed(form.Get("dossier_code")));
  } else {
    auto a = floor::ParseAction(step);
    if (!a.ok()) return CounterPage(deps, req, T(ctx, "floor.counter.failed"), 422);
    floor::ActionArgs args;
    args.to_area = form.Get("to_area");
    const std::string to = form.Get("to_counter");
    if (!to.empty() && to.size() <= 2 && std::all_of(to.begin(), to.end(), ::isdigit))
      args.to_counter = std::stoi(to);
    st = deps.floor->Act(PagePrincipal(req), unit, number, *a, args).status();
  }
  if (st.code() == Code::kPermissionDenied) return StatusPage(deps, req, st);
  if (st.code() == Code::kNotFound && step == "call")
    return CounterPage(deps, req, T(ctx, "floor.counter.nobody"), 409);
  if (!st.ok()) return CounterPage(deps, req, T(ctx, "floor.counter.failed"), 409);
  return Response::Redirect("/can-bo/quay/" + unit + "/" + std::to_string(number));
}

// ---- Statistics -------------------------------------------------------------------------------

void SetRows(const PageContext& ctx, const char* name, const std::vector<service::FloorStatsRow>& rows,
             Data* d, bool officer) {
  Data list{Data::type::list};
  for (const auto& r : rows) {
    Data item{Data::type::object};
    item.set("key", officer && r.key.empty() ? T(ctx, "floor.stats.nobody") : r.key);
    item.set("issued", std::to_string(r.issued));
    item.set("served", std::to_string(r.served));
    item.set("no_shows", std::to_string(r.no_shows));
    item.set("wait", fmt::format("{:.1f}", r.avg_wait_min));
    item.set("service", fmt::format("{:.1f}", r.avg_service_min));
    item.set("ratings", std::to_string(r.ratings));
    item.set("rating", r.ratings ? fmt::format("{:.2f}", r.avg_rating) : "—");
    list.push_back(item);
  }
  d->set(name, list);
}

Response StatsPage(const WebDeps& deps, Request& req) {
  if (!deps.floor) return StatusPage(deps, req, Status::Unavailable("no floor"));
  const std::string unit = req.Param("unit");
  const std::string today = floor::DayOf(Env::Default().NowMs());
  std::string from = req.Query("from"), to = req.Query("to");
  if (from.empty()) from = today;
  if (to.empty()) to = today;
  auto s = deps.floor->Statistics(PagePrincipal(req), unit, from, to);
  PageContext ctx = BasePageContext(req, deps, "floor.stats.title");
  if (!s.ok() && s.status().code() == Code::kInvalidArgument) {
    s = deps.floor->Statistics(PagePrincipal(req), unit, today, today);
    from = to = today;
  }
  if (!s.ok()) return StatusPage(deps, req, s.status());
  Data d{Data::type::object};
  d.set("action", "/can-bo/quay/" + unit + "/thong-ke");
  d.set("from", from);
  d.set("to", to);
  d.set("xlsx_href", "/api/v1/units/" + unit + "/floor/stats.xlsx?from=" + from + "&to=" + to +
                         "&lang=" + ctx.lang);
  SetRows(ctx, "total", {s->total}, &d, false);
  SetRows(ctx, "by_area", s->by_area, &d, false);
  SetRows(ctx, "by_counter", s->by_counter, &d, false);
  SetRows(ctx, "by_officer", s->by_officer, &d, true);
  SetRows(ctx, "by_hour", s->by_hour, &d, false);
  return RenderPage(req, ctx, "floor_stats", std::move(d));
}

// ---- Appointments (a resident signed in with VNeID) ----------------------------------------------

Response BookingPage(const WebDeps& deps, Request& req, const std::string& message = "",
                     const std::string& code = "", int status = 200) {
  if (!deps.floor) return StatusPage(deps, req, Status::Unavailable("no floor"));
  const std::string unit = req.Param("unit");
  auto setup = deps.floor->Setup(unit);
  if (!setup.ok()) return StatusPage(deps, req, setup.status());
  if (setup->areas.empty()) return StatusPage(deps, req, Status::NotFound("no floor here"));
  PageContext ctx = BasePageContext(req, deps, "floor.book.title");
  const PostedForm form = ReadPostedForm(req);
  std::string area = req.Query("area").empty() ? form.Get("area") : req.Query("area");
  if (std::none_of(setup->areas.begin(), setup->areas.end(),
                                               [&](const service::FloorArea& a) { return a.code == area; }))
    area = setup->areas.front().code;
  const int64_t now = Env::Default().NowMs();
  std::string day = req.Query("day").empty() ? form.Get("day") : req.Query("day");
  if (day.size() != 10) day = floor::DayOf(now + kMsPerDay);
  Data d{Data::type::object};
  d.set("action", "/quay/" + unit + "/dat-lich");
  d.set("csrf", PagePrincipal(req).csrf);
  d.set("day", day);
  if (!message.empty()) d.set("message", message);
  if (!code.empty()) d.set("code", code);
  Data areas{Data::type::list};
  for (const auto& a : setup->areas) {
    Data item{Data::type::object};
    item.set("code", a.code);
    item.set("name", AreaName(ctx, a));
    item.set("selected", a.code == area);
    areas.push_back(item);
  }
  d.set("areas", areas);
  Data slots{Data::type::list};
  if (auto list = deps.floor->Slots(unit, area, day); list.ok()) {
    for (const auto& sl : *list) {
      if (sl.start_ms <= now) continue;
      Data item{Data::type::object};
      item.set("value", FormatRfc3339Vietnam(sl.start_ms));
      item.set("id", "slot-" + When(sl.start_ms, true).replace(2, 1, ""));
      item.set("time", When(sl.start_ms, true));
      const int free = std::max(0, sl.capacity - sl.booked);
      item.set("free", T(ctx, "floor.book.free", {{"free", std::to_string(free)}}));
      item.set("full", free == 0);
      slots.push_back(item);
    }
  }
  d.set("slots", slots);
  d.set("area", area);
  return RenderPage(req, ctx, "floor_book", std::move(d), status);
}

Response BookingSubmit(const WebDeps& deps, Request& req) {
  if (!deps.floor) return StatusPage(deps, req, Status::Unavailable("no floor"));
  const PostedForm form = ReadPostedForm(req);
  PageContext ctx = BasePageContext(req, deps);
  auto at = ParseRfc3339(form.Get("slot"));
  if (!at) return BookingPage(deps, req, T(ctx, "floor.book.choose"), "", 422);
  auto a = deps.floor->Book(PagePrincipal(req), req.Param("unit"), form.Get("area"), *at, "");
  if (a.status().code() == Code::kPermissionDenied) return StatusPage(deps, req, a.status());
  if (a.status().code() == Code::kResourceExhausted)
    return BookingPage(deps, req, T(ctx, "floor.book.full"), "", 409);
  if (!a.ok()) return BookingPage(deps, req, T(ctx, "floor.book.choose"), "", 422);
  return BookingPage(deps, req,
                     T(ctx, "floor.book.done", {{"time", When(a->slot_ms)}, {"code", a->code}}),
                     a->code);
}

}  // namespace

Status RegisterFloorRoutes(http::Router& router, const WebDeps& deps) {
  auto page = [deps](Response (*fn)(const WebDeps&, Request&)) {
    return [deps, fn](Request& r) { return fn(deps, r); };
  };
  const std::vector<http::Route> routes = {
      // Devices: public routes, each page checks its device key (kind and unit) itself.
      {Method::kGet, "/quay/{unit}/kiosk", "public",
       [deps](Request& r) { return KioskPage(deps, r); }},
      {Method::kPost, "/quay/{unit}/kiosk", "public", page(KioskSubmit)},
      {Method::kGet, "/quay/ve/{id}", "public", page(TicketPage)},
      {Method::kGet, "/quay/ve/{id}/ve.pdf", "public", page(TicketPdf)},
      {Method::kGet, "/quay/{unit}/bang", "public", page(BoardPage)},
      {Method::kGet, "/quay/{unit}/bang/su-kien", "public", page(BoardEvents)},
      {Method::kGet, "/quay/{unit}/loa/{call}.wav", "public", page(CallAudio)},
      {Method::kGet, "/quay/{unit}/danh-gia", "public",
       [deps](Request& r) { return RatingPage(deps, r, r.Query("k"), false); }},
      {Method::kPost, "/quay/{unit}/danh-gia", "public", page(RatingSubmit)},
      // Officers of the unit.
      {Method::kGet, "/can-bo/quay/{unit}/{counter}", "perm:floor.serve@unit",
       [deps](Request& r) { return CounterPage(deps, r); }},
      {Method::kPost, "/can-bo/quay/{unit}/{counter}", "perm:floor.serve@unit", page(CounterSubmit)},
      {Method::kGet, "/can-bo/quay/{unit}/thong-ke", "perm:report.read@unit", page(StatsPage)},
      // Residents signed in with VNeID book an appointment.
      {Method::kGet, "/quay/{unit}/dat-lich", "resident",
       [deps](Request& r) { return BookingPage(deps, r); }},
      {Method::kPost, "/quay/{unit}/dat-lich", "resident", page(BookingSubmit)},
  };
  for (auto r : routes) MOTCUA_RETURN_IF_ERROR(router.Add(std::move(r)));
  return Status::Ok();
}

}  // namespace motcua::web
