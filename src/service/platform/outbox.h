// The outbox: notifications are enqueued inside the transaction of the change that causes them
// (Enqueue takes the Tx), and delivered after commit by OutboxDelivery, with retries and
// exponential back-off, through a Mailer. Delivery is at-least-once; every message carries its
// idempotency key (as the Message-ID) so a receiver can drop a repeat. OutboxDelivery is
// thread-safe; Mailer implementations must be.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/env.h"
#include "base/status.h"
#include "store/store.h"

namespace motcua::service {

struct OutboxMessage {
  std::string idempotency_key;  // e.g. "dossier/H14.03721-261202-0001/accepted"
  std::string channel = "email";
  std::string recipient;
  std::string subject;
  std::string body;
};

// Adds a message inside the caller's transaction. A message with the same idempotency key is
// kept once (the enqueue is a no-op).
Status EnqueueOutbox(store::Tx& tx, const OutboxMessage& m, int64_t now_ms);

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Sends one e-mail; Unavailable when the server cannot be reached or refuses it.
  virtual Status Send(const std::string& message_id, const std::string& to,
                      const std::string& subject, const std::string& body) = 0;
};

// An SMTP mailer over libcurl: `url` such as smtp://127.0.0.1:25 or smtps://mail.example:465.
std::unique_ptr<Mailer> MakeSmtpMailer(const std::string& url, const std::string& from);

struct OutboxStats {
  int64_t delivered = 0;
  int64_t failed_attempts = 0;
};

class OutboxDelivery {
 public:
  OutboxDelivery(Env& env, store::Store& store, std::unique_ptr<Mailer> mailer,
                 int max_attempts = 8);
  ~OutboxDelivery();
  // Delivers every message due now, once; returns how many were delivered.
  Result<int> DeliverDue();
  // Starts a thread that calls DeliverDue every `interval_ms` and when Wake() is called.
  void Start(int interval_ms = 2000);
  // Asks the thread to look now (after a commit that enqueued something).
  void Wake();
  // Stops the thread after its current pass.
  void Stop();
  OutboxStats Stats() const;

 private:
  Env& env_;
  store::Store& store_;
  const std::unique_ptr<Mailer> mailer_;
  const int max_attempts_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;   // GUARDED_BY(mu_)
  bool woken_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
  std::atomic<int64_t> delivered_{0};
  std::atomic<int64_t> failed_{0};
};

}  // namespace motcua::service
