// Digitisation rules (domain.md §8; Decree 45/2020 Art 9–18 as amended by Decree 118/2025,
// Circular 01/2023/TT-VPCP): when a dossier counts as digitised, what state a signature is in,
// and the shape of the short verification code printed on a signed result. Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::digitise {

// One component as digitisation sees it: whether a digitised file stands for it (scanned at the
// counter, uploaded online, or reused from the applicant's store).
struct ComponentFile {
  std::string name;
  bool has_file = false;
};

// Returns true when the dossier counts as digitised (the national portal's operational rule,
// domain.md §8 [S S24]): every component the procedure requires has a digitised file, and its
// result is electronic (a signed result file). `required` names the required components; an
// empty list means every received component is required. Component names compare exactly.
bool DossierDigitised(const std::vector<std::string>& required,
                      const std::vector<ComponentFile>& received, bool electronic_result);

// The state of a signature as the verification page shows it.
enum class SignatureState {
  kValid,     // the signature checks and its key was not revoked at signing time
  kRevoked,   // the key was revoked at or before the signing time
  kInvalid,   // the bytes or the signature do not check
};
// Returns "valid", "revoked", "invalid".
std::string_view SignatureStateName(SignatureState s);

// Returns the state of a signature made at `signed_ms` whose cryptographic check gave
// `checks`, by a key revoked from `revoked_ms` on (nullopt: never revoked). A key revoked later
// leaves its earlier signatures valid (they keep their time).
SignatureState StateOf(bool checks, int64_t signed_ms, std::optional<int64_t> revoked_ms);

// Verification codes: 10 characters of Crockford base32 (digits and capitals without I, L, O,
// U), grouped for reading as "ABCDE-12345" on the document; 50 random bits.
inline constexpr int kVerifyCodeChars = 10;
// Returns the code for 10 random 5-bit values taken from `random` (at least 7 bytes are used).
std::string VerifyCodeFromBytes(std::string_view random);
// Returns the code in canonical form (upper case, hyphens and spaces dropped, O→0, I/L→1), or ""
// when it is not a well-formed code.
std::string NormaliseVerifyCode(std::string_view text);
// Returns "ABCDE-12345" for display.
std::string GroupVerifyCode(std::string_view code);

}  // namespace motcua::digitise
