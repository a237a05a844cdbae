// DigitiseService: signed electronic results, their public verification, the resident's e-data
// store and reuse of stored documents (issue 17; domain.md §8).
//
//   SignResult   the signer's electronic result of a dossier whose sign step is done: a PDF with a
//                verification code and QR code, signed by the unit's key (UnitKeys) with a
//                detached CMS signature; a correction is a new version linking to the one it
//                corrects (a result is never replaced)
//   Verify       the public minimum for a verification code (/xac-thuc/{code}): unit, number,
//                date, signer's title, SHA-256, valid / revoked / invalid, the masked name
//   Download     the PDF or its .p7s, for whoever may see the dossier and for the applicant
//   MyStore      the resident's e-data store (Kho quản lý dữ liệu điện tử): results placed there
//                when returned (a DossierProjector on the return, in the dossier's transaction)
//   Reuse        a component of a dossier satisfied by a stored document, recorded per component
//   Counts       what the Decision 766 index reads: dossiers with reused components, with an
//                electronic result
//
// Reads the dossier through DossierQueries (its access rule and the personal-data access log);
// writes only its own tables (digitise_*) and events on the streams "result/<dossier code>".
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "service/digitise/unit_keys.h"
#include "domain/dossier/dossier.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::service {

class DossierService;
class FileService;
class UnitService;
class ProcedureService;
struct AccessContext;

struct SignResultRequest {
  std::string document_number;  // "12/QĐ-UBND" (required)
  std::string title;            // what the document is; default "KẾT QUẢ GIẢI QUYẾT …"
  std::vector<std::string> lines;  // what it decides or certifies
  std::string signer_title = "Chủ tịch Ủy ban nhân dân";
  // Required when the dossier already has a signed result: this one corrects the latest.
  std::string correction_reason;
};

// One signed result as its owner and officers see it.
struct SignedResult {
  int64_t id = 0;
  std::string verify_code;  // "ABCDE12345"
  std::string dossier_code;
  int version = 1;
  std::string corrects_code;  // verification code of the version it corrects ("" for v1)
  std::string unit, unit_name, document_number, title;
  int64_t issued_ms = 0;
  std::string signer_name, signer_title;
  std::string file_id;  // the PDF (its SHA-256)
  int64_t key_id = 0;
  std::string verify_url;
};

// What the public verification page shows: nothing personal beyond the masked name.
struct Verification {
  std::string verify_code;
  std::string dossier_code;
  int version = 1;
  std::string unit_name;
  std::string document_number;
  std::string title;
  int64_t issued_ms = 0;
  std::string signer_title;
  std::string sha256;
  std::string state;  // "valid" | "revoked" | "invalid" (digitise::SignatureStateName)
  std::optional<int64_t> revoked_ms;
  std::string applicant_masked;
  std::string corrects_code;     // the version it corrects
  std::string superseded_by;     // the newer version's code, when corrected since
};

// One document in a resident's e-data store.
struct StoreEntry {
  int64_t id = 0;
  std::string kind;  // "result" | "digitised"
  std::string title;
  std::string source;  // the issuing unit
  std::string dossier_code;
  std::string verify_code;  // results only
  std::string file_id;
  int64_t added_ms = 0;
  std::string validity;  // "valid" | "revoked" | "invalid" | "superseded"
  bool synced = false;   // sent to the national store (the national-portal issue sends it)
};

struct ReuseRequest {
  std::string component;  // the component's name as the dossier lists it
  int64_t entry_id = 0;   // the store entry that satisfies it
};

struct ReuseRecord {
  std::string dossier_code, component;
  int64_t entry_id = 0;
  std::string source;  // "result" (a result motcua issued) | "store"
  std::string entry_title, file_id;
  bool valid = false;
  int64_t recorded_ms = 0;
};

struct DigitiseComponentRequest {
  std::string component;  // the component's name as the dossier lists it (its scan is cited)
  bool certify = false;   // an electronic copy certified from the original (needs dossier.certify)
};

struct DigitisedComponent {
  std::string component;
  std::string file_id;
  std::string digitised_by;  // the officer's full name
  int64_t digitised_ms = 0;
  bool certified = false;
  int64_t certified_ms = 0;
  bool reused = false;       // satisfied by a stored document instead (digitise_reuse)
};

// Whether a dossier is digitised (domain.md §8, digitise::DossierDigitised) and why.
struct Digitisation {
  std::vector<DigitisedComponent> components;  // every component of the dossier, in its order
  bool electronic_result = false;               // a signed result exists
  bool digitised = false;
};

// The counts the Decision 766 index reads (domain.md §7, §8).
struct DigitiseCounts {
  int64_t dossiers_with_reuse = 0;        // dossiers with at least one reused component
  int64_t reused_components = 0;
  int64_t dossiers_with_signed_result = 0;  // an electronic result signed
};

struct DigitiseDeps {
  DossierService& dossiers;
  FileService& files;
  UnitService& units;
  UnitKeys& keys;
  ProcedureService& procedures;  // the procedure's papers a stored document may stand for
  std::string public_base_url = "http://127.0.0.1:8080";  // the QR code's link
};

class DigitiseService {
 public:
  DigitiseService(Env& env, store::Store& store, DigitiseDeps deps);

  // Signs the electronic result of dossier `code` for `who`, who needs dossier.sign over its unit
  // and to see it (logged). FailedPrecondition when the sign step is not done yet, when the unit
  // has no active key, or when a result exists and no correction reason is given.
  Result<SignedResult> SignResult(const Principal& who, const std::string& code,
                                  const SignResultRequest& req, const AccessContext& ctx);
  // Returns the signed results of dossier `code`, oldest first, if `who` may see it (logged).
  Result<std::vector<SignedResult>> ResultsOf(const Principal& who, const std::string& code,
                                              const AccessContext& ctx);
  // Returns the public view of a verification code; NotFound for unknown and malformed codes.
  // The signature is checked anew over the stored PDF each time.
  Result<Verification> Verify(const std::string& verify_code);
  // Returns the PDF ("pdf") or the detached signature ("p7s") of a signed result with its file
  // name, for the applicant (resident whose number it was issued to) or whoever may see the
  // dossier (logged). NotFound otherwise (the code's existence is not confirmed to strangers).
  Result<std::pair<std::string, std::string>> Download(const Principal& who,
                                                       const std::string& verify_code,
                                                       const std::string& part,
                                                       const AccessContext& ctx);
  // Returns the signed-in resident's e-data store, newest first.
  Result<std::vector<StoreEntry>> MyStore(const Principal& who);
  // Returns the bytes of one of the resident's own store entries with its file name.
  Result<std::pair<std::string, std::string>> StoreFile(const Principal& who, int64_t entry_id);
  // Records that component `req.component` (ReusableComponents) of dossier `code` is satisfied by store entry
  // `req.entry_id`. Allowed to the applicant (a resident, for their own dossier with their own
  // entry) and to an officer holding dossier.receive over the dossier's unit; the entry must
  // belong to the dossier's applicant and still be valid (FailedPrecondition otherwise).
  Result<ReuseRecord> Reuse(const Principal& who, const std::string& code, const ReuseRequest& req,
                            const AccessContext& ctx);
  // Returns the components a stored document may stand for in dossier `code`: those it lists and
  // the papers its procedure asks for (a paper skipped online may be reused later). Checked and
  // logged like the dossier.
  Result<std::vector<std::string>> ReusableComponents(const Principal& who, const std::string& code,
                                                      const AccessContext& ctx);
  // Returns the reused components of dossier `code` (checked and logged like the dossier).
  Result<std::vector<ReuseRecord>> ReusesOf(const Principal& who, const std::string& code,
                                            const AccessContext& ctx);
  // Marks component `req.component` of dossier `code` digitised by `who` (dossier.receive over the
  // unit): its scan, cited by the dossier, is the digitised file. With `certify` (dossier.certify)
  // it is also an electronic copy certified from the original, signed by the unit's key.
  // FailedPrecondition when the component has no scan yet, or it is already marked so.
  Result<DigitisedComponent> DigitiseComponent(const Principal& who, const std::string& code,
                                               const DigitiseComponentRequest& req,
                                               const AccessContext& ctx);
  // Returns the dossier's digitisation (checked and logged like the dossier).
  Result<Digitisation> DigitisationOf(const Principal& who, const std::string& code,
                                      const AccessContext& ctx);
  // Returns the counts of the dossiers of `unit` (every unit when empty). No caller check: a read
  // function for the index feature, which checks its own callers.
  Result<DigitiseCounts> Counts(const std::string& unit);

  // Adds the projector placing returned results in the applicant's store to `dossiers`
  // (at start-up, before serving).
  static void RegisterProjector(DossierService& dossiers);

 private:
  Result<std::optional<SignedResult>> Latest(const std::string& code);
  Result<StoreEntry> EntryOf(int64_t id, const std::string& owner);
  std::string Validity(const std::string& verify_code);
  std::vector<std::string> ComponentsOf(const dossier::Header& h);

  Env& env_;
  store::Store& store_;
  DigitiseDeps deps_;
};

}  // namespace motcua::service
