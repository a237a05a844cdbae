// Signed checkpoints of the event history (issue 24).
//
// A checkpoint takes the head of every province's event chain (its length and last hash, after
// re-walking and verifying the chain), signs each head with the unit's active signing key (a
// detached CMS SignedData from UnitKeys over CheckpointStatement), appends one event
// `checkpoint.signed` on the system stream `system/checkpoint` (province "00") naming the heads, and
// returns one record per province for the export file (JSON lines, kept elsewhere: printed,
// e-mailed to the province). Because the signature is over the hash, a history rewritten and
// re-hashed from the start is caught: the chain at the checkpoint's length no longer ends in the
// signed hash.
//
// VerifyCheckpoints checks each record's signature against the certificate in the record (the
// signer must be that certificate; trust in it is the reader's, e.g. against the province's CA with
// `openssl`), then re-walks the store's chains recomputing every hash with the store's hash function
// and compares the hash at each checkpoint's length. It names the first record contradicted.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "service/digitise/unit_keys.h"
#include "store/store.h"

namespace motcua::service {

struct CheckpointRecord {
  std::string province;
  int64_t length = 0;
  std::string hash;
  int64_t at_ms = 0;
  std::string unit;
  int64_t key_id = 0;
  std::string signature_b64;  // detached CMS (DER), base64
  std::string certificate_pem;  // the signer's certificate
};

// The bytes a checkpoint signature covers.
std::string CheckpointStatement(const CheckpointRecord& r);
// One line of the export file (JSON, no newline) and back. InvalidArgument on a bad line.
std::string CheckpointToJson(const CheckpointRecord& r);
Result<CheckpointRecord> CheckpointFromJson(const std::string& line);

// Makes a checkpoint for `unit` (see above). FailedPrecondition when a chain is broken (no
// checkpoint of a damaged history) or the unit has no active key.
Result<std::vector<CheckpointRecord>> MakeCheckpoint(Env& env, store::Store& store, UnitKeys& keys,
                                                     const std::string& unit);

// Appends one JSON line per record to `path` (created if missing). Internal when it cannot.
Status AppendCheckpoints(const std::string& path, const std::vector<CheckpointRecord>& records);

struct CheckpointVerdict {
  bool ok = true;
  int checked = 0;
  // "checkpoint 3 (province 11, length 42, 2026-12-08T02:00:00Z): …" for the first contradicted.
  std::string first_problem;
};

Result<CheckpointVerdict> VerifyCheckpoints(store::Store& store,
                                            const std::vector<CheckpointRecord>& records,
                                            const std::function<void(int64_t, int64_t)>& progress);

}  // namespace motcua::service
