// libFuzzer target of the call-log readers. The first byte picks the format (even: the bank's,
// odd: the generic CSV); the rest is the file. Whatever the bytes, reading must not crash, and
// a log that reads must go through the day selection and the fit to a scenario that loads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ccsim/calibration/call_log.hpp"
#include "ccsim/calibration/fit.hpp"
#include "ccsim/calibration/log_selection.hpp"
#include "ccsim/scenario/scenario.hpp"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  ccsim::ReadLogOptions options;
  options.format = data[0] % 2 == 0 ? ccsim::LogFormat::anonymous_bank : ccsim::LogFormat::csv;
  options.strict = (data[0] & 2) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  ccsim::CallLog log;
  try {
    ccsim::parse_call_log(text, "fuzz", options, log);
  } catch (const ccsim::CallLogError&) {
    return 0;
  }
  ccsim::LogChoices choices;
  choices.days = ccsim::DaySet::all;
  choices.min_day_fraction = 0.0;
  choices.by = ccsim::SegmentBy::segment;
  choices.phantom = ccsim::PhantomRule::abandoned;
  if (*options.format == ccsim::LogFormat::anonymous_bank && (data[0] & 4) != 0) {
    choices.priority = ccsim::PriorityRule::classes;
  }
  try {
    const ccsim::SelectedLog selected = ccsim::select_contacts(log, *options.format, choices);
    ccsim::FitOptions fit_options;
    // Staffing in steps of the interval (48 a day rather than 288): the same code paths, and a
    // smaller fitted scenario to load, so more inputs a second.
    fit_options.staffing.step_s = fit_options.interval_s;
    if ((data[0] & 8) != 0) fit_options.patience = ccsim::PatienceModel::exponential;
    if ((data[0] & 16) != 0) fit_options.handle = ccsim::HandleModel::lognormal;
    const ccsim::FittedScenario fit = ccsim::fit_scenario(selected, fit_options);
    // A fitted scenario that does not load is a bug: parse_scenario throws and the fuzzer
    // reports it as a crash.
    (void)ccsim::parse_scenario(ccsim::to_scenario_json(fit).dump(), "fitted");
  } catch (const ccsim::SelectionError&) {
  }
  return 0;
}
