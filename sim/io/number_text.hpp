// How the tables print a number: six significant digits unless told otherwise, and "n/a" where a
// figure is undefined (Erlang C waits at λ ≥ nμ). One definition so every table reads the same way.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

namespace ccsim::detail {

constexpr int kTableSignificantDigits = 6;

inline std::string format_number(double value, int significant_digits = kTableSignificantDigits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", significant_digits, value);
  return buffer;
}

inline std::string format_optional(const std::optional<double>& value) {
  return value ? format_number(*value) : std::string("n/a");
}

}  // namespace ccsim::detail
