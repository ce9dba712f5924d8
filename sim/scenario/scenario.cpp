// Scenario files: reading, validation of every key, and the mapping onto Scenario.
#include "ccsim/scenario/scenario.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

#include "ccsim/io/input.hpp"
#include "ccsim/scenario/json_checker.hpp"
#include "io/join_lines.hpp"
#include "scenario/scenario_readers.hpp"

namespace ccsim {

namespace {

using scenario_readers::Form;
using scenario_readers::kMaxReplications;
using scenario_readers::kNonNegative;
using scenario_readers::kNonNegativeSeconds;
using scenario_readers::kPositiveSeconds;
using scenario_readers::ZeroMean;

// The name of a scenario read from text rather than from a file.
constexpr std::string_view kTextScenarioName = "scenario";
// A scenario of a thousand segments is well under a megabyte (kMaxScenarioFileBytes).
constexpr std::string_view kMaxFileText = "64 MiB";

using detail::join_lines;

// The keys of a run: its name, randomness, length and the statistics asked for. Returns the
// horizon when it is valid, which the schedules are checked against.
// The run keys a flag may also give (ScenarioOverride): one rule for each, wherever the value
// comes from. Two readers, so that the keys keep their documented order in messages.
void read_seed_and_replications(ObjectReader& root, Scenario& scenario) {
  scenario.seed = root.optional("seed").integer<std::uint64_t>(0).value_or(scenario.seed);
  scenario.replications = root.optional("replications")
                              .integer<int>(1, kMaxReplications)
                              .value_or(scenario.replications);
}

void read_confidence(ObjectReader& root, Scenario& scenario) {
  scenario.confidence =
      root.optional("confidence")
          .number(NumberRange::greater_than(0.0).at_most(scenario_readers::kMaxConfidence))
          .value_or(scenario.confidence);
}

std::optional<double> read_run(ObjectReader& root, Scenario& scenario,
                               std::string_view default_name) {
  scenario.name = root.optional("name").string().value_or(std::string(default_name));
  read_seed_and_replications(root, scenario);
  const std::optional<double> horizon_s = root.required("horizon_s").number(kPositiveSeconds);
  scenario.horizon_s = horizon_s.value_or(scenario.horizon_s);
  // Without a valid horizon only the lower end of the warm-up can be checked.
  const NumberRange warmup_range =
      horizon_s ? kNonNegative.below(*horizon_s, "horizon_s = " + format_number(*horizon_s))
                : kNonNegative;
  scenario.warmup_s = root.optional("warmup_s").number(warmup_range).value_or(scenario.warmup_s);
  scenario.service_level_threshold_s = root.optional("service_level_threshold_s")
                                           .number(kNonNegativeSeconds)
                                           .value_or(scenario.service_level_threshold_s);
  read_confidence(root, scenario);
  scenario_readers::check_free_text(root.optional("description"));
  scenario_readers::check_free_text(root.optional("sources"));
  return horizon_s;
}

// The shorthands patience_s and human_handle_s, which stand for one segment and one reason: a
// file that gives both a shorthand and its full form is an error.
void read_shorthands(ObjectReader& root, const JsonDocument& document, Form form,
                     Scenario& scenario) {
  const auto has_full = [&](const char* key) {
    return form == Form::full && document.is_object() && document.contains(key);
  };
  const auto both = [&root](const Field& shorthand, std::string_view full) {
    root.checker().report(
        shorthand.where(),
        "either the shorthand " + shorthand.where().tokens().back() + " or " + std::string(full),
        "both");
  };
  const Field patience = root.optional("patience_s");
  if (patience.present() && has_full("population")) {
    both(patience, "population");
  } else {
    scenario.patience_s = scenario_readers::read_distribution(patience, ZeroMean::allowed);
  }
  const Field handle = root.optional("human_handle_s");
  if (has_full("reasons")) {
    if (handle.present()) both(handle, "reasons");
  } else if (handle.present() || !has_full("population")) {
    // Required without reasons; but a population without reasons is reported as such, and
    // asking for the shorthand as well would point the wrong way.
    if (auto spec = scenario_readers::read_distribution(root.required("human_handle_s"),
                                                        ZeroMean::forbidden)) {
      scenario.human_handle_s = std::move(*spec);
    }
  }
}

// An override's text as JSON when it is JSON, else as a string (0x10 is "0x10").
JsonDocument override_value(const ScenarioOverride& o) {
  std::string ignored;
  std::optional<JsonDocument> value = parse_json(o.text, ignored);
  return value ? std::move(*value) : JsonDocument(o.text);
}

// The overrides written into the document (an object: otherwise the file's own problem is
// reported), each as a JSON value when its text is one, else as a string. The file's own values
// are still checked: a flag replaces a valid value, it does not excuse an invalid one. Returns
// the problems of those.
std::vector<std::string> apply_overrides(JsonDocument& document,
                                         const std::vector<ScenarioOverride>& overrides,
                                         const std::string& file_label) {
  if (!document.is_object() || overrides.empty()) return {};
  JsonDocument replaced = JsonDocument::object();
  for (const ScenarioOverride& o : overrides) {
    if (const auto found = document.find(o.key); found != document.end()) replaced[o.key] = *found;
  }
  JsonChecker checker(replaced);
  ObjectReader originals(checker, replaced, JsonPath{});
  Scenario ignored;
  read_seed_and_replications(originals, ignored);
  read_confidence(originals, ignored);
  for (const ScenarioOverride& o : overrides) {
    document[o.key] = override_value(o);
  }
  return checker.has_problems() ? checker.lines(file_label) : std::vector<std::string>{};
}

// "FILE: /seed: expected …" becomes "--seed: expected …" for a value given by a flag.
std::vector<std::string> relabel(std::vector<std::string> lines, const std::string& file_label,
                                 const std::vector<ScenarioOverride>& overrides) {
  for (std::string& line : lines) {
    for (const ScenarioOverride& o : overrides) {
      const std::string prefix = file_label + ": /" + o.key + ": ";
      if (line.compare(0, prefix.size(), prefix) == 0) {
        line = o.flag + ": " + line.substr(prefix.size());
        break;
      }
    }
  }
  return lines;
}

Scenario parse_named(const std::string& text, const std::string& file_label,
                     std::string_view default_name,
                     const std::vector<ScenarioOverride>& overrides) {
  std::string syntax_problem;
  std::optional<JsonDocument> document = parse_json(text, syntax_problem);
  if (!document) throw ScenarioError({file_label + ": " + syntax_problem});
  std::vector<std::string> problems = apply_overrides(*document, overrides, file_label);

  JsonChecker checker(*document);
  for (const JsonPath& where : duplicate_keys(text)) {
    checker.report(where, "each key once in its object",
                   describe_json(JsonDocument(where.tokens().back())) +
                       " again (only its last value would count)");
  }
  const Form form = scenario_readers::detect_form(*document);
  ObjectReader root(checker, *document, JsonPath{}, "a scenario object");
  Scenario scenario;
  const std::optional<double> horizon_s = read_run(root, scenario, default_name);
  if (auto arrivals = scenario_readers::read_arrivals(root.required("arrivals"), form, horizon_s)) {
    scenario.arrivals_per_hour = std::move(arrivals->per_hour);
    scenario.busyness_cv = arrivals->busyness_cv;
  }
  read_shorthands(root, *document, form, scenario);
  if (auto staffing = scenario_readers::read_staffing(root.required("staffing"), form, horizon_s)) {
    scenario.humans = std::move(staffing->humans);
    scenario.humans_cost_per_hour = staffing->humans_cost_per_hour;
    scenario.groups = std::move(staffing->groups);
  }
  if (form == Form::full) scenario_readers::read_journey(root, scenario, horizon_s);
  root.reject_unknown_keys();

  if (checker.has_problems()) {
    for (std::string& line : relabel(checker.lines(file_label), file_label, overrides)) {
      problems.push_back(std::move(line));
    }
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return scenario;
}

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> problems)
    : std::runtime_error(join_lines(problems)), problems_(std::move(problems)) {}

Scenario load_scenario_file(const std::string& path,
                            const std::vector<ScenarioOverride>& overrides) {
  const bool from_stdin = path == kStdinPath;
  const std::string label = from_stdin ? std::string(kStdinLabel) : path;
  InputFailure failure;
  const std::optional<std::string> text =
      from_stdin ? read_input_descriptor(STDIN_FILENO, kMaxScenarioFileBytes, failure)
                 : read_input_file(path, kMaxScenarioFileBytes, failure);
  if (!text && failure.too_large) {
    throw ScenarioError({label + ": expected a scenario file of at most " +
                         std::string(kMaxFileText) + ", got a larger one"});
  }
  if (!text) {
    throw ScenarioError({label + ": expected a readable scenario file, got " + failure.describe()});
  }
  if (from_stdin) return parse_named(*text, label, kTextScenarioName, overrides);
  const std::string stem = std::filesystem::path(path).stem().string();
  return parse_named(*text, path, stem.empty() ? kTextScenarioName : std::string_view(stem),
                     overrides);
}

void check_overrides(const std::vector<ScenarioOverride>& overrides) {
  const std::string label = "overrides";
  JsonDocument document = JsonDocument::object();
  for (const ScenarioOverride& o : overrides) {
    document[o.key] = override_value(o);
  }
  JsonChecker checker(document);
  ObjectReader root(checker, document, JsonPath{});
  Scenario ignored;
  read_seed_and_replications(root, ignored);
  read_confidence(root, ignored);
  if (checker.has_problems()) throw ScenarioError(relabel(checker.lines(label), label, overrides));
}

Scenario parse_scenario(const std::string& text, const std::string& file_label,
                        const std::vector<ScenarioOverride>& overrides) {
  return parse_named(text, file_label, kTextScenarioName, overrides);
}

}  // namespace ccsim
