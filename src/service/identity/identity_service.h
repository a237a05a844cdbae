// IdentityService: officer accounts and role grants, sign-in with rate limits and an optional TOTP
// second factor, sessions (opaque tokens stored hashed, idle and absolute expiry), scoped API
// tokens, residents signed in through OpenID Connect, and authorisations to act for someone else.
// Every change is an event on the chain, written in the same transaction as its projection.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "service/catalogue/unit_service.h"
#include "service/identity/password_hasher.h"
#include "service/platform/principal.h"
#include "service/platform/site_service.h"
#include "store/store.h"

namespace motcua::service {

struct IdentityOptions {
  PasswordHasherOptions hasher;
  int64_t session_idle_ms = 2 * 3600 * 1000;       // signed out after 2 h without a request
  int64_t session_absolute_ms = 12 * 3600 * 1000;  // and after 12 h in any case
  std::vector<authz::Role> totp_required_roles = {authz::Role::kSigner, authz::Role::kProvinceAdmin,
                                                  authz::Role::kNationalAdmin};
  int max_failures_per_account = 5;   // within the window, then 429
  int max_failures_per_address = 20;
  int64_t failure_window_ms = 15 * 60 * 1000;
  size_t min_password_length = 10;
  // A resident records an authorisation for themselves only with a level-2 VNeID identity.
  // Domain §11.1: level 2 is "equivalent to the chip ID card for transactions" [C]; whether a
  // level-1 account may delegate is not stated anywhere we found, hence configurable.
  bool authorisation_needs_level2 = true;
};

// The reason of Login's refusal when the authenticator code is missing (Status::reason()).
inline constexpr std::string_view kTotpRequired = "totp_required";

struct LoginRequest {
  std::string username;
  std::string password;
  std::string totp_code;   // required when the account has a second factor
  std::string remote_ip;
};

struct Session {
  std::string token;  // the cookie value; shown once, stored only hashed
  std::string csrf;
  Principal principal;
};

struct UserSummary {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  bool disabled = false;
  bool totp = false;
  std::vector<authz::Grant> grants;
};

struct Authorisation {
  int64_t id = 0;
  std::string agent;                // "resident:7" / "user:12" / "id:001088000111" (by ID number)
  std::string principal_id_number;  // for whom
  std::string principal_name;
  std::string scope;                // "submit", "receive_result", "all"
  std::string document_ref;
  int64_t expires_ms = 0;
  std::string unit;                 // the unit whose dossiers it covers; "" = every unit
  std::string recorded_by;          // the principal ("resident:7") or a reception officer
};

// What the caller asks to record. A resident records it as the principal (their own ID number);
// a reception officer records it for a principal at their own unit, after seeing the paper.
struct AuthorisationRequest {
  std::string principal_id_number;  // resident: their own, or empty for their own
  std::string principal_name;       // reception: required; resident: their own name is used
  std::string agent_id_number;      // the agent, a person (matched when they sign in) …
  std::string agent_username;       // … or an account, e.g. a community digital group member
  std::string scope;                // "submit", "receive_result", "all"
  std::string document_ref;         // the paper (giấy ủy quyền); required at the counter
  std::string unit;                 // reception: the unit (default: the one they receive at)
  int64_t expires_ms = 0;
};

class IdentityService {
 public:
  // `units` resolves the unit of a grant (the catalogue owns the units table).
  IdentityService(Env& env, store::Store& store, SiteService& site, UnitService& units,
                  IdentityOptions options);

  // Returns the unit reference (with its province) of a unit code known to this installation.
  Result<authz::UnitRef> ResolveUnit(const std::string& unit_code);

  // Creates an officer account with the given roles. A national role is granted on
  // authz::kNationUnit (its unit may be left empty) and no other role may be. InvalidArgument for
  // a short password, a bad username, an unknown unit or a role on the wrong kind of unit;
  // AlreadyExists when the username is taken.
  Result<int64_t> CreateUser(const std::string& username, const std::string& display_name,
                             const std::string& password,
                             const std::vector<std::pair<authz::Role, std::string>>& roles,
                             const std::string& actor);
  Result<UserSummary> GetUser(const std::string& username);
  // Lists the accounts holding a grant inside `target` (a commune or a province).
  Result<std::vector<UserSummary>> ListUsers(const authz::UnitRef& target);

  // Signs an officer in. Unauthenticated with one message for a wrong name or password (no user
  // enumeration); ResourceExhausted when rate-limited; Unauthenticated with reason kTotpRequired
  // (field "totp_code") when the account has a second factor and no code was given.
  Result<Session> Login(const LoginRequest& request);
  // Returns the principal of a session cookie value; Unauthenticated when unknown, expired or
  // revoked.
  Result<Principal> Authenticate(const std::string& session_token);
  // Returns the principal of an API token ("Authorization: Bearer …").
  Result<Principal> AuthenticateBearer(const std::string& token);
  Status Logout(const std::string& session_token);
  // Revokes every session of a principal ("user:12" / "resident:7").
  Status RevokeAll(const std::string& principal_id, const std::string& actor);

  // Creates an API token for `username` carrying its roles (limited to `unit` and `permissions`
  // when given), valid for `ttl_ms`. Returns the token; only its hash is stored.
  Result<std::string> CreateApiToken(const std::string& username, const std::string& name,
                                     const std::optional<std::string>& unit,
                                     const std::vector<std::string>& permissions, int64_t ttl_ms,
                                     const std::string& actor);

  // Starts TOTP enrolment; returns the otpauth:// URI (the secret waits for confirmation).
  Result<std::string> BeginTotp(int64_t user_id);
  // Confirms enrolment with a current code; from then on sign-in needs a code.
  Status ConfirmTotp(int64_t user_id, const std::string& code);

  // Records (or updates) a resident from verified OpenID Connect claims and opens a session.
  Result<Session> SignInResident(const std::string& subject, const std::string& id_number,
                                 const std::string& name, bool level2);

  // Records, for `recorder`, that an agent may act for a principal. Only the principal (a
  // signed-in resident, for their own ID number) or a reception officer of the unit (for a
  // principal who showed the paper authorisation; covers that unit's dossiers) may record one:
  // PermissionDenied for anyone else, naming who can. InvalidArgument for a bad ID number, an
  // unknown agent, a missing document reference at the counter or a past expiry.
  // OK when `who` may record or revoke authorisations at all (a resident, or an officer who
  // receives dossiers somewhere); the rest is decided against the request. Callers check it
  // before reading a body.
  Status MayRecordAuthorisations(const Principal& who);
  Result<Authorisation> CreateAuthorisation(const Principal& recorder,
                                            const AuthorisationRequest& r);
  // Records that the community-group member `agent` may submit dossiers for the resident
  // `principal_id_number` at `unit`, because the resident consented on the member's tablet (a
  // signature drawn on the screen or a one-time code sent to their phone; the community feature
  // captures and keeps the evidence, and `evidence` names it: "community consent #12
  // (signature)"). The resident's consent stands in for the paper the counter checks: scope
  // "submit", the one unit, recorded_by "community:consent", expiring at `expires_ms`.
  // PermissionDenied unless `agent` holds assist.submit at `unit`; InvalidArgument for a bad ID
  // number, an empty name or evidence, or a past expiry. Published for service/community.
  Result<Authorisation> RecordConsentAuthorisation(const Principal& agent,
                                                   const std::string& principal_id_number,
                                                   const std::string& principal_name,
                                                   const std::string& unit,
                                                   const std::string& evidence,
                                                   int64_t expires_ms);
  // Revokes authorisation `id`: the principal (signed in) or a reception officer of its unit
  // (any reception officer for one covering every unit: the principal came to a counter).
  // NotFound, PermissionDenied, FailedPrecondition when already revoked.
  Status RevokeAuthorisation(const Principal& who, int64_t id);
  // Returns the live authorisation letting `agent` act for `id_number` within `scope` on a
  // dossier of `unit` ("" = any unit will do: only authorisations covering every unit count).
  // Returns the live (not revoked, not expired) authorisations `agent` holds, any scope, newest
  // first (at most 200): whose dossiers they follow.
  Result<std::vector<Authorisation>> AuthorisationsHeldBy(const Principal& agent);
  Result<Authorisation> FindAuthorisation(const Principal& agent, const std::string& id_number,
                                          const std::string& scope, const std::string& unit);

  // Remembers the language `who` chose for pages ("vi", "en"), so that signing in on any browser
  // brings it back (Principal::lang). InvalidArgument unless 2–3 lower-case letters;
  // Unauthenticated for the anonymous.
  Status SetLanguage(const Principal& who, const std::string& lang);
  // Returns the display names of principals ("user:12" → the officer's display name,
  // "resident:7" → the resident's name) in one query; ids that name nobody are left out.
  Result<std::map<std::string, std::string>> DisplayNames(const std::vector<std::string>& ids);

  const IdentityOptions& options() const { return options_; }

 private:
  Result<Principal> LoadUser(int64_t user_id);
  Result<Session> OpenSession(const Principal& p, bool mfa_ok);
  bool RateLimited(const std::string& key, int limit, int64_t now);
  void RecordFailure(const std::string& key, int64_t now);

  Env& env_;
  store::Store& store_;
  SiteService& site_;
  UnitService& units_;
  const IdentityOptions options_;
  PasswordHasher hasher_;
  std::mutex limiter_mu_;
  std::map<std::string, std::vector<int64_t>> failures_;  // GUARDED_BY(limiter_mu_)

  // Every write through this service, so cached principals are dropped at once.
  template <typename Fn>
  Status Mutate(Fn&& fn) {
    Status st = store_.Write(std::forward<Fn>(fn));
    generation_.fetch_add(1, std::memory_order_acq_rel);
    return st;
  }
  // Bearer tokens are presented on every request of an integration; the principal behind one is
  // kept for kBearerCacheMs (keyed by the token's hash), dropped when this service writes anything
  // (generation_) or the token expires. A change made by another process on the same store (the
  // CLI) is seen within kBearerCacheMs.
  static constexpr int64_t kBearerCacheMs = 5000;
  static constexpr size_t kBearerCacheMax = 4096;
  struct CachedBearer {
    Principal principal;
    int64_t until_ms = 0;
    uint64_t generation = 0;
  };
  std::atomic<uint64_t> generation_{0};
  std::mutex bearer_mu_;
  std::unordered_map<std::string, CachedBearer> bearer_cache_;  // GUARDED_BY(bearer_mu_)
};

// Returns "is a valid personal identification number" for 12 digits (CCCD / số định danh).
bool IsIdNumber(const std::string& s);
// Returns "is an organisation's identifier": its enterprise / tax code, 10 digits, or 10 digits, a
// dash and 3 digits for a branch (Law on Tax Administration; Decision 20/2020 Art 4 for the e-id).
bool IsOrganisationId(const std::string& s);

}  // namespace motcua::service
