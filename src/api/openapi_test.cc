#include "api/openapi.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/routes.h"

namespace motcua::api {
namespace {

using nlohmann::json;

// The document the router serves, for the route table of RegisterApiRoutes (no service is called:
// the handlers are only registered).
json ServedDocument(const http::Router& router) {
  auto match = router.Find(http::Method::kGet, "/api/v1/openapi.json");
  EXPECT_NE(match.route, nullptr);
  http::Request req;
  http::Response r = match.route->handler(req);
  EXPECT_EQ(r.status, 200);
  return json::parse(r.body);
}

std::string Template(std::string pattern) {
  for (size_t at; (at = pattern.find("...}")) != std::string::npos;) pattern.erase(at, 3);
  return pattern;
}

TEST(OpenApiTest, EveryRouteOfTheRouterIsDocumentedAndNothingElse) {
  for (bool test_endpoints : {false, true}) {
    http::Router router;
    ApiDeps deps;
    deps.test_endpoints = test_endpoints;
    ASSERT_TRUE(RegisterApiRoutes(router, deps).ok());
    std::set<std::pair<std::string, std::string>> routed, documented;
    for (const auto& r : router.routes()) {
      routed.insert({std::string(http::MethodName(r.method)), Template(r.pattern)});
    }
    const json doc = ServedDocument(router);
    for (const auto& [path, item] : doc["paths"].items()) {
      for (const auto& [method, op] : item.items()) {
        std::string m = method;
        for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        documented.insert({m, path});
        EXPECT_FALSE(op["summary"].get<std::string>().empty()) << path;
        EXPECT_TRUE(op["responses"].contains("default")) << path;
      }
    }
    EXPECT_EQ(routed, documented);
    EXPECT_EQ(doc["openapi"], "3.1.0");
  }
}

TEST(OpenApiTest, EachRouteStatesItsRuleAndRefusals) {
  http::Router router;
  ASSERT_TRUE(RegisterApiRoutes(router, ApiDeps{}).ok());
  const json doc = ServedDocument(router);
  const json& action = doc["paths"]["/api/v1/dossiers/{id}/actions/{action}"]["post"];
  EXPECT_EQ(action["x-motcua-permission"], "signed_in");
  for (const char* status : {"401", "403", "404", "409", "412", "422", "428", "400", "413"}) {
    EXPECT_TRUE(action["responses"].contains(status)) << status;
  }
  const json& login = doc["paths"]["/api/v1/sessions"]["post"];
  EXPECT_EQ(login["x-motcua-permission"], "public");
  EXPECT_TRUE(login["responses"].contains("401"));
  EXPECT_NE(login["responses"]["401"]["description"].get<std::string>().find("totp_required"),
            std::string::npos);
  const json& upload = doc["paths"]["/api/v1/files"]["post"];
  EXPECT_TRUE(upload["responses"].contains("415"));
  // A signed-in GET takes the cookie or a bearer token; a change with the cookie needs the CSRF
  // header.
  EXPECT_EQ(action["security"], json::parse(R"([{"session":[],"csrf":[]},{"bearer":[]}])"));
  EXPECT_EQ(doc["paths"]["/api/v1/me"]["get"]["security"],
            json::parse(R"([{"session":[]},{"bearer":[]}])"));
}

TEST(OpenApiTest, ARouteWithoutItsDocumentIsRefused) {
  std::vector<http::Route> routes = {
      {http::Method::kGet, "/api/v1/x", "public", [](http::Request&) { return http::Response{}; }}};
  auto doc = BuildOpenApiDocument(routes, "test");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("/api/v1/x"), std::string::npos);
}

TEST(OpenApiTest, AnExampleMustAnswerADocumentedStatusAndASchemaMustExist) {
  auto route = [](http::RouteDoc d) {
    return std::vector<http::Route>{{http::Method::kGet, "/api/v1/x", "public",
                                     [](http::Request&) { return http::Response{}; }, false,
                                     std::make_shared<const http::RouteDoc>(std::move(d))}};
  };
  EXPECT_TRUE(BuildOpenApiDocument(route({.summary = "x", .response = "Object"}), "t").ok());
  EXPECT_FALSE(BuildOpenApiDocument(route({.summary = "x", .response = "Nope"}), "t").ok());
  EXPECT_FALSE(BuildOpenApiDocument(
                   route({.summary = "x", .examples = {{.name = "e", .path = "/api/v1/x",
                                                        .status = 418}}}),
                   "t")
                   .ok());
  EXPECT_FALSE(BuildOpenApiDocument(route({.summary = ""}), "t").ok());
}

}  // namespace
}  // namespace motcua::api
