// The community digital technology groups' rules (tổ công nghệ số cộng đồng, domain.md §13a):
// what a member may record about the help given, when a resident's consent lets a member file a
// dossier for them, what a tablet's provisional code looks like, and the dashboard's arithmetic.
// Pure and thread-safe: no clock, no I/O (the time is an argument).
//
// No national form or indicator list exists [X]: the list of help kinds is data a commune may
// replace (DefaultHelpKinds is only where it starts). Counts of reports (visits, help records)
// are kept apart from counts of persons, and a figure the commune has not given (a village's
// population) stays missing rather than becoming 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace motcua::community {

// One kind of help a member records per person ("vneid_level2": guided through level-2 VNeID
// activation).
struct HelpKind {
  std::string kind;  // [a-z0-9_]{2,40}
  std::string label_vi;
  std::string label_en;
  bool operator==(const HelpKind&) const = default;
};

// Returns the list a commune starts with: VNeID installed, level-2 activation guided, online
// public services used, cashless payment set up, e-commerce account, a course of the national
// basic-digital-skills movement ("Bình dân học vụ số") enrolled, and completed.
std::vector<HelpKind> DefaultHelpKinds();
// The kind whose persons count toward the level-2 VNeID activation rate.
inline constexpr char kVneidLevel2[] = "vneid_level2";

// Returns OK when `kinds` is a usable list: 1–30 kinds, each with a well-formed, unique key and
// both labels. InvalidArgument names the first bad entry ("kinds/3/kind").
Status ValidateHelpKinds(const std::vector<HelpKind>& kinds);
// Returns true when `kind` is in `kinds`.
bool HasHelpKind(const std::vector<HelpKind>& kinds, std::string_view kind);

// Vulnerable-group flags of a person: "elderly", "disability", "ethnic_language" (speaks an
// ethnic-minority language rather than Vietnamese). Returns the flags sorted and space-separated;
// InvalidArgument naming an unknown flag.
Result<std::string> NormaliseFlags(const std::vector<std::string>& flags);

// The kinds of village a group serves: "thon" (thôn), "ban" (bản), "to_dan_pho" (tổ dân phố).
bool IsVillageKind(std::string_view kind);

// ---- Consent --------------------------------------------------------------------------------
// How a resident consented to a member filing for them: a signature drawn on the tablet's screen
// (stored as an image), or a one-time code sent to their phone and read back to the member.
enum class ConsentMethod { kSignature, kOneTimeCode };
std::string_view ConsentMethodName(ConsentMethod m);  // "signature" | "otp"
std::optional<ConsentMethod> ParseConsentMethod(std::string_view name);

// A consent as recorded, judged before a dossier is filed with it.
struct Consent {
  int64_t id = 0;
  std::string member;              // "user:12": the member it was given to
  std::string resident_id_number;  // whose consent
  ConsentMethod method = ConsentMethod::kSignature;
  bool has_signature = false;      // a drawn signature is stored
  std::optional<int64_t> confirmed_ms;
  int64_t created_ms = 0;
};

// How long a consent lets the member file for the resident (the authorisation's life): 30 days,
// enough for a tablet that stays offline for days.
inline constexpr int64_t kConsentValidityMs = int64_t{30} * 24 * 3600 * 1000;
// Most wrong one-time codes before a consent is spent.
inline constexpr int kMaxCodeAttempts = 5;
// How long a one-time code may be read back.
inline constexpr int64_t kCodeValidityMs = int64_t{15} * 60 * 1000;

// Returns OK when `consent` lets `member` file a dossier for `applicant_id_number` at `now`;
// otherwise FailedPrecondition (not confirmed, expired) or PermissionDenied (given to another
// member, for another person), worded for the member.
Status CheckConsent(const Consent& consent, const std::string& member,
                    const std::string& applicant_id_number, int64_t now);

// ---- Offline tablets ------------------------------------------------------------------------
// Returns true for a provisional code a tablet may give: 4–40 of [A-Z0-9-], e.g. "TAM-7K3Q-0002".
bool IsProvisionalCode(std::string_view code);
// Returns true for a client key a tablet may send to make an item idempotent: 8–80 of
// [A-Za-z0-9_-] (a random UUID does).
bool IsClientKey(std::string_view key);
// The most items one sync batch may carry.
inline constexpr size_t kMaxBatchItems = 200;

// Why the server refused an item, in plain words for the member (vi and en), from the kind of
// error and the service's own message; `reason` is a stable key ("consent_missing",
// "not_offered_online", "invalid", "not_allowed", "conflict", "unavailable").
struct Refusal {
  std::string reason;
  std::string vi;
  std::string en;
};
// The refusal of `st` (not OK): the service's message is kept after the plain sentence, with
// the fields it names, so nothing the server knows is hidden from the member.
Refusal PlainRefusal(const Status& st);

// ---- Dashboards ------------------------------------------------------------------------------
// Returns persons / population as a percentage rounded to one decimal, or nullopt when the
// population is unknown or zero (a missing figure, not 0%).
std::optional<double> RatePct(int64_t persons, std::optional<int64_t> population);
// Returns the population of a commune as the sum of its villages' populations, or nullopt when
// any village's is unknown (a partial sum would overstate every rate).
std::optional<int64_t> SumPopulation(const std::vector<std::optional<int64_t>>& villages);
// Returns true when `rate` reaches `target_pct`; false when the rate is missing.
bool TargetMet(std::optional<double> rate, double target_pct);

}  // namespace motcua::community
