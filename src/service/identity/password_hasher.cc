#include "service/identity/password_hasher.h"

#include <sodium.h>

#include <future>

namespace motcua::service {

PasswordHasher::PasswordHasher(PasswordHasherOptions options) : options_(options) {
  if (sodium_init() < 0) std::abort();
  char out[crypto_pwhash_STRBYTES];
  std::string dummy = "not a password of anyone";
  if (crypto_pwhash_str_alg(out, dummy.data(), dummy.size(), options_.opslimit, options_.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) == 0) {
    dummy_hash_ = out;
  }
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    threads_.emplace_back([this] {
      for (;;) {
        std::function<void()> job;
        {
          std::unique_lock<std::mutex> lock(mu_);
          cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
          if (queue_.empty()) return;
          job = std::move(queue_.front());
          queue_.pop_front();
        }
        job();
      }
    });
  }
}

PasswordHasher::~PasswordHasher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

Status PasswordHasher::Run(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || static_cast<int>(queue_.size()) >= options_.queue) {
      return Status::Unavailable("too many sign-ins at once; try again in a few seconds");
    }
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return Status::Ok();
}

Result<std::string> PasswordHasher::Hash(const std::string& password) {
  std::promise<Result<std::string>> p;
  auto f = p.get_future();
  MOTCUA_RETURN_IF_ERROR(Run([&] {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), options_.opslimit,
                              options_.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
      p.set_value(Status::ResourceExhausted("not enough memory to hash a password"));
    } else {
      p.set_value(std::string(out));
    }
  }));
  return f.get();
}

Result<bool> PasswordHasher::Verify(const std::string& encoded, const std::string& password) {
  std::promise<bool> p;
  auto f = p.get_future();
  const std::string& target = encoded.empty() ? dummy_hash_ : encoded;
  MOTCUA_RETURN_IF_ERROR(Run([&] {
    bool ok = crypto_pwhash_str_verify(target.c_str(), password.data(), password.size()) == 0;
    p.set_value(ok && !encoded.empty());
  }));
  return f.get();
}

}  // namespace motcua::service
