#include "web/kit/static_files.h"

#include <gtest/gtest.h>

#include "web/kit/view.h"

namespace motcua::web {
namespace {

http::Request Get(const std::string& path, const std::string& v = "") {
  http::Request req;
  req.params["path"] = path;
  if (!v.empty()) req.query.emplace("v", v);
  return req;
}

TEST(StaticFilesTest, FingerprintedUrlsAreImmutableOthersRevalidate) {
  std::string v = AssetVersion("site.css");
  ASSERT_EQ(v.size(), 12u);
  EXPECT_EQ(AssetUrl("site.css"), "/static/site.css?v=" + v);
  EXPECT_EQ(AssetUrl("favicon.svg"), "/static/favicon.svg?v=" + AssetVersion("favicon.svg"));
  EXPECT_EQ(AssetVersion("nope.css"), "");

  http::Response r = ServeStatic(Get("site.css", v));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.Header("Content-Type"), "text/css; charset=utf-8");
  // A stale or forged fingerprint must not pin today's bytes for a year.
  EXPECT_EQ(ServeStatic(Get("site.css", "000000000000")).Header("Cache-Control"),
            "public, max-age=3600");
  EXPECT_EQ(ServeStatic(Get("site.css")).Header("Cache-Control"), "public, max-age=3600");
  EXPECT_EQ(ServeStatic(Get("nope.css")).status, 404);
}

TEST(StaticFilesTest, AnswersNotModifiedToAMatchingEtag) {
  http::Response first = ServeStatic(Get("site.css"));
  std::string etag(*first.Header("ETag"));
  for (const std::string& inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    http::Request req = Get("site.css");
    req.headers.emplace_back("if-none-match", inm);
    http::Response r = ServeStatic(req);
    EXPECT_EQ(r.status, 304) << inm;
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.Header("ETag"), etag);
  }
  http::Request req = Get("site.css");
  req.headers.emplace_back("if-none-match", "\"other\"");
  EXPECT_EQ(ServeStatic(req).status, 200);
}

TEST(StaticFilesTest, EtagComparisonIsWeak) {
  EXPECT_TRUE(EtagMatches("\"a\"", "\"a\""));
  EXPECT_TRUE(EtagMatches("W/\"a\"", "\"a\""));
  EXPECT_TRUE(EtagMatches("\"a\"", "W/\"a\""));
  EXPECT_TRUE(EtagMatches(" \"b\" ,W/\"a\"", "\"a\""));
  EXPECT_FALSE(EtagMatches("\"b\"", "\"a\""));
  EXPECT_FALSE(EtagMatches("", "\"a\""));
  EXPECT_FALSE(EtagMatches(",", "\"a\""));
}

}  // namespace
}  // namespace motcua::web
