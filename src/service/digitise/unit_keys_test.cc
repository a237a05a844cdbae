// UnitKeys over a real store, with a throwaway CA made by the openssl CLI (as an operator would).
#include "service/digitise/unit_keys.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

class UnitKeysTest : public ::testing::Test {
 protected:
  UnitKeysTest() : store_("unit-keys", Env::Default()) {}

  // Certifies `csr_pem` with a fresh throwaway CA; returns {certificate, chain}.
  std::pair<std::string, std::string> Certify(const std::string& csr_pem) {
    const std::string dir = store_.dir().string();
    EXPECT_TRUE(Env::Default().WriteFileAtomic(dir + "/u.csr", csr_pem).ok());
    const std::string cmd =
        "cd " + dir +
        " && openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=TestCA "
        "-addext basicConstraints=critical,CA:TRUE -keyout ca.key -out ca.pem >/dev/null 2>&1"
        " && openssl x509 -req -in u.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 10 "
        "-out u.pem >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    return {*Env::Default().ReadFile(dir + "/u.pem"), *Env::Default().ReadFile(dir + "/ca.pem")};
  }

  store::TempStore store_;
};

TEST_F(UnitKeysTest, WithoutAPassphraseNoKeyIsMade) {
  UnitKeys keys(Env::Default(), *store_, "");
  auto k = keys.Create("03721", "UBND", "UBND", "test");
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.status().code(), Code::kFailedPrecondition);
}

TEST_F(UnitKeysTest, SignsVerifiesAndRevokesFromATimeOn) {
  UnitKeys keys(Env::Default(), *store_, "secret-1");
  auto k = keys.Create("03721", "Ủy ban nhân dân xã Thuận Châu", "UBND", "test");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(keys.Active("03721").status().code(), Code::kFailedPrecondition);  // no certificate
  auto [cert, chain] = Certify(k->csr_pem);
  // A certificate without its chain does not verify; with it, it is imported once.
  EXPECT_EQ(keys.Import("03721", cert, "").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(keys.Import("03646", cert, chain).status().code(), Code::kInvalidArgument);
  ASSERT_TRUE(keys.Import("03721", cert, chain).ok());
  EXPECT_EQ(keys.Import("03721", cert, chain).status().code(), Code::kAlreadyExists);

  auto key = keys.Active("03721");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  const std::string doc = "%PDF-1.4 a result";
  auto der = UnitKeys::SignDetached(**key, doc);
  ASSERT_TRUE(der.ok());
  const int64_t now = Env::Default().NowMs();
  auto c = keys.Verify(k->id, doc, *der, now);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->checks) << c->error;
  EXPECT_NE(c->subject.find("Thuận Châu"), std::string::npos) << c->subject;
  auto tampered = keys.Verify(k->id, doc + " ", *der, now);
  ASSERT_TRUE(tampered.ok());
  EXPECT_FALSE(tampered->checks);

  ASSERT_TRUE(keys.Revoke("03721", k->id, now + 1000, "compromise").ok());
  EXPECT_EQ(keys.Revoke("03721", k->id, now, "again").code(), Code::kFailedPrecondition);
  EXPECT_EQ(keys.Revoke("03721", 999, now, "x").code(), Code::kNotFound);
  c = keys.Verify(k->id, doc, *der, now);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->checks);  // the signature still checks; its state comes from the time
  EXPECT_EQ(c->revoked_ms, now + 1000);
  EXPECT_EQ(keys.Active("03721").status().code(), Code::kFailedPrecondition);
  auto list = keys.List("03721");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].state, "revoked");
}

TEST_F(UnitKeysTest, AWrongPassphraseCannotSign) {
  std::pair<std::string, std::string> issued;
  int64_t id = 0;
  {
    UnitKeys keys(Env::Default(), *store_, "right");
    auto k = keys.Create("03721", "", "", "test");
    ASSERT_TRUE(k.ok());
    id = k->id;
    issued = Certify(k->csr_pem);
    ASSERT_TRUE(keys.Import("03721", issued.first, issued.second).ok());
  }
  UnitKeys wrong(Env::Default(), *store_, "wrong");
  auto key = wrong.Active("03721");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(key.status().message().find(std::to_string(id)), std::string::npos);
}

}  // namespace
}  // namespace motcua::service
