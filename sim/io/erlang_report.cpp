// Writers of the exact Erlang figures: the JSON object and a readable table.
#include <cstddef>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "ccsim/queueing/erlang.hpp"
#include "ccsim/io/report.hpp"
#include "io/number_text.hpp"

namespace ccsim {
namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr int kLabelWidth = 24;

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

}  // namespace

nlohmann::json to_json(const ErlangInput& input, const ErlangResult& result) {
  nlohmann::json inputs = {
      {"lambda_per_hour", input.lambda_per_s * kSecondsPerHour},
      {"handle_s", input.handle_s},
      {"agents", input.agents},
      {"patience_s", number_or_null(input.patience_s)},
      {"threshold_s", input.threshold_s},
  };
  nlohmann::json metrics = {
      {"p_wait", number_or_null(result.p_wait)},
      {"abandon_rate", number_or_null(result.abandon_rate)},
      {"mean_wait_s", number_or_null(result.mean_wait_s)},
      {"asa_s", number_or_null(result.asa_s)},
      {"service_level", number_or_null(result.service_level)},
      {"occupancy", number_or_null(result.occupancy)},
  };
  return {
      {"model", std::string(to_string(result.model))},
      {"stable", result.stable},
      {"inputs", std::move(inputs)},
      {"metrics", std::move(metrics)},
  };
}

void write_table(std::ostream& out, const ErlangInput& input, const ErlangResult& result) {
  const double load = input.lambda_per_s * input.handle_s;
  out << model_title(result.model) << '\n';
  write_row(out, "arrivals per hour", format_number(input.lambda_per_s * kSecondsPerHour));
  write_row(out, "handle time (s)", format_number(input.handle_s));
  write_row(out, "agents", std::to_string(input.agents));
  write_row(out, "patience (s)",
            input.patience_s ? format_number(*input.patience_s) : std::string("infinite"));
  write_row(out, "threshold (s)", format_number(input.threshold_s));
  write_row(out, "offered load (Erlangs)", format_number(load));
  write_row(out, "utilisation rho",
            input.agents > 0 ? format_number(load / static_cast<double>(input.agents))
                             : std::string("n/a"));
  if (!result.stable) out << "  unstable: lambda >= n mu, the queue grows without bound\n";
  out << '\n';
  write_row(out, "p_wait", format_optional(result.p_wait));
  write_row(out, "abandon_rate", format_optional(result.abandon_rate));
  write_row(out, "mean_wait_s", format_optional(result.mean_wait_s));
  write_row(out, "asa_s", format_optional(result.asa_s));
  write_row(out, "service_level", format_optional(result.service_level));
  write_row(out, "occupancy", format_optional(result.occupancy));
}

}  // namespace ccsim
