// The outbox: enqueue inside a transaction (once per key), delivery with back-off through a test
// mailer, and delivery to a real SMTP server (Debian's python3-aiosmtpd, started here on
// 127.0.0.1) whose mailbox is then read back.
#include "service/platform/outbox.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/free_port_for_test.h"
#include "store/temp_store_for_test.h"

namespace motcua::service {
namespace {

namespace fs = std::filesystem;

class FlakyMailer : public Mailer {
 public:
  int failures_left = 2;
  std::vector<std::string> sent;
  Status Send(const std::string& id, const std::string& to, const std::string& subject,
              const std::string& body) override {
    if (failures_left-- > 0) return Status::Unavailable("connection refused");
    sent.push_back(id + " " + to + " " + subject);
    return Status::Ok();
  }
};

struct Fixture {
  FakeEnv env{1800000000000};
  store::TempStore temp;
  store::Store* store = &*temp;
  fs::path dir = temp.dir();
  explicit Fixture(const std::string& name) : temp("outbox-" + name, env) {}
  void Enqueue(const OutboxMessage& m) {
    ASSERT_TRUE(store->Write([&](store::Tx& tx) { return EnqueueOutbox(tx, m, env.NowMs()); }).ok());
  }
  int64_t Count(const char* where) {
    int64_t n = 0;
    EXPECT_TRUE(store->Read([&](store::ReadTx& tx) {
      return tx.Query(std::string("SELECT COUNT(*) FROM outbox WHERE ") + where, {},
                      [&](const store::Row& r) { n = r.Int(0); });
    }).ok());
    return n;
  }
};

TEST(OutboxTest, EnqueuedOnceDeliveredWithBackoff) {
  Fixture f("backoff");
  OutboxMessage m{"dossier/1/accepted", "email", "dan@example.test", "Hồ sơ đã được tiếp nhận",
                  "Kính gửi ông Nguyễn Văn A"};
  f.Enqueue(m);
  f.Enqueue(m);  // the same key again: kept once
  EXPECT_EQ(f.Count("1=1"), 1);
  auto mailer = std::make_unique<FlakyMailer>();
  FlakyMailer* raw = mailer.get();
  OutboxDelivery d(f.env, *f.store, std::move(mailer));
  EXPECT_EQ(*d.DeliverDue(), 0);  // refused: retried in 30 s
  EXPECT_EQ(*d.DeliverDue(), 0);  // not due yet: no attempt
  EXPECT_EQ(f.Count("attempts = 1"), 1);
  f.env.TEST_AdvanceMs(30000);
  EXPECT_EQ(*d.DeliverDue(), 0);  // second failure: retried in 60 s
  f.env.TEST_AdvanceMs(59000);
  EXPECT_EQ(*d.DeliverDue(), 0);
  f.env.TEST_AdvanceMs(1000);
  EXPECT_EQ(*d.DeliverDue(), 1);
  EXPECT_EQ(*d.DeliverDue(), 0);  // delivered once only
  ASSERT_EQ(raw->sent.size(), 1u);
  EXPECT_EQ(raw->sent[0], "dossier/1/accepted dan@example.test Hồ sơ đã được tiếp nhận");
  EXPECT_EQ(f.Count("delivered_ms IS NOT NULL AND attempts = 3"), 1);
  EXPECT_EQ(d.Stats().failed_attempts, 2);
}

bool Listening(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(s);
  return ok;
}

TEST(OutboxTest, DeliversToARealSmtpServer) {
  ASSERT_TRUE(fs::exists("/usr/lib/python3/dist-packages/aiosmtpd"))
      << "python3-aiosmtpd is missing: make test installs it (scripts/packages-test.txt)";
  Fixture f("smtp");
  const int port = FreePort();
  const fs::path maildir = f.dir / "Maildir";
  pid_t pid = fork();
  if (pid == 0) {
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
          "aiosmtpd.handlers.Mailbox", maildir.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 100 && !Listening(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(Listening(port)) << "the SMTP server did not start";
  f.Enqueue({"dossier/H14.03721-261202-0001/accepted", "email", "dan@example.test",
             "Hồ sơ H14.03721-261202-0001 đã được tiếp nhận",
             "Kính gửi ông Nguyễn Văn A,\nHẹn trả kết quả: 10 giờ 30 phút, ngày 05/12/2026.\n"});
  OutboxDelivery d(f.env, *f.store,
                   MakeSmtpMailer("smtp://127.0.0.1:" + std::to_string(port), "motcua@example.test"));
  auto n = d.DeliverDue();
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 1);
  std::string mail;
  for (const auto& e : fs::recursive_directory_iterator(maildir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    mail += ss.str();
  }
  EXPECT_NE(mail.find("Message-ID: <dossier/H14.03721-261202-0001/accepted@motcua>"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Hẹn trả kết quả: 10 giờ 30 phút, ngày 05/12/2026."), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: =?UTF-8?B?"), std::string::npos) << mail;
  EXPECT_NE(mail.find("To: dan@example.test"), std::string::npos) << mail;
}

}  // namespace
}  // namespace motcua::service
