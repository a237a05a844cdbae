#include "base/env.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

namespace motcua {

namespace {

class RealEnv final : public Env {
 public:
  RealEnv() {
    if (sodium_init() < 0) std::abort();  // cannot run without a CSPRNG
  }
  int64_t NowMs() override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
  int64_t MonotonicNs() override {
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
  }
  void RandomBytes(void* out, size_t n) override { randombytes_buf(out, n); }
};

}  // namespace

Env& Env::Default() {
  static RealEnv* env = new RealEnv();  // never destroyed: used by threads during exit
  return *env;
}

std::string Env::RandomHex(size_t n) {
  std::string bytes(n, '\0');
  RandomBytes(bytes.data(), n);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

Result<std::string> Env::ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) {
      return Status::NotFound("file not found: " + path.string());
    }
    return Status::Internal("cannot open " + path.string() + ": " + std::strerror(errno));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status Env::WriteFileAtomic(const std::filesystem::path& path, std::string_view data) {
  std::string tmp = path.string() + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Internal("cannot create " + tmp + ": " + std::strerror(errno));
  size_t off = 0;
  while (off < data.size()) {
    ssize_t w = ::write(fd, data.data() + off, data.size() - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return Status::Internal("cannot write " + tmp + ": " + std::strerror(e));
    }
    off += static_cast<size_t>(w);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return Status::Internal("cannot sync " + tmp + ": " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::Internal("cannot rename " + tmp + " to " + path.string() + ": " +
                            std::strerror(errno));
  }
  return Status::Ok();
}

void FakeEnv::RandomBytes(void* out, size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  auto* p = static_cast<unsigned char*>(out);
  for (size_t i = 0; i < n; ++i) {
    counter_ = counter_ * 6364136223846793005ULL + 1442695040888963407ULL;
    p[i] = static_cast<unsigned char>(counter_ >> 56);
  }
}

}  // namespace motcua
