// The output of a sweep: one row per point, in point order, as CSV or JSON lines, and the header
// that identifies the sweep: the first line of JSON lines; beside a CSV, in FILE.meta.json, so
// that the CSV starts with its column names (docs/sweep.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/experiment/precision.hpp"
#include "ccsim/experiment/sweep.hpp"
#include "ccsim/io/tidy_csv.hpp"
#include "ccsim/scenario/json_checker.hpp"
#include "ccsim/stats/results.hpp"

namespace ccsim {

// Version of the header and row layout; bumped on any change of columns or their meaning.
constexpr int kSweepSchemaVersion = 3;

// csv: one row a point, its estimates in columns; jsonl: one JSON object a point; tidy: CSV in
// long form, one line per point × segment × metric × statistic (docs/sweep.md).
enum class SweepFormat { csv, jsonl, tidy };

// Everything that decides the rows (not the thread or process count, which never changes them).
struct SweepSettings {
  SweepFormat format = SweepFormat::csv;
  bool by_segment = false;
  bool baseline = false;
  bool independent = false;
  std::optional<int> replications;
  std::optional<std::uint64_t> seed;
  std::optional<double> confidence;
  std::vector<PrecisionTarget> precision;
  int max_replications = kDefaultMaxReplications;  // used only with precision targets
  CsvStyle csv_style;  // the CSV forms' separator and decimal mark (--csv-sep, --csv-decimal)
};

// The header object: {"format": "ccsim-sweep", "schema_version", "hash", "points", "sweep": the
// axes and settings}. The hash is FNV-1a 64 of the base scenario file's bytes followed by the
// compact JSON of "sweep", so any change to either gives another hash. A CSV style other than
// the default is recorded there ("csv_separator", "csv_decimal"); the default is not, so a sweep
// without --csv-sep or --csv-decimal keeps its hash.
JsonDocument sweep_header(const std::string& scenario_bytes, const SweepGrid& grid,
                          const SweepSettings& settings);

// One point's outcome, as the row is built from it.
struct SweepPointOutcome {
  std::size_t point = 0;
  std::uint64_t seed = 0;
  const Results* results = nullptr;
  const PrecisionOutcome* precision = nullptr;  // with precision targets
  const Comparison* baseline = nullptr;         // with --baseline: [0] point 0, [1] this point
};

// The row as a JSON object (the JSON-lines row; CSV flattens it).
JsonDocument sweep_row(const SweepGrid& grid, const SweepSettings& settings,
                       const SweepPointOutcome& outcome);

// What the output starts with: for JSON lines the header line; for CSV the line of column names
// (taken from `example_row`, any row of this sweep). Ends with a newline.
std::string sweep_header_text(const JsonDocument& header, const JsonDocument& example_row,
                              SweepFormat format, const CsvStyle& style = {});
// The CSV's side file, FILE.meta.json: the header object, indented, ending with a newline.
std::string sweep_meta_text(const JsonDocument& header);
std::string sweep_meta_path(const std::string& csv_path);
// One row as its line (tidy: its lines), each ending with a newline. In the CSV forms, cells are
// separated by `style.separator` (a cell holding it is quoted) and a number that is not an
// integer is written with `style.decimal`.
std::string sweep_row_text(const JsonDocument& row, SweepFormat format, const CsvStyle& style = {});
// The rows of a CSV form as typed values: the columns, then a line per row (tidy: per segment ×
// metric × statistic), each value a number, a boolean, a string as its text, a list or an object
// as itself, or null for an empty cell. The same cells as the CSV text, without the text.
struct SweepTable {
  std::vector<std::string> columns;
  std::vector<std::vector<JsonDocument>> rows;
};
SweepTable sweep_table(const std::vector<JsonDocument>& rows, SweepFormat format);
// How many lines one row takes: 1, or for tidy one per segment × metric × statistic.
std::size_t sweep_row_lines(const JsonDocument& row, SweepFormat format);

// What an existing output holds, for --resume.
struct ExistingSweepOutput {
  std::size_t rows = 0;             // complete rows, points 0 .. rows - 1
  std::size_t keep_bytes = 0;       // the header and those rows; anything after is torn
  bool has_header = false;          // false: nothing usable (empty, or a torn header)
  std::size_t precision_unmet = 0;  // rows whose precision targets were not met
};

// Reads `contents` (an output written by this sweep or being written). `expected_header` is
// this sweep's header text; `meta`, for CSV, the side file's contents (nullopt: none). Throws
// SweepError "expected …, got …" when it is the output of another sweep or not a sweep output at
// all.
// `row_lines`: the lines of one row (sweep_row_lines); a point with fewer was torn.
// `separator`: the CSV's (--csv-sep).
ExistingSweepOutput read_sweep_output(const std::string& contents,
                                      const std::string& expected_header,
                                      const std::string& expected_hash, SweepFormat format,
                                      const std::optional<std::string>& meta = std::nullopt,
                                      std::size_t row_lines = 1, char separator = ',');

}  // namespace ccsim
