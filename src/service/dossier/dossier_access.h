// DossierAccess: who may see a dossier, who may act on it and what they could do now, and whom it
// may be assigned to — the one place these are decided for the API, the pages and the forms.
// Officers act through the roles they hold over the dossier's unit; residents act on their own
// dossiers or those they hold an authorisation for. Thread-safe (its collaborators are).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/dossier/dossier.h"
#include "service/dossier/dossier_actions.h"
#include "service/dossier/dossier_types.h"
#include "service/platform/principal.h"

namespace motcua::service {

class IdentityService;

class DossierAccess {
 public:
  DossierAccess(Env& env, IdentityService& identity) : env_(env), identity_(identity) {}

  // Returns OK when `who` may see (act = false) or act on the dossier; Unauthenticated or
  // PermissionDenied (saying why) otherwise. `on_behalf_of` is set for an agent;
  // `via_authorisation` to the authorisation's id when access goes through one.
  Status Authorise(const Principal& who, const dossier::Dossier& d, bool act,
                   std::string* on_behalf_of, int64_t* via_authorisation = nullptr);
  // Returns the actions `who` could take on the dossier now (names as in ParseAction).
  std::vector<std::string> AllowedActions(const Principal& who, const DossierView& v);
  // Returns the officers the dossier may be assigned to: active accounts holding the role of its
  // workflow's assigned step (Workflow::AssignedStep, normally appraise; the specialist when the
  // workflow has no assign step) over the dossier's unit, by username. The desk's choice list and
  // the check of `assign` both use it.
  Result<std::vector<AssignableHandler>> AssignableHandlers(const dossier::Dossier& d);
  // Returns OK when `handler` is one of AssignableHandlers(d); InvalidArgument on the field
  // `handler` listing who can be chosen otherwise.
  Status CheckHandler(const dossier::Dossier& d, const std::string& handler);

 private:
  Env& env_;
  IdentityService& identity_;
};

// The one rule for personal data in a dossier's views (the JSON view, the desk page and the PDF
// forms Mẫu 01–06 alike): the applicant side (a resident the service let read the dossier: the
// applicant, their representative or an authorised agent) and officers holding person.read over
// the dossier's unit (reception, specialist, unit head) see ID numbers, phones, e-mail and
// addresses in full; everyone else (clerk, signer, centre director, …) sees ID numbers and phones
// masked and no e-mail or address.
// Returns true when `who` sees the personal data of dossier `h` in full.
bool SeesPersonalData(const Principal& who, const dossier::Header& h);
// Returns true when the officer `who` sees in full the personal data of the dossiers of `unit`
// (the dossier log, Mẫu 07).
bool SeesPersonalData(const Principal& who, const authz::UnitRef& unit);
// Returns `h` as `who` may see it: unchanged when SeesPersonalData, else with the applicant's and
// the representative's ID number and phone masked (authz::MaskIdNumber, MaskPhone) and their
// e-mail and address emptied.
dossier::Header HeaderAsSeenBy(const Principal& who, dossier::Header h);

}  // namespace motcua::service
