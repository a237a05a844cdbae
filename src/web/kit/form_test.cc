#include "web/kit/form.h"

#include <gtest/gtest.h>

namespace motcua::web {
namespace {

TEST(FormTest, ReadsRepeatedFieldsInOrderSent) {
  http::Request req;
  req.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  req.body = "fee_name=L%E1%BB%87+ph%C3%AD&fee_amount=8.000&fee_name=&fee_amount=&name=A";
  PostedForm f = ReadPostedForm(req);
  EXPECT_TRUE(f.ok);
  EXPECT_EQ(f.All("fee_name"), (std::vector<std::string>{"Lệ phí", ""}));
  EXPECT_EQ(f.All("fee_amount"), (std::vector<std::string>{"8.000", ""}));
  EXPECT_EQ(f.Get("name"), "A");
  EXPECT_EQ(f.Get("missing"), "");
  EXPECT_EQ(f.File("file"), nullptr);
}

TEST(FormTest, ReadsMultipartFieldsAndFiles) {
  http::Request req;
  req.headers = {{"content-type", "multipart/form-data; boundary=XX"}};
  req.body =
      "--XX\r\nContent-Disposition: form-data; name=\"announcement\"\r\n\r\n{}\r\n"
      "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n"
      "Content-Type: application/json\r\n\r\n{\"year\":2027}\r\n"
      "--XX\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n\r\n\r\n--XX--\r\n";
  PostedForm f = ReadPostedForm(req);
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.Get("announcement"), "{}");
  ASSERT_NE(f.File("file"), nullptr);
  EXPECT_EQ(f.File("file")->body, "{\"year\":2027}");
  EXPECT_EQ(f.File("empty"), nullptr);  // a file input left empty is dropped
  req.body = "not multipart";
  EXPECT_FALSE(ReadPostedForm(req).ok);
}

// Issue 14: a field that is not UTF-8 is named, and its value made safe to show again (JSON
// serialisation of it threw before).
TEST(FormTest, NamesFieldsThatAreNotUtf8AndKeepsEveryValueUtf8) {
  http::Request req;
  req.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  req.body = "ly_do=N%F4p+%FF&ten=L%C3%B2&ly_do=x&k%FF=1";
  PostedForm f = ReadPostedForm(req);
  EXPECT_TRUE(f.ok);
  EXPECT_EQ(f.not_utf8, (std::vector<std::string>{"k\xEF\xBF\xBD", "ly_do"}));
  EXPECT_EQ(f.Get("ly_do"), "N\xEF\xBF\xBDp \xEF\xBF\xBD");
  EXPECT_EQ(f.Get("ten"), "Lò");
  req.headers = {{"content-type", "multipart/form-data; boundary=XX"}};
  req.body =
      "--XX\r\nContent-Disposition: form-data; name=\"ly_do_rut\"\r\n\r\nN\xf4p\r\n"
      "--XX\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"a\xff.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n%PDF\r\n--XX--\r\n";
  f = ReadPostedForm(req);
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.not_utf8, (std::vector<std::string>{"ly_do_rut", "tep"}));
  ASSERT_NE(f.File("tep"), nullptr);
  EXPECT_EQ(f.File("tep")->filename, "a\xEF\xBF\xBD.pdf");
}

TEST(FormTest, LinesAreTrimmedAndEmptyOnesDropped) {
  EXPECT_EQ(Lines(" Cấp xã \r\n\r\nCấp tỉnh\n  "), (std::vector<std::string>{"Cấp xã", "Cấp tỉnh"}));
  EXPECT_TRUE(Lines("").empty());
}

TEST(FormTest, ErrorsLinkToTheirFieldsAndSitBesideThem) {
  FormErrors errors;
  Data none{Data::type::object};
  errors.Into(none);
  EXPECT_FALSE(none.get("has_errors"));
  errors.Add("budget_appraise", "too small");
  errors.Add("steps", "too long");
  EXPECT_EQ(errors.Find("steps"), "too long");
  EXPECT_EQ(errors.Find("name"), "");
  Data d{Data::type::object};
  errors.Into(d);
  ASSERT_TRUE(d.get("has_errors"));
  const auto& list = d.get("errors")->list_value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].get("href")->string_value(), "#budget_appraise");
  EXPECT_EQ(d.get("e")->get("err_steps")->string_value(), "too long");
}

}  // namespace
}  // namespace motcua::web
