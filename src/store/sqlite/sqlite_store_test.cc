#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "store/store.h"

namespace motcua::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("motcua-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    options_.path = (dir_ / "motcua.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> Open() {
    auto r = OpenSqliteStore(options_, env_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }

  static NewEvent Probe(const std::string& province, const std::string& key) {
    return NewEvent{province, "test/" + key, "test.probe", 1700000000000, "test",
                    "{\"key\":\"" + key + "\"}"};
  }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(options_.path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  std::filesystem::path dir_;
  StoreOptions options_;
  FakeEnv env_{1700000000000};
};

TEST_F(SqliteStoreTest, MigratesAndReportsVersion) {
  auto s = Open();
  ASSERT_TRUE(s);
  EXPECT_EQ(*s->SchemaVersion(), s->KnownSchemaVersion());
  EXPECT_TRUE(s->Ping().ok());
}

TEST_F(SqliteStoreTest, RefusesNewerSchema) {
  { auto s = Open(); }
  Sql("INSERT INTO schema_migrations VALUES (9999, 'from the future', 0)");
  auto r = OpenSqliteStore(options_, env_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("9999"), std::string::npos) << r.status().message();
}

TEST_F(SqliteStoreTest, RefusesOldSchemaWithoutMigrate) {
  Sql("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at_ms INTEGER NOT NULL)");
  options_.migrate = false;
  auto r = OpenSqliteStore(options_, env_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("motcua migrate"), std::string::npos);
}

TEST_F(SqliteStoreTest, GroupCommitKeepsEveryAcknowledgedWrite) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->Write([](Tx& tx) {
                 return tx.Exec("CREATE TABLE probes (key TEXT PRIMARY KEY)", {}).status();
               }).ok());
  constexpr int kThreads = 8, kPerThread = 1000;
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
  auto stats = s->Stats();
  EXPECT_LT(stats.commits, static_cast<uint64_t>(kThreads * kPerThread));  // grouped
  std::set<std::string> keys;
  ASSERT_TRUE(s->Read([&](ReadTx& tx) {
                 return tx.Query("SELECT key FROM probes", {},
                                 [&](const Row& r) { keys.insert(r.Text(0)); });
               }).ok());
  EXPECT_EQ(keys.size(), static_cast<size_t>(kThreads * kPerThread));
  auto report = s->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->events, kThreads * kPerThread);
  EXPECT_EQ(report->provinces, 2);
}

// Issue 14: an exception inside a transaction (a bug, such as JSON that cannot be serialised) is
// rolled back, answered Internal — never Unavailable, "try again later" — and logged by the store.
TEST_F(SqliteStoreTest, AnExceptionInATransactionIsALoggedInternalError) {
  auto s = Open();
  ASSERT_TRUE(s);
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  Status st = s->Write([](Tx& tx) -> Status {
    MOTCUA_RETURN_IF_ERROR(tx.Append(Probe("11", "thrown")).status());
    throw std::runtime_error("[json.exception.type_error.316] invalid UTF-8 byte");
  });
  Status read = s->Read([](ReadTx&) -> Status { throw std::runtime_error("read bug"); });
  spdlog::set_default_logger(previous);
  EXPECT_EQ(st.code(), Code::kInternal) << st.message();
  EXPECT_NE(st.message().find("invalid UTF-8 byte"), std::string::npos) << st.message();
  EXPECT_EQ(read.code(), Code::kInternal);
  std::string logged;
  for (const auto& line : sink->last_formatted()) logged += line;
  EXPECT_NE(logged.find("invalid UTF-8 byte"), std::string::npos) << logged;
  EXPECT_NE(logged.find("read bug"), std::string::npos) << logged;
  // Nothing of the thrown transaction was kept; the next one continues the chain.
  ASSERT_TRUE(s->Write([](Tx& tx) { return tx.Append(Probe("11", "after")).status(); }).ok());
  EXPECT_TRUE(s->Verify(nullptr).value().ok);
}

TEST_F(SqliteStoreTest, FailedTransactionRollsBackOnlyItself) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->Write([](Tx& tx) {
                 return tx.Exec("CREATE TABLE probes (key TEXT PRIMARY KEY)", {}).status();
               }).ok());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, failed{0};
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      Status st = s->Write([&](Tx& tx) {
        MOTCUA_RETURN_IF_ERROR(tx.Append(Probe("11", std::to_string(i))).status());
        MOTCUA_RETURN_IF_ERROR(
            tx.Exec("INSERT INTO probes (key) VALUES (?)", {std::to_string(i)}).status());
        if (i % 3 == 0) return Status::FailedPrecondition("refused on purpose");
        return Status::Ok();
      });
      (st.ok() ? ok : failed).fetch_add(1);
      if (!st.ok()) EXPECT_EQ(st.message(), "refused on purpose");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 14);
  int64_t rows = 0, events = 0;
  ASSERT_TRUE(s->Read([&](ReadTx& tx) {
                 MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT COUNT(*) FROM probes", {},
                                                 [&](const Row& r) { rows = r.Int(0); }));
                 return tx.Query("SELECT COUNT(*) FROM events", {},
                                 [&](const Row& r) { events = r.Int(0); });
               }).ok());
  EXPECT_EQ(rows, 26);
  EXPECT_EQ(events, 26);
  auto report = s->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << (report->problems.empty() ? "" : report->problems[0]);
}

TEST_F(SqliteStoreTest, DuplicateKeyIsAlreadyExists) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->Write([](Tx& tx) {
                 return tx.Exec("CREATE TABLE probes (key TEXT PRIMARY KEY)", {}).status();
               }).ok());
  auto insert = [](Tx& tx) { return tx.Exec("INSERT INTO probes VALUES ('a')", {}).status(); };
  ASSERT_TRUE(s->Write(insert).ok());
  Status st = s->Write(insert);
  EXPECT_EQ(st.code(), Code::kAlreadyExists) << st.ToString();
}

TEST_F(SqliteStoreTest, EventsAreAppendOnly) {
  auto s = Open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->Write([](Tx& tx) { return tx.Append(Probe("11", "a")).status(); }).ok());
  Status st = s->Write([](Tx& tx) { return tx.Exec("UPDATE events SET body = '{}'", {}).status(); });
  EXPECT_FALSE(st.ok());
  st = s->Write([](Tx& tx) { return tx.Exec("DELETE FROM events", {}).status(); });
  EXPECT_FALSE(st.ok());
}

TEST_F(SqliteStoreTest, VerifyNamesTheAlteredEvent) {
  {
    auto s = Open();
    ASSERT_TRUE(s);
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(s->Write([&](Tx& tx) {
                     return tx.Append(Probe(i % 2 ? "11" : "12", std::to_string(i))).status();
                   }).ok());
    }
  }
  // Somebody with file access bypasses the triggers and edits one event.
  Sql("DROP TRIGGER events_no_update; UPDATE events SET body = '{\"key\":\"forged\"}' "
      "WHERE province = '11' AND province_seq = 3");
  auto s = Open();
  ASSERT_TRUE(s);
  auto report = s->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_NE(report->problems[0].find("province 11, event #3"), std::string::npos)
      << report->problems[0];
}

TEST_F(SqliteStoreTest, VerifyNamesAMissingEvent) {
  {
    auto s = Open();
    ASSERT_TRUE(s);
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(s->Write([&](Tx& tx) { return tx.Append(Probe("11", std::to_string(i))).status(); })
                      .ok());
    }
  }
  Sql("DROP TRIGGER events_no_delete; DELETE FROM events WHERE province_seq = 2");
  auto s = Open();
  auto report = s->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_NE(report->problems[0].find("missing"), std::string::npos) << report->problems[0];
}

TEST_F(SqliteStoreTest, ChainContinuesAcrossReopen) {
  {
    auto s = Open();
    ASSERT_TRUE(s->Write([](Tx& tx) { return tx.Append(Probe("11", "a")).status(); }).ok());
  }
  auto s = Open();
  StoredEvent e;
  ASSERT_TRUE(s->Write([&](Tx& tx) {
                 MOTCUA_ASSIGN_OR_RETURN(e, tx.Append(Probe("11", "b")));
                 return Status::Ok();
               }).ok());
  EXPECT_EQ(e.province_seq, 2);
  EXPECT_FALSE(e.prev_hash.empty());
  auto report = s->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
}

TEST_F(SqliteStoreTest, TwoProcessesAppendingToOneChainStayConsistent) {
  auto a = Open();
  auto b = Open();  // stands for a CLI command writing next to the server
  for (int i = 0; i < 20; ++i) {
    Store& s = (i % 3 == 0) ? *b : *a;
    Status st = s.Write([&](Tx& tx) { return tx.Append(Probe("14", std::to_string(i))).status(); });
    ASSERT_TRUE(st.ok()) << i << " " << st.ToString();
  }
  auto report = a->Verify(nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problems[0];
  EXPECT_EQ(report->events, 20);
}

TEST_F(SqliteStoreTest, WriteAfterCloseIsUnavailable) {
  auto s = Open();
  s->Close();
  EXPECT_EQ(s->Write([](Tx&) { return Status::Ok(); }).code(), Code::kUnavailable);
}


// The change feed (0018_change_feed.sql): each commit has a number, later commits larger ones;
// the events a transaction appends carry its number; a failed transaction leaves none of its
// events in the feed; the numbers survive a reopen and a second store writing the same file
// (another process) continues them. A follower reading (N, LastCommit()] sees each change once.
TEST_F(SqliteStoreTest, ChangeFeedNumbersCommitsInOrderAndFollowersSeeEachChangeOnce) {
  auto s = Open();
  ASSERT_TRUE(s);
  EXPECT_EQ(*s->LastCommit(), 0);
  std::vector<int64_t> numbers;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(s->Write([&](Tx& tx) {
                   auto a = tx.Append(Probe("11", "a" + std::to_string(i)));
                   if (!a.ok()) return a.status();
                   auto b = tx.Append(Probe("12", "b" + std::to_string(i)));
                   if (!b.ok()) return b.status();
                   EXPECT_EQ(a->commit_no, b->commit_no) << "one transaction, one commit";
                   numbers.push_back(a->commit_no);
                   return Status::Ok();
                 }).ok());
  }
  ASSERT_EQ(numbers.size(), 3u);
  EXPECT_LT(numbers[0], numbers[1]);
  EXPECT_LT(numbers[1], numbers[2]);
  EXPECT_EQ(*s->LastCommit(), numbers[2]);
  // A failed transaction: its event is not in the feed.
  EXPECT_FALSE(s->Write([&](Tx& tx) {
                  (void)tx.Append(Probe("11", "lost"));
                  return Status::InvalidArgument("no");
                }).ok());
  // Concurrent writers grouped into commits: every acknowledged event is in the feed exactly once
  // and a follower walking the feed in steps sees them all, in commit order.
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        EXPECT_TRUE(s->Write([&](Tx& tx) {
                       return tx.Append(Probe("11", "w" + std::to_string(t * 100 + i))).status();
                     }).ok());
      }
    });
  }
  int64_t seen = numbers[2];
  std::multiset<std::string> followed;
  int64_t last_commit_seen = 0;
  auto follow = [&] {
    int64_t top = *s->LastCommit();
    ASSERT_TRUE(s->Read([&](ReadTx& tx) {
                   return tx.Query("SELECT stream, commit_no FROM events WHERE commit_no > ? AND "
                                   "commit_no <= ? ORDER BY commit_no, seq",
                                   {seen, top}, [&](const Row& r) {
                                     followed.insert(r.Text(0));
                                     EXPECT_GE(r.Int(1), last_commit_seen);
                                     last_commit_seen = r.Int(1);
                                   });
                 }).ok());
    seen = top;
  };
  for (int i = 0; i < 20; ++i) follow();
  for (auto& w : writers) w.join();
  follow();
  EXPECT_EQ(followed.size(), 100u);
  EXPECT_EQ(std::set<std::string>(followed.begin(), followed.end()).size(), 100u)
      << "no change repeated";
  EXPECT_EQ(followed.count("test/lost"), 0u);
  const int64_t before_reopen = *s->LastCommit();
  s->Close();
  s.reset();
  // Two stores on one file (a CLI command beside the server): the numbers continue.
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->Write([&](Tx& tx) { return tx.Append(Probe("11", "x")).status(); }).ok());
  int64_t from_b = 0;
  ASSERT_TRUE(b->Write([&](Tx& tx) {
                 auto e = tx.Append(Probe("11", "y"));
                 if (e.ok()) from_b = e->commit_no;
                 return e.status();
               }).ok());
  EXPECT_GT(*a->LastCommit(), before_reopen);
  EXPECT_GT(from_b, *a->LastCommit() - 1);
  EXPECT_EQ(*a->LastCommit(), from_b);
}

}  // namespace
}  // namespace motcua::store
