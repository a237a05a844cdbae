// TempStore: a SQLite store in a fresh temporary folder, for tests only. Opens (and migrates) on
// construction, closes the store and removes the folder on destruction. Not thread-safe itself;
// the store it holds is.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/store.h"

namespace motcua::store {

class TempStore {
 public:
  // `name` keeps folders of concurrent test binaries apart ("proc", "outbox-smtp" …).
  TempStore(const std::string& name, Env& env)
      : dir_(std::filesystem::temp_directory_path() /
             ("motcua-" + name + "-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    StoreOptions o;
    o.path = (dir_ / "motcua.db").string();
    auto opened = OpenSqliteStore(o, env);
    if (!opened.ok()) throw std::runtime_error(opened.status().message());
    store_ = std::move(opened).value();
  }
  ~TempStore() {
    store_->Close();
    std::filesystem::remove_all(dir_);
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;

  Store& operator*() const { return *store_; }
  Store* operator->() const { return store_.get(); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  const std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace motcua::store
