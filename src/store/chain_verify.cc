#include "store/chain_verify.h"

#include <fmt/format.h>

#include <map>
#include <vector>

namespace motcua::store {
namespace {
struct Head {
  int64_t province_seq = 0;
  std::string hash;
};
}  // namespace

Result<VerifyReport> VerifyChains(Store& store,
                                  const std::function<void(int64_t, int64_t)>& progress) {
  VerifyReport report;
  int64_t total = 0;
  std::map<std::string, Head> state;
  std::map<std::string, bool> broken;
  Status st = store.Read([&](ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(
        tx.Query("SELECT COUNT(*) FROM events", {}, [&](const Row& r) { total = r.Int(0); }));
    if (progress) progress(0, total);
    return tx.Query(
        "SELECT seq, province, province_seq, stream, type, at_ms, actor, body, prev_hash, hash "
        "FROM events ORDER BY province, province_seq",
        {}, [&](const Row& r) {
          ++report.events;
          if (progress && report.events % 4096 == 0) progress(report.events, total);
          NewEvent e{r.Text(1), r.Text(3), r.Text(4), r.Int(5), r.Text(6), r.Text(7)};
          int64_t seq = r.Int(0), pseq = r.Int(2);
          std::string prev = r.Text(8), hash = r.Text(9);
          auto [it, fresh] = state.try_emplace(e.province);
          if (fresh) ++report.provinces;
          Head& head = it->second;
          if (broken[e.province]) return;
          auto fail = [&](std::string why) {
            report.ok = false;
            broken[e.province] = true;
            report.problems.push_back(fmt::format("province {}, event #{} (seq {}, {} '{}'): {}",
                                                  e.province, pseq, seq, e.stream, e.type, why));
          };
          if (pseq != head.province_seq + 1) {
            fail(fmt::format("expected position {} in the chain; an event is missing",
                             head.province_seq + 1));
          } else if (prev != head.hash) {
            fail(fmt::format("prev_hash {} does not match the previous event's hash {}", prev,
                             head.hash.empty() ? "(none)" : head.hash));
          } else {
            std::string computed = ChainHash(prev, pseq, e);
            if (computed != hash) {
              fail(fmt::format("stored hash {} does not match computed {}; the event was altered",
                               hash, computed));
            }
          }
          head.province_seq = pseq;
          head.hash = hash;
        });
  });
  if (!st.ok()) return st;
  if (progress) progress(report.events, total);
  for (const auto& [province, head] : state) {
    report.heads[province] = VerifyReport::Head{head.province_seq, head.hash};
  }
  return report;
}

Result<std::map<std::string, std::map<int64_t, std::string>>> ComputedHashesAt(
    Store& store, const std::map<std::string, std::set<int64_t>>& wanted,
    const std::function<void(int64_t, int64_t)>& progress) {
  std::map<std::string, std::map<int64_t, std::string>> out;
  for (const auto& entry : wanted) {
    const std::string& province = entry.first;
    const std::set<int64_t>& lengths = entry.second;
    if (lengths.empty()) continue;
    int64_t last = *lengths.rbegin();
    std::string prev;
    int64_t expected = 1, done = 0;
    bool gap = false;
    auto& hashes = out[province];
    MOTCUA_RETURN_IF_ERROR(store.Read([&](ReadTx& tx) {
      return tx.Query(
          "SELECT province_seq, stream, type, at_ms, actor, body FROM events "
          "WHERE province = ? AND province_seq <= ? ORDER BY province_seq",
          {province, last}, [&](const Row& r) {
            if (gap) return;
            int64_t pseq = r.Int(0);
            if (pseq != expected) {  // a missing event: nothing from here on is the same chain
              gap = true;
              return;
            }
            NewEvent e{province, r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5)};
            prev = ChainHash(prev, pseq, e);
            if (lengths.count(pseq)) hashes[pseq] = prev;
            ++expected;
            if (progress && ++done % 4096 == 0) progress(done, last);
          });
    }));
  }
  return out;
}

Result<std::map<std::string, int64_t>> CountTables(Store& store, std::string_view list_sql) {
  std::map<std::string, int64_t> out;
  MOTCUA_RETURN_IF_ERROR(store.Read([&](ReadTx& tx) -> Status {
    std::vector<std::string> tables;
    MOTCUA_RETURN_IF_ERROR(
        tx.Query(list_sql, {}, [&](const Row& r) { tables.push_back(r.Text(0)); }));
    for (const std::string& t : tables) {
      // Names come from the schema itself, quoted as SQL identifiers.
      std::string quoted = "\"";
      for (char c : t) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      quoted += "\"";
      MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT COUNT(*) FROM " + quoted, {},
                                      [&](const Row& r) { out[t] = r.Int(0); }));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace motcua::store
