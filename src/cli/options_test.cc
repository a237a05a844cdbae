#include "cli/options.h"

#include <gtest/gtest.h>

namespace motcua::cli {
namespace {

TEST(OptionsTest, DefaultsAreValid) {
  Options o;
  EXPECT_TRUE(Validate(o).ok());
  EXPECT_EQ(o.listen, "127.0.0.1:8080");
}

TEST(OptionsTest, PrecedenceFileThenEnvThenFlags) {
  Options o;
  ASSERT_TRUE(ApplyToml(o, R"(listen = "0.0.0.0:9000"
data_dir = "/srv/file"
worker_threads = 8
demo = true
)", "test.toml").ok());
  EXPECT_EQ(o.listen, "0.0.0.0:9000");
  EXPECT_EQ(o.worker_threads, 8);
  EXPECT_TRUE(o.demo);
  ASSERT_TRUE(ApplyEnvironment(o, {{"MOTCUA_DATA_DIR", "/srv/env"}, {"MOTCUA_DEMO", "false"},
                                   {"OTHER", "x"}})
                  .ok());
  EXPECT_EQ(o.data_dir, "/srv/env");
  EXPECT_FALSE(o.demo);
  EXPECT_EQ(o.listen, "0.0.0.0:9000");  // untouched by the environment
  ASSERT_TRUE(ApplyValue(o, "data_dir", "/srv/flag", "flag").ok());
  EXPECT_EQ(o.data_dir, "/srv/flag");
}

TEST(OptionsTest, BadValuesNameSourceAndKey) {
  struct Case {
    const char* toml;
    const char* want;
  } cases[] = {
      {"worker_threads = 0", "worker_threads"},
      {"worker_threads = \"many\"", "worker_threads"},
      {"demo = \"maybe\"", "demo"},
      {"log_level = \"loud\"", "log_level"},
      {"no_such_option = 1", "unknown option 'no_such_option'"},
      {"listen = [1, 2]", "listen"},
      {"listen = ", "bad.toml:1"},
  };
  for (const auto& c : cases) {
    Options o;
    Status st = ApplyToml(o, c.toml, "bad.toml");
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << c.toml;
    EXPECT_NE(st.message().find(c.want), std::string::npos) << c.toml << " → " << st.message();
    EXPECT_NE(st.message().find("bad.toml"), std::string::npos) << st.message();
  }
  Options o;
  Status st = ApplyEnvironment(o, {{"MOTCUA_STORE_READERS", "-1"}});
  EXPECT_NE(st.message().find("environment MOTCUA_STORE_READERS"), std::string::npos);
}

TEST(OptionsTest, ValidateListen) {
  for (const char* bad : {"8080", "host:", "host:70000", ":80", "host:abc"}) {
    Options o;
    o.listen = bad;
    EXPECT_FALSE(Validate(o).ok()) << bad;
  }
  std::string host;
  uint16_t port = 0;
  ASSERT_TRUE(SplitListen("[::1]:8081", &host, &port).ok());
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 8081);
}

TEST(OptionsTest, TestClockIsRefusedOutsideTests) {
  Options o;
  EXPECT_FALSE(o.test_clock) << "off by default";
  ASSERT_TRUE(ApplyEnvironment(o, {{"MOTCUA_TEST_CLOCK", "true"}}).ok());
  Status st = Validate(o);
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_NE(st.message().find("test_endpoints"), std::string::npos) << st.message();
  o.test_endpoints = true;
  EXPECT_TRUE(Validate(o).ok());
}

// Issue 20: `database` selects PostgreSQL by URI; anything else, or a replica without it, is refused.
TEST(OptionsTest, DatabaseIsAPostgresUriAndTheReplicaNeedsIt) {
  Options o;
  o.database = "postgres://motcua@db1:5432/motcua";
  o.database_replica = "postgresql://motcua@db2/motcua";
  EXPECT_TRUE(Validate(o).ok());
  o.database = "mysql://db1/motcua";
  Status st = Validate(o);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("PostgreSQL URI"), std::string::npos) << st.message();
  o.database = "";
  EXPECT_NE(Validate(o).message().find("database_replica needs database"), std::string::npos);
}

TEST(OptionsTest, DescribeMasksSecretsAndIsToml) {
  Options o;
  o.metrics_token = "s3cret";
  std::string text = Describe(o);
  EXPECT_EQ(text.find("s3cret"), std::string::npos);
  EXPECT_NE(text.find("metrics_token = \"********\""), std::string::npos) << text;
  Options round;
  Status st = ApplyToml(round, text, "described");
  EXPECT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(round.listen, o.listen);
}

}  // namespace
}  // namespace motcua::cli
