#include "web/kit/view.h"

#include <gtest/gtest.h>

#include "web/kit/i18n.h"

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
  EXPECT_NE(r.body.find("/static/favicon.svg?v="), std::string::npos);
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  EXPECT_FALSE(r.Header("Set-Cookie"));
}

TEST(ViewTest, ChoosesLanguage) {
  http::Request req;
  EXPECT_EQ(ChooseLanguage(req, "vi"), "vi");
  req.headers.emplace_back("cookie", "motcua_lang=en");
  EXPECT_EQ(ChooseLanguage(req, "vi"), "en");
  req.query.emplace("lang", "vi");
  EXPECT_EQ(ChooseLanguage(req, "en"), "vi");
  req.query.clear();
  req.query.emplace("lang", "zz");
  EXPECT_EQ(ChooseLanguage(req, "vi"), "en");
  req.query.clear();
  req.query.emplace("lang", "qps");  // the pseudo-locale is off
  EXPECT_EQ(ChooseLanguage(req, "vi"), "en");
}

TEST(ViewTest, RemembersTheChosenLanguageInACookie) {
  http::Request req;
  req.path = "/procedures";
  req.query.emplace("lang", "en");
  req.query.emplace("q", "khai sinh");
  PageContext ctx;
  ctx.lang = "en";
  ctx.path = req.path;
  Data d{Data::type::object};
  http::Response r = RenderPage(req, ctx, "error", d);
  EXPECT_EQ(r.Header("Set-Cookie"),
            "motcua_lang=en; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
  // The switch back keeps the other parameters.
  EXPECT_NE(r.body.find("href=\"/procedures?q=khai%20sinh&amp;lang=vi\""), std::string::npos)
      << r.body;
  // Already remembered: no new cookie. Over TLS the cookie is Secure.
  req.headers.emplace_back("cookie", "motcua_lang=en");
  EXPECT_FALSE(RenderPage(req, ctx, "error", d).Header("Set-Cookie"));
  req.headers.clear();
  req.tls = true;
  EXPECT_NE(RenderPage(req, ctx, "error", d).Header("Set-Cookie")->find("; Secure"),
            std::string::npos);
}

TEST(ViewTest, PseudoLocaleMarksMessagesAndData) {
  Catalog::SetPseudoLocaleEnabled(true);
  http::Request req;
  req.path = "/x";
  req.query.emplace("lang", "qps");
  EXPECT_EQ(ChooseLanguage(req, "vi"), "qps");
  PageContext ctx;
  ctx.lang = "qps";
  ctx.path = req.path;
  ctx.title = Catalog::Get().T("qps", "error.not_found.title");
  ctx.unit_name = "Xã Thuận Châu, Sơn La";
  Data d{Data::type::object};
  d.set("heading", "Tên thủ tục <b>");
  d.set("message", Catalog::Get().T("qps", "error.not_found.body"));
  http::Response r = RenderPage(req, ctx, "error", d);
  Catalog::SetPseudoLocaleEnabled(false);
  const std::string& b = r.body;
  EXPECT_NE(b.find("<title>⟦Không tìm thấy trang⟧</title>"), std::string::npos) << b;
  EXPECT_NE(b.find("<h1>⟪Tên thủ tục &lt;b&gt;⟫</h1>"), std::string::npos) << b;
  EXPECT_NE(b.find("<span>⟪Xã Thuận Châu, Sơn La⟫</span>"), std::string::npos) << b;
  EXPECT_NE(b.find("<p>⟦Địa chỉ này"), std::string::npos) << b;
  // Attribute values carry no markers, so links and forms still work.
  EXPECT_NE(b.find("<html lang=\"qps\">"), std::string::npos) << b;
  EXPECT_NE(b.find("href=\"/static/site.css?v="), std::string::npos) << b;
  EXPECT_NE(b.find("href=\"/x?lang=vi\""), std::string::npos) << b;
  EXPECT_EQ(b.find('\x0e'), std::string::npos);
  EXPECT_EQ(b.find('\x0f'), std::string::npos);
}

}  // namespace
}  // namespace motcua::web
