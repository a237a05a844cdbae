#include "service/platform/file_service.h"

#include <magic.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "base/hash.h"

namespace motcua::service {

namespace fs = std::filesystem;

std::string FileService::Sniff(const std::string& bytes) {
  // A magic cookie is not thread-safe; one per thread, loaded once.
  thread_local struct Cookie {
    magic_t m = magic_open(MAGIC_MIME_TYPE);
    bool loaded = m && magic_load(m, nullptr) == 0;
    ~Cookie() {
      if (m) magic_close(m);
    }
  } cookie;
  if (!cookie.loaded) return "application/octet-stream";
  const char* t = magic_buffer(cookie.m, bytes.data(), bytes.size());
  return t ? t : "application/octet-stream";
}

Result<FileInfo> FileService::Put(const Principal& who, const std::string& name,
                                  const std::string& bytes) {
  if (bytes.empty()) return Status::InvalidArgument("the file is empty", {{"file", "empty"}});
  if (static_cast<int64_t>(bytes.size()) > options_.max_bytes) {
    return Status::InvalidArgument(
        "the file is too large",
        {{"file", "at most " + std::to_string(options_.max_bytes / 1024) + " KiB; scan at a lower "
                  "resolution or split the document"}});
  }
  const std::string mime = Sniff(bytes);
  if (std::find(options_.types.begin(), options_.types.end(), mime) == options_.types.end()) {
    std::string accepted;
    for (const auto& t : options_.types) accepted += (accepted.empty() ? "" : ", ") + t;
    return Status::UnsupportedMediaType("this kind of file is not accepted",
                                   {{"file", "the file is " + mime + "; send " + accepted}});
  }
  FileInfo info;
  info.id = Sha256Hex(bytes);
  info.size = static_cast<int64_t>(bytes.size());
  info.mime = mime;
  info.name = name.empty() ? info.id.substr(0, 12) : name.substr(0, 200);
  info.uploaded_by = who.Id();
  info.uploaded_ms = env_.NowMs();
  const fs::path path = fs::path(options_.dir) / info.id.substr(0, 2) / info.id;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    fs::create_directories(path.parent_path(), ec);
    MOTCUA_RETURN_IF_ERROR(env_.WriteFileAtomic(path, bytes));
  }
  MOTCUA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
    return tx
        .Exec("INSERT INTO files (id, size, mime, name, uploaded_by, uploaded_ms) VALUES "
              "(?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING",
              {info.id, info.size, info.mime, info.name, info.uploaded_by, info.uploaded_ms})
        .status();
  }));
  return Info(info.id);
}

Result<FileInfo> FileService::Info(const std::string& id) {
  std::optional<Result<FileInfo>> out;
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    out.emplace(Info(tx, id));
    return Status::Ok();
  }));
  return std::move(*out);
}

Result<FileInfo> FileService::Info(store::ReadTx& tx, const std::string& id) {
  std::optional<FileInfo> f;
  MOTCUA_RETURN_IF_ERROR(tx.Query(
      "SELECT id, size, mime, name, uploaded_by, uploaded_ms FROM files WHERE id = ?", {id},
      [&](const store::Row& r) {
        f = FileInfo{r.Text(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5)};
      }));
  if (!f) return Status::NotFound("no file has the id " + id);
  return *f;
}

Result<std::string> FileService::Read(const std::string& id) {
  MOTCUA_ASSIGN_OR_RETURN(FileInfo info, Info(id));
  return env_.ReadFile(fs::path(options_.dir) / info.id.substr(0, 2) / info.id);
}

}  // namespace motcua::service
