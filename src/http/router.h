// Router: the table of every route, with its permission rule, matched by method and path.
//
// Patterns are '/'-separated segments. A segment is a literal ("units"), a parameter ("{code}"),
// a parameter with a literal prefix or suffix ("{year}.ics"), or a final catch-all ("{path...}").
// When several routes match, the most specific wins (more literal characters). Paths are matched
// after percent-decoding each segment.
//
// Routes are added at start-up (not thread-safe); Find is const and safe to call concurrently.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "http/message.h"
#include "http/route_doc.h"

namespace motcua::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  Method method = Method::kGet;
  std::string pattern;     // "/api/v1/units/{code}"
  std::string permission;  // the authorisation rule, e.g. "public", "unit:dossier.read"; required
  Handler handler;
  // A short handler that never waits on a commit, the network or a long poll (a public lookup):
  // run on the I/O thread that read the request, without the hop to a worker thread.
  bool quick = false;
  // What the API document says about the route; the API's routes all have one (RegisterApiRoutes
  // refuses to start without it), the pages none.
  std::shared_ptr<const RouteDoc> doc = {};
};

struct RouteMatch {
  const Route* route = nullptr;            // null when nothing matched
  std::map<std::string, std::string> params;
  std::vector<Method> allowed;             // when the path matched other methods only (405)
};

class Router {
 public:
  // Adds a route. InvalidArgument for an empty permission, a malformed pattern, or a duplicate
  // method+pattern.
  Status Add(Route route);
  // Returns the best match for method and (raw, undecoded) path. HEAD matches GET routes. A path
  // with a segment that is not valid UTF-8 once decoded matches nothing (so every path parameter
  // a handler reads is UTF-8).
  RouteMatch Find(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    enum Kind { kLiteral, kParam, kRest } kind = kLiteral;
    std::string literal;  // kLiteral: the text
    std::string name;     // parameter name
    std::string prefix, suffix;
  };
  struct Compiled {
    std::vector<Segment> segments;
    int specificity = 0;
  };
  static bool Match(const Compiled& c, const std::vector<std::string>& parts,
                    std::map<std::string, std::string>* params);

  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

}  // namespace motcua::http
