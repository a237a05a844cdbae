// Page rendering: a page template rendered inside the base layout, with every message of the
// visitor's language available to templates as {{t.key}} (HTML-escaped by mustache).
// Includes kainjow mustache: include only from web/*.cc. Thread-safe (templates are compiled once
// per thread).
#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <vector>

#include "http/message.h"
#include "service/platform/principal.h"

namespace motcua::web {

using Data = kainjow::mustache::data;

struct PageContext {
  std::string lang = "vi";       // chosen language
  std::string title;             // <title>, already translated
  std::string path = "/";        // current path (language switch link returns here)
  std::string version;           // shown in the footer
  std::string unit_name;         // the site's unit, for the header ("" when unconfigured)
  std::vector<std::string> scripts;  // script URLs (AssetUrl) loaded with `defer`; pages work without
};

// The cookie remembering a visitor's language choice (a year; set when ?lang= chooses, and at
// sign-in from the account's choice).
inline constexpr const char* kLangCookie = service::kLanguageCookie;

// Returns the language for a request: ?lang= when it is a known language, else the motcua_lang
// cookie when it names one, else the signed-in person's remembered choice, else `fallback`.
std::string ChooseLanguage(const http::Request& req, const std::string& fallback);
// Renders templates/<name>.mustache with `data` (plus `t` = messages) inside the layout.
// Returns an HTML response with status `status`; sets the motcua_lang cookie when ?lang= chose a
// language the cookie does not already hold.
//
// In the pseudo-locale (i18n.h) every value a template prints with {{…}} that is not made of
// catalogue messages is data (a name, a code, an address) and is shown between ⟪ and ⟫ in text
// (not in attributes), so that a test can tell data from text that bypassed the catalogue.
http::Response RenderPage(const http::Request& req, const PageContext& ctx, const std::string& name,
                          Data data, int status = 200);
// Renders templates/<name>.mustache alone (with `t` = messages), escaped as the page it goes into
// will be (data marked in the pseudo-locale), for a page to include with {{{…}}}: a part that
// stays the same across requests can be rendered once and kept.
std::string RenderFragment(const PageContext& ctx, const std::string& name, const Data& data);
// Returns the fingerprinted URL of a static asset ("/static/site.css?v=1a2b3c4d5e6f"), cached by
// browsers for a year (static_files.h).
std::string AssetUrl(const std::string& file);

}  // namespace motcua::web
