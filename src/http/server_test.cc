#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "base/free_port_for_test.h"

namespace motcua::http {
namespace {

// Sends one GET and returns the whole response (the server closes after it).
std::string Get(uint16_t port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return "connect failed";
  const std::string req = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  if (write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) return "write failed";
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, n);
  close(fd);
  return out;
}

// A slot for the Reply of a parked request.
struct Parked {
  std::mutex mu;
  Reply reply;
  std::promise<void> arrived;
};

Router Routes(Parked& parked) {
  Router r;
  EXPECT_TRUE(r.Add({Method::kGet, "/wait", "public",
                     [&parked](Request&) {
                       return Response::Later([&parked](Reply reply) {
                         std::lock_guard<std::mutex> lock(parked.mu);
                         parked.reply = std::move(reply);
                         parked.arrived.set_value();
                       });
                     }})
                  .ok());
  EXPECT_TRUE(
      r.Add({Method::kGet, "/ping", "public", [](Request&) { return Response::Text(200, "pong"); }})
          .ok());
  return r;
}

TEST(ServerTest, AParkedRequestFreesItsWorkerAndIsAnsweredLater) {
  Parked parked;
  Router router = Routes(parked);
  ServerOptions o;
  o.port = static_cast<uint16_t>(FreePort());
  o.worker_threads = 1;  // the parked request would hold the only worker if it were not freed
  o.io_threads = 1;
  Server server(o, router, Env::Default());
  ASSERT_TRUE(server.Start().ok());
  auto waiting = std::async(std::launch::async, [&] { return Get(o.port, "/wait"); });
  parked.arrived.get_future().wait();
  EXPECT_NE(Get(o.port, "/ping").find("pong"), std::string::npos);
  {
    std::lock_guard<std::mutex> lock(parked.mu);
    std::thread([reply = parked.reply] { reply(Response::Text(200, "later")); }).join();
    parked.reply(Response::Text(500, "a second reply is ignored"));
  }
  const std::string answer = waiting.get();
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  EXPECT_NE(answer.find("later"), std::string::npos) << answer;
  EXPECT_NE(answer.find("X-Request-Id"), std::string::npos) << answer;
  EXPECT_NE(answer.find("X-Content-Type-Options: nosniff"), std::string::npos) << answer;
  server.Shutdown();
}

// A quick route runs on the I/O thread: it is answered while the only worker is busy.
TEST(ServerTest, AQuickRouteIsAnsweredWhileEveryWorkerIsBusy) {
  std::promise<void> entered, release;
  std::shared_future<void> released = release.get_future().share();
  Router router;
  ASSERT_TRUE(router
                  .Add({Method::kGet, "/block", "public",
                        [&](Request&) {
                          entered.set_value();
                          released.wait();
                          return Response::Text(200, "unblocked");
                        }})
                  .ok());
  Route quick{Method::kGet, "/quick", "public",
              [](Request&) { return Response::Text(200, "quick"); }};
  quick.quick = true;
  ASSERT_TRUE(router.Add(quick).ok());
  ServerOptions o;
  o.port = static_cast<uint16_t>(FreePort());
  o.worker_threads = 1;
  o.io_threads = 1;
  Server server(o, router, Env::Default());
  ASSERT_TRUE(server.Start().ok());
  auto blocked = std::async(std::launch::async, [&] { return Get(o.port, "/block"); });
  entered.get_future().wait();
  auto answer = std::async(std::launch::async, [&] { return Get(o.port, "/quick"); });
  // A guard against a hang, not a timing assertion: queued behind /block it would never come.
  const bool answered = answer.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  release.set_value();
  EXPECT_TRUE(answered) << "the quick route waited for the busy worker";
  EXPECT_NE(answer.get().find("quick"), std::string::npos);
  EXPECT_NE(blocked.get().find("unblocked"), std::string::npos);
  server.Shutdown();
}

TEST(ServerTest, TestHandleWaitsForADeferredResponse) {
  Parked parked;
  Router router = Routes(parked);
  Server server(ServerOptions{}, router, Env::Default());
  std::thread replier([&] {
    parked.arrived.get_future().wait();
    std::lock_guard<std::mutex> lock(parked.mu);
    parked.reply(Response::Text(202, "done"));
  });
  Request req;
  req.path = "/wait";
  Response r = server.TEST_Handle(req);
  replier.join();
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "done");
  EXPECT_FALSE(r.deferred);
}

// Issue 14, defect 3: no header value may carry CR or LF, whoever sets it.
TEST(HeaderTest, ControlCharactersAreNeverAHeader) {
  EXPECT_TRUE(IsSafeHeaderField("Location", "/can-bo?x=1"));
  EXPECT_TRUE(IsSafeHeaderField("X-Note", "tab\there"));
  EXPECT_FALSE(IsSafeHeaderField("Location", "/\r\nX-Injected: 1"));
  EXPECT_FALSE(IsSafeHeaderField("Location", "/\nX"));
  EXPECT_FALSE(IsSafeHeaderField("Location", std::string("/\0x", 3)));
  EXPECT_FALSE(IsSafeHeaderField("Bad Name", "v"));
  EXPECT_FALSE(IsSafeHeaderField("Bad:Name", "v"));
  EXPECT_FALSE(IsSafeHeaderField("", "v"));
  Response r;
  r.SetHeader("Location", "/ok");
  r.SetHeader("Location", "/a\r\nX-Injected: 1");
  EXPECT_EQ(r.Header("Location"), "/ok");
  EXPECT_EQ(r.refused_header, "Location");
}

TEST(ServerTest, AResponseWithAnUnsafeHeaderBecomesA500) {
  Router router;
  ASSERT_TRUE(router
                  .Add({Method::kGet, "/set", "public",
                        [](Request& q) {
                          Response r = Response::Text(200, "set");
                          r.SetHeader("X-Echo", q.Query("v"));
                          return r;
                        }})
                  .ok());
  ASSERT_TRUE(router
                  .Add({Method::kGet, "/push", "public",
                        [](Request& q) {
                          Response r = Response::Text(200, "pushed");
                          r.headers.emplace_back("X-Echo", q.Query("v"));
                          return r;
                        }})
                  .ok());
  Server server(ServerOptions{}, router, Env::Default());
  for (const char* path : {"/set", "/push"}) {
    Request req;
    req.path = path;
    req.query.emplace("v", "a\r\nX-Injected: 1");
    Response r = server.TEST_Handle(req);
    EXPECT_EQ(r.status, 500) << path;
    EXPECT_FALSE(r.Header("X-Injected")) << path;
    EXPECT_FALSE(r.Header("X-Echo")) << path;
    Request fine;
    fine.path = path;
    fine.query.emplace("v", "plain");
    EXPECT_EQ(server.TEST_Handle(fine).status, 200) << path;
  }
}

}  // namespace
}  // namespace motcua::http
