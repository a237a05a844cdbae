#include "domain/event.h"

#include "base/hash.h"

namespace motcua {

namespace {
void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out.push_back(':');
  out.append(field);
  out.push_back(';');
}
}  // namespace

std::string CanonicalBytes(int64_t province_seq, const NewEvent& e) {
  std::string out;
  out.reserve(64 + e.body.size() + e.stream.size() + e.type.size() + e.actor.size());
  Put(out, std::to_string(province_seq));
  Put(out, e.province);
  Put(out, e.stream);
  Put(out, e.type);
  Put(out, std::to_string(e.at_ms));
  Put(out, e.actor);
  Put(out, e.body);
  return out;
}

std::string ChainHash(std::string_view prev_hash, int64_t province_seq, const NewEvent& e) {
  std::string data(prev_hash);
  data += CanonicalBytes(province_seq, e);
  return Sha256Hex(data);
}

}  // namespace motcua
