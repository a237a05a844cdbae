#include "domain/digitise/digitise.h"

#include <algorithm>

namespace motcua::digitise {

namespace {
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}  // namespace

bool DossierDigitised(const std::vector<std::string>& required,
                      const std::vector<ComponentFile>& received, bool electronic_result) {
  if (!electronic_result) return false;
  if (required.empty()) {
    if (received.empty()) return false;
    return std::all_of(received.begin(), received.end(),
                       [](const ComponentFile& c) { return c.has_file; });
  }
  for (const std::string& name : required) {
    const bool filed = std::any_of(received.begin(), received.end(), [&name](const ComponentFile& c) {
      return c.name == name && c.has_file;
    });
    if (!filed) return false;
  }
  return true;
}

std::string_view SignatureStateName(SignatureState s) {
  switch (s) {
    case SignatureState::kValid: return "valid";
    case SignatureState::kRevoked: return "revoked";
    case SignatureState::kInvalid: return "invalid";
  }
  return "invalid";
}

SignatureState StateOf(bool checks, int64_t signed_ms, std::optional<int64_t> revoked_ms) {
  if (!checks) return SignatureState::kInvalid;
  if (revoked_ms && *revoked_ms <= signed_ms) return SignatureState::kRevoked;
  return SignatureState::kValid;
}

std::string VerifyCodeFromBytes(std::string_view random) {
  uint64_t bits = 0;
  for (size_t i = 0; i < 7 && i < random.size(); ++i) {
    bits = (bits << 8) | static_cast<unsigned char>(random[i]);
  }
  std::string out;
  for (int i = 0; i < kVerifyCodeChars; ++i) {
    out.push_back(kAlphabet[bits & 31]);
    bits >>= 5;
  }
  return out;
}

std::string NormaliseVerifyCode(std::string_view text) {
  std::string out;
  for (char raw : text) {
    if (raw == '-' || raw == ' ') continue;
    char c = (raw >= 'a' && raw <= 'z') ? static_cast<char>(raw - 'a' + 'A') : raw;
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    if (std::string_view(kAlphabet).find(c) == std::string_view::npos || c == '\0') return "";
    out.push_back(c);
  }
  return out.size() == kVerifyCodeChars ? out : "";
}

std::string GroupVerifyCode(std::string_view code) {
  if (code.size() != kVerifyCodeChars) return std::string(code);
  return std::string(code.substr(0, 5)) + "-" + std::string(code.substr(5));
}

}  // namespace motcua::digitise
