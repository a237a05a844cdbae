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
