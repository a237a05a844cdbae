// TOTP second factor (RFC 6238 over RFC 4226 HOTP) and base32 (RFC 4648). Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::authz {

// Returns the RFC 4648 base32 encoding (no padding) of `bytes`.
std::string Base32Encode(std::string_view bytes);
// Decodes base32 (case-insensitive, padding and spaces ignored); nullopt on a bad character.
std::optional<std::string> Base32Decode(std::string_view text);
// Returns the HOTP value of `counter` under `key` with `digits` digits (RFC 4226, HMAC-SHA1).
uint32_t Hotp(std::string_view key, uint64_t counter, int digits);
// Returns the TOTP code (zero-padded) for unix time `unix_seconds`, 30 s steps.
std::string Totp(std::string_view key, int64_t unix_seconds, int digits = 6);
// Returns true when `code` matches the current step or one step either side (clock drift).
bool VerifyTotp(std::string_view key, std::string_view code, int64_t unix_seconds, int digits = 6);
// Returns the otpauth:// URI an authenticator app scans.
std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view key);

}  // namespace motcua::authz
