#include "service/identity/audit_service.h"

#include <gtest/gtest.h>

#include <set>

#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

using authz::Role;

Principal Officer(int64_t id, std::vector<authz::Grant> grants) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.user_id = id;
  p.grants = std::move(grants);
  return p;
}

// An auditor reads the access log of their own units only (issue 14, defect 2).
class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp_ = std::make_unique<store::TempStore>("audit", env_);
    store_ = &**temp_;
    site_ = std::make_unique<SiteService>(env_, *store_);
    ASSERT_TRUE(site_->EnsureDemo().ok());
    audit_ = std::make_unique<AuditService>(env_, *store_, site_.get());
    const Principal viewer = Officer(1, {{Role::kReception, "03721", "14"}});
    const AccessContext ctx{"/api/v1/dossiers/{id}", "req"};
    ASSERT_TRUE(audit_->Record(viewer, "dossier:A", {"03721", "14"}, "view", ctx).ok());
    ASSERT_TRUE(audit_->Record(viewer, "dossier:B", {"03646", "14"}, "view", ctx).ok());
    ASSERT_TRUE(audit_->Record(viewer, "dossier:C", {"00004", "01"}, "view", ctx).ok());
    ASSERT_TRUE(audit_->Record(viewer, "dossier:D", {}, "view", ctx).ok());
  }
  void TearDown() override {
    audit_.reset();
    site_.reset();
    temp_.reset();
  }

  // Returns the records `who` sees, or "denied".
  std::set<std::string> Seen(const Principal& who, const std::string& record = "") {
    auto entries = audit_->List(who, record, 100);
    if (!entries.ok()) return {"denied"};
    std::set<std::string> out;
    for (const auto& e : *entries) out.insert(e.record);
    return out;
  }

  FakeEnv env_{1795400000000};
  std::unique_ptr<store::TempStore> temp_;
  store::Store* store_ = nullptr;
  std::unique_ptr<SiteService> site_;
  std::unique_ptr<AuditService> audit_;
};

TEST_F(AuditTest, AnAuditorSeesTheEntriesOfTheirUnitsOnly) {
  using Set = std::set<std::string>;
  EXPECT_EQ(Seen(Officer(2, {{Role::kAuditor, "14", "14"}})), (Set{"dossier:A", "dossier:B"}));
  EXPECT_EQ(Seen(Officer(3, {{Role::kAuditor, "01", "01"}})), (Set{"dossier:C"}));
  EXPECT_EQ(Seen(Officer(4, {{Role::kAuditor, "03646", "14"}})), (Set{"dossier:B"}));
  EXPECT_EQ(Seen(Officer(5, {{Role::kAuditor, "01", "01"}, {Role::kAuditor, "03721", "14"}})),
            (Set{"dossier:A", "dossier:C"}));
  // The record filter stays inside the scope.
  EXPECT_EQ(Seen(Officer(3, {{Role::kAuditor, "01", "01"}}), "dossier:A"), Set{});
  EXPECT_EQ(Seen(Officer(2, {{Role::kAuditor, "14", "14"}}), "dossier:A"), Set{"dossier:A"});
  // Only `audit.read` counts: a province administrator of the same province sees nothing.
  EXPECT_EQ(Seen(Officer(6, {{Role::kProvinceAdmin, "14", "14"}})), Set{"denied"});
  EXPECT_EQ(Seen(Officer(7, {{Role::kAuditor, "03646", "14"}, {Role::kReception, "03721", "14"}})),
            (Set{"dossier:B"}));
}

TEST_F(AuditTest, EntriesCarryTheirUnitAndASelfExportIsTheSitesUnit) {
  Principal resident;
  resident.kind = Principal::Kind::kResident;
  resident.resident_id = 7;
  resident.id_number = "001099012345";
  ASSERT_TRUE(audit_->ExportResident(resident, {"/api/v1/me/data", "req"}).ok());
  auto entries = audit_->List(Officer(2, {{Role::kAuditor, "14", "14"}}), "resident:7", 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].unit, "03721");
  EXPECT_EQ((*entries)[0].province, "14");
  auto foreign = audit_->List(Officer(3, {{Role::kAuditor, "01", "01"}}), "resident:7", 10);
  ASSERT_TRUE(foreign.ok());
  EXPECT_TRUE(foreign->empty());
}

}  // namespace
}  // namespace motcua::service
