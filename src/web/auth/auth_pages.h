// Officer sign-in and sign-out pages, and the desk landing page.
#pragma once

#include "http/message.h"
#include "web/pages.h"

namespace motcua::web {

http::Response LoginPage(const WebDeps& deps, http::Request& req);
http::Response LoginSubmit(const WebDeps& deps, http::Request& req);
http::Response LogoutSubmit(const WebDeps& deps, http::Request& req);
http::Response DeskPage(const WebDeps& deps, http::Request& req);

}  // namespace motcua::web
