// RouteDoc: what the API document (GET /api/v1/openapi.json, built by api/openapi.h) says about
// one route. Plain strings and numbers, so api/routes.cc keeps it beside each route without JSON
// headers. Schemas are named: a name is a schema of the document's components ("Dossier").
#pragma once

#include <string>
#include <vector>

namespace motcua::http {

// A query parameter or a request header. (Path parameters come from the pattern; api/openapi.cc
// describes them.)
struct QueryDoc {
  std::string name = {};
  std::string description = {};
  std::string type = "string";  // a JSON Schema type: "string", "integer", "boolean"
  bool required = false;
};

// A request the document shows, and which the example replay test sends to a running demo
// server (tests/integration/test_openapi.py).
struct ExampleDoc {
  std::string name = {};     // "counter-intake"
  std::string summary = {};  // one sentence
  // The path with the pattern's parameters filled ("/api/v1/units/30280"). "{dossier}" stands for
  // the code of the dossier the replay created last, "{version}" for its version.
  std::string path = {};
  std::string body = {};        // the JSON body, "" for none
  std::string actor = {};       // the demo role that sends it ("reception"), "" for anonymous
  std::string if_match = {};    // the If-Match header, "" for none
  int status = 200;        // the status it answers (one of the route's documented statuses)
};

struct RouteDoc {
  std::string tag = {};          // the group in the document ("dossiers")
  std::string summary = {};      // one line
  std::string description = {};  // more, when needed
  std::vector<QueryDoc> query = {};
  std::vector<QueryDoc> headers = {};  // request headers the route reads (If-Match, …)
  std::string body = {};  // the request body's schema name; "" for none
  std::string body_type = "application/json";
  int status = 200;       // the success status
  std::string response = {};   // the success body's schema name; "" for none (204, 304)
  std::string response_type = "application/json";
  // Problem statuses this route answers beyond those its permission rule and body imply (401,
  // 403, 400, 413 are added from them).
  std::vector<int> problems = {};
  std::vector<ExampleDoc> examples = {};
};

}  // namespace motcua::http
