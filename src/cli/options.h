// Options: every setting of the motcua binary, in one struct with each default documented.
//
// Values come from, in increasing precedence: the defaults below, a TOML file (`--config FILE` or
// MOTCUA_CONFIG), MOTCUA_* environment variables (key upper-cased: listen → MOTCUA_LISTEN), and
// command-line flags. A bad value anywhere is an InvalidArgument naming its source and key, which
// the CLI reports with exit code 2. Secrets are marked so `motcua config` prints them masked.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace motcua::cli {

struct Options {
  // --- Serving ---
  std::string listen = "127.0.0.1:8080";  // HOST:PORT to listen on
  std::string public_url = "";            // base URL people reach us at (QR codes, links);
                                          // empty: http://<listen>
  bool demo = false;                      // seed and serve the demo commune
  int io_threads = 2;                     // HTTP parsing threads
  int worker_threads = 32;                // request handler threads (may block on commits)
  int64_t max_body_bytes = 24 << 20;      // larger request bodies get a 413 (six 4 MB scans fit)
  int read_timeout_s = 30;                // idle / slow-read limit per connection
  int shutdown_grace_s = 20;              // SIGTERM: how long in-flight requests may finish
  std::string metrics_token = "";         // secret; when set, /metrics needs "Bearer <token>"
  bool test_endpoints = false;            // expose /api/v1/_test/* (crash tests only)
  bool test_clock = false;                // test only, needs test_endpoints: POST
                                          // /api/v1/_test/clock moves the dossiers' clock
                                          // (due times, countdowns, apologies, escalations)

  // --- Storage ---
  std::string data_dir = "var";           // holds motcua.db (SQLite, WAL) and uploads
  std::string database;                   // postgres://… selects PostgreSQL; empty: SQLite
  std::string database_replica;           // PostgreSQL read replica for lag-tolerant reads
  int store_readers = 4;                  // reader connections
  bool store_durable = true;              // fsync every commit (synchronous=FULL)

  std::string reference_dir = "";         // bundled reference data (units…); empty: the
                                          // source tree's data/ this binary was built from
  // Agency electronic ids (Decision 20/2020 format) of the units, until the published ids are
  // loaded: "{code}" is the unit's GSO code, "{province}" its province's id.
  std::string agency_id_province_template = "H{code}";
  std::string agency_id_unit_template = "{province}.{code}";

  // --- Identity ---
  int password_hash_mib = 64;             // Argon2id memory per hash (libsodium interactive)
  int session_idle_min = 120;             // sign out after this long without a request
  int session_absolute_min = 720;         // and after this long in any case
  std::string totp_required_roles = "signer,province_admin,national_admin";  // must use TOTP
  bool authorisation_needs_level2 = true;  // residents authorise others only at VNeID level 2
  bool tls = false;                       // served over TLS by a reverse proxy: Secure cookies
  std::string tls_cert = "";              // PEM certificate chain: serve HTTPS directly
  std::string tls_key = "";               // secret; PEM private key for tls_cert
  // Residents sign in through OpenID Connect (VNeID or a provider standing in for it).
  std::string oidc_issuer = "";           // issuer URL; empty: resident sign-in is off
  std::string oidc_client_id = "";        // our client id at the provider
  std::string oidc_client_secret = "";    // secret; our client secret
  std::string oidc_redirect_uri = "";     // empty: <public_url>/auth/callback
  std::string oidc_id_claim = "SoDinhDanh";  // claim holding the personal identification number
  std::string oidc_level_claim = "acr";   // claim marking the assurance level
  std::string oidc_level2_values = "loa-2,2,muc2";  // values of it that mean level 2
  std::string oidc_resolve = "";          // host:port:address pins for the provider (tests)

  // --- Signed results (issue 17) ---
  // Encrypts the units' signing keys at rest (PKCS #8, AES-256); needed to make keys and to sign.
  // Keep it out of the config file in production: MOTCUA_SIGNING_KEY_PASSPHRASE.
  std::string signing_key_passphrase = "";  // secret

  // --- Notifications ---
  std::string smtp_url = "";              // e.g. smtp://127.0.0.1:25; empty: e-mail is kept in
                                          // the outbox, undelivered
  std::string smtp_from = "motcua@localhost";  // sender address of notifications
  int lookup_per_minute = 60;
  int64_t upload_max_bytes = 4 << 20;   // largest uploaded file (scans, photos, results)           // public lookups per client address and minute
  std::string notify_email = "";        // the centre's mailbox for escalations (due soon, overdue)
  // --- Accommodation notices (service/lodging), for communes that set none on the police desk ---
  int lodging_foreign_hours = 12;       // hours to declare a foreign guest (24 in remote areas)
  int lodging_retention_days = 365;     // days a guest's particulars are kept after check-out
  int escalation_interval_s = 60;       // how often due times are checked for escalations
  int due_soon_working_days = 2;        // "due soon" warning window, in working days before the due
  int desk_events_hold_s = 25;          // a desk's event request waits this long for a change
  int desk_events_poll_ms = 500;        // how often new events are looked for on their behalf
  // A dossier whose applicant was asked to complete or supplement more than once (a recorded
  // exception beyond the one request of Decree 118 Art 11) counts as late (on_time false), as
  // the national portal's Decision 766 scoring counts it (domain.md §2.5). Uncertain as law, so
  // configurable; on by default.
  bool supplementation_exception_counts_late = true;

  // --- Backups (docs/operations.md) ---
  std::string backup_dir = "";          // where `motcua backup` and the schedule put backups
  std::string backup_time = "";         // "HH:MM" Vietnam time: serve backs up daily then;
                                        // empty: no scheduled backup
  int backup_keep_daily = 7;            // keep the newest backup of each of the last N days
  int backup_keep_monthly = 12;         // and of each of the last M months
  std::string checkpoint_unit = "";     // the unit whose key signs serve's scheduled checkpoints;
                                        // empty: no scheduled checkpoint
  int checkpoint_interval_h = 24;       // hours between scheduled checkpoints
  std::string checkpoint_file = "";     // the export file they are appended to
                                        // (empty: <data_dir>/checkpoints.jsonl)

  // --- Logging ---
  std::string log_level = "info";         // trace, debug, info, warn, error, off
  bool log_json = false;                  // JSON log lines even on a terminal

  // --- Language ---
  std::string default_lang = "vi";        // vi or en
  bool pseudo_locale = false;             // test only: also serve ?lang=qps, every catalogued
                                          // message between ⟦ ⟧ (finds uncatalogued text)
};

// One entry per option: its key, whether it is secret, its help, and how to set/print it.
struct OptionInfo {
  std::string key;
  std::string help;
  bool secret = false;
  bool quoted = false;  // a string in TOML
  std::function<Status(Options&, const std::string&)> set;
  std::function<std::string(const Options&)> get;
};

// Returns the table of all options in display order.
const std::vector<OptionInfo>& AllOptions();

// Applies a TOML document (its text) to `options`. `source` names it in errors.
Status ApplyToml(Options& options, const std::string& toml_text, const std::string& source);
// Applies MOTCUA_<KEY> variables from `environ` (name → value).
Status ApplyEnvironment(Options& options, const std::map<std::string, std::string>& environ);
// Applies one key=value (from a flag). InvalidArgument for unknown keys or bad values.
Status ApplyValue(Options& options, const std::string& key, const std::string& value,
                  const std::string& source);
// Checks cross-field rules (listen parses, ranges). Lists every problem at once.
Status Validate(const Options& options);
// Returns the options as a TOML document (usable as --config) with secrets masked
// ("********"; an empty secret stays empty).
std::string Describe(const Options& options);
// Splits "HOST:PORT"; InvalidArgument when malformed.
Status SplitListen(const std::string& listen, std::string* host, uint16_t* port);

}  // namespace motcua::cli
