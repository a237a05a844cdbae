// Re-walks every province hash chain through Store::Read; shared by the engines' Verify.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

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

}  // namespace motcua::store
