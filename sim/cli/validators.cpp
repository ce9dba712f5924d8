// What the commands share: flags that override the scenario, threads, outputs, and printing.
#include <oneapi/tbb/info.h>

#include <cmath>
#include <iostream>
#include <sstream>

#include "ccsim/io/output.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/scenario/queue_growth.hpp"
#include "commands.hpp"

namespace ccsim::cli {

namespace {

bool parse_number(const std::string& text, double& value) {
  std::istringstream in(text);
  in >> value;
  return in && in.eof() && std::isfinite(value);
}

}  // namespace

std::optional<Scenario> load_or_report(const std::string& path,
                                       const std::vector<ScenarioOverride>& overrides) {
  return load_or_report(path, overrides, true);
}

std::optional<Scenario> load_or_report(const std::string& path,
                                       const std::vector<ScenarioOverride>& overrides,
                                       bool report) {
  try {
    return load_scenario_file(path, overrides);
  } catch (const ScenarioError& e) {
    if (report) {
      for (const std::string& line : e.problems()) std::cerr << line << "\n";
    }
    return std::nullopt;
  }
}

bool queue_growth_acceptable_or_report(const Scenario& scenario, const std::string& label,
                                       bool report) {
  const std::optional<QueueGrowth> growth = queue_growth(scenario);
  if (!growth) return true;
  if (report) std::cerr << (growth->refused() ? "" : "ccsim: ") << describe(*growth, label) << "\n";
  return !growth->refused();
}

std::vector<ScenarioOverride> ScenarioFlags::overrides() const {
  std::vector<ScenarioOverride> out;
  if (replications) out.push_back({"replications", "--replications", *replications});
  if (seed) out.push_back({"seed", "--seed", *seed});
  if (confidence) out.push_back({"confidence", "--confidence", *confidence});
  return out;
}

void add_scenario_flags(CLI::App* cmd, ScenarioFlags& flags, const std::string& replications_help) {
  if (!replications_help.empty()) {
    cmd->add_option("--replications,-r", flags.replications, replications_help)->type_name("INT");
  }
  cmd->add_option("--seed,-s", flags.seed, "Seed (overrides the file)")->type_name("UINT64");
  cmd->add_option("--confidence", flags.confidence, "Confidence level of the intervals")
      ->type_name("NUMBER");
}

void add_threads_flag(CLI::App* cmd, std::optional<int>& threads) {
  cmd->add_option("--threads,-t", threads, "Worker threads (default: all cores)")
      ->check(integer_in(1, kMaxThreads));
}

int threads_to_use(const std::optional<int>& threads) {
  if (!threads) return 0;
  const int cores = tbb::info::default_concurrency();
  if (*threads <= cores) return *threads;
  static bool said = false;
  if (!said) {
    std::cerr << "ccsim: --threads " << *threads << ": this machine runs " << cores
              << " thread(s) at once; using " << cores
              << " (the results are the same at any thread count)\n";
    said = true;
  }
  return cores;
}

void add_run_flags(CLI::App* cmd, RunFlags& flags, const std::string& output) {
  add_scenario_flags(cmd, flags, "Replications (overrides the file)");
  add_threads_flag(cmd, flags.threads);
  cmd->add_flag("--json", flags.json, "Print the " + output + " JSON on stdout, nothing else");
  cmd->add_option("--out,-o", flags.out, "Also write the " + output + " JSON to this file")
      ->check(non_empty_path());
}

bool open_output_or_report(const std::string& path, OutputOptions options,
                           std::unique_ptr<OutputFile>& output) {
  if (path.empty()) return true;
  try {
    output = std::make_unique<OutputFile>(path, std::move(options));
    return true;
  } catch (const OutputRefused& e) {
    std::cerr << e.what() << "\n";
    return false;
  }
}

void emit(const nlohmann::json& json, OutputFile* out, bool print_json,
          const std::function<void(std::ostream&)>& write_table) {
  if (out != nullptr) out->write_whole(json.dump(2) + "\n");
  print([&](std::ostream& text) {
    if (print_json) {
      text << json.dump(2) << "\n";
    } else {
      write_table(text);
    }
  });
}

void print(const std::function<void(std::ostream&)>& write) {
  std::ostringstream text;
  write(text);
  write_stdout(text.str());
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

CLI::Validator integer_in(long long low, long long high) {
  const std::string message =
      "expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]";
  return CLI::Validator(
      [low, high, message](std::string& text) {
        std::size_t used = 0;
        long long value = 0;
        try {
          value = std::stoll(text, &used, 10);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used == 0 || used != text.size() || value < low || value > high) {
          return message + ", got " + text;
        }
        return std::string{};
      },
      message, "");
}

CLI::Validator non_empty_path() {
  return CLI::Validator(
      [](std::string& text) {
        return text.empty() ? std::string("expected a file path, got an empty one") : std::string{};
      },
      "PATH", "");
}

}  // namespace ccsim::cli
