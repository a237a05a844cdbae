// The ID-token verifier against tokens signed here with a fresh RSA key: a good token, then one
// defect at a time (tampered payload, wrong aud, expired, wrong iss, wrong nonce, another key,
// "alg": "none").
#include "service/identity/oidc.h"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <nlohmann/json.hpp>

namespace motcua::service {
namespace {

using nlohmann::json;

struct Key {
  EVP_PKEY* pkey = nullptr;
  Key() { pkey = EVP_RSA_gen(2048); }
  ~Key() { EVP_PKEY_free(pkey); }
  std::string Jwk(const std::string& kid) const {
    BIGNUM *n = nullptr, *e = nullptr;
    EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e);
    std::string nb(BN_num_bytes(n), '\0'), eb(BN_num_bytes(e), '\0');
    BN_bn2bin(n, reinterpret_cast<unsigned char*>(nb.data()));
    BN_bn2bin(e, reinterpret_cast<unsigned char*>(eb.data()));
    BN_free(n);
    BN_free(e);
    return json{{"kty", "RSA"}, {"kid", kid}, {"use", "sig"}, {"alg", "RS256"},
                {"n", Base64UrlEncode(nb)}, {"e", Base64UrlEncode(eb)}}
        .dump();
  }
  std::string Sign(const json& header, const json& payload) const {
    std::string part = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(payload.dump());
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    size_t len = 0;
    EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, pkey);
    EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(part.data()), part.size());
    std::string sig(len, '\0');
    EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(part.data()), part.size());
    EVP_MD_CTX_free(md);
    sig.resize(len);
    return part + "." + Base64UrlEncode(sig);
  }
};

class IdTokenTest : public ::testing::Test {
 protected:
  const int64_t now = 1796000000;
  Key key, other;
  std::string jwks = "{\"keys\":[" + key.Jwk("k1") + "]}";
  IdTokenCheck check{"http://auth.example.com:8081", "motcua", "n-123", now, 60};
  json header = {{"alg", "RS256"}, {"kid", "k1"}, {"typ", "JWT"}};
  json payload = {{"iss", "http://auth.example.com:8081"}, {"aud", "motcua"}, {"sub", "citizen1"},
                  {"exp", now + 300}, {"iat", now - 5}, {"nonce", "n-123"},
                  {"SoDinhDanh", "001099012345"}, {"acr", "loa-2"}};
};

TEST_F(IdTokenTest, AcceptsAGoodToken) {
  auto r = VerifyIdToken(key.Sign(header, payload), jwks, check);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(json::parse(*r)["SoDinhDanh"], "001099012345");
  payload["aud"] = json::array({"other", "motcua"});
  EXPECT_TRUE(VerifyIdToken(key.Sign(header, payload), jwks, check).ok());
}

TEST_F(IdTokenTest, RefusesEachDefect) {
  std::string good = key.Sign(header, payload);
  // Tampered payload: swap in another ID number, keep the signature.
  json evil = payload;
  evil["SoDinhDanh"] = "001099099999";
  std::string tampered = good.substr(0, good.find('.')) + "." + Base64UrlEncode(evil.dump()) +
                         good.substr(good.rfind('.'));
  struct Case {
    std::string token;
    const char* says;
  };
  auto with = [&](const char* k, json v) {
    json p = payload;
    p[k] = v;
    return key.Sign(header, p);
  };
  json none = header;
  none["alg"] = "none";
  const Case cases[] = {
      {tampered, "signature"},
      {with("aud", "someone-else"), "not meant for this client"},
      {with("aud", json::array({"a", "b"})), "not meant for this client"},
      {with("exp", now - 120), "expired"},
      {with("iss", "http://evil.example.com"), "is from"},
      {with("nonce", "n-999"), "nonce"},
      {with("iat", now + 3600), "future"},
      {other.Sign(header, payload), "signature"},
      {key.Sign(none, payload), "not RS256"},
      {"not-a-jwt", "not a signed JWT"},
  };
  for (const auto& c : cases) {
    auto r = VerifyIdToken(c.token, jwks, check);
    ASSERT_FALSE(r.ok()) << c.says;
    EXPECT_EQ(r.status().code(), Code::kUnauthenticated);
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << r.status().message();
  }
  json h2 = header;
  h2["kid"] = "unknown";
  EXPECT_FALSE(VerifyIdToken(key.Sign(h2, payload), jwks, check).ok());
}

// Found by fuzz/oidc_token_fuzzer.cc: a member of the wrong type made json::value throw out of
// VerifyIdToken (a 500 at the callback) instead of refusing the token.
TEST_F(IdTokenTest, RefusesMembersOfTheWrongType) {
  json h = header;
  h["alg"] = 7;
  EXPECT_EQ(VerifyIdToken(key.Sign(h, payload), jwks, check).status().code(),
            Code::kUnauthenticated);
  h = header;
  h["kid"] = json::array();  // read as no kid: the only RSA key is used
  EXPECT_NO_THROW((void)VerifyIdToken(key.Sign(h, payload), jwks, check));
  for (const char* claim : {"iss", "nonce", "sub"}) {
    json p = payload;
    p[claim] = 7;
    auto r = VerifyIdToken(key.Sign(header, p), jwks, check);
    EXPECT_EQ(r.status().code(), Code::kUnauthenticated) << claim;
  }
  const std::string bad_jwks = R"({"keys":[{"kty":1},{"kty":"RSA","kid":"k1","n":7,"e":[]}]})";
  EXPECT_EQ(VerifyIdToken(key.Sign(header, payload), bad_jwks, check).status().code(),
            Code::kUnauthenticated);
}

TEST(Base64UrlTest, RoundTrips) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00"}) {
    EXPECT_EQ(*Base64UrlDecode(Base64UrlEncode(s)), s);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

}  // namespace
}  // namespace motcua::service
