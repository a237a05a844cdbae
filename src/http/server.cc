// The only translation unit that includes RESTinio.
#include "http/server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <future>
#include <mutex>
#include <restinio/all.hpp>
#include <restinio/tls.hpp>
#include <thread>

#include "base/civil_time.h"
#include "base/log.h"
#include "base/metrics.h"
#include "http/compress.h"
#include "http/problem.h"
#include "http/url.h"

// Bodies over the limit are answered 413, whatever their size (issue 14, defect 7). RESTinio's own
// parser callbacks drop the connection without an answer when a body passes `max_body_size`; the
// parser settings are chosen by the traits' method-mapper type, so a mapper type of our own selects
// the callbacks below. They keep RESTinio's behaviour for bodies within the limit; a body over it
// is read and discarded as it arrives (memory stays bounded, the connection stays in step), and the
// request reaches the server marked with a field name no client can send (it holds a ':').
namespace motcua::http {
struct MethodsDiscardingOversizeBodies : restinio::default_http_methods_t {};
inline constexpr const char kRefusedBodyField[] = ":motcua-refused-body-bytes";
}  // namespace motcua::http

namespace restinio::impl {
template <>
inline http_parser_settings
create_parser_settings<motcua::http::MethodsDiscardingOversizeBodies>() noexcept {
  http_parser_settings s = create_parser_settings<restinio::default_http_methods_t>();
  static constexpr auto refuse = [](http_parser_ctx_t* ctx, std::uint64_t bytes) {
    ctx->m_body.clear();
    ctx->m_body.shrink_to_fit();
    ctx->m_header.set_field(motcua::http::kRefusedBodyField, std::to_string(bytes));
  };
  static constexpr auto refused = [](http_parser_ctx_t* ctx) {
    return ctx->m_header.has_field(motcua::http::kRefusedBodyField);
  };
  s.on_headers_complete = [](http_parser* parser) -> int {
    auto* ctx = reinterpret_cast<http_parser_ctx_t*>(parser->data);
    if (ULLONG_MAX != parser->content_length &&
        parser->content_length > ctx->m_limits.max_body_size()) {
      ctx->m_leading_headers_completed = true;
      refuse(ctx, parser->content_length);
      return 0;
    }
    return restinio_headers_complete_cb(parser);
  };
  s.on_body = [](http_parser* parser, const char* at, size_t length) -> int {
    auto* ctx = reinterpret_cast<http_parser_ctx_t*>(parser->data);
    if (refused(ctx)) return 0;
    const std::uint64_t total = static_cast<std::uint64_t>(ctx->m_body.size()) + length;
    if (total > ctx->m_limits.max_body_size()) {
      refuse(ctx, total);
      return 0;
    }
    return restinio_body_cb(parser, at, length);
  };
  return s;
}
}  // namespace restinio::impl

namespace motcua::http {

void AddSecurityHeaders(Response& r, bool tls) {
  auto add = [&](const char* k, const char* v) {
    if (!r.Header(k)) r.headers.emplace_back(k, v);
  };
  add("Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
  add("X-Content-Type-Options", "nosniff");
  add("Referrer-Policy", "same-origin");
  add("X-Frame-Options", "DENY");
  if (tls) add("Strict-Transport-Security", "max-age=31536000");
}

namespace {

bool WellFormedRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      return false;
  }
  return true;
}

// A fixed pool of threads with a bounded queue.
class WorkerPool {
 public:
  WorkerPool(int threads, int capacity) : capacity_(capacity) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~WorkerPool() { Stop(); }
  // Queues a task; false when the queue is full or the pool stopped.
  bool TrySubmit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopped_ || static_cast<int>(queue_.size()) >= capacity_) return false;
      queue_.push_back(std::move(task));
    }
    cv_.notify_one();
    return true;
  }
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopped_) return;
      stopped_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  void Loop() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stopped_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }
  const int capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mu_)
  bool stopped_ = false;                     // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

struct traits_t : restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t> {
  using http_methods_mapper_t = MethodsDiscardingOversizeBodies;
};
using server_t = restinio::http_server_t<traits_t>;
struct tls_traits_t
    : restinio::tls_traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t> {
  using http_methods_mapper_t = MethodsDiscardingOversizeBodies;
};
using tls_server_t = restinio::http_server_t<tls_traits_t>;

// The running RESTinio server, plain or TLS, behind one interface.
class Listener {
 public:
  virtual ~Listener() = default;
  virtual restinio::asio_ns::io_context& io() = 0;
  virtual void OpenAsync(std::function<void()> ok, std::function<void(std::exception_ptr)> err) = 0;
  virtual void CloseAsync(std::function<void()> done) = 0;
};

template <typename Server>
class ListenerOf final : public Listener {
 public:
  template <typename Settings>
  explicit ListenerOf(Settings&& settings)
      : server_(restinio::own_io_context(), std::forward<Settings>(settings)) {}
  restinio::asio_ns::io_context& io() override { return server_.io_context(); }
  void OpenAsync(std::function<void()> ok, std::function<void(std::exception_ptr)> err) override {
    server_.open_async(std::move(ok), std::move(err));
  }
  void CloseAsync(std::function<void()> done) override {
    auto d = std::make_shared<std::function<void()>>(std::move(done));
    server_.close_async([d] { (*d)(); }, [d](std::exception_ptr) { (*d)(); });
  }

 private:
  Server server_;
};

template <typename Traits, typename Handler>
restinio::server_settings_t<Traits> Settings(const ServerOptions& o, Handler handler) {
  restinio::server_settings_t<Traits> settings;
  settings.address(o.host)
      .port(o.port)
      .read_next_http_message_timelimit(std::chrono::seconds(o.read_timeout_s))
      .write_http_response_timelimit(std::chrono::seconds(o.write_timeout_s))
      .handle_request_timeout(std::chrono::seconds(o.handler_timeout_s))
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                    .max_url_size(8192)
                                    .max_field_name_size(1024)
                                    .max_field_value_size(16384)
                                    .max_field_count(100)
                                    .max_body_size(o.max_body_bytes))
      .request_handler(std::move(handler));
  return settings;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions o, const Router& router, Env& env, BeforeHook before)
      : options_(std::move(o)), router_(router), env_(env), before_(std::move(before)) {}

  Status Start();
  void Shutdown();
  // Runs one request through the pipeline and calls `done` with the response: at once, or later
  // from another thread when the handler deferred it (`keep` holds `req` alive until then).
  void Dispatch(Request& req, std::shared_ptr<const void> keep, Reply done);
  // Returns the request's response (blocking until a deferred one arrives; tests, benchmarks).
  Response Handle(Request& req);
  int InFlight() const { return in_flight_.load(); }
  void SetNotFound(Handler h) { not_found_ = std::move(h); }
  void SetTooLarge(TooLargeHandler h) { too_large_ = std::move(h); }

 private:
  void OnRequest(restinio::request_handle_t req);
  // Adds the headers, compression, metrics and access-log line every response gets.
  Response Finish(Request& req, Response resp, int64_t start, const std::string& route_label);
  void Send(const restinio::request_handle_t& req, Response resp, bool head);

  const ServerOptions options_;
  const Router& router_;
  Env& env_;
  BeforeHook before_;
  Handler not_found_;
  TooLargeHandler too_large_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<Listener> listener_;
  std::vector<std::thread> io_threads_;
  std::atomic<int> in_flight_{0};
  std::atomic<bool> draining_{false};
  std::mutex drain_mu_;
  std::condition_variable drain_cv_;
};

Status Server::Impl::Start() {
  pool_ = std::make_unique<WorkerPool>(options_.worker_threads, options_.worker_queue);
  auto handler = [this](restinio::request_handle_t req) {
    OnRequest(std::move(req));
    return restinio::request_accepted();
  };
  try {
    if (!options_.tls_cert_file.empty()) {
      namespace ssl = restinio::asio_ns::ssl;
      ssl::context ctx{ssl::context::tls_server};
      ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                      ssl::context::single_dh_use);
      ctx.use_certificate_chain_file(options_.tls_cert_file);
      ctx.use_private_key_file(options_.tls_key_file, ssl::context::pem);
      auto settings = Settings<tls_traits_t>(options_, handler);
      settings.tls_context(std::move(ctx));
      listener_ = std::make_unique<ListenerOf<tls_server_t>>(std::move(settings));
    } else {
      listener_ = std::make_unique<ListenerOf<server_t>>(Settings<traits_t>(options_, handler));
    }
    std::promise<Status> started;
    auto fut = started.get_future();
    listener_->OpenAsync(
        [&] { started.set_value(Status::Ok()); },
        [&](std::exception_ptr ex) {
          try {
            std::rethrow_exception(ex);
          } catch (const std::exception& e) {
            started.set_value(Status::Unavailable(fmt::format(
                "http: cannot listen on {}:{}: {}", options_.host, options_.port, e.what())));
          }
        });
    for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
      io_threads_.emplace_back([this] { listener_->io().run(); });
    }
    Status st = fut.get();
    if (!st.ok()) {
      listener_->io().stop();
      for (auto& t : io_threads_) t.join();
      io_threads_.clear();
      pool_->Stop();
      return st;
    }
  } catch (const std::exception& e) {
    return Status::Unavailable(
        fmt::format("http: cannot start on {}:{}: {}", options_.host, options_.port, e.what()));
  }
  return Status::Ok();
}

void Server::Impl::OnRequest(restinio::request_handle_t req) {
  auto r = std::make_shared<Request>();
  const auto& h = req->header();
  r->method = ParseMethod(h.method().c_str());
  r->path = std::string(h.path());
  r->raw_query = std::string(h.query());
  r->query = ParseQuery(r->raw_query);
  for (const auto& f : h) {
    if (f.name() == kRefusedBodyField) {
      r->refused_body_bytes = std::strtoull(f.value().c_str(), nullptr, 10);
      continue;
    }
    std::string name = f.name();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r->headers.emplace_back(std::move(name), f.value());
  }
  r->body = req->body();
  r->remote_ip = req->remote_endpoint().address().to_string();
  r->tls = options_.tls;
  bool head = r->method == Method::kHead;
  if (draining_.load()) {
    Response resp =
        Problem(503, "Shutting down", "The server is restarting; try again in a few seconds.");
    resp.SetHeader("Retry-After", "5");
    resp.SetHeader("Connection", "close");
    AddSecurityHeaders(resp, options_.tls);
    Send(req, std::move(resp), head);
    return;
  }
  in_flight_.fetch_add(1);
  auto finish = [this, req, head](Response resp) {
    Send(req, std::move(resp), head);
    if (in_flight_.fetch_sub(1) == 1) {
      std::lock_guard<std::mutex> lock(drain_mu_);
      drain_cv_.notify_all();
    }
  };
  if (r->BodyBytes() <= options_.max_body_bytes) {
    const RouteMatch m = router_.Find(r->method, r->path);
    if (m.route && m.route->quick) {
      Dispatch(*r, r, finish);
      return;
    }
  }
  bool queued = pool_->TrySubmit([this, r, finish] { Dispatch(*r, r, finish); });
  if (!queued) {
    in_flight_.fetch_sub(1);
    Response resp = Problem(503, "Busy", "The server has too much work queued; try again shortly.");
    resp.SetHeader("Retry-After", "1");
    AddSecurityHeaders(resp, options_.tls);
    Send(req, std::move(resp), head);
  }
}

void Server::Impl::Dispatch(Request& req, std::shared_ptr<const void> keep, Reply done) {
  const int64_t start = env_.MonotonicNs();
  auto id = req.Header("x-request-id");
  req.request_id = id && WellFormedRequestId(*id) ? std::string(*id) : env_.RandomHex(8);
  Response resp;
  std::string route_label = "unmatched";
  RouteMatch m = router_.Find(req.method, req.path);
  if (req.BodyBytes() > options_.max_body_bytes) {
    std::optional<Response> page;
    if (too_large_) page = too_large_(req, options_.max_body_bytes);
    resp = page ? std::move(*page)
                : Problem(413, "Request too large",
                          fmt::format("The request body is {} bytes; the limit is {} bytes.",
                                      req.BodyBytes(), options_.max_body_bytes));
  } else if (!m.route && !m.allowed.empty()) {
    std::string allow;
    for (Method a : m.allowed) allow += (allow.empty() ? "" : ", ") + std::string(MethodName(a));
    resp = Problem(405, "Method not allowed",
                   fmt::format("{} is not supported here; use {}.", MethodName(req.method), allow));
    resp.SetHeader("Allow", allow);
  } else if (!m.route) {
    resp = not_found_ ? not_found_(req)
                      : Problem(404, "Not found", "There is nothing at " + req.path + ".");
  } else {
    route_label = m.route->pattern;
    req.params = std::move(m.params);
    req.route = m.route->pattern;
    try {
      std::optional<Response> early;
      if (before_) early = before_(req, *m.route);
      resp = early ? std::move(*early) : m.route->handler(req);
    } catch (const std::exception& e) {
      spdlog::error("http: request {} {} {} threw: {}", req.request_id, MethodName(req.method),
                    req.path, e.what());
      resp = ProblemFromStatus(Status::Internal(e.what()));
    } catch (...) {
      spdlog::error("http: request {} {} {} threw", req.request_id, MethodName(req.method),
                    req.path);
      resp = ProblemFromStatus(Status::Internal("unknown exception"));
    }
  }
  if (!resp.deferred) {
    done(Finish(req, std::move(resp), start, route_label));
    return;
  }
  // A long poll: the worker thread is free as soon as `park` returns; the reply comes later.
  auto park = std::move(resp.deferred);
  auto replied = std::make_shared<std::atomic<bool>>(false);
  Reply reply = [this, &req, keep, start, route_label, done, replied](Response later) {
    if (replied->exchange(true)) return;  // a second reply is a bug in the parker; ignore it
    later.deferred = nullptr;
    done(Finish(req, std::move(later), start, route_label));
  };
  try {
    park(reply);
  } catch (const std::exception& e) {
    spdlog::error("http: request {} {} could not wait: {}", req.request_id, req.path, e.what());
    reply(ProblemFromStatus(Status::Internal(e.what())));
  }
}

Response Server::Impl::Finish(Request& req, Response resp, int64_t start,
                              const std::string& route_label) {
  // No header may carry CR, LF or another control character (issue 14, defect 3): a handler that
  // tried to set one answers 500 instead, and the log names the header.
  std::string bad = resp.refused_header;
  for (const auto& [k, v] : resp.headers) {
    if (bad.empty() && !IsSafeHeaderField(k, v)) bad = k;
  }
  if (!bad.empty()) {
    spdlog::error("http: request {} {} {} tried to send header {} with a control character",
                  req.request_id, MethodName(req.method), JsonEscape(req.path), JsonEscape(bad));
    resp = ProblemFromStatus(Status::Internal("invalid response header " + bad));
  }
  resp.SetHeader("X-Request-Id", req.request_id);
  AddSecurityHeaders(resp, options_.tls);
  CompressResponse(req, resp);
  double seconds = (env_.MonotonicNs() - start) / 1e9;
  auto& reg = MetricsRegistry::Global();
  std::string method(MethodName(req.method));
  reg.GetCounter(
         "motcua_http_requests_total", "HTTP requests by route, method and status.",
         fmt::format("route=\"{}\",method=\"{}\",status=\"{}\"", route_label, method, resp.status))
      .Add();
  reg.GetHistogram("motcua_http_request_seconds", "HTTP request handling time by route.",
                   fmt::format("route=\"{}\",method=\"{}\"", route_label, method))
      .Observe(seconds);
  LogAccess(fmt::format(
      R"({{"ts":"{}","request_id":"{}","remote":"{}","method":"{}","path":"{}","route":"{}","status":{},"bytes":{},"ms":{:.3f}}})",
      FormatRfc3339Utc(env_.NowMs()), JsonEscape(req.request_id), JsonEscape(req.remote_ip), method,
      JsonEscape(req.path), JsonEscape(route_label), resp.status, resp.body.size(),
      seconds * 1000));
  return resp;
}

Response Server::Impl::Handle(Request& req) {
  std::promise<Response> answer;
  auto fut = answer.get_future();
  Dispatch(req, nullptr, [&answer](Response r) { answer.set_value(std::move(r)); });
  return fut.get();
}

void Server::Impl::Send(const restinio::request_handle_t& req, Response resp, bool head) {
  try {
    restinio::http_status_line_t line{
        restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)},
        std::string(ReasonPhrase(resp.status))};
    if (head) {  // headers only, with the length the GET body would have
      auto rb = req->create_response<restinio::user_controlled_output_t>(std::move(line));
      for (auto& [k, v] : resp.headers) {
        if (IsSafeHeaderField(k, v)) rb.append_header(k, v);
      }
      rb.set_content_length(resp.body.size());
      rb.done();
      return;
    }
    auto rb = req->create_response(std::move(line));
    for (auto& [k, v] : resp.headers) {
      if (IsSafeHeaderField(k, v)) rb.append_header(k, v);  // Finish answered 500 for the rest
    }
    rb.set_body(std::move(resp.body));
    rb.done();
  } catch (const std::exception& e) {
    spdlog::warn("http: cannot send a response: {}", e.what());
  }
}

void Server::Impl::Shutdown() {
  if (!listener_ || draining_.exchange(true)) return;
  {
    std::unique_lock<std::mutex> lock(drain_mu_);
    bool drained = drain_cv_.wait_for(lock, std::chrono::seconds(options_.shutdown_grace_s),
                                      [&] { return in_flight_.load() == 0; });
    if (!drained) {
      spdlog::warn("http: {} requests still running after {} s; stopping anyway", in_flight_.load(),
                   options_.shutdown_grace_s);
    }
  }
  pool_->Stop();
  auto closed = std::make_shared<std::promise<void>>();
  listener_->CloseAsync([closed] { closed->set_value(); });
  closed->get_future().wait_for(std::chrono::seconds(5));
  listener_->io().stop();
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();
}

Server::Server(ServerOptions options, const Router& router, Env& env, BeforeHook before)
    : impl_(std::make_unique<Impl>(std::move(options), router, env, std::move(before))) {}
Server::~Server() { impl_->Shutdown(); }
Status Server::Start() { return impl_->Start(); }
void Server::Shutdown() { impl_->Shutdown(); }
void Server::SetNotFoundHandler(Handler handler) { impl_->SetNotFound(std::move(handler)); }
void Server::SetTooLargeHandler(TooLargeHandler handler) { impl_->SetTooLarge(std::move(handler)); }
int Server::InFlight() const { return impl_->InFlight(); }
Response Server::TEST_Handle(Request& request) { return impl_->Handle(request); }

}  // namespace motcua::http
