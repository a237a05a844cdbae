// Fuzzes one line of the procedure portal export (domain/procedure ParseProcedureLine), as
// `motcua procedures import` reads it, then stores it as ProcedureToJson does. ParseProcedureLine
// promises errors as values (and everything else in the parse report), so any exception is a bug.
#include <cstdint>
#include <exception>
#include <string>

#include "domain/procedure/procedure.h"
#include "fuzz_util.h"
#include "json_mutator.h"
#include "service/catalogue/procedure_service.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua;
  std::string_view line = fuzz::AsText(data, size);
  try {
    auto p = procedure::ParseProcedureLine(line);
    if (!p.ok()) return 0;
    std::string stored = service::ProcedureToJson(*p);
    if (stored.empty()) fuzz::Fail("ProcedureToJson returned nothing");
  } catch (const std::exception& e) {
    fuzz::Fail(std::string("exception: ") + e.what());
  }
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned seed) {
  return motcua::fuzz::MutateJsonPart(data, size, max_size, seed, 0, size);
}
