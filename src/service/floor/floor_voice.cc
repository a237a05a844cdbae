#include "service/floor/floor_voice.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "base/hash.h"

extern char** environ;

namespace motcua::service {

FloorVoice::FloorVoice(std::string cache_dir, std::string program)
    : dir_(std::move(cache_dir)), program_(std::move(program)) {}

namespace {

Result<std::string> ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::NotFound("no such file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<std::string> FloorVoice::Wav(const std::string& phrase, const std::string& lang) {
  if (phrase.empty() || phrase.size() > 300) return Status::InvalidArgument("no phrase to say");
  const std::string voice = lang == "en" ? "en" : "vi";
  const std::filesystem::path dir(dir_);
  const std::filesystem::path file = dir / (Sha256Hex(voice + "\n" + phrase).substr(0, 32) + ".wav");
  if (auto cached = ReadAll(file); cached.ok() && !cached->empty()) return cached;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Unavailable("floor voice: cannot create " + dir_ + ": " + ec.message());
  const std::string tmp = file.string() + ".tmp" + std::to_string(getpid()) + "-" +
                          std::to_string(reinterpret_cast<uintptr_t>(&phrase));
  std::vector<std::string> args = {program_, "-v", voice, "-s", "140", "-w", tmp, "--", phrase};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, program_.c_str(), nullptr, nullptr, argv.data(), environ) != 0)
    return Status::Unavailable("floor voice: cannot run " + program_);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::filesystem::remove(tmp, ec);
    return Status::Unavailable("floor voice: " + program_ + " failed");
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) return Status::Unavailable("floor voice: cannot keep the audio: " + ec.message());
  return ReadAll(file);
}

}  // namespace motcua::service
