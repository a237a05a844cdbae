// Fuzzes OpenID Connect ID-token checking (service/identity/oidc.h VerifyIdToken and base64url).
// VerifyIdToken promises Unauthenticated "on any failure": an exception is a bug.
//
// The first byte picks the mode:
//   even: "<compact JWS>\n<JWKS JSON>" as the provider might send them (the header and JWKS
//         parsing; signatures will not verify);
//   odd:  "<JOSE header JSON>\n<payload JSON>", signed here with the target's own RSA key and
//         checked against its JWKS, so that the claim checks after the signature are reached.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "json_mutator.h"
#include "service/identity/oidc.h"

namespace {

using motcua::service::Base64UrlEncode;

struct Signer {
  EVP_PKEY* key = nullptr;
  std::string jwks;
};

std::string BigNumParam(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (!EVP_PKEY_get_bn_param(key, name, &bn)) motcua::fuzz::Fail("no RSA parameter");
  std::string bytes(BN_num_bytes(bn), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return Base64UrlEncode(bytes);
}

const Signer& TheSigner() {
  static const Signer* s = [] {
    auto* s = new Signer;
    s->key = EVP_RSA_gen(1024);  // the size does not matter to the checks; small signs faster
    if (!s->key) motcua::fuzz::Fail("cannot make an RSA key");
    s->jwks = R"({"keys":[{"kty":"RSA","kid":"k1","use":"sig","alg":"RS256","n":")" +
              BigNumParam(s->key, OSSL_PKEY_PARAM_RSA_N) + R"(","e":")" +
              BigNumParam(s->key, OSSL_PKEY_PARAM_RSA_E) + R"("}]})";
    return s;
  }();
  return *s;
}

std::string Sign(std::string_view header, std::string_view payload) {
  std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t len = 0;
  std::string sig;
  if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, TheSigner().key) == 1 &&
      EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) == 1) {
    sig.resize(len);
    if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
      sig.clear();
    sig.resize(len);
  }
  EVP_MD_CTX_free(ctx);
  return input + "." + Base64UrlEncode(sig);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  if (size == 0) return 0;
  const bool signed_mode = data[0] & 1;
  std::string_view first;
  std::string_view second = fuzz::SplitFirst(fuzz::AsText(data + 1, size - 1), '\n', &first);

  service::IdTokenCheck check;
  check.issuer = "https://auth.example.com/";
  check.client_id = "motcua";
  check.nonce = "n-0S6_WzA2Mj";
  check.now_s = 1767225600;
  try {
    (void)service::Base64UrlDecode(first);
    if (signed_mode) {
      auto r = service::VerifyIdToken(Sign(first, second), TheSigner().jwks, check);
      (void)r;
    } else {
      auto r = service::VerifyIdToken(first, second, check);
      (void)r;
    }
  } catch (const std::exception& e) {
    fuzz::Fail(std::string("exception from VerifyIdToken: ") + e.what());
  }
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned seed) {
  // Signed mode: the header (first line after the mode byte) or the payload (the rest); raw mode:
  // the JWKS after the token.
  if (size < 2) return LLVMFuzzerMutate(data, size, max_size);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t nl = text.find('\n', 1);
  if (nl == std::string_view::npos) return LLVMFuzzerMutate(data, size, max_size);
  if ((data[0] & 1) && (seed & 4))
    return motcua::fuzz::MutateJsonPart(data, size, max_size, seed, 1, nl);
  return motcua::fuzz::MutateJsonPart(data, size, max_size, seed, nl + 1, size);
}
