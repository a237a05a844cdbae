// FileService: uploaded files — dossier components scanned at the counter or attached online, and
// digitised results. The type is sniffed from the bytes with libmagic (the client's word is never
// taken) and must be one of the accepted document types; the size is limited. Bytes are stored
// content-addressed in the data directory (written atomically before the row that names them), so
// a repeated upload is stored once. A file may be read by its uploader and by whoever may see a
// dossier that cites it (DossierService checks that). Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "service/platform/principal.h"
#include "store/store.h"

namespace motcua::service {

struct FileInfo {
  std::string id;  // SHA-256 hex
  int64_t size = 0;
  std::string mime;
  std::string name;
  std::string uploaded_by;
  int64_t uploaded_ms = 0;
};

struct FileOptions {
  std::string dir;                     // <data_dir>/files
  int64_t max_bytes = 4 * 1024 * 1024;  // per file
  // Accepted types (domain: scans and photos of papers, and PDF results).
  std::vector<std::string> types = {"application/pdf", "image/jpeg", "image/png", "image/webp"};
};

class FileService {
 public:
  FileService(Env& env, store::Store& store, FileOptions options)
      : env_(env), store_(store), options_(std::move(options)) {}
  // Stores `bytes` as uploaded by `who`. InvalidArgument (field "file") for an empty file or one
  // over the limit; UnsupportedMediaType (field "file", naming the sniffed type) for a type that
  // is not accepted.
  Result<FileInfo> Put(const Principal& who, const std::string& name, const std::string& bytes);
  // Returns the description of a stored file; NotFound otherwise.
  Result<FileInfo> Info(const std::string& id);
  Result<FileInfo> Info(store::ReadTx& tx, const std::string& id);
  // Returns the bytes of a stored file (no authorisation here: callers decide).
  Result<std::string> Read(const std::string& id);
  // Returns the MIME type libmagic sees in `bytes` ("application/pdf").
  static std::string Sniff(const std::string& bytes);
  const FileOptions& options() const { return options_; }

 private:
  Env& env_;
  store::Store& store_;
  const FileOptions options_;
};

}  // namespace motcua::service
