// The dossier's action vocabulary: one typed table of every action an officer or the applicant
// can take on an existing dossier (accept, send-back, request-supplementation, …), read by
// everyone who names an action — the API's parser and its OpenAPI document, the desk's forms,
// the portal, the legal forms and the allowed-actions list.
//
// Each ActionSpec gives the action's API name, its command fields with their types and limits
// (enough to read a JSON body generically and to write a schema), who may take it (the roles of
// the workflow steps it belongs to, fixed roles, the applicant side), the event it records and
// the legal forms (Mẫu 01–06) that event yields. `Build` turns arguments already read by type
// into the domain's command; dossier::Decide stays the judge of whether it may be done now.
//
// Permitted(state, actor) and FormsOf(state, events) answer for everyone: what this actor may do
// on this state, and which forms the dossier has now. Labels are not here: the web catalogues
// key them by action name ("desk.action.<name>"). Pure values and functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/authz/roles.h"
#include "domain/dossier/dossier.h"

namespace motcua::dossier {

// The type of an action's field, as a JSON body carries it.
enum class FieldType {
  kText,        // a string of at most `max_bytes` bytes, valid UTF-8
  kTextList,    // a list of at most `max_items` non-empty strings of at most `max_bytes` each
  kInt,         // a whole number in [min, max]
  kBool,        // true or false
  kDateTime,    // an RFC 3339 date-time ("2026-12-20T16:00:00+07:00")
  kChoice,      // one of `choices` (the first when absent)
  kOfficer,     // an officer's account name ("demo.specialist"), a string of at most `max_bytes`
  kFileId,      // the id of a stored file (POST /api/v1/files), a string of at most `max_bytes`
  kComponents,  // a list of at most `max_items` {name, original, file} (components sent)
};
// Returns "text", "text-list", "int", "bool", "date-time", "choice", "officer", "file-id",
// "components".
std::string_view FieldTypeName(FieldType t);

struct FieldSpec {
  std::string_view name;  // JSON key and form field ("missing")
  FieldType type = FieldType::kText;
  bool required = false;        // absent, null, "" or [] is refused
  size_t max_bytes = 4000;      // text types; each item of a list; a component's name
  size_t max_items = 0;         // kTextList, kComponents
  int64_t min = 0, max = 0;     // kInt
  std::vector<std::string_view> choices;  // kChoice
  bool keep_absent = false;  // kChoice: absent stays "" (the command infers it) instead of the first
  std::string_view description;           // one sentence, English (the API document)
};

// The legal forms of one dossier (domain.md §3.1, TT 03/2025 numbering). Mẫu 07, the dossier
// log, belongs to a unit, not a dossier.
enum class Form {
  k01Receipt = 1,        // Giấy tiếp nhận hồ sơ và hẹn trả kết quả
  k02Supplementation,    // Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
  k03Refusal,            // Phiếu từ chối tiếp nhận giải quyết hồ sơ
  k04Apology,            // Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết
  k05StopNotice,         // Thông báo dừng giải quyết hồ sơ
  k06ProcessSheet,       // Phiếu kiểm soát quá trình giải quyết hồ sơ
};
// Returns "01" … "06".
std::string_view FormCode(Form f);
// Returns the form of "01" … "06"; nullopt otherwise.
std::optional<Form> ParseFormCode(std::string_view code);
// Every form of a dossier, in order.
const std::vector<Form>& AllForms();

// A role that takes an action because it does a workflow step: the step's role as the dossier's
// workflow names it, or `fallback` when the workflow has no such step.
struct StepRole {
  StepKind step;
  authz::Role fallback;
};

// Arguments of an action, read by type from a body (the API's JSON, the desk's form) according
// to the action's FieldSpecs. A field not set reads as empty, 0 or false.
struct ActionArgs {
  std::map<std::string, std::string, std::less<>> text;  // kText, kChoice, kOfficer, kFileId
  std::map<std::string, std::vector<std::string>, std::less<>> lists;       // kTextList
  std::map<std::string, int64_t, std::less<>> numbers;  // kInt; kDateTime as UTC milliseconds
  std::map<std::string, bool, std::less<>> flags;       // kBool
  std::map<std::string, std::vector<ReceivedComponent>, std::less<>> components;

  std::string Text(std::string_view name) const;
  std::vector<std::string> List(std::string_view name) const;
  int64_t Int(std::string_view name) const;
  bool Bool(std::string_view name) const;
  std::vector<ReceivedComponent> Components(std::string_view name) const;
};

struct ActionSpec {
  std::string_view name;  // the API name ("request-supplementation")
  std::string_view summary;  // one sentence, English (the API document)
  std::vector<FieldSpec> fields;
  // Who may take it: the roles of these workflow steps, these fixed roles, and the applicant side
  // (the applicant, their representative or an agent acting under an authorisation).
  std::vector<StepRole> step_roles;
  std::vector<authz::Role> roles;
  bool applicant = false;
  EventType event = EventType::kAccepted;  // what it records
  std::vector<Form> yields;                // the forms that event brings into being
  // Returns the command for arguments read by type (limits and required fields already checked).
  CommandBody (*build)(const ActionArgs& args) = nullptr;

  // Returns the field `name`, or nullptr.
  const FieldSpec* Field(std::string_view name) const;
};

// Every action, in workflow order.
const std::vector<ActionSpec>& Actions();
// Returns the action named `name`, or nullptr.
const ActionSpec* FindAction(std::string_view name);
// Returns the roles that may take `spec` on a dossier following `workflow` (the applicant side
// aside), without duplicates, in the order the spec lists them.
std::vector<authz::Role> RolesOf(const ActionSpec& spec, const Workflow& workflow);
// Returns arguments every field check of `spec` accepts (a required text is "x", a list ["x"], a
// number its minimum or 1, a date-time far in the future, a choice its first value), so that only
// the state and the actor decide whether Decide accepts the command.
ActionArgs ExampleArgs(const ActionSpec& spec);

// Returns the names of the actions `actor` may take on `state` now: those whose command, with
// ExampleArgs, dossier::Decide accepts for this actor. The service narrows it further by facts the
// domain does not hold (whether an account can be assigned, the calendar for an apology's date).
std::vector<std::string> Permitted(const Dossier& state, const Actor& actor);

// Returns the forms the dossier has now, in order: each event's action yields its forms (the
// acceptance Mẫu 01 and 06, a refusal Mẫu 03, every request to complete or supplement — a send-back
// before acceptance as well as a request during processing — Mẫu 02, an apology Mẫu 04, a stop
// Mẫu 05).
std::vector<Form> FormsOf(const Dossier& state, const std::vector<DossierEvent>& events);

}  // namespace motcua::dossier
