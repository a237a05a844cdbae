// The stored form of dossier events: each event's body on the hash chain is a JSON object holding
// every field of dossier::DossierEvent (the first event also the whole Header), so a dossier is
// rebuilt by folding its stream (dossier::Replay) and the history pages are rendered from it.
// Pure functions; nlohmann stays inside the .cc.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "domain/dossier/dossier.h"

namespace motcua::service {

// Returns the canonical JSON body of `e` (deterministic: keys sorted by nlohmann's object order).
std::string DossierEventBody(const dossier::DossierEvent& e);
// Returns the event stored with `type` ("dossier.accepted") and `body`; Internal naming the field
// when the body cannot be read (a chain written by another version, or corrupted).
Result<dossier::DossierEvent> ParseDossierEvent(std::string_view type, int64_t at_ms,
                                                std::string_view actor, std::string_view body);

// Names used in the API and in stored bodies.
std::string_view ReturnChannelName(dossier::ReturnChannel c);  // "counter", "post", "online"
Result<dossier::ReturnChannel> ParseReturnChannel(std::string_view name);
std::string_view ChannelName(dossier::Channel c);  // "counter", "online", "post"
Result<dossier::Channel> ParseChannel(std::string_view name);

// Returns the workflow as JSON text, and parses it back (field errors name "steps/2/role" …).
std::string WorkflowJson(const dossier::Workflow& w);
Result<dossier::Workflow> ParseWorkflowJson(std::string_view text);

}  // namespace motcua::service
