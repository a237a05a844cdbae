// Resident sign-in through OpenID Connect (VNeID, or a provider standing in for it): the
// authorization code flow with PKCE (S256), `state` (single use, 10 minutes) and `nonce`, provider
// discovery from the issuer URL, and ID tokens checked against the provider's JWKS (RS256 with
// OpenSSL) for signature, `iss`, `aud`, `exp` and `nonce`. Which claim holds the personal
// identification number and which marks the assurance level are options.
//
// OidcClient is thread-safe. Pending sign-ins are held in memory: a restart forgets them (the
// resident starts again) and several app nodes need sticky sessions for the callback — acceptable
// for a commune server; a shared table would lift it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/status.h"

namespace motcua::service {

struct HttpReply {
  int status = 0;
  std::string body;
};

// Outbound HTTP for the OIDC client. The production one is libcurl (MakeCurlHttpClient).
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Performs a GET; Unavailable when the server cannot be reached.
  virtual Result<HttpReply> Get(const std::string& url,
                                const std::vector<std::string>& headers) = 0;
  // Performs a POST of an application/x-www-form-urlencoded body.
  virtual Result<HttpReply> PostForm(const std::string& url, const std::string& body,
                                     const std::vector<std::string>& headers) = 0;
};

// `resolve`: comma-separated curl pins "host:port:address" (e.g. auth.example.com:8081:127.0.0.1).
std::unique_ptr<HttpClient> MakeCurlHttpClient(const std::string& resolve, int timeout_s = 10);

struct OidcOptions {
  std::string issuer;         // e.g. https://vneid.gov.vn/ ; empty: sign-in is off
  std::string client_id;
  std::string client_secret;  // secret
  std::string redirect_uri;   // our /auth/callback as registered at the provider
  std::string id_claim = "SoDinhDanh";
  std::string level_claim = "acr";
  std::vector<std::string> level2_values = {"loa-2", "2", "muc2"};
  std::string scope = "openid profile";
  int64_t clock_skew_s = 60;  // tolerance on exp and iat
};

// What an ID token (and, for missing claims, the userinfo answer) says about the resident.
struct OidcIdentity {
  std::string subject;
  std::string name;
  std::string id_number;
  bool level2 = false;
};

struct IdTokenCheck {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  int64_t now_s = 0;
  int64_t skew_s = 60;
};

// Verifies a compact JWS ID token against a JWKS document: RS256 signature by the key named by
// `kid` (or the only RSA key), then iss, aud (string or list), exp, iat and nonce. Returns the
// payload JSON text. Unauthenticated with a plain reason on any failure.
Result<std::string> VerifyIdToken(std::string_view jwt, std::string_view jwks_json,
                                  const IdTokenCheck& check);

// Returns base64url without padding, and its inverse (nullopt-like error on bad input).
std::string Base64UrlEncode(std::string_view bytes);
Result<std::string> Base64UrlDecode(std::string_view text);

class OidcClient {
 public:
  OidcClient(Env& env, OidcOptions options, std::unique_ptr<HttpClient> http);
  bool enabled() const { return !options_.issuer.empty(); }

  // Returns the provider's authorization URL for a new sign-in (discovering the provider on first
  // use), remembering its state, nonce and PKCE verifier. `return_to` is a local path.
  Result<std::string> Begin(const std::string& return_to);
  // Completes a sign-in from the callback's `state` and `code`: the state is used up (a replay is
  // refused), the code exchanged, the ID token verified. Returns the identity and `return_to`.
  Result<OidcIdentity> Complete(const std::string& state, const std::string& code,
                                std::string* return_to);

 private:
  struct Provider {
    std::string issuer, authorization_endpoint, token_endpoint, jwks_uri, userinfo_endpoint;
  };
  struct Pending {
    std::string nonce, verifier, return_to;
    int64_t expires_ms = 0;
  };
  Result<Provider> Discover();
  Result<std::string> Jwks(const Provider& p, bool refresh);

  Env& env_;
  const OidcOptions options_;
  std::unique_ptr<HttpClient> http_;
  std::mutex mu_;
  std::unique_ptr<Provider> provider_;        // GUARDED_BY(mu_)
  std::string jwks_;                          // GUARDED_BY(mu_)
  std::map<std::string, Pending> pending_;    // GUARDED_BY(mu_), by state
};

}  // namespace motcua::service
