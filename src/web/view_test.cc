#include "web/view.h"

#include <gtest/gtest.h>

namespace motcua::web {
namespace {

TEST(ViewTest, RendersLayoutInChosenLanguageAndEscapes) {
  http::Request req;
  req.path = "/";
  PageContext ctx;
  ctx.lang = "en";
  ctx.title = "<b>Title</b>";
  Data d{Data::type::object};
  d.set("heading", "<script>x</script>");
  d.set("message", "m");
  http::Response r = RenderPage(req, ctx, "error", d, 404);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>x"), std::string::npos);
  EXPECT_NE(r.body.find("Tiếng Việt"), std::string::npos);  // the switch to the other language
  EXPECT_NE(r.body.find("/static/site.css?v="), std::string::npos);
}

TEST(ViewTest, ChoosesLanguage) {
  http::Request req;
  EXPECT_EQ(ChooseLanguage(req, "vi"), "vi");
  req.headers.emplace_back("cookie", "lang=en");
  EXPECT_EQ(ChooseLanguage(req, "vi"), "en");
  req.query.emplace("lang", "vi");
  EXPECT_EQ(ChooseLanguage(req, "en"), "vi");
  req.query.clear();
  req.query.emplace("lang", "zz");
  EXPECT_EQ(ChooseLanguage(req, "vi"), "en");
}

}  // namespace
}  // namespace motcua::web
