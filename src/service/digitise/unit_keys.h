// UnitKeys: the signing keys of units (issue 17). A unit's key is made here (`motcua keys create`)
// with a certificate request for a CA to sign; the certificate issued for it, with its issuer
// chain, is imported later (`keys import`). Private keys are stored encrypted (PKCS #8, AES-256-CBC
// under a PBKDF2 key from the `signing_key_passphrase` option) and decrypted only in memory.
// A unit may hold several keys: the newest one with a certificate and not revoked signs, and each
// signature names its key, so rotating never invalidates earlier signatures. A key is revoked from
// a time on: signatures made at or after that time verify as revoked, earlier ones stay valid.
//
// Signatures are detached CMS (PKCS #7) SignedData over the document's bytes, with the signer's
// certificate and chain inside and the signing time as a signed attribute, which
// `openssl cms -verify -binary -content FILE -CAfile ROOT` accepts (decision 0017).
// Thread-safe: decrypted keys are cached under a mutex.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "store/store.h"

namespace motcua::service {

struct UnitKeyInfo {
  int64_t id = 0;
  std::string unit;
  int64_t created_ms = 0;
  std::string subject;                 // the certificate's subject ("" until imported)
  std::optional<int64_t> not_after_ms;  // the certificate's end of validity
  std::optional<int64_t> imported_ms;
  std::optional<int64_t> revoked_ms;
  std::string revoked_reason;
  // "awaiting_certificate" | "active" | "revoked"
  std::string state;
};

// What Create returns: the new key's id and the certificate request to send to the CA.
struct NewUnitKey {
  int64_t id = 0;
  std::string csr_pem;
};

// A decrypted key with its certificate and chain, ready to sign (opaque: OpenSSL stays inside).
class SigningKey;

class UnitKeys {
 public:
  // `passphrase` encrypts and decrypts the private keys; empty refuses to create or sign.
  UnitKeys(Env& env, store::Store& store, std::string passphrase);
  ~UnitKeys();
  UnitKeys(const UnitKeys&) = delete;
  UnitKeys& operator=(const UnitKeys&) = delete;

  // Makes an RSA-2048 key for `unit` and a certificate request for it, subject C=VN,
  // O=`organisation`, OU=<unit>, CN=`common_name`; stores the key encrypted. FailedPrecondition
  // when no passphrase is configured.
  Result<NewUnitKey> Create(const std::string& unit, const std::string& common_name,
                            const std::string& organisation, const std::string& created_by);
  // Stores the certificate issued for one of `unit`'s keys (the one whose request holds the same
  // public key) with its issuer chain (PEM, intermediates and the root). InvalidArgument when the
  // PEM does not parse, the certificate matches none of the unit's keys, or it does not verify
  // against the chain; AlreadyExists when that key already has a certificate.
  Result<UnitKeyInfo> Import(const std::string& unit, const std::string& cert_pem,
                             const std::string& chain_pem);
  // Revokes key `id` of `unit` from `at_ms` on. NotFound for an unknown key; FailedPrecondition
  // when it is already revoked (the first revocation time stands).
  Status Revoke(const std::string& unit, int64_t id, int64_t at_ms, const std::string& reason);
  // Returns the keys of `unit` (every unit when empty), oldest first.
  Result<std::vector<UnitKeyInfo>> List(const std::string& unit);

  // Returns the key that signs for `unit` now: the newest with a certificate, not revoked.
  // FailedPrecondition when there is none (saying to run `motcua keys create` / `import`).
  Result<std::shared_ptr<const SigningKey>> Active(const std::string& unit);
  // Returns the id of the key `k`.
  static int64_t IdOf(const SigningKey& k);
  // Returns a detached CMS SignedData (DER) over `data` by `key`. Internal on an OpenSSL failure.
  static Result<std::string> SignDetached(const SigningKey& key, const std::string& data);

  // The outcome of checking a stored signature.
  struct Check {
    bool checks = false;            // the CMS signature verifies over the bytes, against the chain
    std::optional<int64_t> revoked_ms;  // the key's revocation time
    std::string subject;            // the signer certificate's subject
    std::string error;              // why it does not check ("" when it does)
  };
  // Checks `signature_der` over `data` against key `key_id`'s certificate chain as it stood at
  // `signed_ms` (a certificate that expired later does not make it invalid). NotFound for an
  // unknown key.
  Result<Check> Verify(int64_t key_id, const std::string& data, const std::string& signature_der,
                       int64_t signed_ms);

 private:
  Env& env_;
  store::Store& store_;
  const std::string passphrase_;
  std::mutex mu_;
  std::map<int64_t, std::shared_ptr<const SigningKey>> cache_;  // GUARDED_BY(mu_)
};

}  // namespace motcua::service
