// Fuzzes multipart/form-data (http/multipart.h). Input: "<Content-Type>\n<body>". The body is
// split with the boundary of the Content-Type when it has one, else with a fixed boundary (so
// mutations of the body are not wasted on a bad header). Property: every part has a name and the
// limits hold.
#include <cstdint>
#include <string>

#include "fuzz_util.h"
#include "http/message.h"
#include "http/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  std::string_view content_type;
  std::string_view body = fuzz::SplitFirst(fuzz::AsText(data, size), '\n', &content_type);

  http::MultipartLimits limits;
  limits.max_parts = 16;
  limits.max_header_bytes = 512;
  auto boundary = http::MultipartBoundary(content_type);
  auto parts = http::ParseMultipart(body, boundary ? *boundary : "XyZ", limits);
  if (parts.ok()) {
    if (parts->size() > limits.max_parts) fuzz::Fail("more parts than max_parts");
    for (const auto& p : *parts) {
      if (p.name.empty()) fuzz::Fail("a part without a name");
      if (p.body.size() > body.size()) fuzz::Fail("a part larger than the body");
    }
    (void)http::FindField(*parts, "_csrf");
  }

  // The request path, as the authorisation hook and the pages use it.
  http::Request req;
  req.method = http::Method::kPost;
  req.headers.emplace_back("content-type", std::string(content_type));
  req.body = std::string(body);
  if (http::IsMultipart(req)) (void)http::ParseMultipartRequest(req);
  return 0;
}
