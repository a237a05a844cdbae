#include "service/digitise/digitise_service.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "base/text.h"
#include "domain/authz/roles.h"
#include "domain/digitise/digitise.h"
#include "render/forms.h"
#include "service/catalogue/procedure_service.h"
#include "service/catalogue/unit_service.h"
#include "service/dossier/dossier_persist.h"
#include "service/dossier/dossier_service.h"
#include "service/identity/audit_service.h"
#include "service/platform/file_service.h"

namespace motcua::service {

namespace {

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Unbase64(const std::string& text) {
  std::string out(3 * text.size() / 4 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return "";
  size_t len = static_cast<size_t>(n);
  // EVP_DecodeBlock counts the padding as zero bytes.
  if (text.size() >= 1 && text[text.size() - 1] == '=') --len;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --len;
  out.resize(len);
  return out;
}

constexpr char kResultColumns[] =
    "r.id, r.verify_code, r.dossier_code, r.version, COALESCE(c.verify_code, ''), r.unit, "
    "r.unit_name, r.document_number, r.title, r.issued_ms, r.signer_name, r.signer_title, "
    "r.file_id, r.key_id";
constexpr char kResultFrom[] =
    " FROM digitise_signed_results r LEFT JOIN digitise_signed_results c ON c.id = r.corrects";

SignedResult ResultOf(const store::Row& row, const std::string& base_url) {
  SignedResult r;
  r.id = row.Int(0);
  r.verify_code = row.Text(1);
  r.dossier_code = row.Text(2);
  r.version = static_cast<int>(row.Int(3));
  r.corrects_code = row.Text(4);
  r.unit = row.Text(5);
  r.unit_name = row.Text(6);
  r.document_number = row.Text(7);
  r.title = row.Text(8);
  r.issued_ms = row.Int(9);
  r.signer_name = row.Text(10);
  r.signer_title = row.Text(11);
  r.file_id = row.Text(12);
  r.key_id = row.Int(13);
  r.verify_url = base_url + "/xac-thuc/" + r.verify_code;
  return r;
}

// "Thuận Châu" for "Xã Thuận Châu": the place printed beside the date.
std::string PlaceOf(const std::string& unit_name) {
  for (const char* prefix : {"Xã ", "Phường ", "Thị trấn ", "Đặc khu "}) {
    const std::string p(prefix);
    if (unit_name.rfind(p, 0) == 0) return unit_name.substr(p.size());
  }
  return unit_name;
}

bool SignStepDone(const dossier::Dossier& d) {
  using NS = dossier::NationalStatus;
  if (d.status == NS::kResultReady || d.status == NS::kResultDelivered) return true;
  return d.status == NS::kProcessing &&
         (d.step == dossier::StepKind::kSign || d.step == dossier::StepKind::kNumber);
}

// The JSON the national store would receive for a result (what the sync of the national-portal
// issue sends; the flags of domain.md §8).
constexpr char kSyncBodySql[] =
    "json_object('MaHoSo', r.dossier_code, 'SoKyHieu', r.document_number, 'TrichYeu', r.title, "
    "'NgayKy', r.issued_ms, 'CoQuanBanHanh', r.unit_name, 'MaXacThuc', r.verify_code, "
    "'TepSha256', r.file_id, 'DuocSoHoa', 1)";

// Places the latest signed result of a returned dossier in the applicant's e-data store, in the
// transaction that records the return.
class ReturnedResultsToStore : public DossierProjector {
 public:
  std::string_view Name() const override { return "digitise: results to the e-data store"; }
  Status Project(store::Tx& tx, const DossierChange& change, ProjectionEffects&) override {
    bool returned = false;
    for (const auto& e : change.events) {
      if (e.type == dossier::EventType::kResultReturned) returned = true;
    }
    const std::string& owner = change.after.header.applicant.id_number;
    if (!returned || owner.empty()) return Status::Ok();
    auto n = tx.Exec(std::string("INSERT INTO digitise_store_entries(owner_id, kind, "
                                 "title, source, dossier_code, result_id, file_id, added_ms, "
                                 "sync_body) SELECT ?, 'result', r.title, r.unit_name, "
                                 "r.dossier_code, r.id, r.file_id, ?, ") +
                         kSyncBodySql +
                         " FROM digitise_signed_results r WHERE r.dossier_code = ? "
                         "ORDER BY r.version DESC LIMIT 1 ON CONFLICT (owner_id, file_id) DO NOTHING",
                     {owner, change.now_ms, change.after.header.id});
    if (!n.ok()) return n.status().WithPrefix("digitise: cannot place the result in the store");
    return Status::Ok();
  }
};

}  // namespace

DigitiseService::DigitiseService(Env& env, store::Store& store, DigitiseDeps deps)
    : env_(env), store_(store), deps_(std::move(deps)) {}

void DigitiseService::RegisterProjector(DossierService& dossiers) {
  dossiers.projectors.Add(std::make_unique<ReturnedResultsToStore>());
}

Result<std::optional<SignedResult>> DigitiseService::Latest(const std::string& code) {
  std::optional<SignedResult> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(std::string("SELECT ") + kResultColumns + kResultFrom +
                        " WHERE r.dossier_code = ? ORDER BY r.version DESC LIMIT 1",
                    {code}, [&](const store::Row& r) { out = ResultOf(r, deps_.public_base_url); });
  }));
  return out;
}

Result<SignedResult> DigitiseService::SignResult(const Principal& who, const std::string& code,
                                                 const SignResultRequest& req,
                                                 const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(DossierView view, deps_.dossiers.queries.Get(who, code, ctx));
  const dossier::Header& h = view.state.header;
  MOTCUA_RETURN_IF_ERROR(who.Check("dossier.sign", authz::UnitRef{h.unit, h.province}));
  if (req.document_number.empty() || req.document_number.size() > 64) {
    return Status::InvalidArgument("the result needs its document number (at most 64 characters)",
                                   {{"document_number", "required, 1–64 characters"}});
  }
  if (!SignStepDone(view.state)) {
    return Status::FailedPrecondition(
        "dossier " + code + " has not been signed off yet: its result is signed once the sign "
        "step is done");
  }
  MOTCUA_ASSIGN_OR_RETURN(std::optional<SignedResult> latest, Latest(code));
  if (latest && req.correction_reason.empty()) {
    return Status::FailedPrecondition(fmt::format(
        "dossier {} already has signed result {} ({}); a correction needs correction_reason and "
        "issues a new version",
        code, latest->document_number, latest->verify_code));
  }
  MOTCUA_ASSIGN_OR_RETURN(std::shared_ptr<const SigningKey> key, deps_.keys.Active(h.unit));
  std::string unit_name = h.unit;
  if (auto u = deps_.units.Get(h.unit, "2025"); u.ok()) unit_name = u->name;

  char random[8];
  env_.RandomBytes(random, sizeof random);
  const std::string verify_code = digitise::VerifyCodeFromBytes(std::string_view(random, 8));
  const int64_t now = env_.NowMs();
  const int version = latest ? latest->version + 1 : 1;

  render::ResultForm form;
  form.header.managing_body = "ỦY BAN NHÂN DÂN";
  form.header.unit_name = UpperVn(unit_name);
  form.header.document_number = req.document_number;
  form.header.place = PlaceOf(unit_name);
  form.header.issued_at = now;
  form.header.body_name = "Ủy ban nhân dân " + unit_name;
  form.title = UpperVn(req.title);
  form.dossier_code = code;
  form.procedure = h.procedure_name;
  form.applicant_name = h.applicant.full_name;
  form.lines = req.lines;
  form.verify_code = digitise::GroupVerifyCode(verify_code);
  form.verify_url = deps_.public_base_url + "/xac-thuc/" + verify_code;
  form.version = version;
  if (latest) form.corrects = latest->document_number + " (" + latest->verify_code + ")";
  form.signer.heading = UpperVn(req.signer_title);
  form.signer.how = "(Đã ký số)";
  form.signer.name = who.FullName();
  form.signer.title = req.signer_title;
  MOTCUA_ASSIGN_OR_RETURN(std::string pdf, render::RenderResultPdf(form));
  MOTCUA_ASSIGN_OR_RETURN(std::string der, UnitKeys::SignDetached(*key, pdf));
  MOTCUA_ASSIGN_OR_RETURN(
      FileInfo file,
      deps_.files.Put(who, fmt::format("ket-qua-{}-v{}.pdf", code, version), pdf));

  SignedResult out;
  out.verify_code = verify_code;
  out.dossier_code = code;
  out.version = version;
  out.corrects_code = latest ? latest->verify_code : "";
  out.unit = h.unit;
  out.unit_name = unit_name;
  out.document_number = req.document_number;
  out.title = req.title.empty() ? "Kết quả giải quyết thủ tục hành chính" : req.title;
  out.issued_ms = now;
  out.signer_name = who.FullName();
  out.signer_title = req.signer_title;
  out.file_id = file.id;
  out.key_id = UnitKeys::IdOf(*key);
  out.verify_url = form.verify_url;
  const bool delivered = view.state.status == dossier::NationalStatus::kResultDelivered;
  nlohmann::json body = {{"verify_code", verify_code}, {"version", version},
                         {"document_number", req.document_number}, {"file", file.id},
                         {"key", out.key_id}, {"corrects", out.corrects_code},
                         {"reason", req.correction_reason}};
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "INSERT INTO digitise_signed_results(verify_code, dossier_code, version, corrects, "
        "correction_reason, unit, unit_name, document_number, title, issued_ms, "
        "signer_name, signer_title, applicant_id, applicant_masked, file_id, signature, "
        "key_id, signed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
                {verify_code, code, int64_t{version},
                 latest ? store::Value(latest->id) : store::Value(nullptr),
                 req.correction_reason, h.unit, unit_name, req.document_number, out.title, now,
                 out.signer_name, out.signer_title, h.applicant.id_number,
                 authz::MaskName(h.applicant.full_name), file.id, Base64(der), out.key_id,
                 who.Id()},
        [&](const store::Row& r) { out.id = r.Int(0); }));
    if (delivered && !h.applicant.id_number.empty()) {
      // A correction after the return goes to the applicant's store at once.
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec(std::string("INSERT INTO digitise_store_entries(owner_id, kind, title, "
                              "source, dossier_code, result_id, file_id, added_ms, sync_body) "
                              "SELECT ?, 'result', r.title, r.unit_name, r.dossier_code, r.id, "
                              "r.file_id, ?, ") +
                      kSyncBodySql +
                      " FROM digitise_signed_results r WHERE r.id = ? ON CONFLICT (owner_id, "
                      "file_id) DO NOTHING",
                  {h.applicant.id_number, now, out.id})
              .status());
    }
    NewEvent e;
    e.province = h.province;
    e.stream = "digitise/" + code;
    e.type = "result.signed";
    e.at_ms = now;
    e.actor = who.Id();
    e.body = body.dump();
    return tx.Append(e).status();
  });
  if (!st.ok()) return st.WithPrefix("digitise: cannot record the signed result of " + code);
  return out;
}

Result<std::vector<SignedResult>> DigitiseService::ResultsOf(const Principal& who,
                                                             const std::string& code,
                                                             const AccessContext& ctx) {
  MOTCUA_RETURN_IF_ERROR(deps_.dossiers.queries.Get(who, code, ctx).status());
  std::vector<SignedResult> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(std::string("SELECT ") + kResultColumns + kResultFrom +
                        " WHERE r.dossier_code = ? ORDER BY r.version",
                    {code},
                    [&](const store::Row& r) { out.push_back(ResultOf(r, deps_.public_base_url)); });
  }));
  return out;
}

Result<Verification> DigitiseService::Verify(const std::string& verify_code) {
  const std::string code = digitise::NormaliseVerifyCode(verify_code);
  if (code.empty()) return Status::NotFound("no such verification code");
  std::optional<Verification> v;
  std::string file_id, signature;
  int64_t key_id = 0;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT r.verify_code, r.dossier_code, r.version, r.unit_name, r.document_number, "
        "r.title, r.issued_ms, r.signer_title, r.file_id, r.applicant_masked, "
        "COALESCE(c.verify_code, ''), r.signature, r.key_id, "
        "COALESCE((SELECT n.verify_code FROM digitise_signed_results n WHERE n.corrects = r.id), "
        "'') FROM digitise_signed_results r LEFT JOIN digitise_signed_results c "
        "ON c.id = r.corrects WHERE r.verify_code = ?",
        {code}, [&](const store::Row& r) {
          Verification x;
          x.verify_code = r.Text(0);
          x.dossier_code = r.Text(1);
          x.version = static_cast<int>(r.Int(2));
          x.unit_name = r.Text(3);
          x.document_number = r.Text(4);
          x.title = r.Text(5);
          x.issued_ms = r.Int(6);
          x.signer_title = r.Text(7);
          file_id = r.Text(8);
          x.applicant_masked = r.Text(9);
          x.corrects_code = r.Text(10);
          signature = r.Text(11);
          key_id = r.Int(12);
          x.superseded_by = r.Text(13);
          v = std::move(x);
        }));
    return Status::Ok();
  }));
  if (!v) return Status::NotFound("no such verification code");
  auto bytes = deps_.files.Read(file_id);
  bool checks = false;
  if (bytes.ok()) {
    v->sha256 = Sha256Hex(*bytes);
    MOTCUA_ASSIGN_OR_RETURN(UnitKeys::Check c,
                            deps_.keys.Verify(key_id, *bytes, Unbase64(signature), v->issued_ms));
    checks = c.checks && v->sha256 == file_id;
    v->revoked_ms = c.revoked_ms;
  }
  v->state = std::string(
      digitise::SignatureStateName(digitise::StateOf(checks, v->issued_ms, v->revoked_ms)));
  return *v;
}

Result<std::pair<std::string, std::string>> DigitiseService::Download(
    const Principal& who, const std::string& verify_code, const std::string& part,
    const AccessContext& ctx) {
  const std::string code = digitise::NormaliseVerifyCode(verify_code);
  std::optional<std::string> dossier_code;
  std::string applicant, file_id, signature;
  int version = 1;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT dossier_code, applicant_id, file_id, signature, version "
                    "FROM digitise_signed_results WHERE verify_code = ?",
                    {code}, [&](const store::Row& r) {
                      dossier_code = r.Text(0);
                      applicant = r.Text(1);
                      file_id = r.Text(2);
                      signature = r.Text(3);
                      version = static_cast<int>(r.Int(4));
                    });
  }));
  const Status not_found = Status::NotFound("no signed result " + verify_code + " for you");
  if (!dossier_code || (part != "pdf" && part != "p7s")) return not_found;
  const bool owner = who.kind == Principal::Kind::kResident && !applicant.empty() &&
                     who.id_number == applicant;
  if (!owner && !deps_.dossiers.queries.Get(who, *dossier_code, ctx).ok()) return not_found;
  const std::string name = fmt::format("ket-qua-{}-v{}.{}", *dossier_code, version, part);
  if (part == "p7s") return std::make_pair(name, Unbase64(signature));
  MOTCUA_ASSIGN_OR_RETURN(std::string bytes, deps_.files.Read(file_id));
  return std::make_pair(name, std::move(bytes));
}

std::string DigitiseService::Validity(const std::string& verify_code) {
  auto v = Verify(verify_code);
  if (!v.ok()) return "invalid";
  if (!v->superseded_by.empty() && v->state == "valid") return "superseded";
  return v->state;
}

Result<std::vector<StoreEntry>> DigitiseService::MyStore(const Principal& who) {
  if (who.kind != Principal::Kind::kResident || who.id_number.empty()) {
    return Status::PermissionDenied("the e-data store is the signed-in resident's own");
  }
  std::vector<StoreEntry> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT e.id, e.kind, e.title, e.source, e.dossier_code, "
                    "COALESCE(r.verify_code, ''), e.file_id, e.added_ms, e.synced_ms IS NOT NULL "
                    "FROM digitise_store_entries e LEFT JOIN digitise_signed_results r "
                    "ON r.id = e.result_id WHERE e.owner_id = ? ORDER BY e.id DESC",
                    {who.id_number}, [&](const store::Row& r) {
                      StoreEntry s;
                      s.id = r.Int(0);
                      s.kind = r.Text(1);
                      s.title = r.Text(2);
                      s.source = r.Text(3);
                      s.dossier_code = r.Text(4);
                      s.verify_code = r.Text(5);
                      s.file_id = r.Text(6);
                      s.added_ms = r.Int(7);
                      s.synced = r.Int(8) != 0;
                      out.push_back(std::move(s));
                    });
  }));
  for (auto& s : out) s.validity = s.verify_code.empty() ? "valid" : Validity(s.verify_code);
  return out;
}

Result<StoreEntry> DigitiseService::EntryOf(int64_t id, const std::string& owner) {
  std::optional<StoreEntry> s;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT e.id, e.kind, e.title, e.source, e.dossier_code, "
                    "COALESCE(r.verify_code, ''), e.file_id, e.added_ms FROM "
                    "digitise_store_entries e LEFT JOIN digitise_signed_results r "
                    "ON r.id = e.result_id WHERE e.id = ? AND e.owner_id = ?",
                    {id, owner}, [&](const store::Row& r) {
                      StoreEntry x;
                      x.id = r.Int(0);
                      x.kind = r.Text(1);
                      x.title = r.Text(2);
                      x.source = r.Text(3);
                      x.dossier_code = r.Text(4);
                      x.verify_code = r.Text(5);
                      x.file_id = r.Text(6);
                      x.added_ms = r.Int(7);
                      s = std::move(x);
                    });
  }));
  if (!s) return Status::NotFound(fmt::format("no store entry {} of this person", id));
  s->validity = s->verify_code.empty() ? "valid" : Validity(s->verify_code);
  return *s;
}

Result<std::pair<std::string, std::string>> DigitiseService::StoreFile(const Principal& who,
                                                                       int64_t entry_id) {
  if (who.kind != Principal::Kind::kResident || who.id_number.empty()) {
    return Status::PermissionDenied("the e-data store is the signed-in resident's own");
  }
  MOTCUA_ASSIGN_OR_RETURN(StoreEntry e, EntryOf(entry_id, who.id_number));
  MOTCUA_ASSIGN_OR_RETURN(std::string bytes, deps_.files.Read(e.file_id));
  return std::make_pair(fmt::format("kho-{}-{}.pdf", e.dossier_code, e.id), std::move(bytes));
}

Result<ReuseRecord> DigitiseService::Reuse(const Principal& who, const std::string& code,
                                           const ReuseRequest& req, const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(DossierView view, deps_.dossiers.queries.Get(who, code, ctx));
  const dossier::Header& h = view.state.header;
  if (who.kind == Principal::Kind::kResident) {
    if (who.id_number != h.applicant.id_number) {
      return Status::PermissionDenied("only the applicant reuses their own stored documents");
    }
  } else {
    MOTCUA_RETURN_IF_ERROR(who.Check("dossier.receive", authz::UnitRef{h.unit, h.province}));
  }
  const std::vector<std::string> names = ComponentsOf(h);
  if (std::find(names.begin(), names.end(), req.component) == names.end()) {
    return Status::InvalidArgument("dossier " + code + " has no component \"" + req.component + "\"",
                                   {{"component", "a component of the dossier"}});
  }
  auto entry = EntryOf(req.entry_id, h.applicant.id_number);
  if (!entry.ok()) {
    return Status::InvalidArgument("the document is not in the applicant's e-data store",
                                   {{"entry_id", "an entry of the applicant's store"}});
  }
  if (entry->validity != "valid") {
    return Status::FailedPrecondition("the stored document is " + entry->validity +
                                      ": it cannot stand for a component");
  }
  ReuseRecord out;
  out.dossier_code = code;
  out.component = req.component;
  out.entry_id = entry->id;
  out.source = entry->kind == "result" ? "result" : "store";
  out.entry_title = entry->title;
  out.file_id = entry->file_id;
  out.valid = true;
  out.recorded_ms = env_.NowMs();
  nlohmann::json body = {{"component", req.component}, {"entry", entry->id},
                         {"source", out.source}, {"file", entry->file_id}};
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    auto n = tx.Exec("INSERT INTO digitise_reuse(dossier_code, unit, component, entry_id, source, "
                     "valid, recorded_ms, recorded_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                     {code, h.unit, req.component, entry->id, out.source, out.recorded_ms,
                      who.Id()});
    if (!n.ok()) {
      return Status::AlreadyExists("component \"" + req.component + "\" of " + code +
                                   " already reuses a stored document");
    }
    NewEvent e;
    e.province = h.province;
    e.stream = "digitise/" + code;
    e.type = "component.reused";
    e.at_ms = out.recorded_ms;
    e.actor = who.Id();
    e.body = body.dump();
    return tx.Append(e).status();
  });
  if (!st.ok()) return st;
  return out;
}

std::vector<std::string> DigitiseService::ComponentsOf(const dossier::Header& h) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& name) {
    if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  for (const auto& c : h.components) add(c.name);
  auto v = deps_.procedures.Current(h.workflow.procedure_code);
  if (!v.ok()) return out;
  const nlohmann::json record = nlohmann::json::parse(v->record_json, nullptr, false);
  if (!record.is_object() || !record.contains("components") || !record["components"].is_array()) {
    return out;
  }
  for (const auto& c : record["components"]) {
    if (!c.is_object() || !c.contains("name") || !c["name"].is_string()) continue;
    const std::string group = c.contains("group") && c["group"].is_string()
                                  ? c["group"].get<std::string>() : "";
    if (group.rfind("Lưu ý", 0) == 0) continue;  // notes, not papers
    add(c["name"].get<std::string>());
  }
  return out;
}

Result<std::vector<std::string>> DigitiseService::ReusableComponents(const Principal& who,
                                                                     const std::string& code,
                                                                     const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(DossierView view, deps_.dossiers.queries.Get(who, code, ctx));
  return ComponentsOf(view.state.header);
}

Result<std::vector<ReuseRecord>> DigitiseService::ReusesOf(const Principal& who,
                                                           const std::string& code,
                                                           const AccessContext& ctx) {
  MOTCUA_RETURN_IF_ERROR(deps_.dossiers.queries.Get(who, code, ctx).status());
  std::vector<ReuseRecord> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT u.dossier_code, u.component, u.entry_id, u.source, e.title, e.file_id, "
                    "u.valid, u.recorded_ms FROM digitise_reuse u JOIN digitise_store_entries e "
                    "ON e.id = u.entry_id WHERE u.dossier_code = ? ORDER BY u.id",
                    {code}, [&](const store::Row& r) {
                      ReuseRecord x;
                      x.dossier_code = r.Text(0);
                      x.component = r.Text(1);
                      x.entry_id = r.Int(2);
                      x.source = r.Text(3);
                      x.entry_title = r.Text(4);
                      x.file_id = r.Text(5);
                      x.valid = r.Int(6) != 0;
                      x.recorded_ms = r.Int(7);
                      out.push_back(std::move(x));
                    });
  }));
  return out;
}

Result<DigitiseCounts> DigitiseService::Counts(const std::string& unit) {
  DigitiseCounts c;
  const std::string where = unit.empty() ? " WHERE ? = ''" : " WHERE unit = ?";
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT COUNT(DISTINCT dossier_code), COUNT(*) FROM digitise_reuse" + where, {unit},
        [&](const store::Row& r) {
          c.dossiers_with_reuse = r.Int(0);
          c.reused_components = r.Int(1);
        }));
    return tx.Query("SELECT COUNT(DISTINCT dossier_code) FROM digitise_signed_results" + where,
                    {unit}, [&](const store::Row& r) { c.dossiers_with_signed_result = r.Int(0); });
  }));
  return c;
}

}  // namespace motcua::service
