// Fuzzes the holiday announcement (CalendarService::ParseAnnouncement, the body of
// PUT /api/v1/calendars/{year}/announcement and the admin page's upload), then compiles a working
// calendar with it as PutAnnouncement does. Errors are values: any exception is a bug.
#include <cstdint>
#include <exception>
#include <string>

#include "domain/calendar/work_calendar.h"
#include "fuzz_util.h"
#include "json_mutator.h"
#include "service/calendar_service.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  try {
    auto a = service::CalendarService::ParseAnnouncement(fuzz::AsText(data, size));
    if (!a.ok()) return 0;
    auto cal = calendar::WorkCalendar::Build(calendar::CalendarProfile{}, {*a});
    if (cal.ok()) (void)cal->IsWorkingDay(std::chrono::year(a->year) / 1 / 1);
  } catch (const std::exception& e) {
    fuzz::Fail(std::string("exception: ") + e.what());
  }
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned seed) {
  return motcua::fuzz::MutateJsonPart(data, size, max_size, seed, 0, size);
}
