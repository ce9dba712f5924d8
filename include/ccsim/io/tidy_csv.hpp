// Spreadsheet-ready tables: one row per observation and one column per variable ("tidy"), each
// cell a plain typed value (a number, a name, or empty), never JSON. `--csv FILE` on run,
// compare and staff writes one (docs/formats.md, "Tidy CSV"); the separator and the decimal mark
// follow the reader's spreadsheet (`--csv-sep ';' --csv-decimal ','` for a French Excel).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ccsim/experiment/compare.hpp"
#include "ccsim/stats/results.hpp"

namespace ccsim {

// How cells are separated and how a number's decimal mark is written.
struct CsvStyle {
  char separator = ',';
  char decimal = '.';
};

// Why `style` cannot be written unambiguously (a separator that is also the decimal mark, or
// one a number or a clock time may contain), as "expected …, got …"; nullopt when it can.
std::optional<std::string> csv_style_problem(const CsvStyle& style);

// One cell: empty (no data), a name, an integer or a number.
using CsvCell = std::variant<std::monostate, std::string, std::int64_t, double>;

struct CsvTable {
  std::vector<std::string> columns;
  std::vector<std::vector<CsvCell>> rows;  // each as long as `columns`
};

// The table as CSV text: the column names, then one line per row. Numbers in the shortest text
// that reads back exactly, with `style.decimal` as the decimal mark; a name is quoted (RFC 4180)
// only when it holds the separator, a quote, a line break or a leading or trailing space.
std::string csv_text(const CsvTable& table, const CsvStyle& style);

// The label of a reporting interval that starts `start_s` after the scenario's start: the wall
// clock ("08:30", "23:00", past midnight "00:30" of the next day as "24:30") when the scenario
// says when it opens, else the offset from the start ("0:30", "10:00"). Seconds are shown only
// when the time has them ("08:30:15").
std::string interval_label(double start_s, std::optional<double> opens_at_s);

// The columns every tidy table of ccsim starts with, in this order.
//   scenario, segment, interval_start, interval_start_s, metric, mean, ci_low, ci_high, n
// `segment` is "all" for the whole population (a named segment "all" of a multi-segment
// scenario is written "segment:all" to stay apart); `interval_start` and `interval_start_s` are
// empty for figures over the whole horizon.
std::vector<std::string> tidy_columns();
// How a tidy table names segment `name` ("all" stays apart from the whole population).
std::string tidy_segment_label(const std::string& name);
// The label of the whole population in the segment column.
inline constexpr const char* kTidyWholePopulation = "all";

// The rows of one scenario's results: every overall metric, then each segment's (when there are
// several), then each reporting interval's (labelled by interval_label with `opens_at_s`).
void append_tidy_rows(CsvTable& table, const Results& results);
// One row in the tidy columns for an estimate.
std::vector<CsvCell> tidy_row(const std::string& scenario, const std::string& segment,
                              std::optional<double> interval_start_s,
                              std::optional<double> opens_at_s, const std::string& metric,
                              const Estimate& estimate);

// The results of one run as a tidy table.
CsvTable tidy_table(const Results& results);

// A comparison as a tidy table: the tidy columns, then diff_mean, diff_ci_low and diff_ci_high,
// the paired difference from the first scenario (empty on the first scenario's rows). Rows by
// scenario, then the whole population's metrics, then each segment's (with --by segment).
CsvTable tidy_table(const Comparison& comparison);

struct StaffReport;
// `ccsim staff`: per interval agents_required (and heads_scheduled with a shrinkage), counts
// without interval or n, then the verified run's rows (sim/io/staffing_csv.cpp).
CsvTable tidy_table(const StaffReport& report);

struct SensitivityReport;
// `ccsim sensitivity`: the tidy columns (scenario: the strategy whose metric or difference it is;
// metric: the criterion), then analysis (tornado or joint), compared_to (the first strategy,
// for a paired difference), assumption and measure (at_base, low_value, at_low, swing, …,
// probability_best, p05, rank_correlation; sim/io/sensitivity_csv.cpp).
CsvTable tidy_table(const SensitivityReport& report);

}  // namespace ccsim
