// motcua calendar import: loads a year's official announcement of days off and make-up working
// days (docs/calendars.md) into the store, as an event.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "base/progress.h"
#include "cli/commands.h"

namespace motcua::cli {

Status EnsureCalendars(App& app) {
  MOTCUA_RETURN_IF_ERROR(app.calendar->Load());
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(app.ReferenceDir()) / "calendars";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::Ok();
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  const std::vector<int> have = app.calendar->AnnouncedYears();
  for (const auto& f : files) {
    auto text = app.env->ReadFile(f);
    if (!text.ok()) return text.status();
    auto a = service::CalendarService::ParseAnnouncement(*text);
    if (!a.ok()) return a.status().WithPrefix("shipped announcement " + f.string());
    if (std::find(have.begin(), have.end(), a->year) != have.end()) continue;
    MOTCUA_RETURN_IF_ERROR(app.calendar->PutAnnouncement(*text, "system:shipped"));
  }
  return Status::Ok();
}

int RunCalendarImport(const CommonArgs& args, const std::string& file) {
  int code = 0;
  auto app = OpenForCommand(args, "calendar import", &code);
  if (!app.ok()) return code;
  auto text = (*app)->env->ReadFile(file);
  if (!text.ok()) {
    fmt::print(stderr, "motcua calendar import: cannot read {}: {}\n", file, text.status().message());
    return 2;
  }
  Status st = (*app)->calendar->Load();
  if (st.ok()) st = (*app)->calendar->PutAnnouncement(*text, "cli:calendar-import");
  if (!st.ok()) {
    fmt::print(stderr, "motcua calendar import: {}\n", st.message());
    for (const auto& f : st.fields()) fmt::print(stderr, "  {}: {}\n", f.field, f.message);
    fmt::print(stderr, "Nothing was stored. Fix the file (format: docs/calendars.md) and run again.\n");
    return st.code() == Code::kInvalidArgument ? 2 : 1;
  }
  auto a = service::CalendarService::ParseAnnouncement(*text);
  fmt::print("motcua calendar import: {} for {} stored ({} days off, {} make-up working days). "
             "Restart a running server to use it.\n",
             a->decision, a->year, a->days_off.size(), a->working_days.size());
  return 0;
}

}  // namespace motcua::cli
