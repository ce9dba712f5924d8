#include "ccsim/io/sweep_output.hpp"

#include <algorithm>
#include <string_view>

namespace ccsim {

namespace {

constexpr std::string_view kFormatName = "ccsim-sweep";
// CSV has no comment syntax a spreadsheet skips: its header goes beside it.
constexpr std::string_view kMetaSuffix = ".meta.json";

JsonDocument optional_number(const std::optional<double>& value) {
  return value ? JsonDocument(*value) : JsonDocument(nullptr);
}

JsonDocument estimate_cells(const Estimate& e) {
  JsonDocument cells = JsonDocument::object();
  cells["mean"] = optional_number(e.mean);
  cells["ci_low"] = optional_number(e.ci_low);
  cells["ci_high"] = optional_number(e.ci_high);
  cells["n"] = e.n;
  return cells;
}

JsonDocument metric_cells(const MetricSet& set) {
  JsonDocument out = JsonDocument::object();
  for (const auto& [name, estimate] : set) out[name] = estimate_cells(estimate);
  return out;
}

JsonDocument difference_cells(const std::vector<ComparedMetric>& metrics) {
  JsonDocument out = JsonDocument::object();
  for (const ComparedMetric& m : metrics) out[m.name] = estimate_cells(m.differences.at(1));
  return out;
}

// Point 0 over the replications the difference pairs: difference = metrics − baseline.
JsonDocument baseline_cells(const std::vector<ComparedMetric>& metrics) {
  JsonDocument out = JsonDocument::object();
  for (const ComparedMetric& m : metrics) out[m.name] = estimate_cells(m.values.at(0));
  return out;
}

std::string csv_escape(const std::string& cell, char separator) {
  const char special[] = {separator, '"', '\n', '\r', '\0'};
  if (cell.find_first_of(special) == std::string::npos) return cell;
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A cell: a typed value, written as its CSV text by cell_text.
struct Cell {
  JsonDocument value;
  bool null_is_empty = true;  // an estimate's missing value; an axis's null stays "null"
};

using Cells = std::vector<std::pair<std::string, Cell>>;

// A cell's CSV text: a string as its text (not its JSON, which a CSV quote would triple), a
// number or a boolean as JSON writes it (doubles in the shortest text that reads back exactly),
// a list or an object as JSON, null as an empty cell (an axis's as "null").
// With a decimal comma, a number that is not an integer has its point replaced (the exponent,
// if any, is kept: 1,5e-07).
std::string cell_text(const Cell& cell, char decimal) {
  if (cell.value.is_null() && cell.null_is_empty) return std::string();
  if (cell.value.is_string()) return cell.value.get<std::string>();
  std::string text = cell.value.dump();
  if (decimal != '.' && cell.value.is_number_float()) {
    for (char& c : text) {
      if (c == '.') c = decimal;
    }
  }
  return text;
}

void add_estimates(Cells& cells, const std::string& prefix, const JsonDocument& metrics) {
  for (const auto& [name, estimate] : metrics.items()) {
    for (const auto& [field, value] : estimate.items()) {
      cells.emplace_back(prefix + name + "." + field, Cell{value});
    }
  }
}

// The point's own columns, which every form starts with: point, seed, the axes' values,
// replications, customers and, with precision targets, precision_met. The header keeps every
// axis value with its JSON type.
Cells point_cells(const JsonDocument& row) {
  Cells cells;
  cells.emplace_back("point", Cell{row.at("point")});
  cells.emplace_back("seed", Cell{row.at("seed")});
  for (const auto& [pointer, value] : row.at("values").items())
    cells.emplace_back(pointer, Cell{value, false});
  cells.emplace_back("replications", Cell{row.at("replications")});
  cells.emplace_back("customers", Cell{row.at("customers")});
  if (row.contains("precision_met"))
    cells.emplace_back("precision_met", Cell{row.at("precision_met")});
  return cells;
}

// The row flattened to (column, cell) pairs; see docs/sweep.md for the column names.
Cells csv_cells(const JsonDocument& row) {
  Cells cells = point_cells(row);
  add_estimates(cells, "", row.at("metrics"));
  if (row.contains("baseline")) add_estimates(cells, "base.", row.at("baseline"));
  if (row.contains("difference")) add_estimates(cells, "diff.", row.at("difference"));
  if (row.contains("by_segment")) {
    for (const auto& [segment, parts] : row.at("by_segment").items()) {
      const std::string prefix = "segment." + segment + ".";
      add_estimates(cells, prefix, parts.at("metrics"));
      if (parts.contains("baseline")) add_estimates(cells, prefix + "base.", parts.at("baseline"));
      if (parts.contains("difference"))
        add_estimates(cells, prefix + "diff.", parts.at("difference"));
    }
  }
  return cells;
}

// The tidy form: the point's columns, then one line per segment ("all" for the whole centre) ×
// metric × statistic ("value", and with a baseline "baseline" and "difference").
std::vector<Cells> tidy_lines(const JsonDocument& row) {
  const Cells point = point_cells(row);
  std::vector<Cells> lines;
  const auto add = [&](const std::string& segment, const std::string& statistic,
                       const JsonDocument& metrics) {
    for (const auto& [name, estimate] : metrics.items()) {
      Cells line = point;
      line.emplace_back("segment", Cell{segment});
      line.emplace_back("metric", Cell{name});
      line.emplace_back("statistic", Cell{statistic});
      for (const auto& [field, value] : estimate.items()) line.emplace_back(field, Cell{value});
      lines.push_back(std::move(line));
    }
  };
  const auto add_part = [&](const std::string& segment, const JsonDocument& part) {
    add(segment, "value", part.at("metrics"));
    if (part.contains("baseline")) add(segment, "baseline", part.at("baseline"));
    if (part.contains("difference")) add(segment, "difference", part.at("difference"));
  };
  add_part("all", row);
  if (row.contains("by_segment")) {
    for (const auto& [segment, part] : row.at("by_segment").items()) add_part(segment, part);
  }
  return lines;
}

// The lines of one row in a CSV form: one (csv), or one per segment × metric × statistic.
std::vector<Cells> row_lines_of(const JsonDocument& row, SweepFormat format) {
  if (format == SweepFormat::tidy) return tidy_lines(row);
  return {csv_cells(row)};
}

std::string join_csv(const std::vector<std::string>& cells, char separator) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += separator;
    line += cells[i];
  }
  return line + "\n";
}

// The cells of one CSV line (RFC 4180 quoting).
std::vector<std::string> split_csv_line(std::string_view line, char separator) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        cells.back() += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == separator) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

std::string_view first_line(std::string_view text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

JsonDocument sweep_header(const std::string& scenario_bytes, const SweepGrid& grid,
                          const SweepSettings& s) {
  JsonDocument sweep = JsonDocument::object();
  JsonDocument axes = JsonDocument::array();
  for (const SweepAxis& axis : grid.axes()) {
    JsonDocument entry = {{"pointer", axis.pointer}, {"values", axis.values}};
    // Only when used, so a sweep without them keeps its hash (and --resume its file).
    if (axis.op == SweepOp::multiply) entry["op"] = "multiply";
    if (axis.linked) entry["linked"] = true;
    axes.push_back(std::move(entry));
  }
  sweep["axes"] = std::move(axes);
  sweep["output"] = s.format == SweepFormat::csv    ? "csv"
                    : s.format == SweepFormat::tidy ? "tidy"
                                                    : "jsonl";
  sweep["by"] = s.by_segment ? JsonDocument("segment") : JsonDocument(nullptr);
  sweep["baseline"] = s.baseline;
  sweep["independent"] = s.independent;
  sweep["replications"] = s.replications ? JsonDocument(*s.replications) : JsonDocument(nullptr);
  sweep["seed"] = s.seed ? JsonDocument(*s.seed) : JsonDocument(nullptr);
  sweep["confidence"] = optional_number(s.confidence);
  JsonDocument precision = JsonDocument::object();
  for (const PrecisionTarget& t : s.precision) precision[t.metric] = t.half_width;
  sweep["precision"] = std::move(precision);
  sweep["max_replications"] =
      s.precision.empty() ? JsonDocument(nullptr) : JsonDocument(s.max_replications);
  // Only when not the default, so a sweep without them keeps its hash (and --resume its file).
  if (s.csv_style.separator != ',' || s.csv_style.decimal != '.') {
    sweep["csv_separator"] = std::string(1, s.csv_style.separator);
    sweep["csv_decimal"] = std::string(1, s.csv_style.decimal);
  }

  const std::uint64_t hash = fnv1a64(sweep.dump(), fnv1a64(scenario_bytes));
  JsonDocument header = JsonDocument::object();
  header["format"] = kFormatName;
  header["schema_version"] = kSweepSchemaVersion;
  header["hash"] = hex64(hash);
  header["points"] = grid.size();
  header["sweep"] = std::move(sweep);
  return header;
}

JsonDocument sweep_row(const SweepGrid& grid, const SweepSettings& settings,
                       const SweepPointOutcome& o) {
  JsonDocument row = JsonDocument::object();
  row["point"] = o.point;
  row["seed"] = o.seed;
  JsonDocument values = JsonDocument::object();
  for (std::size_t a = 0; a < grid.axes().size(); ++a) {
    values[grid.axes()[a].column()] = grid.value(o.point, a);
  }
  row["values"] = std::move(values);
  row["replications"] = o.results->replications;
  row["customers"] = o.results->customers;
  if (o.precision != nullptr) row["precision_met"] = o.precision->met;
  row["metrics"] = metric_cells(o.results->metrics);
  if (settings.baseline) {
    row["baseline"] = baseline_cells(o.baseline->metrics);
    row["difference"] = difference_cells(o.baseline->metrics);
  }
  if (settings.by_segment) {
    JsonDocument segments = JsonDocument::object();
    for (const auto& [name, set] : o.results->by_segment) {
      JsonDocument parts = JsonDocument::object();
      parts["metrics"] = metric_cells(set);
      if (settings.baseline) {
        for (const auto& [compared_name, metrics] : o.baseline->by_segment) {
          if (compared_name != name) continue;
          parts["baseline"] = baseline_cells(metrics);
          parts["difference"] = difference_cells(metrics);
        }
      }
      segments[name] = std::move(parts);
    }
    row["by_segment"] = std::move(segments);
  }
  return row;
}

std::string sweep_header_text(const JsonDocument& header, const JsonDocument& example_row,
                              SweepFormat format, const CsvStyle& style) {
  if (format == SweepFormat::jsonl) return header.dump() + "\n";
  std::vector<std::string> names;
  const std::vector<Cells> lines = row_lines_of(example_row, format);
  for (const auto& [name, cell] : lines.front()) names.push_back(csv_escape(name, style.separator));
  return join_csv(names, style.separator);
}

std::string sweep_meta_text(const JsonDocument& header) {
  return header.dump(2) + "\n";
}

std::string sweep_meta_path(const std::string& csv_path) {
  return csv_path + std::string(kMetaSuffix);
}

std::string sweep_row_text(const JsonDocument& row, SweepFormat format, const CsvStyle& style) {
  if (format == SweepFormat::jsonl) return row.dump() + "\n";
  std::string text;
  for (const Cells& line : row_lines_of(row, format)) {
    std::vector<std::string> texts;
    for (const auto& [name, cell] : line) {
      texts.push_back(csv_escape(cell_text(cell, style.decimal), style.separator));
    }
    text += join_csv(texts, style.separator);
  }
  return text;
}

SweepTable sweep_table(const std::vector<JsonDocument>& rows, SweepFormat format) {
  SweepTable table;
  for (const JsonDocument& row : rows) {
    for (Cells& line : row_lines_of(row, format)) {
      if (table.columns.empty()) {
        for (const auto& [name, cell] : line) table.columns.push_back(name);
      }
      std::vector<JsonDocument>& values = table.rows.emplace_back();
      for (auto& [name, cell] : line) values.push_back(std::move(cell.value));
    }
  }
  return table;
}

std::size_t sweep_row_lines(const JsonDocument& row, SweepFormat format) {
  return row_lines_of(row, format).size();
}

ExistingSweepOutput read_sweep_output(const std::string& contents,
                                      const std::string& expected_header,
                                      const std::string& expected_hash, SweepFormat format,
                                      const std::optional<std::string>& meta, std::size_t row_lines,
                                      char separator) {
  ExistingSweepOutput existing;
  const std::string_view text(contents);
  // Identify the sweep by its header before anything else, so another sweep's output is refused
  // whatever state it is in: a CSV's side file, or the first line of JSON lines.
  std::string_view identity;
  const bool csv = format != SweepFormat::jsonl;
  if (csv) {
    if (!meta) {
      throw SweepError("expected the sweep's header in its side file (FILE" +
                       std::string(kMetaSuffix) + "), got none");
    }
    identity = *meta;
  } else {
    if (text.find('\n') == std::string_view::npos) return existing;  // empty or a torn header
    identity = first_line(text);
  }
  std::string problem;
  const std::optional<JsonDocument> header = parse_json(identity, problem);
  if (!header || !header->is_object() || header->value("format", "") != kFormatName) {
    throw SweepError(csv ? "expected a ccsim sweep header beside it, got " +
                               shorten(std::string(first_line(identity)), 60)
                         : "expected a ccsim sweep output, got a first line that is not its "
                           "header");
  }
  if (header->value("schema_version", 0) != kSweepSchemaVersion) {
    throw SweepError("expected a sweep output of schema_version " +
                     std::to_string(kSweepSchemaVersion) + ", got schema_version " +
                     header->value("schema_version", JsonDocument()).dump());
  }
  const std::string hash = header->value("hash", "");
  if (hash != expected_hash) {
    throw SweepError("expected the output of this sweep (hash " + expected_hash +
                     "), got that of another sweep (hash " + hash +
                     "): the scenario file or the sweep's flags differ");
  }
  if (text.size() < expected_header.size()) return existing;  // the column line is torn
  if (text.substr(0, expected_header.size()) != expected_header) {
    throw SweepError("expected the header this build writes for this sweep, got another one");
  }
  existing.has_header = true;
  existing.keep_bytes = expected_header.size();
  // Complete rows only: a last line without its newline was torn by a kill and is dropped.
  const std::string_view header_view(expected_header);
  const std::vector<std::string> columns =
      csv ? split_csv_line(first_line(header_view), separator) : std::vector<std::string>{};
  const auto met_column = std::find(columns.begin(), columns.end(), "precision_met");
  std::size_t start = expected_header.size();
  std::size_t line_in_row = 0;  // tidy: the lines of the current point read so far
  for (std::size_t end = text.find('\n', start); end != std::string_view::npos;
       end = text.find('\n', start)) {
    const std::string_view row = text.substr(start, end - start);
    const std::string expected = std::to_string(existing.rows);
    bool in_order = false;
    bool unmet = false;
    if (csv) {
      const std::vector<std::string> cells = split_csv_line(row, separator);
      in_order = cells.size() == columns.size() && cells[0] == expected;
      unmet = in_order && met_column != columns.end() &&
              cells[static_cast<std::size_t>(met_column - columns.begin())] == "false";
    } else if (const auto parsed = parse_json(row, problem)) {
      in_order = parsed->is_object() && parsed->value("point", JsonDocument()).dump() == expected;
      unmet = in_order && parsed->value("precision_met", true) == false;
    }
    if (!in_order) {
      throw SweepError("expected the row of point " + expected + " on line " +
                       std::to_string(existing.rows * row_lines + line_in_row + 2) + ", got " +
                       shorten(std::string(row), 40));
    }
    start = end + 1;
    // A point counts once all its lines are there; the lines of a torn one are dropped.
    if (++line_in_row < row_lines) continue;
    line_in_row = 0;
    ++existing.rows;
    if (unmet) ++existing.precision_unmet;
    existing.keep_bytes = start;
  }
  return existing;
}

}  // namespace ccsim
