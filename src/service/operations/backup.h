// Backup and restore of one motcua data directory: the SQLite store and the uploaded files.
//
// A backup is a folder `motcua-YYYYMMDD-HHMMSS` (Vietnam time) under a backup root, holding
// `motcua.db` (a consistent copy taken while the server goes on writing: Store::SnapshotTo),
// `files/` (the content-addressed uploads, each checked against its name, which is its SHA-256)
// and `manifest.json`: the schema version, the row count of every table, the length and last
// hash of every province's event chain (walked and verified on the copy), and the SHA-256 of the
// database copy and of every file. The folder is written as `….partial` and renamed when
// complete, so a half-made backup is never mistaken for one.
//
// Restore copies a backup into an empty data directory, checking every hash first, then opens the
// copy and checks that the tables' counts and the chains' heads are those of the manifest and that
// every chain verifies. It refuses a data directory that already holds a database or files.
//
// Retention keeps the newest backup of each of the last `keep_daily` days that have one and of
// each of the last `keep_monthly` months, and deletes the other complete backups under the root.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/env.h"
#include "base/status.h"
#include "store/store.h"

namespace motcua::service {

// Reports progress: `phase` ("copy database", "verify", "copy files", "check files"), done, total.
using BackupProgress = std::function<void(const std::string& phase, int64_t done, int64_t total)>;

struct BackupOptions {
  std::string root;        // the folder the dated backups go in (created if missing)
  std::string files_dir;   // the data directory's files/ folder
  int keep_daily = 7;      // newest backup of each of the last N days with one (0: no daily)
  int keep_monthly = 12;   // newest backup of each of the last M months with one (0: none)
};

struct ChainHeadRecord {
  int64_t length = 0;
  std::string hash;
};

struct BackupManifest {
  int format = 1;
  int64_t created_ms = 0;
  std::string motcua_version;
  int schema_version = 0;
  std::string database_sha256;
  int64_t database_bytes = 0;
  std::map<std::string, int64_t> tables;              // row count of every table
  std::map<std::string, ChainHeadRecord> chains;      // province → head
  std::map<std::string, int64_t> files;               // file id (its SHA-256) → bytes
};

struct BackupReport {
  std::string dir;  // the complete backup folder
  BackupManifest manifest;
  int64_t bytes = 0;                // database copy + files
  std::vector<std::string> pruned;  // backup folders deleted by retention
};

// Takes a backup of `source` (the live store) and the files under `options.files_dir`.
Result<BackupReport> Backup(Env& env, store::Store& source, const BackupOptions& options,
                            const std::string& motcua_version, const BackupProgress& progress);

// Deletes the complete backups under `root` that retention does not keep; returns their paths.
Result<std::vector<std::string>> PruneBackups(const std::string& root, int keep_daily,
                                              int keep_monthly);

// Reads and parses a backup folder's manifest.json.
Result<BackupManifest> ReadManifest(Env& env, const std::string& backup_dir);

struct RestoreReport {
  BackupManifest manifest;
  int64_t events = 0;
  int64_t files = 0;
};

// Restores the backup folder `backup_dir` into `data_dir` (created if missing; must hold no
// motcua.db and no files). FailedPrecondition when it holds data; DataLoss when a hash, count or
// chain head disagrees with the manifest (what was copied is then removed again).
Result<RestoreReport> Restore(Env& env, const std::string& backup_dir, const std::string& data_dir,
                              const BackupProgress& progress);

}  // namespace motcua::service
