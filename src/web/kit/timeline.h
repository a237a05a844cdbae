// The timeline of a dossier as the pages show it (the officer's dossier page and the resident's):
// when, what happened, and who did it — the person's name, their role, and whom they acted for —
// with the names looked up in one query per page. The stored events are not changed.
#pragma once

#include <vector>

#include "domain/dossier/dossier.h"
#include "web/pages.h"
#include "web/kit/view.h"

namespace motcua::web {

// Returns the catalogued label of an event ("Received", "Appraised", …).
std::string EventLabel(const PageContext& ctx, const dossier::DossierEvent& e);

// Returns the timeline, oldest first, as a list of {when, what, who_name, who_role, behalf, notes,
// has_notes}. `internal` adds the notes only officers see (opinions, handler, document number);
// reasons, missing papers and new dates are shown to both. If the names cannot be read, the
// actors' ids are shown instead.
Data TimelineData(const WebDeps& deps, const PageContext& ctx, const dossier::Header& header,
                  const std::vector<dossier::DossierEvent>& events, bool internal);

}  // namespace motcua::web
