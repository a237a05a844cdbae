// bench/procedure_search: 1,000 realistic catalogue queries over the full portal export (≈2,600
// procedures) through ProcedureService::Search, in-process. The queries are generated from the
// procedure names the way people type them: one to three words of a name, with or without
// diacritics, the last word cut to a prefix, words out of order, a field name, a code.
//
// Usage: bench_procedure_search [procedures.jsonl, default ../shared/data/procedures/procedures.jsonl]
//                               [--queries FILE: also write the queries, one a line (for http_bench.py)]
// Prints p50/p99/max in milliseconds; docs/performance.md records the figures.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "base/text.h"
#include "service/catalogue/procedure_service.h"

using namespace motcua;

namespace {

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) {
    w.erase(std::remove_if(w.begin(), w.end(), [](char c) { return c == ',' || c == '(' || c == ')' || c == ';'; }),
            w.end());
    if (!w.empty()) out.push_back(w);
  }
  return out;
}

// Cuts a folded (ASCII) word to a prefix of at least 2 letters.
std::string Prefix(const std::string& w, std::mt19937& rng) {
  if (w.size() <= 2) return w;
  return w.substr(0, 2 + rng() % (w.size() - 1));
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  std::string file = std::string(MOTCUA_SOURCE_DIR) + "/../shared/data/procedures/procedures.jsonl";
  std::string queries_out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--queries" && i + 1 < argc) {
      queries_out = argv[++i];
    } else {
      file = a;
    }
  }
  std::vector<std::string> names, fields, codes;
  {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      names.push_back(j.value("ten_thu_tuc", ""));
      fields.push_back(j.value("linh_vuc", ""));
      codes.push_back(j.value("ma_thu_tuc", ""));
    }
  }
  auto dir = std::filesystem::temp_directory_path() / fmt::format("motcua-bench-ps-{}", getpid());
  std::filesystem::create_directories(dir);
  auto store = store::OpenSqliteStore(store::StoreOptions{.path = (dir / "b.db").string()},
                                      Env::Default());
  if (!store.ok()) {
    fmt::print(stderr, "{}\n", store.status().ToString());
    return 1;
  }
  service::ProcedureService svc(Env::Default(), **store);
  auto t0 = std::chrono::steady_clock::now();
  auto rep = svc.ImportFile(file, "bench", nullptr);
  if (!rep.ok()) {
    fmt::print(stderr, "{}\n", rep.status().ToString());
    return 1;
  }
  double import_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::mt19937 rng(20251);
  std::vector<std::string> queries;
  while (queries.size() < 1000) {
    size_t k = rng() % names.size();
    auto words = Split(names[k]);
    if (words.empty()) continue;
    int kind = static_cast<int>(queries.size() % 10);
    size_t n = std::min<size_t>(words.size(), 1 + rng() % 3);
    size_t at = rng() % (words.size() - n + 1);
    std::vector<std::string> pick(words.begin() + at, words.begin() + at + n);
    std::string q;
    if (kind == 0) {
      q = codes[k];
    } else if (kind == 1) {
      q = FoldForSearch(fields[k]);
    } else if (kind <= 4) {  // as written, with diacritics
      for (const auto& w : pick) q += (q.empty() ? "" : " ") + w;
    } else if (kind <= 7) {  // without diacritics, last word a prefix
      for (size_t i = 0; i < pick.size(); ++i) {
        std::string f = FoldForSearch(pick[i]);
        q += (q.empty() ? "" : " ") + (i + 1 == pick.size() ? Prefix(f, rng) : f);
      }
    } else {  // out of order, without diacritics
      std::shuffle(pick.begin(), pick.end(), rng);
      for (const auto& w : pick) q += (q.empty() ? "" : " ") + FoldForSearch(w);
    }
    if (!q.empty()) queries.push_back(q);
  }
  if (!queries_out.empty()) {
    std::ofstream out(queries_out);
    for (const auto& q : queries) out << q << "\n";
  }
  // One warm-up pass, then the measured pass.
  std::vector<double> ms;
  int64_t hits = 0;
  for (int pass = 0; pass < 2; ++pass) {
    ms.clear();
    for (const auto& q : queries) {
      service::ProcedureQuery pq;
      pq.q = q;
      auto a = std::chrono::steady_clock::now();
      auto r = svc.Search(pq);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a)
                       .count());
      if (r.ok() && pass == 1) hits += r->total > 0;
    }
  }
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double v : ms) sum += v;
  fmt::print("procedures: {} (import {:.2f} s); queries: {}, with results: {}\n", rep->lines,
             import_s, queries.size(), hits);
  fmt::print("in-process search: mean {:.3f} ms, p50 {:.3f} ms, p99 {:.3f} ms, max {:.3f} ms\n",
             sum / ms.size(), ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back());
  (*store)->Close();
  std::filesystem::remove_all(dir);
  return 0;
}
