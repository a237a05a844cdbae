#include "cli/options.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <toml++/toml.h>

#include "base/log.h"
#include "store/store.h"

namespace motcua::cli {

namespace {

Status ParseInt(const std::string& v, int64_t lo, int64_t hi, int64_t* out) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size()) {
    return Status::InvalidArgument(fmt::format("'{}' is not a whole number", v));
  }
  if (n < lo || n > hi) {
    return Status::InvalidArgument(fmt::format("{} is outside {}..{}", n, lo, hi));
  }
  *out = n;
  return Status::Ok();
}

Status ParseBool(const std::string& v, bool* out) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") {
    *out = true;
  } else if (v == "false" || v == "0" || v == "no" || v == "off") {
    *out = false;
  } else {
    return Status::InvalidArgument(fmt::format("'{}' is not true or false", v));
  }
  return Status::Ok();
}

OptionInfo Str(std::string key, std::string help, std::string Options::*field, bool secret = false) {
  return OptionInfo{key, help, secret, true,
                    [field](Options& o, const std::string& v) {
                      o.*field = v;
                      return Status::Ok();
                    },
                    [field](const Options& o) { return o.*field; }};
}

template <typename T>
OptionInfo Int(std::string key, std::string help, T Options::*field, int64_t lo, int64_t hi) {
  return OptionInfo{key, help, false, false,
                    [field, lo, hi](Options& o, const std::string& v) {
                      int64_t n = 0;
                      MOTCUA_RETURN_IF_ERROR(ParseInt(v, lo, hi, &n));
                      o.*field = static_cast<T>(n);
                      return Status::Ok();
                    },
                    [field](const Options& o) { return std::to_string(o.*field); }};
}

OptionInfo Bool(std::string key, std::string help, bool Options::*field) {
  return OptionInfo{key, help, false, false,
                    [field](Options& o, const std::string& v) { return ParseBool(v, &(o.*field)); },
                    [field](const Options& o) { return std::string(o.*field ? "true" : "false"); }};
}

OptionInfo OneOf(std::string key, std::string help, std::string Options::*field,
                 std::vector<std::string> allowed) {
  return OptionInfo{key, help, false, true,
                    [field, allowed](Options& o, const std::string& v) {
                      for (const auto& a : allowed) {
                        if (a == v) {
                          o.*field = v;
                          return Status::Ok();
                        }
                      }
                      std::string list;
                      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
                      return Status::InvalidArgument(
                          fmt::format("'{}' is not one of: {}", v, list));
                    },
                    [field](const Options& o) { return o.*field; }};
}

}  // namespace

const std::vector<OptionInfo>& AllOptions() {
  static const std::vector<OptionInfo> kAll = {
      Str("listen", "HOST:PORT to listen on", &Options::listen),
      Str("public_url", "base URL people reach the server at (links, QR codes)",
          &Options::public_url),
      Bool("demo", "seed and serve the demo commune", &Options::demo),
      Int("io_threads", "HTTP parsing threads", &Options::io_threads, 1, 64),
      Int("worker_threads", "request handler threads", &Options::worker_threads, 1, 1024),
      Int("max_body_bytes", "largest request body accepted", &Options::max_body_bytes, 1024,
          int64_t{1} << 30),
      Int("read_timeout_s", "idle/slow-read limit per connection (s)", &Options::read_timeout_s, 1,
          3600),
      Int("shutdown_grace_s", "time in-flight requests get on SIGTERM (s)",
          &Options::shutdown_grace_s, 0, 600),
      Str("metrics_token", "bearer token required by /metrics (empty: open)",
          &Options::metrics_token, /*secret=*/true),
      Bool("test_endpoints", "expose /api/v1/_test/* (crash tests only)", &Options::test_endpoints),
      Bool("test_clock",
           "test only, needs test_endpoints: POST /api/v1/_test/clock moves the dossiers' clock",
           &Options::test_clock),
      Str("data_dir", "directory holding the database and uploads", &Options::data_dir),
      Str("database",
          "PostgreSQL connection URI (postgres://user@host/db); empty: SQLite in data_dir",
          &Options::database, /*secret=*/true),
      Str("database_replica",
          "PostgreSQL read replica URI for lag-tolerant reads (dashboards, public lookup)",
          &Options::database_replica, /*secret=*/true),
      Int("store_readers", "reader connections", &Options::store_readers, 1, 256),
      Bool("store_durable", "fsync every commit", &Options::store_durable),
      Str("reference_dir", "bundled reference data directory (units, holidays, procedures)",
          &Options::reference_dir),
      Str("agency_id_province_template",
          "agency electronic id of a province; {code} = its 2-digit code (must give MX1X2, e.g. H14)",
          &Options::agency_id_province_template),
      Str("agency_id_unit_template",
          "agency electronic id of a commune-level unit; {province} = the province id, {code} = its code",
          &Options::agency_id_unit_template),
      Int("password_hash_mib", "Argon2id memory per password hash (MiB)",
          &Options::password_hash_mib, 1, 1024),
      Int("session_idle_min", "sign-out after this many idle minutes", &Options::session_idle_min,
          1, 7 * 24 * 60),
      Int("session_absolute_min", "sign-out after this many minutes in any case",
          &Options::session_absolute_min, 1, 30 * 24 * 60),
      Str("totp_required_roles", "comma-separated roles that must use a TOTP second factor",
          &Options::totp_required_roles),
      Bool("authorisation_needs_level2",
           "a resident records an authorisation (ủy quyền) only when signed in at VNeID level 2",
           &Options::authorisation_needs_level2),
      Bool("tls", "served over TLS by a reverse proxy (Secure cookies, HSTS)", &Options::tls),
      Str("tls_cert", "PEM certificate chain file: serve HTTPS directly", &Options::tls_cert),
      Str("tls_key", "PEM private key file of tls_cert", &Options::tls_key, /*secret=*/true),
      Str("smtp_url", "SMTP server for e-mail notifications (empty: not sent)", &Options::smtp_url),
      Str("smtp_from", "sender address of e-mail notifications", &Options::smtp_from),
      Int("lodging_foreign_hours",
          "hours within which a foreign guest's declaration is due (12; 24 in remote areas)",
          &Options::lodging_foreign_hours, 1, 48),
      Int("lodging_retention_days",
          "days a lodging guest's particulars are kept after check-out, then erased",
          &Options::lodging_retention_days, 1, 3650),
      Int("lookup_per_minute", "public dossier lookups allowed per client address and minute",
          &Options::lookup_per_minute, 1, 10000000),
      Int("upload_max_bytes", "largest uploaded file (a scan, a photo of a paper, a result)",
          &Options::upload_max_bytes, 1024, int64_t{1} << 30),
      Str("notify_email", "mailbox of the centre that receives escalations (due soon, overdue; "
          "each names the handler and the unit heads); empty: escalations show in the work "
          "lists only",
          &Options::notify_email),
      Int("due_soon_working_days", "working days before the due time at which a dossier is "
          "'due soon' (work lists, escalation): an apology must go out at least one working "
          "day before the due time, so the default 2 leaves a day to act",
          &Options::due_soon_working_days, 1, 20),
      Int("escalation_interval_s", "seconds between two checks of due times for escalations",
          &Options::escalation_interval_s, 1, 86400),
      Int("desk_events_hold_s", "seconds an officer's work-list event request waits for a change "
          "before it is answered 'no change' (the page then asks again)",
          &Options::desk_events_hold_s, 1, 50),
      Int("desk_events_poll_ms", "milliseconds between two looks for new events on behalf of "
          "waiting work lists", &Options::desk_events_poll_ms, 50, 10000),
      Bool("supplementation_exception_counts_late",
           "a dossier asked to complete or supplement more than once (a recorded exception to "
           "Decree 118 Art 11) counts as late, as the national portal counts it",
           &Options::supplementation_exception_counts_late),
      Str("backup_dir", "folder the backups go in (motcua backup, the daily schedule); a "
          "second disk or a mounted share, not the data directory's disk",
          &Options::backup_dir),
      Str("backup_time", "HH:MM (Vietnam time) at which serve takes the daily backup into "
          "backup_dir; empty: no scheduled backup", &Options::backup_time),
      Int("backup_keep_daily", "backups kept: the newest of each of the last N days",
          &Options::backup_keep_daily, 0, 3660),
      Int("backup_keep_monthly", "backups kept: the newest of each of the last M months",
          &Options::backup_keep_monthly, 0, 1200),
      Str("checkpoint_unit", "unit whose signing key signs serve's scheduled checkpoints of the "
          "history; empty: none", &Options::checkpoint_unit),
      Int("checkpoint_interval_h", "hours between scheduled checkpoints",
          &Options::checkpoint_interval_h, 1, 8760),
      Str("checkpoint_file", "file the scheduled checkpoints are appended to (JSON lines); "
          "empty: checkpoints.jsonl in data_dir", &Options::checkpoint_file),
      Str("oidc_issuer", "OpenID Connect issuer for resident sign-in (empty: off)",
          &Options::oidc_issuer),
      Str("oidc_client_id", "our OpenID Connect client id", &Options::oidc_client_id),
      Str("oidc_client_secret", "our OpenID Connect client secret", &Options::oidc_client_secret,
          /*secret=*/true),
      Str("signing_key_passphrase",
          "passphrase encrypting the units' signing keys at rest (or MOTCUA_SIGNING_KEY_PASSPHRASE)",
          &Options::signing_key_passphrase, /*secret=*/true),
      Str("oidc_redirect_uri", "callback URL registered at the provider (empty: public_url + "
          "/auth/callback)", &Options::oidc_redirect_uri),
      Str("oidc_id_claim", "claim holding the personal identification number",
          &Options::oidc_id_claim),
      Str("oidc_level_claim", "claim marking the identity assurance level",
          &Options::oidc_level_claim),
      Str("oidc_level2_values", "comma-separated values of the level claim meaning level 2",
          &Options::oidc_level2_values),
      Str("oidc_resolve", "host:port:address pins for reaching the provider",
          &Options::oidc_resolve),
      OneOf("log_level", "log level", &Options::log_level,
            {"trace", "debug", "info", "warn", "error", "off"}),
      Bool("log_json", "JSON log lines even on a terminal", &Options::log_json),
      OneOf("default_lang", "language of pages when the visitor has not chosen",
            &Options::default_lang, {"vi", "en"}),
      Bool("pseudo_locale", "test only: serve the pseudo-locale qps (catalogued text marked)",
           &Options::pseudo_locale),
  };
  return kAll;
}

Status ApplyValue(Options& o, const std::string& key, const std::string& value,
                  const std::string& source) {
  for (const auto& info : AllOptions()) {
    if (info.key == key) {
      Status st = info.set(o, value);
      if (!st.ok()) {
        return Status::InvalidArgument(
            fmt::format("{}: option '{}': {}", source, key, st.message()), {{key, st.message()}});
      }
      return Status::Ok();
    }
  }
  return Status::InvalidArgument(
      fmt::format("{}: unknown option '{}'; 'motcua config' lists them all", source, key),
      {{key, "unknown option"}});
}

Status ApplyToml(Options& o, const std::string& text, const std::string& source) {
  toml::table parsed;
  try {  // toml++ is built with exceptions; none leaves this function
    parsed = toml::parse(text, source);
  } catch (const toml::parse_error& err) {
    return Status::InvalidArgument(fmt::format("{}:{}:{}: {}", source, err.source().begin.line,
                                               err.source().begin.column, err.description()));
  }
  for (const auto& [k, node] : parsed) {
    std::string key(k.str());
    std::string value;
    if (node.is_string()) {
      value = *node.value<std::string>();
    } else if (node.is_integer()) {
      value = std::to_string(*node.value<int64_t>());
    } else if (node.is_boolean()) {
      value = *node.value<bool>() ? "true" : "false";
    } else {
      return Status::InvalidArgument(
          fmt::format("{}: option '{}' must be a string, a whole number or true/false", source, key),
          {{key, "unsupported type"}});
    }
    MOTCUA_RETURN_IF_ERROR(ApplyValue(o, key, value, source));
  }
  return Status::Ok();
}

Status ApplyEnvironment(Options& o, const std::map<std::string, std::string>& environ) {
  for (const auto& info : AllOptions()) {
    std::string name = "MOTCUA_";
    for (char c : info.key) name.push_back(static_cast<char>(std::toupper(c)));
    auto it = environ.find(name);
    if (it != environ.end()) {
      MOTCUA_RETURN_IF_ERROR(ApplyValue(o, info.key, it->second, "environment " + name));
    }
  }
  return Status::Ok();
}

Status SplitListen(const std::string& listen, std::string* host, uint16_t* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Status::InvalidArgument(
        fmt::format("listen '{}' must be HOST:PORT, e.g. 127.0.0.1:8080", listen),
        {{"listen", "must be HOST:PORT"}});
  }
  int64_t p = 0;
  if (!ParseInt(listen.substr(colon + 1), 1, 65535, &p).ok()) {
    return Status::InvalidArgument(
        fmt::format("listen '{}': the port must be a number from 1 to 65535", listen),
        {{"listen", "bad port"}});
  }
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  *port = static_cast<uint16_t>(p);
  return Status::Ok();
}

Status Validate(const Options& o) {
  std::string host;
  uint16_t port = 0;
  MOTCUA_RETURN_IF_ERROR(SplitListen(o.listen, &host, &port));
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return Status::InvalidArgument("tls_cert and tls_key go together: set both or neither",
                                   {{"tls_key", "needs tls_cert"}});
  }
  if (o.agency_id_province_template.find("{code}") == std::string::npos) {
    return Status::InvalidArgument("agency_id_province_template must contain {code}",
                                   {{"agency_id_province_template", "needs {code}"}});
  }
  if (o.agency_id_unit_template.find("{code}") == std::string::npos) {
    return Status::InvalidArgument("agency_id_unit_template must contain {code}",
                                   {{"agency_id_unit_template", "needs {code}"}});
  }
  if (!o.database.empty() && !store::IsPostgresUrl(o.database)) {
    return Status::InvalidArgument(
        "database must be a PostgreSQL URI (postgres://user@host:5432/db); leave it empty for "
        "SQLite in data_dir",
        {{"database", "not a postgres:// URI"}});
  }
  if (!o.database_replica.empty() && o.database.empty()) {
    return Status::InvalidArgument("database_replica needs database (PostgreSQL)",
                                   {{"database_replica", "needs database"}});
  }
  if (o.data_dir.empty()) {
    return Status::InvalidArgument("data_dir must not be empty", {{"data_dir", "empty"}});
  }
  if (!o.public_url.empty() && !o.public_url.starts_with("http://") &&
      !o.public_url.starts_with("https://")) {
    return Status::InvalidArgument("public_url must start with http:// or https://",
                                   {{"public_url", "not an http(s) URL"}});
  }
  if (!o.backup_time.empty()) {
    const std::string& t = o.backup_time;
    auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    const bool shape = t.size() == 5 && t[2] == ':' && digit(t[0]) && digit(t[1]) &&
                       digit(t[3]) && digit(t[4]);
    if (!shape || std::stoi(t.substr(0, 2)) > 23 || std::stoi(t.substr(3, 2)) > 59) {
      return Status::InvalidArgument("backup_time must be HH:MM, e.g. 02:30",
                                     {{"backup_time", "not HH:MM"}});
    }
    if (o.backup_dir.empty()) {
      return Status::InvalidArgument("backup_time needs backup_dir: say where backups go",
                                     {{"backup_dir", "needed by backup_time"}});
    }
  }
  if (o.test_clock && !o.test_endpoints) {
    return Status::InvalidArgument(
        "test_clock is for tests only and needs test_endpoints = true; never set it in service",
        {{"test_clock", "needs test_endpoints"}});
  }
  return Status::Ok();
}

std::string Describe(const Options& o) {
  std::string out;
  for (const auto& info : AllOptions()) {
    std::string v = info.get(o);
    if (info.secret && !v.empty()) v = "********";
    if (info.quoted) v = "\"" + JsonEscape(v) + "\"";
    out += fmt::format("{} = {:<28} # {}\n", info.key, v, info.help);
  }
  return out;
}

}  // namespace motcua::cli
