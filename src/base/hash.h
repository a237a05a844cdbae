// Hashing helpers over OpenSSL. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace motcua {

// Returns the SHA-256 of `data` as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);
// Returns `bytes` as lower-case hex.
std::string ToHex(std::string_view bytes);
// Returns the raw HMAC of `data` under `key` with SHA-1 (RFC 2104; TOTP uses it) or SHA-256.
std::string HmacSha1(std::string_view key, std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
// Compares two strings in time independent of where they differ (for secrets).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace motcua
