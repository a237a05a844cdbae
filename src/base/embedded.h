// Files compiled into the binary by cmake/Embed.cmake (templates, static assets, migrations).
#pragma once

#include <string_view>
#include <vector>

namespace motcua {

struct EmbeddedFile {
  std::string_view path;   // relative to the embedded folder, '/'-separated
  std::string_view bytes;  // the file's contents; lives for the whole program
};

}  // namespace motcua
