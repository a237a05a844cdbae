#include "service/identity/oidc.h"

#include <curl/curl.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/sha.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "base/text.h"

namespace motcua::service {

using nlohmann::json;

namespace {

Status Refused(const std::string& why) {
  return Status::Unauthenticated("sign-in refused: " + why);
}

// Returns the string member `key` of `j`, or "" when it is absent or not a string: what the
// provider sends is outside input, and json::value throws on a member of another type.
std::string Text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// --- libcurl ---

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

class CurlHttpClient : public HttpClient {
 public:
  CurlHttpClient(const std::string& resolve, int timeout_s) : timeout_s_(timeout_s) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pins_ = SplitList(resolve);
  }
  Result<HttpReply> Get(const std::string& url, const std::vector<std::string>& headers) override {
    return Perform(url, nullptr, headers);
  }
  Result<HttpReply> PostForm(const std::string& url, const std::string& body,
                             const std::vector<std::string>& headers) override {
    return Perform(url, &body, headers);
  }

 private:
  Result<HttpReply> Perform(const std::string& url, const std::string* body,
                            const std::vector<std::string>& headers) {
    CURL* c = curl_easy_init();
    if (!c) return Status::Internal("oidc: cannot start an HTTP client");
    HttpReply reply;
    curl_slist* hs = nullptr;
    for (const auto& h : headers) hs = curl_slist_append(hs, h.c_str());
    curl_slist* pins = nullptr;
    for (const auto& p : pins_) pins = curl_slist_append(pins, p.c_str());
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
    if (pins) curl_easy_setopt(c, CURLOPT_RESOLVE, pins);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout_s_));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE, 1L << 20);
    if (body) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
    }
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    curl_slist_free_all(hs);
    curl_slist_free_all(pins);
    if (rc != CURLE_OK)
      return Status::Unavailable(std::string("cannot reach the identity provider at ") + url + ": " +
                                 curl_easy_strerror(rc));
    reply.status = static_cast<int>(status);
    return reply;
  }

  const int timeout_s_;
  std::vector<std::string> pins_;
};

// --- JWS RS256 ---

EVP_PKEY* RsaKeyFromJwk(const json& jwk) {
  auto n = Base64UrlDecode(Text(jwk, "n"));
  auto e = Base64UrlDecode(Text(jwk, "e"));
  if (!n.ok() || !e.ok() || n->empty() || e->empty()) return nullptr;
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), n->size(), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), e->size(), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n);
  OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* key = nullptr;
  if (ctx && params && EVP_PKEY_fromdata_init(ctx) > 0)
    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  return key;
}

bool VerifyRs256(EVP_PKEY* key, std::string_view signed_part, std::string_view signature) {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  bool ok = md && EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
            EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(),
                             reinterpret_cast<const unsigned char*>(signed_part.data()),
                             signed_part.size()) == 1;
  EVP_MD_CTX_free(md);
  return ok;
}

}  // namespace

std::unique_ptr<HttpClient> MakeCurlHttpClient(const std::string& resolve, int timeout_s) {
  return std::make_unique<CurlHttpClient>(resolve, timeout_s);
}

std::string Base64UrlEncode(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (bytes.size() - i == 1) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (bytes.size() - i == 2) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '-' || c == '+') v = 62;
    else if (c == '_' || c == '/') v = 63;
    else if (c == '=') break;
    else return Status::InvalidArgument("not base64url");
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

Result<std::string> VerifyIdToken(std::string_view jwt, std::string_view jwks_json,
                                  const IdTokenCheck& check) {
  const size_t d1 = jwt.find('.');
  const size_t d2 = d1 == std::string_view::npos ? d1 : jwt.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return Refused("the ID token is not a signed JWT");
  auto header_text = Base64UrlDecode(jwt.substr(0, d1));
  auto payload_text = Base64UrlDecode(jwt.substr(d1 + 1, d2 - d1 - 1));
  auto signature = Base64UrlDecode(jwt.substr(d2 + 1));
  if (!header_text.ok() || !payload_text.ok() || !signature.ok())
    return Refused("the ID token is not valid base64url");
  json header = json::parse(*header_text, nullptr, false);
  json payload = json::parse(*payload_text, nullptr, false);
  if (!header.is_object() || !payload.is_object()) return Refused("the ID token is not JSON");
  if (Text(header, "alg") != "RS256")
    return Refused("the ID token is signed with '" + Text(header, "alg") + "', not RS256");
  json jwks = json::parse(jwks_json, nullptr, false);
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array())
    return Refused("the provider's JWKS is unreadable");
  const std::string kid = Text(header, "kid");
  const json* jwk = nullptr;
  int rsa_keys = 0;
  for (const json& k : jwks["keys"]) {
    if (!k.is_object() || Text(k, "kty") != "RSA") continue;
    ++rsa_keys;
    if (!kid.empty() && Text(k, "kid") == kid) jwk = &k;
    if (kid.empty() && rsa_keys == 1) jwk = &k;
  }
  if (!jwk) return Refused("no key '" + kid + "' in the provider's JWKS");
  EVP_PKEY* key = RsaKeyFromJwk(*jwk);
  if (!key) return Refused("the provider's key is unreadable");
  const bool ok = VerifyRs256(key, jwt.substr(0, d2), *signature);
  EVP_PKEY_free(key);
  if (!ok) return Refused("the ID token's signature does not verify");
  if (Text(payload, "iss") != check.issuer)
    return Refused("the ID token is from '" + Text(payload, "iss") + "', not " + check.issuer);
  bool aud_ok = false;
  if (payload.contains("aud") && payload["aud"].is_string())
    aud_ok = payload["aud"].get<std::string>() == check.client_id;
  if (payload.contains("aud") && payload["aud"].is_array())
    for (const json& a : payload["aud"]) aud_ok |= a.is_string() && a.get<std::string>() == check.client_id;
  if (!aud_ok) return Refused("the ID token is not meant for this client");
  if (!payload.contains("exp") || !payload["exp"].is_number())
    return Refused("the ID token has no expiry");
  if (payload["exp"].get<double>() + check.skew_s < check.now_s) return Refused("the ID token has expired");
  if (payload.contains("iat") && payload["iat"].is_number() &&
      payload["iat"].get<double>() > check.now_s + check.skew_s)
    return Refused("the ID token was issued in the future");
  if (!ConstantTimeEquals(Text(payload, "nonce"), check.nonce) || check.nonce.empty())
    return Refused("the ID token's nonce does not match this sign-in");
  if (Text(payload, "sub").empty()) return Refused("the ID token names no subject");
  return *payload_text;
}

OidcClient::OidcClient(Env& env, OidcOptions options, std::unique_ptr<HttpClient> http)
    : env_(env), options_(std::move(options)), http_(std::move(http)) {}

Result<OidcClient::Provider> OidcClient::Discover() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (provider_) return *provider_;
  }
  std::string base = options_.issuer;
  if (!base.empty() && base.back() == '/') base.pop_back();
  MOTCUA_ASSIGN_OR_RETURN(HttpReply r, http_->Get(base + "/.well-known/openid-configuration",
                                                  {"Accept: application/json"}));
  json d = json::parse(r.body, nullptr, false);
  if (r.status != 200 || !d.is_object())
    return Status::Unavailable("the identity provider's discovery document is unavailable (HTTP " +
                               std::to_string(r.status) + ")");
  Provider p{Text(d, "issuer"), Text(d, "authorization_endpoint"), Text(d, "token_endpoint"),
             Text(d, "jwks_uri"), Text(d, "userinfo_endpoint")};
  if (p.issuer.empty() || p.authorization_endpoint.empty() || p.token_endpoint.empty() ||
      p.jwks_uri.empty())
    return Status::Unavailable("the identity provider's discovery document lacks endpoints");
  std::string a = p.issuer, b = options_.issuer;
  if (!a.empty() && a.back() == '/') a.pop_back();
  if (!b.empty() && b.back() == '/') b.pop_back();
  if (a != b)
    return Status::Unavailable("the identity provider calls itself " + p.issuer + ", not " +
                               options_.issuer);
  std::lock_guard<std::mutex> lock(mu_);
  provider_ = std::make_unique<Provider>(p);
  return p;
}

Result<std::string> OidcClient::Jwks(const Provider& p, bool refresh) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!refresh && !jwks_.empty()) return jwks_;
  }
  MOTCUA_ASSIGN_OR_RETURN(HttpReply r, http_->Get(p.jwks_uri, {"Accept: application/json"}));
  if (r.status != 200) return Status::Unavailable("the identity provider's keys are unavailable");
  std::lock_guard<std::mutex> lock(mu_);
  jwks_ = r.body;
  return jwks_;
}

Result<std::string> OidcClient::Begin(const std::string& return_to) {
  if (!enabled()) return Status::FailedPrecondition("resident sign-in is not configured");
  MOTCUA_ASSIGN_OR_RETURN(Provider p, Discover());
  Pending pending;
  const std::string state = env_.RandomHex(16);
  pending.nonce = env_.RandomHex(16);
  pending.verifier = env_.RandomHex(32);
  pending.return_to = SafeLocalPathOr(return_to, "/");
  const int64_t now = env_.NowMs();
  pending.expires_ms = now + 10 * 60 * 1000;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(pending.verifier.data()), pending.verifier.size(), digest);
  const std::string challenge =
      Base64UrlEncode(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = pending_.begin(); it != pending_.end();)
      it = it->second.expires_ms < now ? pending_.erase(it) : std::next(it);
    if (pending_.size() > 100000) return Status::ResourceExhausted("too many sign-ins in progress; try again in a few minutes");
    pending_[state] = pending;
  }
  const char sep = p.authorization_endpoint.find('?') == std::string::npos ? '?' : '&';
  return p.authorization_endpoint + sep + "response_type=code&client_id=" +
         UrlEncode(options_.client_id) + "&redirect_uri=" + UrlEncode(options_.redirect_uri) +
         "&scope=" + UrlEncode(options_.scope) + "&state=" + state + "&nonce=" + pending.nonce +
         "&code_challenge=" + challenge + "&code_challenge_method=S256";
}

Result<OidcIdentity> OidcClient::Complete(const std::string& state, const std::string& code,
                                          std::string* return_to) {
  if (!enabled()) return Status::FailedPrecondition("resident sign-in is not configured");
  Pending pending;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pending_.find(state);
    if (it == pending_.end() || it->second.expires_ms < env_.NowMs())
      return Status::InvalidArgument(
          "this sign-in link was already used or has expired; start the sign-in again",
          {{"state", "unknown, used or expired"}});
    pending = it->second;
    pending_.erase(it);  // single use, whatever happens next
  }
  if (code.empty()) return Refused("the provider sent no authorization code");
  *return_to = pending.return_to;
  MOTCUA_ASSIGN_OR_RETURN(Provider p, Discover());
  const std::string form = "grant_type=authorization_code&code=" + UrlEncode(code) +
                           "&redirect_uri=" + UrlEncode(options_.redirect_uri) +
                           "&client_id=" + UrlEncode(options_.client_id) +
                           "&client_secret=" + UrlEncode(options_.client_secret) +
                           "&code_verifier=" + pending.verifier;
  MOTCUA_ASSIGN_OR_RETURN(HttpReply r, http_->PostForm(p.token_endpoint, form,
                                                       {"Accept: application/json"}));
  json tok = json::parse(r.body, nullptr, false);
  if (r.status != 200 || !tok.is_object() || !tok.contains("id_token") || !tok["id_token"].is_string())
    return Refused("the provider did not issue an ID token (HTTP " + std::to_string(r.status) + ")");
  IdTokenCheck check{p.issuer, options_.client_id, pending.nonce, env_.NowMs() / 1000,
                     options_.clock_skew_s};
  const std::string id_token = tok["id_token"].get<std::string>();
  MOTCUA_ASSIGN_OR_RETURN(std::string jwks, Jwks(p, false));
  auto payload = VerifyIdToken(id_token, jwks, check);
  if (!payload.ok()) {  // the provider may have rotated its keys: fetch them once more
    MOTCUA_ASSIGN_OR_RETURN(jwks, Jwks(p, true));
    payload = VerifyIdToken(id_token, jwks, check);
  }
  if (!payload.ok()) return payload.status();
  json claims = json::parse(*payload);
  // Claims the ID token lacks come from userinfo, for the same subject.
  const bool need_userinfo = !claims.contains(options_.id_claim) || !claims.contains("name");
  if (need_userinfo && !p.userinfo_endpoint.empty() && tok.contains("access_token") &&
      tok["access_token"].is_string()) {
    auto u = http_->Get(p.userinfo_endpoint,
                        {"Accept: application/json",
                         "Authorization: Bearer " + tok["access_token"].get<std::string>()});
    if (u.ok() && u->status == 200) {
      json info = json::parse(u->body, nullptr, false);
      if (info.is_object() && Text(info, "sub") == Text(claims, "sub")) {
        for (auto& [k, v] : info.items())
          if (!claims.contains(k)) claims[k] = v;
      }
    }
  }
  OidcIdentity id;
  id.subject = Text(claims, "sub");
  auto text = [&](const std::string& k) {
    if (!claims.contains(k)) return std::string();
    if (claims[k].is_string()) return claims[k].get<std::string>();
    if (claims[k].is_number()) return claims[k].dump();
    return std::string();
  };
  id.id_number = text(options_.id_claim);
  id.name = text("name");
  const std::string level = text(options_.level_claim);
  id.level2 = std::find(options_.level2_values.begin(), options_.level2_values.end(), level) !=
              options_.level2_values.end();
  if (id.id_number.empty())
    return Refused("the provider did not send the personal identification number (claim '" +
                   options_.id_claim + "')");
  return id;
}

}  // namespace motcua::service
