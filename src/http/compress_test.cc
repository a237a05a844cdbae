#include "http/compress.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace motcua::http {
namespace {

std::string Gunzip(const std::string& gz) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

std::string Page() {
  std::string s = "<!doctype html><html lang=\"vi\"><body>";
  for (int i = 0; i < 200; ++i) s += "<li>Thủ tục hành chính số " + std::to_string(i) + "</li>";
  return s + "</body></html>";
}

Request Accepting(std::string encodings) {
  Request req;
  req.headers.emplace_back("accept-encoding", std::move(encodings));
  return req;
}

TEST(CompressTest, GzipRoundTrips) {
  std::string page = Page();
  auto gz = Gzip(page);
  ASSERT_TRUE(gz);
  EXPECT_LT(gz->size(), page.size() / 4);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
  EXPECT_EQ(Gunzip(*gz), page);
  EXPECT_EQ(Gunzip(*Gzip("")), "");
}

TEST(CompressTest, ReadsAcceptEncoding) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br, zstd"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_TRUE(AcceptsGzip(" deflate , gzip "));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000, br"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("x-gzip2"));
  EXPECT_FALSE(AcceptsGzip(""));
}

TEST(CompressTest, CompressesTextualBodiesTheClientAccepts) {
  Response r = Response::Html(200, Page());
  r.SetHeader("ETag", "\"abc\"");
  CompressResponse(Accepting("gzip, br"), r);
  EXPECT_EQ(r.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(r.Header("Vary"), "Accept-Encoding");
  EXPECT_EQ(r.Header("ETag"), "W/\"abc\"");
  EXPECT_EQ(Gunzip(r.body), Page());
}

TEST(CompressTest, LeavesOtherResponsesAlone) {
  Response plain = Response::Html(200, Page());
  CompressResponse(Request{}, plain);  // no Accept-Encoding
  EXPECT_EQ(plain.body, Page());
  EXPECT_FALSE(plain.Header("Content-Encoding"));
  EXPECT_EQ(plain.Header("Vary"), "Accept-Encoding");

  Response small = Response::Html(200, "<p>ngắn</p>");
  CompressResponse(Accepting("gzip"), small);
  EXPECT_EQ(small.body, "<p>ngắn</p>");

  Response png = Response::Text(200, std::string(4096, 'x'), "image/png");
  CompressResponse(Accepting("gzip"), png);
  EXPECT_EQ(png.body.size(), 4096u);
  EXPECT_FALSE(png.Header("Vary"));

  Response json = Response::Json(200, std::string(4096, ' '));
  CompressResponse(Accepting("gzip;q=0"), json);
  EXPECT_EQ(json.body.size(), 4096u);

  Response not_modified;
  not_modified.status = 304;
  CompressResponse(Accepting("gzip"), not_modified);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_FALSE(not_modified.Header("Content-Encoding"));
}

}  // namespace
}  // namespace motcua::http
