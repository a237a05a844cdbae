#include "service/dossier/dossier_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "base/civil_time.h"
#include "service/dossier/dossier_codec.h"
#include "service/dossier/dossier_deps_for_test.h"

namespace motcua::service {
namespace {

// 2026-12-05 09:00 in Vietnam.
const int64_t kNow = FromVietnam(std::chrono::year(2026) / 12 / 5, 9 * 60);

class DossierServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("motcua-dossier-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store::StoreOptions o;
    o.path = (dir_ / "motcua.db").string();
    auto r = store::OpenSqliteStore(o, env_);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    store_ = std::move(r).value();
    collaborators_ = std::make_unique<DossierCollaboratorsForTest>(env_, *store_, dir_ / "files");
    service_ = std::make_unique<DossierService>(env_, *store_, collaborators_->Deps());
  }
  void TearDown() override {
    service_.reset();
    collaborators_.reset();
    if (store_) store_->Close();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static IntakeRequest Request(std::string name) {
    IntakeRequest r;
    r.agency_id = "H40.12";
    r.province = "40";
    r.unit = "12345";
    r.applicant.full_name = std::move(name);
    r.workflow = dossier::DefaultWorkflow("1.001234", 1, 10);
    r.actor = dossier::Actor{"user:1", authz::Role::kReception, "", "demo.reception", "Lò Văn Đức"};
    return r;
  }

  std::filesystem::path dir_;
  FakeEnv env_{kNow};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<DossierCollaboratorsForTest> collaborators_;
  std::unique_ptr<DossierService> service_;
};

TEST_F(DossierServiceTest, IntakeAllocatesCodeAndProjects) {
  auto r = service_->commands.Intake(Request("Nguyễn Thị Hoà"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->code, "H40.12-261205-0001");
  auto s = service_->queries.StatusOf(r->code);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->first, 2);
  EXPECT_EQ(s->second, 1);
  EXPECT_EQ(service_->commands.Intake(Request("Trần Văn Bình")).value().code, "H40.12-261205-0002");
  env_.TEST_AdvanceMs(kMsPerDay);
  EXPECT_EQ(service_->commands.Intake(Request("Lê Văn Cường")).value().code, "H40.12-261206-0001");
}

TEST_F(DossierServiceTest, EscalationIsRecordedOncePerThreshold) {
  const std::string code = "H40.12-261205-0001";
  EXPECT_TRUE(*service_->jobs.RecordEscalation(code, dossier::Threshold::kDueSoon));
  EXPECT_FALSE(*service_->jobs.RecordEscalation(code, dossier::Threshold::kDueSoon));
  EXPECT_TRUE(*service_->jobs.RecordEscalation(code, dossier::Threshold::kOverdue));
  EXPECT_FALSE(*service_->jobs.RecordEscalation(code, dossier::Threshold::kOverdue));
  EXPECT_TRUE(*service_->jobs.RecordEscalation("H40.12-261205-0002", dossier::Threshold::kOverdue));
}

TEST_F(DossierServiceTest, FailedIntakeLeavesNoGap) {
  IntakeRequest bad = Request("Nguyễn Thị Hoà");
  bad.actor.role = authz::Role::kSpecialist;  // not allowed to receive
  auto r = service_->commands.Intake(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(service_->commands.Intake(Request("Nguyễn Thị Hoà")).value().code, "H40.12-261205-0001");
}

TEST_F(DossierServiceTest, ConcurrentIntakeIsGapless) {
  constexpr int kThreads = 50;
  std::mutex mu;
  std::set<std::string> codes;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto r = service_->commands.Intake(Request("Người nộp " + std::to_string(i)));
      std::lock_guard<std::mutex> l(mu);
      if (r.ok()) {
        codes.insert(r->code);
      } else {
        errors.push_back(r.status().ToString());
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(errors.empty()) << errors.front();
  std::set<std::string> want;
  for (int i = 1; i <= kThreads; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "H40.12-261205-%04d", i);
    want.insert(buf);
  }
  EXPECT_EQ(codes, want);
  int64_t rows = 0, events = 0, next = 0;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTx& tx) {
                    MOTCUA_RETURN_IF_ERROR(tx.Query("SELECT COUNT(*) FROM dossiers", {},
                                                    [&](const store::Row& r) { rows = r.Int(0); }));
                    MOTCUA_RETURN_IF_ERROR(
                        tx.Query("SELECT COUNT(*) FROM events WHERE type = 'dossier.accepted'", {},
                                 [&](const store::Row& r) { events = r.Int(0); }));
                    return tx.Query("SELECT next_seq FROM dossier_code_counters", {},
                                    [&](const store::Row& r) { next = r.Int(0); });
                  })
                  .ok());
  EXPECT_EQ(rows, kThreads);
  EXPECT_EQ(events, kThreads);
  EXPECT_EQ(next, kThreads + 1);
  auto report = store_->Verify([](int64_t, int64_t) {});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
}

// A projector added from outside the dossier feature (as the index counters will be) runs in the
// transaction that persists the events: its row is there when the dossier is, and when it fails,
// nothing of the intake is kept — no event, no dossier row, no number taken.
class CountingProjector : public DossierProjector {
 public:
  std::string_view Name() const override { return "test counter"; }
  Status Project(store::Tx& tx, const DossierChange& c, ProjectionEffects&) override {
    if (c.after.header.applicant.full_name == "Lỗi Ghi") {
      return Status::Internal("test counter: refused on purpose");
    }
    return tx
        .Exec("INSERT INTO test_counts (code, events, status) VALUES (?, ?, ?)",
              {c.after.header.id, static_cast<int64_t>(c.events.size()),
               int64_t{static_cast<int>(c.after.status)}})
        .status();
  }
};

TEST_F(DossierServiceTest, AProjectorAddedFromOutsideIsWrittenAndRolledBackWithTheEvents) {
  ASSERT_TRUE(store_
                  ->Write([](store::Tx& tx) {
                    return tx
                        .Exec("CREATE TABLE test_counts (code TEXT, events INTEGER, status "
                              "INTEGER)",
                              {})
                        .status();
                  })
                  .ok());
  service_->projectors.Add(std::make_unique<CountingProjector>());
  auto counted = [&](const std::string& table) {
    int64_t n = -1;
    EXPECT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) {
                      return tx.Query("SELECT COUNT(*) FROM " + table, {},
                                      [&](const store::Row& r) { n = r.Int(0); });
                    })
                    .ok());
    return n;
  };
  auto ok = service_->commands.Intake(Request("Nguyễn Thị Hoà"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  std::string code;
  int64_t events = 0, status = 0;
  ASSERT_TRUE(store_
                  ->Read([&](store::ReadTx& tx) {
                    return tx.Query("SELECT code, events, status FROM test_counts", {},
                                    [&](const store::Row& r) {
                                      code = r.Text(0);
                                      events = r.Int(1);
                                      status = r.Int(2);
                                    });
                  })
                  .ok());
  EXPECT_EQ(code, ok->code);  // the allocated code, not the placeholder
  EXPECT_EQ(events, 1);
  EXPECT_EQ(status, 2);

  auto failed = service_->commands.Intake(Request("Lỗi Ghi"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Code::kInternal);
  EXPECT_EQ(counted("test_counts"), 1);
  EXPECT_EQ(counted("dossiers"), 1);
  EXPECT_EQ(counted("events WHERE type = 'dossier.accepted'"), 1);
  // The number the failed intake took was given back with the rest of its transaction.
  EXPECT_EQ(service_->commands.Intake(Request("Trần Văn Bình")).value().code,
            "H40.12-261205-0002");
  EXPECT_EQ(counted("test_counts"), 2);
}

// Found by fuzz_routes (PUT …/workflow with "max_supplementations": 1e+300): json::value converted
// the number to int, undefined behaviour. Counts must be whole numbers that fit.
// What the forms print is recorded with the event (issue 16); events written before read as
// they did, with the new fields empty.
TEST(DossierEventCodecTest, FormFieldsRoundTripAndOlderEventsStillRead) {
  dossier::DossierEvent e;
  e.type = dossier::EventType::kStopped;
  e.at = 1000;
  e.actor = "user:3";
  e.role = "reception";
  e.reason = "Không liên lạc được";
  e.actor_name = "Lò Văn Đức";
  e.ground = dossier::StopGround::kOther;
  e.form_number = "07/TB-TTPVHCC";
  auto back = ParseDossierEvent("dossier.stopped", 1000, "user:3", DossierEventBody(e));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, e);

  dossier::DossierEvent accepted;
  accepted.type = dossier::EventType::kAccepted;
  accepted.actor = "user:3";
  accepted.log_serial = 125;
  accepted.appointment = 123456;
  accepted.signer_name = "Lường Văn Thắng";
  accepted.signer_title = "Lãnh đạo Ủy ban nhân dân";
  back = ParseDossierEvent("dossier.accepted", 0, "user:3", DossierEventBody(accepted));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, accepted);

  auto old = ParseDossierEvent("dossier.stopped", 1000, "user:3",
                               R"({"role":"reception","reason":"r"})");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->actor_name, "");
  EXPECT_FALSE(old->ground.has_value());
  EXPECT_EQ(old->form_number, "");
  EXPECT_FALSE(old->appointment.has_value());

  auto bad = ParseDossierEvent("dossier.stopped", 1000, "user:3", R"({"ground":"boredom"})");
  EXPECT_FALSE(bad.ok());
}

TEST(WorkflowJsonTest, CountsMustBeWholeNumbersThatFit) {
  // (null is read as absent, the default, by every typed field reader.)
  for (const char* v : {"1e300", "0.5", "4294967296", "-1e300", "\"2\""}) {
    for (const char* key : {"max_supplementations", "max_apologies", "procedure_version"}) {
      auto w = ParseWorkflowJson(std::string("{\"steps\": [], \"") + key + "\": " + v + "}");
      ASSERT_FALSE(w.ok()) << key << " " << v;
      EXPECT_EQ(w.status().code(), Code::kInvalidArgument) << key << " " << v;
    }
  }
  auto w = ParseWorkflowJson(R"({"steps": [], "max_supplementations": 2})");
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->max_supplementations, 2);
}

}  // namespace
}  // namespace motcua::service
