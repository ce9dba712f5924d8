#include <cmath>
#include <filesystem>
#include <unistd.h>
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

bool output_path_usable(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? "." : parent.string();
  std::error_code ec;
  return std::filesystem::is_directory(dir, ec) && ::access(dir.c_str(), W_OK) == 0 &&
         !std::filesystem::is_directory(path, ec);
}

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
