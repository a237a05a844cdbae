// HTTP request and response values as seen by handlers. Plain data: no RESTinio types leak out of
// http/server.cc, so api/ and web/ compile without its heavy headers.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

// Returns "GET", "POST", …
std::string_view MethodName(Method m);
// Parses a method name; kOther when unknown.
Method ParseMethod(std::string_view name);

struct Request {
  Method method = Method::kGet;
  std::string path;                                          // decoded path, no query
  std::string raw_query;                                     // as received
  std::multimap<std::string, std::string> query;             // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  // The size of a body over the server's limit, which was discarded unread (body is then empty).
  std::uint64_t refused_body_bytes = 0;
  std::map<std::string, std::string> params;  // path parameters of the matched route
  std::string route;                          // the matched route pattern
  std::string request_id;
  std::string remote_ip;
  bool tls = false;
  // Values set by middleware for handlers (the signed-in principal, the chosen language, …).
  std::map<std::string, std::string> attrs;
  // An opaque slot for the layers above http (api/web keep the signed-in principal here).
  std::shared_ptr<const void> context;

  // Returns the size of the body as sent: its length, or the size of a refused one.
  std::uint64_t BodyBytes() const { return refused_body_bytes ? refused_body_bytes : body.size(); }
  // Returns the first header with this (lower-case) name.
  std::optional<std::string_view> Header(std::string_view lower_name) const;
  // Returns the first query value for `name`, or "" when absent.
  std::string Query(std::string_view name) const;
  // Returns the value of cookie `name`.
  std::optional<std::string> Cookie(std::string_view name) const;
  // Returns the path parameter `name` ("" when the route has none).
  std::string Param(std::string_view name) const;
  // Returns the context object set by the layer above as a T, or null when none is set.
  template <typename T>
  const T* ContextAs() const {
    return static_cast<const T*>(context.get());
  }
};

struct Response;

// Sends a deferred response; call it once, from any thread.
using Reply = std::function<void(Response)>;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set (through Later) by a handler that answers later, a long poll: the server calls it on the
  // worker thread with the Reply that sends the final response, then frees that thread for other
  // requests. Whoever holds the Reply must call it exactly once. Empty for ordinary responses.
  std::function<void(Reply)> deferred;
  // The name of a header SetHeader refused (its value held CR, LF or another control character);
  // the server answers such a response with 500 instead of sending it.
  std::string refused_header;

  // Sets (or replaces) a header. A name or value that is not safe (IsSafeHeaderField) is not set:
  // the response is marked and the server answers 500, so no input can split a response.
  Response& SetHeader(std::string name, std::string value);
  std::optional<std::string_view> Header(std::string_view name) const;

  static Response Json(int status, std::string body);
  static Response Html(int status, std::string body);
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response Redirect(std::string location, int status = 303);
  // Returns a response that `park` completes later (see `deferred`).
  static Response Later(std::function<void(Reply)> park);
};

// Returns true when `name` is an HTTP token and `value` holds no control character but horizontal
// tab (RFC 9110 §5.5): no CR, LF or NUL, so it cannot end the header or start another one.
bool IsSafeHeaderField(std::string_view name, std::string_view value);

// Returns the standard reason phrase of a status ("Not Found").
std::string_view ReasonPhrase(int status);

}  // namespace motcua::http
