// Events: the append-only history every change of state is recorded as.
//
// An event belongs to a stream (one aggregate, e.g. "dossier/H40.12-261122-0007") and to a
// province; events of one province form a hash chain:
//   hash = SHA-256(prev_hash ‖ CanonicalBytes(event))
// where prev_hash is the previous event's hash in that province ("" for the first). Any change to a
// stored event, or a deleted or reordered one, breaks the chain at that point. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace motcua {

struct NewEvent {
  std::string province;  // chain key: 2025-era province code ("11"), or "00" for system events
  std::string stream;    // aggregate id: "dossier/…", "calendar/2026", "system/probe"
  std::string type;      // "dossier.accepted"
  int64_t at_ms = 0;     // when it happened (UTC ms), from the service's clock
  std::string actor;     // who: "user:12", "system", "resident:…"
  std::string body;      // canonical JSON payload (the service serialises it deterministically)
};

struct StoredEvent {
  int64_t seq = 0;          // global append order (1, 2, 3 …)
  int64_t province_seq = 0; // position in the province's chain (1, 2, 3 …)
  int64_t commit_no = 0;    // the commit that stored it (Store::LastCommit); not hashed
  NewEvent event;
  std::string prev_hash;  // hex; empty for the first event of a province
  std::string hash;       // hex
};

// Returns the bytes that are hashed for an event at `province_seq` in its chain: every field
// length-prefixed so that no two different events share an encoding.
std::string CanonicalBytes(int64_t province_seq, const NewEvent& e);
// Returns SHA-256(prev_hash ‖ CanonicalBytes(province_seq, e)) as hex.
std::string ChainHash(std::string_view prev_hash, int64_t province_seq, const NewEvent& e);

}  // namespace motcua
