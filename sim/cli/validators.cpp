#include <cmath>
#include <iostream>

#include <unistd.h>
#include <filesystem>
#include <sstream>
#include "ccsim/io/report.hpp"

#include "commands.hpp"

namespace ccsim::cli {

namespace {

bool parse_number(const std::string& text, double& value) {
  std::istringstream in(text);
  in >> value;
  return in && in.eof() && std::isfinite(value);
}

}  // namespace

std::optional<Scenario> load_or_report(const std::string& path) {
  return load_or_report(path, true);
}

std::optional<Scenario> load_or_report(const std::string& path, bool report) {
  try {
    return load_scenario_file(path);
  } catch (const ScenarioError& e) {
    if (report) {
      for (const std::string& line : e.problems()) std::cerr << line << "\n";
    }
    return std::nullopt;
  }
}

void emit(const nlohmann::json& json, const std::string& out, bool print_json,
          const std::function<void(std::ostream&)>& write_table) {
  if (!out.empty()) write_file_atomically(out, json.dump(2) + "\n");
  if (print_json) {
    std::cout << json.dump(2) << "\n";
  } else {
    write_table(std::cout);
  }
}

void add_run_flags(CLI::App* cmd, RunFlags& flags, const std::string& output) {
  cmd->add_option("--replications,-r", flags.replications, "Replications (overrides the file)")
      ->check(at_least(1, "an integer"));
  cmd->add_option("--threads,-t", flags.threads, "Worker threads (default: all cores)")
      ->check(at_least(1, "an integer"));
  cmd->add_option("--seed,-s", flags.seed, "Seed (overrides the file)");
  cmd->add_option("--confidence", flags.confidence, "Confidence level of the intervals")
      ->check(open_interval(0.0, 1.0));
  cmd->add_flag("--json", flags.json, "Print the " + output + " JSON on stdout, nothing else");
  cmd->add_option("--out,-o", flags.out, "Also write the " + output + " JSON to this file");
}

bool output_usable_or_report(const std::string& out) {
  if (out.empty() || output_path_usable(out)) return true;
  std::cerr << out << ": expected a writable file path, got a missing or read-only directory\n";
  return false;
}

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
