// FloorVoice: the spoken call of a display board ("Mời số B 027 đến quầy số 3") as WAV audio,
// made on the server by Debian's espeak-ng (voice `vi`, or `en`) for browsers without a
// Vietnamese voice, and cached per phrase in a folder (one file per phrase, named by its hash),
// so each phrase is synthesised once. No cloud service (peers.md: FQM's calls broke with one).
// Thread-safe: a phrase is written to a temporary file and renamed into place.
#pragma once

#include <string>

#include "base/status.h"

namespace motcua::service {

class FloorVoice {
 public:
  // `cache_dir` is created when needed; `program` is the espeak-ng executable.
  explicit FloorVoice(std::string cache_dir, std::string program = "espeak-ng");
  // Returns the WAV bytes of `phrase` spoken in `lang` ("vi" or "en"). Unavailable when the
  // program is missing or fails; InvalidArgument for an empty or over-long phrase.
  Result<std::string> Wav(const std::string& phrase, const std::string& lang);

 private:
  const std::string dir_;
  const std::string program_;
};

}  // namespace motcua::service
