#include "service/dossier/dossier_queries.h"

#include <algorithm>
#include <sstream>
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "domain/calendar/work_calendar.h"
#include "domain/dossier/code.h"
#include "service/dossier/dossier_access.h"
#include "service/dossier/dossier_clock.h"
#include "service/dossier/dossier_persist.h"
#include "service/identity/identity_service.h"
#include "service/identity/audit_service.h"
#include "service/platform/file_service.h"

namespace motcua::service {

using dossier::NationalStatus;
using nlohmann::json;

namespace {

// Returns the unit holding `d`: the scope of its entries in the personal-data access log.
authz::UnitRef UnitOf(const dossier::Dossier& d) {
  return authz::UnitRef{d.header.unit, d.header.province};
}

// The purpose written to the personal-data access log: the use, and the authorisation it went
// through when the reader is an agent.
std::string Purpose(const std::string& use, int64_t via_authorisation) {
  if (!via_authorisation) return use;
  return use + " under authorisation " + std::to_string(via_authorisation);
}


}  // namespace

Result<DossierView> DossierQueries::Get(const Principal& who, const std::string& code,
                                        const AccessContext& ctx) {
  dossier::Dossier d;
  std::vector<std::string> escalations;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(d, LoadIn(tx, code));
    return tx.Query("SELECT threshold FROM dossier_escalations WHERE code = ? ORDER BY raised_ms",
                    {code}, [&](const store::Row& r) { escalations.push_back(r.Text(0)); });
  }));
  if (!d.exists) return Status::NotFound("no dossier has the code " + code);
  int64_t via = 0;
  MOTCUA_RETURN_IF_ERROR(access_.Authorise(who, d, /*act=*/false, nullptr, &via));
  if (who.id_number != d.header.applicant.id_number) {
    MOTCUA_RETURN_IF_ERROR(
        deps_.audit.Record(who, "dossier:" + code, UnitOf(d), Purpose("dossier.view", via), ctx));
  }
  DossierView v = clock_.ViewOf(d);
  v.escalations = std::move(escalations);
  return v;
}

Result<DossierPageData> DossierQueries::Page(const Principal& who, const std::string& code,
                                             const AccessContext& ctx) {
  DossierPageData page;
  std::vector<std::string> escalations;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(page.events, EventsIn(tx, code));
    return tx.Query("SELECT threshold FROM dossier_escalations WHERE code = ? ORDER BY raised_ms",
                    {code}, [&](const store::Row& r) { escalations.push_back(r.Text(0)); });
  }));
  const dossier::Dossier d = dossier::Replay(page.events);
  if (!d.exists) return Status::NotFound("no dossier has the code " + code);
  int64_t via = 0;
  MOTCUA_RETURN_IF_ERROR(access_.Authorise(who, d, /*act=*/false, nullptr, &via));
  if (who.id_number != d.header.applicant.id_number) {
    MOTCUA_RETURN_IF_ERROR(
        deps_.audit.Record(who, "dossier:" + code, UnitOf(d), Purpose("dossier.view", via), ctx));
  }
  page.view = clock_.ViewOf(d);
  page.view.escalations = std::move(escalations);
  page.allowed_actions = access_.AllowedActions(who, page.view);
  if (std::find(page.allowed_actions.begin(), page.allowed_actions.end(), "assign") !=
      page.allowed_actions.end()) {
    // The choice list only: the service checks `assign` against the same list when it is taken.
    if (auto users = access_.AssignableHandlers(d); users.ok()) page.handlers = std::move(*users);
  }
  return page;
}

Result<std::vector<dossier::DossierEvent>> DossierQueries::History(const Principal& who,
                                                                   const std::string& code,
                                                                   const AccessContext& ctx) {
  std::vector<dossier::DossierEvent> events;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(events, EventsIn(tx, code));
    return Status::Ok();
  }));
  dossier::Dossier d = dossier::Replay(events);
  if (!d.exists) return Status::NotFound("no dossier has the code " + code);
  int64_t via = 0;
  MOTCUA_RETURN_IF_ERROR(access_.Authorise(who, d, /*act=*/false, nullptr, &via));
  if (who.id_number != d.header.applicant.id_number) {
    MOTCUA_RETURN_IF_ERROR(deps_.audit.Record(who, "dossier:" + code, UnitOf(d),
                                               Purpose("dossier.history", via), ctx));
  }
  return events;
}

namespace {

// Returns the digits of a phone number, a leading +84 / 84 written as 0 ("+84 912 345 678" →
// "0912345678").
std::string PhoneDigits(const std::string& phone) {
  std::string d;
  for (char c : phone) {
    if (c >= '0' && c <= '9') d += c;
  }
  if (d.starts_with("84") && d.size() >= 11) d = "0" + d.substr(2);
  return d;
}

constexpr char kListColumns[] =
    "SELECT code, unit, procedure_code, procedure_name, status, step, next_role, applicant_name, "
    "applicant_id, accepted_ms, submitted_ms, due_ms, version, province, handler, assignee, "
    "applicant FROM dossiers ";

WorklistItem ItemOf(const store::Row& r) {
  WorklistItem it;
  it.code = r.Text(0);
  it.unit = r.Text(1);
  it.procedure_code = r.Text(2);
  it.procedure_name = r.Text(3);
  it.status = static_cast<int>(r.Int(4));
  it.step = r.IsNull(5) ? "" : r.Text(5);
  it.next_role = r.Text(6);
  it.applicant_name = r.Text(7);
  it.applicant_id_masked = authz::MaskIdNumber(r.Text(8));
  it.received_ms = r.IsNull(9) ? OptInt(r, 10) : OptInt(r, 9);
  it.due_ms = OptInt(r, 11);
  it.version = r.Int(12);
  it.province = r.Text(13);
  it.handler = r.Text(14);
  // Paused: waiting for the applicant or a payment, with the due in force held by the pause (the
  // projection stores no due then; a payment wait that does not stop the clock keeps its due).
  it.paused = (it.status == 5 || it.status == 6) && !it.due_ms;
  return it;
}

}  // namespace

Result<std::vector<WorklistItem>> DossierQueries::Worklist(const Principal& who,
                                                           const WorklistQuery& q) {
  if (who.kind != Principal::Kind::kUser) return Status::PermissionDenied("officers only");
  std::vector<authz::Grant> grants = authz::GrantsWith(who.grants, "dossier.read");
  if (grants.empty()) return Status::PermissionDenied("you hold no role that reads dossiers");
  std::string where = "WHERE (";
  std::vector<store::Value> params;
  for (size_t i = 0; i < grants.size(); ++i) {
    if (i) where += " OR ";
    if (grants[i].IsProvinceWide()) {
      where += "province = ?";
    } else {
      where += "unit = ?";
    }
    params.push_back(grants[i].unit_code);
  }
  where += ")";
  if (q.status) {
    where += " AND status = ?";
    params.push_back(int64_t{*q.status});
  } else {
    where += " AND status NOT IN (3, 8, 10)";
  }
  if (!q.procedure_code.empty()) {
    where += " AND procedure_code = ?";
    params.push_back(q.procedure_code);
  }
  // The search box: what the text can be, worked out once.
  std::string text_code, text_digits, text_id, text_folded;
  if (!q.text.empty()) {
    if (auto c = CanonicalCode(q.text); c.ok()) text_code = *c;
    text_digits = PhoneDigits(q.text);
    for (char c : q.text) {
      if (c >= '0' && c <= '9') text_id += c;
    }
    const bool only_number = std::all_of(q.text.begin(), q.text.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '-' || c == '+';
    });
    if (!only_number || text_digits.size() < 9) text_digits.clear();
    text_folded = FoldForSearch(q.text);
  }
  auto matches = [&](const WorklistItem& it, const store::Row& r) {
    if (q.text.empty()) return true;
    if (!text_code.empty() && it.code == text_code) return true;
    if (!text_digits.empty()) {
      if (r.Text(8) == text_id) return true;
      const json a = json::parse(r.Text(16), nullptr, false);
      if (a.is_object() && PhoneDigits(a.value("phone", "")) == text_digits) return true;
      return false;
    }
    if (text_folded.empty()) return false;
    const std::string name = " " + FoldForSearch(it.applicant_name);
    std::istringstream words(text_folded);
    for (std::string w; words >> w;) {
      if (name.find(" " + w) == std::string::npos) return false;
    }
    return true;
  };
  std::vector<WorklistItem> rows;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(std::string(kListColumns) + where +
                        " ORDER BY due_ms IS NULL, due_ms, accepted_ms LIMIT 5000",
                    params, [&](const store::Row& r) {
                      WorklistItem it = ItemOf(r);
                      if (!matches(it, r)) return;
                      if (q.mine) {
                        bool mine = false;
                        for (const auto& g : who.grants) {
                          mine |= authz::RoleName(g.role) == it.next_role &&
                                  authz::Covers(g, {it.unit, it.province});
                        }
                        // A step assigned to a handler is theirs alone (dossier::NextAssignee).
                        const std::string assignee = r.Text(15);
                        if (!assignee.empty() && assignee != who.username) mine = false;
                        if (!mine) return;
                      }
                      rows.push_back(std::move(it));
                    });
  }));
  const int64_t now = env_.NowMs();
  std::vector<WorklistItem> out;
  for (auto& it : rows) {
    // A paused dossier shows its paused state, not a countdown: its clock stands still.
    if (it.due_ms && !it.paused && !IsClosed(static_cast<NationalStatus>(it.status))) {
      // The province the dossier row stores: a commune code's leading digits are not its
      // province's code (commune 03721 lies in province 14).
      auto cal = clock_.CalendarOf(it.unit, it.province);
      if (cal.ok()) {
        auto rem = (*cal)->RemainingAt(*it.due_ms, now);
        const int day = (*cal)->profile().DayMinutes();
        it.remaining_minutes = rem.working_minutes;
        it.overdue = rem.overdue;
        it.due_soon = !rem.overdue &&
                      rem.working_minutes <= int64_t{deps_.due_soon_working_days} * day;
        it.remaining_vi = calendar::FormatRemaining(rem, day, "vi");
        it.remaining_en = calendar::FormatRemaining(rem, day, "en");
      }
    }
    if (q.overdue && !it.overdue) continue;
    if (q.due_soon && !it.due_soon) continue;
    out.push_back(std::move(it));
    if (static_cast<int>(out.size()) >= q.limit) break;
  }
  return out;
}

Result<std::vector<WorklistItem>> DossierQueries::MyDossiers(const Principal& who) {
  if (!who.signed_in()) return Status::Unauthenticated("sign in to see your dossiers");
  std::vector<WorklistItem> out;
  // The dossiers of the people whose live authorisations the caller holds, within the unit an
  // authorisation recorded at a counter covers (opening one is checked and logged by Get).
  std::vector<Authorisation> held;
  if (auto a = deps_.identity.AuthorisationsHeldBy(who); a.ok()) held = std::move(*a);
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    std::string where = "WHERE submitted_by = ?";
    std::vector<store::Value> params{who.Id()};
    if (!who.id_number.empty()) {
      where += " OR applicant_id = ? OR representative_id = ?";
      params.push_back(who.id_number);
      params.push_back(who.id_number);
    }
    for (const auto& a : held) {
      where += a.unit.empty() ? " OR applicant_id = ?" : " OR (applicant_id = ? AND unit = ?)";
      params.push_back(a.principal_id_number);
      if (!a.unit.empty()) params.push_back(a.unit);
    }
    return tx.Query(std::string(kListColumns) + where + " ORDER BY updated_ms DESC LIMIT 200",
                    params, [&](const store::Row& r) { out.push_back(ItemOf(r)); });
  }));
  return out;
}

Result<std::string> DossierQueries::CanonicalCode(const std::string& typed) {
  const Status not_found = Status::NotFound("no dossier matches this code");
  if (typed.size() > 128) return not_found;
  std::string code = dossier::TidyDossierCodeInput(typed);
  if (code.size() > 64) return not_found;
  if (dossier::ParseDossierCode(code).ok()) return code;
  // Without its dots and dashes (or with some of them): rebuild it from the agencies that issue
  // codes here — a handful of rows, one per agency and day.
  const std::string compact = dossier::CompactDossierCode(code);
  if (compact.size() < 11) return not_found;
  std::vector<std::string> agencies;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT DISTINCT agency_id FROM dossier_code_counters", {},
                    [&](const store::Row& r) { agencies.push_back(r.Text(0)); });
  }));
  const auto codes = dossier::ExpandCompactDossierCode(compact, agencies);
  if (codes.empty()) return not_found;
  return codes.front();
}

Result<std::vector<PublicLookup>> DossierQueries::LookupByPerson(const std::string& id_number,
                                                                 const std::string& phone) {
  std::string id;
  for (char c : id_number) {
    if (c >= '0' && c <= '9') {
      id += c;
    } else if (c != ' ' && c != '.' && c != '-') {
      return std::vector<PublicLookup>{};
    }
  }
  const std::string tel = PhoneDigits(phone);
  std::vector<PublicLookup> out;
  if (id.size() < 9 || id.size() > 13 || tel.size() < 9 || tel.size() > 12) return out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT code, procedure_code, procedure_name, status, accepted_ms, submitted_ms, "
        "applicant FROM dossiers WHERE applicant_id = ? ORDER BY COALESCE(accepted_ms, "
        "submitted_ms, updated_ms) DESC LIMIT 200",
        {id}, [&](const store::Row& r) {
          const json a = json::parse(r.Text(6), nullptr, false);
          if (!a.is_object() || PhoneDigits(a.value("phone", "")) != tel) return;
          if (out.size() >= 20) return;
          PublicLookup p;  // the minimum: code, procedure, status, when received
          p.code = r.Text(0);
          p.procedure_code = r.Text(1);
          p.procedure_name = r.Text(2);
          p.status = static_cast<int>(r.Int(3));
          p.received_ms = r.IsNull(4) ? OptInt(r, 5) : OptInt(r, 4);
          out.push_back(std::move(p));
        });
  }));
  return out;
}

Result<PublicLookup> DossierQueries::Lookup(const std::string& typed) {
  // Unknown and malformed codes answer alike, so a caller cannot tell which codes exist.
  const Status not_found = Status::NotFound("no dossier matches this code");
  auto canonical = CanonicalCode(typed);
  if (!canonical.ok()) return canonical.status();
  const std::string code = *canonical;
  std::optional<PublicLookup> found;
  MOTCUA_RETURN_IF_ERROR(store_.ReadLagTolerant([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT code, procedure_code, procedure_name, status, accepted_ms, submitted_ms, due_ms, "
        "delivered_ms, applicant_name, supplementation_exceptions FROM dossiers WHERE code = ?",
        {code}, [&](const store::Row& r) {
          PublicLookup p;
          p.code = r.Text(0);
          p.procedure_code = r.Text(1);
          p.procedure_name = r.Text(2);
          p.status = static_cast<int>(r.Int(3));
          p.received_ms = r.IsNull(4) ? OptInt(r, 5) : OptInt(r, 4);
          p.due_ms = OptInt(r, 6);
          p.returned_ms = OptInt(r, 7);
          p.applicant_masked = authz::MaskName(r.Text(8));
          p.late_reason = LateReasonOf(deps_.supplementation_exception_counts_late,
                                       static_cast<int>(r.Int(9)));
          found = std::move(p);
        });
  }));
  if (!found) return not_found;
  // A paused clock (waiting for the applicant's papers or payment) has no due time: show the
  // working time that was left when the pause began, from the dossier itself.
  const auto st = static_cast<NationalStatus>(found->status);
  if (!found->due_ms && (st == NationalStatus::kSupplementationRequested ||
                         st == NationalStatus::kAwaitingPayment)) {
    dossier::Dossier d;
    MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(d, LoadIn(tx, code));
      return Status::Ok();
    }));
    if (d.exists) {
      const DossierView v = clock_.ViewOf(d);
      found->paused = v.paused;
      found->paused_remaining_minutes = v.paused_remaining_minutes;
      found->paused_overdue = v.paused_overdue;
      found->paused_remaining_vi = v.paused_remaining_vi;
      found->paused_remaining_en = v.paused_remaining_en;
    }
  }
  return *found;
}

Result<std::vector<DossierLogRow>> DossierQueries::Log(const Principal& who,
                                                       const std::string& unit, int64_t from_ms,
                                                       int64_t to_ms) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, deps_.identity.ResolveUnit(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("dossier.read", ref));
  std::vector<DossierLogRow> rows;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT code, procedure_name, applicant_name, applicant, accepted_ms, due_ms, "
        "delivered_ms, returned_by, status FROM dossiers WHERE unit = ? AND accepted_ms >= ? AND "
        "accepted_ms < ? ORDER BY accepted_ms, code",
        {unit, from_ms, to_ms}, [&](const store::Row& r) {
          DossierLogRow row;
          row.code = r.Text(0);
          row.procedure_name = r.Text(1);
          row.applicant_name = r.Text(2);
          json a = json::parse(r.Text(3), nullptr, false);
          if (a.is_object()) {
            row.address = a.value("address", "");
            row.phone = a.value("phone", "");
          }
          row.received_ms = OptInt(r, 4);
          row.due_ms = OptInt(r, 5);
          row.returned_ms = OptInt(r, 6);
          row.returned_by = r.Text(7);
          row.status = static_cast<int>(r.Int(8));
          rows.push_back(std::move(row));
        });
  }));
  return rows;
}

Result<std::pair<FileInfo, std::string>> DossierQueries::File(const Principal& who,
                                                              const std::string& code,
                                                              const std::string& file_id,
                                                              const AccessContext& ctx) {
  dossier::Dossier d;
  bool cited = false;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(d, LoadIn(tx, code));
    return tx.Query("SELECT 1 FROM dossier_files WHERE code = ? AND file_id = ?", {code, file_id},
                    [&](const store::Row&) { cited = true; });
  }));
  if (!d.exists) return Status::NotFound("no dossier has the code " + code);
  int64_t via = 0;
  MOTCUA_RETURN_IF_ERROR(access_.Authorise(who, d, /*act=*/false, nullptr, &via));
  if (!cited) return Status::NotFound("dossier " + code + " cites no such file");
  if (who.id_number != d.header.applicant.id_number) {
    MOTCUA_RETURN_IF_ERROR(deps_.audit.Record(who, "dossier:" + code, UnitOf(d),
                                               Purpose("file " + file_id, via), ctx));
  }
  MOTCUA_ASSIGN_OR_RETURN(FileInfo info, deps_.files.Info(file_id));
  MOTCUA_ASSIGN_OR_RETURN(std::string bytes, deps_.files.Read(file_id));
  return std::make_pair(std::move(info), std::move(bytes));
}

Result<int64_t> DossierQueries::CountAt(const std::string& unit) {
  int64_t n = 0;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT COUNT(*) FROM dossiers WHERE unit = ?", {unit},
                    [&](const store::Row& r) { n = r.Int(0); });
  }));
  return n;
}

Result<std::pair<int, int64_t>> DossierQueries::StatusOf(const std::string& code) {
  std::optional<std::pair<int, int64_t>> found;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT status, version FROM dossiers WHERE code = ?", {code},
                    [&](const store::Row& r) {
                      found = std::pair<int, int64_t>{static_cast<int>(r.Int(0)), r.Int(1)};
                    });
  }));
  if (!found) return Status::NotFound("no dossier has the code " + code);
  return *found;
}

}  // namespace motcua::service
