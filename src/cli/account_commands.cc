// motcua admin create | token create | units import | procedures import.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "base/log.h"
#include "base/progress.h"
#include "cli/commands.h"

namespace motcua::cli {

namespace {

}  // namespace

Result<std::unique_ptr<App>> OpenForCommand(const CommonArgs& args, const char* name,
                                            int* exit_code) {
  auto options = LoadOptions(args.config_path, args.flags);
  if (!options.ok()) {
    fmt::print(stderr, "motcua {}: {}\n", name, options.status().message());
    *exit_code = 2;
    return options.status();
  }
  InitLogging(LogOptions{"warn", options->log_json});
  auto app = OpenApp(*options, Env::Default(), /*migrate=*/true);
  if (!app.ok()) {
    fmt::print(stderr, "motcua {}: {}\n", name, app.status().message());
    *exit_code = 1;
  }
  return app;
}

namespace {

void PrintFieldErrors(const Status& st) {
  for (const auto& f : st.fields()) fmt::print(stderr, "  {}: {}\n", f.field, f.message);
}

}  // namespace

int RunAdminCreate(const CommonArgs& args, const AdminCreateArgs& a) {
  int code = 0;
  auto app = OpenForCommand(args, "admin create", &code);
  if (!app.ok()) return code;
  std::string password;
  if (!a.password_stdin) {
    fmt::print(stderr, "motcua admin create: pass the password on standard input with "
                       "--password-stdin (it never goes on the command line)\n");
    return 2;
  }
  std::getline(std::cin, password);
  auto role = authz::ParseRole(a.role);
  if (!role.ok()) {
    fmt::print(stderr, "motcua admin create: {}\n", role.status().message());
    return 2;
  }
  std::string unit = a.unit;
  if (unit.empty() && authz::IsNationalRole(*role)) unit = authz::kNationUnit;
  if (unit.empty()) {
    fmt::print(stderr,
               "motcua admin create: say which unit with --unit (a 2025 commune or "
               "province code)\n");
    return 2;
  }
  auto id = (*app)->identity->CreateUser(a.username, a.display_name, password, {{*role, unit}},
                                         "cli:admin-create");
  if (!id.ok()) {
    fmt::print(stderr, "motcua admin create: {}\n", id.status().message());
    PrintFieldErrors(id.status());
    return id.status().code() == Code::kInvalidArgument ? 2 : 1;
  }
  const auto& totp_roles = (*app)->identity->options().totp_required_roles;
  const bool needs_totp =
      std::find(totp_roles.begin(), totp_roles.end(), *role) != totp_roles.end();
  fmt::print("motcua admin create: created '{}' (id {}) as {} of unit {}.{}\n", a.username, *id,
             a.role, unit,
             needs_totp ? " This role must set up an authenticator app at first sign-in." : "");
  return 0;
}

int RunTokenCreate(const CommonArgs& args, const TokenCreateArgs& a) {
  int code = 0;
  auto app = OpenForCommand(args, "token create", &code);
  if (!app.ok()) return code;
  // DURATION: 30d, 12h, 90m.
  int64_t ms = 0;
  if (a.expires.size() >= 2) {
    char unit = a.expires.back();
    int64_t n = std::atoll(a.expires.substr(0, a.expires.size() - 1).c_str());
    if (unit == 'd') ms = n * 86400000;
    if (unit == 'h') ms = n * 3600000;
    if (unit == 'm') ms = n * 60000;
  }
  if (ms <= 0) {
    fmt::print(stderr, "motcua token create: --expires must look like 30d, 12h or 90m\n");
    return 2;
  }
  std::vector<std::string> perms;
  for (size_t pos = 0; !a.permissions.empty() && pos <= a.permissions.size();) {
    size_t comma = a.permissions.find(',', pos);
    perms.push_back(a.permissions.substr(pos, comma == std::string::npos ? comma : comma - pos));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  auto token = (*app)->identity->CreateApiToken(
      a.username, a.name.empty() ? "cli" : a.name,
      a.unit.empty() ? std::nullopt : std::optional<std::string>(a.unit), perms, ms,
      "cli:token-create");
  if (!token.ok()) {
    fmt::print(stderr, "motcua token create: {}\n", token.status().message());
    return token.status().code() == Code::kNotFound ? 2 : 1;
  }
  fmt::print("{}\n", *token);
  fmt::print(stderr,
             "motcua token create: keep this token secret; use it as 'Authorization: Bearer "
             "<token>'. It expires in {}.\n",
             a.expires);
  return 0;
}

int RunUnitsImport(const CommonArgs& args, const std::string& dir) {
  int code = 0;
  auto app = OpenForCommand(args, "units import", &code);
  if (!app.ok()) return code;
  std::string from = dir.empty() ? (*app)->ReferenceDir() + "/units" : dir;
  Progress progress("units import", 0, "units");
  auto report = (*app)->units->Import(from, [&](int64_t done, int64_t total) {
    progress.SetTotal(total);
    progress.Update(done);
  });
  progress.Finish();
  if (!report.ok()) {
    fmt::print(stderr, "motcua units import: {}; nothing was imported\n",
               report.status().message());
    return 1;
  }
  fmt::print("motcua units import: {} provinces and {} communes, wards and special zones of 2025, "
             "{} pre-2025 units and {} old→new links loaded from {}.\n",
             report->provinces, report->communes, report->pre2025_units, report->mappings, from);
  if (report->disagreements > 0) {
    fmt::print("{} differences between units-2025 and the official list (the official list was "
               "kept).\n",
               report->disagreements);
  }
  for (const auto& p : report->problems) fmt::print("  note: {}\n", p);
  return 0;
}

int RunProceduresImport(const CommonArgs& args, const std::string& file) {
  int code = 0;
  auto app = OpenForCommand(args, "procedures import", &code);
  if (!app.ok()) return code;
  Progress progress("procedures import", 0, "procedures");
  auto report = (*app)->procedures->ImportFile(file, "system:cli", [&](int64_t done, int64_t total) {
    progress.SetTotal(total);
    progress.Update(done);
  });
  progress.Finish();
  if (!report.ok()) {
    fmt::print(stderr, "motcua procedures import: {}; nothing was imported\n",
               report.status().message());
    return 1;
  }
  const auto& r = *report;
  fmt::print("motcua procedures import: {} procedures read from {}: {} new, {} with a new version, "
             "{} unchanged.\n",
             r.lines, file, r.added, r.changed, r.unchanged);
  fmt::print("Fully structured: processing time {}, fees {}, dossier components {} (of {}); the "
             "raw text is kept for every field.\n",
             r.time_structured, r.fees_structured, r.components_structured, r.lines);
  if (!r.unparsed.empty()) {
    fmt::print("Could not be parsed or had to be guessed ({}):\n", r.unparsed.size());
    for (const auto& u : r.unparsed) fmt::print("  {}\n", u);
  }
  return 0;
}

}  // namespace motcua::cli
