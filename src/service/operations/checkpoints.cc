#include "service/operations/checkpoints.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>
#include <set>

#include "store/chain_verify.h"

namespace motcua::service {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct CmsFree {
  void operator()(CMS_ContentInfo* c) const { CMS_ContentInfo_free(c); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using Bio = std::unique_ptr<BIO, BioFree>;

Bio MemBio(const std::string& s) {
  return Bio(BIO_new_mem_buf(s.data(), static_cast<int>(s.size())));
}

std::string SslError() {
  unsigned long e = ERR_get_error();
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return e ? buf : "unknown OpenSSL error";
}

std::string Base64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(n);
  return out;
}

std::optional<std::string> Unbase64(const std::string& in) {
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out(3 * in.size() / 4 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  size_t pad = 0;
  if (!in.empty() && in.back() == '=') ++pad;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string Iso(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The signer's certificate inside a CMS SignedData, as PEM.
Result<std::string> SignerCertPem(const std::string& der) {
  Bio sb = MemBio(der);
  std::unique_ptr<CMS_ContentInfo, CmsFree> cms(d2i_CMS_bio(sb.get(), nullptr));
  if (!cms) return Status::Internal("checkpoint: the signature does not parse: " + SslError());
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
  std::string pem;
  if (infos && sk_CMS_SignerInfo_num(infos) > 0 && certs) {
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    for (int i = 0; i < sk_X509_num(certs); ++i) {
      X509* c = sk_X509_value(certs, i);
      if (CMS_SignerInfo_cert_cmp(si, c) == 0) {
        Bio out(BIO_new(BIO_s_mem()));
        PEM_write_bio_X509(out.get(), c);
        char* p = nullptr;
        long n = BIO_get_mem_data(out.get(), &p);
        pem.assign(p, static_cast<size_t>(n));
        break;
      }
    }
  }
  if (certs) sk_X509_pop_free(certs, X509_free);
  if (pem.empty()) return Status::Internal("checkpoint: the signature holds no signer certificate");
  return pem;
}

// Checks a detached CMS signature over `data` made by exactly `cert_pem`; "" when it does.
std::string CheckSignature(const CheckpointRecord& r) {
  auto der = Unbase64(r.signature_b64);
  if (!der) return "the signature is not base64";
  Bio cb = MemBio(r.certificate_pem);
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
  if (!cert) return "the certificate does not parse";
  Bio sb = MemBio(*der);
  std::unique_ptr<CMS_ContentInfo, CmsFree> cms(d2i_CMS_bio(sb.get(), nullptr));
  if (!cms) return "the signature does not parse";
  STACK_OF(X509)* signer = sk_X509_new_null();
  sk_X509_push(signer, cert.get());
  const std::string statement = CheckpointStatement(r);  // outlives the BIO over it
  Bio content = MemBio(statement);
  // NOINTERN: only the record's certificate may be the signer; the chain of trust to the CA is the
  // reader's to check (openssl verify -CAfile), not this tool's.
  int ok = CMS_verify(cms.get(), signer, nullptr, content.get(), nullptr,
                      CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY | CMS_NOINTERN);
  sk_X509_free(signer);
  if (ok != 1) return "the signature does not verify against the certificate (" + SslError() + ")";
  return "";
}

}  // namespace

std::string CheckpointStatement(const CheckpointRecord& r) {
  return fmt::format("motcua checkpoint v1\nunit={}\nprovince={}\nlength={}\nhash={}\nat_ms={}\n",
                     r.unit, r.province, r.length, r.hash, r.at_ms);
}

std::string CheckpointToJson(const CheckpointRecord& r) {
  nlohmann::json j = {{"province", r.province},     {"length", r.length},
                      {"hash", r.hash},             {"at_ms", r.at_ms},
                      {"at", Iso(r.at_ms)},         {"unit", r.unit},
                      {"key_id", r.key_id},         {"signature", r.signature_b64},
                      {"certificate", r.certificate_pem}};
  return j.dump();
}

Result<CheckpointRecord> CheckpointFromJson(const std::string& line) {
  try {
    auto j = nlohmann::json::parse(line);
    CheckpointRecord r;
    r.province = j.at("province").get<std::string>();
    r.length = j.at("length").get<int64_t>();
    r.hash = j.at("hash").get<std::string>();
    r.at_ms = j.at("at_ms").get<int64_t>();
    r.unit = j.at("unit").get<std::string>();
    r.key_id = j.at("key_id").get<int64_t>();
    r.signature_b64 = j.at("signature").get<std::string>();
    r.certificate_pem = j.at("certificate").get<std::string>();
    return r;
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("not a checkpoint line: ") + e.what());
  }
}

Result<std::vector<CheckpointRecord>> MakeCheckpoint(Env& env, store::Store& store, UnitKeys& keys,
                                                     const std::string& unit) {
  auto key = keys.Active(unit);
  if (!key.ok()) return key.status();
  auto report = store.Verify(nullptr);
  if (!report.ok()) return report.status();
  if (!report->ok) {
    return Status::FailedPrecondition(
        "the event history is damaged (run motcua verify); no checkpoint is made of it");
  }
  int64_t now = env.NowMs();
  std::vector<CheckpointRecord> out;
  nlohmann::json heads = nlohmann::json::array();
  for (const auto& entry : report->heads) {
    CheckpointRecord r;
    r.province = entry.first;
    r.length = entry.second.length;
    r.hash = entry.second.hash;
    r.at_ms = now;
    r.unit = unit;
    r.key_id = UnitKeys::IdOf(**key);
    auto sig = UnitKeys::SignDetached(**key, CheckpointStatement(r));
    if (!sig.ok()) return sig.status();
    auto cert = SignerCertPem(*sig);
    if (!cert.ok()) return cert.status();
    r.signature_b64 = Base64(*sig);
    r.certificate_pem = *cert;
    heads.push_back({{"province", r.province}, {"length", r.length}, {"hash", r.hash},
                     {"signature", r.signature_b64}});
    out.push_back(std::move(r));
  }
  nlohmann::json body = {{"unit", unit}, {"key_id", UnitKeys::IdOf(**key)}, {"heads", heads}};
  NewEvent event{"00", "system/checkpoint", "checkpoint.signed", now, "system", body.dump()};
  MOTCUA_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) -> Status {
    auto stored = tx.Append(event);
    return stored.ok() ? Status::Ok() : stored.status();
  }));
  return out;
}

Status AppendCheckpoints(const std::string& path, const std::vector<CheckpointRecord>& records) {
  std::string lines;
  for (const auto& r : records) lines += CheckpointToJson(r) + "\n";
  std::ofstream f(path, std::ios::app | std::ios::binary);
  f << lines;
  f.flush();
  if (!f) return Status::Internal("checkpoint: cannot append to " + path);
  return Status::Ok();
}

Result<CheckpointVerdict> VerifyCheckpoints(store::Store& store,
                                            const std::vector<CheckpointRecord>& records,
                                            const std::function<void(int64_t, int64_t)>& progress) {
  CheckpointVerdict v;
  std::map<std::string, std::set<int64_t>> wanted;
  for (const auto& r : records) wanted[r.province].insert(r.length);
  auto hashes = store::ComputedHashesAt(store, wanted, progress);
  if (!hashes.ok()) return hashes.status();
  for (size_t i = 0; i < records.size(); ++i) {
    const CheckpointRecord& r = records[i];
    std::string why = CheckSignature(r);
    if (why.empty()) {
      auto p = hashes->find(r.province);
      const std::string* h = nullptr;
      if (p != hashes->end()) {
        auto it = p->second.find(r.length);
        if (it != p->second.end()) h = &it->second;
      }
      if (!h) {
        why = fmt::format("the store's chain of province {} is shorter than {} events", r.province,
                          r.length);
      } else if (*h != r.hash) {
        why = fmt::format("the history up to it was changed: the chain at that length now ends in "
                          "{}, the checkpoint signed {}",
                          *h, r.hash);
      }
    }
    ++v.checked;
    if (!why.empty()) {
      v.ok = false;
      v.first_problem = fmt::format("checkpoint {} (province {}, length {}, {}, unit {}): {}", i + 1,
                                    r.province, r.length, Iso(r.at_ms), r.unit, why);
      return v;
    }
  }
  return v;
}

}  // namespace motcua::service
