// Assumptions files: the assumed values of a population, each with a plausible range and its
// source, checked against the scenarios they apply to.
#include <cmath>
#include <set>

#include "ccsim/experiment/sensitivity.hpp"
#include "ccsim/scenario/json_checker.hpp"

namespace ccsim {

namespace {

const std::set<std::string> kAssumptionKeys = {"name", "pointer", "multiply", "low",
                                               "high", "source",  "note"};
const std::set<std::string> kFileKeys = {"population", "description", "assumptions"};

std::string keys_text(const std::set<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

class Reader {
 public:
  explicit Reader(std::string label) : label_(std::move(label)) {}
  void problem(const std::string& where, const std::string& text) {
    problems_.push_back(label_ + ": " + where + ": " + text);
  }
  const std::vector<std::string>& problems() const { return problems_; }

  std::optional<std::string> string(const JsonDocument& object, const std::string& key,
                                    const std::string& where, bool required) {
    if (!object.contains(key)) {
      if (required) problem(where + "/" + key, "expected a string, got nothing");
      return std::nullopt;
    }
    const JsonDocument& v = object[key];
    if (!v.is_string() || v.get<std::string>().empty()) {
      problem(where + "/" + key, "expected a non-empty string, got " + describe_json(v));
      return std::nullopt;
    }
    return v.get<std::string>();
  }
  std::optional<double> number(const JsonDocument& object, const std::string& key,
                               const std::string& where) {
    if (!object.contains(key)) {
      problem(where + "/" + key, "expected a number, got nothing");
      return std::nullopt;
    }
    const JsonDocument& v = object[key];
    if (!v.is_number() || !std::isfinite(v.get<double>())) {
      problem(where + "/" + key, "expected a finite number, got " + describe_json(v));
      return std::nullopt;
    }
    return v.get<double>();
  }

 private:
  std::string label_;
  std::vector<std::string> problems_;
};

// The assumption's value at every place it names in `document` (all must be numbers).
std::optional<std::vector<double>> values_at(const JsonDocument& document, const Assumption& a,
                                             std::string& problem) {
  const auto targets = sweep_pointer_targets(document, a.pointer, false, problem);
  if (!targets) return std::nullopt;
  std::vector<double> values;
  for (const std::string& target : *targets) {
    const JsonDocument& v = document.at(JsonDocument::json_pointer(target));
    if (!v.is_number()) {
      problem = "expected a number at " + target + ", got " + describe_json(v);
      return std::nullopt;
    }
    values.push_back(v.get<double>());
  }
  return values;
}

}  // namespace

AssumptionSet parse_assumptions(const std::string& text, const std::string& file_label,
                                const std::vector<JsonDocument>& scenarios) {
  Reader reader(file_label);
  std::string syntax;
  const std::optional<JsonDocument> document = parse_json(text, syntax);
  if (!document) throw ScenarioError({file_label + ": " + syntax});
  if (!document->is_object() || !document->contains("assumptions") ||
      !(*document)["assumptions"].is_array() || (*document)["assumptions"].empty()) {
    throw ScenarioError({file_label +
                         ": /assumptions: expected a non-empty array of "
                         "{name, pointer, low, high, source}, got " +
                         (document->is_object() && document->contains("assumptions")
                              ? describe_json((*document)["assumptions"])
                              : std::string("nothing"))});
  }
  for (const auto& [key, value] : document->items()) {
    if (!kFileKeys.count(key)) {
      reader.problem("/" + key, "expected one of " + keys_text(kFileKeys) + ", got " + key);
    }
  }
  AssumptionSet set;
  set.population = reader.string(*document, "population", "", false).value_or("");
  std::set<std::string> names;
  const JsonDocument& list = (*document)["assumptions"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = "/assumptions/" + std::to_string(i);
    const JsonDocument& entry = list[i];
    if (!entry.is_object()) {
      reader.problem(where, "expected an object {name, pointer, low, high, source}, got " +
                                describe_json(entry));
      continue;
    }
    for (const auto& [key, value] : entry.items()) {
      if (!kAssumptionKeys.count(key)) {
        reader.problem(where + "/" + key,
                       "expected one of " + keys_text(kAssumptionKeys) + ", got " + key);
      }
    }
    Assumption a;
    const auto name = reader.string(entry, "name", where, true);
    const auto pointer = reader.string(entry, "pointer", where, true);
    const auto low = reader.number(entry, "low", where);
    const auto high = reader.number(entry, "high", where);
    const auto source = reader.string(entry, "source", where, true);
    if (entry.contains("multiply") && !entry["multiply"].is_boolean()) {
      reader.problem(where + "/multiply",
                     "expected true or false, got " + describe_json(entry["multiply"]));
    }
    if (!name || !pointer || !low || !high || !source) continue;
    a.name = *name;
    a.pointer = *pointer;
    a.low = *low;
    a.high = *high;
    a.source = *source;
    a.op = entry.value("multiply", false) == true ? SweepOp::multiply : SweepOp::assign;
    if (!names.insert(a.name).second) {
      reader.problem(where + "/name", "expected a name used once, got " + a.name + " again");
    }
    if (a.low > a.high) {
      reader.problem(where, "expected low <= high, got low " + describe_json(entry["low"]) +
                                " > high " + describe_json(entry["high"]));
      continue;
    }
    if (a.pointer.empty() || a.pointer[0] != '/') {
      reader.problem(where + "/pointer",
                     "expected a JSON pointer such as /churn/bot_disclosed, got " +
                         describe_json(entry["pointer"]));
      continue;
    }
    a.base = a.op == SweepOp::multiply ? 1.0 : 0.0;
    bool placed = true;
    for (std::size_t s = 0; s < scenarios.size() && placed; ++s) {
      std::string problem;
      const auto values = values_at(scenarios[s], a, problem);
      if (!values) {
        reader.problem(where + "/pointer",
                       a.pointer + ": " + problem +
                           (scenarios.size() > 1 ? " (scenario " + std::to_string(s + 1) + ")"
                                                 : std::string()));
        placed = false;
        break;
      }
      if (a.op == SweepOp::assign) {
        if (s == 0) a.base = values->front();
        for (const double v : *values) {
          if (v < a.low || v > a.high) {
            reader.problem(where, "expected the scenario's value at " + a.pointer + " (" +
                                      describe_json(JsonDocument(v)) + ") within [low, high] = [" +
                                      describe_json(entry["low"]) + ", " +
                                      describe_json(entry["high"]) + "], got it outside");
            placed = false;
            break;
          }
        }
      }
    }
    if (a.op == SweepOp::multiply && (a.low > 1.0 || a.high < 1.0)) {
      reader.problem(where, "expected factors low <= 1 <= high (1: the scenario's values), got [" +
                                describe_json(entry["low"]) + ", " + describe_json(entry["high"]) +
                                "]");
      continue;
    }
    if (placed) set.assumptions.push_back(std::move(a));
  }
  if (!reader.problems().empty()) throw ScenarioError(reader.problems());
  return set;
}

}  // namespace ccsim
