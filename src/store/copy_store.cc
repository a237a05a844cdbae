#include "store/copy_store.h"

#include <fmt/format.h>

#include <map>

namespace motcua::store {
namespace {

constexpr int kPage = 2000;         // rows per transaction
constexpr int kRowsPerInsert = 50;  // rows per INSERT statement

Result<int64_t> Count(Store& s, const std::string& table) {
  int64_t n = 0;
  MOTCUA_RETURN_IF_ERROR(s.Read([&](ReadTx& tx) {
    return tx.Query("SELECT COUNT(*) FROM " + table, {}, [&](const Row& r) { n = r.Int(0); });
  }));
  return n;
}

Result<std::map<std::string, std::string>> LastHashes(Store& s) {
  std::map<std::string, std::string> out;
  MOTCUA_RETURN_IF_ERROR(s.Read([&](ReadTx& tx) {
    return tx.Query(
        "SELECT province, hash FROM events e WHERE province_seq = "
        "(SELECT MAX(province_seq) FROM events m WHERE m.province = e.province)",
        {}, [&](const Row& r) { out[r.Text(0)] = r.Text(1); });
  }));
  return out;
}

}  // namespace

Result<CopyReport> CopySqliteToPostgres(Store& from, Store& to,
                                        const std::function<void(int64_t, int64_t)>& progress) {
  MOTCUA_ASSIGN_OR_RETURN(int from_version, from.SchemaVersion());
  MOTCUA_ASSIGN_OR_RETURN(int to_version, to.SchemaVersion());
  if (from_version != to_version) {
    return Status::FailedPrecondition(fmt::format(
        "migrate-data: the source is at schema version {} and the target at {}; run 'motcua "
        "migrate' on both with this binary first",
        from_version, to_version));
  }
  for (const char* t : {"events", "dossiers", "users"}) {
    MOTCUA_ASSIGN_OR_RETURN(int64_t n, Count(to, t));
    if (n > 0) {
      return Status::FailedPrecondition(fmt::format(
          "migrate-data: the target database already holds {} rows in '{}'; move data only into "
          "a new, empty database",
          n, t));
    }
  }
  // The source's tables in creation order (referenced tables before the ones referring to them).
  std::vector<std::pair<std::string, std::vector<std::string>>> tables;
  MOTCUA_RETURN_IF_ERROR(from.Read([&](ReadTx& tx) {
    MOTCUA_RETURN_IF_ERROR(tx.Query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
        "name <> 'schema_migrations' ORDER BY rowid",
        {}, [&](const Row& r) {
          tables.push_back({r.Text(0), {}});
        }));
    for (auto& t : tables) {
      MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid",
                                      {t.first},
                                      [&](const Row& r) { t.second.push_back(r.Text(0)); }));
    }
    return Status::Ok();
  }));
  CopyReport report;
  std::map<std::string, int64_t> counts;
  int64_t total = 0;
  for (const auto& t : tables) {
    MOTCUA_ASSIGN_OR_RETURN(counts[t.first], Count(from, t.first));
    total += counts[t.first];
  }
  if (progress) progress(0, total);
  int64_t done = 0;
  for (const auto& t : tables) {
    const std::string& name = t.first;
    const std::vector<std::string>& cols = t.second;
    std::string col_list;
    for (const auto& c : cols) col_list += (col_list.empty() ? "" : ", ") + c;
    // Rows the target's migrations seeded (counters, state rows) give way to the source's, in the
    // transaction of the first page (commit_counter must exist when each transaction begins).
    MOTCUA_ASSIGN_OR_RETURN(int64_t seeded, Count(to, name));
    bool clear = seeded > 0;
    int64_t after = -1;  // source rowid keyset
    for (;;) {
      std::vector<std::vector<Value>> rows;
      MOTCUA_RETURN_IF_ERROR(from.Read([&](ReadTx& tx) {
                                   return tx.Query("SELECT rowid, " + col_list + " FROM " + name +
                                                       " WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                                   {after, int64_t{kPage}}, [&](const Row& r) {
                                                     after = r.Int(0);
                                                     std::vector<Value> v;
                                                     v.reserve(cols.size());
                                                     for (size_t i = 0; i < cols.size(); ++i) {
                                                       int c = static_cast<int>(i) + 1;
                                                       if (r.IsNull(c)) {
                                                         v.emplace_back(nullptr);
                                                       } else {
                                                         v.emplace_back(r.Text(c));
                                                       }
                                                     }
                                                     rows.push_back(std::move(v));
                                                   });
                                 })
                                 .WithPrefix("migrate-data: cannot read " + name));
      if (rows.empty() && !clear) break;
      MOTCUA_RETURN_IF_ERROR(
          to.Write([&](Tx& tx) {
              if (clear) MOTCUA_RETURN_IF_ERROR(tx.Exec("DELETE FROM " + name, {}).status());
              for (size_t start = 0; start < rows.size(); start += kRowsPerInsert) {
                size_t end = std::min(rows.size(), start + kRowsPerInsert);
                std::string sql = "INSERT INTO " + name + " (" + col_list + ") VALUES ";
                std::vector<Value> params;
                for (size_t i = start; i < end; ++i) {
                  sql += i == start ? "(" : ", (";
                  for (size_t c = 0; c < cols.size(); ++c) sql += c ? ", ?" : "?";
                  sql += ")";
                  params.insert(params.end(), rows[i].begin(), rows[i].end());
                }
                MOTCUA_RETURN_IF_ERROR(tx.Exec(sql, params).status());
              }
              return Status::Ok();
            })
              .WithPrefix(
                  fmt::format("migrate-data: cannot copy rows of {} after rowid {}", name, after)));
      clear = false;
      if (rows.empty()) break;
      done += static_cast<int64_t>(rows.size());
      if (progress) progress(done, total);
    }
  }
  // Ids the target generates from now on start after the copied ones.
  MOTCUA_RETURN_IF_ERROR(
      to.Write([&](Tx& tx) {
          std::vector<std::pair<std::string, std::string>> identity;
          MOTCUA_RETURN_IF_ERROR(tx.Query(
              "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
              "current_schema() AND is_identity = 'YES'",
              {}, [&](const Row& r) {
                identity.push_back({r.Text(0), r.Text(1)});
              }));
          for (const auto& ic : identity) {
            MOTCUA_RETURN_IF_ERROR(
                tx.Query(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', "
                                     "'{1}'), COALESCE(MAX({1}), 0) + 1, false) "
                                     "FROM {0}",
                                     ic.first, ic.second),
                         {}, [](const Row&) {}));
          }
          return tx.Query(
              "SELECT setval('events_seq', COALESCE(MAX(seq), 0) + 1, false) FROM events", {},
              [](const Row&) {});
        }).WithPrefix("migrate-data: cannot advance the id sequences"));
  // Verification.
  for (const auto& t : tables) {
    MOTCUA_ASSIGN_OR_RETURN(int64_t n, Count(to, t.first));
    if (n != counts[t.first]) {
      return Status::Internal(
          fmt::format("migrate-data: table {} has {} rows in the source but {} "
                      "in the target",
                      t.first, counts[t.first], n));
    }
    report.tables.push_back({t.first, n});
    report.rows += n;
  }
  MOTCUA_ASSIGN_OR_RETURN(report.chains, to.Verify(nullptr));
  if (!report.chains.ok) {
    return Status::Internal("migrate-data: a hash chain is broken in the target: " +
                            report.chains.problems.front());
  }
  MOTCUA_ASSIGN_OR_RETURN(auto from_heads, LastHashes(from));
  MOTCUA_ASSIGN_OR_RETURN(auto to_heads, LastHashes(to));
  if (from_heads != to_heads) {
    for (const auto& h : from_heads) {
      if (to_heads[h.first] != h.second) {
        return Status::Internal(fmt::format(
            "migrate-data: province {} ends its chain with {} in the source but {} in the target",
            h.first, h.second, to_heads[h.first]));
      }
    }
    return Status::Internal("migrate-data: the target has a province chain the source has not");
  }
  return report;
}

}  // namespace motcua::store
