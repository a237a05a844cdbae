// CommunityService: the community digital technology groups of a commune (domain.md §13a) —
// groups (one per village), their members, the households and persons they reach, visits and the
// help given per person, the residents' consent to assisted filing, dossiers filed for residents
// (at once or synced from an offline tablet, each item idempotent), and the dashboards.
//
// Who may do what:
//   community.manage @ the commune   set up groups and members, help kinds, targets, populations;
//                                    revoke a lost tablet's sessions (province admin, centre
//                                    director)
//   community.record @ the commune   a member (community_member role): only the households of the
//                                    villages whose group they belong to; refused elsewhere
//   report.read / community.manage   the dashboards of the commune
//   officer @ the commune            the list of groups and help kinds
// Filing goes through the dossier feature's published Submit (channel online, the member as
// agent acting on behalf of the resident under an authorisation recorded from the consent by
// IdentityService::RecordConsentAuthorisation); this service never writes dossier tables.
//
// Owns the community_* tables. Thread-safe (state lives in the store). The collaborators are
// borrowed and must outlive it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/community/community.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::service {

class IdentityService;
class DossierService;
class FileService;
class AuditService;
struct AccessContext;

struct CommunityMember {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  bool is_head = false;
  std::optional<int64_t> revoked_ms;  // the last time its sessions were ended (a lost tablet)
};

struct CommunityGroup {
  int64_t id = 0;
  std::string unit, province;
  std::string village;       // "Bản Nà Lĩu"
  std::string village_kind;  // "thon" | "ban" | "to_dan_pho"
  std::optional<int64_t> population;
  std::vector<CommunityMember> members;
};

struct NewGroup {
  std::string unit;
  std::string village;
  std::string village_kind = "ban";
  std::optional<int64_t> population;
};

struct PersonInput {
  std::string full_name;
  std::optional<int64_t> birth_year;
  std::vector<std::string> flags;  // community::NormaliseFlags
};

struct HouseholdInput {
  int64_t group_id = 0;
  std::string head_name;
  std::string address;
  std::vector<PersonInput> persons;
};

struct CommunityPerson {
  int64_t id = 0;
  std::string full_name;
  std::optional<int64_t> birth_year;
  std::string flags;                // "elderly ethnic_language"
  std::vector<std::string> helped;  // help kinds recorded for them so far
};

struct Household {
  int64_t id = 0;
  int64_t group_id = 0;
  std::string unit, village;
  std::string head_name, address;
  std::vector<CommunityPerson> persons;
  int64_t visits = 0;
};

struct VisitInput {
  int64_t household_id = 0;
  std::optional<int64_t> visited_ms;  // default: now
  std::string note;
  std::map<int64_t, std::vector<std::string>> help;  // person id → help kinds
};

struct Target {
  std::string key;
  std::string label_vi, label_en;
  std::string kind;  // the help kind whose persons count
  double target_pct = 0;
};

// The consent a member captures on the tablet.
struct ConsentInput {
  std::string unit;
  std::string resident_name;
  std::string resident_id_number;
  std::string resident_phone;
  community::ConsentMethod method = community::ConsentMethod::kSignature;
  std::string signature_image;  // the drawn signature (PNG/JPEG/WebP bytes), for kSignature
};

struct ConsentRecord {
  int64_t id = 0;
  std::string method;  // "signature" | "otp"
  bool confirmed = false;
  std::string signature_file;  // the stored image's id
  int64_t authorisation_id = 0;
  // Only with test hooks on (CommunityOptions::test_codes): the one-time code sent, so a test
  // can read it back. Never set in production.
  std::string test_code;
};

// A dossier a member files for a resident, at once or from the tablet's outbox.
struct AssistedFiling {
  std::string client_key;        // community::IsClientKey; a resend with it files once
  std::string provisional_code;  // what the tablet showed the resident ("" when online)
  std::string batch_id;
  bool offline = false;
  int64_t consent_id = 0;        // a confirmed consent of the applicant to this member
  std::string unit;
  std::string procedure_code;
  std::string applicant_name, applicant_id_number, applicant_phone, applicant_email,
      applicant_address;
  struct Component {
    std::string name;
    bool original = false;
    std::string file;  // a stored file id the member uploaded
  };
  std::vector<Component> components;
};

// One item's outcome, as the tablet shows it.
struct FilingResult {
  std::string client_key;
  std::string provisional_code;
  std::string outcome;       // "filed" | "refused" | "retry" (the server could not decide now)
  std::string dossier_code;  // when filed
  bool replayed = false;     // the item had been received before: nothing was filed again
  community::Refusal refusal;  // when refused or retry
};

// A synced item: the filing, with its consent and photos carried inline (the tablet had no
// network to upload them one by one).
struct SyncItem {
  AssistedFiling filing;
  ConsentInput consent;  // used when filing.consent_id is 0
  struct Photo {
    std::string name;
    std::string bytes;  // compressed on the device
    std::string component;  // the component it shows ("Giấy khai sinh")
  };
  std::vector<Photo> photos;
  std::optional<Status> invalid;  // set by the decoder for an item it could not read
};

// A village's or the commune's figures over a period.
struct DashboardRow {
  std::string label;              // the village, or the commune's name
  int64_t group_id = 0;           // 0 for the commune's total
  int64_t households = 0;         // known households
  int64_t households_reached = 0; // households visited in the period
  int64_t visits = 0;             // reports (visits) in the period
  int64_t help_records = 0;       // reports of help given (a person and a kind, per visit)
  std::map<std::string, int64_t> persons_by_kind;  // distinct persons helped, per kind
  int64_t persons_helped = 0;     // distinct persons helped with anything
  int64_t vulnerable_helped = 0;  // … of them flagged in a vulnerable group
  std::optional<int64_t> population;
  std::optional<double> vneid_level2_pct;  // persons guided to level 2 / population
  int64_t assisted_dossiers = 0;  // filed with a member's help
  int64_t offline_dossiers = 0;   // … of them from an offline tablet
  int64_t refused_items = 0;      // items the server refused (told to the member)
};

struct TargetProgress {
  Target target;
  std::optional<double> current_pct;
  bool met = false;
};

struct Dashboard {
  std::string unit;
  int64_t from_ms = 0, to_ms = 0;
  std::vector<community::HelpKind> kinds;
  std::vector<DashboardRow> villages;
  DashboardRow commune;
  std::vector<TargetProgress> targets;
  // Help records per month ("2026-11" → count), oldest first, over the period.
  std::vector<std::pair<std::string, int64_t>> trend;
};

struct CommunityOptions {
  // Return one-time codes in ConsentRecord::test_code (test endpoints only).
  bool test_codes = false;
};

class CommunityService {
 public:
  CommunityService(Env& env, store::Store& store, IdentityService& identity,
                   DossierService& dossiers, FileService& files, AuditService& audit,
                   CommunityOptions options = {})
      : env_(env),
        store_(store),
        identity_(identity),
        dossiers_(dossiers),
        files_(files),
        audit_(audit),
        options_(options) {}

  // ---- Set-up (community.manage at the commune) ----------------------------------------------
  // Creates the group of a village. AlreadyExists when the village has one; InvalidArgument for
  // an empty name or an unknown village kind.
  Result<CommunityGroup> CreateGroup(const Principal& who, const NewGroup& g);
  // Adds an account holding community_member at the group's commune (the village head when
  // `is_head`). InvalidArgument when the account has no such grant.
  Result<CommunityGroup> AddMember(const Principal& who, const std::string& unit, int64_t group_id,
                                   const std::string& username, bool is_head);
  // Returns the commune's groups with their members (any officer of the commune).
  Result<std::vector<CommunityGroup>> Groups(const Principal& who, const std::string& unit);
  // Ends every session of a member's account (a lost or stolen tablet): nothing the tablet holds
  // can reach the server again; the member signs in anew on another device.
  Status RevokeMemberDevices(const Principal& who, const std::string& unit,
                             const std::string& username);
  // Replaces the commune's help kinds (community::ValidateHelpKinds).
  Status SetHelpKinds(const Principal& who, const std::string& unit,
                      const std::vector<community::HelpKind>& kinds);
  // Returns the commune's help kinds (the defaults until it sets its own).
  Result<std::vector<community::HelpKind>> HelpKinds(const std::string& unit);
  // Replaces the commune's targets; each counts a known help kind, 0 < target ≤ 100.
  Status SetTargets(const Principal& who, const std::string& unit,
                    const std::vector<Target>& targets);

  // ---- Households and visits (a member of the household's village) -------------------------
  // Each names the commune of the request (`unit`): a group or household of another is NotFound.
  Result<Household> CreateHousehold(const Principal& who, const std::string& unit,
                                    const HouseholdInput& in,
                                    const AccessContext& ctx);
  // Returns a household with its persons (logged in the personal-data access log).
  // PermissionDenied for a member of another village, naming it.
  Result<Household> GetHousehold(const Principal& who, const std::string& unit, int64_t id,
                                 const AccessContext& ctx);
  // Lists a village's households (names only; no access-log row: heads' names and addresses).
  Result<std::vector<Household>> Households(const Principal& who, const std::string& unit,
                                            int64_t group_id);
  // Records a visit and the help given per person. InvalidArgument for a person of another
  // household or a kind not in the commune's list. Returns the visit's id.
  Result<int64_t> RecordVisit(const Principal& who, const std::string& unit, const VisitInput& in);

  // ---- Consent and assisted filing (a member) -----------------------------------------------
  // Captures a resident's consent. A signature is stored as a file and confirms the consent at
  // once; a one-time code is sent to the resident's phone (outbox, channel "sms") and confirmed
  // by ConfirmConsent. A confirmed consent records the authorisation the dossier's Submit checks.
  Result<ConsentRecord> CreateConsent(const Principal& who, const ConsentInput& in);
  // Confirms a one-time-code consent with the code the resident read out. PermissionDenied after
  // too many wrong codes or once expired; InvalidArgument for a wrong code.
  Result<ConsentRecord> ConfirmConsent(const Principal& who, int64_t consent_id,
                                       const std::string& code);
  // Files a dossier for a resident with their consent (once per client key). A refusal the
  // server is sure of is returned as a "refused" result (and kept, so a resend says the same);
  // an error of the store or of the caller's sign-in is returned as an error.
  Result<FilingResult> File(const Principal& who, const AssistedFiling& f);
  // Files a tablet's batch: each item on its own (one refused item does not stop the others),
  // each idempotent by its client key. Returns one result per item, in order.
  Result<std::vector<FilingResult>> Sync(const Principal& who, const std::string& batch_id,
                                         std::vector<SyncItem> items);
  // Returns the groups `who` is a member of (without their member lists); empty for others.
  Result<std::vector<CommunityGroup>> MyGroups(const Principal& who);
  // Returns the member's own filings, newest first: provisional code → dossier code or refusal.
  Result<std::vector<FilingResult>> MyFilings(const Principal& who, int limit);

  // ---- Dashboards (report.read or community.manage at the commune) -------------------------
  Result<Dashboard> DashboardOf(const Principal& who, const std::string& unit, int64_t from_ms,
                                int64_t to_ms);
  // Returns the dashboard as an XLSX workbook (villages and commune, persons by kind, targets,
  // trend), labelled in `lang` ("vi" or "en"); missing figures are empty cells.
  Result<std::string> DashboardXlsx(const Principal& who, const std::string& unit,
                                    int64_t from_ms, int64_t to_ms, const std::string& lang);

 private:
  struct Membership {
    int64_t group_id = 0;
    std::string unit, province, village;
  };
  // Returns the groups `who` belongs to (an empty list for non-members).
  Result<std::vector<Membership>> MembershipsOf(const Principal& who);
  // Returns the group (with its unit); NotFound, also when it is not a group of `unit` (when
  // given).
  Result<Membership> GroupById(int64_t id, const std::string& unit = {});
  // OK when `who` may record in `group`: a member of it, or community.manage at its commune.
  Status MayRecordIn(const Principal& who, const Membership& group);
  Result<std::optional<FilingResult>> StoredFiling(const std::string& member,
                                                   const std::string& client_key);
  Status KeepFiling(const Principal& who, const AssistedFiling& f, int64_t group_id,
                    const FilingResult& r);

  Env& env_;
  store::Store& store_;
  IdentityService& identity_;
  DossierService& dossiers_;
  FileService& files_;
  AuditService& audit_;
  const CommunityOptions options_;
};

// Returns the bytes of standard base64 text (a "data:…;base64," prefix is skipped, as a canvas
// exports it); InvalidArgument for anything else.
Result<std::string> DecodeBase64(std::string_view text);

}  // namespace motcua::service
