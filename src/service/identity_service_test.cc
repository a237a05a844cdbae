#include "service/identity_service.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>

#include "domain/authz/totp.h"
#include "service/audit_service.h"
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
    id_ = std::make_unique<IdentityService>(env_, *store_, *site_, io);
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

  Authorisation a{0, "", "001088000111", "Trần Thị B", "submit", "GUQ-2026/17",
                  env_.NowMs() + 86400000};
  auto aid = id_->CreateAuthorisation(*p, a);
  ASSERT_TRUE(aid.ok()) << aid.status().ToString();
  EXPECT_TRUE(id_->FindAuthorisation(p->Id(), "001088000111", "submit").ok());
  EXPECT_FALSE(id_->FindAuthorisation(p->Id(), "001088000111", "receive_result").ok());
  a.document_ref = "";
  EXPECT_EQ(id_->CreateAuthorisation(*p, a).status().code(), Code::kInvalidArgument);

  AuditService audit(env_, *store_);
  auto doc = audit.ExportResident(*p, {"/api/v1/me/data", "req-1"});
  ASSERT_TRUE(doc.ok());
  EXPECT_NE(doc->find("001099012345"), std::string::npos);
  EXPECT_NE(doc->find("GUQ-2026/17"), std::string::npos);
  ASSERT_TRUE(id_->CreateUser("kt.vien", "", "correct horse battery", {{Role::kAuditor, "14"}},
                              "test")
                  .ok());
  auto auditor = id_->Authenticate(id_->Login({"kt.vien", "correct horse battery", "", "ip"})->token);
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

}  // namespace
}  // namespace motcua::service
