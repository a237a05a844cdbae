#include "http/router.h"

#include <gtest/gtest.h>

namespace motcua::http {
namespace {

Route R(Method m, std::string pattern, std::string tag) {
  return Route{m, std::move(pattern), "public",
               [tag](Request&) { return Response::Text(200, tag); }};
}

std::string Call(const Router& r, Method m, std::string_view path) {
  RouteMatch match = r.Find(m, path);
  if (!match.route) return match.allowed.empty() ? "404" : "405";
  Request req;
  req.params = match.params;
  std::string out = match.route->handler(req).body;
  for (const auto& [k, v] : match.params) out += " " + k + "=" + v;
  return out;
}

TEST(RouterTest, MatchesTable) {
  Router r;
  ASSERT_TRUE(r.Add(R(Method::kGet, "/healthz", "health")).ok());
  ASSERT_TRUE(r.Add(R(Method::kGet, "/api/v1/units", "units")).ok());
  ASSERT_TRUE(r.Add(R(Method::kGet, "/api/v1/units/{code}", "unit")).ok());
  ASSERT_TRUE(r.Add(R(Method::kGet, "/api/v1/calendars/{year}", "cal")).ok());
  ASSERT_TRUE(r.Add(R(Method::kGet, "/api/v1/calendars/{year}.ics", "ics")).ok());
  ASSERT_TRUE(r.Add(R(Method::kPost, "/api/v1/dossiers/{id}/actions/{action}", "act")).ok());
  ASSERT_TRUE(r.Add(R(Method::kGet, "/static/{path...}", "static")).ok());
  ASSERT_TRUE(r.Add(R(Method::kGet, "/", "home")).ok());

  struct Case {
    Method m;
    const char* path;
    const char* want;
  } cases[] = {
      {Method::kGet, "/healthz", "health"},
      {Method::kHead, "/healthz", "health"},
      {Method::kGet, "/", "home"},
      {Method::kGet, "/api/v1/units", "units"},
      {Method::kGet, "/api/v1/units/03721", "unit code=03721"},
      {Method::kGet, "/api/v1/units/S%C6%A1n", "unit code=Sơn"},
      {Method::kGet, "/api/v1/calendars/2026", "cal year=2026"},
      {Method::kGet, "/api/v1/calendars/2026.ics", "ics year=2026"},
      {Method::kPost, "/api/v1/dossiers/42/actions/accept", "act action=accept id=42"},
      {Method::kGet, "/api/v1/dossiers/42/actions/accept", "405"},
      {Method::kPost, "/healthz", "405"},
      {Method::kGet, "/static/css/site.css", "static path=css/site.css"},
      {Method::kGet, "/nope", "404"},
      {Method::kGet, "/api/v1/units/03721/extra", "404"},
      {Method::kGet, "/api/v1/units/%zz", "404"},
      // Path parameters are UTF-8 or nothing matches (issue 14): no handler sees stray bytes.
      {Method::kGet, "/api/v1/units/%FF", "404"},
      {Method::kGet, "/api/v1/units/S%C6", "404"},
      {Method::kGet, "/api/v1/units/\xff", "404"},
      {Method::kPost, "/api/v1/dossiers/%ED%A0%80/actions/accept", "404"},
      {Method::kGet, "/static/css/%C0%AF", "404"},
  };
  for (const auto& c : cases) EXPECT_EQ(Call(r, c.m, c.path), c.want) << c.path;
}

TEST(RouterTest, RefusesRouteWithoutPermission) {
  Router r;
  Route route = R(Method::kGet, "/x", "x");
  route.permission = "";
  Status st = r.Add(route);
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_NE(st.message().find("no permission"), std::string::npos);
}

TEST(RouterTest, RefusesDuplicatesAndMalformed) {
  Router r;
  ASSERT_TRUE(r.Add(R(Method::kGet, "/x", "x")).ok());
  EXPECT_FALSE(r.Add(R(Method::kGet, "/x", "x")).ok());
  EXPECT_TRUE(r.Add(R(Method::kPost, "/x", "x")).ok());
  EXPECT_FALSE(r.Add(R(Method::kGet, "x", "x")).ok());
  EXPECT_FALSE(r.Add(R(Method::kGet, "/a/{b", "x")).ok());
  EXPECT_FALSE(r.Add(R(Method::kGet, "/a/{rest...}/b", "x")).ok());
}

}  // namespace
}  // namespace motcua::http
