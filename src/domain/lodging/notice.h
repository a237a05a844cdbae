// Accommodation notices (thông báo lưu trú), the pure rules: when a notice is due, whether it was
// on time, and what a guest's particulars must look like (domain.md §10). No I/O; thread-safe.
//
// The deadline (Residence Law 2020 Art 30(4); Decree 96/2016 Art 44): a notice is due before 23:00
// on the day of arrival, or before 08:00 the next day when the guest arrives at or after 23:00
// (Vietnam time, UTC+07:00). A foreign guest's declaration (Law 47/2014 Art 33, amended 2023) must
// reach the commune police within 12 hours of arrival, 24 hours in remote areas; each commune sets
// its hours. "Before" is strict: a notice stamped exactly at the deadline is late.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::lodging {

enum class GuestKind { kVietnamese, kForeign };

// A commune's rules for foreigners' declarations.
struct DeadlineRules {
  // Hours after arrival within which a foreign guest's declaration must reach the police
  // (12 by law; 24 in remote areas, set per commune).
  int foreign_hours = 12;
};

// Returns the instant (ms since the epoch) before which the notice of a guest who arrived at
// `arrival_ms` is due.
int64_t NoticeDue(int64_t arrival_ms, GuestKind kind, const DeadlineRules& rules);
// Returns true when a notice given at `notified_ms` meets `due_ms` (strictly before it).
inline bool OnTime(int64_t notified_ms, int64_t due_ms) { return notified_ms < due_ms; }

// The longest period of stay one notice covers (Circular 55/2021 Art 15 as amended): 30 days.
inline constexpr int kMaxStayDays = 30;

// Kinds of lodging facility, as the police list them. Names are stable codes (stored, exported);
// labels are in the i18n catalogues ("lodging.type.<code>").
inline constexpr std::string_view kFacilityTypes[] = {
    "household", "homestay", "guesthouse", "hotel", "apartment", "dormitory", "medical", "other"};
bool IsFacilityType(std::string_view code);

// Reasons of stay: the codes of column Q of the police's XLSX template that we offer
// (1 tourism, 2 business, 3 study, 19 work, 20 other).
inline constexpr int kStayReasons[] = {1, 2, 3, 19, 20};
bool IsStayReason(int code);

// Returns true for a personal ID number: exactly 12 digits.
bool IsPersonalIdNumber(std::string_view s);
// Returns true for a passport number: 6 to 20 characters, A–Z and 0–9 only (upper case).
bool IsPassportNumber(std::string_view s);
// Returns true for an ISO 3166-1 alpha-3 country code in upper case ("VNM", "FRA").
bool IsNationality(std::string_view s);

// One guest's particulars as a host enters them. Dates are Vietnam civil dates.
struct GuestInput {
  GuestKind kind = GuestKind::kVietnamese;
  std::string name;
  std::string id_number;    // Vietnamese: the 12-digit personal ID number
  std::string passport;     // foreign: passport number
  std::string nationality;  // foreign: ISO 3166 alpha-3 ("VNM" for Vietnamese)
  std::string visa;         // foreign: visa or residence paper number
  std::optional<std::chrono::year_month_day> permitted_until;  // foreign: permitted stay
  std::chrono::year_month_day birth{};
  char sex = 0;  // 'M' or 'F'
  int reason = 1;
  std::chrono::year_month_day arrival_date{};
  std::chrono::year_month_day departure_date{};  // expected
};

// A field that failed, by its form name ("id_number"), and a catalogue key for the message
// ("lodging.err.id_number").
struct FieldProblem {
  std::string field;
  std::string key;
};

// Returns every problem with `g` (empty when it is valid): a name without control characters,
// required fields, the ID number or
// passport and nationality, birth before arrival, departure on or after arrival and at most
// kMaxStayDays after it, a permitted stay for foreigners.
std::vector<FieldProblem> Validate(const GuestInput& g);

// Parses "yyyy-mm-dd" (HTML date input) or "dd/mm/yyyy" (the police templates); nullopt when it is
// neither or not a real date.
std::optional<std::chrono::year_month_day> ParseDate(std::string_view s);
// Returns "dd/mm/yyyy".
std::string FormatDate(std::chrono::year_month_day d);
// Returns "yyyy-mm-dd".
std::string IsoDate(std::chrono::year_month_day d);

}  // namespace motcua::lodging
