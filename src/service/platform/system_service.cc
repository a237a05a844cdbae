#include "service/platform/system_service.h"

#include <nlohmann/json.hpp>

namespace motcua::service {

std::string BinaryVersion() { return MOTCUA_VERSION; }

Status SystemService::Ready() { return store_.Ping(); }

Result<VersionInfo> SystemService::Version() {
  VersionInfo v;
  v.version = BinaryVersion();
  MOTCUA_ASSIGN_OR_RETURN(v.schema_version, store_.SchemaVersion());
  v.known_schema_version = store_.KnownSchemaVersion();
  return v;
}

Result<StoredEvent> SystemService::TEST_RecordProbe(const std::string& key) {
  if (key.empty() || key.size() > 200) {
    return Status::InvalidArgument("a probe needs a key of 1 to 200 characters",
                                   {{"key", "1 to 200 characters"}});
  }
  StoredEvent stored;
  NewEvent e{"00", "test/probe", "test.probe", env_.NowMs(), "test",
             nlohmann::json{{"key", key}}.dump()};
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
    MOTCUA_ASSIGN_OR_RETURN(stored, tx.Append(e));
    return Status::Ok();
  }));
  return stored;
}

}  // namespace motcua::service
