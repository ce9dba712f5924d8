// Scenario files: reading, validation of every key, and the mapping onto Scenario.
#include "ccsim/scenario/scenario.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

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
// Reads files in chunks of this many bytes.
constexpr std::size_t kReadChunkBytes = 1 << 16;
// A scenario of a thousand segments is well under a megabyte; reading stops past this, so that a
// path to a device or a huge file of the wrong kind cannot exhaust memory.
constexpr std::size_t kMaxFileBytes = std::size_t{64} << 20;
constexpr std::string_view kMaxFileText = "64 MiB";

using detail::join_lines;

// The keys of a run: its name, randomness, length and the statistics asked for. Returns the
// horizon when it is valid, which the schedules are checked against.
std::optional<double> read_run(ObjectReader& root, Scenario& scenario,
                               std::string_view default_name) {
  scenario.name = root.optional("name").string().value_or(std::string(default_name));
  scenario.seed = root.optional("seed").integer<std::uint64_t>(0).value_or(scenario.seed);
  scenario.replications = root.optional("replications")
                              .integer<int>(1, kMaxReplications)
                              .value_or(scenario.replications);
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
  scenario.confidence = root.optional("confidence")
                            .number(NumberRange::greater_than(0.0).below(1.0))
                            .value_or(scenario.confidence);
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

Scenario parse_named(const std::string& text, const std::string& file_label,
                     std::string_view default_name) {
  std::string syntax_problem;
  const std::optional<JsonDocument> document = parse_json(text, syntax_problem);
  if (!document) throw ScenarioError({file_label + ": " + syntax_problem});

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

  if (checker.has_problems()) throw ScenarioError(checker.lines(file_label));
  return scenario;
}

// The whole stream, or the errno of the failure (EFBIG past kMaxFileBytes).
std::optional<std::string> read_stream(std::FILE* file, int& error) {
  std::string text;
  std::string chunk(kReadChunkBytes, '\0');
  std::size_t read = 0;
  while ((read = std::fread(chunk.data(), 1, chunk.size(), file)) > 0) {
    text.append(chunk.data(), read);
    if (text.size() > kMaxFileBytes) {
      error = EFBIG;
      return std::nullopt;
    }
  }
  if (std::ferror(file)) {
    error = errno != 0 ? errno : EIO;
    return std::nullopt;
  }
  return text;
}

// The whole file at `path` ("-": standard input), or the errno of the failure.
std::optional<std::string> read_file(const std::string& path, int& error) {
  errno = 0;
  if (path == kStdinPath) return read_stream(stdin, error);
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) {
    error = errno;
    return std::nullopt;
  }
  return read_stream(file.get(), error);
}

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> problems)
    : std::runtime_error(join_lines(problems)), problems_(std::move(problems)) {}

Scenario load_scenario_file(const std::string& path) {
  const std::string label = path == kStdinPath ? std::string(kStdinLabel) : path;
  int error = 0;
  const std::optional<std::string> text = read_file(path, error);
  if (!text && error == EFBIG) {
    throw ScenarioError({label + ": expected a scenario file of at most " +
                         std::string(kMaxFileText) + ", got a larger one"});
  }
  if (!text) {
    throw ScenarioError({label + ": expected a readable scenario file, got " +
                         std::error_code(error, std::generic_category()).message()});
  }
  if (path == kStdinPath) return parse_named(*text, label, kTextScenarioName);
  const std::string stem = std::filesystem::path(path).stem().string();
  return parse_named(*text, path, stem.empty() ? kTextScenarioName : std::string_view(stem));
}

Scenario parse_scenario(const std::string& text, const std::string& file_label) {
  return parse_named(text, file_label, kTextScenarioName);
}

}  // namespace ccsim
