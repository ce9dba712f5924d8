// The message of an error that carries several problems: one problem per line.
#pragma once

#include <string>
#include <vector>

namespace ccsim::detail {

inline std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

}  // namespace ccsim::detail
