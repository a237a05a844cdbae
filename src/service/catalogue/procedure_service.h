// ProcedureService: the procedure catalogue (domain.md §5.3) — import from the portal export,
// versioned edits, per-unit offerings with local settings, and Vietnamese-aware ranked search.
//
// Records are stored as JSON (the layout of ProcedureToJson) in procedure_versions, keyed
// (code, version); `procedures` points at the current version and carries the folded columns that
// search uses. An edit never changes a stored version: it adds the next one, so a dossier that
// pinned (code, version) keeps its meaning. Every write goes through Store::Write and appends an
// event. Search runs over an in-memory copy of the folded columns, rebuilt when the catalogue's
// generation counter (bumped by every write, from any process) has moved. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "domain/procedure/procedure.h"
#include "store/store.h"

namespace motcua::service {

// Returns the record as JSON text (the stored and API layout).
std::string ProcedureToJson(const procedure::Procedure& p);

struct ProcedureSummary {
  std::string code;
  int64_t version = 0;
  std::string name;
  std::string field;
  std::string levels;        // "Cấp xã; Cấp tỉnh"
  std::string online_level;  // "full" | "partial" | "none" | "unknown"
  std::string time_raw;      // headline processing time as written
};

struct ProcedureVersion {
  std::string code;
  int64_t version = 0;
  std::string record_json;
  int64_t created_ms = 0;
  std::string actor;
};

struct ProcedureImportReport {
  int lines = 0;      // procedure lines read
  int added = 0;      // new codes
  int changed = 0;    // existing codes whose record changed (a new version)
  int unchanged = 0;  // identical to the current version
  int time_structured = 0, fees_structured = 0, components_structured = 0;  // fully read
  // What could not be parsed: "line 12 (1.001193) cach_thuc_thuc_hien: …".
  std::vector<std::string> unparsed;
};

struct ProcedureQuery {
  std::string q;       // free text: words in any order, with or without diacritics, prefixes
  std::string unit;    // only procedures this unit offers ("" = all)
  std::string field;   // lĩnh vực, compared folded ("" = all)
  std::string online;  // "full" | "partial" | "none" ("" = all)
  int limit = 20;
  int offset = 0;
};

struct ProcedureSearchResult {
  int64_t total = 0;
  std::vector<ProcedureSummary> items;  // best first
};

struct Offering {
  std::string unit_code;
  std::string procedure_code;
  std::optional<double> local_days;  // shortened local time limit, working days
  std::string local_fee_note;
};

// A name people use for procedures, and the catalogue's words it stands for (issue 23, point 6):
// "độc thân" → "xác nhận tình trạng hôn nhân".
struct ProcedureSynonym {
  std::string phrase;         // as written
  std::string phrase_folded;  // FoldForSearch(phrase): the key
  std::string means;          // as written
  int64_t updated_ms = 0;
  std::string actor;
};

struct ProcedureSearchIndex;

class ProcedureService {
 public:
  ProcedureService(Env& env, store::Store& store);
  ~ProcedureService();

  // Imports a portal export file (one JSON object per line) in one transaction. A line that is
  // not a procedure fails the whole file: InvalidArgument naming the line number, nothing stored.
  // A code already present gets a new version only when its record changed.
  Result<ProcedureImportReport> ImportFile(const std::string& path, const std::string& actor,
                                           const std::function<void(int64_t, int64_t)>& progress);
  // Returns the number of procedures in the catalogue.
  Result<int64_t> Count();
  // Ranked search, by matched words: procedures matching every word of the text first — exact
  // code or exact name (with or without a leading "Thủ tục"), then code prefixes, names starting
  // with the text, names containing it as a phrase, procedures of the field it names, names
  // containing every word, and the rest — then those matching at least half of its words, most
  // words first; shorter names first within a rank. A word matches the start of a word of the
  // name, code or field, diacritics folded; filler words ("cho", "làm", "của" …) need not match. A phrase of the text that is a synonym
  // (ProcedureSynonym) is also read as what it means; the better reading counts.
  Result<ProcedureSearchResult> Search(const ProcedureQuery& query);
  // Returns the synonym list, by folded phrase.
  Result<std::vector<ProcedureSynonym>> Synonyms();
  // Adds the synonym `phrase` → `means`, or replaces what a phrase with the same folding meant.
  // InvalidArgument (fields "phrase", "means") for an empty or over-long text (120 characters),
  // or a phrase meaning itself. Appends a catalogue event; search sees it at once.
  Status SetSynonym(const std::string& phrase, const std::string& means, const std::string& actor);
  // Removes the synonym whose phrase folds like `phrase`; NotFound when there is none.
  Status RemoveSynonym(const std::string& phrase, const std::string& actor);
  // Returns the catalogue's generation counter: it moves with every write to the procedures or
  // the offerings (from any process), so a caller may keep what it built from Search while the
  // generation stays the same. One small store read.
  Result<int64_t> Generation();
  // Returns the distinct fields (lĩnh vực) of the procedures `unit` offers ("" = all), by name.
  Result<std::vector<std::string>> Fields(const std::string& unit);
  // Returns the current version; NotFound for an unknown code.
  Result<ProcedureVersion> Current(const std::string& code);
  // Returns the number of the current version of procedure `code` (no record read); NotFound.
  Result<int64_t> CurrentVersion(const std::string& code);
  Result<int64_t> CurrentVersion(store::ReadTx& tx, const std::string& code);
  // Returns one version (what a dossier pinned); NotFound when it does not exist.
  Result<ProcedureVersion> GetProcedureVersion(const std::string& code, int64_t version);
  // Returns every version of a procedure, oldest first (NotFound for an unknown code).
  Result<std::vector<ProcedureVersion>> Versions(const std::string& code);
  // Applies a JSON merge patch (RFC 7396) to the current record and stores the result as the next
  // version; returns it. The code cannot change; the name must stay non-empty.
  Result<ProcedureVersion> Edit(const std::string& code, const std::string& patch_json,
                                const std::string& actor);
  // Offers a procedure at a unit (or updates its local settings). `province` is the unit's
  // province (the event chain).
  Status SetOffering(const Offering& offering, const std::string& province,
                     const std::string& actor);
  // Withdraws a procedure from a unit; NotFound when it was not offered there.
  Status RemoveOffering(const std::string& unit, const std::string& code,
                        const std::string& province, const std::string& actor);
  // Returns what a unit offers (one procedure when `code` is set), by procedure code.
  Result<std::vector<Offering>> Offerings(const std::string& unit, const std::string& code = "");
  Result<std::vector<Offering>> Offerings(store::ReadTx& tx, const std::string& unit,
                                          const std::string& code);
  // Offers every procedure whose levels include "Cấp xã" at `unit`, keeping existing settings
  // (the demo commune); returns how many were added.
  Result<int64_t> OfferCommuneProcedures(const std::string& unit, const std::string& province,
                                         const std::string& actor);

 private:
  // Returns the search index for the current generation, rebuilding it when stale.
  Result<std::shared_ptr<const ProcedureSearchIndex>> Index();

  Env& env_;
  store::Store& store_;
  std::mutex mu_;
  std::shared_ptr<const ProcedureSearchIndex> index_;  // guarded by mu_
};

}  // namespace motcua::service
