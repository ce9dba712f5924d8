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
#include "scenario/scenario_keys.hpp"

namespace ccsim {

namespace {

// The name of a scenario read from text rather than from a file.
constexpr std::string_view kTextScenarioName = "scenario";
// A scenario of a thousand segments is well under a megabyte (kMaxScenarioFileBytes).
constexpr std::string_view kMaxFileText = "64 MiB";

using detail::join_lines;

// The run keys a flag may also give (ScenarioOverride): one rule for each, wherever the value
// comes from, the one their declarations state.
void check_run_keys(JsonChecker& checker, const JsonDocument& document) {
  format::Reading reading(checker);
  Scenario ignored;
  format::scenario_object().read_only(reading, document, {"seed", "replications", "confidence"},
                                      ignored);
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
  check_run_keys(checker, replaced);
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

// Takes the text by value and frees it once parsed, and frees the document container by
// container (release_json): a scenario of long schedules then costs about its parsed size once,
// not the text, the document and the library's destruction stack at the same time.
Scenario parse_named(std::string text, const std::string& file_label,
                     std::string_view default_name,
                     const std::vector<ScenarioOverride>& overrides) {
  std::string syntax_problem;
  std::optional<JsonDocument> document = parse_json(text, syntax_problem);
  if (!document) throw ScenarioError({file_label + ": " + syntax_problem});
  const std::vector<JsonPath> repeated_keys = duplicate_keys(text);
  std::string().swap(text);
  std::vector<std::string> problems = apply_overrides(*document, overrides, file_label);

  JsonChecker checker(*document);
  for (const JsonPath& where : repeated_keys) {
    checker.report(where, "each key once in its object",
                   describe_json(JsonDocument(where.tokens().back())) +
                       " again (only its last value would count)");
  }
  format::Reading reading(checker);
  reading.form = format::detect_form(*document);
  Scenario scenario;
  scenario.name = std::string(default_name);
  format::scenario_object().read_element(reading, *document, JsonPath{}, scenario);
  // The checker's problems are already placed in document order: the document is done with.
  release_json(*document);

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

std::string read_scenario_text(const std::string& path) {
  const bool from_stdin = path == kStdinPath;
  const std::string label = from_stdin ? std::string(kStdinLabel) : path;
  InputFailure failure;
  std::optional<std::string> text =
      from_stdin ? read_input_descriptor(STDIN_FILENO, kMaxScenarioFileBytes, failure)
                 : read_input_file(path, kMaxScenarioFileBytes, failure);
  if (!text && failure.too_large) {
    throw ScenarioError({label + ": expected a scenario file of at most " +
                         std::string(kMaxFileText) + ", got a larger one"});
  }
  if (!text) {
    throw ScenarioError({label + ": expected a readable scenario file, got " + failure.describe()});
  }
  return std::move(*text);
}

Scenario load_scenario_text(std::string text, const std::string& path,
                            const std::vector<ScenarioOverride>& overrides) {
  if (path == kStdinPath) {
    return parse_named(std::move(text), std::string(kStdinLabel), kTextScenarioName, overrides);
  }
  const std::string stem = std::filesystem::path(path).stem().string();
  return parse_named(std::move(text), path,
                     stem.empty() ? kTextScenarioName : std::string_view(stem), overrides);
}

Scenario load_scenario_file(const std::string& path,
                            const std::vector<ScenarioOverride>& overrides) {
  return load_scenario_text(read_scenario_text(path), path, overrides);
}

void check_overrides(const std::vector<ScenarioOverride>& overrides) {
  const std::string label = "overrides";
  JsonDocument document = JsonDocument::object();
  for (const ScenarioOverride& o : overrides) {
    document[o.key] = override_value(o);
  }
  JsonChecker checker(document);
  check_run_keys(checker, document);
  if (checker.has_problems()) throw ScenarioError(relabel(checker.lines(label), label, overrides));
}

Scenario parse_scenario(std::string text, const std::string& file_label,
                        const std::vector<ScenarioOverride>& overrides) {
  return parse_named(std::move(text), file_label, kTextScenarioName, overrides);
}

}  // namespace ccsim
