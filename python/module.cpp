// ccsim._core: the library's front-end calls for Python. Every function takes what the command
// line takes, calls the same library functions as `ccsim … --json`, and returns that JSON as
// text, which ccsim/__init__.py parses: the numbers are the command line's, bit for bit. The
// GIL is released while the library works; the library's checks raise ValueError.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ccsim/calibration/backtest_request.hpp"
#include "ccsim/calibration/call_log.hpp"
#include "ccsim/calibration/fit_request.hpp"
#include "ccsim/calibration/log_request.hpp"
#include "ccsim/experiment/compare_staffed.hpp"
#include "ccsim/experiment/run_request.hpp"
#include "ccsim/experiment/sensitivity_checkpoint.hpp"
#include "ccsim/experiment/sensitivity_request.hpp"
#include "ccsim/experiment/sweep_plan.hpp"
#include "ccsim/experiment/sweep_runner.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/sensitivity_report.hpp"
#include "ccsim/io/staffing_report.hpp"
#include "ccsim/queueing/erlang_staffing.hpp"
#include "ccsim/scenario/scenario.hpp"
#include "ccsim/staffing/staffing.hpp"
#include "ccsim/version.hpp"

namespace py = pybind11;

namespace ccsim::python {

namespace {

constexpr double kSecondsPerHour = 3600.0;
// A confidence interval needs two replications (as `ccsim staff` says).
constexpr int kMinStaffReplications = 2;

// A scenario given as a file path, or as JSON text (a dict, named `label` in messages).
struct Source {
  std::string label;
  std::optional<std::string> text;
};

Scenario load(const Source& source) {
  return source.text ? parse_scenario(*source.text, source.label)
                     : load_scenario_file(source.label);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string run(const Source& source, const RunOverrides& overrides, int threads,
                const std::vector<std::string>& precision, int max_replications) {
  Scenario scenario = load(source);
  apply_overrides(overrides, scenario);
  const std::vector<PrecisionTarget> targets = precision_targets(precision, scenario);
  RunOptions options;
  options.threads = threads;
  const auto start = std::chrono::steady_clock::now();
  PreciseRun result = run_here(scenario, targets, max_replications, options);
  stamp_run_info(result.results, seconds_since(start), threads);
  return to_json(result).dump();
}

std::string compare(const std::vector<Source>& sources, const RunOverrides& overrides, int threads,
                    bool by_segment) {
  std::vector<Scenario> scenarios;
  std::vector<std::string> problems;
  for (const Source& source : sources) {
    // Every scenario is checked, so all their problems are reported at once.
    try {
      scenarios.push_back(load(source));
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  RunOptions options;
  options.threads = threads;
  return to_json(compare_scenarios(std::move(scenarios), overrides, options, by_segment)).dump();
}

std::vector<Target> parse_targets(const std::vector<std::string>& texts,
                                  std::span<const TargetMetric> allowed) {
  std::vector<Target> targets;
  std::vector<std::string> problems;
  for (const std::string& text : texts) {
    std::string problem;
    if (auto target = parse_target(text, allowed, problem)) {
      targets.push_back(*target);
    } else {
      problems.push_back("target: " + problem);
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  return targets;
}

std::string erlang_figures(double lambda_per_hour, double handle_s, const std::vector<long>& agents,
                           bool several, std::optional<double> patience_s, double threshold_s,
                           const std::vector<std::string>& target_texts) {
  ErlangInput input;
  input.lambda_per_s = lambda_per_hour / kSecondsPerHour;
  input.handle_s = handle_s;
  input.patience_s = patience_s;
  input.threshold_s = threshold_s;
  if (!target_texts.empty()) {
    const std::vector<Target> targets = parse_targets(target_texts, erlang_target_metrics());
    return to_json(input, targets, erlang_staffing(input, targets)).dump();
  }
  std::vector<ErlangRow> rows;
  for (const long n : agents) {
    input.agents = n;
    rows.push_back({input, erlang(input)});
  }
  if (!several) return to_json(rows.front().input, rows.front().result).dump();
  return to_json(rows).dump();
}

struct StaffRequest {
  std::vector<std::string> targets;
  std::optional<double> shrinkage;
  std::optional<long> max_agents;
  int threads = 0;
  std::optional<double> risk;  // the chance-constrained guarantee, with `joint`
  bool joint = false;
  std::optional<int> max_replications;
  std::optional<int> verify_replications;
};

// The scenario as `staff` takes it: loaded, the overrides applied, and checked as the command
// line checks it before a search.
Scenario staffing_scenario(const Source& source, const RunOverrides& overrides,
                           const StaffRequest& request) {
  Scenario scenario = load(source);
  apply_overrides(overrides, scenario);
  if (scenario.replications < kMinStaffReplications) {
    throw ScenarioError({source.label + ": /replications: expected at least " +
                         std::to_string(kMinStaffReplications) +
                         " (a confidence interval needs two), got " +
                         std::to_string(scenario.replications) + "; use replications="});
  }
  try {
    (void)staffing_grid(scenario);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError({source.label + ": /report_interval_s: " + e.what()});
  }
  if (request.max_replications && *request.max_replications < scenario.replications) {
    throw std::invalid_argument(
        "max_replications: expected at least the replications to start from (" +
        std::to_string(scenario.replications) + "), got " +
        std::to_string(*request.max_replications));
  }
  return scenario;
}

StaffOptions staffing_options(const StaffRequest& request, const std::vector<Target>& targets) {
  const StaffChoices choices{request.risk, request.joint, request.max_agents,
                             request.max_replications, request.verify_replications};
  return staff_options(choices, targets, request.threads);
}

// The staffing JSON, and the scenario file with the schedule found (empty when infeasible).
std::pair<std::string, std::string> staff_scenario(const Source& source,
                                                   const std::string& file_text,
                                                   const RunOverrides& overrides,
                                                   const StaffRequest& request) {
  const std::vector<Target> targets = parse_targets(request.targets, simulation_target_metrics());
  const Scenario scenario = staffing_scenario(source, overrides, request);
  const std::optional<double> shrinkage = staffing_shrinkage(scenario, request.shrinkage);
  const auto start = std::chrono::steady_clock::now();
  const StaffResult result = staff(scenario, staffing_options(request, targets));
  const StaffReport report{scenario, targets, result, shrinkage, seconds_since(start)};
  std::string staffed;
  if (result.feasible) {
    staffed = staffed_scenario(file_text, source.label, scenario, result, shrinkage);
  }
  return {to_json(report).dump(), staffed};
}

// `ccsim compare --staff-to`: the comparison JSON and the staffed files, or (when a scenario
// cannot meet the targets) an empty JSON text and the reason.
struct StaffedComparisonText {
  std::string json;
  std::vector<std::string> files;
  std::string infeasible;
};

StaffedComparisonText compare_staffed(const std::vector<Source>& sources,
                                      const std::vector<std::string>& file_texts,
                                      const RunOverrides& overrides, const StaffRequest& request,
                                      bool by_segment) {
  const std::vector<Target> targets = parse_targets(request.targets, simulation_target_metrics());
  std::vector<StaffingInput> inputs;
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    // Every scenario is checked, so all their problems are reported at once.
    try {
      inputs.push_back(
          {staffing_scenario(sources[i], overrides, request), file_texts.at(i), sources[i].label});
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  RunOptions options;
  options.threads = request.threads;
  const StaffedComparison staffed = compare_at_equal_service(
      inputs, staffing_options(request, targets), request.shrinkage, options, by_segment);
  if (!staffed.comparison) return {{}, {}, staffed.infeasible};
  return {to_json(*staffed.comparison).dump(), staffed.files, {}};
}

// Problems as one message, a line each (ValueError's text).
std::invalid_argument bad_input(const std::vector<std::string>& problems) {
  std::string text;
  for (const std::string& line : problems) text += (text.empty() ? "" : "\n") + line;
  return std::invalid_argument(text);
}

// The logs with their choices checked first; malformed lines go to `warnings`.
LoadedLog load_checked(const LogRequest& logs, std::vector<std::string>& warnings) {
  const std::vector<std::string> problems = log_request_problems(logs);
  if (!problems.empty()) throw bad_input(problems);
  return load_logs(logs, [&warnings](const std::string& line) { warnings.push_back(line); });
}

// The fitted scenario file's text, and the warnings about the logs.
std::pair<std::string, std::vector<std::string>> fit(const LogRequest& logs,
                                                     const FitRequest& request,
                                                     const std::string& default_name) {
  const std::vector<std::string> problems = fit_request_problems(request, logs);
  if (!problems.empty()) throw bad_input(problems);
  std::vector<std::string> warnings;
  const LoadedLog loaded = load_checked(logs, warnings);
  const FittedScenario fitted =
      fit_scenario(loaded.selected, fit_options(request, logs, loaded, default_name));
  return {fitted_scenario_text(fitted, "<fit>"), warnings};
}

std::pair<std::string, std::vector<std::string>> backtest(const Source& source,
                                                          const LogRequest& logs,
                                                          const RunOverrides& overrides,
                                                          const BacktestRequest& request) {
  Scenario scenario = load(source);
  if (const auto problem = backtest_scenario_problem(scenario))
    throw ScenarioError({source.label + ": " + *problem});
  if (overrides.seed) scenario.seed = *overrides.seed;
  const std::vector<std::string> problems = backtest_request_problems(request, logs);
  if (!problems.empty()) throw bad_input(problems);
  std::vector<std::string> warnings;
  const LoadedLog log = load_checked(logs, warnings);
  std::optional<LoadedLog> training;
  if (!request.train.empty()) {
    LogRequest train = logs;
    train.paths = request.train;
    training = load_checked(train, warnings);
  }
  BacktestOptions options =
      backtest_options(request, logs, overrides.confidence.value_or(scenario.confidence));
  if (training) options.training = &training->selected;
  return {to_json(run_backtest(scenario, log.selected, options)).dump(), warnings};
}

// `ccsim sensitivity … --json`: the scenarios and the assumptions as text (a dict's JSON, or a
// file the caller read), checked and run by the same library calls as the command's.
std::string sensitivity(const std::vector<Source>& sources,
                        const std::vector<std::string>& file_texts,
                        const std::string& assumptions_text, const std::string& assumptions_label,
                        const std::string& metric, const std::string& mode, int draws,
                        std::optional<std::uint64_t> draw_seed, std::optional<bool> lower_is_better,
                        const RunOverrides& overrides, int threads,
                        const std::optional<std::string>& checkpoint_path) {
  SensitivityRequest request;
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::string problem;
    std::optional<JsonDocument> document = parse_json(file_texts[i], problem);
    if (!document) {
      problems.push_back(sources[i].label + ": " + problem);
      continue;
    }
    request.documents.push_back(std::move(*document));
    request.sources.push_back(sources[i].label);
  }
  if (!problems.empty()) throw ScenarioError(problems);
  request.assumptions_text = assumptions_text;
  request.assumptions_label = assumptions_label;
  request.metric = metric;
  request.lower_is_better = lower_is_better;
  request.joint = mode != "tornado";
  request.overrides = as_scenario_overrides(overrides);
  const SensitivityInputs inputs = sensitivity_inputs(std::move(request));
  SensitivityOptions options;
  options.run.threads = threads;
  const bool tornado = mode != "joint";
  const bool joint = mode != "tornado";
  // As --checkpoint: the runs a previous, interrupted call finished are reused.
  std::unique_ptr<OutputFile> checkpoint;
  SensitivityCheckpoint finished;
  if (checkpoint_path) {
    std::vector<std::string> inputs_read;
    for (const Source& source : sources) {
      if (!source.text) inputs_read.push_back(source.label);
    }
    checkpoint = std::make_unique<OutputFile>(*checkpoint_path,
                                              OutputOptions{"checkpoint", inputs_read, {}, true});
    use_sensitivity_checkpoint(*checkpoint, inputs, tornado, joint,
                               static_cast<std::size_t>(draws), draw_seed, finished, options);
  }
  const auto start = std::chrono::steady_clock::now();
  const SensitivityRun run =
      run_sensitivity(inputs, tornado, joint, static_cast<std::size_t>(draws), draw_seed, options);
  if (checkpoint) checkpoint->publish();
  SensitivityReport report;
  report.inputs = &inputs;
  report.tornado = run.tornado ? &*run.tornado : nullptr;
  report.joint = run.joint ? &*run.joint : nullptr;
  report.draw_seed = run.draw_seed;
  report.wall_s = seconds_since(start);
  return to_json(report).dump();
}

// `ccsim sweep`: every point run here, in order; the rows as the CSV form's typed cells
// (sweep_table), with the header the CSV keeps in its side file, as JSON text:
// {"meta": …, "columns": […], "rows": [[…], …], "warnings": […], "precision_unmet": N}.
std::string sweep(const Source& source, const std::vector<std::string>& sets,
                  const RunOverrides& overrides, int threads, bool tidy, bool by_segment,
                  bool baseline, bool independent, const std::vector<std::string>& precision,
                  std::optional<int> max_replications) {
  SweepRequest request;
  request.scenario_label = source.label;
  request.scenario_text = source.text;
  request.sets = sets;
  request.format = tidy ? SweepFormat::tidy : SweepFormat::csv;
  request.by_segment = by_segment;
  request.baseline = baseline;
  request.independent = independent;
  request.precision = precision;
  request.max_replications = max_replications;
  request.overrides = as_scenario_overrides(overrides);
  check_overrides(request.overrides);
  std::vector<std::string> warnings;
  const SweepPlan plan = SweepPlan::make(request, warnings);
  RunOptions options;
  options.threads = threads;
  const SweepRows rows = run_sweep(plan, options);
  const SweepTable table = sweep_table(rows.rows, plan.settings().format);
  nlohmann::json out = nlohmann::json::object();
  out["meta"] = plan.header();
  out["columns"] = table.columns;
  out["rows"] = table.rows;
  out["warnings"] = warnings;
  out["precision_unmet"] = rows.precision_unmet;
  return out.dump();
}

}  // namespace

}  // namespace ccsim::python

PYBIND11_MODULE(_core, m) {
  using namespace ccsim;
  using namespace ccsim::python;
  m.doc() = "ccsim's library calls; use the functions of the ccsim package, not these.";
  m.attr("version") = std::string(kVersion);
  // Every problem of the input, one line each, as the command line prints them.
  py::register_exception<ScenarioError>(m, "ScenarioError", PyExc_ValueError);
  py::register_exception<CallLogError>(m, "CallLogError", PyExc_ValueError);
  py::register_exception<SelectionError>(m, "SelectionError", PyExc_ValueError);

  py::class_<Source>(m, "Source")
      .def(py::init<std::string, std::optional<std::string>>(), py::arg("label"),
           py::arg("text") = std::nullopt);
  py::class_<RunOverrides>(m, "RunOverrides")
      .def(py::init<std::optional<int>, std::optional<std::uint64_t>, std::optional<double>>(),
           py::arg("replications") = std::nullopt, py::arg("seed") = std::nullopt,
           py::arg("confidence") = std::nullopt);
  py::class_<StaffRequest>(m, "StaffRequest")
      .def(py::init<std::vector<std::string>, std::optional<double>, std::optional<long>, int,
                    std::optional<double>, bool, std::optional<int>, std::optional<int>>(),
           py::arg("targets"), py::arg("shrinkage") = std::nullopt,
           py::arg("max_agents") = std::nullopt, py::arg("threads") = 0,
           py::arg("risk") = std::nullopt, py::arg("joint") = false,
           py::arg("max_replications") = std::nullopt,
           py::arg("verify_replications") = std::nullopt);

  py::class_<LogRequest>(m, "LogRequest")
      .def(py::init<>())
      .def_readwrite("paths", &LogRequest::paths)
      .def_readwrite("format", &LogRequest::format)
      .def_readwrite("interval_min", &LogRequest::interval_min)
      .def_readwrite("days", &LogRequest::days)
      .def_readwrite("min_day_fraction", &LogRequest::min_day_fraction)
      .def_readwrite("exclude_date", &LogRequest::exclude_dates)
      .def_readwrite("by", &LogRequest::by)
      .def_readwrite("arrival", &LogRequest::arrival)
      .def_readwrite("phantom", &LogRequest::phantom)
      .def_readwrite("anomalous_service", &LogRequest::anomalous_service)
      .def_readwrite("priority", &LogRequest::priority)
      .def_readwrite("map_segment", &LogRequest::segment_map)
      .def_readwrite("strict", &LogRequest::strict);
  py::class_<FitRequest>(m, "FitRequest")
      .def(py::init<>())
      .def_readwrite("patience", &FitRequest::patience)
      .def_readwrite("handle", &FitRequest::handle)
      .def_readwrite("staffing", &FitRequest::staffing)
      .def_readwrite("staffing_gap_min", &FitRequest::spell_gap_min)
      .def_readwrite("staffing_edge_min", &FitRequest::edge_min)
      .def_readwrite("shift_grid_min", &FitRequest::shift_grid_min)
      .def_readwrite("staffing_step_min", &FitRequest::step_min)
      .def_readwrite("busyness", &FitRequest::busyness)
      .def_readwrite("service_level_threshold_s", &FitRequest::threshold_s)
      .def_readwrite("name", &FitRequest::name)
      .def_readwrite("by_hour", &FitRequest::by_hour)
      .def_readwrite("by_hour_band_min", &FitRequest::by_hour_band_min)
      .def_readwrite("retrials", &FitRequest::retrials)
      .def_readwrite("retrial_window_min", &FitRequest::retrial_window_min)
      .def_readwrite("retrial_delay", &FitRequest::retrial_delay)
      .def_readwrite("retrial_lost_ids", &FitRequest::retrial_lost_ids);
  py::class_<BacktestRequest>(m, "BacktestRequest")
      .def(py::init<>())
      .def_readwrite("train", &BacktestRequest::train)
      .def_readwrite("retrial_window_min", &BacktestRequest::retrial_window_min)
      .def_readwrite("retrial_lost_ids", &BacktestRequest::retrial_lost_ids)
      .def_readwrite("scored_min_entrants", &BacktestRequest::scored_min_entrants)
      .def_readwrite("replications", &BacktestRequest::periods)
      .def_readwrite("threads", &BacktestRequest::threads)
      .def_readwrite("replay", &BacktestRequest::replay)
      .def_readwrite("staffing", &BacktestRequest::staffing)
      .def_readwrite("staffing_gap_min", &BacktestRequest::spell_gap_min)
      .def_readwrite("staffing_edge_min", &BacktestRequest::edge_min)
      .def_readwrite("shift_grid_min", &BacktestRequest::shift_grid_min)
      .def_readwrite("staffing_step_min", &BacktestRequest::step_min);

  const auto release = py::call_guard<py::gil_scoped_release>();
  m.def("fit", &fit, py::arg("logs"), py::arg("request"), py::arg("default_name"), release);
  m.def("backtest", &backtest, py::arg("source"), py::arg("logs"), py::arg("overrides"),
        py::arg("request"), release);
  m.def("run", &run, py::arg("source"), py::arg("overrides"), py::arg("threads"),
        py::arg("precision"), py::arg("max_replications"), release);
  m.def("compare", &compare, py::arg("sources"), py::arg("overrides"), py::arg("threads"),
        py::arg("by_segment"), release);
  m.def("erlang", &erlang_figures, py::arg("lambda_per_hour"), py::arg("handle_s"),
        py::arg("agents"), py::arg("several"), py::arg("patience_s"), py::arg("threshold_s"),
        py::arg("targets"), release);
  py::class_<StaffedComparisonText>(m, "StaffedComparison")
      .def_readonly("json", &StaffedComparisonText::json)
      .def_readonly("files", &StaffedComparisonText::files)
      .def_readonly("infeasible", &StaffedComparisonText::infeasible);
  m.def("compare_staffed", &compare_staffed, py::arg("sources"), py::arg("file_texts"),
        py::arg("overrides"), py::arg("request"), py::arg("by_segment"), release);
  m.def("staff", &staff_scenario, py::arg("source"), py::arg("file_text"), py::arg("overrides"),
        py::arg("request"), release);
  m.def("sensitivity", &sensitivity, py::arg("sources"), py::arg("file_texts"),
        py::arg("assumptions_text"), py::arg("assumptions_label"), py::arg("metric"),
        py::arg("mode"), py::arg("draws"), py::arg("draw_seed"), py::arg("lower_is_better"),
        py::arg("overrides"), py::arg("threads"), py::arg("checkpoint"), release);
  m.def("sweep", &sweep, py::arg("source"), py::arg("sets"), py::arg("overrides"),
        py::arg("threads"), py::arg("tidy"), py::arg("by_segment"), py::arg("baseline"),
        py::arg("independent"), py::arg("precision"), py::arg("max_replications"), release);
  // The shared atomic writer: a file is the old one or the whole new one, never torn.
  m.def("write_file", &write_file_atomically, py::arg("path"), py::arg("contents"), release);
}
