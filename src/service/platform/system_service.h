// SystemService: liveness, readiness, version, and the test-only probe write used by crash tests.
// Thread-safe (stateless over the store).
#pragma once

#include <string>

#include "base/env.h"
#include "base/status.h"
#include "store/store.h"

namespace motcua::service {

struct VersionInfo {
  std::string name = "motcua";
  std::string version;        // the binary's version ("0.1.0")
  int schema_version = 0;     // applied to the database
  int known_schema_version = 0;
};

class SystemService {
 public:
  SystemService(Env& env, store::Store& store) : env_(env), store_(store) {}
  // Returns OK when the store answers and its schema is current; Unavailable otherwise.
  Status Ready();
  Result<VersionInfo> Version();
  // Appends a 'test.probe' event carrying `key` (test endpoints only). The returned event is
  // durable when this returns.
  Result<StoredEvent> TEST_RecordProbe(const std::string& key);

 private:
  Env& env_;
  store::Store& store_;
};

// Returns the version of this binary.
std::string BinaryVersion();

}  // namespace motcua::service
