// Calendar and deadline handlers: POST /api/v1/deadlines, GET /api/v1/calendars/{year}[.ics],
// PUT /api/v1/calendars/{year}/announcement, PUT /api/v1/calendar-profiles/{code}.
#pragma once

#include "http/message.h"
#include "service/calendar/calendar_service.h"

namespace motcua::api {

http::Response HandleDeadline(service::CalendarService* cal, http::Request& req);
http::Response HandleCalendarYear(service::CalendarService* cal, http::Request& req);
http::Response HandlePutAnnouncement(service::CalendarService* cal, http::Request& req);
http::Response HandlePutCalendarProfile(service::CalendarService* cal, http::Request& req);

// Returns the special days of `year` as an iCalendar (RFC 5545) document.
std::string CalendarIcs(const calendar::WorkCalendar& cal, int year, const std::string& profile);

}  // namespace motcua::api
