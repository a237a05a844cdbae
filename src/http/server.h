// Server: serves a Router over HTTP/1.1 with RESTinio.
//
// Requests are parsed on a few I/O threads and handled on a bounded worker pool, so a handler may
// block (on a store commit, say) without stalling other connections. Around every handler the
// server: assigns a request id (X-Request-Id, taken from the client when well-formed), enforces the
// body size limit (413: a problem, or what SetTooLargeHandler answers), answers 404/405 problems, runs the `before` hook (authorisation:
// it may answer instead of the handler), turns an escaped exception into a logged 500 problem, adds
// security headers, compresses textual bodies with gzip when the client accepts it (compress.h),
// records per-route metrics and writes one JSON access-log line.
//
// A handler may answer later (Response::Later, for long polls such as the work list's events):
// its worker thread is freed at once and the response goes out whenever the holder of the Reply
// calls it, from any thread, through the same pipeline. Until then the request counts as in flight,
// so whoever parks requests must answer them before Shutdown (or within the grace period).
//
// Shutdown() stops taking new requests (503 problem), waits for in-flight ones to finish (up to
// the grace period), then closes the listener. Thread-safe; Start and Shutdown once each.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/env.h"
#include "base/status.h"
#include "http/router.h"

namespace motcua::http {

struct ServerOptions {
  std::string host = "127.0.0.1";      // address to listen on
  uint16_t port = 8080;
  int io_threads = 2;                  // threads parsing HTTP (RESTinio's asio pool)
  int worker_threads = 32;             // threads running handlers (they may block on the store)
  int worker_queue = 4096;             // queued requests beyond which the server answers 503
  uint64_t max_body_bytes = 1 << 20;   // larger bodies get a 413 problem (bigger than 2× closes)
  int read_timeout_s = 30;             // idle keep-alive / slow request read limit
  int write_timeout_s = 30;            // slow client write limit
  int handler_timeout_s = 60;          // a handler taking longer has its connection closed
  int shutdown_grace_s = 20;           // how long Shutdown waits for in-flight requests
  bool tls = false;                    // requests are marked tls (set when behind TLS)
  std::string tls_cert_file;           // PEM certificate chain: when set, serve HTTPS directly
  std::string tls_key_file;            // PEM private key of that certificate
};

// Runs before each matched handler; returns a response to answer instead (e.g. 401/403).
using BeforeHook = std::function<std::optional<Response>(Request&, const Route&)>;
// Answers a request whose body is over the limit (`limit_bytes`); returns nullopt for the default
// 413 problem. It runs before routing and authorisation: it must not trust or act on the body.
using TooLargeHandler = std::function<std::optional<Response>(const Request&, uint64_t limit_bytes)>;

class Server {
 public:
  Server(ServerOptions options, const Router& router, Env& env, BeforeHook before = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving. Unavailable (with the address) when the port cannot be bound.
  Status Start();
  // Stops gracefully (see above) and returns when every thread has stopped.
  void Shutdown();
  // Sets the handler for paths no route matches (default: a 404 problem). Call before Start.
  void SetNotFoundHandler(Handler handler);
  // Sets how a body over max_body_bytes is answered (default: a 413 problem); the web layer
  // installs one that shows pages an HTML page. Call before Start.
  void SetTooLargeHandler(TooLargeHandler handler);
  // Returns the number of requests being handled right now.
  int InFlight() const;

  // Runs one request through the same pipeline as the network path, without sockets (for tests and
  // benchmarks).
  Response TEST_Handle(Request& request);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Adds the security headers every response carries (CSP without inline scripts, nosniff,
// Referrer-Policy, frame denial) unless already present.
void AddSecurityHeaders(Response& response, bool tls);

}  // namespace motcua::http
