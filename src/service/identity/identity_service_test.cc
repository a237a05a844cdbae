#include "service/identity/identity_service.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>

#include "domain/authz/totp.h"
#include "service/identity/audit_service.h"
#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

using authz::Role;

class IdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp_ = std::make_unique<store::TempStore>(
        std::string("id-") + ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        env_);
    store_ = &**temp_;
    site_ = std::make_unique<SiteService>(env_, *store_);
    ASSERT_TRUE(site_->EnsureDemo().ok());
    IdentityOptions io;
    io.hasher.opslimit = crypto_pwhash_OPSLIMIT_MIN;
    io.hasher.memlimit = crypto_pwhash_MEMLIMIT_MIN;
    units_ = std::make_unique<UnitService>(env_, *store_);
    id_ = std::make_unique<IdentityService>(env_, *store_, *site_, *units_, io);
  }
  void TearDown() override {
    id_.reset();
    site_.reset();
    temp_.reset();
  }

  FakeEnv env_{1795400000000};
  std::unique_ptr<store::TempStore> temp_;
  store::Store* store_ = nullptr;
  std::unique_ptr<SiteService> site_;
  std::unique_ptr<UnitService> units_;
  std::unique_ptr<IdentityService> id_;
};

TEST_F(IdentityTest, CreateLoginAuthenticateLogout) {
  auto uid = id_->CreateUser("mc.lan", "Nguyễn Thị Lan", "correct horse battery",
                             {{Role::kReception, "03721"}}, "test");
  ASSERT_TRUE(uid.ok()) << uid.status().ToString();
  auto s = id_->Login({"mc.lan", "correct horse battery", "", "10.0.0.1"});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->token.size(), 64u);
  auto p = id_->Authenticate(s->token);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->username, "mc.lan");
  EXPECT_TRUE(p->Check("dossier.receive", authz::UnitRef{"03721", "14"}).ok());
  EXPECT_FALSE(p->Check("dossier.receive", authz::UnitRef{"03646", "14"}).ok());
  EXPECT_FALSE(p->Check("dossier.sign", authz::UnitRef{"03721", "14"}).ok());
  EXPECT_EQ(p->csrf, s->csrf);
  ASSERT_TRUE(id_->Logout(s->token).ok());
  EXPECT_EQ(id_->Authenticate(s->token).status().code(), Code::kUnauthenticated);
  // The token itself is not in the database, only its hash.
  bool stored_plain = false;
  ASSERT_TRUE(store_->Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", {s->token},
                    [&](const store::Row& r) { stored_plain = r.Int(0) > 0; });
  }).ok());
  EXPECT_FALSE(stored_plain);
}

TEST_F(IdentityTest, ValidationAndDuplicates) {
  auto bad = id_->CreateUser("x", "", "short", {{Role::kReception, "99999"}}, "test");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().fields().size(), 3u);
  ASSERT_TRUE(id_->CreateUser("mc.lan", "", "correct horse battery", {{Role::kReception, "03721"}},
                              "test")
                  .ok());
  EXPECT_EQ(id_->CreateUser("mc.lan", "", "correct horse battery", {{Role::kClerk, "03721"}}, "t")
                .status()
                .code(),
            Code::kAlreadyExists);
}

TEST_F(IdentityTest, SameMessageForUnknownUserAndWrongPassword) {
  ASSERT_TRUE(id_->CreateUser("mc.lan", "", "correct horse battery", {{Role::kReception, "03721"}},
                              "test")
                  .ok());
  auto a = id_->Login({"mc.lan", "wrong password!", "", "10.0.0.1"});
  auto b = id_->Login({"nobody", "wrong password!", "", "10.0.0.2"});
  EXPECT_EQ(a.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(a.status().message(), b.status().message());
}

TEST_F(IdentityTest, RateLimitsPerAccountAndAddress) {
  ASSERT_TRUE(id_->CreateUser("mc.lan", "", "correct horse battery", {{Role::kReception, "03721"}},
                              "test")
                  .ok());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(id_->Login({"mc.lan", "nope nope nope", "", "10.0.0." + std::to_string(i)})
                  .status()
                  .code(),
              Code::kUnauthenticated);
  }
  // Even the right password is refused while the account is locked.
  auto r = id_->Login({"mc.lan", "correct horse battery", "", "10.0.0.9"});
  EXPECT_EQ(r.status().code(), Code::kResourceExhausted);
  EXPECT_NE(r.status().message().find("wait"), std::string::npos);
  env_.TEST_AdvanceMs(16 * 60 * 1000);
  EXPECT_TRUE(id_->Login({"mc.lan", "correct horse battery", "", "10.0.0.9"}).ok());
  // Per address: many accounts from one address.
  for (int i = 0; i < 20; ++i) (void)id_->Login({"u" + std::to_string(i), "x", "", "10.9.9.9"});
  EXPECT_EQ(id_->Login({"mc.lan", "correct horse battery", "", "10.9.9.9"}).status().code(),
            Code::kResourceExhausted);
}

TEST_F(IdentityTest, SessionsExpireWhenIdleAndAbsolutely) {
  ASSERT_TRUE(id_->CreateUser("mc.lan", "", "correct horse battery", {{Role::kReception, "03721"}},
                              "test")
                  .ok());
  auto s = id_->Login({"mc.lan", "correct horse battery", "", "ip"});
  ASSERT_TRUE(s.ok());
  env_.TEST_AdvanceMs(2 * 3600 * 1000 + 1);
  EXPECT_FALSE(id_->Authenticate(s->token).ok());
  auto s2 = id_->Login({"mc.lan", "correct horse battery", "", "ip"});
  for (int i = 0; i < 13; ++i) {  // active every hour: idle never hits, absolute does at 12 h
    env_.TEST_AdvanceMs(3600 * 1000);
    bool ok = id_->Authenticate(s2->token).ok();
    EXPECT_EQ(ok, i < 11) << i;
  }
}

TEST_F(IdentityTest, RevokeAllEndsEverySession) {
  ASSERT_TRUE(id_->CreateUser("mc.lan", "", "correct horse battery", {{Role::kReception, "03721"}},
                              "test")
                  .ok());
  auto a = id_->Login({"mc.lan", "correct horse battery", "", "ip"});
  auto b = id_->Login({"mc.lan", "correct horse battery", "", "ip"});
  ASSERT_TRUE(id_->RevokeAll(a->principal.Id(), "test").ok());
  EXPECT_FALSE(id_->Authenticate(a->token).ok());
  EXPECT_FALSE(id_->Authenticate(b->token).ok());
}

TEST_F(IdentityTest, SignerNeedsTotpAndThenUsesIt) {
  auto uid = id_->CreateUser("ct.hung", "", "correct horse battery", {{Role::kSigner, "03721"}},
                             "test");
  ASSERT_TRUE(uid.ok());
  auto s = id_->Login({"ct.hung", "correct horse battery", "", "ip"});
  ASSERT_TRUE(s.ok());
  auto p = id_->Authenticate(s->token);
  EXPECT_TRUE(p->needs_totp);
  EXPECT_NE(p->Check("dossier.sign", std::nullopt).message().find("second"), std::string::npos);
  auto uri = id_->BeginTotp(*uid);
  ASSERT_TRUE(uri.ok());
  std::string secret = uri->substr(uri->find("secret=") + 7, 32);
  std::string key = *authz::Base32Decode(secret);
  EXPECT_FALSE(id_->ConfirmTotp(*uid, "000000").ok() &&
               authz::Totp(key, env_.NowMs() / 1000) != "000000");
  ASSERT_TRUE(id_->ConfirmTotp(*uid, authz::Totp(key, env_.NowMs() / 1000)).ok());
  auto need = id_->Login({"ct.hung", "correct horse battery", "", "ip"});
  EXPECT_EQ(need.status().code(), Code::kFailedPrecondition);
  auto wrong = id_->Login({"ct.hung", "correct horse battery", "123456", "ip"});
  EXPECT_EQ(wrong.status().code(), Code::kUnauthenticated);
  auto good =
      id_->Login({"ct.hung", "correct horse battery", authz::Totp(key, env_.NowMs() / 1000), "ip"});
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  auto p2 = id_->Authenticate(good->token);
  EXPECT_FALSE(p2->needs_totp);
  EXPECT_TRUE(p2->Check("dossier.sign", authz::UnitRef{"03721", "14"}).ok());
}

TEST_F(IdentityTest, ApiTokensCarryScopedPermissions) {
  ASSERT_TRUE(id_->CreateUser("tich.hop", "", "correct horse battery",
                              {{Role::kReception, "03721"}, {Role::kCentreDirector, "03721"}},
                              "test")
                  .ok());
  auto t = id_->CreateApiToken("tich.hop", "report sync", std::nullopt, {"report.read"},
                               3600 * 1000, "test");
  ASSERT_TRUE(t.ok());
  auto p = id_->AuthenticateBearer(*t);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->Check("report.read", authz::UnitRef{"03721", "14"}).ok());
  EXPECT_FALSE(p->Check("dossier.receive", authz::UnitRef{"03721", "14"}).ok());
  env_.TEST_AdvanceMs(3600 * 1000);
  EXPECT_EQ(id_->AuthenticateBearer(*t).status().code(), Code::kUnauthenticated);
  EXPECT_FALSE(id_->AuthenticateBearer("mct_nonsense").ok());
}

// A bearer token's principal is cached for a few seconds: a change written by another process
// (here straight into the store) is seen once the entry ages out; any write through the service
// drops every cached entry at once.
TEST_F(IdentityTest, BearerPrincipalsAreCachedBrieflyAndDroppedOnWrites) {
  ASSERT_TRUE(id_->CreateUser("tich.hop2", "", "correct horse battery",
                              {{Role::kReception, "03721"}}, "test")
                  .ok());
  auto t = id_->CreateApiToken("tich.hop2", "sync", std::nullopt, {"dossier.receive"},
                               3600 * 1000, "test");
  ASSERT_TRUE(t.ok());
  auto revoke_outside = [&](int64_t revoked) {
    ASSERT_TRUE(store_->Write([&](store::Tx& tx) {
      return tx.Exec("UPDATE api_tokens SET revoked = ?", {revoked}).status();
    }).ok());
  };
  ASSERT_TRUE(id_->AuthenticateBearer(*t).ok());
  revoke_outside(1);
  EXPECT_TRUE(id_->AuthenticateBearer(*t).ok()) << "cached";
  env_.TEST_AdvanceMs(5000);
  EXPECT_EQ(id_->AuthenticateBearer(*t).status().code(), Code::kUnauthenticated);

  revoke_outside(0);
  ASSERT_TRUE(id_->AuthenticateBearer(*t).ok());
  revoke_outside(1);
  // Any write through the service (here another user) drops the cache.
  ASSERT_TRUE(id_->CreateUser("khac", "", "correct horse battery", {{Role::kReception, "03721"}},
                              "test")
                  .ok());
  EXPECT_EQ(id_->AuthenticateBearer(*t).status().code(), Code::kUnauthenticated);
}

TEST_F(IdentityTest, ResidentsAuthorisationsAndTheirDataExport) {
  auto s = id_->SignInResident("http://idp sub-1", "001099012345", "Nguyễn Văn A", true);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto p = id_->Authenticate(s->token);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, Principal::Kind::kResident);
  EXPECT_EQ(p->id_number, "001099012345");
  EXPECT_FALSE(p->Check("dossier.read", std::nullopt).ok());
  EXPECT_FALSE(id_->SignInResident("x", "123", "B", false).ok());

  // The resident authorises another person (named by ID number) to file for them.
  AuthorisationRequest a;
  a.agent_id_number = "001088000111";
  a.scope = "submit";
  a.document_ref = "GUQ-2026/17";
  a.expires_ms = env_.NowMs() + 86400000;
  auto made = id_->CreateAuthorisation(*p, a);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(made->principal_id_number, "001099012345");
  EXPECT_EQ(made->principal_name, "Nguyễn Văn A");
  Principal agent;
  agent.kind = Principal::Kind::kResident;
  agent.resident_id = 77;
  agent.id_number = "001088000111";
  EXPECT_TRUE(id_->FindAuthorisation(agent, "001099012345", "submit", "03721").ok());
  EXPECT_FALSE(id_->FindAuthorisation(agent, "001099012345", "receive_result", "03721").ok());
  a.expires_ms = 0;
  EXPECT_EQ(id_->CreateAuthorisation(*p, a).status().code(), Code::kInvalidArgument);

  AuditService audit(env_, *store_, site_.get());
  auto doc = audit.ExportResident(*p, {"/api/v1/me/data", "req-1"});
  ASSERT_TRUE(doc.ok());
  EXPECT_NE(doc->find("001099012345"), std::string::npos);
  EXPECT_NE(doc->find("GUQ-2026/17"), std::string::npos);
  ASSERT_TRUE(id_->CreateUser("kt.vien", "", "correct horse battery", {{Role::kAuditor, "14"}},
                              "test")
                  .ok());
  auto auditor = id_->Authenticate(id_->Login({"kt.vien", "correct horse battery", "", "ip"}).value().token);
  auto log = audit.List(*auditor, "", 10);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].purpose, "self export");
  EXPECT_EQ(audit.List(*p, "", 10).status().code(), Code::kPermissionDenied);
  // The log cannot be edited.
  EXPECT_FALSE(store_->Write([](store::Tx& tx) {
                       return tx.Exec("DELETE FROM pii_access_log", {}).status();
                     }).ok());
}

// A national role is granted on the nation and nowhere else; no other role is granted there.
TEST_F(IdentityTest, TheNationalAdministratorIsGrantedOnTheNationOnly) {
  auto id = id_->CreateUser("qt.quocgia", "", "correct horse battery", {{Role::kNationalAdmin, ""}},
                            "test");
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto user = id_->GetUser("qt.quocgia");
  ASSERT_TRUE(user.ok());
  ASSERT_EQ(user->grants.size(), 1u);
  EXPECT_EQ(user->grants[0], (authz::Grant{Role::kNationalAdmin, "VN", "VN"}));
  EXPECT_TRUE(id_->CreateUser("qt.quocgia2", "", "correct horse battery",
                              {{Role::kNationalAdmin, "VN"}}, "test")
                  .ok());
  EXPECT_EQ(id_->CreateUser("qt.tinh", "", "correct horse battery", {{Role::kNationalAdmin, "14"}},
                            "test")
                .status()
                .code(),
            Code::kInvalidArgument);
  EXPECT_EQ(id_->CreateUser("qt.tinh2", "", "correct horse battery", {{Role::kProvinceAdmin, "VN"}},
                            "test")
                .status()
                .code(),
            Code::kInvalidArgument);
  // The national administrator must use a second factor (the default policy).
  auto login = id_->Login({"qt.quocgia", "correct horse battery", "", "ip"});
  ASSERT_TRUE(login.ok());
  EXPECT_TRUE(login->principal.needs_totp);
}

Principal Officer(Role role, const std::string& unit, int64_t id, const std::string& username) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.user_id = id;
  p.username = username;
  p.grants = {{role, unit, "14"}};
  return p;
}

Principal Resident(const std::string& id_number, int64_t id, bool level2 = true) {
  Principal p;
  p.kind = Principal::Kind::kResident;
  p.resident_id = id;
  p.id_number = id_number;
  p.name = "Người " + std::to_string(id);
  p.level2 = level2;
  return p;
}

// Only the principal (signed in, for their own ID number) or the reception counter of a unit
// records an authorisation; nobody grants themselves rights over someone else.
TEST_F(IdentityTest, AuthorisationsAreRecordedByThePrincipalOrTheReceptionCounter) {
  auto member_id = id_->CreateUser("to.cn", "", "correct horse battery",
                                   {{Role::kCommunityMember, "03721"}}, "test");
  ASSERT_TRUE(member_id.ok());
  const Principal member = Officer(Role::kCommunityMember, "03721", *member_id, "to.cn");
  const Principal reception = Officer(Role::kReception, "03721", 901, "mc.lan");
  const Principal specialist = Officer(Role::kSpecialist, "03721", 902, "cv.an");
  const Principal principal = Resident("014191375494", 1);
  const std::string victim = "014191375494", agent_id = "001088000111";
  const int64_t later = env_.NowMs() + 86400000;
  auto req = [&](std::string for_id, std::string agent, std::string user, std::string doc) {
    AuthorisationRequest r;
    r.principal_id_number = for_id;
    r.principal_name = for_id.empty() ? "" : "Lò Thị Mai";
    r.agent_id_number = agent;
    r.agent_username = user;
    r.scope = "all";
    r.document_ref = doc;
    r.expires_ms = later;
    return r;
  };
  struct Case {
    const char* name;
    Principal who;
    AuthorisationRequest r;
    Code want;
    const char* unit;  // recorded unit when OK
  };
  const Case cases[] = {
      // The demo exploit: a community-group member names anyone and "self-declares" the paper.
      {"member for a resident", member, req(victim, "", "", "tự khai"), Code::kPermissionDenied, ""},
      {"member names itself", member, req(victim, "", "to.cn", "tự khai"), Code::kPermissionDenied,
       ""},
      {"specialist", specialist, req(victim, agent_id, "", "GUQ 1"), Code::kPermissionDenied, ""},
      {"resident for someone else", Resident(agent_id, 2), req(victim, agent_id, "", ""),
       Code::kPermissionDenied, ""},
      {"anonymous", Principal{}, req(victim, agent_id, "", "x"), Code::kUnauthenticated, ""},
      {"principal names an agent", principal, req("", agent_id, "", ""), Code::kOk, ""},
      {"principal, own number given", principal, req(victim, "", "to.cn", ""), Code::kOk, ""},
      {"principal names itself", principal, req("", victim, "", ""), Code::kInvalidArgument, ""},
      {"principal names no agent", principal, req("", "", "", ""), Code::kInvalidArgument, ""},
      {"principal names both", principal, req("", agent_id, "to.cn", ""), Code::kInvalidArgument,
       ""},
      {"principal at level 1", Resident(victim, 3, false), req("", agent_id, "", ""),
       Code::kFailedPrecondition, ""},
      {"reception with the paper", reception, req(victim, agent_id, "", "GUQ 5/2026"), Code::kOk,
       "03721"},
      {"reception for a member", reception, req(victim, "", "to.cn", "GUQ 6/2026"), Code::kOk,
       "03721"},
      {"reception without the paper", reception, req(victim, agent_id, "", ""),
       Code::kInvalidArgument, ""},
      {"reception names itself", reception, req(victim, "", "mc.lan", "GUQ 7"),
       Code::kInvalidArgument, ""},
      {"reception, unknown account", reception, req(victim, "", "nobody", "GUQ 7"),
       Code::kInvalidArgument, ""},
      {"reception, bad number", reception, req("12345", agent_id, "", "GUQ 7"),
       Code::kInvalidArgument, ""},
  };
  for (const auto& c : cases) {
    auto got = id_->CreateAuthorisation(c.who, c.r);
    EXPECT_EQ(got.status().code(), c.want) << c.name << ": " << got.status().ToString();
    if (got.ok()) {
      EXPECT_EQ(got->unit, c.unit) << c.name;
      EXPECT_EQ(got->recorded_by, c.who.Id()) << c.name;
      EXPECT_EQ(got->principal_id_number, victim) << c.name;
    }
  }
}

TEST_F(IdentityTest, AuthorisationsCoverTheirUnitAndEndWhenRevoked) {
  const Principal principal = Resident("014191375494", 1);
  const Principal agent = Resident("001088000111", 2);
  const Principal reception = Officer(Role::kReception, "03721", 901, "mc.lan");
  const Principal foreign_reception = Officer(Role::kReception, "03646", 902, "mc.khac");
  AuthorisationRequest r;
  r.agent_id_number = "001088000111";
  r.scope = "all";
  r.expires_ms = env_.NowMs() + 86400000;
  auto online = id_->CreateAuthorisation(principal, r);
  ASSERT_TRUE(online.ok()) << online.status().ToString();
  r.principal_id_number = "014191375494";
  r.principal_name = "Lò Thị Mai";
  r.document_ref = "GUQ 5/2026";
  auto counter = id_->CreateAuthorisation(foreign_reception, r);  // at the counter of 03646
  ASSERT_TRUE(counter.ok()) << counter.status().ToString();
  EXPECT_EQ(counter->unit, "03646");
  // The principal's own covers every unit; the other one only the unit that recorded it.
  auto found = id_->FindAuthorisation(agent, "014191375494", "submit", "03721");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, online->id);
  // Someone else (the principal, another resident) holds nothing.
  EXPECT_FALSE(id_->FindAuthorisation(Resident("001088000999", 3), "014191375494", "all", "03721")
                   .ok());

  // Revocation: neither the agent, nor a reception officer of another unit.
  EXPECT_EQ(id_->RevokeAuthorisation(agent, online->id).code(), Code::kPermissionDenied);
  EXPECT_EQ(id_->RevokeAuthorisation(reception, counter->id).code(), Code::kPermissionDenied);
  EXPECT_EQ(id_->RevokeAuthorisation(principal, 999).code(), Code::kNotFound);
  ASSERT_TRUE(id_->RevokeAuthorisation(principal, online->id).ok());
  EXPECT_EQ(id_->RevokeAuthorisation(principal, online->id).code(), Code::kFailedPrecondition);
  EXPECT_FALSE(id_->FindAuthorisation(agent, "014191375494", "submit", "03721").ok());
  found = id_->FindAuthorisation(agent, "014191375494", "submit", "03646");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, counter->id);
  EXPECT_EQ(found->recorded_by, "user:902");
  ASSERT_TRUE(id_->RevokeAuthorisation(foreign_reception, counter->id).ok());
  EXPECT_FALSE(id_->FindAuthorisation(agent, "014191375494", "submit", "03646").ok());
}

}  // namespace
}  // namespace motcua::service
