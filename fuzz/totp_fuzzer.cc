// Fuzzes TOTP (domain/authz/totp.h): the base32 secret and the code a person types.
// Input: "<base32 secret>\n<code>". Properties: Base32Encode/Base32Decode round trip; the code of
// the current step verifies.
#include <cstdint>
#include <string>

#include "domain/authz/totp.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  std::string_view secret;
  std::string_view code = fuzz::SplitFirst(fuzz::AsText(data, size), '\n', &secret);
  const int64_t now = 1767225600;  // 2026-01-01T00:00:00Z

  auto key = authz::Base32Decode(secret);
  if (key) {
    auto again = authz::Base32Decode(authz::Base32Encode(*key));
    if (!again || *again != *key) fuzz::Fail("Base32 round trip changed the key");
    (void)authz::VerifyTotp(*key, code, now);
    if (!authz::VerifyTotp(*key, authz::Totp(*key, now), now)) fuzz::Fail("own code refused");
    (void)authz::TotpUri("motcua", code, *key);
  }
  // The raw bytes as a key, as a stored secret would be used.
  (void)authz::VerifyTotp(secret, code, now, 8);
  return 0;
}
