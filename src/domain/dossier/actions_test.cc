#include "domain/dossier/actions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <set>
#include <string>
#include <vector>

namespace motcua::dossier {
namespace {

using authz::Role;
using NS = NationalStatus;

constexpr Instant kT0 = 1'795'000'000'000;  // an instant in late 2026
constexpr Instant kMsPerDay = 24 * 3600 * 1000LL;

Header TestHeader() {
  Header h;
  h.id = "H40.12-261202-0001";
  h.province = "40";
  h.unit = "12345";
  h.applicant.full_name = "Nguyễn Thị Hoà";
  h.workflow = DefaultWorkflow("1.001234", 1, 10);
  return h;
}

Actor As(Role r) {
  const std::string name(authz::RoleName(r));
  return Actor{"user:" + name, r, "", name};
}
Actor Applicant() { return Actor{"resident:1", std::nullopt, "", ""}; }

// Every actor: one officer per role (named after it) and the applicant.
std::vector<Actor> AllActors() {
  std::vector<Actor> out;
  for (Role r : authz::kAllRoles) out.push_back(As(r));
  out.push_back(Applicant());
  return out;
}

Dossier Do(Dossier d, const Actor& a, const CommandBody& body, Instant at) {
  auto r = Decide(d, Command{a, body}, at);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (r.ok()) {
    for (const auto& e : *r) d = Apply(std::move(d), e);
  }
  return d;
}

CommandBody Build(std::string_view action, ActionArgs args = {}) {
  const ActionSpec* spec = FindAction(action);
  EXPECT_NE(spec, nullptr) << action;
  return spec->build(args);
}

// The command `action` with its example arguments; "assign" names the specialist, so that the
// walk can go on through the assigned step.
CommandBody Example(const ActionSpec& a) {
  ActionArgs x = ExampleArgs(a);
  if (a.name == "assign") x.text["handler"] = "specialist";
  return a.build(x);
}

std::string Key(const Dossier& d) {
  return std::to_string(static_cast<int>(d.status)) + "/" +
         (d.step ? std::string(StepKindName(*d.step)) : "-") + "/" +
         std::to_string(d.awaiting_completion) + "/" + std::to_string(d.supplementation_requests) +
         "/" + std::to_string(d.supplementation_exceptions) + "/" + std::to_string(d.apologies) +
         "/" + d.handler + "/" + std::to_string(d.rating) + "/" +
         std::to_string(d.accepted_at.has_value());
}

// Every state reachable from an online submission and from a counter acceptance by the table's
// actions with example arguments, each with the events that led to it.
struct Walked {
  Dossier state;
  std::vector<DossierEvent> events;
};
std::vector<Walked> WalkAllStates() {
  std::vector<Walked> out;
  std::set<std::string> seen;
  std::deque<Walked> todo;
  for (const auto& [actor, body] :
       {std::pair<Actor, CommandBody>{Applicant(), SubmitOnline{TestHeader()}},
        std::pair<Actor, CommandBody>{As(Role::kReception), AcceptAtCounter{TestHeader()}}}) {
    auto r = Decide(Dossier{}, Command{actor, body}, kT0);
    EXPECT_TRUE(r.ok());
    Walked w{Replay(*r), *r};
    seen.insert(Key(w.state));
    todo.push_back(w);
  }
  while (!todo.empty()) {
    Walked w = std::move(todo.front());
    todo.pop_front();
    out.push_back(w);
    const Instant now = kT0 + static_cast<Instant>(w.events.size()) * 60'000;
    for (const auto& a : Actions()) {
      for (const auto& actor : AllActors()) {
        auto r = Decide(w.state, Command{actor, Example(a)}, now);
        if (!r.ok()) continue;
        Walked next = w;
        for (const auto& e : *r) {
          next.state = Apply(std::move(next.state), e);
          next.events.push_back(e);
        }
        // Exceptions may follow one another without end; three requests show every rule.
        if (next.state.supplementation_requests > 3) continue;
        if (seen.insert(Key(next.state)).second) todo.push_back(std::move(next));
      }
    }
  }
  return out;
}

TEST(ActionTable, NamesFieldsAndBuildersAreWellFormed) {
  std::set<std::string_view> names;
  for (const auto& a : Actions()) {
    EXPECT_TRUE(names.insert(a.name).second) << "duplicate " << a.name;
    for (char ch : a.name) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || ch == '-') << a.name;
    EXPECT_NE(a.build, nullptr) << a.name;
    EXPECT_FALSE(a.summary.empty()) << a.name;
    EXPECT_TRUE(!a.step_roles.empty() || !a.roles.empty() || a.applicant) << a.name;
    std::set<std::string_view> fields;
    for (const auto& f : a.fields) {
      EXPECT_TRUE(fields.insert(f.name).second) << a.name << "." << f.name;
      EXPECT_FALSE(f.description.empty()) << a.name << "." << f.name;
      if (f.type == FieldType::kInt) EXPECT_LE(f.min, f.max) << a.name << "." << f.name;
      if (f.type == FieldType::kChoice) EXPECT_FALSE(f.choices.empty()) << a.name;
      if (f.type == FieldType::kTextList || f.type == FieldType::kComponents)
        EXPECT_GT(f.max_items, 0u) << a.name << "." << f.name;
      EXPECT_GT(f.max_bytes, 0u);
    }
    EXPECT_EQ(FindAction(a.name), &a);
  }
  EXPECT_EQ(FindAction("withdraw"), nullptr);
  // Every command on an existing dossier is some action's; intake is not an action.
  std::set<size_t> built;
  for (const auto& a : Actions()) built.insert(a.build(ExampleArgs(a)).index());
  for (size_t i = 0; i < std::variant_size_v<CommandBody>; ++i) {
    if (i == CommandBody(SubmitOnline{}).index() || i == CommandBody(AcceptAtCounter{}).index())
      continue;
    EXPECT_TRUE(built.count(i)) << "no action builds command alternative " << i;
  }
}

TEST(ActionTable, BuildersCarryTheArguments) {
  ActionArgs x;
  x.lists["missing"] = {"Giấy khai sinh"};
  x.text["reason"] = "mờ";
  x.text["exception_reason"] = "luật chuyên ngành";
  auto c = std::get<RequestSupplementation>(Build("request-supplementation-exception", x));
  EXPECT_EQ(c.missing, std::vector<std::string>{"Giấy khai sinh"});
  EXPECT_EQ(c.reason, "mờ");
  EXPECT_TRUE(c.exception);
  EXPECT_EQ(c.exception_reason, "luật chuyên ngành");
  EXPECT_FALSE(std::get<RequestSupplementation>(Build("request-supplementation", x)).exception);
  EXPECT_TRUE(std::get<SendBackForCompletion>(Build("send-back-exception", x)).exception);
  EXPECT_FALSE(std::get<SendBackForCompletion>(Build("send-back", x)).exception);
  ActionArgs r;
  r.text["channel"] = "post";
  EXPECT_EQ(std::get<ReturnResult>(Build("return", r)).channel, ReturnChannel::kPost);
  ActionArgs ap;
  ap.text["reason"] = "chờ xác minh";
  ap.numbers["new_due"] = kT0 + kMsPerDay;
  auto apology = std::get<Apologise>(Build("apologise", ap));
  EXPECT_EQ(apology.new_due, kT0 + kMsPerDay);
  EXPECT_EQ(apology.reason, "chờ xác minh");
}

TEST(ActionTable, FormCodes) {
  for (Form f : AllForms()) EXPECT_EQ(ParseFormCode(FormCode(f)), f);
  EXPECT_EQ(ParseFormCode("07"), std::nullopt);
  EXPECT_EQ(ParseFormCode(""), std::nullopt);
}

// Permitted is what Decide accepts, and the table's "who may take it" is true: every officer
// role and the applicant permitted somewhere is declared, and every declared one is permitted in
// some reachable state.
TEST(ActionTable, PermittedAgreesWithDecideAndTheDeclaredActors) {
  const auto states = WalkAllStates();
  ASSERT_GT(states.size(), 20u);
  std::set<int> statuses;
  std::set<std::pair<std::string, std::string>> used;  // (action, role or "applicant")
  for (const auto& w : states) {
    statuses.insert(static_cast<int>(w.state.status));
    for (const auto& actor : AllActors()) {
      const auto permitted = Permitted(w.state, actor);
      for (const auto& a : Actions()) {
        const bool decide = Decide(w.state, Command{actor, a.build(ExampleArgs(a))}, kT0).ok();
        const bool offered =
            std::find(permitted.begin(), permitted.end(), a.name) != permitted.end();
        EXPECT_EQ(offered, decide) << a.name << " in " << Key(w.state);
        if (!offered) continue;
        if (actor.role) {
          const auto roles = RolesOf(a, w.state.header.workflow);
          EXPECT_TRUE(std::find(roles.begin(), roles.end(), *actor.role) != roles.end())
              << a.name << " taken by undeclared role " << authz::RoleName(*actor.role);
          used.insert({std::string(a.name), std::string(authz::RoleName(*actor.role))});
        } else {
          EXPECT_TRUE(a.applicant) << a.name << " taken by the applicant, not declared";
          used.insert({std::string(a.name), "applicant"});
        }
      }
    }
  }
  EXPECT_EQ(statuses.size(), 10u) << "the walk reaches every national status";
  for (const auto& a : Actions()) {
    for (Role r : RolesOf(a, TestHeader().workflow)) {
      EXPECT_TRUE(used.count({std::string(a.name), std::string(authz::RoleName(r))}))
          << a.name << " declares " << authz::RoleName(r) << " but it is never permitted";
    }
    if (a.applicant) EXPECT_TRUE(used.count({std::string(a.name), "applicant"})) << a.name;
  }
}

// A required field is the judge's to refuse: wherever the action with its example arguments is
// accepted, the same action without that field is refused as invalid, naming the field. (The
// parsers check types and limits; Decide checks presence after the status.)
TEST(ActionTable, DecideRefusesEveryRequiredFieldLeftOut) {
  const auto states = WalkAllStates();
  for (const auto& a : Actions()) {
    for (const auto& f : a.fields) {
      if (!f.required) continue;
      bool checked = false;
      for (const auto& w : states) {
        for (const auto& actor : AllActors()) {
          if (!Decide(w.state, Command{actor, Example(a)}, kT0).ok()) continue;
          ActionArgs x = ExampleArgs(a);
          if (a.name == "assign") x.text["handler"] = "specialist";
          const std::string name(f.name);
          x.text.erase(name);
          x.lists.erase(name);
          x.numbers.erase(name);
          auto r = Decide(w.state, Command{actor, a.build(x)}, kT0);
          ASSERT_FALSE(r.ok()) << a.name << " without " << f.name;
          EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << a.name << "." << f.name;
          bool named = false;
          for (const auto& fe : r.status().fields()) named |= fe.field == f.name;
          EXPECT_TRUE(named) << a.name << "." << f.name << ": " << r.status().ToString();
          checked = true;
          break;
        }
        if (checked) break;
      }
      EXPECT_TRUE(checked) << a.name << " is never accepted in the walk";
    }
  }
}

// Decree 118 Art 11: one request to complete or supplement, a send-back before acceptance
// included; a further one only as the exception action.
TEST(ActionTable, OneRequestThenOnlyTheException) {
  auto has = [](const std::vector<std::string>& v, const char* a) {
    return std::find(v.begin(), v.end(), a) != v.end();
  };
  Instant t = kT0;
  Dossier d = Do({}, Applicant(), SubmitOnline{TestHeader()}, t += 60'000);
  auto reception = Permitted(d, As(Role::kReception));
  EXPECT_TRUE(has(reception, "send-back"));
  EXPECT_FALSE(has(reception, "send-back-exception"));
  d = Do(d, As(Role::kReception), SendBackForCompletion{{"Tờ khai"}, "thiếu chữ ký"}, t += 60'000);
  EXPECT_EQ(d.supplementation_requests, 1);
  d = Do(d, Applicant(), Resubmit{}, t += 60'000);
  reception = Permitted(d, As(Role::kReception));
  EXPECT_FALSE(has(reception, "send-back"));
  EXPECT_TRUE(has(reception, "send-back-exception"));
  EXPECT_TRUE(has(reception, "accept"));
  d = Do(d, As(Role::kReception), AcceptOnline{}, t += 60'000);
  d = Do(d, As(Role::kSigner), Assign{"specialist"}, t += 60'000);
  auto specialist = Permitted(d, As(Role::kSpecialist));
  EXPECT_FALSE(has(specialist, "request-supplementation"));
  EXPECT_TRUE(has(specialist, "request-supplementation-exception"));
  auto plain = Decide(d, Command{As(Role::kSpecialist), RequestSupplementation{{"b"}, "r"}}, t);
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(plain.status().message().find("Decree 118 Art 11"), std::string::npos);
  d = Do(d, As(Role::kSpecialist),
         std::get<RequestSupplementation>(Build(
             "request-supplementation-exception",
             {.text = {{"reason", "r"}, {"exception_reason", "luật chuyên ngành"}},
              .lists = {{"missing", {"b"}}}})),
         t += 60'000);
  EXPECT_EQ(d.supplementation_requests, 2);
  EXPECT_EQ(d.supplementation_exceptions, 1);

  // Without a send-back, the first request during processing is the normal one, and the
  // exception is refused while it is available.
  Dossier c = Do({}, As(Role::kReception), AcceptAtCounter{TestHeader()}, kT0);
  c = Do(c, As(Role::kSigner), Assign{"specialist"}, kT0 + 60'000);
  specialist = Permitted(c, As(Role::kSpecialist));
  EXPECT_TRUE(has(specialist, "request-supplementation"));
  EXPECT_FALSE(has(specialist, "request-supplementation-exception"));
  auto early = Decide(
      c, Command{As(Role::kSpecialist), RequestSupplementation{{"b"}, "", true, "x"}}, kT0);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), Code::kFailedPrecondition);
}

TEST(ActionTable, FormsOfFollowTheEvents) {
  auto codes = [](const Dossier& d, const std::vector<DossierEvent>& ev) {
    std::string s;
    for (Form f : FormsOf(d, ev)) s += std::string(FormCode(f)) + " ";
    return s;
  };
  auto run = [](std::vector<std::pair<Actor, CommandBody>> steps) {
    Dossier d;
    std::vector<DossierEvent> events;
    Instant t = kT0;
    for (const auto& [a, b] : steps) {
      auto r = Decide(d, Command{a, b}, t += 60'000);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok()) break;
      for (const auto& e : *r) {
        d = Apply(std::move(d), e);
        events.push_back(e);
      }
    }
    return std::pair{d, events};
  };
  auto [online, e1] = run({{Applicant(), SubmitOnline{TestHeader()}}});
  EXPECT_EQ(codes(online, e1), "");
  // A send-back is a request to complete: the applicant has Mẫu 02 before any receipt.
  auto [sent, e2] = run({{Applicant(), SubmitOnline{TestHeader()}},
                         {As(Role::kReception), SendBackForCompletion{{"Tờ khai"}, "r"}}});
  EXPECT_EQ(codes(sent, e2), "02 ");
  auto [refused, e3] = run({{Applicant(), SubmitOnline{TestHeader()}},
                            {As(Role::kReception), Refuse{"ngoài thẩm quyền"}}});
  EXPECT_EQ(codes(refused, e3), "03 ");
  auto [counter, e4] = run({{As(Role::kReception), AcceptAtCounter{TestHeader()}}});
  EXPECT_EQ(codes(counter, e4), "01 06 ");
  auto [late, e5] = run({{As(Role::kReception), AcceptAtCounter{TestHeader()}},
                         {As(Role::kSigner), Apologise{"r", kT0 + 90 * kMsPerDay}},
                         {Applicant(), RequestWithdrawal{"r"}},
                         {As(Role::kReception), Stop{""}}});
  EXPECT_EQ(codes(late, e5), "01 04 05 06 ");
  // The table's yields are the only source: every form is yielded by some action.
  std::set<Form> yielded;
  for (const auto& a : Actions()) yielded.insert(a.yields.begin(), a.yields.end());
  for (Form f : AllForms()) EXPECT_TRUE(yielded.count(f)) << FormCode(f);
}

}  // namespace
}  // namespace motcua::dossier
