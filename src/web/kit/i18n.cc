#include "web/kit/i18n.h"

#include <atomic>
#include <nlohmann/json.hpp>

#include "base/embedded.h"

namespace motcua::embedded::web_assets {
const std::vector<EmbeddedFile>& Files();
}

namespace motcua::web {

namespace {
std::atomic<bool> g_pseudo_locale{false};

bool IsPseudo(std::string_view lang) {
  return lang == kPseudoLocale && g_pseudo_locale.load(std::memory_order_relaxed);
}

std::string Pseudo(std::string text) {
  return std::string(kPseudoOpen) + std::move(text) + std::string(kPseudoClose);
}

// Returns `args` with the pseudo-locale's markers taken out: a catalogued message used as an
// argument of another ("Hãy điền: {field}") becomes part of the outer one, marked once.
std::map<std::string, std::string> Unmarked(const std::map<std::string, std::string>& args) {
  std::map<std::string, std::string> out = args;
  for (auto& [k, v] : out) {
    for (std::string_view m : {kPseudoOpen, kPseudoClose}) {
      for (size_t at = v.find(m); at != std::string::npos; at = v.find(m, at)) v.erase(at, m.size());
    }
  }
  return out;
}
}  // namespace

void Catalog::SetPseudoLocaleEnabled(bool enabled) { g_pseudo_locale.store(enabled); }
bool Catalog::PseudoLocaleEnabled() { return g_pseudo_locale.load(); }

bool Catalog::Has(std::string_view lang) const {
  return messages_.find(lang) != messages_.end() || IsPseudo(lang);
}

Catalog Catalog::FromJson(const std::map<std::string, std::string>& files) {
  Catalog c;
  for (const auto& [lang, text] : files) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    auto& m = c.messages_[lang];
    for (const auto& [k, v] : j.items()) {
      if (v.is_string()) m[k] = v.get<std::string>();
    }
  }
  return c;
}

const Catalog& Catalog::Get() {
  static const Catalog* c = [] {
    std::map<std::string, std::string> files;
    for (const auto& f : embedded::web_assets::Files()) {
      std::string_view p = f.path;
      if (p.starts_with("kit/i18n/") && p.ends_with(".json")) {
        files[std::string(p.substr(9, p.size() - 14))] = std::string(f.bytes);
      }
    }
    return new Catalog(FromJson(files));
  }();
  return *c;
}

std::string Catalog::T(std::string_view lang, std::string_view key,
                       const std::map<std::string, std::string>& args) const {
  if (IsPseudo(lang)) {
    auto vi = messages_.find(std::string_view("vi"));
    bool known = vi != messages_.end() && vi->second.find(key) != vi->second.end();
    return known ? Pseudo(T("vi", key, Unmarked(args))) : std::string(key);  // unknown keys stay unmarked
  }
  const std::string* text = nullptr;
  for (std::string_view l : {lang, std::string_view("vi")}) {
    auto lit = messages_.find(l);
    if (lit == messages_.end()) continue;
    auto kit = lit->second.find(key);
    if (kit != lit->second.end()) {
      text = &kit->second;
      break;
    }
  }
  if (!text) return std::string(key);
  if (args.empty()) return *text;
  std::string out;
  out.reserve(text->size());
  for (size_t i = 0; i < text->size(); ++i) {
    if ((*text)[i] == '{') {
      size_t close = text->find('}', i);
      if (close != std::string::npos) {
        auto it = args.find(text->substr(i + 1, close - i - 1));
        if (it != args.end()) {
          out += it->second;
          i = close;
          continue;
        }
      }
    }
    out.push_back((*text)[i]);
  }
  return out;
}

std::map<std::string, std::string> Catalog::All(std::string_view lang) const {
  std::map<std::string, std::string> out;
  auto vi = messages_.find(std::string_view("vi"));
  if (vi != messages_.end()) out.insert(vi->second.begin(), vi->second.end());
  if (IsPseudo(lang)) {
    for (auto& [k, v] : out) v = Pseudo(std::move(v));
    return out;
  }
  auto l = messages_.find(lang);
  if (l != messages_.end()) {
    for (const auto& [k, v] : l->second) out[k] = v;
  }
  return out;
}

std::vector<std::string> Catalog::Languages() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : messages_) out.push_back(k);
  return out;
}

std::vector<std::string> Catalog::MissingKeys(std::string_view lang) const {
  std::vector<std::string> out;
  auto vi = messages_.find(std::string_view("vi"));
  auto l = messages_.find(lang);
  if (vi == messages_.end()) return out;
  for (const auto& [k, v] : vi->second) {
    if (l == messages_.end() || !l->second.count(k)) out.push_back(k);
  }
  return out;
}

}  // namespace motcua::web
