#include "web/lodging/lodging_view.h"

#include "base/civil_time.h"
#include "domain/lodging/notice.h"
#include "web/kit/format.h"
#include "web/kit/page_context.h"

namespace motcua::web {

std::string NoticeText(const PageContext& ctx, const service::LodgingStay& s, int64_t now,
                       bool* ok) {
  if (s.erased) {
    *ok = true;
    return T(ctx, "lodging.notice.erased");
  }
  if (s.covered_by != 0) {
    *ok = true;
    return T(ctx, "lodging.notice.family");
  }
  if (s.notified_ms) {
    *ok = s.on_time;
    return T(ctx, s.on_time ? "lodging.notice.on_time" : "lodging.notice.late",
             {{"time", FormatDateTime(*s.notified_ms)}});
  }
  *ok = false;
  return T(ctx, s.Overdue(now) ? "lodging.notice.overdue" : "lodging.notice.due",
           {{"time", FormatDateTime(s.due_ms)}});
}

std::string StaysTable(const PageContext& ctx, const std::vector<service::LodgingStay>& stays,
                       int64_t now, const StaysTableOptions& o) {
  Data d{Data::type::object};
  Data list{Data::type::list};
  for (const service::LodgingStay& s : stays) {
    Data r{Data::type::object};
    r.set("id", std::to_string(s.id));
    r.set("name", s.erased ? T(ctx, "lodging.erased_guest") : s.name);
    if (o.facility) r.set("facility", s.facility_name);
    r.set("doc", s.kind == lodging::GuestKind::kVietnamese ? s.id_number : s.passport);
    r.set("nationality", s.nationality);
    r.set("room", s.room);
    r.set("arrival", FormatDateTime(s.arrival_ms));
    if (auto dep = lodging::ParseDate(s.departure_day)) {
      r.set("departure", T(ctx, s.checked_out_ms ? "lodging.left" : "lodging.leaves",
                           {{"date", s.checked_out_ms ? FormatDate(*s.checked_out_ms)
                                                      : lodging::FormatDate(*dep)}}));
    }
    bool ok = false;
    r.set("notice", NoticeText(ctx, s, now, &ok));
    r.set("notice_ok", ok);
    if (s.received_ms) {
      r.set("received", T(ctx, "lodging.received", {{"time", FormatDateTime(*s.received_ms)}}));
    }
    if (o.actions) {
      Data a{Data::type::object};
      if (!s.checked_out_ms) {
        a.set("current", true);
        Data rooms{Data::type::list};
        for (const std::string& name : o.rooms) {
          Data room{Data::type::object};
          room.set("name", name);
          room.set("selected", name == s.room);
          rooms.push_back(room);
        }
        a.set("rooms", rooms);
      }
      r.set("actions", a);
    }
    list.push_back(r);
  }
  d.set("stays", list);
  d.set("with_actions", o.actions);
  d.set("post", o.post);
  d.set("csrf", o.csrf);
  return RenderFragment(ctx, "lodging_stays", d);
}

std::string FacilityTypeText(const PageContext& ctx, const std::string& type) {
  return T(ctx, "lodging.type." + type);
}

std::string FacilityStatusText(const PageContext& ctx, const std::string& status) {
  return T(ctx, "lodging.status." + status);
}

Data ReasonOptions(const PageContext& ctx, int selected) {
  Data list{Data::type::list};
  for (int code : lodging::kStayReasons) {
    Data o{Data::type::object};
    o.set("code", std::to_string(code));
    o.set("label", T(ctx, "lodging.reason." + std::to_string(code)));
    o.set("selected", code == selected);
    list.push_back(o);
  }
  return list;
}

std::string IsoDay(int64_t instant_ms) { return lodging::IsoDate(ToVietnam(instant_ms).date); }

http::Response ExportResponse(std::string body, bool foreign, const std::string& name) {
  http::Response r = http::Response::Text(
      200, std::move(body),
      foreign ? "application/xml; charset=utf-8"
              : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  r.SetHeader("Content-Disposition",
              "attachment; filename=\"" + name + (foreign ? ".xml\"" : ".xlsx\""));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

}  // namespace motcua::web
