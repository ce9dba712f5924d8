#include <cmath>
#include <sstream>

#include "commands.hpp"

namespace ccsim::cli {

namespace {

bool parse_number(const std::string& text, double& value) {
  std::istringstream in(text);
  in >> value;
  return in && in.eof() && std::isfinite(value);
}

}  // namespace

CLI::Validator at_least(double minimum, const std::string& what) {
  std::ostringstream expected;
  expected << "expected " << what << " >= " << minimum;
  const std::string message = expected.str();
  return CLI::Validator(
      [minimum, message](std::string& text) {
        double value = 0.0;
        if (!parse_number(text, value) || value < minimum) return message + ", got " + text;
        return std::string{};
      },
      message, "");
}

CLI::Validator open_interval(double low, double high) {
  std::ostringstream expected;
  expected << "expected a number in (" << low << ", " << high << ")";
  const std::string message = expected.str();
  return CLI::Validator(
      [low, high, message](std::string& text) {
        double value = 0.0;
        if (!parse_number(text, value) || !(value > low && value < high)) {
          return message + ", got " + text;
        }
        return std::string{};
      },
      message, "");
}

}  // namespace ccsim::cli
