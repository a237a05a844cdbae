#include "service/dossier/dossier_access.h"

#include <algorithm>

#include "service/identity/identity_service.h"

namespace motcua::service {

Status DossierAccess::Authorise(const Principal& who, const dossier::Dossier& d, bool act,
                                 std::string* on_behalf_of, int64_t* via_authorisation) {
  if (!who.signed_in()) return Status::Unauthenticated("sign in to see this dossier");
  const authz::UnitRef unit{d.header.unit, d.header.province};
  const std::string& applicant_id = d.header.applicant.id_number;
  // An authorisation recorded by the applicant (or at the counter of this dossier's unit).
  auto through = [&](std::initializer_list<const char*> scopes) {
    if (applicant_id.empty()) return false;
    for (const char* scope : scopes) {
      auto a = identity_.FindAuthorisation(who, applicant_id, scope, d.header.unit);
      if (a.ok()) {
        if (on_behalf_of) *on_behalf_of = "id:" + applicant_id;
        if (via_authorisation) *via_authorisation = a->id;
        return true;
      }
    }
    return false;
  };
  if (who.kind == Principal::Kind::kUser) {
    if (who.Check("dossier.read", unit).ok()) return Status::Ok();
    // A community-group member (or any officer) helping the applicant under an authorisation.
    if (act ? through({"submit"}) : through({"all", "submit"})) return Status::Ok();
    return Status::PermissionDenied("your roles do not cover unit " + d.header.unit +
                                    ", which holds dossier " + d.header.id);
  }
  // A resident: the applicant, the representative named on the dossier, or an agent.
  if (!who.id_number.empty() &&
      (who.id_number == applicant_id ||
       (d.header.representative && d.header.representative->id_number == who.id_number))) {
    if (on_behalf_of && who.id_number != applicant_id) *on_behalf_of = "id:" + applicant_id;
    return Status::Ok();
  }
  // An agent authorised only to receive the result may follow the dossier, not act on it
  // (withdraw, supplement, rate): those need "submit" or "all".
  if (act ? through({"all", "submit"}) : through({"all", "submit", "receive_result"})) {
    return Status::Ok();
  }
  return Status::PermissionDenied(
      act ? "your authorisation from the applicant covers receiving the result, not acting on "
            "the dossier; the applicant can authorise you to act (scope submit or all)"
          : "this dossier is not yours and you hold no authorisation from its applicant");
}

Result<std::vector<AssignableHandler>> DossierAccess::AssignableHandlers(
    const dossier::Dossier& d) {
  const dossier::Workflow& w = d.header.workflow;
  const authz::Role role = w.AssignedStep()
                               ? w.RoleOf(*w.AssignedStep()).value_or(authz::Role::kSpecialist)
                               : authz::Role::kSpecialist;
  const authz::UnitRef unit{d.header.unit, d.header.province};
  MOTCUA_ASSIGN_OR_RETURN(auto users, identity_.ListUsers(unit));
  std::vector<AssignableHandler> out;
  for (const auto& u : users) {
    if (u.disabled) continue;
    const bool holds = std::any_of(u.grants.begin(), u.grants.end(), [&](const authz::Grant& g) {
      return g.role == role && authz::Covers(g, unit);
    });
    if (holds) out.push_back({u.id, u.username, u.display_name});
  }
  return out;
}

Status DossierAccess::CheckHandler(const dossier::Dossier& d, const std::string& handler) {
  MOTCUA_ASSIGN_OR_RETURN(auto choices, AssignableHandlers(d));
  std::string names;
  for (const auto& c : choices) {
    if (c.username == handler) return Status::Ok();
    names += (names.empty() ? "" : ", ") + c.username;
  }
  const dossier::Workflow& w = d.header.workflow;
  const auto step = w.AssignedStep().value_or(dossier::StepKind::kAppraise);
  const std::string role(authz::RoleName(w.RoleOf(step).value_or(authz::Role::kSpecialist)));
  const std::string what = "'" + handler + "' is not an active account holding the role '" + role +
                           "' in unit " + d.header.unit;
  if (names.empty()) {
    return Status::InvalidArgument(
        what, {{"handler", what +
                               "; no account can be chosen: ask the administrator to grant "
                               "the role '" +
                               role + "' in this unit to an officer"}});
  }
  return Status::InvalidArgument(
      what, {{"handler", what + ", who would " + std::string(dossier::StepKindName(step)) +
                             " the dossier; choose one of: " + names}});
}

std::vector<std::string> DossierAccess::AllowedActions(const Principal& who,
                                                        const DossierView& v) {
  std::vector<std::string> out;
  const dossier::Dossier& d = v.state;
  std::vector<dossier::Actor> actors;
  const authz::UnitRef unit{d.header.unit, d.header.province};
  if (who.kind == Principal::Kind::kUser && who.Check("dossier.read", unit).ok()) {
    for (const auto& g : who.grants) {
      if (authz::Covers(g, unit)) actors.push_back({who.Id(), g.role, "", who.username});
    }
  } else if (who.signed_in() && Authorise(who, d, /*act=*/true, nullptr).ok()) {
    // The applicant, the named representative or an agent who may act (not one authorised only
    // to receive the result: they follow the dossier and are offered nothing to do).
    actors.push_back({who.Id(), std::nullopt, "", ""});
  }
  // Probe commands with arguments that satisfy the field checks, built once: only the state and
  // the role decide here.
  static const std::vector<std::pair<std::string, dossier::CommandBody>> probes = [] {
    std::vector<std::pair<std::string, dossier::CommandBody>> v;
    for (const std::string& name : ActionNames()) {
      auto cmd = ParseAction(
          name, R"({"reason":"x","missing":["x"],"handler":"x","document_number":"x",)"
                R"("amount_vnd":1,"new_due":"2100-01-01T00:00:00Z","channel":"counter",)"
                R"("exception":true,"exception_reason":"x","score":5})");
      if (cmd.ok()) v.emplace_back(name, std::move(*cmd));
    }
    return v;
  }();
  const int64_t now = env_.NowMs();
  for (const auto& [name, cmd] : probes) {
    for (const auto& a : actors) {
      if (dossier::Decide(d, dossier::Command{a, cmd}, now).ok()) {
        out.push_back(name);
        break;
      }
    }
  }
  return out;
}

// ---- Personal data in views -----------------------------------------------------------------

bool SeesPersonalData(const Principal& who, const authz::UnitRef& unit) {
  return who.Check("person.read", unit).ok();
}

bool SeesPersonalData(const Principal& who, const dossier::Header& h) {
  if (who.kind == Principal::Kind::kResident) return true;  // the applicant side (Get checked)
  return SeesPersonalData(who, authz::UnitRef{h.unit, h.province});
}

dossier::Header HeaderAsSeenBy(const Principal& who, dossier::Header h) {
  if (SeesPersonalData(who, h)) return h;
  auto mask = [](std::string* id, std::string* phone, std::string* email, std::string* address) {
    *id = authz::MaskIdNumber(*id);
    *phone = authz::MaskPhone(*phone);
    email->clear();
    address->clear();
  };
  mask(&h.applicant.id_number, &h.applicant.phone, &h.applicant.email, &h.applicant.address);
  if (h.representative) {
    auto& r = *h.representative;
    mask(&r.id_number, &r.phone, &r.email, &r.address);
  }
  return h;
}

}  // namespace motcua::service
