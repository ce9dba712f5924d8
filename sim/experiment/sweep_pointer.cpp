// Sweep pointers: RFC 6901 plus "*" (every item or member) and list items named by their "name",
// resolved to the concrete places they name, and one change applied at them.
#include <charconv>
#include <cmath>

#include "ccsim/experiment/sweep.hpp"

namespace ccsim {

namespace {

// An integer stays one when a factor leaves it whole (30 agents × 1.1 = 33,
// not 33.000000000000004).
constexpr double kWholeTolerance = 1e-9;

std::vector<std::string> split_tokens(const std::string& pattern) {
  std::vector<std::string> tokens;
  std::size_t start = 1;  // past the leading '/'
  while (true) {
    const std::size_t slash = pattern.find('/', start);
    std::string token = pattern.substr(start, slash - start);
    std::string unescaped;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size()) {
        unescaped += token[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        unescaped += token[i];
      }
    }
    tokens.push_back(std::move(unescaped));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return tokens;
}

// "/" and the token escaped as RFC 6901 says ("~0" for "~", "~1" for "/"), by the JSON library.
std::string pointer_step(const std::string& token) {
  return (JsonDocument::json_pointer() / token).to_string();
}

std::optional<std::size_t> canonical_index(const std::string& token) {
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
  const bool canonical = !token.empty() && (token == "0" || token[0] != '0');
  if (error != std::errc{} || end != token.data() + token.size() || !canonical) return std::nullopt;
  return index;
}

std::string item_names(const JsonDocument& array) {
  std::string names;
  for (const JsonDocument& item : array) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string()) continue;
    if (!names.empty()) names += ", ";
    names += item["name"].get<std::string>();
  }
  return names;
}

struct Place {
  const JsonDocument* node;  // null: a key the object does not have yet
  std::string path;
};

}  // namespace

std::optional<std::vector<std::string>> sweep_pointer_targets(const JsonDocument& document,
                                                              const std::string& pattern,
                                                              bool new_key, std::string& problem) {
  if (pattern.empty() || pattern[0] != '/') {
    problem = "expected a JSON pointer starting with /, got " + shorten(pattern, 60);
    return std::nullopt;
  }
  const std::vector<std::string> tokens = split_tokens(pattern);
  std::vector<Place> places{{&document, ""}};
  bool wildcard = false;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const std::string& token = tokens[t];
    const bool last = t + 1 == tokens.size();
    std::vector<Place> next;
    for (const Place& place : places) {
      const JsonDocument& node = *place.node;
      const std::string where = place.path.empty() ? "/" : place.path;
      if (token == "*" && (node.is_array() || node.is_object())) {
        wildcard = true;
        if (node.is_array()) {
          for (std::size_t i = 0; i < node.size(); ++i) {
            next.push_back({&node[i], place.path + "/" + std::to_string(i)});
          }
        } else {
          for (const auto& [key, value] : node.items()) {
            next.push_back({&value, place.path + pointer_step(key)});
          }
        }
      } else if (node.is_object()) {
        const std::string path = place.path + pointer_step(token);
        if (node.contains(token)) {
          next.push_back({&node[token], path});
        } else if (last && new_key) {
          next.push_back({nullptr, path});
        } else {
          problem = "expected a pointer into the scenario, got nothing at " + path;
          return std::nullopt;
        }
      } else if (node.is_array()) {
        const std::optional<std::size_t> index = canonical_index(token);
        if (index) {
          if (*index >= node.size()) {
            problem = "expected an index of the array at " + where + " (0 to " +
                      std::to_string(node.size()) + " - 1), got " + token;
            return std::nullopt;
          }
          next.push_back({&node[*index], place.path + "/" + token});
          continue;
        }
        bool found = false;
        for (std::size_t i = 0; i < node.size() && !found; ++i) {
          const JsonDocument& item = node[i];
          if (item.is_object() && item.contains("name") && item["name"] == token) {
            next.push_back({&item, place.path + "/" + std::to_string(i)});
            found = true;
          }
        }
        if (!found) {
          const std::string names = item_names(node);
          problem =
              "expected an index of the array at " + where + " (0 to " +
              std::to_string(node.size()) + " - 1)" +
              (names.empty() ? std::string()
                             : " or the name of one of its items (" + shorten(names, 120) + ")") +
              ", got " + token;
          return std::nullopt;
        }
      } else {
        problem = "expected an object or an array at " + where + ", got " + describe_json(node);
        return std::nullopt;
      }
    }
    places = std::move(next);
  }
  if (places.empty()) {
    problem = std::string("expected at least one place for the wildcard to name, got ") +
              (wildcard ? "an empty array or object" : "none");
    return std::nullopt;
  }
  std::vector<std::string> targets;
  targets.reserve(places.size());
  for (const Place& place : places) targets.push_back(place.path);
  return targets;
}

std::optional<std::string> apply_sweep_change(JsonDocument& document, const std::string& pattern,
                                              SweepOp op, const JsonDocument& value) {
  const std::string label = op == SweepOp::multiply ? pattern + "*" : pattern;
  std::string problem;
  const std::optional<std::vector<std::string>> targets =
      sweep_pointer_targets(document, pattern, op == SweepOp::assign, problem);
  if (!targets) return label + ": " + problem;
  for (const std::string& target : *targets) {
    JsonDocument& slot = document[JsonDocument::json_pointer(target)];
    if (op == SweepOp::assign) {
      slot = value;
      continue;
    }
    if (!slot.is_number()) {
      return label + ": expected a number to multiply at " + target + ", got " +
             describe_json(slot);
    }
    const double product = slot.get<double>() * value.get<double>();
    const double whole = std::round(product);
    if (slot.is_number_integer() &&
        std::abs(product - whole) <= kWholeTolerance * std::max(1.0, std::abs(whole)) &&
        std::abs(whole) < 9.0e15) {
      slot = static_cast<std::int64_t>(whole);
    } else if (!std::isfinite(product)) {
      return label + ": expected a finite product at " + target + ", got " + describe_json(slot) +
             " x " + describe_json(value);
    } else {
      slot = product;
    }
  }
  return std::nullopt;
}

}  // namespace ccsim
