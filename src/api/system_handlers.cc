#include "api/system_handlers.h"

#include <chrono>
#include <thread>

#include "api/auth.h"
#include "api/json_util.h"
#include <spdlog/spdlog.h>

#include "base/civil_time.h"
#include "base/hash.h"
#include "base/metrics.h"
#include "http/problem.h"

namespace motcua::api {

using http::Request;
using http::Response;

Response HandleHealthz(Request&) { return JsonResponse(200, {{"status", "ok"}}); }

Response HandleReadyz(const ApiDeps& deps, Request&) {
  Status st = deps.system->Ready();
  if (!st.ok()) return http::ProblemFromStatus(Status::Unavailable(st.message()));
  return JsonResponse(200, {{"status", "ready"}});
}

Response HandleMetrics(const ApiDeps& deps, Request& req) {
  if (!deps.metrics_token.empty()) {
    auto auth = req.Header("authorization");
    if (!auth || !ConstantTimeEquals(*auth, "Bearer " + deps.metrics_token)) {
      Response r = http::ProblemFromStatus(
          Status::Unauthenticated("metrics need 'Authorization: Bearer <metrics_token>'"));
      r.SetHeader("WWW-Authenticate", "Bearer");
      return r;
    }
  }
  return Response::Text(200, MetricsRegistry::Global().RenderPrometheus(),
                        "text/plain; version=0.0.4; charset=utf-8");
}

Response HandleVersion(const ApiDeps& deps, Request&) {
  auto v = deps.system->Version();
  if (!v.ok()) return http::ProblemFromStatus(v.status());
  return JsonResponse(200, {{"name", v->name},
                            {"version", v->version},
                            {"schema_version", v->schema_version},
                            {"known_schema_version", v->known_schema_version}});
}

Response HandleTestProbe(const ApiDeps& deps, Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  auto key = RequiredStringField(*body, "key", 200);
  if (!key.ok()) {
    return http::ProblemFromStatus(
        Status::InvalidArgument("a probe needs a string 'key'", {{"key", "required string"}}));
  }
  auto e = deps.system->TEST_RecordProbe(*key);
  if (!e.ok()) return http::ProblemFromStatus(e.status());
  return JsonResponse(201, {{"seq", e->seq}, {"hash", e->hash}});
}

Response HandleTestSleep(Request& req) {
  int ms = std::atoi(req.Query("ms").c_str());
  std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp(ms, 0, 30000)));
  return JsonResponse(200, {{"slept_ms", ms}});
}

Response HandleTestClock(const ApiDeps& deps, Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  constexpr int64_t kTenYearsMs = int64_t{3653} * 86'400'000;
  const auto it = body->find("offset_ms");
  if (it == body->end() || !it->is_number_integer() || it->get<int64_t>() < -kTenYearsMs ||
      it->get<int64_t>() > kTenYearsMs) {
    return http::ProblemFromStatus(Status::InvalidArgument(
        "the clock needs an integer 'offset_ms' within ten years",
        {{"offset_ms", "required integer, at most ten years either way"}}));
  }
  deps.test_clock->TEST_SetOffsetMs(it->get<int64_t>());
  spdlog::warn("test clock: dossiers now run {} ms ahead of the real clock", it->get<int64_t>());
  return JsonResponse(200, {{"offset_ms", deps.test_clock->offset_ms()},
                            {"now", FormatRfc3339Vietnam(deps.test_clock->NowMs())}});
}

}  // namespace motcua::api

namespace motcua::api {

http::Response HandleTestResidentSession(const ApiDeps& deps, http::Request& req) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return http::ProblemFromStatus(body.status());
  auto s = deps.identity.auth.identity->SignInResident(
      body->value("subject", "test"), body->value("id_number", ""), body->value("name", ""),
      body->value("level2", false));
  if (!s.ok()) return http::ProblemFromStatus(s.status());
  http::Response r = JsonResponse(201, {{"csrf", s->csrf}});
  r.SetHeader("Set-Cookie", SessionCookie(s->token, false, 3600));
  return r;
}

}  // namespace motcua::api
