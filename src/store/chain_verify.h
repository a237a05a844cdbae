// What both engines compute the same way through Store::Read: the walk of every province hash
// chain (their Verify), the hashes at checkpoints, and the row counts of the tables.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "store/store.h"

namespace motcua::store {

Result<VerifyReport> VerifyChains(Store& store,
                                  const std::function<void(int64_t, int64_t)>& progress);

// Re-walks the chains of the provinces in `wanted`, recomputing every hash from the events'
// content with ChainHash (the stored hashes are not trusted), and returns the computed hash at
// each wanted length, by province and length; a length beyond the chain is absent from the result.
// Used by `motcua verify --checkpoints`.
Result<std::map<std::string, std::map<int64_t, std::string>>> ComputedHashesAt(
    Store& store, const std::map<std::string, std::set<int64_t>>& wanted,
    const std::function<void(int64_t, int64_t)>& progress);

// Returns the row count of every table that `list_sql` names (one text column, the table names,
// taken from the engine's own catalogue), in one read transaction: the engines' TableCounts.
Result<std::map<std::string, int64_t>> CountTables(Store& store, std::string_view list_sql);

}  // namespace motcua::store
