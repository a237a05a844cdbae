// The PostgreSQL engine against a real server: a throwaway cluster started for this process by
// tests/integration/pgcluster.py (and stopped at the end, also when a test fails), a fresh database
// per test. The same properties as the SQLite engine's tests, plus what only a server has: two
// stores ("nodes") on one database, a restart of the server, partitions.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <set>
#include <thread>

#include "store/store.h"

namespace motcua::store {
namespace {

std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// The cluster, shared by the tests of this process.
class Cluster : public ::testing::Environment {
 public:
  static inline std::string root, url;
  void SetUp() override {
    root = (std::filesystem::temp_directory_path() / ("motcua-pgtest-" + std::to_string(getpid())))
               .string();
    url = Shell(Cmd("start"));
    ASSERT_TRUE(url.starts_with("postgres://")) << "cannot start PostgreSQL: " << url;
  }
  void TearDown() override {
    Shell(Cmd("stop"));
    std::filesystem::remove_all(root);
  }
  static std::string Cmd(const std::string& verb) {
    return "python3 " MOTCUA_PG_CLUSTER " " + verb + " " + root + " 2>&1";
  }
  static void Restart(int down_ms, const std::function<void()>& while_down) {
    Shell(Cmd("stop"));
    while_down();
    std::this_thread::sleep_for(std::chrono::milliseconds(down_ms));
    Shell(Cmd("start"));
  }
};

void Psql(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_TRUE(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK)
      << PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    db_ = "t" + std::to_string(getpid()) + "_" + std::to_string(++n);
    Psql(Cluster::url, "CREATE DATABASE " + db_);
    options_.path = Cluster::url.substr(0, Cluster::url.rfind('/') + 1) + db_;
  }

  std::unique_ptr<Store> Open() {
    auto r = OpenPostgresStore(options_, env_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }

  static NewEvent Probe(const std::string& province, const std::string& key) {
    return NewEvent{province,      "test/" + key, "test.probe",
                    1700000000000, "test",        "{\"key\":\"" + key + "\"}"};
  }

  std::string db_;
  StoreOptions options_;
  FakeEnv env_{1700000000000};
};

TEST_F(PostgresStoreTest, MigratesAndReportsVersionAndOpensThroughOpenStore) {
  auto s = Open();
  ASSERT_TRUE(s);
  EXPECT_EQ(*s->SchemaVersion(), s->KnownSchemaVersion());
  EXPECT_TRUE(s->Ping().ok());
  s->Close();
  EXPECT_TRUE(IsPostgresUrl(options_.path));
  auto again = OpenStore(options_, env_);  // already migrated: opens without migrating
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*(*again)->SchemaVersion(), (*again)->KnownSchemaVersion());
}

TEST_F(PostgresStoreTest, RefusesNewerSchema) {
  { auto s = Open(); }
  Psql(options_.path, "INSERT INTO schema_migrations VALUES (9999, 'from the future', 0)");
  auto r = OpenPostgresStore(options_, env_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("9999"), std::string::npos) << r.status().message();
}

TEST_F(PostgresStoreTest, AnUnreachableServerIsUnavailableNamingIt) {
  options_.path = "postgres://postgres@127.0.0.1:1/nothing";
  auto r = OpenPostgresStore(options_, env_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kUnavailable);
  EXPECT_NE(r.status().message().find("cannot connect to PostgreSQL"), std::string::npos);
}

TEST_F(PostgresStoreTest, EventsAndDossiersArePartitionedByProvince) {
  auto s = Open();
  ASSERT_TRUE(s);
  std::set<std::string> partitioned;
  ASSERT_TRUE(
      s->Read([&](ReadTx& tx) {
         return tx.Query(
             "SELECT c.relname, a.attname FROM pg_partitioned_table p "
             "JOIN pg_class c ON c.oid = p.partrelid "
             "JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]",
             {}, [&](const Row& r) { partitioned.insert(r.Text(0) + "." + r.Text(1)); });
       }).ok());
  EXPECT_EQ(partitioned, (std::set<std::string>{"dossiers.province", "events.province"}));
}

TEST_F(PostgresStoreTest, GroupCommitKeepsEveryAcknowledgedWrite) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->Write([](Tx& tx) {
                 return tx.Exec("CREATE TABLE probes (key TEXT PRIMARY KEY)", {}).status();
               }).ok());
  constexpr int kThreads = 8, kPerThread = 150;
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        std::string province = (t % 2) ? "11" : "12";
        Status st = s->Write([&](Tx& tx) {
          MOTCUA_RETURN_IF_ERROR(tx.Append(Probe(province, key)).status());
          return tx.Exec("INSERT INTO probes (key) VALUES (?)", {key}).status();
        });
        if (st.ok()) acknowledged.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(acknowledged.load(), kThreads * kPerThread);
  EXPECT_LT(s->Stats().commits, static_cast<uint64_t>(kThreads * kPerThread));  // grouped
  int64_t keys = 0;
  ASSERT_TRUE(s->Read([&](ReadTx& tx) {
                 return tx.Query("SELECT COUNT(*) FROM probes", {},
                                 [&](const Row& r) { keys = r.Int(0); });
               }).ok());
  EXPECT_EQ(keys, kThreads * kPerThread);
  auto report = s->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->events, kThreads * kPerThread);
  EXPECT_EQ(report->provinces, 2);
}

TEST_F(PostgresStoreTest, FailedTransactionRollsBackOnlyItself) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->Write([](Tx& tx) {
                 return tx.Exec("CREATE TABLE probes (key TEXT PRIMARY KEY)", {}).status();
               }).ok());
  std::vector<std::thread> threads;
  std::atomic<int> failed{0}, dup{0};
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      Status st = s->Write([&](Tx& tx) {
        MOTCUA_RETURN_IF_ERROR(tx.Append(Probe("11", std::to_string(i))).status());
        // Every fifth one fails inside PostgreSQL (a duplicate key aborts the statement; the
        // savepoint keeps the rest of the group alive).
        std::string key = i % 5 == 4 ? "dup" : std::to_string(i);
        MOTCUA_RETURN_IF_ERROR(tx.Exec("INSERT INTO probes (key) VALUES (?)", {key}).status());
        if (i % 3 == 0) return Status::FailedPrecondition("refused on purpose");
        return Status::Ok();
      });
      if (st.code() == Code::kAlreadyExists) dup.fetch_add(1);
      if (!st.ok()) failed.fetch_add(1);
    });
  }
  for (auto& t : threads) t.join();
  int64_t rows = 0, events = 0;
  ASSERT_TRUE(s->Read([&](ReadTx& tx) {
                 MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT COUNT(*) FROM probes", {},
                                                 [&](const Row& r) { rows = r.Int(0); }));
                 return tx.Query("SELECT COUNT(*) FROM events", {},
                                 [&](const Row& r) { events = r.Int(0); });
               }).ok());
  EXPECT_EQ(rows, 40 - failed.load());
  EXPECT_EQ(events, rows);
  EXPECT_GE(dup.load(), 1);
  auto report = s->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << (report->problems.empty() ? "" : report->problems[0]);
}

TEST_F(PostgresStoreTest, EventsAreAppendOnlyAndVerifyNamesAnAlteredEvent) {
  auto s = Open();
  ASSERT_TRUE(s);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(s->Write([&](Tx& tx) {
                   return tx.Append(Probe(i % 2 ? "11" : "12", std::to_string(i))).status();
                 }).ok());
  }
  Status st =
      s->Write([](Tx& tx) { return tx.Exec("UPDATE events SET body = '{}'", {}).status(); });
  EXPECT_EQ(st.code(), Code::kFailedPrecondition) << st.ToString();
  st = s->Write([](Tx& tx) { return tx.Exec("DELETE FROM events", {}).status(); });
  EXPECT_FALSE(st.ok());
  Psql(options_.path,
       "ALTER TABLE events DISABLE TRIGGER events_no_update; UPDATE events SET body = "
       "'{\"key\":\"forged\"}' WHERE province = '11' AND province_seq = 3");
  auto report = s->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_NE(report->problems[0].find("province 11, event #3"), std::string::npos)
      << report->problems[0];
}

TEST_F(PostgresStoreTest, TypedParametersWhereTheSqlGivesNoType) {
  auto s = Open();
  ASSERT_TRUE(s);
  std::string text;
  int64_t n = 0;
  ASSERT_TRUE(s->Read([&](ReadTx& tx) {
                 return tx.Query("SELECT ?, ? + 1, ? IS NULL",
                                 {std::string("x"), int64_t{41}, nullptr}, [&](const Row& r) {
                                   text = r.Text(0);
                                   n = r.Int(1);
                                   EXPECT_EQ(r.Int(2), 1);
                                 });
               }).ok());
  EXPECT_EQ(text, "x");
  EXPECT_EQ(n, 42);
}

// Two application nodes on one database: concurrent appends to the same province chains through
// both keep one unbroken chain per province and commit numbers unique and ordered.
TEST_F(PostgresStoreTest, TwoNodesAppendingToOneChainStayConsistent) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a && b);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::mutex mu;
  std::set<int64_t> commit_numbers_a, commit_numbers_b;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      Store& s = (t % 2) ? *b : *a;
      for (int i = 0; i < 40; ++i) {
        Status st = s.Write([&](Tx& tx) {
          auto e = tx.Append(Probe(i % 2 ? "14" : "15", std::to_string(t * 1000 + i)));
          if (e.ok()) {
            std::lock_guard<std::mutex> lock(mu);
            ((t % 2) ? commit_numbers_b : commit_numbers_a).insert(e->commit_no);
          }
          return e.status();
        });
        if (st.ok())
          ok.fetch_add(1);
        else
          ADD_FAILURE() << st.ToString();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 240);
  for (int64_t n : commit_numbers_a) EXPECT_EQ(commit_numbers_b.count(n), 0u) << "commit " << n;
  auto report = a->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problems[0];
  EXPECT_EQ(report->events, 240);
  EXPECT_EQ(*a->LastCommit(), *b->LastCommit());
}

// The server restarts: while it is down, reads and writes answer Unavailable (503); afterwards the
// store reconnects by itself and every acknowledged write is there.
TEST_F(PostgresStoreTest, ReconnectsAfterTheServerRestarts) {
  options_.readers = 2;
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->Write([](Tx& tx) { return tx.Append(Probe("11", "before")).status(); }).ok());
  ASSERT_TRUE(s->LastCommit().ok());
  Cluster::Restart(200, [&] {
    Status w = s->Write([](Tx& tx) { return tx.Append(Probe("11", "down")).status(); });
    EXPECT_EQ(w.code(), Code::kUnavailable) << w.ToString();
    auto r = s->LastCommit();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kUnavailable) << r.status().ToString();
    EXPECT_EQ(s->Ping().code(), Code::kUnavailable);
  });
  Status w = s->Write([](Tx& tx) { return tx.Append(Probe("11", "after")).status(); });
  EXPECT_TRUE(w.ok()) << w.ToString();
  EXPECT_TRUE(s->Ping().ok());
  auto report = s->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->events, 2);
}

TEST_F(PostgresStoreTest, LagTolerantReadsGoToTheReplica) {
  options_.replica_url = options_.path + "?application_name=replica";
  auto s = Open();
  ASSERT_TRUE(s);
  std::string name;
  ASSERT_TRUE(s->ReadLagTolerant([&](ReadTx& tx) {
                 return tx.Query("SELECT current_setting('application_name')", {},
                                 [&](const Row& r) { name = r.Text(0); });
               }).ok());
  EXPECT_EQ(name, "replica");
  ASSERT_TRUE(s->Read([&](ReadTx& tx) {
                 return tx.Query("SELECT current_setting('application_name')", {},
                                 [&](const Row& r) { name = r.Text(0); });
               }).ok());
  EXPECT_EQ(name, "");
}

}  // namespace
}  // namespace motcua::store

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new motcua::store::Cluster);
  return RUN_ALL_TESTS();
}
