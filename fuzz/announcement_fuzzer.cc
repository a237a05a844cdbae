// Fuzzes the holiday announcement (CalendarService::ParseAnnouncement, the body of
// PUT /api/v1/calendars/{year}/announcement and the admin page's upload), which also compiles a
// working calendar with it. Errors are values: any exception is a bug.
#include <cstdint>
#include <exception>
#include <string>

#include "fuzz_util.h"
#include "json_mutator.h"
#include "service/calendar/calendar_service.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  try {
    // ParseAnnouncement compiles a calendar with the announcement itself (as PutAnnouncement
    // needs), so the compile path is fuzzed too; that is ~50 ms an input in build-asan.
    (void)service::CalendarService::ParseAnnouncement(fuzz::AsText(data, size));
  } catch (const std::exception& e) {
    fuzz::Fail(std::string("exception: ") + e.what());
  }
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned seed) {
  return motcua::fuzz::MutateJsonPart(data, size, max_size, seed, 0, size);
}
