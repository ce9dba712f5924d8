// Writers of the exact Erlang figures: the JSON object, a readable table, and for several agent
// counts an array, a table of one line per count, and CSV.
#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <iomanip>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/io/report.hpp"
#include "ccsim/queueing/erlang.hpp"
#include "io/number_text.hpp"

namespace ccsim {
namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr int kLabelWidth = 24;
constexpr std::size_t kMinColumnWidth = 10;

// The metrics in the order the tables and the CSV give them.
constexpr std::pair<const char*, std::optional<double> ErlangResult::*> kMetrics[] = {
    {"p_wait", &ErlangResult::p_wait},
    {"abandon_rate", &ErlangResult::abandon_rate},
    {"mean_wait_s", &ErlangResult::mean_wait_s},
    {"asa_s", &ErlangResult::asa_s},
    {"service_level", &ErlangResult::service_level},
    {"occupancy", &ErlangResult::occupancy},
};

nlohmann::json number_or_null(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string_view model_title(ErlangModel model) {
  switch (model) {
    case ErlangModel::erlang_b:
      return "Erlang B (M/M/n/n), exact steady state";
    case ErlangModel::erlang_c:
      return "Erlang C (M/M/n), exact steady state";
    case ErlangModel::erlang_a:
      return "Erlang A (M/M/n+M), exact steady state";
  }
  return "Erlang, exact steady state";
}

using detail::format_number;
using detail::format_optional;

void write_row(std::ostream& out, std::string_view label, const std::string& value) {
  std::string padded(label);
  if (padded.size() < static_cast<std::size_t>(kLabelWidth)) padded.resize(kLabelWidth, ' ');
  out << "  " << padded << ' ' << value << '\n';
}

void write_queue(std::ostream& out, const ErlangInput& input, ErlangModel model) {
  out << model_title(model) << '\n';
  write_row(out, "arrivals per hour", format_number(input.lambda_per_s * kSecondsPerHour));
  write_row(out, "handle time (s)", format_number(input.handle_s));
}

void write_queue_tail(std::ostream& out, const ErlangInput& input) {
  write_row(out, "patience (s)",
            input.patience_s ? format_number(*input.patience_s) : std::string("infinite"));
  write_row(out, "threshold (s)", format_number(input.threshold_s));
  write_row(out, "offered load (Erlangs)", format_number(input.lambda_per_s * input.handle_s));
}

std::string utilisation(const ErlangInput& input) {
  return input.agents > 0 ? format_number(input.lambda_per_s * input.handle_s /
                                          static_cast<double>(input.agents))
                          : std::string("n/a");
}

}  // namespace

nlohmann::json to_json(const ErlangInput& input, const ErlangResult& result) {
  nlohmann::json inputs = {
      {"lambda_per_hour", input.lambda_per_s * kSecondsPerHour},
      {"handle_s", input.handle_s},
      {"agents", input.agents},
      {"patience_s", number_or_null(input.patience_s)},
      {"threshold_s", input.threshold_s},
  };
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [name, member] : kMetrics) metrics[name] = number_or_null(result.*member);
  return {
      {"model", std::string(to_string(result.model))},
      {"stable", result.stable},
      {"inputs", std::move(inputs)},
      {"metrics", std::move(metrics)},
  };
}

void write_table(std::ostream& out, const ErlangInput& input, const ErlangResult& result) {
  write_queue(out, input, result.model);
  write_row(out, "agents", std::to_string(input.agents));
  write_queue_tail(out, input);
  write_row(out, "utilisation rho", utilisation(input));
  if (!result.stable) out << "  unstable: lambda >= n mu, the queue grows without bound\n";
  out << '\n';
  for (const auto& [name, member] : kMetrics) write_row(out, name, format_optional(result.*member));
}

nlohmann::json to_json(std::span<const ErlangRow> rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const ErlangRow& row : rows) out.push_back(to_json(row.input, row.result));
  return out;
}

void write_table(std::ostream& out, std::span<const ErlangRow> rows) {
  if (rows.empty()) return;
  write_queue(out, rows.front().input, rows.front().result.model);
  write_queue_tail(out, rows.front().input);
  out << '\n';
  std::vector<std::string> names = {"agents", "rho"};
  for (const auto& [name, member] : kMetrics) names.emplace_back(name);
  // Right-aligned columns as wide as their name, and at least kMinColumnWidth.
  const auto cell = [&out](const std::string& text, const std::string& name) {
    out << std::setw(static_cast<int>(2 + std::max(name.size(), kMinColumnWidth))) << text;
  };
  for (const std::string& name : names) cell(name, name);
  out << '\n';
  bool unstable = false;
  for (const ErlangRow& row : rows) {
    cell(std::to_string(row.input.agents), names[0]);
    cell(utilisation(row.input), names[1]);
    std::size_t column = 2;
    for (const auto& [name, member] : kMetrics)
      cell(format_optional(row.result.*member), names[column++]);
    out << (row.result.stable ? "" : "  unstable") << '\n';
    unstable = unstable || !row.result.stable;
  }
  if (unstable)
    out << "\nunstable: lambda >= n mu, the queue grows without bound (n/a: undefined)\n";
}

void write_csv(std::ostream& out, std::span<const ErlangRow> rows) {
  out << "agents,model,stable";
  for (const auto& [name, member] : kMetrics) out << ',' << name;
  out << '\n';
  for (const ErlangRow& row : rows) {
    out << row.input.agents << ',' << to_string(row.result.model) << ','
        << (row.result.stable ? "true" : "false");
    // Doubles as JSON writes them: the shortest text that reads back exactly.
    for (const auto& [name, member] : kMetrics) {
      const std::optional<double>& value = row.result.*member;
      out << ',' << (value ? nlohmann::json(*value).dump() : std::string());
    }
    out << '\n';
  }
}

}  // namespace ccsim
