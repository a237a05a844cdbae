// The officer desk: the work list with countdowns and filters, a dossier's page (timeline,
// components, forms, one form per action the officer's role allows) and counter intake.
// Every page works without JavaScript; static/desk.js only refreshes the countdowns.
#pragma once

#include "http/router.h"
#include "web/pages.h"

namespace motcua::web {

// Adds the desk's routes (/can-bo…), each with its permission rule.
Status RegisterDeskRoutes(http::Router& router, const WebDeps& deps);

}  // namespace motcua::web
