#include "ccsim/io/tidy_csv.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace ccsim {

namespace {

constexpr double kSecondsPerDay = 86400.0;
constexpr long kSecondsPerHour = 3600;
constexpr long kSecondsPerMinute = 60;
constexpr std::string_view kWholePopulation = kTidyWholePopulation;

std::string separator_name(char c) {
  if (c == '\t') return "a tab";
  return std::string("'") + c + "'";
}

// Shortest text that reads back as `value`, with `decimal` as the decimal mark.
std::string number_cell(double value, char decimal) {
  if (!std::isfinite(value)) return value != value ? "nan" : (value > 0 ? "inf" : "-inf");
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, error == std::errc() ? end : buffer);
  if (decimal != '.') {
    for (char& c : text)
      if (c == '.') c = decimal;
  }
  return text;
}

std::string text_cell(const std::string& text, char separator) {
  const bool padded = !text.empty() && (text.front() == ' ' || text.back() == ' ');
  if (!padded && text.find_first_of(std::string("\"\n\r") + separator) == std::string::npos)
    return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string cell_text(const CsvCell& cell, const CsvStyle& style) {
  if (const auto* text = std::get_if<std::string>(&cell)) return text_cell(*text, style.separator);
  if (const auto* integer = std::get_if<std::int64_t>(&cell)) return std::to_string(*integer);
  if (const auto* number = std::get_if<double>(&cell)) return number_cell(*number, style.decimal);
  return {};
}

CsvCell optional_cell(const std::optional<double>& value) {
  return value ? CsvCell(*value) : CsvCell();
}

}  // namespace

std::optional<std::string> csv_style_problem(const CsvStyle& style) {
  if (style.decimal != '.' && style.decimal != ',')
    return "expected a decimal mark '.' or ',', got " + separator_name(style.decimal);
  // A separator a cell may hold unquoted would split numbers (the decimal mark, a sign, an
  // exponent's digits) or clock times.
  const std::string_view forbidden = "0123456789.+-:eEnaif\"\r\n ";
  if (style.separator == style.decimal)
    return "expected a separator other than the decimal mark " + separator_name(style.decimal) +
           " (--csv-sep ';' with --csv-decimal ','), got " + separator_name(style.separator);
  if (forbidden.find(style.separator) != std::string_view::npos || style.separator == '\0')
    return "expected a separator such as ',', ';', '|' or a tab, got " +
           separator_name(style.separator);
  return std::nullopt;
}

std::string csv_text(const CsvTable& table, const CsvStyle& style) {
  std::string text;
  const auto line = [&](const auto& cells, const auto& as_text) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) text += style.separator;
      text += as_text(cells[i]);
    }
    text += '\n';
  };
  line(table.columns, [&](const std::string& name) { return text_cell(name, style.separator); });
  for (const auto& row : table.rows)
    line(row, [&](const CsvCell& cell) { return cell_text(cell, style); });
  return text;
}

std::string interval_label(double start_s, std::optional<double> opens_at_s) {
  double t = start_s;
  if (opens_at_s) t = std::fmod(*opens_at_s + start_s, kSecondsPerDay);
  const auto seconds = static_cast<long>(std::llround(t));
  const long hours = seconds / kSecondsPerHour;
  const long minutes = seconds / kSecondsPerMinute % kSecondsPerMinute;
  const long rest = seconds % kSecondsPerMinute;
  char buffer[48];
  if (rest != 0) {
    std::snprintf(buffer, sizeof buffer, opens_at_s ? "%02ld:%02ld:%02ld" : "%ld:%02ld:%02ld",
                  hours, minutes, rest);
  } else {
    std::snprintf(buffer, sizeof buffer, opens_at_s ? "%02ld:%02ld" : "%ld:%02ld", hours, minutes);
  }
  return buffer;
}

std::vector<std::string> tidy_columns() {
  return {"scenario", "segment", "interval_start", "interval_start_s", "metric", "mean", "ci_low",
          "ci_high",  "n"};
}

std::vector<CsvCell> tidy_row(const std::string& scenario, const std::string& segment,
                              std::optional<double> interval_start_s,
                              std::optional<double> opens_at_s, const std::string& metric,
                              const Estimate& estimate) {
  std::vector<CsvCell> row{scenario, segment};
  if (interval_start_s) {
    row.emplace_back(interval_label(*interval_start_s, opens_at_s));
    row.emplace_back(*interval_start_s);
  } else {
    row.emplace_back();
    row.emplace_back();
  }
  row.emplace_back(metric);
  row.push_back(optional_cell(estimate.mean));
  row.push_back(optional_cell(estimate.ci_low));
  row.push_back(optional_cell(estimate.ci_high));
  row.emplace_back(static_cast<std::int64_t>(estimate.n));
  return row;
}

std::string tidy_segment_label(const std::string& name) {
  return name == kWholePopulation ? "segment:" + name : name;
}

void append_tidy_rows(CsvTable& table, const Results& results) {
  const std::string all(kWholePopulation);
  for (const auto& [name, e] : results.metrics)
    table.rows.push_back(tidy_row(results.scenario, all, std::nullopt, std::nullopt, name, e));
  if (results.by_segment.size() > 1) {
    for (const auto& [segment, set] : results.by_segment) {
      for (const auto& [name, e] : set)
        table.rows.push_back(tidy_row(results.scenario, tidy_segment_label(segment), std::nullopt,
                                      std::nullopt, name, e));
    }
  }
  for (const IntervalResult& interval : results.by_interval) {
    for (const auto& [name, e] : interval.metrics)
      table.rows.push_back(
          tidy_row(results.scenario, all, interval.start_s, results.opens_at_s, name, e));
  }
}

CsvTable tidy_table(const Results& results) {
  CsvTable table{tidy_columns(), {}};
  append_tidy_rows(table, results);
  return table;
}

CsvTable tidy_table(const Comparison& comparison) {
  CsvTable table{tidy_columns(), {}};
  for (const char* c : {"diff_mean", "diff_ci_low", "diff_ci_high"}) table.columns.emplace_back(c);
  // At equal service, every row says under which targets and guarantee.
  const std::optional<EqualService>& equal = comparison.equal_service;
  if (equal) {
    table.columns.emplace_back("staffed_to");
    table.columns.emplace_back("guarantee");
  }
  const auto add = [&](std::size_t i, const std::string& segment,
                       const std::vector<ComparedMetric>& metrics) {
    for (const ComparedMetric& m : metrics) {
      std::vector<CsvCell> row = tidy_row(comparison.scenarios[i], segment, std::nullopt,
                                          std::nullopt, m.name, m.values[i]);
      const Estimate none;
      const Estimate& d = i == 0 ? none : m.differences[i];
      row.push_back(optional_cell(d.mean));
      row.push_back(optional_cell(d.ci_low));
      row.push_back(optional_cell(d.ci_high));
      if (equal) {
        row.emplace_back(equal_service_targets(*equal));
        row.emplace_back(equal_service_guarantee(*equal));
      }
      table.rows.push_back(std::move(row));
    }
  };
  for (std::size_t i = 0; i < comparison.scenarios.size(); ++i) {
    add(i, std::string(kWholePopulation), comparison.metrics);
    for (const auto& [segment, metrics] : comparison.by_segment)
      add(i, tidy_segment_label(segment), metrics);
  }
  return table;
}

}  // namespace ccsim
