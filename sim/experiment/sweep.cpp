// Sweep definitions: --set values, the grid of points, and applying a point to a scenario.
#include "ccsim/experiment/sweep.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <utility>

#include "ccsim/engine/random_stream.hpp"
#include "scenario/utf8_text.hpp"

namespace ccsim {

namespace {

constexpr std::uint64_t kFnvPrime = 0x100000001B3ULL;
constexpr std::uint64_t kIndependentSalt = 0x5357454550000000ULL;  // "SWEEP"
// Doubles hold every integer up to 2^53 exactly: the bound on a scaled decimal range value.
constexpr std::int64_t kExactDoubleInteger = std::int64_t{1} << 53;
// 10^22 is the largest power of ten a double holds exactly.
constexpr int kMaxDecimalPlaces = 22;

// What a message quotes of a --set argument, which may hold any bytes: ill-formed UTF-8 as \xHH,
// control characters escaped, a long text shortened, so that the message is one line of text.
std::string shown(std::string_view text) {
  return display_name(escape_invalid_utf8(text));
}

// A plain decimal "-12.50" as mantissa -1250 and 2 places; no exponent.
struct Decimal {
  std::int64_t mantissa = 0;
  int places = 0;
  bool has_point = false;
};

std::optional<Decimal> parse_decimal(std::string_view text) {
  Decimal d;
  std::string digits;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) digits += text[i++];
  bool any_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      any_digit = true;
      if (d.has_point) ++d.places;
    } else if (c == '.' && !d.has_point) {
      d.has_point = true;
    } else {
      return std::nullopt;
    }
  }
  if (!any_digit || d.places > kMaxDecimalPlaces) return std::nullopt;
  if (!digits.empty() && digits[0] == '+') digits.erase(0, 1);
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), d.mantissa);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return d;
}

// `d` scaled to `places` decimal places, or nullopt on overflow.
std::optional<std::int64_t> scaled(const Decimal& d, int places) {
  std::int64_t value = d.mantissa;
  for (int p = d.places; p < places; ++p) {
    if (__builtin_mul_overflow(value, std::int64_t{10}, &value)) return std::nullopt;
  }
  return value;
}

std::vector<JsonDocument> parse_range(std::string_view text, const Decimal& a, const Decimal& b,
                                      const Decimal& step) {
  const std::string got = ", got " + shown(text);
  const int places = std::max({a.places, b.places, step.places});
  const auto first = scaled(a, places);
  const auto last = scaled(b, places);
  const auto by = scaled(step, places);
  std::int64_t span = 0;
  if (!first || !last || !by || __builtin_sub_overflow(*last, *first, &span)) {
    throw SweepError("expected a range a:b:step of numbers small enough to count exactly" + got);
  }
  if (*by == 0) throw SweepError("expected a range a:b:step with a non-zero step" + got);
  if ((span > 0 && *by < 0) || (span < 0 && *by > 0)) {
    throw SweepError("expected a range a:b:step whose step leads from a to b" + got);
  }
  const std::uint64_t count = static_cast<std::uint64_t>(span / *by) + 1;
  if (count > kMaxSweepPoints) {
    throw SweepError("expected a range of at most " + std::to_string(kMaxSweepPoints) + " values" +
                     got);
  }
  const bool integers = !a.has_point && !b.has_point && !step.has_point;
  double power = 1.0;
  for (int p = 0; p < places; ++p) power *= 10.0;
  std::vector<JsonDocument> values;
  values.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    // No accumulation: value i is computed from the exact integers, then divided once by an
    // exact power of ten, so it is the double nearest the decimal (0.3, not 0.1 + 0.1 + 0.1).
    const std::int64_t v = *first + static_cast<std::int64_t>(i) * *by;
    if (integers) {
      values.emplace_back(v);
    } else {
      if (v > kExactDoubleInteger || v < -kExactDoubleInteger) {
        throw SweepError("expected a range whose values have at most 15 significant digits" + got);
      }
      values.emplace_back(static_cast<double>(v) / power);
    }
  }
  return values;
}

// "a:b:step" split in three, or nothing when `text` is not shaped like a range.
std::optional<std::vector<JsonDocument>> try_range(std::string_view text) {
  // Arrays, strings and objects may hold colons of their own.
  if (text.empty() || text[0] == '[' || text[0] == '"' || text[0] == '{') return std::nullopt;
  const std::size_t first_colon = text.find(':');
  if (first_colon == std::string_view::npos) return std::nullopt;
  const std::size_t second_colon = text.find(':', first_colon + 1);
  if (second_colon == std::string_view::npos) return std::nullopt;
  if (text.find(':', second_colon + 1) != std::string_view::npos) return std::nullopt;
  const auto a = parse_decimal(text.substr(0, first_colon));
  const auto b = parse_decimal(text.substr(first_colon + 1, second_colon - first_colon - 1));
  const auto step = parse_decimal(text.substr(second_colon + 1));
  if (!a || !b || !step) {
    throw SweepError("expected a range a:b:step of plain decimal numbers, got " + shown(text));
  }
  return parse_range(text, *a, *b, *step);
}

}  // namespace

std::vector<JsonDocument> parse_sweep_values(std::string_view text) {
  if (auto range = try_range(text)) return std::move(*range);
  std::string problem;
  std::optional<JsonDocument> parsed = parse_json(text, problem);
  if (!parsed) {
    throw SweepError(
        "expected a JSON array, a range a:b:step or one JSON value (strings in "
        "double quotes), got " +
        shown(text));
  }
  if (!parsed->is_array()) return {std::move(*parsed)};
  if (parsed->empty()) throw SweepError("expected a non-empty JSON array, got []");
  if (parsed->size() > kMaxSweepPoints) {
    throw SweepError("expected at most " + std::to_string(kMaxSweepPoints) + " values, got " +
                     std::to_string(parsed->size()));
  }
  return std::vector<JsonDocument>(parsed->begin(), parsed->end());
}

std::string SweepAxis::column() const {
  return op == SweepOp::multiply ? pointer + "*" : pointer;
}

SweepAxis parse_sweep_axis(std::string_view text) {
  SweepAxis axis;
  if (!text.empty() && text[0] == '&') {
    axis.linked = true;
    text.remove_prefix(1);
  }
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos || text.empty() || text[0] != '/') {
    throw SweepError(
        "expected POINTER=VALUES (or POINTER*=FACTORS, &POINTER=VALUES) with a JSON pointer "
        "such as /staffing/humans, got " +
        shown(text));
  }
  std::string_view pointer = text.substr(0, equals);
  // "/reasons/*=" sets every reason; "/x*=" and "/reasons/**=" multiply.
  if (pointer.size() > 1 && pointer.back() == '*' && pointer[pointer.size() - 2] != '/') {
    axis.op = SweepOp::multiply;
    pointer.remove_suffix(1);
  }
  axis.pointer = std::string(pointer);
  // A scenario's keys and names are well-formed UTF-8 text (the JSON parser refuses anything
  // else), so such a pointer could name nothing; refused here, it never reaches a label, a
  // message or a CSV header.
  const bool control = std::any_of(axis.pointer.begin(), axis.pointer.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x20; });
  if (control || escape_invalid_utf8(axis.pointer) != axis.pointer) {
    throw SweepError("expected a JSON pointer of printable UTF-8 text, got " + shown(axis.pointer));
  }
  try {
    const JsonDocument::json_pointer check(axis.pointer);
    (void)check;
  } catch (const nlohmann::json::exception&) {
    throw SweepError("expected a JSON pointer (RFC 6901: '~0' for '~', '~1' for '/'), got " +
                     shown(axis.pointer));
  }
  try {
    axis.values = parse_sweep_values(text.substr(equals + 1));
  } catch (const SweepError& e) {
    throw SweepError(shown(axis.column()) + ": " + e.what());
  }
  if (axis.op == SweepOp::multiply) {
    for (const JsonDocument& v : axis.values) {
      if (!v.is_number()) {
        throw SweepError(shown(axis.column()) + ": expected numbers to multiply by, got " +
                         describe_json(v));
      }
    }
  }
  return axis;
}

SweepGrid::SweepGrid(std::vector<SweepAxis> axes) : axes_(std::move(axes)) {
  for (std::size_t i = 0; i < axes_.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (axes_[i].column() == axes_[j].column()) {
        throw SweepError("expected each pointer set once, got " + shown(axes_[i].column()) +
                         " twice");
      }
    }
    const std::size_t n = axes_[i].values.size();
    if (axes_[i].linked) {
      if (i == 0) {
        throw SweepError("expected a linked axis &" + axes_[i].column() +
                         " after the --set it moves with, got it first");
      }
      if (n != dimension_sizes_.back()) {
        throw SweepError("expected &" + axes_[i].column() + " to have as many values as " +
                         axes_[i - 1].column() + " (" + std::to_string(dimension_sizes_.back()) +
                         "), got " + std::to_string(n));
      }
      dimension_of_.push_back(dimension_sizes_.size() - 1);
      continue;
    }
    if (n == 0 || size_ > kMaxSweepPoints / n) {
      throw SweepError("expected at most " + std::to_string(kMaxSweepPoints) + " points, got more");
    }
    size_ *= n;
    dimension_of_.push_back(dimension_sizes_.size());
    dimension_sizes_.push_back(n);
  }
}

const JsonDocument& SweepGrid::value(std::size_t point, std::size_t axis) const {
  // Mixed radix over the dimensions, the last one the lowest digit.
  const std::size_t dimension = dimension_of_[axis];
  std::size_t rest = point;
  for (std::size_t d = dimension_sizes_.size(); d-- > dimension + 1;) rest /= dimension_sizes_[d];
  return axes_[axis].values[rest % dimension_sizes_[dimension]];
}

std::string SweepGrid::describe(std::size_t point) const {
  std::string out;
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    if (a > 0) out += ", ";
    out += axes_[a].column() + "=" + describe_json(value(point, a));
  }
  return out;
}

std::optional<std::string> SweepGrid::apply(std::size_t point, JsonDocument& document) const {
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    if (auto problem =
            apply_sweep_change(document, axes_[a].pointer, axes_[a].op, value(point, a))) {
      return problem;
    }
  }
  return std::nullopt;
}

std::string sweep_point_label(const std::string& file_label, const SweepGrid& grid,
                              std::size_t point) {
  return file_label + " (point " + std::to_string(point) + ": " + grid.describe(point) + ")";
}

Scenario scenario_of_document(JsonDocument document, const std::string& label,
                              const std::vector<ScenarioOverride>& overrides) {
  std::string text = document.dump();
  release_json(document);
  return parse_scenario(std::move(text), label, overrides);
}

Scenario sweep_point_scenario(const JsonDocument& base, const SweepGrid& grid, std::size_t point,
                              const std::string& file_label,
                              const std::vector<ScenarioOverride>& overrides) {
  const std::string label = sweep_point_label(file_label, grid, point);
  JsonDocument document = base;
  if (std::optional<std::string> problem = grid.apply(point, document)) {
    throw ScenarioError({label + ": " + *problem});
  }
  const bool named = document.contains("name");
  Scenario scenario = scenario_of_document(std::move(document), label, overrides);
  // Named like the file when it names itself nothing, as load_scenario_file does.
  if (!named) {
    const std::string stem = std::filesystem::path(file_label).stem().string();
    if (!stem.empty()) scenario.name = stem;
  }
  return scenario;
}

std::uint64_t independent_point_seed(std::uint64_t seed, std::uint64_t point) {
  return splitmix64(splitmix64(seed ^ kIndependentSalt) ^ point);
}

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t state) {
  for (const char c : bytes) {
    state ^= static_cast<unsigned char>(c);
    state *= kFnvPrime;
  }
  return state;
}

std::string hex64(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace ccsim
