#include "staff_flags.hpp"

#include <charconv>
#include <iostream>

namespace ccsim::cli {

namespace {

// A confidence interval needs two replications.
constexpr int kMinReplications = 2;

// A number in the interval the predicate accepts, or "expected …, got TEXT".
template <typename Accept>
CLI::Validator number_where(Accept accept, const std::string& expected) {
  return CLI::Validator(
      [accept, expected](std::string& text) {
        double value = 0.0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        const bool ok = error == std::errc{} && stop == end && accept(value);
        return ok ? std::string{} : "expected " + expected + ", got " + text;
      },
      "", "");
}

}  // namespace

CLI::Option* add_staff_search_flags(CLI::App* cmd, StaffSearchFlags& flags,
                                    const std::string& target_flag, bool required) {
  CLI::Option* targets =
      cmd->add_option(target_flag, flags.targets,
                      "METRIC>=VALUE or METRIC<=VALUE, met by the expected figure in every "
                      "interval (repeatable; service_level, abandon_rate, asa_s, p_wait, "
                      "mean_wait_s, gave_up_rate, churn_rate, csat, queue_length)")
          ->allow_extra_args(false);
  if (required) targets->required();
  const auto needs_target = [&](CLI::Option* option) {
    if (!required) option->needs(targets);
    return option;
  };
  CLI::Option* risk = needs_target(
      cmd->add_option("--risk", flags.risk,
                      "Instead: a day's realised figures meet every target in each interval with "
                      "probability at least 1 - EPS (chance-constrained staffing)")
          ->type_name("EPS")
          ->check(
              number_where([](double v) { return v > 0.0 && v <= 0.5; }, "a number in (0, 0.5]")));
  cmd->add_flag("--joint", flags.joint,
                "With --risk: every interval of a day together (Bonferroni over the intervals)")
      ->needs(risk);
  needs_target(
      cmd->add_option("--shrinkage", flags.shrinkage,
                      "Share of paid time unavailable: also give heads = required / (1 - s), and "
                      "the staffed scenario carries it (default: the scenario's "
                      "staffing.shrinkage)")
          ->check(
              number_where([](double v) { return v >= 0.0 && v < 1.0; }, "a number in [0, 1)")));
  needs_target(cmd->add_option("--max-agents", flags.max_agents,
                               "Most agents in any interval (default: 4 x the peak offered load "
                               "+ 20)")
                   ->check(at_least(1, "an integer")));
  needs_target(cmd->add_option("--max-replications", flags.max_replications,
                               "Most replications of any schedule while settling a close decision "
                               "(default " +
                                   std::to_string(kDefaultStaffMaxReplications) + ", at least " +
                                   std::to_string(kMinSearchReplications) + ", at most " +
                                   std::to_string(kMaxScenarioReplications) + ")")
                   ->check(integer_in(kMinSearchReplications, kMaxScenarioReplications)));
  needs_target(
      cmd->add_option("--verify-replications", flags.verify_replications,
                      "Replications of the verification on fresh seeds (default: the most the "
                      "search used, at least " +
                          std::to_string(kMinVerifyReplications) + ")")
          ->check(integer_in(kMinReplications, kMaxScenarioReplications)));
  return targets;
}

std::optional<std::vector<Target>> targets_or_report(const std::vector<std::string>& texts,
                                                     const std::string& flag) {
  std::vector<Target> targets;
  bool bad = false;
  for (const std::string& text : texts) {
    std::string problem;
    if (auto target = parse_target(text, simulation_target_metrics(), problem)) {
      targets.push_back(*target);
    } else {
      std::cerr << flag << ": " << problem << "\n";
      bad = true;
    }
  }
  if (bad) return std::nullopt;
  return targets;
}

std::vector<std::string> staff_flag_problems(const StaffSearchFlags& flags,
                                             const Scenario& scenario, const std::string& label) {
  std::vector<std::string> problems;
  if (scenario.replications < kMinReplications) {
    problems.push_back(label + ": /replications: expected at least " +
                       std::to_string(kMinReplications) +
                       " (a confidence interval needs two), got " +
                       std::to_string(scenario.replications) + "; use --replications");
  }
  if (flags.max_replications && *flags.max_replications < scenario.replications) {
    problems.push_back("--max-replications: expected at least the replications to start from (" +
                       std::to_string(scenario.replications) + "), got " +
                       std::to_string(*flags.max_replications));
  }
  return problems;
}

void StaffStatusLine::scenario(const std::string& label) {
  scenario_ = label;
  resolving_ = false;
}

void StaffStatusLine::show(const StaffProgress& p) {
  const auto now = std::chrono::steady_clock::now();
  std::optional<double> eta_s;
  if (p.phase == "resolve" && !resolving_) {
    resolving_ = true;
    resolve_start_ = now;
  }
  if (resolving_ && p.resolved > 0 && p.resolved < p.intervals) {
    const double spent = std::chrono::duration<double>(now - resolve_start_).count();
    eta_s = spent * static_cast<double>(p.intervals - p.resolved) / static_cast<double>(p.resolved);
  }
  std::string status = scenario_.empty() ? std::string() : "staffing " + scenario_ + ", ";
  status += p.phase == "resolve" ? "settling " + std::to_string(p.resolved + 1) + " of " +
                                       std::to_string(p.intervals) + " intervals"
                                 : p.phase;
  status += ", " + std::to_string(p.simulations) + " schedules, " + std::to_string(p.replications) +
            " replications";
  progress_.update(status, eta_s);
}

}  // namespace ccsim::cli
