// ProcedureService's synonym list (issue 23, point 6): the names people use for procedures. The
// list lives in procedure_synonyms; search reads it with the rest of its index
// (procedure_service.cc).
#include <nlohmann/json.hpp>

#include "base/text.h"
#include "service/catalogue/procedure_service.h"

namespace motcua::service {

using nlohmann::json;

namespace {

constexpr size_t kMaxSynonymChars = 120;

size_t Chars(const std::string& utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

Status BumpGeneration(store::Tx& tx) {
  return tx
      .Exec("UPDATE procedure_catalogue_state SET generation = generation + 1 WHERE id = 1", {})
      .status();
}

}  // namespace

Result<std::vector<ProcedureSynonym>> ProcedureService::Synonyms() {
  std::vector<ProcedureSynonym> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT phrase, phrase_folded, means, updated_ms, actor FROM procedure_synonyms "
        "ORDER BY phrase_folded",
        {}, [&](const store::Row& r) {
          out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4)});
        });
  }));
  return out;
}

Status ProcedureService::SetSynonym(const std::string& phrase_in, const std::string& means_in,
                                    const std::string& actor) {
  const std::string phrase = Nfc(phrase_in), means = Nfc(means_in);
  const std::string phrase_f = FoldForSearch(phrase), means_f = FoldForSearch(means);
  std::vector<FieldError> bad;
  if (phrase_f.empty()) bad.push_back({"phrase", "required", "required"});
  if (Chars(phrase) > kMaxSynonymChars) bad.push_back({"phrase", "too long", "too_long"});
  if (means_f.empty()) bad.push_back({"means", "required", "required"});
  if (Chars(means) > kMaxSynonymChars) bad.push_back({"means", "too long", "too_long"});
  if (bad.empty() && phrase_f == means_f) {
    bad.push_back({"means", "the same words as the phrase", "same"});
  }
  if (!bad.empty()) {
    return Status::InvalidArgument(
        "a synonym needs a phrase and what it means, different, each "
        "at most 120 characters",
        std::move(bad));
  }
  const int64_t now = env_.NowMs();
  return store_.Write([&](store::Tx& tx) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO procedure_synonyms (phrase_folded, phrase, means, means_folded, "
                "updated_ms, actor) VALUES (?,?,?,?,?,?) ON CONFLICT (phrase_folded) DO UPDATE "
                "SET phrase = excluded.phrase, means = excluded.means, means_folded = "
                "excluded.means_folded, updated_ms = excluded.updated_ms, actor = excluded.actor",
                {phrase_f, phrase, means, means_f, now, actor})
            .status());
    MOTCUA_RETURN_IF_ERROR(BumpGeneration(tx));
    const json body = {{"phrase", phrase}, {"means", means}};
    return tx
        .Append(
            NewEvent{"00", "procedures/synonyms", "procedure.synonym_set", now, actor, body.dump()})
        .status();
  });
}

Status ProcedureService::RemoveSynonym(const std::string& phrase, const std::string& actor) {
  const std::string phrase_f = FoldForSearch(phrase);
  const int64_t now = env_.NowMs();
  return store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("DELETE FROM procedure_synonyms WHERE phrase_folded = ?", {phrase_f}));
    if (n == 0) return Status::NotFound("no synonym for '" + phrase + "'");
    MOTCUA_RETURN_IF_ERROR(BumpGeneration(tx));
    const json body = {{"phrase", phrase_f}};
    return tx
        .Append(NewEvent{"00", "procedures/synonyms", "procedure.synonym_removed", now, actor,
                         body.dump()})
        .status();
  });
}

}  // namespace motcua::service
