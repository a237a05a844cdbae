// The dossier's stream of events and what is written with them: loading a dossier by folding its
// events (the truth), and persisting new events together with everything derived from them in
// the same transaction. Internal to the dossier feature (the commands and queries use it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "domain/dossier/dossier.h"
#include "service/dossier/dossier_types.h"
#include "store/store.h"

namespace motcua::service {

// Returns the event stream of dossier `code` ("dossier/<code>"), also the `dossiers` row's id.
std::string StreamOf(const std::string& code);
// Loads a dossier by folding its events; `exists` is false when there are none.
Result<dossier::Dossier> LoadIn(store::ReadTx& tx, const std::string& code);
// Returns the events of dossier `code` in order (empty when there are none).
Result<std::vector<dossier::DossierEvent>> EventsIn(store::ReadTx& tx, const std::string& code);

// Returns column `i` of `r`, empty when NULL; and an optional as a value (NULL when empty).
std::optional<int64_t> OptInt(const store::Row& r, int i);
store::Value OrNull(const std::optional<int64_t>& v);

// Appends `events` (taking `before` to `after`) to the dossier's stream and writes what derives
// from them: the `dossiers` row (inserted for a new dossier, else updated only if it is still at
// before.version: Conflict otherwise), the files it cites, and the applicant's notifications in
// the outbox (`*notified` is set when one was enqueued). `bodies`, when given, are the events'
// stored bodies (else DossierEventBody). `now` stamps the row when there are no events.
Status Persist(store::Tx& tx, const dossier::Dossier& before, const dossier::Dossier& after,
               const std::vector<dossier::DossierEvent>& events, const DossierView& view,
               const std::string& submitted_by, const std::string& lookup_base_url, int64_t now,
               bool* notified, const std::vector<std::string>* bodies = nullptr);

}  // namespace motcua::service
