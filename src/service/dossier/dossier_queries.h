// DossierQueries: reading dossiers. Views of one dossier (Get, History, File, the forms) check
// DossierAccess and write the personal-data access log; lists (Worklist, MyDossiers, Log) read the
// `dossiers` projection; Lookup is the public minimum for a code, without sign-in.
// Thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/dossier/dossier.h"
#include "service/dossier/dossier_types.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::service {

class DossierClock;
class DossierAccess;
struct FileInfo;
struct AccessContext;

class DossierQueries {
 public:
  DossierQueries(Env& env, store::Store& store, const DossierDeps& deps, DossierClock& clock,
                 DossierAccess& access)
      : env_(env), store_(store), deps_(deps), clock_(clock), access_(access) {}

  // Returns the dossier if `who` may see it, logging the view of the applicant's data.
  Result<DossierView> Get(const Principal& who, const std::string& code, const AccessContext& ctx);
  // Returns what a page of the dossier shows — the view, its history, what `who` could do now and
  // whom it may be assigned to — from one read of its events, checked like Get and logged once.
  Result<DossierPageData> Page(const Principal& who, const std::string& code,
                               const AccessContext& ctx);
  // Returns the events of a dossier (checked and logged like Get).
  Result<std::vector<dossier::DossierEvent>> History(const Principal& who, const std::string& code,
                                                     const AccessContext& ctx);
  // Returns the dossiers of the units where `who` may read dossiers, most urgent first.
  Result<std::vector<WorklistItem>> Worklist(const Principal& who, const WorklistQuery& q);
  // Returns the dossiers a resident filed or holds an authorisation for, newest first.
  Result<std::vector<WorklistItem>> MyDossiers(const Principal& who);
  // Returns the public view; NotFound for unknown and malformed codes alike. The code is read as
  // people type it (CanonicalCode).
  Result<PublicLookup> Lookup(const std::string& code);
  // Returns the dossier code that `typed` stands for: tidied (spaces, dashes, lower case: see
  // dossier::TidyDossierCodeInput) and, written without its dots and dashes, rebuilt from the
  // agencies that issue codes here. NotFound when it cannot be a code; does not say whether a
  // dossier has it.
  Result<std::string> CanonicalCode(const std::string& typed);
  // Returns the public minimum (code, procedure, status, when received; nothing personal) of the
  // dossiers whose applicant has ID number `id_number` AND phone `phone` (spaces, dots and a +84
  // prefix ignored), newest first, at most 20; empty when none match or either is malformed.
  // Callers rate-limit it as they do Lookup.
  Result<std::vector<PublicLookup>> LookupByPerson(const std::string& id_number,
                                                   const std::string& phone);
  // Returns the dossiers of `unit` received in [from_ms, to_ms), for Mẫu 07.
  Result<std::vector<DossierLogRow>> Log(const Principal& who, const std::string& unit,
                                         int64_t from_ms, int64_t to_ms);
  // Returns a form of the dossier as PDF bytes: "01" receipt, "02" supplementation request,
  // "03" refusal, "04" apology, "05" stop notice, "06" process-control sheet. NotFound when the
  // dossier has not reached the form yet (no refusal, no apology …); the view is logged.
  Result<std::string> FormPdf(const Principal& who, const std::string& code,
                              const std::string& form, const AccessContext& ctx);
  // Returns the dossier log (Mẫu 07) of `unit` for [from_ms, to_ms) as PDF bytes.
  Result<std::string> LogPdf(const Principal& who, const std::string& unit, int64_t from_ms,
                             int64_t to_ms, const AccessContext& ctx);
  // Returns a file cited by the dossier (a component's scan, the result) if `who` may see the
  // dossier; the view is logged. NotFound when the dossier does not cite that file.
  Result<std::pair<FileInfo, std::string>> File(const Principal& who, const std::string& code,
                                                const std::string& file_id,
                                                const AccessContext& ctx);
  // Returns how many dossiers unit `unit` holds, in any status. No caller is checked: for the
  // command line (the demo seeder), not for requests.
  Result<int64_t> CountAt(const std::string& unit);
  // Returns the national status code and version of the dossier `code`; NotFound otherwise.
  Result<std::pair<int, int64_t>> StatusOf(const std::string& code);

 private:
  Env& env_;
  store::Store& store_;
  const DossierDeps deps_;
  DossierClock& clock_;
  DossierAccess& access_;
};

}  // namespace motcua::service
