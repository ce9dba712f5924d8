// A sweep: the cartesian product of values set at JSON pointers of a base scenario file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/scenario/scenario.hpp"

namespace ccsim {

// Most points (and values in one range) a sweep may have: far beyond any sweep that can run,
// low enough that a mistyped range is reported instead of exhausting memory.
constexpr std::size_t kMaxSweepPoints = 1'000'000;

// How an axis changes what its pointer names: replaces it (POINTER=VALUES) or multiplies the
// number there (POINTER*=VALUES).
enum class SweepOp { assign, multiply };

// The values one JSON pointer takes ("--set POINTER=VALUES"). Values are typed JSON: 1 and "1"
// differ. The pointer is RFC 6901 with two additions (sweep_pointer_targets): a segment "*"
// names every item of an array or every member of an object, and a segment that is not an index
// names the item of an array whose "name" is that segment (/population/segments/75+/share).
struct SweepAxis {
  std::string pointer;  // "/staffing/humans", "/reasons/*/bot_resolution"
  std::vector<JsonDocument> values;
  SweepOp op = SweepOp::assign;
  // Moves with the axis before it ("&POINTER=VALUES"): value i of both at the same points.
  bool linked = false;
  // How rows and messages name the axis: the pointer, followed by "*" when it multiplies.
  std::string column() const;
};

// A malformed --set: the message reads "expected …, got …".
class SweepError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// VALUES: a JSON array ('["bot_first", "triage"]'), an inclusive range "a:b:step" of decimal
// numbers (integers when all three are, exact decimal arithmetic otherwise: 0:1:0.1 gives 0.3,
// not 0.30000000000000004), or one JSON value. Throws SweepError.
std::vector<JsonDocument> parse_sweep_values(std::string_view text);
// "[&]POINTER=VALUES" or "[&]POINTER*=VALUES", split at the first '='; multiplying takes
// numbers only. A '*' just before the '=' multiplies unless it is a whole segment ("/reasons/*=…"
// sets every reason; "/reasons/**=…" would multiply them). Throws SweepError.
SweepAxis parse_sweep_axis(std::string_view text);

// The concrete RFC 6901 pointers `pattern` names in `document`, in document order, or (in
// `problem`) "expected …, got …" without the pattern. `new_key`: the last segment may name a
// key an object does not have yet (assigning); never a wildcard's.
std::optional<std::vector<std::string>> sweep_pointer_targets(const JsonDocument& document,
                                                              const std::string& pattern,
                                                              bool new_key, std::string& problem);
// Applies one change at `pattern`: the value, or the number there times `value` (an integer
// stays an integer when the product is one, to 1e-9). Nullopt, or "POINTER: expected …, got …".
std::optional<std::string> apply_sweep_change(JsonDocument& document, const std::string& pattern,
                                              SweepOp op, const JsonDocument& value);

// The points of a sweep in a fixed order: the first axis varies slowest, the last fastest (nested
// loops in the order the axes were given; linked axes count as one). Point 0 takes every axis's
// first value.
class SweepGrid {
 public:
  // Throws SweepError when two axes share a column, a linked axis has another number of values
  // than the one it moves with, or there are more than kMaxSweepPoints.
  explicit SweepGrid(std::vector<SweepAxis> axes);

  std::size_t size() const { return size_; }
  const std::vector<SweepAxis>& axes() const { return axes_; }
  // The dimensions of the product: each a run of linked axes.
  std::size_t dimensions() const { return dimension_sizes_.size(); }
  // The value of axis `axis` at point `point`.
  const JsonDocument& value(std::size_t point, std::size_t axis) const;
  // "/staffing/humans=35, /routing/strategy="triage"" (long values shortened), for messages.
  std::string describe(std::size_t point) const;
  // Writes the point's values into `document`, axis by axis. A pointer may name a new key of an
  // existing object or an existing array element; anything else is returned as a problem
  // "POINTER: expected …, got …" (nothing is created on the way).
  std::optional<std::string> apply(std::size_t point, JsonDocument& document) const;

 private:
  std::vector<SweepAxis> axes_;
  std::vector<std::size_t> dimension_of_;     // per axis
  std::vector<std::size_t> dimension_sizes_;  // values per dimension
  std::size_t size_ = 1;
};

// "FILE (point 3: /staffing/humans=0)": how messages name a point.
std::string sweep_point_label(const std::string& file_label, const SweepGrid& grid,
                              std::size_t point);

// A changed scenario document, validated by the scenario loader as a file's text would be. The
// document is freed before its text is parsed, so a large scenario is held once, not twice.
Scenario scenario_of_document(JsonDocument document, const std::string& label,
                              const std::vector<ScenarioOverride>& overrides);

// The scenario of one point: the base document with the point's values, validated by the
// scenario loader. Throws ScenarioError whose lines name the file, the point and the pointer:
// "FILE (point 3: /staffing/humans=0): /staffing/humans: expected …, got …".
// The overrides (flags such as --seed) replace the file's values after the point's.
Scenario sweep_point_scenario(const JsonDocument& base, const SweepGrid& grid, std::size_t point,
                              const std::string& file_label,
                              const std::vector<ScenarioOverride>& overrides = {});

// The seed of point `point` under --independent: distinct random numbers for every point, from
//   seed_p = splitmix64(splitmix64(seed ^ kIndependentSalt) ^ point)
// (the salt keeps seed_p apart from seed and from its neighbours, which other runs use).
std::uint64_t independent_point_seed(std::uint64_t seed, std::uint64_t point);

// FNV-1a, 64 bits, of `bytes` continuing from `state`: a fingerprint, not a security check.
constexpr std::uint64_t kFnvOffsetBasis = 0xCBF29CE484222325ULL;
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t state = kFnvOffsetBasis);
// Sixteen lower-case hex digits.
std::string hex64(std::uint64_t value);

}  // namespace ccsim
