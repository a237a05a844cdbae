#include "http/router.h"

#include "base/text.h"
#include "http/url.h"

namespace motcua::http {

namespace {
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path = path.substr(slash + 1);
  }
  return out;
}
}  // namespace

Status Router::Add(Route route) {
  if (route.permission.empty()) {
    return Status::InvalidArgument("route " + route.pattern + " has no permission rule");
  }
  if (route.pattern.empty() || route.pattern.front() != '/') {
    return Status::InvalidArgument("route pattern must start with '/': " + route.pattern);
  }
  Compiled c;
  auto parts = SplitPath(route.pattern);
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    Segment s;
    size_t open = p.find('{'), close = p.find('}');
    if (open == std::string_view::npos) {
      s.kind = Segment::kLiteral;
      s.literal = std::string(p);
      c.specificity += static_cast<int>(p.size()) + 1000;
    } else {
      if (close == std::string_view::npos || close < open) {
        return Status::InvalidArgument("malformed route pattern: " + route.pattern);
      }
      std::string name(p.substr(open + 1, close - open - 1));
      s.prefix = std::string(p.substr(0, open));
      s.suffix = std::string(p.substr(close + 1));
      if (name.size() > 3 && name.ends_with("...")) {
        if (i + 1 != parts.size()) {
          return Status::InvalidArgument("catch-all must be last: " + route.pattern);
        }
        s.kind = Segment::kRest;
        name.resize(name.size() - 3);
      } else {
        s.kind = Segment::kParam;
        c.specificity += 100;
      }
      s.name = name;
      c.specificity += static_cast<int>(s.prefix.size() + s.suffix.size());
    }
    c.segments.push_back(std::move(s));
  }
  for (const Route& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) {
      return Status::InvalidArgument("duplicate route " + std::string(MethodName(r.method)) + " " +
                                     r.pattern);
    }
  }
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
  return Status::Ok();
}

bool Router::Match(const Compiled& c, const std::vector<std::string>& parts,
                   std::map<std::string, std::string>* params) {
  size_t n = c.segments.size();
  bool rest = n > 0 && c.segments.back().kind == Segment::kRest;
  if (rest ? parts.size() < n : parts.size() != n) return false;
  for (size_t i = 0; i < n; ++i) {
    const Segment& s = c.segments[i];
    const std::string& p = parts[i];
    switch (s.kind) {
      case Segment::kLiteral:
        if (p != s.literal) return false;
        break;
      case Segment::kParam: {
        if (p.size() <= s.prefix.size() + s.suffix.size() || !p.starts_with(s.prefix) ||
            !p.ends_with(s.suffix))
          return false;
        std::string v = p.substr(s.prefix.size(), p.size() - s.prefix.size() - s.suffix.size());
        if (v.find('/') != std::string::npos) return false;
        (*params)[s.name] = std::move(v);
        break;
      }
      case Segment::kRest: {
        std::string v;
        for (size_t j = i; j < parts.size(); ++j) {
          if (j > i) v.push_back('/');
          v += parts[j];
        }
        (*params)[s.name] = std::move(v);
        break;
      }
    }
  }
  return true;
}

RouteMatch Router::Find(Method method, std::string_view path) const {
  RouteMatch out;
  std::vector<std::string> parts;
  for (std::string_view raw : SplitPath(path)) {
    auto d = PercentDecode(raw, false);
    // A segment that is not UTF-8 names nothing here: 404, before any handler sees the bytes.
    if (!d || !IsValidUtf8(*d)) return out;
    parts.push_back(std::move(*d));
  }
  Method want = method == Method::kHead ? Method::kGet : method;
  int best = -1;
  for (size_t i = 0; i < routes_.size(); ++i) {
    std::map<std::string, std::string> params;
    if (!Match(compiled_[i], parts, &params)) continue;
    if (routes_[i].method != want) {
      out.allowed.push_back(routes_[i].method);
      continue;
    }
    if (compiled_[i].specificity > best) {
      best = compiled_[i].specificity;
      out.route = &routes_[i];
      out.params = std::move(params);
    }
  }
  if (out.route) out.allowed.clear();
  return out;
}

}  // namespace motcua::http
