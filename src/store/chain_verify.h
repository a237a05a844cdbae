// Re-walks every province hash chain through Store::Read; shared by the engines' Verify.
#pragma once

#include <functional>

#include "store/store.h"

namespace motcua::store {

Result<VerifyReport> VerifyChains(Store& store,
                                  const std::function<void(int64_t, int64_t)>& progress);

}  // namespace motcua::store
