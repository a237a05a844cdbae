// DigitiseService: digitised components at the counter and the "dossier digitised" rule.
#include <fmt/format.h>
#include <openssl/evp.h>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "domain/authz/roles.h"
#include "domain/digitise/digitise.h"
#include "service/digitise/digitise_service.h"
#include "service/dossier/dossier_service.h"
#include "service/identity/audit_service.h"
#include "service/platform/file_service.h"

namespace motcua::service {

namespace {

std::string Base64Of(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace

Result<DigitisedComponent> DigitiseService::DigitiseComponent(const Principal& who,
                                                              const std::string& code,
                                                              const DigitiseComponentRequest& req,
                                                              const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(DossierView view, deps_.dossiers.queries.Get(who, code, ctx));
  const dossier::Header& h = view.state.header;
  const authz::UnitRef unit{h.unit, h.province};
  MOTCUA_RETURN_IF_ERROR(who.Check("dossier.receive", unit));
  if (req.certify) MOTCUA_RETURN_IF_ERROR(who.Check("dossier.certify", unit));
  const dossier::ReceivedComponent* found = nullptr;
  for (const auto& c : h.components) {
    if (c.name == req.component) found = &c;
  }
  if (!found) {
    return Status::InvalidArgument("dossier " + code + " has no component \"" + req.component + "\"",
                                   {{"component", "a component of the dossier"}});
  }
  if (found->file.empty()) {
    return Status::FailedPrecondition("component \"" + req.component +
                                      "\" has no scan yet: upload it at the counter first");
  }
  std::string signature;
  std::optional<int64_t> key_id;
  if (req.certify) {
    MOTCUA_ASSIGN_OR_RETURN(std::shared_ptr<const SigningKey> key, deps_.keys.Active(h.unit));
    MOTCUA_ASSIGN_OR_RETURN(std::string bytes, deps_.files.Read(found->file));
    MOTCUA_ASSIGN_OR_RETURN(std::string der, UnitKeys::SignDetached(*key, bytes));
    signature = Base64Of(der);
    key_id = UnitKeys::IdOf(*key);
  }
  DigitisedComponent out;
  out.component = req.component;
  out.file_id = found->file;
  out.digitised_by = who.FullName();
  out.digitised_ms = env_.NowMs();
  out.certified = req.certify;
  out.certified_ms = req.certify ? out.digitised_ms : 0;
  nlohmann::json body = {{"component", req.component}, {"file", found->file},
                         {"certified", req.certify}};
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    auto n = tx.Exec(
        "INSERT INTO digitise_components(dossier_code, unit, component, file_id, digitised_by, "
        "digitised_name, digitised_ms, certified, certified_by, certified_ms, signature, key_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {code, h.unit, req.component, found->file, who.Id(), out.digitised_by, out.digitised_ms,
         int64_t{req.certify ? 1 : 0}, req.certify ? store::Value(who.Id()) : store::Value(nullptr),
         req.certify ? store::Value(out.certified_ms) : store::Value(nullptr),
         req.certify ? store::Value(signature) : store::Value(nullptr),
         key_id ? store::Value(*key_id) : store::Value(nullptr)});
    if (!n.ok()) {
      return Status::FailedPrecondition("component \"" + req.component + "\" of " + code +
                                        " is already marked digitised");
    }
    NewEvent e;
    e.province = h.province;
    e.stream = "digitise/" + code;
    e.type = req.certify ? "component.certified" : "component.digitised";
    e.at_ms = out.digitised_ms;
    e.actor = who.Id();
    e.body = body.dump();
    return tx.Append(e).status();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Digitisation> DigitiseService::DigitisationOf(const Principal& who, const std::string& code,
                                                     const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(DossierView view, deps_.dossiers.queries.Get(who, code, ctx));
  Digitisation d;
  std::map<std::string, DigitisedComponent> marked;
  std::set<std::string> reused;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT component, file_id, digitised_name, digitised_ms, certified, "
        "COALESCE(certified_ms, 0) FROM digitise_components WHERE dossier_code = ?",
        {code}, [&](const store::Row& r) {
          DigitisedComponent c;
          c.component = r.Text(0);
          c.file_id = r.Text(1);
          c.digitised_by = r.Text(2);
          c.digitised_ms = r.Int(3);
          c.certified = r.Int(4) != 0;
          c.certified_ms = r.Int(5);
          marked[c.component] = c;
        }));
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT component FROM digitise_reuse WHERE dossier_code = ?",
                                    {code},
                                    [&](const store::Row& r) { reused.insert(r.Text(0)); }));
    return tx.Query("SELECT COUNT(*) FROM digitise_signed_results WHERE dossier_code = ?", {code},
                    [&](const store::Row& r) { d.electronic_result = r.Int(0) > 0; });
  }));
  std::vector<digitise::ComponentFile> files;
  for (const auto& c : view.state.header.components) {
    auto it = marked.find(c.name);
    DigitisedComponent x = it != marked.end() ? it->second : DigitisedComponent{};
    x.component = c.name;
    if (x.file_id.empty()) x.file_id = c.file;
    x.reused = reused.count(c.name) > 0;
    // A component counts as digitised with a digitised file: marked at the counter, or a file
    // attached online, or reused from the store.
    files.push_back({c.name, !x.file_id.empty() || x.reused});
    d.components.push_back(std::move(x));
  }
  d.digitised = digitise::DossierDigitised({}, files, d.electronic_result);
  return d;
}

}  // namespace motcua::service
