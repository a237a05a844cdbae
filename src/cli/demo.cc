#include "cli/demo.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/progress.h"
#include "domain/authz/totp.h"

namespace motcua::cli {

namespace {

// The demo officers' full names, as the forms print them on their signature blocks.
std::string DemoName(authz::Role role) {
  switch (role) {
    case authz::Role::kReception: return "Lò Văn Đức";
    case authz::Role::kSpecialist: return "Cầm Thị Hương";
    case authz::Role::kUnitHead: return "Quàng Văn Minh";
    case authz::Role::kSigner: return "Lường Văn Thắng";
    case authz::Role::kClerk: return "Tòng Thị Hoa";
    case authz::Role::kCentreDirector: return "Hoàng Văn Long";
    default: return fmt::format("Demo {}", authz::RoleName(role));
  }
}

}  // namespace


// The demo commune's queue floor: four service areas, three counters, and a kiosk, a display
// board and counter 1's rating terminal, whose keys (shown once by the service) are kept in
// <data-dir>/demo-floor.json and printed with the pages they open.
static Status SeedDemoFloor(App& app, const std::string& unit, const std::string& province) {
  auto setup = app.floor->Setup(unit);
  if (!setup.ok()) return setup.status();
  service::Principal director;
  director.kind = service::Principal::Kind::kUser;
  director.username = "system:demo";
  director.grants.push_back({authz::Role::kCentreDirector, unit, province});
  if (setup->areas.empty()) {
    service::FloorSetup s;
    s.areas = {{"ho-tich", "A", "Hộ tịch, chứng thực", "Civil status, certification", 4},
               {"dat-dai", "B", "Đất đai, xây dựng", "Land, construction", 4},
               {"cong-an", "C", "Công an (cư trú, căn cước)", "Police (residence, ID)", 4},
               {"bhxh", "D", "Bảo hiểm xã hội, y tế", "Social and health insurance", 4}};
    s.counters = {{1, {"ho-tich"}}, {2, {"ho-tich", "dat-dai"}}, {3, {"dat-dai", "cong-an", "bhxh"}}};
    MOTCUA_RETURN_IF_ERROR(app.floor->Configure(director, unit, s));
  }
  auto path = std::filesystem::path(app.options.data_dir) / "demo-floor.json";
  nlohmann::json devices = nlohmann::json::object();
  if (std::filesystem::exists(path)) {
    auto text = app.env->ReadFile(path);
    if (text.ok()) devices = nlohmann::json::parse(*text, nullptr, false);
  } else {
    for (const auto& [kind, counter] : std::vector<std::pair<std::string, int>>{
             {"kiosk", 0}, {"display", 0}, {"rating", 1}}) {
      MOTCUA_ASSIGN_OR_RETURN(std::string key, app.floor->IssueDeviceKey(director, unit, kind, counter,
                                                                         "demo " + kind));
      devices[kind] = key;
    }
    MOTCUA_RETURN_IF_ERROR(app.env->WriteFileAtomic(path, devices.dump(2)));
    ::chmod(path.c_str(), 0600);
  }
  if (devices.is_object() && devices.contains("kiosk")) {
    fmt::print("Demo queue floor: kiosk /quay/{0}/kiosk?k={1}  board /quay/{0}/bang?k={2}  "
               "rating (counter 1) /quay/{0}/danh-gia?k={3}  counter /can-bo/quay/{0}/1\n",
               unit, devices.value("kiosk", ""), devices.value("display", ""),
               devices.value("rating", ""));
  }
  return Status::Ok();
}

Status LoadDemo(App& app) {
  MOTCUA_ASSIGN_OR_RETURN(bool loaded, app.units->Loaded());
  if (!loaded) {
    Progress progress("units", 0, "units");
    auto report = app.units->Import(app.ReferenceDir() + "/units",
                                                [&](int64_t done, int64_t total) {
                                                  progress.SetTotal(total);
                                                  progress.Update(done);
                                                });
    progress.Finish();
    if (!report.ok()) return report.status().WithPrefix("cannot load the units");
  }
  MOTCUA_RETURN_IF_ERROR(app.site->EnsureDemo());
  MOTCUA_ASSIGN_OR_RETURN(service::Site site, app.site->Get());
  MOTCUA_ASSIGN_OR_RETURN(int64_t procedures, app.procedures->Count());
  if (procedures == 0) {
    Progress progress("procedures", 0, "procedures");
    auto report = app.procedures->ImportFile(
        app.ReferenceDir() + "/procedures/commune_catalogue.jsonl", "system:demo",
        [&](int64_t done, int64_t total) {
          progress.SetTotal(total);
          progress.Update(done);
        });
    progress.Finish();
    if (!report.ok()) return report.status().WithPrefix("cannot load the commune catalogue");
  }
  MOTCUA_RETURN_IF_ERROR(
      app.procedures->OfferCommuneProcedures(site.unit_code, site.province_code, "system:demo")
          .status());

  MOTCUA_RETURN_IF_ERROR(SeedDemoFloor(app, site.unit_code, site.province_code));

  auto path = std::filesystem::path(app.options.data_dir) / "demo-accounts.json";
  nlohmann::json accounts = nlohmann::json::array();
  if (std::filesystem::exists(path)) {
    auto text = app.env->ReadFile(path);
    if (text.ok()) accounts = nlohmann::json::parse(*text, nullptr, false);
  } else {
    for (authz::Role role : authz::kAllRoles) {
      std::string username = fmt::format("demo.{}", authz::RoleName(role));
      std::string password = "demo-" + app.env->RandomHex(6);
      std::string unit = authz::IsNationalRole(role)   ? std::string(authz::kNationUnit)
                         : authz::IsProvinceRole(role) ? site.province_code
                                                       : site.unit_code;
      auto id = app.identity->CreateUser(username, DemoName(role),
                                         password, {{role, unit}}, "system:demo");
      if (!id.ok() && id.status().code() != Code::kAlreadyExists) return id.status();
      nlohmann::json a = {{"username", username}, {"password", password},
                          {"role", authz::RoleName(role)}, {"unit", unit}};
      bool needs_totp = false;
      for (auto r : app.identity->options().totp_required_roles) needs_totp |= r == role;
      if (needs_totp && id.ok()) {
        MOTCUA_ASSIGN_OR_RETURN(std::string uri, app.identity->BeginTotp(*id));
        std::string secret = uri.substr(uri.find("secret=") + 7);
        secret = secret.substr(0, secret.find('&'));
        auto key = authz::Base32Decode(secret);
        MOTCUA_RETURN_IF_ERROR(
            app.identity->ConfirmTotp(*id, authz::Totp(*key, app.env->NowMs() / 1000)));
        a["totp_secret"] = secret;
      }
      accounts.push_back(a);
    }
    MOTCUA_RETURN_IF_ERROR(app.env->WriteFileAtomic(path, accounts.dump(2)));
    ::chmod(path.c_str(), 0600);
  }
  fmt::print("Demo commune: {} ({}), {} — demo accounts (also in {}):\n", site.unit_name,
             site.unit_code, site.province_name, path.string());
  for (const auto& a : accounts) {
    fmt::print("  {:<24} password {:<18} {}@{}{}\n", a.value("username", ""),
               a.value("password", ""), a.value("role", ""), a.value("unit", ""),
               a.contains("totp_secret") ? " (TOTP secret " + a["totp_secret"].get<std::string>() + ")"
                                         : "");
  }
  std::fflush(stdout);
  return Status::Ok();
}

}  // namespace motcua::cli
