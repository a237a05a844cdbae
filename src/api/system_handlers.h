// Handlers for health, readiness, metrics, version and the test-only probe endpoints.
#pragma once

#include "api/routes.h"
#include "http/message.h"

namespace motcua::api {

http::Response HandleHealthz(http::Request& req);
http::Response HandleReadyz(const ApiDeps& deps, http::Request& req);
http::Response HandleMetrics(const ApiDeps& deps, http::Request& req);
http::Response HandleVersion(const ApiDeps& deps, http::Request& req);
http::Response HandleTestProbe(const ApiDeps& deps, http::Request& req);
http::Response HandleTestSleep(http::Request& req);
http::Response HandleTestResidentSession(const ApiDeps& deps, http::Request& req);
// POST /api/v1/_test/clock {"offset_ms": N}: sets how far the dossiers' clock runs ahead of the
// real one (negative: behind) and returns {"offset_ms", "now"}. Registered only with the test-only
// options test_endpoints and test_clock.
http::Response HandleTestClock(const ApiDeps& deps, http::Request& req);

}  // namespace motcua::api
