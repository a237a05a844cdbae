#include "web/kit/timeline.h"

#include <set>

#include "domain/authz/roles.h"
#include "web/kit/format.h"
#include "web/kit/page_context.h"

namespace motcua::web {

std::string EventLabel(const PageContext& ctx, const dossier::DossierEvent& e) {
  if (e.type == dossier::EventType::kStepDone && e.step) {
    return T(ctx, "desk.step." + std::string(dossier::StepKindName(*e.step)));
  }
  std::string name(dossier::EventTypeName(e.type));
  if (name.starts_with("dossier.")) name = name.substr(8);
  return T(ctx, "desk.event." + name);
}

namespace {

// The person an agent acted for ("id:<number>"): the applicant or representative by name, anyone
// else by the masked number.
std::string BehalfName(const dossier::Header& h, const std::string& on_behalf_of) {
  const std::string id = on_behalf_of.starts_with("id:") ? on_behalf_of.substr(3) : on_behalf_of;
  if (id == h.applicant.id_number) return h.applicant.full_name;
  if (h.representative && id == h.representative->id_number) return h.representative->full_name;
  return authz::MaskIdNumber(id);
}

}  // namespace

Data TimelineData(const WebDeps& deps, const PageContext& ctx, const dossier::Header& header,
                  const std::vector<dossier::DossierEvent>& events, bool internal) {
  std::set<std::string> actors;
  for (const auto& e : events) actors.insert(e.actor);
  std::map<std::string, std::string> names;
  if (deps.identity) {
    auto found = deps.identity->DisplayNames({actors.begin(), actors.end()});
    if (found.ok()) names = std::move(*found);
  }
  Data timeline{Data::type::list};
  for (const auto& e : events) {
    Data o{Data::type::object};
    o.set("when", FormatDate(e.at) + " " + FormatTime(e.at));
    o.set("late", e.late);  // an apology issued less than one working day before due, or after
    o.set("what", EventLabel(ctx, e));
    auto name = names.find(e.actor);
    o.set("who_name", name != names.end() ? name->second : e.actor);
    if (!e.role.empty()) {
      o.set("who_role", T(ctx, "role." + e.role));
    } else if (e.actor.starts_with("resident")) {
      o.set("who_role", T(ctx, "desk.next.applicant"));
    }
    if (!e.on_behalf_of.empty()) {
      o.set("behalf", T(ctx, "desk.timeline.on_behalf_of",
                        {{"name", BehalfName(header, e.on_behalf_of)}}));
    }
    std::vector<std::string> notes;
    if (!e.reason.empty()) notes.push_back(e.reason);
    for (const auto& i : e.items) notes.push_back(i);
    if (internal && !e.detail.empty()) notes.push_back(e.detail);
    if (e.new_due) {
      notes.push_back(T(ctx, "desk.new_due", {{"when", FormatDate(*e.new_due) + " " +
                                                           FormatTime(*e.new_due)}}));
    }
    if (e.amount_vnd > 0) notes.push_back(FormatVnd(e.amount_vnd));
    Data nl{Data::type::list};
    for (auto& n : notes) nl.push_back(Data(n));
    o.set("notes", nl);
    o.set("has_notes", !notes.empty());
    timeline.push_back(o);
  }
  return timeline;
}

}  // namespace motcua::web
