// The dossier's action names are the domain's table (dossier::Actions()) and nothing else: every
// name the web pages, the API, the CLI's demo and the tests use is in it, and every action of it
// has its desk label in each catalogue. Reads the sources, templates and catalogues as text.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/dossier/actions.h"
#include "web/portal/portal_pages.h"

namespace motcua::web {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> FilesUnder(const fs::path& dir, std::set<std::string> exts) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string path = e.path().string();
    if (path.find("node_modules") != std::string::npos) continue;
    if (exts.count(e.path().extension().string())) out.push_back(e.path());
  }
  return out;
}

bool Known(const std::string& name) { return dossier::FindAction(name) != nullptr; }

// Names used on purpose to check that an unknown action is refused (404).
const std::set<std::string> kDeliberatelyUnknown = {"fly"};

const fs::path kRoot = MOTCUA_SOURCE_DIR;

bool OtherVocabulary(const fs::path& p) {
  static const std::set<std::string> kFolders = {"lodging", "floor", "community"};
  for (const auto& part : p.lexically_relative(kRoot)) {
    if (kFolders.count(part.string())) return true;
  }
  const std::string name = p.filename().string();
  return name.starts_with("test_lodging") || name.starts_with("lodging.") ||
         name.starts_with("test_floor") || name.starts_with("floor.") ||
         name.starts_with("test_community") || name.starts_with("community.");
}

// Each pattern's first group is an action name where the code names one.
struct Pattern {
  const char* what;
  std::regex re;
};

std::vector<Pattern> Patterns() {
  return {
      {"a catalogue key", std::regex(R"re("desk\.action(?:_help)?\.([a-z-]+)")re")},
      {"a comparison with an action", std::regex(R"re(action\s*[!=]=\s*"([a-z-]+)")re")},
      {"an allowed-action test", std::regex(R"re(can\("([a-z-]+)"\))re")},
      {"a parsed action", std::regex(R"re(ParseAction\(\s*"([a-z-]+)")re")},
      {"a looked-up action", std::regex(R"re(FindAction\(\s*"([a-z-]+)")re")},
      {"an action taken by a test", std::regex(R"re(\bact\([^,()]+,\s*[^,()]+,\s*['"]([a-z-]+)['"])re")},
      {"an action path", std::regex(R"re(/can-bo/ho-so/[^/"'`]+/([a-z-]+)["'`])re")},
  };
}

TEST(ActionVocabulary, EveryActionNamedInTheCodeIsInTheTable) {
  std::vector<fs::path> files;
  for (const char* dir : {"src/web", "src/api", "src/cli", "src/service"}) {
    auto f = FilesUnder(kRoot / dir, {".cc", ".h", ".mustache", ".json", ".js"});
    files.insert(files.end(), f.begin(), f.end());
  }
  for (const char* dir : {"tests/integration", "tests/e2e"}) {
    auto f = FilesUnder(kRoot / dir, {".py", ".mjs"});
    files.insert(files.end(), f.begin(), f.end());
  }
  ASSERT_GT(files.size(), 20u) << "sources not found under " << kRoot;
  std::set<std::string> named;
  for (const auto& p : files) {
    if (p.filename() == "action_vocabulary_test.cc") continue;
    // Features with vocabularies of their own (a lodging form's "checkout", a counter's "call")
    // are not the dossier's: their folders are not scanned.
    if (OtherVocabulary(p)) continue;
    const std::string text = Slurp(p);
    for (const auto& pat : Patterns()) {
      for (std::sregex_iterator it(text.begin(), text.end(), pat.re), end; it != end; ++it) {
        const std::string name = (*it)[1];
        // A path segment of the desk that is not an action (the intake, the events stream).
        if (std::string(pat.what) == "an action path" && !Known(name) &&
            name.find('-') == std::string::npos && name.size() < 4)
          continue;
        if (kDeliberatelyUnknown.count(name)) continue;
        named.insert(name);
        EXPECT_TRUE(Known(name)) << p.lexically_relative(kRoot) << " names '" << name << "' ("
                                 << pat.what << "), which is not in dossier::Actions()";
      }
    }
  }
  EXPECT_TRUE(named.count("request-supplementation")) << "the scan finds the names it looks for";
}

TEST(ActionVocabulary, EveryActionHasItsDeskLabelInEveryCatalogue) {
  for (const char* lang : {"vi", "en"}) {
    const std::string text = Slurp(kRoot / "src/web/kit/i18n" / (std::string(lang) + ".json"));
    for (const auto& a : dossier::Actions()) {
      const std::string name(a.name);
      EXPECT_NE(text.find("\"desk.action." + name + "\""), std::string::npos) << lang << " " << name;
      EXPECT_NE(text.find("\"desk.action_help." + name + "\""), std::string::npos)
          << lang << " " << name;
      for (const auto& f : a.fields) {
        if (f.type == dossier::FieldType::kComponents || f.type == dossier::FieldType::kFileId)
          continue;  // not asked on the desk
        EXPECT_NE(text.find("\"desk.field." + std::string(f.name) + "\""), std::string::npos)
            << lang << " " << name << "." << f.name;
      }
    }
  }
}

TEST(ActionVocabulary, ThePortalsFormWordsAreTableActions) {
  ASSERT_FALSE(PortalActionWords().empty());
  const std::string page = Slurp(kRoot / "src/web/portal/templates/portal_dossier.mustache");
  for (const auto& [word, action] : PortalActionWords()) {
    EXPECT_TRUE(Known(action)) << word << " -> " << action;
  }
  // Every word the page posts is one of them.
  std::regex posted(R"re(name="hanh_dong" value="([a-z_-]+)")re");
  std::regex templated(R"re(name="hanh_dong" value="\{\{)re");
  int seen = 0;
  for (std::sregex_iterator it(page.begin(), page.end(), posted), end; it != end; ++it) {
    ++seen;
    EXPECT_TRUE(PortalActionWords().count((*it)[1])) << (*it)[1];
  }
  EXPECT_GT(seen + static_cast<int>(std::regex_search(page, templated)), 0);
}

}  // namespace
}  // namespace motcua::web
