#include "service/operations/backup.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "base/civil_time.h"

namespace motcua::service {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char kPrefix[] = "motcua-";
constexpr char kPartial[] = ".partial";

bool IsHex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Returns the SHA-256 (lower-case hex) of a file, read in chunks (a database may be large).
Result<std::string> FileSha256(const fs::path& path, int64_t* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Internal("cannot read " + path.string());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return Status::Internal("SHA-256 is not available");
  }
  std::vector<char> buf(1 << 20);
  int64_t total = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize n = in.gcount();
    if (n <= 0) break;
    EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<size_t>(n));
    total += n;
  }
  if (in.bad()) return Status::Internal("cannot read " + path.string());
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  if (bytes) *bytes = total;
  return hex;
}

// Copies one file, fsyncing nothing itself (the caller renames the finished folder).
Status CopyOne(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (ec) return Status::Internal("cannot create " + to.parent_path().string() + ": " + ec.message());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Internal("cannot copy " + from.string() + ": " + ec.message());
  return Status::Ok();
}

// Lists the stored uploads: files/<2 hex>/<64 hex>, the name being the content's SHA-256.
std::vector<fs::path> ListFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& shard : fs::directory_iterator(dir, ec)) {
    if (!shard.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(shard.path(), ec)) {
      const std::string name = f.path().filename().string();
      if (f.is_regular_file() && IsHex64(name) && name.compare(0, 2, shard.path().filename().string()) == 0) {
        out.push_back(f.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

json ManifestJson(const BackupManifest& m) {
  json j;
  j["format"] = m.format;
  j["created_ms"] = m.created_ms;
  j["motcua_version"] = m.motcua_version;
  j["schema_version"] = m.schema_version;
  j["database"] = {{"file", "motcua.db"}, {"sha256", m.database_sha256}, {"bytes", m.database_bytes}};
  j["tables"] = m.tables;
  json chains = json::object();
  for (const auto& [p, h] : m.chains) chains[p] = {{"length", h.length}, {"head", h.hash}};
  j["chains"] = chains;
  j["files"] = m.files;
  return j;
}

// Opens a database copy without migrating it, walks its chains and counts its tables.
Status Inspect(Env& env, const std::string& db_path, const BackupProgress& progress,
               std::map<std::string, int64_t>* tables, std::map<std::string, ChainHeadRecord>* chains,
               int* schema_version, std::vector<std::string>* problems) {
  store::StoreOptions o;
  o.path = db_path;
  o.readers = 1;
  o.migrate = false;
  MOTCUA_ASSIGN_OR_RETURN(auto copy, store::OpenSqliteStore(o, env));
  MOTCUA_ASSIGN_OR_RETURN(*schema_version, copy->SchemaVersion());
  MOTCUA_ASSIGN_OR_RETURN(*tables, copy->TableCounts());
  MOTCUA_ASSIGN_OR_RETURN(auto report, copy->Verify([&](int64_t done, int64_t total) {
                            if (progress) progress("verify", done, total);
                          }));
  for (const auto& [p, h] : report.heads) (*chains)[p] = ChainHeadRecord{h.length, h.hash};
  if (problems) *problems = report.problems;
  copy->Close();
  return Status::Ok();
}

std::string StampOf(int64_t ms) {
  const LocalDateTime t = ToVietnam(ms);
  return fmt::format("{:04d}{:02d}{:02d}-{:02d}{:02d}{:02d}", static_cast<int>(t.date.year()),
                     static_cast<unsigned>(t.date.month()), static_cast<unsigned>(t.date.day()),
                     t.minute_of_day / 60, t.minute_of_day % 60, t.second);
}

}  // namespace

Result<BackupReport> Backup(Env& env, store::Store& source, const BackupOptions& options,
                            const std::string& motcua_version, const BackupProgress& progress) {
  if (options.root.empty()) return Status::InvalidArgument("name the folder backups go in (--to)");
  std::error_code ec;
  fs::create_directories(options.root, ec);
  if (ec) return Status::Internal("cannot create the backup folder " + options.root + ": " + ec.message());
  const int64_t now = env.NowMs();
  const std::string name = kPrefix + StampOf(now);
  const fs::path final_dir = fs::path(options.root) / name;
  const fs::path dir = fs::path(options.root) / (name + kPartial);
  if (fs::exists(final_dir, ec)) {
    return Status::AlreadyExists("a backup named " + final_dir.string() +
                                 " exists already; wait a second and run it again");
  }
  fs::remove_all(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return Status::Internal("cannot create " + dir.string() + ": " + ec.message());
  auto fail = [&](Status st) {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return st;
  };

  BackupReport report;
  BackupManifest& m = report.manifest;
  m.created_ms = now;
  m.motcua_version = motcua_version;
  // 1. The database, as committed when the copy begins.
  if (progress) progress("copy database", 0, 1);
  const fs::path db = dir / "motcua.db";
  if (Status st = source.SnapshotTo(db.string()); !st.ok()) return fail(st);
  if (progress) progress("copy database", 1, 1);
  // 2. What the copy holds: every table's rows, every chain walked and verified.
  std::vector<std::string> problems;
  if (Status st = Inspect(env, db.string(), progress, &m.tables, &m.chains, &m.schema_version,
                          &problems);
      !st.ok()) {
    return fail(st);
  }
  if (!problems.empty()) {
    return fail(Status::FailedPrecondition(
        "the store's event chains do not verify, so no backup was made: " + problems.front() +
        " (run `motcua verify` and restore an earlier backup)"));
  }
  auto db_hash = FileSha256(db, &m.database_bytes);
  if (!db_hash.ok()) return fail(db_hash.status());
  m.database_sha256 = *db_hash;
  report.bytes = m.database_bytes;
  // 3. The uploads, listed after the copy was taken, so every file it names is among them (a file
  // is stored before the row naming it); each is checked against its name.
  const std::vector<fs::path> files = ListFiles(options.files_dir);
  int64_t done = 0;
  for (const fs::path& f : files) {
    const std::string id = f.filename().string();
    const fs::path to = dir / "files" / id.substr(0, 2) / id;
    if (Status st = CopyOne(f, to); !st.ok()) return fail(st);
    int64_t bytes = 0;
    auto h = FileSha256(to, &bytes);
    if (!h.ok()) return fail(h.status());
    if (*h != id) {
      return fail(Status::FailedPrecondition(
          "the stored file " + f.string() + " does not match its SHA-256 name (it was changed on "
          "disk); no backup was made — restore that file from an earlier backup"));
    }
    m.files[id] = bytes;
    report.bytes += bytes;
    if (progress) progress("copy files", ++done, static_cast<int64_t>(files.size()));
  }
  if (progress && files.empty()) progress("copy files", 0, 0);
  if (Status st = env.WriteFileAtomic(dir / "manifest.json", ManifestJson(m).dump(2) + "\n");
      !st.ok()) {
    return fail(st);
  }
  fs::rename(dir, final_dir, ec);
  if (ec) return fail(Status::Internal("cannot finish the backup folder: " + ec.message()));
  report.dir = final_dir.string();
  MOTCUA_ASSIGN_OR_RETURN(report.pruned,
                          PruneBackups(options.root, options.keep_daily, options.keep_monthly));
  return report;
}

Result<std::vector<std::string>> PruneBackups(const std::string& root, int keep_daily,
                                              int keep_monthly) {
  // Complete backups only (a manifest and the dated name), newest first.
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    const std::string n = e.path().filename().string();
    if (!e.is_directory() || n.rfind(kPrefix, 0) != 0 || n.size() != 7 + 15 ||
        !fs::exists(e.path() / "manifest.json")) {
      continue;
    }
    names.push_back(n);
  }
  if (ec) return Status::Internal("cannot list the backups in " + root + ": " + ec.message());
  std::sort(names.rbegin(), names.rend());
  std::set<std::string> keep, days, months;
  if (!names.empty()) keep.insert(names.front());  // the newest always stays
  for (const std::string& n : names) {
    const std::string day = n.substr(7, 8), month = n.substr(7, 6);
    if (!days.count(day) && static_cast<int>(days.size()) < keep_daily) {
      days.insert(day);
      keep.insert(n);
    }
    if (!months.count(month) && static_cast<int>(months.size()) < keep_monthly) {
      months.insert(month);
      keep.insert(n);
    }
  }
  std::vector<std::string> pruned;
  for (const std::string& n : names) {
    if (keep.count(n)) continue;
    const fs::path p = fs::path(root) / n;
    fs::remove_all(p, ec);
    if (ec) return Status::Internal("cannot delete the old backup " + p.string() + ": " + ec.message());
    pruned.push_back(p.string());
  }
  return pruned;
}

Result<BackupManifest> ReadManifest(Env& env, const std::string& backup_dir) {
  auto text = env.ReadFile(fs::path(backup_dir) / "manifest.json");
  if (!text.ok()) {
    return Status::NotFound(backup_dir + " is not a motcua backup (it has no manifest.json)");
  }
  json j = json::parse(*text, nullptr, false);
  auto bad = [&](const std::string& why) {
    return Status::FailedPrecondition("the backup's manifest.json is damaged (" + why + ")");
  };
  if (!j.is_object() || !j.contains("database") || !j["database"].is_object()) return bad("no database");
  BackupManifest m;
  try {
    m.format = j.at("format").get<int>();
    if (m.format != 1) return bad(fmt::format("format {} is newer than this motcua knows", m.format));
    m.created_ms = j.at("created_ms").get<int64_t>();
    m.motcua_version = j.value("motcua_version", "");
    m.schema_version = j.at("schema_version").get<int>();
    m.database_sha256 = j["database"].at("sha256").get<std::string>();
    m.database_bytes = j["database"].at("bytes").get<int64_t>();
    m.tables = j.at("tables").get<std::map<std::string, int64_t>>();
    for (const auto& [p, h] : j.at("chains").items()) {
      m.chains[p] = ChainHeadRecord{h.at("length").get<int64_t>(), h.at("head").get<std::string>()};
    }
    m.files = j.at("files").get<std::map<std::string, int64_t>>();
  } catch (const json::exception& e) {
    return bad(e.what());
  }
  for (const auto& [id, bytes] : m.files) {
    if (!IsHex64(id)) return bad("a file name that is not a SHA-256");
  }
  return m;
}

Result<RestoreReport> Restore(Env& env, const std::string& backup_dir, const std::string& data_dir,
                              const BackupProgress& progress) {
  MOTCUA_ASSIGN_OR_RETURN(BackupManifest m, ReadManifest(env, backup_dir));
  const fs::path to(data_dir);
  const fs::path db = to / "motcua.db";
  std::error_code ec;
  if (fs::exists(db, ec) || !ListFiles(to / "files").empty()) {
    return Status::FailedPrecondition(
        "the data directory " + data_dir +
        " already holds data; restore into a new, empty directory (nothing was changed)");
  }
  // 1. Every hash first: nothing is copied from a damaged backup.
  const fs::path from(backup_dir);
  int64_t bytes = 0;
  MOTCUA_ASSIGN_OR_RETURN(std::string db_hash, FileSha256(from / "motcua.db", &bytes));
  if (db_hash != m.database_sha256) {
    return Status::FailedPrecondition("the backup's database does not match its manifest (SHA-256 " +
                                      db_hash + ", expected " + m.database_sha256 +
                                      "); use another backup");
  }
  int64_t done = 0;
  for (const auto& [id, size] : m.files) {
    int64_t got = 0;
    auto h = FileSha256(from / "files" / id.substr(0, 2) / id, &got);
    if (!h.ok() || *h != id || got != size) {
      return Status::FailedPrecondition("the backup's file " + id +
                                        " is missing or damaged; use another backup");
    }
    if (progress) progress("check files", ++done, static_cast<int64_t>(m.files.size()));
  }
  // 2. Copy, the database last under a temporary name.
  fs::create_directories(to, ec);
  if (ec) return Status::Internal("cannot create " + data_dir + ": " + ec.message());
  std::vector<fs::path> copied;
  auto undo = [&](Status st) {
    std::error_code ignored;
    for (const auto& p : copied) fs::remove(p, ignored);
    return st;
  };
  done = 0;
  for (const auto& [id, size] : m.files) {
    const fs::path dst = to / "files" / id.substr(0, 2) / id;
    if (Status st = CopyOne(from / "files" / id.substr(0, 2) / id, dst); !st.ok()) return undo(st);
    copied.push_back(dst);
    if (progress) progress("copy files", ++done, static_cast<int64_t>(m.files.size()));
  }
  const fs::path tmp = to / "motcua.db.restoring";
  if (Status st = CopyOne(from / "motcua.db", tmp); !st.ok()) return undo(st);
  copied.push_back(tmp);
  fs::rename(tmp, db, ec);
  if (ec) return undo(Status::Internal("cannot put the database in place: " + ec.message()));
  copied.back() = db;
  // 3. The copy must be what the manifest says: the same tables and rows, the same chain heads,
  // every chain intact.
  std::map<std::string, int64_t> tables;
  std::map<std::string, ChainHeadRecord> chains;
  int schema = 0;
  std::vector<std::string> problems;
  if (Status st = Inspect(env, db.string(), progress, &tables, &chains, &schema, &problems);
      !st.ok()) {
    return undo(st);
  }
  for (const char* suffix : {"-wal", "-shm"}) copied.push_back(fs::path(db.string() + suffix));
  if (!problems.empty()) {
    return undo(Status::FailedPrecondition("the restored event chains do not verify: " +
                                           problems.front()));
  }
  if (tables != m.tables) {
    for (const auto& [t, n] : m.tables) {
      auto it = tables.find(t);
      if (it == tables.end() || it->second != n) {
        return undo(Status::FailedPrecondition(fmt::format(
            "the restored table {} has {} rows, the manifest {}", t,
            it == tables.end() ? 0 : it->second, n)));
      }
    }
    return undo(Status::FailedPrecondition("the restored database has tables the manifest lacks"));
  }
  for (const auto& [p, h] : m.chains) {
    auto it = chains.find(p);
    if (it == chains.end() || it->second.length != h.length || it->second.hash != h.hash) {
      return undo(Status::FailedPrecondition("the restored chain of province " + p +
                                             " does not end where the manifest says"));
    }
  }
  RestoreReport r;
  r.manifest = m;
  for (const auto& [p, h] : chains) r.events += h.length;
  r.files = static_cast<int64_t>(m.files.size());
  return r;
}

}  // namespace motcua::service
