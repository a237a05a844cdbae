// Moving a commune's or a province's data from the embedded SQLite store to PostgreSQL
// (`motcua migrate-data`): every table copied row for row, then verified.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace motcua::store {

struct CopyReport {
  std::vector<std::pair<std::string, int64_t>> tables;  // name, rows (equal on both sides)
  int64_t rows = 0;
  VerifyReport chains;  // the target's chains, re-walked
};

// Copies every table of `from` (a SQLite store) into `to` (a PostgreSQL store at the same schema
// version, holding no events, dossiers or accounts yet), in pages of one transaction each, then
// sets the target's id sequences past the copied ids and verifies: the row count of every table,
// every province chain re-walked on the target, and each province's last hash equal on both sides.
// `progress(done, total)` counts rows. Fails naming the table or the province that differs.
Result<CopyReport> CopySqliteToPostgres(Store& from, Store& to,
                                        const std::function<void(int64_t, int64_t)>& progress);

}  // namespace motcua::store
