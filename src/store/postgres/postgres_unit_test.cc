// The PostgreSQL engine without a server: the dialect translation, and the two migration lists.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "store/postgres/pg_connection.h"

namespace motcua::store::postgres {
namespace {

TEST(TranslateSqlTest, NumbersPlaceholdersOutsideLiterals) {
  EXPECT_EQ(TranslateSql("SELECT a FROM t WHERE b = ? AND c = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
  EXPECT_EQ(TranslateSql("SELECT '?' || ? FROM \"odd?\" WHERE x = ?"),
            "SELECT '?' || $1 FROM \"odd?\" WHERE x = $2");
  EXPECT_EQ(TranslateSql("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
}

TEST(TranslateSqlTest, InstrBecomesStrpos) {
  EXPECT_EQ(TranslateSql("WHERE instr(' ' || name_folded, ?) > 0"),
            "WHERE strpos(' ' || name_folded, $1) > 0");
  EXPECT_EQ(TranslateSql("WHERE INSTR(levels, 'x') > 0"), "WHERE strpos(levels, 'x') > 0");
  // Only the function: a name ending in "instr" and text in literals stay.
  EXPECT_EQ(TranslateSql("SELECT myinstr(a), 'instr(' FROM t"),
            "SELECT myinstr(a), 'instr(' FROM t");
}

TEST(TranslateSqlTest, JsonObjectBecomesJsonBuildObject) {
  EXPECT_EQ(TranslateSql("SELECT json_object('a', r.x, 'b', ?) FROM r"),
            "SELECT json_build_object('a', r.x, 'b', $1) FROM r");
  EXPECT_EQ(TranslateSql("SELECT my_json_object(a), 'json_object(' FROM t"),
            "SELECT my_json_object(a), 'json_object(' FROM t");
}

// Every SQLite migration has a PostgreSQL counterpart with the same number and name (the dialect
// differences live in migrations/postgres/; src/store/postgres/README.md has the rules). When this
// fails after a merge, write the missing file(s) it names.
TEST(MigrationListsTest, EverySqliteMigrationHasAPostgresCounterpart) {
  namespace fs = std::filesystem;
  auto names = [](const std::string& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".sql") out.insert(e.path().filename().string());
    }
    return out;
  };
  const std::string root = MOTCUA_MIGRATIONS_DIR;
  const auto sqlite = names(root + "/sqlite");
  const auto pg = names(root + "/postgres");
  ASSERT_FALSE(sqlite.empty());
  for (const auto& f : sqlite) {
    EXPECT_TRUE(pg.count(f))
        << "the SQLite migration " << f
        << " has no PostgreSQL counterpart: write src/store/migrations/postgres/" << f
        << " (rules in src/store/postgres/README.md)";
  }
  for (const auto& f : pg) {
    EXPECT_TRUE(sqlite.count(f)) << "the PostgreSQL migration " << f
                                 << " has no SQLite counterpart of that number and name";
  }
}

}  // namespace
}  // namespace motcua::store::postgres
