// motcua keys create|import|revoke|list: the units' signing keys (issue 17; UnitKeys).
#include <fmt/format.h>

#include "base/civil_time.h"
#include "cli/commands.h"

namespace motcua::cli {

namespace {

int Fail(const char* cmd, const Status& st) {
  fmt::print(stderr, "motcua keys {}: {}\n", cmd, st.message());
  for (const auto& f : st.fields()) fmt::print(stderr, "  {}: {}\n", f.field, f.message);
  return st.code() == Code::kInvalidArgument ? 2 : 1;
}

}  // namespace

int RunKeys(const CommonArgs& args, const KeysArgs& a) {
  int code = 0;
  const char* name = a.subcommand.c_str();
  auto app = OpenForCommand(args, ("keys " + a.subcommand).c_str(), &code);
  if (!app.ok()) return code;
  service::UnitKeys& keys = *(*app)->unit_keys;
  if (a.subcommand == "create") {
    std::string cn = a.common_name;
    std::string org = a.organisation;
    if (auto u = (*app)->units->Get(a.unit, "2025"); u.ok()) {
      if (cn.empty()) cn = "Ủy ban nhân dân " + u->name;
      if (org.empty()) org = "Ủy ban nhân dân " + u->name;
    }
    auto k = keys.Create(a.unit, cn, org, "cli:keys-create");
    if (!k.ok()) return Fail(name, k.status());
    if (a.out.empty()) {
      fmt::print("{}", k->csr_pem);
    } else {
      Status st = (*app)->env->WriteFileAtomic(a.out, k->csr_pem);
      if (!st.ok()) return Fail(name, st);
    }
    fmt::print(stderr,
               "motcua keys create: key {} of unit {} made (stored encrypted). Have the "
               "certificate request{} signed by the CA, then run `motcua keys import --unit {} "
               "--cert CERT.pem --chain CHAIN.pem`.\n",
               k->id, a.unit, a.out.empty() ? " above" : " in " + a.out, a.unit);
    return 0;
  }
  if (a.subcommand == "import") {
    auto cert = (*app)->env->ReadFile(a.cert);
    if (!cert.ok()) return Fail(name, Status::InvalidArgument("cannot read " + a.cert + ": " +
                                                              cert.status().message()));
    std::string chain_text;
    if (!a.chain.empty()) {
      auto chain = (*app)->env->ReadFile(a.chain);
      if (!chain.ok()) return Fail(name, Status::InvalidArgument("cannot read " + a.chain + ": " +
                                                                 chain.status().message()));
      chain_text = *chain;
    }
    auto k = keys.Import(a.unit, *cert, chain_text);
    if (!k.ok()) return Fail(name, k.status());
    fmt::print("motcua keys import: key {} of unit {} is active ({}). It signs from now on; "
               "earlier signatures keep their keys.\n",
               k->id, a.unit, k->subject);
    return 0;
  }
  if (a.subcommand == "revoke") {
    int64_t at = (*app)->env->NowMs();
    if (!a.at.empty() && a.at != "now") {
      auto parsed = ParseRfc3339(a.at);
      if (!parsed) {
        return Fail(name, Status::InvalidArgument("--at is an RFC 3339 time, e.g. "
                                                  "2026-12-08T09:30:00+07:00"));
      }
      at = *parsed;
    }
    Status st = keys.Revoke(a.unit, a.key_id, at, a.reason);
    if (!st.ok()) return Fail(name, st);
    fmt::print("motcua keys revoke: key {} of unit {} revoked from {}; its signatures from then "
               "on verify as revoked, earlier ones stay valid.\n",
               a.key_id, a.unit, FormatRfc3339Vietnam(at));
    return 0;
  }
  auto list = keys.List(a.unit);
  if (!list.ok()) return Fail(name, list.status());
  for (const auto& k : *list) {
    fmt::print("{}\t{}\t{}\t{}\t{}{}\n", k.id, k.unit, k.state, FormatRfc3339Vietnam(k.created_ms),
               k.subject.empty() ? "-" : k.subject,
               k.revoked_ms ? "\trevoked " + FormatRfc3339Vietnam(*k.revoked_ms) : "");
  }
  return 0;
}

}  // namespace motcua::cli
