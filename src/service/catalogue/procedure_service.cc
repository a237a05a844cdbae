#include "service/catalogue/procedure_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "base/text.h"

namespace motcua::service {

using nlohmann::json;
namespace pr = procedure;

namespace {

json TimeJson(const pr::ProcessingTime& t) {
  return {{"amount", t.amount}, {"unit", pr::TimeUnitName(t.unit)}, {"raw", t.raw}};
}

json FeeJson(const pr::Fee& f) {
  return {{"name", f.name},
          {"amount_vnd", f.amount_vnd ? json(*f.amount_vnd) : json(nullptr)},
          {"note", f.note},
          {"raw", f.raw}};
}

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<std::string> Words(const std::string& folded) {
  std::vector<std::string> words;
  std::istringstream in(folded);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// The columns of `procedures` for a record.
struct Columns {
  std::string name, field, levels, online, time_raw;
};

Result<Columns> ColumnsOf(const json& r) {
  Columns c;
  if (!r.is_object() || !r.contains("name") || !r["name"].is_string() ||
      r["name"].get<std::string>().empty()) {
    return Status::InvalidArgument("a procedure needs a non-empty name", {{"name", "required"}});
  }
  c.name = Nfc(r["name"].get<std::string>());
  c.field = r.value("field", json("")).is_string() ? Nfc(r.value("field", "")) : "";
  if (r.contains("levels") && r["levels"].is_array()) {
    std::vector<std::string> lv;
    for (const auto& l : r["levels"]) {
      if (l.is_string()) lv.push_back(l.get<std::string>());
    }
    c.levels = Join(lv, "; ");
  }
  c.online = r.value("online_level", json("unknown")).is_string()
                 ? r.value("online_level", "unknown")
                 : "unknown";
  if (c.online != "full" && c.online != "partial" && c.online != "none" && c.online != "unknown") {
    return Status::InvalidArgument("online_level is full, partial, none or unknown",
                                   {{"online_level", "full, partial, none or unknown"}});
  }
  if (r.contains("processing_time") && r["processing_time"].is_object()) {
    c.time_raw = r["processing_time"].value("raw", json("")).is_string()
                     ? r["processing_time"].value("raw", "")
                     : "";
  }
  return c;
}

Status Upsert(store::Tx& tx, const std::string& code, int64_t version, const std::string& record,
              const Columns& c, int64_t now, const std::string& actor) {
  MOTCUA_RETURN_IF_ERROR(tx.Exec("INSERT INTO procedure_versions (code, version, record, "
                                 "created_ms, actor) VALUES (?,?,?,?,?)",
                                 {code, version, record, now, actor})
                             .status());
  std::string name_f = FoldForSearch(c.name), field_f = FoldForSearch(c.field);
  std::string search = " " + name_f + " " + FoldForSearch(code) + " " + field_f;
  return tx
      .Exec("INSERT INTO procedures (code, version, name, name_folded, field, field_folded, "
            "search_folded, levels, online_level, time_raw, updated_ms) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (code) DO UPDATE SET version = excluded.version, "
            "name = excluded.name, name_folded = excluded.name_folded, field = excluded.field, "
            "field_folded = excluded.field_folded, search_folded = excluded.search_folded, levels "
            "= excluded.levels, online_level = excluded.online_level, time_raw = "
            "excluded.time_raw, updated_ms = excluded.updated_ms",
            {code, version, c.name, name_f, c.field, field_f, search, c.levels, c.online,
             c.time_raw, now})
      .status();
}

Status Bump(store::Tx& tx) {
  return tx.Exec("UPDATE procedure_catalogue_state SET generation = generation + 1 WHERE id = 1", {})
      .status();
}

Result<std::optional<ProcedureVersion>> CurrentIn(store::ReadTx& tx, const std::string& code) {
  std::optional<ProcedureVersion> v;
  MOTCUA_RETURN_IF_ERROR(tx.Query(
      "SELECT v.code, v.version, v.record, v.created_ms, v.actor FROM procedures p JOIN "
      "procedure_versions v ON v.code = p.code AND v.version = p.version WHERE p.code = ?",
      {code}, [&](const store::Row& r) {
        v = ProcedureVersion{r.Text(0), r.Int(1), r.Text(2), r.Int(3), r.Text(4)};
      }));
  return v;
}

}  // namespace

std::string ProcedureToJson(const pr::Procedure& p) {
  json channels = json::array();
  for (const auto& c : p.channels) {
    channels.push_back({{"kind", pr::ChannelKindName(c.kind)},
                        {"time", TimeJson(c.time)},
                        {"fee", c.fee ? FeeJson(*c.fee) : json(nullptr)},
                        {"description", c.description}});
  }
  json components = json::array();
  for (const auto& c : p.components) {
    components.push_back({{"group", c.group},
                          {"name", c.name},
                          {"originals", c.originals},
                          {"copies", c.copies},
                          {"templates", c.templates}});
  }
  json fees = json::array();
  for (const auto& f : p.fees) fees.push_back(FeeJson(f));
  json issues = json::array();
  for (const auto& i : p.parse_report.issues) {
    issues.push_back({{"field", i.field}, {"message", i.message}});
  }
  json j = {
      {"code", p.code.ToString()},
      {"name", p.name},
      {"field", p.field},
      {"levels", p.levels},
      {"kind", p.kind},
      {"implementing_agency", p.implementing_agency},
      {"competent_agency", p.competent_agency},
      {"delegated_agency", p.delegated_agency},
      {"coordinating_agency", p.coordinating_agency},
      {"reception_address", p.reception_address},
      {"steps", p.steps},
      {"channels", channels},
      {"channels_raw", p.channels_raw},
      {"components", components},
      {"components_raw", p.components_raw},
      {"processing_time", TimeJson(p.processing_time)},
      {"fees", fees},
      {"subjects", p.subjects},
      {"result", p.result},
      {"requirements", p.requirements},
      {"legal_basis", {{"raw", p.legal_basis.raw}, {"numbers", p.legal_basis.numbers}}},
      {"publication_decision", p.publication_decision},
      {"decision_date", Opt(p.decision_date)},
      {"published_date", Opt(p.published_date)},
      {"online_level", pr::OnlineLevelName(p.online_level)},
      {"paper_result_required", Opt(p.paper_result_required)},
      {"boundary_free", Opt(p.boundary_free)},
      {"related_procedures", p.related_procedures},
      {"source_url", p.source_url},
      {"source", p.source},
      {"parse_report",
       {{"time", pr::CoverageName(p.parse_report.time)},
        {"fees", pr::CoverageName(p.parse_report.fees)},
        {"components", pr::CoverageName(p.parse_report.components)},
        {"issues", issues}}},
  };
  // The parser cuts some cells at byte offsets; replace any broken sequence rather than fail.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<ProcedureImportReport> ProcedureService::ImportFile(
    const std::string& path, const std::string& actor,
    const std::function<void(int64_t, int64_t)>& progress) {
  MOTCUA_ASSIGN_OR_RETURN(std::string text, env_.ReadFile(path));
  ProcedureImportReport report;
  struct Item {
    std::string code, record;
    Columns cols;
  };
  std::vector<Item> items;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto p = pr::ParseProcedureLine(line);
    if (!p.ok()) {
      return Status::InvalidArgument(
          fmt::format("{} line {}: {}", path, n, p.status().message()));
    }
    ++report.lines;
    const auto& rep = p->parse_report;
    report.time_structured += rep.time == pr::Coverage::kFull;
    report.fees_structured += rep.fees == pr::Coverage::kFull;
    report.components_structured += rep.components == pr::Coverage::kFull;
    for (const auto& issue : rep.issues) {
      // Nfc also repairs a message whose quoted excerpt was cut inside a character.
      report.unparsed.push_back(Nfc(fmt::format("line {} ({}) {}: {}", n, p->code.ToString(),
                                                issue.field, issue.message)));
    }
    std::string record = ProcedureToJson(*p);
    auto cols = ColumnsOf(json::parse(record));
    if (!cols.ok()) return cols.status().WithPrefix(fmt::format("{} line {}", path, n));
    items.push_back({p->code.ToString(), std::move(record), std::move(*cols)});
  }
  int64_t now = env_.NowMs();
  int added = 0, changed = 0, unchanged = 0;
  Status st = store_.Write([&](store::Tx& tx) {
    added = changed = unchanged = 0;
    int64_t i = 0;
    for (const Item& it : items) {
      MOTCUA_ASSIGN_OR_RETURN(auto cur, CurrentIn(tx, it.code));
      if (cur && cur->record_json == it.record) {
        ++unchanged;
      } else {
        MOTCUA_RETURN_IF_ERROR(
            Upsert(tx, it.code, cur ? cur->version + 1 : 1, it.record, it.cols, now, actor));
        ++(cur ? changed : added);
      }
      if (progress && ++i % 200 == 0) progress(i, static_cast<int64_t>(items.size()));
    }
    json body = {{"file", path}, {"lines", report.lines}, {"added", added},
                 {"changed", changed}, {"unchanged", unchanged}};
    MOTCUA_RETURN_IF_ERROR(Bump(tx));
    return tx.Append(NewEvent{"00", "procedures", "procedures.imported", now, actor, body.dump()})
        .status();
  });
  if (progress) progress(static_cast<int64_t>(items.size()), static_cast<int64_t>(items.size()));
  MOTCUA_RETURN_IF_ERROR(st);
  report.added = added;
  report.changed = changed;
  report.unchanged = unchanged;
  return report;
}

Result<int64_t> ProcedureService::Count() {
  int64_t n = 0;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT COUNT(*) FROM procedures", {},
                    [&](const store::Row& r) { n = r.Int(0); });
  }));
  return n;
}

struct ProcedureSearchIndex {
  struct Entry {
    ProcedureSummary s;
    std::string name_p;    // " " + folded name
    std::string bare;      // folded name without a leading "thu tuc "
    std::string field_f;   // folded field
    std::string field_p;   // " " + folded field
    std::string search;    // search_folded
  };
  int64_t generation = -1;
  std::vector<Entry> entries;
  std::vector<std::pair<std::string, std::string>> synonyms;  // " phrase ", " means ": longest first
  std::unordered_map<std::string, std::unordered_set<std::string>> offered;  // unit → codes
};

ProcedureService::ProcedureService(Env& env, store::Store& store) : env_(env), store_(store) {}
ProcedureService::~ProcedureService() = default;

Result<std::shared_ptr<const ProcedureSearchIndex>> ProcedureService::Index() {
  std::shared_ptr<const ProcedureSearchIndex> cur;
  {
    std::lock_guard lock(mu_);
    cur = index_;
  }
  int64_t generation = 0;
  auto fresh = std::make_shared<ProcedureSearchIndex>();
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT generation FROM procedure_catalogue_state", {},
                                    [&](const store::Row& r) { generation = r.Int(0); }));
    if (cur && cur->generation == generation) return Status::Ok();
    fresh->generation = generation;
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT code, version, name, field, levels, online_level, time_raw, name_folded, "
        "field_folded, search_folded FROM procedures ORDER BY code",
        {}, [&](const store::Row& r) {
          ProcedureSearchIndex::Entry e;
          e.s = {r.Text(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
          std::string name_f = r.Text(7);
          e.name_p = " " + name_f;
          e.bare = name_f.starts_with("thu tuc ") ? name_f.substr(8) : name_f;
          e.field_f = r.Text(8);
          e.field_p = " " + e.field_f;
          e.search = r.Text(9);
          fresh->entries.push_back(std::move(e));
        }));
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT phrase_folded, means_folded FROM procedure_synonyms", {},
        [&](const store::Row& r) {
          fresh->synonyms.emplace_back(" " + r.Text(0) + " ", " " + r.Text(1) + " ");
        }));
    std::stable_sort(fresh->synonyms.begin(), fresh->synonyms.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    return tx.Query("SELECT unit_code, procedure_code FROM unit_procedures", {},
                    [&](const store::Row& r) { fresh->offered[r.Text(0)].insert(r.Text(1)); });
  }));
  if (cur && cur->generation == generation) return cur;
  std::lock_guard lock(mu_);
  if (!index_ || index_->generation < fresh->generation) index_ = fresh;
  return std::shared_ptr<const ProcedureSearchIndex>(index_);
}

Result<int64_t> ProcedureService::Generation() {
  MOTCUA_ASSIGN_OR_RETURN(auto index, Index());
  return index->generation;
}

namespace {

// Returns `folded` with each synonym phrase (whole words, longest first, each place once) written
// as what it means: "lam giay khai sinh cho con" → "lam dang ky khai sinh cho con".
std::string WithSynonyms(const std::string& folded,
                         const std::vector<std::pair<std::string, std::string>>& synonyms) {
  std::string padded = " " + folded + " ";
  std::string out;
  size_t i = 0;
  while (i < padded.size()) {
    bool replaced = false;
    if (padded[i] == ' ') {
      for (const auto& syn : synonyms) {
        if (padded.compare(i, syn.first.size(), syn.first) == 0) {
          out += syn.second;
          i += syn.first.size() - 1;  // the closing space starts the next word
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += padded[i++];
  }
  std::string collapsed;
  for (char c : out) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += c;
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

// Folded words that say how a person asks rather than what for ("làm giấy khai sinh cho con",
// "tôi muốn đăng ký…"): a search does not need them to match.
bool IsFillerWord(const std::string& w) {
  static const std::unordered_set<std::string> kFiller = {
      "cho", "cua", "va", "la", "lam", "voi", "de", "toi", "can", "muon", "o", "tai", "nhu",
      "nao", "the", "gi", "ve", "thi", "ma", "duoc", "cac", "nhung", "mot", "em", "minh", "xin"};
  return kFiller.contains(w);
}

// One reading of the search text: its folded form and the words that must match (each " w", a
// word start): every word but the filler words, or every word when all of them are filler.
struct Reading {
  std::string folded, padded;
  std::vector<std::string> words;
  explicit Reading(std::string f) : folded(std::move(f)), padded(" " + folded) {
    const auto all = Words(folded);
    for (const auto& w : all) {
      if (!IsFillerWord(w)) words.push_back(" " + w);
    }
    if (words.empty()) {
      for (const auto& w : all) words.push_back(" " + w);
    }
  }
};

}  // namespace

Result<ProcedureSearchResult> ProcedureService::Search(const ProcedureQuery& q) {
  MOTCUA_ASSIGN_OR_RETURN(auto index, Index());
  std::vector<Reading> readings;
  readings.emplace_back(FoldForSearch(q.q));
  if (std::string syn = WithSynonyms(readings[0].folded, index->synonyms);
      syn != readings[0].folded) {
    readings.emplace_back(std::move(syn));
  }
  const std::string field_f = FoldForSearch(q.field);
  std::string code_q = q.q;
  code_q.erase(0, code_q.find_first_not_of(' '));
  code_q.erase(code_q.find_last_not_of(' ') + 1);
  const bool code_like = !code_q.empty() && std::isdigit(static_cast<unsigned char>(code_q[0]));
  const std::unordered_set<std::string>* offered = nullptr;
  static const std::unordered_set<std::string> kNone;
  if (!q.unit.empty()) {
    auto it = index->offered.find(q.unit);
    offered = it == index->offered.end() ? &kNone : &it->second;
  }
  struct Hit {
    int rank;        // 0..7 matching every word; 8 + the words missed otherwise
    size_t len;
    const ProcedureSummary* s;
  };
  // Returns the rank of `e` for one reading; -1 when it matches fewer than half the words.
  auto rank_of = [&](const ProcedureSearchIndex::Entry& e, const Reading& rd) -> int {
    const std::string& folded = rd.folded;
    // Stop at the first miss that makes a majority impossible (most entries miss at once).
    size_t matched = 0, missed = 0;
    for (const auto& w : rd.words) {
      if (e.search.find(w) != std::string::npos) {
        ++matched;
      } else if (++missed * 2 >= rd.words.size()) {
        return -1;
      }
    }
    if (matched < rd.words.size()) {
      if (matched == 0 || matched * 2 <= rd.words.size()) return -1;
      return 8 + static_cast<int>(rd.words.size() - matched);
    }
    if (folded.empty()) return 7;
    if (e.s.code == code_q || e.bare == folded ||
        e.name_p.compare(1, std::string::npos, folded) == 0) {
      return 0;
    }
    if (code_like && e.s.code.starts_with(code_q)) return 1;
    if (e.name_p.compare(1, folded.size(), folded) == 0 || e.bare.starts_with(folded)) return 2;
    if (e.name_p.find(rd.padded) != std::string::npos) return 3;
    if (e.field_p.find(rd.padded) != std::string::npos) return 4;  // the text names the field
    bool in_name = true;
    for (const auto& w : rd.words) in_name &= e.name_p.find(w) != std::string::npos;
    return in_name ? 5 : 6;
  };
  std::vector<Hit> hits;
  for (const auto& e : index->entries) {
    if (offered && !offered->contains(e.s.code)) continue;
    if (!field_f.empty() && e.field_f != field_f) continue;
    if (!q.online.empty() && e.s.online_level != q.online) continue;
    int best = -1;
    for (const auto& rd : readings) {
      const int r = rank_of(e, rd);
      if (r >= 0 && (best < 0 || r < best)) best = r;
    }
    if (best < 0) continue;
    hits.push_back({best, e.s.name.size(), &e.s});
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.len != b.len) return a.len < b.len;
    return a.s->code < b.s->code;
  });
  ProcedureSearchResult out;
  out.total = static_cast<int64_t>(hits.size());
  size_t from = static_cast<size_t>(std::max(0, q.offset));
  size_t limit = static_cast<size_t>(std::clamp(q.limit, 1, 500));
  for (size_t i = from; i < hits.size() && out.items.size() < limit; ++i) {
    out.items.push_back(*hits[i].s);
  }
  return out;
}

Result<std::vector<std::string>> ProcedureService::Fields(const std::string& unit) {
  MOTCUA_ASSIGN_OR_RETURN(auto index, Index());
  const std::unordered_set<std::string>* offered = nullptr;
  if (!unit.empty()) {
    auto it = index->offered.find(unit);
    if (it == index->offered.end()) return std::vector<std::string>{};
    offered = &it->second;
  }
  std::vector<std::pair<std::string, std::string>> fields;  // folded, as written
  std::unordered_set<std::string> seen;
  for (const auto& e : index->entries) {
    if (e.s.field.empty() || (offered && !offered->contains(e.s.code))) continue;
    if (seen.insert(e.field_f).second) fields.emplace_back(e.field_f, e.s.field);
  }
  std::sort(fields.begin(), fields.end());
  std::vector<std::string> out;
  for (auto& f : fields) out.push_back(std::move(f.second));
  return out;
}

Result<ProcedureVersion> ProcedureService::Current(const std::string& code) {
  std::optional<ProcedureVersion> v;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(v, CurrentIn(tx, code));
    return Status::Ok();
  }));
  if (!v) return Status::NotFound("no procedure has the code '" + code + "'");
  return *v;
}

Result<int64_t> ProcedureService::CurrentVersion(const std::string& code) {
  std::optional<Result<int64_t>> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    out.emplace(CurrentVersion(tx, code));
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<int64_t> ProcedureService::CurrentVersion(store::ReadTx& tx, const std::string& code) {
  std::optional<int64_t> version;
  MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT version FROM procedures WHERE code = ?", {code},
                                  [&](const store::Row& r) { version = r.Int(0); }));
  if (!version) return Status::NotFound("no procedure has the code '" + code + "'");
  return *version;
}

Result<ProcedureVersion> ProcedureService::GetProcedureVersion(const std::string& code,
                                                               int64_t version) {
  std::optional<ProcedureVersion> v;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT code, version, record, created_ms, actor FROM procedure_versions WHERE code = ? "
        "AND version = ?",
        {code, version}, [&](const store::Row& r) {
          v = ProcedureVersion{r.Text(0), r.Int(1), r.Text(2), r.Int(3), r.Text(4)};
        });
  }));
  if (!v) {
    return Status::NotFound(fmt::format("procedure '{}' has no version {}", code, version));
  }
  return *v;
}

Result<std::vector<ProcedureVersion>> ProcedureService::Versions(const std::string& code) {
  std::vector<ProcedureVersion> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT code, version, record, created_ms, actor FROM procedure_versions WHERE code = ? "
        "ORDER BY version",
        {code}, [&](const store::Row& r) {
          out.push_back({r.Text(0), r.Int(1), r.Text(2), r.Int(3), r.Text(4)});
        });
  }));
  if (out.empty()) return Status::NotFound("no procedure has the code '" + code + "'");
  return out;
}

Result<ProcedureVersion> ProcedureService::Edit(const std::string& code,
                                                const std::string& patch_json,
                                                const std::string& actor) {
  json patch = json::parse(patch_json, nullptr, false);
  if (patch.is_discarded() || !patch.is_object()) {
    return Status::InvalidArgument("the body is a JSON object (a merge patch of the record)");
  }
  if (patch.contains("code") && patch["code"] != json(code)) {
    return Status::InvalidArgument("the code of a procedure cannot change",
                                   {{"code", "cannot change"}});
  }
  int64_t now = env_.NowMs();
  ProcedureVersion out;
  Status st = store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(auto cur, CurrentIn(tx, code));
    if (!cur) return Status::NotFound("no procedure has the code '" + code + "'");
    json record = json::parse(cur->record_json);
    record.merge_patch(patch);
    record["code"] = code;
    record["parse_report"] = {{"time", "full"}, {"fees", "full"}, {"components", "full"},
                              {"issues", json::array()}, {"edited", true}};
    MOTCUA_ASSIGN_OR_RETURN(Columns cols, ColumnsOf(record));
    std::string text = record.dump(-1, ' ', false, json::error_handler_t::replace);
    out = ProcedureVersion{code, cur->version + 1, text, now, actor};
    MOTCUA_RETURN_IF_ERROR(Upsert(tx, code, out.version, text, cols, now, actor));
    json body = {{"code", code}, {"version", out.version}, {"patch", patch}};
    MOTCUA_RETURN_IF_ERROR(Bump(tx));
    return tx
        .Append(NewEvent{"00", "procedure/" + code, "procedure.edited", now, actor, body.dump()})
        .status();
  });
  MOTCUA_RETURN_IF_ERROR(st);
  return out;
}

Status ProcedureService::SetOffering(const Offering& o, const std::string& province,
                                     const std::string& actor) {
  if (o.local_days && (*o.local_days <= 0 || *o.local_days > 365)) {
    return Status::InvalidArgument("local_days is a number of working days between 0 and 365",
                                   {{"local_days", "0 < days ≤ 365"}});
  }
  int64_t now = env_.NowMs();
  return store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(auto cur, CurrentIn(tx, o.procedure_code));
    if (!cur) return Status::NotFound("no procedure has the code '" + o.procedure_code + "'");
    store::Value days = o.local_days ? store::Value(*o.local_days) : store::Value(nullptr);
    MOTCUA_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO unit_procedures (unit_code, procedure_code, local_days, "
                "local_fee_note, updated_ms) VALUES (?,?,?,?,?) ON CONFLICT (unit_code, "
                "procedure_code) DO UPDATE SET local_days = excluded.local_days, local_fee_note "
                "= excluded.local_fee_note, updated_ms = excluded.updated_ms",
                {o.unit_code, o.procedure_code, days, Nfc(o.local_fee_note), now})
            .status());
    json body = {{"unit", o.unit_code},
                 {"procedure", o.procedure_code},
                 {"local_days", o.local_days ? json(*o.local_days) : json(nullptr)},
                 {"local_fee_note", Nfc(o.local_fee_note)}};
    MOTCUA_RETURN_IF_ERROR(Bump(tx));
    return tx
        .Append(NewEvent{province, "unit/" + o.unit_code + "/procedures", "procedure.offered", now,
                         actor, body.dump()})
        .status();
  });
}

Status ProcedureService::RemoveOffering(const std::string& unit, const std::string& code,
                                        const std::string& province, const std::string& actor) {
  int64_t now = env_.NowMs();
  return store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(
        int64_t n, tx.Exec("DELETE FROM unit_procedures WHERE unit_code = ? AND procedure_code = ?",
                           {unit, code}));
    if (n == 0) return Status::NotFound("unit " + unit + " does not offer '" + code + "'");
    json body = {{"unit", unit}, {"procedure", code}};
    MOTCUA_RETURN_IF_ERROR(Bump(tx));
    return tx
        .Append(NewEvent{province, "unit/" + unit + "/procedures", "procedure.withdrawn", now,
                         actor, body.dump()})
        .status();
  });
}

Result<std::vector<Offering>> ProcedureService::Offerings(const std::string& unit,
                                                          const std::string& code) {
  std::optional<Result<std::vector<Offering>>> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    out.emplace(Offerings(tx, unit, code));
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<std::vector<Offering>> ProcedureService::Offerings(store::ReadTx& tx,
                                                          const std::string& unit,
                                                          const std::string& code) {
  std::vector<Offering> out;
  auto row = [&](const store::Row& r) {
    out.push_back({r.Text(0), r.Text(1),
                   r.IsNull(2) ? std::nullopt : std::optional<double>(r.Real(2)), r.Text(3)});
  };
  // One procedure is a key lookup (intake asks this on every dossier); "(? = '' OR …)" would
  // make SQLite scan everything the unit offers.
  if (!code.empty()) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Query("SELECT unit_code, procedure_code, local_days, local_fee_note FROM "
                 "unit_procedures WHERE unit_code = ? AND procedure_code = ?",
                 {unit, code}, row));
    return out;
  }
  MOTCUA_RETURN_IF_ERROR(
      tx.Query("SELECT unit_code, procedure_code, local_days, local_fee_note FROM unit_procedures "
               "WHERE unit_code = ? ORDER BY procedure_code",
               {unit}, row));
  return out;
}

Result<int64_t> ProcedureService::OfferCommuneProcedures(const std::string& unit,
                                                         const std::string& province,
                                                         const std::string& actor) {
  int64_t now = env_.NowMs();
  int64_t added = 0;
  Status st = store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(
        added, tx.Exec("INSERT INTO unit_procedures (unit_code, procedure_code, local_days, "
                       "local_fee_note, updated_ms) SELECT ?, code, NULL, '', ? FROM procedures "
                       "WHERE instr(levels, 'Cấp xã') > 0 ON CONFLICT (unit_code, "
                       "procedure_code) DO NOTHING",
                       {unit, now}));
    if (added == 0) return Status::Ok();
    json body = {{"unit", unit}, {"added", added}, {"levels", "Cấp xã"}};
    MOTCUA_RETURN_IF_ERROR(Bump(tx));
    return tx
        .Append(NewEvent{province, "unit/" + unit + "/procedures", "procedures.offered", now,
                         actor, body.dump()})
        .status();
  });
  MOTCUA_RETURN_IF_ERROR(st);
  return added;
}

}  // namespace motcua::service
