#include "http/multipart.h"

#include <gtest/gtest.h>

#include "http/message.h"

namespace motcua::http {
namespace {

TEST(MultipartTest, FindsTheBoundary) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc123"), "abc123");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data;boundary=\"a b:c\""), "a b:c");
  EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8; boundary=----WebKitX"),
            "----WebKitX");
  EXPECT_FALSE(MultipartBoundary("application/x-www-form-urlencoded").has_value());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data").has_value());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=").has_value());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')).has_value());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=\"unterminated").has_value());
}

TEST(MultipartTest, ParsesFieldsAndFiles) {
  std::string body =
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
      "tok\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"ho_ten\"\r\n\r\n"
      "Nguyễn Văn A\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"tep\"; filename=\"giấy \\\"khai\\\" sinh.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n"
      "%PDF-1.4\r\n--XY not the boundary\r\n"
      "\r\n"
      "--XyZ--\r\n";
  auto parts = ParseMultipart(body, "XyZ");
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "_csrf");
  EXPECT_EQ((*parts)[0].body, "tok");
  EXPECT_FALSE((*parts)[0].is_file);
  EXPECT_EQ((*parts)[1].body, "Nguyễn Văn A");
  EXPECT_TRUE((*parts)[2].is_file);
  EXPECT_EQ((*parts)[2].filename, "giấy \"khai\" sinh.pdf");
  EXPECT_EQ((*parts)[2].content_type, "application/pdf");
  // The file's own CRLFs stay; only the CRLF before the delimiter belongs to the delimiter.
  EXPECT_EQ((*parts)[2].body, "%PDF-1.4\r\n--XY not the boundary\r\n");
  EXPECT_EQ(FindField(*parts, "ho_ten")->body, "Nguyễn Văn A");
  EXPECT_EQ(FindField(*parts, "tep"), nullptr);  // a file is not a plain field
}

TEST(MultipartTest, KeepsBinaryBytes) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  bytes += std::string("\r\n--b\0x", 7);  // looks almost like a delimiter, with a NUL
  // "\r\n--<boundary>" inside the content would end the part (RFC 2046), so browsers choose
  // long random boundaries; a near-miss with a NUL stays content.
  std::string b2 = "----motcua7MA4YWxkTrZu0gW";
  std::string body = "--" + b2 + "\r\nContent-Disposition: form-data; name=f; filename=x.bin\r\n\r\n" + bytes +
         "\r\n--" + b2 + "--\r\n";
  auto parts = ParseMultipart(body, b2);
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].body, bytes);
  EXPECT_EQ((*parts)[0].body.size(), 256u + 7u);
  EXPECT_EQ((*parts)[0].filename, "x.bin");
}

TEST(MultipartTest, AcceptsPreambleEmptyFileAndLoneLfHeaders) {
  std::string body =
      "this is a preamble\r\n--q\n"
      "content-disposition: form-data; name=\"tep\"; filename=\"\"\n"
      "content-type: application/octet-stream\n\n"
      "\r\n--q  \r\n"
      "Content-Disposition: form-data; name=\"x\"\r\n\r\n"
      "\r\n--q--";
  auto parts = ParseMultipart(body, "q");
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_TRUE((*parts)[0].is_file);
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].body, "");
  EXPECT_EQ((*parts)[1].body, "");
}

TEST(MultipartTest, RefusesMalformedBodiesWithAClearMessage) {
  auto bad = [](std::string body) {
    auto r = ParseMultipart(body, "q");
    EXPECT_FALSE(r.ok()) << body;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
      EXPECT_NE(r.status().message().find("form data"), std::string::npos);
    }
    return r.ok() ? std::string() : r.status().message();
  };
  EXPECT_NE(bad("no boundary here").find("boundary"), std::string::npos);
  EXPECT_NE(bad("--q\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue without end")
                .find("final boundary"), std::string::npos);
  EXPECT_NE(bad("--q\r\nContent-Type: text/plain\r\n\r\nx\r\n--q--").find("no field name"),
            std::string::npos);
  bad("--q\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--q--");
  bad("--q\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--q--");
  bad("--q\r\nno colon\r\n\r\nx\r\n--q--");
  bad("--qX\r\n");
  bad("--q\r\nContent-Disposition: form-data; name=a\r\n");
  MultipartLimits small;
  small.max_parts = 1;
  auto r = ParseMultipart("--q\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
                          "--q\r\nContent-Disposition: form-data; name=b\r\n\r\n2\r\n--q--",
                          "q", small);
  EXPECT_FALSE(r.ok());
}

TEST(MultipartTest, ReadsARequest) {
  Request req;
  req.headers.emplace_back("content-type", "multipart/form-data; boundary=zz");
  req.body = "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--zz--\r\n";
  EXPECT_TRUE(IsMultipart(req));
  auto parts = ParseMultipartRequest(req);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(FindField(*parts, "a")->body, "1");
  Request form;
  form.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  EXPECT_FALSE(IsMultipart(form));
  EXPECT_FALSE(ParseMultipartRequest(form).ok());
}

}  // namespace
}  // namespace motcua::http
