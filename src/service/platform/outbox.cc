#include "service/platform/outbox.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace motcua::service {

namespace {

struct Payload {
  std::string data;
  size_t pos = 0;
};

size_t ReadPayload(char* out, size_t size, size_t n, void* p) {
  auto* payload = static_cast<Payload*>(p);
  const size_t len = std::min(size * n, payload->data.size() - payload->pos);
  std::memcpy(out, payload->data.data() + payload->pos, len);
  payload->pos += len;
  return len;
}

// RFC 2047 encoded-word for a UTF-8 header value.
std::string EncodeHeader(const std::string& s) {
  static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b;
  for (size_t i = 0; i < s.size(); i += 3) {
    uint32_t v = uint8_t(s[i]) << 16;
    if (i + 1 < s.size()) v |= uint8_t(s[i + 1]) << 8;
    if (i + 2 < s.size()) v |= uint8_t(s[i + 2]);
    b += kB64[(v >> 18) & 63];
    b += kB64[(v >> 12) & 63];
    b += i + 1 < s.size() ? kB64[(v >> 6) & 63] : '=';
    b += i + 2 < s.size() ? kB64[v & 63] : '=';
  }
  return "=?UTF-8?B?" + b + "?=";
}

class SmtpMailer : public Mailer {
 public:
  SmtpMailer(std::string url, std::string from) : url_(std::move(url)), from_(std::move(from)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
  }
  Status Send(const std::string& message_id, const std::string& to, const std::string& subject,
              const std::string& body) override {
    Payload p;
    p.data = "From: " + from_ + "\r\nTo: " + to + "\r\nSubject: " + EncodeHeader(subject) +
             "\r\nMessage-ID: <" + message_id + "@motcua>\r\nMIME-Version: 1.0\r\n"
             "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
    for (size_t i = 0; i < body.size(); ++i) {  // CRLF line ends, dot-stuffing is curl's
      if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r')) p.data += '\r';
      p.data += body[i];
    }
    p.data += "\r\n";
    CURL* c = curl_easy_init();
    if (!c) return Status::Internal("outbox: cannot start an SMTP client");
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + from_ + ">").c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadPayload);
    curl_easy_setopt(c, CURLOPT_READDATA, &p);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK)
      return Status::Unavailable(std::string("SMTP ") + url_ + ": " + curl_easy_strerror(rc));
    return Status::Ok();
  }

 private:
  const std::string url_, from_;
};

}  // namespace

std::unique_ptr<Mailer> MakeSmtpMailer(const std::string& url, const std::string& from) {
  return std::make_unique<SmtpMailer>(url, from);
}

Status EnqueueOutbox(store::Tx& tx, const OutboxMessage& m, int64_t now_ms) {
  if (m.idempotency_key.empty() || m.recipient.empty())
    return Status::InvalidArgument("an outbox message needs a key and a recipient");
  return tx.Exec("INSERT INTO outbox (idempotency_key, channel, recipient, subject, body, "
                 "created_ms, next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT (idempotency_key) DO NOTHING",
                 {m.idempotency_key, m.channel, m.recipient, m.subject, m.body, now_ms, now_ms})
      .status();
}

OutboxDelivery::OutboxDelivery(Env& env, store::Store& store, std::unique_ptr<Mailer> mailer,
                               int max_attempts)
    : env_(env), store_(store), mailer_(std::move(mailer)), max_attempts_(max_attempts) {}

OutboxDelivery::~OutboxDelivery() { Stop(); }

Result<int> OutboxDelivery::DeliverDue() {
  struct Row {
    int64_t id, attempts;
    std::string key, recipient, subject, body;
  };
  std::vector<Row> due;
  const int64_t now = env_.NowMs();
  MOTCUA_RETURN_IF_ERROR(store_.Read([&](store::ReadTx& tx) {
    return tx.Query(
        "SELECT id, attempts, idempotency_key, recipient, subject, body FROM outbox "
        "WHERE delivered_ms IS NULL AND next_attempt_ms <= ? AND attempts < ? AND channel = 'email' "
        "ORDER BY next_attempt_ms LIMIT 100",
        {now, int64_t{max_attempts_}}, [&](const store::Row& r) {
          due.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
        });
  }));
  int delivered = 0;
  for (const Row& m : due) {
    Status sent = mailer_->Send(m.key, m.recipient, m.subject, m.body);
    const int64_t at = env_.NowMs();
    Status st = store_.Write([&](store::Tx& tx) -> Status {
      if (sent.ok())
        return tx.Exec("UPDATE outbox SET delivered_ms = ?, attempts = attempts + 1, "
                       "last_error = NULL WHERE id = ?", {at, m.id}).status();
      // Back-off: 30 s, 1 min, 2 min … capped at one hour.
      const int64_t wait = std::min<int64_t>(int64_t{30000} << std::min<int64_t>(m.attempts, 7),
                                             3600000);
      return tx.Exec("UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, "
                     "last_error = ? WHERE id = ?", {at + wait, sent.message(), m.id}).status();
    });
    if (!st.ok()) return st;
    if (sent.ok()) {
      ++delivered;
      ++delivered_;
    } else {
      ++failed_;
      spdlog::warn("outbox: message {} to {} not delivered (attempt {}): {}", m.key, m.recipient,
                   m.attempts + 1, sent.message());
    }
  }
  return delivered;
}

void OutboxDelivery::Start(int interval_ms) {
  thread_ = std::thread([this, interval_ms] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      lock.unlock();
      auto r = DeliverDue();
      if (!r.ok()) spdlog::warn("outbox: {}", r.status().message());
      lock.lock();
      cv_.wait_for(lock, std::chrono::milliseconds(interval_ms), [this] { return stop_ || woken_; });
      woken_ = false;
    }
  });
}

void OutboxDelivery::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  woken_ = true;
  cv_.notify_all();
}

void OutboxDelivery::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

OutboxStats OutboxDelivery::Stats() const { return {delivered_.load(), failed_.load()}; }

}  // namespace motcua::service
