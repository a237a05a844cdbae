// The context every page starts from: the visitor's language, the path (for the language
// switch), the binary's version and the site's unit name. One place, so every page agrees.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "http/message.h"
#include "web/pages.h"
#include "web/kit/view.h"

namespace motcua::web {

// Returns the base context of a page; `title_key` is a catalogue key (with `args`), or "" to leave
// the title for the caller.
PageContext BasePageContext(const http::Request& req, const WebDeps& deps,
                            std::string_view title_key = "",
                            const std::map<std::string, std::string>& args = {});

// Returns the catalogued message `key` in the page's language, with `args` filled in.
std::string T(const PageContext& ctx, std::string_view key,
              const std::map<std::string, std::string>& args = {});

}  // namespace motcua::web
