// Fuzzes dossier codes (domain/dossier/code.h), which arrive in URLs (/tra-cuu/{code},
// /api/v1/dossiers/{id}). Property: a code that parses formats to a code that parses to the same
// value.
#include <cstdint>
#include <string>

#include "domain/dossier/code.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  std::string_view text = fuzz::AsText(data, size);
  (void)dossier::ValidateAgencyId(text);
  auto parsed = dossier::ParseDossierCode(text);
  if (!parsed.ok()) return 0;
  auto formatted = dossier::FormatDossierCode(*parsed);
  if (!formatted.ok()) fuzz::Fail("a parsed code does not format: " + formatted.status().message());
  auto again = dossier::ParseDossierCode(*formatted);
  if (!again.ok() || !(*again == *parsed)) fuzz::Fail("format/parse round trip changed the code");
  return 0;
}
