#include "service/digitise/unit_keys.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>

namespace motcua::service {

namespace {

// RAII for the OpenSSL objects used here.
struct BioFree { void operator()(BIO* p) const { BIO_free_all(p); } };
struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509Free { void operator()(X509* p) const { X509_free(p); } };
struct ReqFree { void operator()(X509_REQ* p) const { X509_REQ_free(p); } };
struct StoreFree { void operator()(X509_STORE* p) const { X509_STORE_free(p); } };
struct StoreCtxFree { void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); } };
struct CmsFree { void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); } };
struct StackFree {
  void operator()(STACK_OF(X509)* p) const { sk_X509_pop_free(p, X509_free); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using Req = std::unique_ptr<X509_REQ, ReqFree>;
using CertStore = std::unique_ptr<X509_STORE, StoreFree>;
using Certs = std::unique_ptr<STACK_OF(X509), StackFree>;

// Returns the OpenSSL error queue as one line (and clears it).
std::string SslError() {
  std::string out;
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

Bio MemBio(const std::string& s) {
  return Bio(BIO_new_mem_buf(s.data(), static_cast<int>(s.size())));
}

std::string BioText(BIO* b) {
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  return std::string(data, static_cast<size_t>(n));
}

// Reads every certificate in `pem` (empty stack for an empty text).
Result<Certs> ReadCerts(const std::string& pem) {
  Certs out(sk_X509_new_null());
  if (pem.empty()) return out;
  Bio b = MemBio(pem);
  while (X509* x = PEM_read_bio_X509(b.get(), nullptr, nullptr, nullptr)) sk_X509_push(out.get(), x);
  ERR_clear_error();  // the end of the text reads as an error
  if (sk_X509_num(out.get()) == 0) return Status::InvalidArgument("no PEM certificate in the text");
  return out;
}

bool SelfSigned(X509* x) { return X509_check_issued(x, x) == X509_V_OK; }

std::string SubjectOf(X509* x) {
  Bio b(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(b.get(), X509_get_subject_name(x), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return BioText(b.get());
}

std::optional<int64_t> NotAfterMs(X509* x) {
  struct tm t {};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(x), &t) != 1) return std::nullopt;
  return static_cast<int64_t>(timegm(&t)) * 1000;
}

// Builds a store trusting the self-signed certificates of `chain`; the others go to `untrusted`.
CertStore TrustStore(STACK_OF(X509)* chain, STACK_OF(X509)* untrusted) {
  CertStore st(X509_STORE_new());
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    X509* x = sk_X509_value(chain, i);
    if (SelfSigned(x)) {
      X509_STORE_add_cert(st.get(), x);
    } else {
      X509_up_ref(x);
      sk_X509_push(untrusted, x);
    }
  }
  return st;
}

std::string StateOf(bool has_cert, const std::optional<int64_t>& revoked) {
  if (revoked) return "revoked";
  return has_cert ? "active" : "awaiting_certificate";
}

constexpr char kKeyColumns[] =
    "id, unit, created_ms, subject, not_after_ms, imported_ms, revoked_ms, "
    "COALESCE(revoked_reason, ''), cert_pem IS NOT NULL";

UnitKeyInfo KeyInfoOf(const store::Row& r) {
  UnitKeyInfo k;
  k.id = r.Int(0);
  k.unit = r.Text(1);
  k.created_ms = r.Int(2);
  k.subject = r.IsNull(3) ? "" : r.Text(3);
  if (!r.IsNull(4)) k.not_after_ms = r.Int(4);
  if (!r.IsNull(5)) k.imported_ms = r.Int(5);
  if (!r.IsNull(6)) k.revoked_ms = r.Int(6);
  k.revoked_reason = r.Text(7);
  k.state = StateOf(r.Int(8) != 0, k.revoked_ms);
  return k;
}

}  // namespace

class SigningKey {
 public:
  int64_t id = 0;
  Pkey key;
  Cert cert;
  Certs chain;
};

UnitKeys::UnitKeys(Env& env, store::Store& store, std::string passphrase)
    : env_(env), store_(store), passphrase_(std::move(passphrase)) {}
UnitKeys::~UnitKeys() = default;

Result<NewUnitKey> UnitKeys::Create(const std::string& unit, const std::string& common_name,
                                    const std::string& organisation,
                                    const std::string& created_by) {
  if (passphrase_.empty()) {
    return Status::FailedPrecondition(
        "no passphrase for the unit keys: set signing_key_passphrase in the config or "
        "MOTCUA_SIGNING_KEY_PASSPHRASE");
  }
  if (unit.empty()) return Status::InvalidArgument("a unit code is needed", {{"unit", "required"}});
  Pkey key(EVP_RSA_gen(2048));
  if (!key) return Status::Internal("keys: cannot generate an RSA key: " + SslError());
  Req req(X509_REQ_new());
  X509_REQ_set_version(req.get(), 0);
  X509_NAME* name = X509_REQ_get_subject_name(req.get());
  auto add = [name](const char* field, const std::string& value) {
    if (value.empty()) return;
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  };
  add("C", "VN");
  add("O", organisation);
  add("OU", unit);
  add("CN", common_name.empty() ? unit : common_name);
  if (X509_REQ_set_pubkey(req.get(), key.get()) != 1 ||
      X509_REQ_sign(req.get(), key.get(), EVP_sha256()) <= 0) {
    return Status::Internal("keys: cannot make the certificate request: " + SslError());
  }
  Bio csr(BIO_new(BIO_s_mem()));
  Bio enc(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_X509_REQ(csr.get(), req.get()) != 1 ||
      PEM_write_bio_PKCS8PrivateKey(enc.get(), key.get(), EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                    const_cast<char*>(passphrase_.c_str())) != 1) {
    return Status::Internal("keys: cannot encode the key: " + SslError());
  }
  NewUnitKey out;
  out.csr_pem = BioText(csr.get());
  const std::string key_pem = BioText(enc.get());
  const int64_t now = env_.NowMs();
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    return tx.Query("INSERT INTO digitise_unit_keys(unit, created_ms, created_by, key_pem, "
                    "csr_pem) VALUES (?, ?, ?, ?, ?) RETURNING id",
                    {unit, now, created_by, key_pem, out.csr_pem},
                    [&](const store::Row& r) { out.id = r.Int(0); });
  });
  if (!st.ok()) return st.WithPrefix("keys: cannot store the new key of unit " + unit);
  return out;
}

Result<UnitKeyInfo> UnitKeys::Import(const std::string& unit, const std::string& cert_pem,
                                     const std::string& chain_pem) {
  Bio cb = MemBio(cert_pem);
  Cert cert(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    return Status::InvalidArgument("the certificate is not a PEM certificate",
                                   {{"cert", "PEM certificate"}});
  }
  auto chain = ReadCerts(chain_pem);
  if (!chain.ok()) {
    return Status::InvalidArgument("the chain: " + chain.status().message(),
                                   {{"chain", "PEM certificates"}});
  }
  // The certificate must verify against its chain (up to a self-signed root in it).
  Certs untrusted(sk_X509_new_null());
  CertStore trust = TrustStore(chain->get(), untrusted.get());
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), trust.get(), cert.get(), untrusted.get());
  if (X509_verify_cert(ctx.get()) != 1) {
    const std::string why = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
    ERR_clear_error();
    return Status::InvalidArgument("the certificate does not verify against the chain: " + why,
                                   {{"chain", why}});
  }
  // Find the unit's key whose request holds the certificate's public key.
  struct Candidate { int64_t id; std::string csr; bool has_cert; };
  std::vector<Candidate> keys;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT id, csr_pem, cert_pem IS NOT NULL FROM digitise_unit_keys WHERE unit = ?",
                    {unit}, [&](const store::Row& r) {
                      keys.push_back({r.Int(0), r.Text(1), r.Int(2) != 0});
                    });
  }));
  const Candidate* match = nullptr;
  for (const auto& k : keys) {
    Bio rb = MemBio(k.csr);
    Req req(PEM_read_bio_X509_REQ(rb.get(), nullptr, nullptr, nullptr));
    if (req && EVP_PKEY_eq(X509_REQ_get0_pubkey(req.get()), X509_get0_pubkey(cert.get())) == 1) {
      match = &k;
      break;
    }
  }
  ERR_clear_error();
  if (!match) {
    return Status::InvalidArgument("the certificate is for none of unit " + unit + "'s keys",
                                   {{"cert", "issued for a key made by motcua keys create"}});
  }
  if (match->has_cert) {
    return Status::AlreadyExists(fmt::format("key {} of unit {} already has a certificate",
                                             match->id, unit));
  }
  const std::string subject = SubjectOf(cert.get());
  const std::optional<int64_t> not_after = NotAfterMs(cert.get());
  const int64_t now = env_.NowMs();
  const int64_t id = match->id;
  std::string chain_text = chain_pem;
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("UPDATE digitise_unit_keys SET cert_pem = ?, chain_pem = ?, subject = ?, "
                           "not_after_ms = ?, imported_ms = ? WHERE id = ? AND cert_pem IS NULL",
                           {cert_pem, chain_text, subject,
                            not_after ? store::Value(*not_after) : store::Value(nullptr), now, id}));
    if (n != 1) return Status::Conflict("the key got a certificate meanwhile");
    return Status::Ok();
  });
  if (!st.ok()) return st.WithPrefix(fmt::format("keys: cannot store the certificate of key {}", id));
  UnitKeyInfo info;
  info.id = id;
  info.unit = unit;
  info.subject = subject;
  info.not_after_ms = not_after;
  info.imported_ms = now;
  info.state = "active";
  return info;
}

Status UnitKeys::Revoke(const std::string& unit, int64_t id, int64_t at_ms,
                        const std::string& reason) {
  std::optional<UnitKeyInfo> found;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(std::string("SELECT ") + kKeyColumns +
                        " FROM digitise_unit_keys WHERE id = ? AND unit = ?",
                    {id, unit}, [&](const store::Row& r) { found = KeyInfoOf(r); });
  }));
  if (!found) return Status::NotFound(fmt::format("unit {} has no key {}", unit, id));
  if (found->revoked_ms) {
    return Status::FailedPrecondition(fmt::format("key {} of unit {} is already revoked", id, unit));
  }
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    return tx.Exec("UPDATE digitise_unit_keys SET revoked_ms = ?, revoked_reason = ? "
                   "WHERE id = ? AND revoked_ms IS NULL",
                   {at_ms, reason, id}).status();
  });
  if (!st.ok()) return st.WithPrefix(fmt::format("keys: cannot revoke key {}", id));
  std::lock_guard<std::mutex> lock(mu_);
  cache_.erase(id);
  return Status::Ok();
}

Result<std::vector<UnitKeyInfo>> UnitKeys::List(const std::string& unit) {
  std::vector<UnitKeyInfo> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(std::string("SELECT ") + kKeyColumns + " FROM digitise_unit_keys" +
                        (unit.empty() ? " WHERE ? = ''" : " WHERE unit = ?") + " ORDER BY id",
                    {unit}, [&](const store::Row& r) { out.push_back(KeyInfoOf(r)); });
  }));
  return out;
}

Result<std::shared_ptr<const SigningKey>> UnitKeys::Active(const std::string& unit) {
  struct Row { int64_t id; std::string key, cert, chain; };
  std::optional<Row> row;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT id, key_pem, cert_pem, COALESCE(chain_pem, '') FROM digitise_unit_keys "
                    "WHERE unit = ? AND cert_pem IS NOT NULL AND revoked_ms IS NULL "
                    "ORDER BY id DESC LIMIT 1",
                    {unit}, [&](const store::Row& r) {
                      row = Row{r.Int(0), r.Text(1), r.Text(2), r.Text(3)};
                    });
  }));
  if (!row) {
    return Status::FailedPrecondition(
        "unit " + unit + " has no signing key with a certificate: run `motcua keys create --unit " +
        unit + "`, have the request signed, then `motcua keys import`");
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(row->id);
    if (it != cache_.end()) return it->second;
  }
  if (passphrase_.empty()) {
    return Status::FailedPrecondition(
        "no passphrase for the unit keys: set signing_key_passphrase or "
        "MOTCUA_SIGNING_KEY_PASSPHRASE");
  }
  auto k = std::make_shared<SigningKey>();
  k->id = row->id;
  Bio kb = MemBio(row->key);
  k->key.reset(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr,
                                       const_cast<char*>(passphrase_.c_str())));
  if (!k->key) {
    ERR_clear_error();
    return Status::FailedPrecondition(fmt::format(
        "cannot decrypt key {} of unit {}: is signing_key_passphrase the one it was made with?",
        row->id, unit));
  }
  Bio cb = MemBio(row->cert);
  k->cert.reset(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  auto chain = ReadCerts(row->chain);
  if (!k->cert || !chain.ok()) return Status::Internal("keys: stored certificate does not parse");
  k->chain = std::move(*chain);
  std::shared_ptr<const SigningKey> out = k;
  std::lock_guard<std::mutex> lock(mu_);
  cache_[row->id] = out;
  return out;
}

int64_t UnitKeys::IdOf(const SigningKey& k) { return k.id; }

Result<std::string> UnitKeys::SignDetached(const SigningKey& key, const std::string& data) {
  Bio in = MemBio(data);
  std::unique_ptr<CMS_ContentInfo, CmsFree> cms(
      CMS_sign(key.cert.get(), key.key.get(), key.chain.get(), in.get(),
               CMS_DETACHED | CMS_BINARY));
  if (!cms) return Status::Internal("keys: cannot sign: " + SslError());
  Bio out(BIO_new(BIO_s_mem()));
  if (i2d_CMS_bio(out.get(), cms.get()) != 1) {
    return Status::Internal("keys: cannot encode the signature: " + SslError());
  }
  return BioText(out.get());
}

Result<UnitKeys::Check> UnitKeys::Verify(int64_t key_id, const std::string& data,
                                         const std::string& signature_der, int64_t signed_ms) {
  std::optional<std::string> chain_pem;
  std::optional<int64_t> revoked;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT COALESCE(chain_pem, ''), revoked_ms FROM digitise_unit_keys WHERE id = ?",
                    {key_id}, [&](const store::Row& r) {
                      chain_pem = r.Text(0);
                      if (!r.IsNull(1)) revoked = r.Int(1);
                    });
  }));
  if (!chain_pem) return Status::NotFound(fmt::format("no key {}", key_id));
  Check c;
  c.revoked_ms = revoked;
  auto chain = ReadCerts(*chain_pem);
  if (!chain.ok()) {
    c.error = "the key's chain does not parse";
    return c;
  }
  Certs untrusted(sk_X509_new_null());
  CertStore trust = TrustStore(chain->get(), untrusted.get());
  X509_VERIFY_PARAM* param = X509_STORE_get0_param(trust.get());
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(signed_ms / 1000));
  Bio sb = MemBio(signature_der);
  std::unique_ptr<CMS_ContentInfo, CmsFree> cms(d2i_CMS_bio(sb.get(), nullptr));
  if (!cms) {
    c.error = "the signature does not parse: " + SslError();
    return c;
  }
  Bio content = MemBio(data);
  c.checks = CMS_verify(cms.get(), untrusted.get(), trust.get(), content.get(), nullptr,
                        CMS_BINARY) == 1;
  if (!c.checks) c.error = SslError();
  ERR_clear_error();
  STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
  if (signers && sk_X509_num(signers) > 0) c.subject = SubjectOf(sk_X509_value(signers, 0));
  sk_X509_free(signers);
  return c;
}

}  // namespace motcua::service
