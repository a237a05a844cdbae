"""The binary's command line: options precedence, bad options (exit 2), config masking,
migrate, version, verify, and refusing a newer schema."""
import os
import sqlite3
import tempfile
import unittest

from harness import Server, run_cli


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="motcua-cli-")
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_version(self):
        r = run_cli("version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^motcua \d+\.\d+\.\d+")

    def test_unknown_command_and_flag_exit_2(self):
        self.assertEqual(run_cli("frobnicate").returncode, 2)
        r = run_cli("serve", "--no-such-flag")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--help", r.stderr)

    def test_bad_option_values_exit_2_with_message(self):
        r = run_cli("serve", "--listen", "nonsense", "--data-dir", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("HOST:PORT", r.stderr)
        r = run_cli("config", env={"MOTCUA_WORKER_THREADS": "lots"})
        self.assertEqual(r.returncode, 2)
        self.assertIn("MOTCUA_WORKER_THREADS", r.stderr)
        cfg = os.path.join(self.dir, "bad.toml")
        with open(cfg, "w") as f:
            f.write("log_level = 'shouting'\n")
        r = run_cli("config", "--config", cfg)
        self.assertEqual(r.returncode, 2)
        self.assertIn("log_level", r.stderr)
        self.assertIn("bad.toml", r.stderr)
        r = run_cli("config", "--config", os.path.join(self.dir, "missing.toml"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read the config file", r.stderr)

    def test_precedence_file_env_flag_and_masking(self):
        cfg = os.path.join(self.dir, "motcua.toml")
        with open(cfg, "w") as f:
            f.write('listen = "127.0.0.1:9001"\ndata_dir = "/from/file"\n'
                    'metrics_token = "very-secret"\nworker_threads = 7\n')
        r = run_cli("config", "--config", cfg, env={"MOTCUA_DATA_DIR": "/from/env",
                                                    "MOTCUA_WORKER_THREADS": "9"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('listen = "127.0.0.1:9001"', r.stdout)
        self.assertIn('data_dir = "/from/env"', r.stdout)
        self.assertIn("worker_threads = 9", r.stdout)
        self.assertNotIn("very-secret", r.stdout)
        self.assertIn('metrics_token = "********"', r.stdout)
        r = run_cli("config", "--config", cfg, "--data-dir", "/from/flag",
                    env={"MOTCUA_DATA_DIR": "/from/env"})
        self.assertIn('data_dir = "/from/flag"', r.stdout)
        r = run_cli("config", env={"MOTCUA_CONFIG": cfg})
        self.assertIn('listen = "127.0.0.1:9001"', r.stdout)

    def test_migrate_then_verify(self):
        r = run_cli("migrate", "--data-dir", self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("schema version", r.stdout)
        r = run_cli("verify", "--data-dir", self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("OK", r.stdout)
        self.assertIn("verify:", r.stderr)  # progress lines when not on a terminal

    def test_refuses_newer_schema(self):
        self.assertEqual(run_cli("migrate", "--data-dir", self.dir).returncode, 0)
        db = sqlite3.connect(os.path.join(self.dir, "motcua.db"))
        db.execute("INSERT INTO schema_migrations VALUES (999, 'future', 0)")
        db.commit()
        db.close()
        s = Server(data_dir=self.dir)
        s.start(wait=False)
        self.assertEqual(s.proc.wait(20), 1)
        self.assertIn("schema version 999", s.output())
        self.assertIn("newer", s.output())

    def test_verify_names_a_tampered_event(self):
        s = Server(data_dir=self.dir, env={"MOTCUA_TEST_ENDPOINTS": "true"}).start()
        for i in range(5):
            self.assertEqual(s.json("POST", "/api/v1/_test/probes", {"key": f"k{i}"})[0], 201)
        self.assertEqual(s.stop(), 0)
        db = sqlite3.connect(os.path.join(self.dir, "motcua.db"))
        db.execute("DROP TRIGGER events_no_update")
        db.execute("UPDATE events SET body = '{\"key\":\"forged\"}' "
                   "WHERE province = '00' AND province_seq = 3")
        db.commit()
        db.close()
        r = run_cli("verify", "--data-dir", self.dir)
        self.assertEqual(r.returncode, 1)
        self.assertIn("province 00, event #3", r.stderr)
        self.assertIn("restore", r.stderr)

    def test_procedures_import_reports_and_is_all_or_nothing(self):
        catalogue = os.path.join(os.path.dirname(__file__), "..", "..", "data", "procedures",
                                 "commune_catalogue.jsonl")
        with open(catalogue, encoding="utf-8") as f:
            lines = f.read().splitlines()
        bad = os.path.join(self.dir, "bad.jsonl")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("\n".join(lines[:3] + ["{not json"] + lines[3:6]) + "\n")
        r = run_cli("procedures", "import", "--data-dir", self.dir, bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn("line 4", r.stderr)
        self.assertIn("nothing was imported", r.stderr)
        db = sqlite3.connect(os.path.join(self.dir, "motcua.db"))
        self.assertEqual(db.execute("SELECT COUNT(*) FROM procedures").fetchone()[0], 0)
        db.close()
        r = run_cli("procedures", "import", "--data-dir", self.dir, catalogue)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"{len(lines)} procedures read", r.stdout)
        self.assertIn(f"{len(lines)} new", r.stdout)
        self.assertIn("procedures import:", r.stderr)  # progress
        r = run_cli("procedures", "import", "--data-dir", self.dir, catalogue)
        self.assertIn(f"{len(lines)} unchanged", r.stdout)
        self.assertEqual(run_cli("procedures", "import", "--data-dir", self.dir).returncode, 2)


    def test_units_import_with_configured_agency_ids(self):
        r = run_cli("units", "import", "--data-dir", self.dir,
                    env={"MOTCUA_AGENCY_ID_PROVINCE_TEMPLATE": "G{code}"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("34 provinces and 3321 communes", r.stdout)
        self.assertIn("pre-2025 units", r.stdout)
        db = sqlite3.connect(os.path.join(self.dir, "motcua.db"))
        row = db.execute("SELECT agency_id FROM units WHERE code = '03721' AND era = '2025'").fetchone()
        self.assertEqual(row[0], "G14.03721")
        n = db.execute("SELECT COUNT(*) FROM unit_mappings WHERE new_code = '03721'").fetchone()[0]
        self.assertGreater(n, 1)
        db.close()
        r = run_cli("units", "import", "--data-dir", self.dir,
                    env={"MOTCUA_AGENCY_ID_PROVINCE_TEMPLATE": "G"})
        self.assertEqual(r.returncode, 2)
        self.assertIn("{code}", r.stderr)

    def test_second_start_reuses_data(self):
        s = Server(data_dir=self.dir).start()
        self.assertEqual(s.stop(), 0)
        s = Server(data_dir=self.dir).start()
        status, _, body = s.request("GET", "/")
        self.assertIn("Xã Thuận Châu", body.decode())
        self.assertEqual(s.stop(), 0)
        db = sqlite3.connect(os.path.join(self.dir, "motcua.db"))
        n = db.execute("SELECT COUNT(*) FROM events WHERE type = 'site.configured'").fetchone()[0]
        self.assertEqual(n, 1)


if __name__ == "__main__":
    unittest.main()
