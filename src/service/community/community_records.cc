// CommunityService: groups and members, help kinds and targets, households, visits, dashboards.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "base/civil_time.h"
#include "service/community/community_service.h"
#include "service/identity/audit_service.h"
#include "service/identity/identity_service.h"
#include "render/xlsx.h"

namespace motcua::service {

namespace {

store::Value OptInt(const std::optional<int64_t>& v) {
  return v ? store::Value(*v) : store::Value(nullptr);
}

std::optional<int64_t> OptIntOf(const store::Row& r, int i) {
  return r.IsNull(i) ? std::nullopt : std::optional<int64_t>(r.Int(i));
}

}  // namespace

Result<CommunityService::Membership> CommunityService::GroupById(int64_t id,
                                                                 const std::string& unit) {
  std::optional<Membership> m;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT id, unit, province, village FROM community_groups WHERE id = ?", {id},
                    [&](const store::Row& r) {
                      m = Membership{r.Int(0), r.Text(1), r.Text(2), r.Text(3)};
                    });
  }));
  if (!m || (!unit.empty() && m->unit != unit)) {
    return Status::NotFound(fmt::format("no community group of unit {} has the id {}", unit, id));
  }
  return *m;
}

Result<std::vector<CommunityService::Membership>> CommunityService::MembershipsOf(
    const Principal& who) {
  std::vector<Membership> out;
  if (who.kind != Principal::Kind::kUser) return out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT g.id, g.unit, g.province, g.village FROM community_members m "
        "JOIN community_groups g ON g.id = m.group_id WHERE m.user_id = ? ORDER BY g.id",
        {who.user_id},
        [&](const store::Row& r) { out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3)}); });
  }));
  return out;
}

Status CommunityService::MayRecordIn(const Principal& who, const Membership& g) {
  const authz::UnitRef ref{g.unit, g.province};
  if (who.Check("community.manage", ref).ok()) return Status::Ok();
  MOTCUA_RETURN_IF_ERROR(who.Check("community.record", ref));
  MOTCUA_ASSIGN_OR_RETURN(auto mine, MembershipsOf(who));
  for (const auto& m : mine) {
    if (m.group_id == g.group_id) return Status::Ok();
  }
  std::string villages;
  for (const auto& m : mine) villages += (villages.empty() ? "" : ", ") + m.village;
  return Status::PermissionDenied(
      "this household is in " + g.village + "; you are a member of the group of " +
      (villages.empty() ? std::string("no village") : villages) +
      " and may record only there");
}

Result<CommunityGroup> CommunityService::CreateGroup(const Principal& who, const NewGroup& g) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, identity_.ResolveUnit(g.unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("community.manage", ref));
  std::vector<FieldError> f;
  if (g.village.empty() || g.village.size() > 200) f.push_back({"village", "1–200 bytes"});
  if (!community::IsVillageKind(g.village_kind))
    f.push_back({"village_kind", "thon, ban or to_dan_pho"});
  if (g.population && (*g.population < 0 || *g.population > 10'000'000))
    f.push_back({"population", "a number of residents"});
  if (!f.empty()) return Status::InvalidArgument("the group is incomplete", f);
  const int64_t now = env_.NowMs();
  CommunityGroup out{0, ref.unit_code, ref.province_code, g.village, g.village_kind, g.population,
                     {}};
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    bool taken = false;
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT 1 FROM community_groups WHERE unit = ? AND village = ?", {out.unit, out.village},
        [&](const store::Row&) { taken = true; }));
    if (taken) {
      return Status::AlreadyExists("the village " + out.village + " already has a group");
    }
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO community_groups (unit, province, village, village_kind, population, "
                "created_by, created_ms) VALUES (?,?,?,?,?,?,?)",
                {out.unit, out.province, out.village, out.village_kind, OptInt(out.population),
                 who.Id(), now})
            .status()
            .WithPrefix("store: cannot create the community group of " + out.village));
    return tx.Query("SELECT MAX(id) FROM community_groups", {},
                    [&](const store::Row& r) { out.id = r.Int(0); });
  }));
  return out;
}

Result<CommunityGroup> CommunityService::AddMember(const Principal& who, const std::string& unit,
                                                   int64_t group_id, const std::string& username,
                                                   bool is_head) {
  MOTCUA_ASSIGN_OR_RETURN(Membership g, GroupById(group_id, unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("community.manage", authz::UnitRef{g.unit, g.province}));
  auto user = identity_.GetUser(username);
  if (!user.ok()) {
    return Status::InvalidArgument("no account has the name " + username,
                                   {{"username", "no such account"}});
  }
  const bool member_here = std::any_of(user->grants.begin(), user->grants.end(), [&](const auto& gr) {
    return gr.role == authz::Role::kCommunityMember && gr.unit_code == g.unit;
  });
  if (!member_here) {
    return Status::InvalidArgument(
        "the account " + username + " does not hold the community_member role at unit " + g.unit +
            "; grant it first",
        {{"username", "needs the community_member role at the commune"}});
  }
  const int64_t now = env_.NowMs();
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
    return tx
        .Exec("INSERT INTO community_members (group_id, user_id, username, is_head, added_ms) "
              "VALUES (?,?,?,?,?) ON CONFLICT (group_id, user_id) DO UPDATE SET is_head = "
              "excluded.is_head",
              {group_id, user->id, username, int64_t{is_head}, now})
        .status()
        .WithPrefix("store: cannot add " + username + " to the group of " + g.village);
  }));
  MOTCUA_ASSIGN_OR_RETURN(auto all, Groups(who, g.unit));
  for (auto& x : all) {
    if (x.id == group_id) return x;
  }
  return Status::Internal("the group vanished");
}

Result<std::vector<CommunityGroup>> CommunityService::Groups(const Principal& who,
                                                             const std::string& unit) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, identity_.ResolveUnit(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("officer", ref));
  std::vector<CommunityGroup> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT id, unit, province, village, village_kind, population FROM community_groups "
        "WHERE unit = ? ORDER BY village",
        {ref.unit_code}, [&](const store::Row& r) {
          out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), OptIntOf(r, 5), {}});
        }));
    for (auto& g : out) {
      MOTCUA_RETURN_IF_ERROR(tx.Query(
          "SELECT user_id, username, is_head, revoked_ms FROM community_members WHERE group_id = ? "
          "ORDER BY is_head DESC, username",
          {g.id}, [&](const store::Row& r) {
            g.members.push_back({r.Int(0), r.Text(1), "", r.Int(2) != 0, OptIntOf(r, 3)});
          }));
    }
    return Status::Ok();
  }));
  return out;
}

Status CommunityService::RevokeMemberDevices(const Principal& who, const std::string& unit,
                                             const std::string& username) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, identity_.ResolveUnit(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("community.manage", ref));
  int64_t user_id = 0;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT m.user_id FROM community_members m JOIN community_groups g ON g.id = m.group_id "
        "WHERE g.unit = ? AND m.username = ? LIMIT 1",
        {ref.unit_code, username}, [&](const store::Row& r) { user_id = r.Int(0); });
  }));
  if (user_id == 0) {
    return Status::NotFound(username + " is not a member of a community group of unit " + unit);
  }
  MOTCUA_RETURN_IF_ERROR(identity_.RevokeAll("user:" + std::to_string(user_id), who.Id()));
  const int64_t now = env_.NowMs();
  return store_.Write([&](store::Tx& tx) {
    return tx.Exec("UPDATE community_members SET revoked_ms = ? WHERE user_id = ?", {now, user_id})
        .status();
  });
}

Result<std::vector<community::HelpKind>> CommunityService::HelpKinds(const std::string& unit) {
  std::vector<community::HelpKind> kinds;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT kind, label_vi, label_en FROM community_help_kinds WHERE unit = ? ORDER BY position",
        {unit}, [&](const store::Row& r) { kinds.push_back({r.Text(0), r.Text(1), r.Text(2)}); });
  }));
  if (kinds.empty()) kinds = community::DefaultHelpKinds();
  return kinds;
}

Status CommunityService::SetHelpKinds(const Principal& who, const std::string& unit,
                                      const std::vector<community::HelpKind>& kinds) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, identity_.ResolveUnit(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("community.manage", ref));
  MOTCUA_RETURN_IF_ERROR(community::ValidateHelpKinds(kinds));
  return store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM community_help_kinds WHERE unit = ?", {ref.unit_code}).status());
    for (size_t i = 0; i < kinds.size(); ++i) {
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO community_help_kinds (unit, kind, label_vi, label_en, position) "
                  "VALUES (?,?,?,?,?)",
                  {ref.unit_code, kinds[i].kind, kinds[i].label_vi, kinds[i].label_en,
                   static_cast<int64_t>(i)})
              .status());
    }
    return Status::Ok();
  });
}

Status CommunityService::SetTargets(const Principal& who, const std::string& unit,
                                    const std::vector<Target>& targets) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, identity_.ResolveUnit(unit));
  MOTCUA_RETURN_IF_ERROR(who.Check("community.manage", ref));
  MOTCUA_ASSIGN_OR_RETURN(auto kinds, HelpKinds(ref.unit_code));
  std::vector<FieldError> f;
  std::set<std::string> keys;
  for (size_t i = 0; i < targets.size(); ++i) {
    const auto& t = targets[i];
    const std::string at = "targets/" + std::to_string(i);
    if (t.key.empty() || !keys.insert(t.key).second) f.push_back({at + "/key", "unique, required"});
    if (t.label_vi.empty() || t.label_en.empty()) f.push_back({at + "/label_vi", "both labels"});
    if (!community::HasHelpKind(kinds, t.kind))
      f.push_back({at + "/kind", "a help kind of the commune's list"});
    if (!(t.target_pct > 0 && t.target_pct <= 100)) f.push_back({at + "/target_pct", "0 < x ≤ 100"});
  }
  if (!f.empty()) return Status::InvalidArgument("the targets are not usable", f);
  return store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM community_targets WHERE unit = ?", {ref.unit_code}).status());
    for (const auto& t : targets) {
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO community_targets (unit, key, label_vi, label_en, kind, target_pct) "
                  "VALUES (?,?,?,?,?,?)",
                  {ref.unit_code, t.key, t.label_vi, t.label_en, t.kind, t.target_pct})
              .status());
    }
    return Status::Ok();
  });
}

Result<Household> CommunityService::CreateHousehold(const Principal& who, const std::string& unit,
                                                    const HouseholdInput& in,
                                                    const AccessContext& ctx) {
  MOTCUA_ASSIGN_OR_RETURN(Membership g, GroupById(in.group_id, unit));
  MOTCUA_RETURN_IF_ERROR(MayRecordIn(who, g));
  std::vector<FieldError> f;
  if (in.head_name.empty() || in.head_name.size() > 200) f.push_back({"head_name", "1–200 bytes"});
  if (in.address.size() > 500) f.push_back({"address", "at most 500 bytes"});
  if (in.persons.size() > 50) f.push_back({"persons", "at most 50"});
  std::vector<std::string> flags(in.persons.size());
  for (size_t i = 0; i < in.persons.size(); ++i) {
    const auto& p = in.persons[i];
    const std::string at = "persons/" + std::to_string(i);
    if (p.full_name.empty() || p.full_name.size() > 200) f.push_back({at + "/full_name", "1–200 bytes"});
    if (p.birth_year && (*p.birth_year < 1900 || *p.birth_year > 2100))
      f.push_back({at + "/birth_year", "a year"});
    auto fl = community::NormaliseFlags(p.flags);
    if (!fl.ok()) f.push_back({at + "/flags", fl.status().message()});
    else flags[i] = *fl;
  }
  if (!f.empty()) return Status::InvalidArgument("the household is incomplete", f);
  const int64_t now = env_.NowMs();
  int64_t id = 0;
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO community_households (group_id, head_name, address, created_by, "
                "created_ms) VALUES (?,?,?,?,?)",
                {in.group_id, in.head_name, in.address, who.Id(), now})
            .status()
            .WithPrefix("store: cannot record a household in " + g.village));
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT MAX(id) FROM community_households", {},
                                    [&](const store::Row& r) { id = r.Int(0); }));
    for (size_t i = 0; i < in.persons.size(); ++i) {
      MOTCUA_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO community_persons (household_id, full_name, birth_year, flags, "
                  "created_ms) VALUES (?,?,?,?,?)",
                  {id, in.persons[i].full_name, OptInt(in.persons[i].birth_year), flags[i], now})
              .status());
    }
    return Status::Ok();
  }));
  return GetHousehold(who, unit, id, ctx);
}

Result<Household> CommunityService::GetHousehold(const Principal& who, const std::string& unit,
                                                 int64_t id, const AccessContext& ctx) {
  std::optional<Household> h;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT h.id, h.group_id, g.unit, g.village, h.head_name, h.address, "
        "(SELECT COUNT(*) FROM community_visits v WHERE v.household_id = h.id) "
        "FROM community_households h JOIN community_groups g ON g.id = h.group_id WHERE h.id = ?",
        {id}, [&](const store::Row& r) {
          h = Household{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), {},
                        r.Int(6)};
        }));
    if (!h) return Status::Ok();
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT id, full_name, birth_year, flags FROM community_persons WHERE household_id = ? "
        "ORDER BY id",
        {id}, [&](const store::Row& r) {
          h->persons.push_back({r.Int(0), r.Text(1), OptIntOf(r, 2), r.Text(3), {}});
        }));
    for (auto& p : h->persons) {
      MOTCUA_RETURN_IF_ERROR(tx.Query(
          "SELECT DISTINCT kind FROM community_help WHERE person_id = ? ORDER BY kind", {p.id},
          [&](const store::Row& r) { p.helped.push_back(r.Text(0)); }));
    }
    return Status::Ok();
  }));
  if (!h) return Status::NotFound(fmt::format("no household has the id {}", id));
  MOTCUA_ASSIGN_OR_RETURN(Membership g, GroupById(h->group_id, unit));
  MOTCUA_RETURN_IF_ERROR(MayRecordIn(who, g));
  MOTCUA_RETURN_IF_ERROR(audit_.Record(who, fmt::format("community-household:{}", id),
                                       authz::UnitRef{g.unit, g.province},
                                       "community group: household visit", ctx));
  return *h;
}

Result<std::vector<Household>> CommunityService::Households(const Principal& who,
                                                            const std::string& unit,
                                                            int64_t group_id) {
  MOTCUA_ASSIGN_OR_RETURN(Membership g, GroupById(group_id, unit));
  MOTCUA_RETURN_IF_ERROR(MayRecordIn(who, g));
  std::vector<Household> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT h.id, h.head_name, h.address, "
        "(SELECT COUNT(*) FROM community_visits v WHERE v.household_id = h.id) "
        "FROM community_households h WHERE h.group_id = ? ORDER BY h.head_name LIMIT 2000",
        {group_id}, [&](const store::Row& r) {
          out.push_back({r.Int(0), group_id, g.unit, g.village, r.Text(1), r.Text(2), {}, r.Int(3)});
        });
  }));
  return out;
}

Result<int64_t> CommunityService::RecordVisit(const Principal& who, const std::string& unit,
                                              const VisitInput& in) {
  int64_t group_id = 0;
  std::set<int64_t> persons;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT group_id FROM community_households WHERE id = ?",
                                    {in.household_id},
                                    [&](const store::Row& r) { group_id = r.Int(0); }));
    return tx.Query("SELECT id FROM community_persons WHERE household_id = ?", {in.household_id},
                    [&](const store::Row& r) { persons.insert(r.Int(0)); });
  }));
  if (group_id == 0) return Status::NotFound(fmt::format("no household has the id {}", in.household_id));
  MOTCUA_ASSIGN_OR_RETURN(Membership g, GroupById(group_id, unit));
  MOTCUA_RETURN_IF_ERROR(MayRecordIn(who, g));
  MOTCUA_ASSIGN_OR_RETURN(auto kinds, HelpKinds(g.unit));
  const int64_t now = env_.NowMs();
  const int64_t at = in.visited_ms.value_or(now);
  std::vector<FieldError> f;
  if (at > now + 3600 * 1000) f.push_back({"visited_at", "cannot be in the future"});
  if (in.note.size() > 2000) f.push_back({"note", "at most 2000 bytes"});
  for (const auto& [person, ks] : in.help) {
    const std::string pa = fmt::format("help/{}", person);
    if (!persons.count(person)) f.push_back({pa, "not a person of this household"});
    for (const auto& k : ks) {
      if (!community::HasHelpKind(kinds, k)) f.push_back({pa, "'" + k + "' is not a help kind of the commune"});
    }
  }
  if (!f.empty()) return Status::InvalidArgument("the visit cannot be recorded", f);
  int64_t visit = 0;
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO community_visits (household_id, group_id, member, visited_ms, note) "
                "VALUES (?,?,?,?,?)",
                {in.household_id, group_id, who.Id(), at, in.note})
            .status()
            .WithPrefix(fmt::format("store: cannot record a visit to household {}", in.household_id)));
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT MAX(id) FROM community_visits", {},
                                    [&](const store::Row& r) { visit = r.Int(0); }));
    for (const auto& [person, ks] : in.help) {
      for (const auto& k : ks) {
        MOTCUA_RETURN_IF_ERROR(
            tx.Exec("INSERT INTO community_help (visit_id, person_id, kind, group_id, at_ms) "
                    "VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
                    {visit, person, k, group_id, at})
                .status());
      }
    }
    return Status::Ok();
  }));
  return visit;
}

Result<Dashboard> CommunityService::DashboardOf(const Principal& who, const std::string& unit,
                                                int64_t from_ms, int64_t to_ms) {
  MOTCUA_ASSIGN_OR_RETURN(authz::UnitRef ref, identity_.ResolveUnit(unit));
  if (!who.Check("community.manage", ref).ok()) MOTCUA_RETURN_IF_ERROR(who.Check("report.read", ref));
  Dashboard d;
  d.unit = ref.unit_code;
  d.from_ms = from_ms;
  d.to_ms = to_ms;
  MOTCUA_ASSIGN_OR_RETURN(d.kinds, HelpKinds(ref.unit_code));
  std::vector<Target> targets;
  std::map<int64_t, size_t> row_of;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT id, village, population, "
        "(SELECT COUNT(*) FROM community_households h WHERE h.group_id = g.id) "
        "FROM community_groups g WHERE unit = ? ORDER BY village",
        {ref.unit_code}, [&](const store::Row& r) {
          DashboardRow row;
          row.group_id = r.Int(0);
          row.label = r.Text(1);
          row.population = OptIntOf(r, 2);
          row.households = r.Int(3);
          row_of[row.group_id] = d.villages.size();
          d.villages.push_back(std::move(row));
        }));
    auto each = [&](const std::string& sql, const std::function<void(DashboardRow&, const store::Row&)>& fn) {
      return tx.Query(sql, {ref.unit_code, from_ms, to_ms}, [&](const store::Row& r) {
        auto it = row_of.find(r.Int(0));
        if (it != row_of.end()) fn(d.villages[it->second], r);
      });
    };
    MOTCUA_RETURN_IF_ERROR(each(
        "SELECT v.group_id, COUNT(*), COUNT(DISTINCT v.household_id) FROM community_visits v "
        "JOIN community_groups g ON g.id = v.group_id WHERE g.unit = ? AND v.visited_ms >= ? "
        "AND v.visited_ms < ? GROUP BY v.group_id",
        [](DashboardRow& row, const store::Row& r) {
          row.visits = r.Int(1);
          row.households_reached = r.Int(2);
        }));
    MOTCUA_RETURN_IF_ERROR(each(
        "SELECT c.group_id, c.kind, COUNT(*), COUNT(DISTINCT c.person_id) FROM community_help c "
        "JOIN community_groups g ON g.id = c.group_id WHERE g.unit = ? AND c.at_ms >= ? "
        "AND c.at_ms < ? GROUP BY c.group_id, c.kind",
        [](DashboardRow& row, const store::Row& r) {
          row.help_records += r.Int(2);
          row.persons_by_kind[r.Text(1)] = r.Int(3);
        }));
    MOTCUA_RETURN_IF_ERROR(each(
        "SELECT c.group_id, COUNT(DISTINCT c.person_id), COUNT(DISTINCT CASE WHEN p.flags <> '' "
        "THEN c.person_id END) FROM community_help c JOIN community_groups g ON g.id = c.group_id "
        "JOIN community_persons p ON p.id = c.person_id WHERE g.unit = ? AND c.at_ms >= ? "
        "AND c.at_ms < ? GROUP BY c.group_id",
        [](DashboardRow& row, const store::Row& r) {
          row.persons_helped = r.Int(1);
          row.vulnerable_helped = r.Int(2);
        }));
    MOTCUA_RETURN_IF_ERROR(each(
        "SELECT group_id, SUM(outcome = 'filed'), SUM(outcome = 'filed' AND offline = 1), "
        "SUM(outcome = 'refused') FROM community_submissions WHERE unit = ? AND at_ms >= ? "
        "AND at_ms < ? GROUP BY group_id",
        [](DashboardRow& row, const store::Row& r) {
          row.assisted_dossiers = r.Int(1);
          row.offline_dossiers = r.Int(2);
          row.refused_items = r.Int(3);
        }));
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT key, label_vi, label_en, kind, target_pct FROM community_targets WHERE unit = ? "
        "ORDER BY key",
        {ref.unit_code}, [&](const store::Row& r) {
          targets.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Real(4)});
        }));
    return tx.Query(
        "SELECT (c.at_ms + 25200000) / 86400000, COUNT(*) FROM community_help c "
        "JOIN community_groups g ON g.id = c.group_id WHERE g.unit = ? AND c.at_ms >= ? "
        "AND c.at_ms < ? GROUP BY 1 ORDER BY 1",
        {ref.unit_code, from_ms, to_ms}, [&](const store::Row& r) {
          const auto day = std::chrono::year_month_day(
              std::chrono::sys_days(std::chrono::days(r.Int(0))));
          const std::string month = fmt::format("{:04d}-{:02d}", static_cast<int>(day.year()),
                                                static_cast<unsigned>(day.month()));
          if (d.trend.empty() || d.trend.back().first != month) d.trend.push_back({month, 0});
          d.trend.back().second += r.Int(1);
        });
  }));
  DashboardRow& c = d.commune;
  c.label = ref.unit_code;
  std::vector<std::optional<int64_t>> populations;
  for (auto& v : d.villages) {
    v.vneid_level2_pct = community::RatePct(v.persons_by_kind[community::kVneidLevel2], v.population);
    populations.push_back(v.population);
    c.households += v.households;
    c.households_reached += v.households_reached;
    c.visits += v.visits;
    c.help_records += v.help_records;
    c.persons_helped += v.persons_helped;  // a person lives in one village: the sums are exact
    c.vulnerable_helped += v.vulnerable_helped;
    for (const auto& [k, n] : v.persons_by_kind) c.persons_by_kind[k] += n;
    c.assisted_dossiers += v.assisted_dossiers;
    c.offline_dossiers += v.offline_dossiers;
    c.refused_items += v.refused_items;
  }
  c.population = community::SumPopulation(populations);
  c.vneid_level2_pct = community::RatePct(c.persons_by_kind[community::kVneidLevel2], c.population);
  for (auto& t : targets) {
    TargetProgress p{t, community::RatePct(c.persons_by_kind[t.kind], c.population), false};
    p.met = community::TargetMet(p.current_pct, t.target_pct);
    d.targets.push_back(std::move(p));
  }
  return d;
}

Result<std::string> CommunityService::DashboardXlsx(const Principal& who, const std::string& unit,
                                                    int64_t from_ms, int64_t to_ms,
                                                    const std::string& lang) {
  MOTCUA_ASSIGN_OR_RETURN(Dashboard d, DashboardOf(who, unit, from_ms, to_ms));
  const bool vi = lang == "vi";
  using render::XlsxCell;
  auto num = [](int64_t n) { return XlsxCell(static_cast<double>(n)); };
  auto opt = [](const auto& v) { return v ? XlsxCell(static_cast<double>(*v)) : XlsxCell(); };
  render::XlsxSheet villages{vi ? "Thon ban" : "Villages", {}};
  std::vector<XlsxCell> head = {
      std::string(vi ? "Thôn, bản" : "Village"), std::string(vi ? "Số hộ" : "Households"),
      std::string(vi ? "Hộ được đến" : "Households reached"),
      std::string(vi ? "Lượt đến (báo cáo)" : "Visits (reports)"),
      std::string(vi ? "Lượt hỗ trợ" : "Help records"),
      std::string(vi ? "Người được hỗ trợ" : "Persons helped"),
      std::string(vi ? "Trong đó nhóm yếu thế" : "Of them vulnerable"),
      std::string(vi ? "Dân số" : "Population"),
      std::string(vi ? "Tỷ lệ định danh mức 2 (%)" : "Level-2 VNeID (%)"),
      std::string(vi ? "Hồ sơ nộp có hỗ trợ" : "Assisted dossiers"),
      std::string(vi ? "Trong đó nộp khi không có mạng" : "Of them offline"),
      std::string(vi ? "Bị từ chối" : "Refused")};
  for (const auto& k : d.kinds) head.push_back(vi ? k.label_vi : k.label_en);
  villages.rows.push_back(head);
  auto add = [&](const DashboardRow& r, const std::string& label) {
    std::vector<XlsxCell> row = {label, num(r.households), num(r.households_reached),
                                 num(r.visits), num(r.help_records), num(r.persons_helped),
                                 num(r.vulnerable_helped), opt(r.population),
                                 opt(r.vneid_level2_pct), num(r.assisted_dossiers),
                                 num(r.offline_dossiers), num(r.refused_items)};
    for (const auto& k : d.kinds) {
      auto it = r.persons_by_kind.find(k.kind);
      row.push_back(num(it == r.persons_by_kind.end() ? 0 : it->second));
    }
    villages.rows.push_back(std::move(row));
  };
  for (const auto& v : d.villages) add(v, v.label);
  add(d.commune, std::string(vi ? "Toàn xã " : "Commune ") + d.unit);
  render::XlsxSheet targets{vi ? "Chi tieu" : "Targets", {}};
  targets.rows.push_back({std::string(vi ? "Chỉ tiêu" : "Target"),
                          std::string(vi ? "Mục tiêu (%)" : "Target (%)"),
                          std::string(vi ? "Hiện tại (%)" : "Current (%)"),
                          std::string(vi ? "Đạt" : "Met")});
  for (const auto& t : d.targets) {
    targets.rows.push_back({vi ? t.target.label_vi : t.target.label_en, t.target.target_pct,
                            opt(t.current_pct),
                            std::string(t.met ? (vi ? "Đạt" : "yes") : (vi ? "Chưa" : "no"))});
  }
  render::XlsxSheet trend{vi ? "Xu huong" : "Trend", {}};
  trend.rows.push_back({std::string(vi ? "Tháng" : "Month"),
                        std::string(vi ? "Lượt hỗ trợ" : "Help records")});
  for (const auto& [month, n] : d.trend) trend.rows.push_back({month, num(n)});
  return render::RenderXlsx({villages, targets, trend});
}

}  // namespace motcua::service
