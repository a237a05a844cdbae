#include "domain/authz/totp.h"

#include <fmt/format.h>

#include "base/hash.h"

namespace motcua::authz {

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == '=' || ch == ' ' || ch == '-') continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= '2' && c <= '7') v = c - '2' + 26;
    if (v < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

uint32_t Hotp(std::string_view key, uint64_t counter, int digits) {
  std::string msg(8, '\0');
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<char>(counter & 0xff);
    counter >>= 8;
  }
  std::string mac = HmacSha1(key, msg);
  int offset = mac[19] & 0x0f;
  uint32_t bin = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                 (static_cast<uint32_t>(mac[offset + 1] & 0xff) << 16) |
                 (static_cast<uint32_t>(mac[offset + 2] & 0xff) << 8) |
                 static_cast<uint32_t>(mac[offset + 3] & 0xff);
  uint32_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  return bin % mod;
}

std::string Totp(std::string_view key, int64_t unix_seconds, int digits) {
  uint64_t step = static_cast<uint64_t>(unix_seconds / 30);
  return fmt::format("{:0{}d}", Hotp(key, step, digits), digits);
}

bool VerifyTotp(std::string_view key, std::string_view code, int64_t unix_seconds, int digits) {
  if (code.size() != static_cast<size_t>(digits)) return false;
  for (int d = -1; d <= 1; ++d) {
    if (ConstantTimeEquals(Totp(key, unix_seconds + d * 30, digits), code)) return true;
  }
  return false;
}

std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view key) {
  return fmt::format("otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
                     issuer, account, Base32Encode(key), issuer);
}

}  // namespace motcua::authz
