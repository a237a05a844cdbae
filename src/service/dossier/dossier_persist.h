// The dossier's stream of events and what is written with them: loading a dossier by folding its
// events (the truth), and persisting new events together with everything derived from them in
// the same transaction. Internal to the dossier feature (the commands and queries use it).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

// What new events change, as the projectors see it.
struct DossierChange {
  const dossier::Dossier& before;  // before.exists is false for a new dossier
  const dossier::Dossier& after;
  const std::vector<dossier::DossierEvent>& events;  // appended in this transaction
  const DossierView& view;                           // after's derived view
  const std::string& submitted_by;  // principal id of an online submitter (new dossiers)
  int64_t now_ms;                   // the last event's time (the write's when there is none)
};

// What a projector asks for after commit.
struct ProjectionEffects {
  bool wake_outbox = false;  // it enqueued outbox messages
};

// One thing derived from a dossier's events and written with them, in the same transaction: the
// `dossiers` row, the files it cites, the applicant's notifications — and, from the features that
// build on dossiers, their counters (the Decision 766 index, queue statistics). A projector only
// writes (SQL on its own feature's tables through `tx`; no Store::Read: it runs on the writer
// thread); an error rolls the whole transaction back, events included.
class DossierProjector {
 public:
  virtual ~DossierProjector() = default;
  // Returns the projector's name ("dossiers row", "outbox", …).
  virtual std::string_view Name() const = 0;
  // Writes its part of `change` in `tx`.
  virtual Status Project(store::Tx& tx, const DossierChange& change,
                         ProjectionEffects& effects) = 0;
};

// The projectors every persisted change goes through, in order: the built-in ones (notifications,
// files, the `dossiers` row), then those added. Add before serving (not thread-safe with writes).
class DossierProjectors {
 public:
  explicit DossierProjectors(std::string lookup_base_url);
  ~DossierProjectors();
  DossierProjectors(const DossierProjectors&) = delete;
  DossierProjectors& operator=(const DossierProjectors&) = delete;

  // Appends a projector, applied after the ones already there.
  void Add(std::unique_ptr<DossierProjector> projector);
  // Applies every projector to `change`; the first error stops and is returned.
  Status Apply(store::Tx& tx, const DossierChange& change, ProjectionEffects& effects) const;

 private:
  std::vector<std::unique_ptr<DossierProjector>> list_;
};

// Appends the change's events to the dossier's stream (`bodies`, when given, are their stored
// bodies, else DossierEventBody) and applies the projectors, all in `tx`.
Status Persist(store::Tx& tx, const DossierProjectors& projectors, const DossierChange& change,
               ProjectionEffects& effects, const std::vector<std::string>* bodies = nullptr);

}  // namespace motcua::service
