// --precision and --max-replications, shared by `run` and `sweep`.
#include <iostream>
#include <stdexcept>

#include "ccsim/experiment/run_request.hpp"
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
                      std::to_string(kDefaultMaxReplications) + "); exit status 3 when hit")
      ->check(at_least(2, "an integer"))
      ->needs(precision);
}

std::optional<std::vector<PrecisionTarget>> precision_targets_or_report(const PrecisionFlags& flags,
                                                                        const Scenario& scenario,
                                                                        bool report) {
  try {
    return precision_targets(flags.precision, scenario);
  } catch (const std::invalid_argument& e) {
    if (report) std::cerr << e.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace ccsim::cli
