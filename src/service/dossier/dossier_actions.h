// The dossier's action vocabulary as the API and the pages name it ("accept",
// "request-supplementation", …) and its parser into domain commands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/dossier/dossier.h"

namespace motcua::service {

// Returns the command of an API action name ("accept", "request-supplementation", …) with its
// arguments from a JSON object text; InvalidArgument naming the field otherwise. Lives here so the
// web pages and the API read the same names.
Result<dossier::CommandBody> ParseAction(std::string_view action, std::string_view args_json);
// Every action name, in workflow order.
const std::vector<std::string>& ActionNames();

}  // namespace motcua::service
