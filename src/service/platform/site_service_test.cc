#include "service/platform/site_service.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace motcua::service {
namespace {

TEST(SiteServiceTest, DemoIsConfiguredOnceAndRecordedAsEvent) {
  auto dir = std::filesystem::temp_directory_path() / ("motcua-site-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  FakeEnv env(1700000000000);
  store::StoreOptions o;
  o.path = (dir / "motcua.db").string();
  auto store = store::OpenSqliteStore(o, env);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  SiteService sites(env, **store);
  EXPECT_EQ(sites.Get().status().code(), Code::kNotFound);
  ASSERT_TRUE(sites.EnsureDemo().ok());
  ASSERT_TRUE(sites.EnsureDemo().ok());
  auto site = sites.Get();
  ASSERT_TRUE(site.ok());
  EXPECT_EQ(site->unit_code, "03721");
  EXPECT_EQ(site->unit_name, "Xã Thuận Châu");
  int64_t events = 0;
  ASSERT_TRUE((*store)->Read([&](store::ReadTx& tx) {
    return tx.Query("SELECT COUNT(*) FROM events WHERE type = 'site.configured'", {},
                    [&](const store::Row& r) { events = r.Int(0); });
  }).ok());
  EXPECT_EQ(events, 1);
  EXPECT_EQ(sites.Configure(Site{}, "test").code(), Code::kInvalidArgument);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace motcua::service
