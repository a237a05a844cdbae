// CommunityService: a resident's consent, dossiers filed for them (at once or from an offline
// tablet's batch), and the member's own filings. The dossier is filed through the dossier
// feature's published Submit; what this feature keeps is the consent and the link between the
// tablet's provisional code and the real dossier code.
#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>

#include "base/hash.h"
#include "service/community/community_service.h"
#include "service/dossier/dossier_service.h"
#include "service/identity/identity_service.h"
#include "service/platform/file_service.h"
#include "service/platform/outbox.h"

namespace motcua::service {

namespace {

// The prefix of the Idempotency-Key Submit keeps for a community item (scoped by the member).
constexpr char kKeyPrefix[] = "community/";

// The result a refusal gives, from the service's status.
FilingResult Refused(const AssistedFiling& f, const Status& st) {
  FilingResult r;
  r.client_key = f.client_key;
  r.provisional_code = f.provisional_code;
  const bool transient = st.code() == Code::kUnavailable || st.code() == Code::kInternal;
  r.outcome = transient ? "retry" : "refused";
  r.refusal = community::PlainRefusal(st);
  return r;
}

}  // namespace

Result<std::string> DecodeBase64(std::string_view text) {
  if (text.starts_with("data:")) {
    const size_t comma = text.find(',');
    if (comma == std::string_view::npos || text.substr(0, comma).find(";base64") == std::string_view::npos) {
      return Status::InvalidArgument("a data URL must be base64");
    }
    text.remove_prefix(comma + 1);
  }
  std::string out(text.size() * 3 / 4 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), "\r\n ", &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Status::InvalidArgument("not base64");
  }
  out.resize(len);
  return out;
}

Result<ConsentRecord> CommunityService::CreateConsent(const Principal& who, const ConsentInput& in) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, identity_.ResolveUnit(in.unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("community.record", ref));
  MOTCUA_ASSIGN_OR_RETURN(auto mine, MembershipsOf(who));
  const auto here = std::find_if(mine.begin(), mine.end(),
                                 [&](const Membership& m) { return m.unit == ref.unit_code; });
  if (here == mine.end()) {
    return Status::PermissionDenied("you are not a member of a community group of unit " +
                                    ref.unit_code);
  }
  std::vector<FieldError> f;
  if (in.resident_name.empty()) f.push_back({"resident.full_name", "required"});
  if (!IsIdNumber(in.resident_id_number)) f.push_back({"resident.id_number", "12 digits"});
  if (in.method == community::ConsentMethod::kSignature && in.signature_image.empty()) {
    f.push_back({"consent.signature", "the resident's signature drawn on the screen is required"});
  }
  if (in.method == community::ConsentMethod::kOneTimeCode &&
      (in.resident_phone.size() < 9 || in.resident_phone.size() > 15)) {
    f.push_back({"resident.phone", "a one-time code needs the resident's phone number"});
  }
  if (!f.empty()) return Status::InvalidArgument("the resident's consent is missing", f);

  const int64_t now = env_.NowMs();
  ConsentRecord rec;
  rec.method = std::string(community::ConsentMethodName(in.method));
  std::string code, code_hash;
  if (in.method == community::ConsentMethod::kSignature) {
    auto file = files_.Put(who, "chu-ky-dong-y.png", in.signature_image);
    if (!file.ok()) {
      return Status::InvalidArgument("the signature could not be kept: " + file.status().message(),
                                     {{"consent.signature", "an image (PNG, JPEG or WebP)"}});
    }
    if (file->mime.rfind("image/", 0) != 0) {
      return Status::InvalidArgument("the signature must be an image",
                                     {{"consent.signature", "an image (PNG, JPEG or WebP)"}});
    }
    rec.signature_file = file->id;
    rec.confirmed = true;
  } else {
    uint32_t n = 0;
    env_.RandomBytes(&n, sizeof n);
    code = fmt::format("{:06d}", n % 1000000);
    code_hash = Sha256Hex(code);
  }
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO community_consents (unit, group_id, member, resident_id_number, "
                "resident_name, resident_phone, method, signature_file, otp_hash, otp_expires_ms, "
                "confirmed_ms, created_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                {ref.unit_code, here->group_id, who.Id(), in.resident_id_number, in.resident_name,
                 in.resident_phone, rec.method,
                 rec.signature_file.empty() ? store::Value(nullptr) : store::Value(rec.signature_file),
                 code_hash.empty() ? store::Value(nullptr) : store::Value(code_hash),
                 code.empty() ? store::Value(nullptr) : store::Value(now + community::kCodeValidityMs),
                 rec.confirmed ? store::Value(now) : store::Value(nullptr), now})
            .status()
            .WithPrefix("store: cannot record a consent for " + who.Id()));
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT MAX(id) FROM community_consents", {},
                                    [&](const store::Row& r) { rec.id = r.Int(0); }));
    if (!code.empty()) {
      // The code goes to the resident's phone; the member reads it back from them.
      MOTCUA_RETURN_IF_ERROR(EnqueueOutbox(
          tx,
          {fmt::format("community/consent/{}", rec.id), "sms", in.resident_phone,
           "Ma xac nhan / Consent code",
           fmt::format("Ma xac nhan dong y de to cong nghe so nop ho so thay ban: {} (15 phut). "
                       "Your consent code: {}",
                       code, code)},
          now));
    }
    return Status::Ok();
  }));
  if (options_.test_codes) rec.test_code = code;
  if (rec.confirmed) {
    MOTCUA_ASSIGN_OR_RETURN(
        Authorisation a,
        identity_.RecordConsentAuthorisation(
            who, in.resident_id_number, in.resident_name, ref.unit_code,
            fmt::format("community consent #{} (signature)", rec.id),
            now + community::kConsentValidityMs));
    rec.authorisation_id = a.id;
    MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
      return tx.Exec("UPDATE community_consents SET authorisation_id = ? WHERE id = ?", {a.id, rec.id})
          .status();
    }));
  }
  return rec;
}

Result<ConsentRecord> CommunityService::ConfirmConsent(const Principal& who, int64_t id,
                                                       const std::string& code) {
  struct Row {
    std::string unit, member, id_number, name, hash;
    int64_t expires = 0, attempts = 0;
    bool confirmed = false;
  };
  std::optional<Row> c;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT unit, member, resident_id_number, resident_name, COALESCE(otp_hash, ''), "
        "COALESCE(otp_expires_ms, 0), otp_attempts, confirmed_ms IS NOT NULL "
        "FROM community_consents WHERE id = ? AND method = 'otp'",
        {id}, [&](const store::Row& r) {
          c = Row{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5), r.Int(6),
                  r.Int(7) != 0};
        });
  }));
  if (!c || c->member != who.Id()) {
    return Status::NotFound(fmt::format("you have no one-time-code consent #{}", id));
  }
  if (c->confirmed) return Status::FailedPrecondition("this consent is already confirmed");
  const int64_t now = env_.NowMs();
  if (c->attempts >= community::kMaxCodeAttempts || now > c->expires) {
    return Status::PermissionDenied(
        "this one-time code can no longer be used (expired or too many wrong codes); send a new "
        "one");
  }
  const bool right = Sha256Hex(code) == c->hash;
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
    return (right ? tx.Exec("UPDATE community_consents SET confirmed_ms = ? WHERE id = ?", {now, id})
                  : tx.Exec("UPDATE community_consents SET otp_attempts = otp_attempts + 1 "
                            "WHERE id = ?", {id}))
        .status();
  }));
  if (!right) {
    return Status::InvalidArgument("the code is not the one sent to the resident's phone",
                                   {{"code", "wrong code"}});
  }
  MOTCUA_ASSIGN_OR_RETURN(
      Authorisation a,
      identity_.RecordConsentAuthorisation(who, c->id_number, c->name, c->unit,
                                           fmt::format("community consent #{} (otp)", id),
                                           now + community::kConsentValidityMs));
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
    return tx.Exec("UPDATE community_consents SET authorisation_id = ? WHERE id = ?", {a.id, id})
        .status();
  }));
  return ConsentRecord{id, "otp", true, "", a.id, ""};
}

Result<std::optional<FilingResult>> CommunityService::StoredFiling(const std::string& member,
                                                                   const std::string& client_key) {
  std::optional<FilingResult> r;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT provisional_code, COALESCE(dossier_code, ''), outcome, message_vi, message_en "
        "FROM community_submissions WHERE member = ? AND client_key = ?",
        {member, client_key}, [&](const store::Row& row) {
          r = FilingResult{client_key, row.Text(0), row.Text(2), row.Text(1), true, {}};
          if (r->outcome == "refused") r->refusal = {"stored", row.Text(3), row.Text(4)};
        });
  }));
  return r;
}

Status CommunityService::KeepFiling(const Principal& who, const AssistedFiling& f,
                                    int64_t group_id, const FilingResult& r) {
  const int64_t now = env_.NowMs();
  return store_.Write([&](store::Tx& tx) {
    return tx
        .Exec("INSERT INTO community_submissions (member, client_key, batch_id, unit, group_id, "
              "provisional_code, offline, consent_id, dossier_code, outcome, message_vi, "
              "message_en, at_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
              "ON CONFLICT (member, client_key) DO NOTHING",
              {who.Id(), f.client_key, f.batch_id, f.unit, group_id, f.provisional_code,
               int64_t{f.offline},
               f.consent_id ? store::Value(f.consent_id) : store::Value(nullptr),
               r.dossier_code.empty() ? store::Value(nullptr) : store::Value(r.dossier_code),
               r.outcome, r.refusal.vi, r.refusal.en, now})
        .status()
        .WithPrefix("store: cannot keep the filing " + f.client_key + " of " + who.Id());
  });
}

Result<FilingResult> CommunityService::File(const Principal& who, const AssistedFiling& f) {
  if (!who.signed_in()) return Status::Unauthenticated("sign in to file for a resident");
  if (!community::IsClientKey(f.client_key)) {
    return Status::InvalidArgument("each item needs a client key of 8–80 letters, digits, - or _",
                                   {{"client_key", "8–80 of A-Z a-z 0-9 - _"}});
  }
  if (!f.provisional_code.empty() && !community::IsProvisionalCode(f.provisional_code)) {
    return Status::InvalidArgument("a provisional code is 4–40 of A-Z, 0-9 and -",
                                   {{"provisional_code", "4–40 of A-Z 0-9 -"}});
  }
  MOTCUA_ASSIGN_OR_RETURN(auto stored, StoredFiling(who.Id(), f.client_key));
  if (stored) return *stored;
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, identity_.ResolveUnit(f.unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("community.record", ref));
  MOTCUA_ASSIGN_OR_RETURN(auto mine, MembershipsOf(who));
  const auto here = std::find_if(mine.begin(), mine.end(),
                                 [&](const Membership& m) { return m.unit == ref.unit_code; });
  if (here == mine.end()) {
    return Status::PermissionDenied("you are not a member of a community group of unit " +
                                    ref.unit_code);
  }
  // Everything below that refuses the item is kept, so a resent item is told the same.
  auto refuse = [&](const Status& st) -> Result<FilingResult> {
    FilingResult r = Refused(f, st);
    if (r.outcome == "refused") MOTCUA_RETURN_IF_ERROR(KeepFiling(who, f, here->group_id, r));
    return r;
  };
  // The consent: recorded, this member's, the applicant's, confirmed and recent.
  std::optional<community::Consent> consent;
  if (f.consent_id != 0) {
    MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
      return tx.Query(
          "SELECT id, member, resident_id_number, method, signature_file IS NOT NULL, "
          "confirmed_ms, created_ms FROM community_consents WHERE id = ?",
          {f.consent_id}, [&](const store::Row& r) {
            consent = community::Consent{
                r.Int(0), r.Text(1), r.Text(2),
                r.Text(3) == "otp" ? community::ConsentMethod::kOneTimeCode
                                   : community::ConsentMethod::kSignature,
                r.Int(4) != 0, r.IsNull(5) ? std::nullopt : std::optional<int64_t>(r.Int(5)),
                r.Int(6)};
          });
    }));
  }
  if (!consent) {
    return refuse(Status::PermissionDenied(
        "the resident's consent is missing: capture their signature on the screen or a one-time "
        "code sent to their phone before filing for them"));
  }
  if (Status st = community::CheckConsent(*consent, who.Id(), f.applicant_id_number, env_.NowMs());
      !st.ok()) {
    return refuse(Status(st.code(), "consent: " + st.message()));
  }

  SubmitRequest req;
  req.unit = ref.unit_code;
  req.procedure_code = f.procedure_code;
  req.channel = dossier::Channel::kOnline;
  req.applicant.full_name = f.applicant_name;
  req.applicant.id_number = f.applicant_id_number;
  req.applicant.phone = f.applicant_phone;
  req.applicant.email = f.applicant_email;
  req.applicant.address = f.applicant_address;
  std::string canonical = f.client_key + "\n" + f.unit + "\n" + f.procedure_code + "\n" +
                          f.applicant_id_number + "\n" + f.applicant_name;
  for (const auto& c : f.components) {
    req.components.push_back({c.name, c.original, 1, c.file, false});
    canonical += "\n" + c.name + "|" + c.file;
  }
  Idempotency idem;
  idem.key = kKeyPrefix + f.client_key;
  idem.request_hash = Sha256Hex(canonical);
  idem.render = [](const DossierView& v, const std::vector<std::string>&) {
    return StoredResponse{201, v.state.header.id};
  };
  auto out = dossiers_.commands.Submit(who, req, &idem);
  if (!out.ok()) {
    if (out.status().code() == Code::kUnauthenticated) return out.status();
    return refuse(out.status());
  }
  FilingResult r;
  r.client_key = f.client_key;
  r.provisional_code = f.provisional_code;
  r.outcome = "filed";
  r.dossier_code = out->replay ? out->replay->body : out->view.state.header.id;
  r.replayed = out->replay.has_value();
  MOTCUA_RETURN_IF_ERROR(KeepFiling(who, f, here->group_id, r));
  return r;
}

Result<std::vector<FilingResult>> CommunityService::Sync(const Principal& who,
                                                         const std::string& batch_id,
                                                         std::vector<SyncItem> items) {
  if (items.size() > community::kMaxBatchItems) {
    return Status::InvalidArgument(
        fmt::format("a batch carries at most {} items; send the rest in another batch",
                    community::kMaxBatchItems),
        {{"items", "too many"}});
  }
  std::vector<FilingResult> results;
  for (auto& item : items) {
    AssistedFiling& f = item.filing;
    f.batch_id = batch_id;
    f.offline = true;
    if (item.invalid) {
      FilingResult r = Refused(f, *item.invalid);
      results.push_back(std::move(r));
      continue;
    }
    // A resent item is answered from what was kept, before anything is stored again.
    if (community::IsClientKey(f.client_key)) {
      MOTCUA_ASSIGN_OR_RETURN(auto stored, StoredFiling(who.Id(), f.client_key));
      if (stored) {
        results.push_back(std::move(*stored));
        continue;
      }
    }
    Status st = Status::Ok();
    for (const auto& photo : item.photos) {
      auto file = files_.Put(who, photo.name.empty() ? "anh-giay-to.jpg" : photo.name, photo.bytes);
      if (!file.ok()) {
        st = file.status();
        break;
      }
      f.components.push_back({photo.component.empty() ? photo.name : photo.component, false, file->id});
    }
    if (st.ok() && f.consent_id == 0 &&
        (!item.consent.signature_image.empty() ||
         item.consent.method == community::ConsentMethod::kOneTimeCode)) {
      item.consent.unit = f.unit;
      auto consent = CreateConsent(who, item.consent);
      if (consent.ok()) {
        f.consent_id = consent->confirmed ? consent->id : 0;
      } else if (consent.status().code() == Code::kUnavailable ||
                 consent.status().code() == Code::kInternal) {
        st = consent.status();
      }
      // Any other refusal of the consent leaves consent_id 0: File refuses the item for it.
    }
    if (!st.ok()) {
      FilingResult r = Refused(f, st);
      if (r.outcome == "refused" && community::IsClientKey(f.client_key)) {
        MOTCUA_ASSIGN_OR_RETURN(auto mine, MembershipsOf(who));
        if (!mine.empty()) MOTCUA_RETURN_IF_ERROR(KeepFiling(who, f, mine.front().group_id, r));
      }
      results.push_back(std::move(r));
      continue;
    }
    auto r = File(who, f);
    if (!r.ok()) {
      if (r.status().code() == Code::kUnauthenticated) return r.status();
      results.push_back(Refused(f, r.status()));
      continue;
    }
    results.push_back(std::move(*r));
  }
  return results;
}

Result<std::vector<CommunityGroup>> CommunityService::MyGroups(const Principal& who) {
  MOTCUA_ASSIGN_OR_RETURN(auto mine, MembershipsOf(who));
  std::vector<CommunityGroup> out;
  for (const auto& m : mine) out.push_back({m.group_id, m.unit, m.province, m.village, "", {}, {}});
  return out;
}

Result<std::vector<FilingResult>> CommunityService::MyFilings(const Principal& who, int limit) {
  std::vector<FilingResult> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT client_key, provisional_code, outcome, COALESCE(dossier_code, ''), message_vi, "
        "message_en FROM community_submissions WHERE member = ? ORDER BY at_ms DESC LIMIT ?",
        {who.Id(), int64_t{std::clamp(limit, 1, 1000)}}, [&](const store::Row& r) {
          FilingResult f{r.Text(0), r.Text(1), r.Text(2), r.Text(3), false, {}};
          if (f.outcome == "refused") f.refusal = {"stored", r.Text(4), r.Text(5)};
          out.push_back(std::move(f));
        });
  }));
  return out;
}

}  // namespace motcua::service
