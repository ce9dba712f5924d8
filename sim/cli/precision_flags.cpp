// --precision and --max-replications, shared by `run` and `sweep`.
#include <iostream>
#include <stdexcept>

#include "commands.hpp"

namespace ccsim::cli {

void add_precision_flags(CLI::App* cmd, PrecisionFlags& flags) {
  const CLI::Validator target_shape(
      [](std::string& text) {
        try {
          parse_precision_target(text);
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
        return std::string{};
      },
      "", "");
  CLI::Option* precision =
      cmd->add_option("--precision", flags.precision,
                      "Add replications in batches until METRIC's CI half-width is at most "
                      "HALFWIDTH (repeatable: every target must hold)")
          ->type_name("METRIC=HALFWIDTH")
          ->allow_extra_args(false)  // one target per --precision: the scenario may follow
          ->check(target_shape);
  cmd->add_option("--max-replications", flags.max_replications,
                  "Cap on replications under --precision (default " +
                      std::to_string(kDefaultMaxReplications) + ", at most " +
                      std::to_string(kMaxScenarioReplications) + "); exit status 3 when hit")
      ->check(integer_in(2, kMaxScenarioReplications))
      ->needs(precision);
}

std::vector<std::string> precision_flag_problems(const PrecisionFlags& flags,
                                                 const std::vector<PrecisionTarget>& targets,
                                                 const Scenario& scenario) {
  std::vector<std::string> problems = precision_problems(targets, scenario);
  const int cap = flags.max_replications.value_or(kDefaultMaxReplications);
  if (!targets.empty() && scenario.replications > cap) {
    problems.push_back("--max-replications: expected at least the " +
                       std::to_string(scenario.replications) +
                       " replications asked for (they run first), got " + std::to_string(cap) +
                       (flags.max_replications ? "" : " (the default)") +
                       "; raise it or ask for fewer replications");
  }
  return problems;
}

std::optional<std::vector<PrecisionTarget>> precision_targets_or_report(const PrecisionFlags& flags,
                                                                        const Scenario& scenario,
                                                                        bool report) {
  std::vector<PrecisionTarget> targets;
  for (const std::string& text : flags.precision) targets.push_back(parse_precision_target(text));
  const std::vector<std::string> problems = precision_flag_problems(flags, targets, scenario);
  if (problems.empty()) return targets;
  if (report) {
    for (const std::string& line : problems) std::cerr << line << "\n";
  }
  return std::nullopt;
}

}  // namespace ccsim::cli
