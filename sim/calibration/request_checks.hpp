// Checks of request values spelt as flags, with the command line's message shape.
#pragma once

#include <string>
#include <vector>

namespace ccsim::detail {

// Adds "FLAG: expected one of a, b, got \"value\"" unless `value` is one of `allowed`.
inline void check_member(std::vector<std::string>& problems, const char* flag,
                         const std::string& value, const std::vector<std::string>& allowed) {
  std::string list;
  for (const std::string& name : allowed) {
    if (value == name) return;
    list += (list.empty() ? "" : ", ") + name;
  }
  problems.push_back(std::string(flag) + ": expected one of " + list + ", got \"" + value + "\"");
}

}  // namespace ccsim::detail
