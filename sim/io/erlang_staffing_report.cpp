// Writers of the inverse Erlang answer (`ccsim erlang --target`): JSON and a readable table.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "ccsim/io/report.hpp"
#include "ccsim/io/staffing_report.hpp"
#include "io/number_text.hpp"

namespace ccsim {

namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr int kLabelWidth = 24;
constexpr int kColumnWidth = 14;

using detail::format_number;
using detail::format_optional;

std::string pad(std::string text, int width) {
  if (text.size() < static_cast<std::size_t>(width)) text.resize(width, ' ');
  return text;
}

nlohmann::json metrics_json(const ErlangQueue& queue, long agents,
                            const std::optional<ErlangResult>& result) {
  if (!result) return nullptr;
  ErlangInput input = queue;
  input.agents = agents;
  return to_json(input, *result)["metrics"];
}

std::string joined(std::span<const Target> targets) {
  std::string out;
  for (const Target& t : targets) out += (out.empty() ? "" : ", ") + t.text();
  return out;
}

std::string_view model_name(const ErlangQueue& queue) {
  switch (erlang_model_of(queue)) {
    case ErlangModel::erlang_b:
      return "Erlang B (M/M/n/n)";
    case ErlangModel::erlang_c:
      return "Erlang C (M/M/n)";
    case ErlangModel::erlang_a:
      break;
  }
  return "Erlang A (M/M/n+M)";
}

std::string_view approximation_title(const std::string& name) {
  if (name == "halfin_whitt") return "Halfin-Whitt";
  if (name == "garnett") return "Garnett-Mandelbaum-Reiman";
  return "Jagerman (Erlang B)";
}

}  // namespace

nlohmann::json to_json(const ErlangQueue& queue, std::span<const Target> targets,
                       const ErlangStaffing& staffing) {
  nlohmann::json target_texts = nlohmann::json::array();
  nlohmann::json beta_by_target = nlohmann::json::object();
  for (std::size_t i = 0; i < targets.size(); ++i) {
    target_texts.push_back(targets[i].text());
    const auto& beta = staffing.square_root.beta_by_target;
    beta_by_target[targets[i].text()] =
        i < beta.size() && beta[i] ? nlohmann::json(*beta[i]) : nlohmann::json(nullptr);
  }
  const auto& rule = staffing.square_root;
  return {
      {"model", std::string(to_string(erlang_model_of(queue)))},
      {"inputs",
       {{"lambda_per_hour", queue.lambda_per_s * kSecondsPerHour},
        {"handle_s", queue.handle_s},
        {"patience_s", queue.patience_s ? nlohmann::json(*queue.patience_s) : nullptr},
        {"threshold_s", queue.threshold_s}}},
      {"offered_load", queue.lambda_per_s * queue.handle_s},
      {"targets", target_texts},
      {"agents", staffing.agents ? nlohmann::json(*staffing.agents) : nullptr},
      // "exact": the search on the exact formulas; "square_root_asymptotic": beyond their
      // limit, the square-root rule's answer, with no exact figures.
      {"method", staffing.asymptotic ? "square_root_asymptotic" : "exact"},
      {"asymptotic_reason",
       staffing.asymptotic ? nlohmann::json(staffing.asymptotic_reason) : nullptr},
      {"unreachable",
       staffing.unreachable.empty() ? nullptr : nlohmann::json(staffing.unreachable)},
      {"metrics", staffing.agents ? metrics_json(queue, *staffing.agents, staffing.at_agents)
                                  : nlohmann::json(nullptr)},
      {"metrics_below", staffing.agents && *staffing.agents > 0 && staffing.below
                            ? metrics_json(queue, *staffing.agents - 1, staffing.below)
                            : nlohmann::json(nullptr)},
      {"search",
       {{"lowest", staffing.lowest}, {"cap", staffing.cap}, {"evaluations", staffing.evaluations}}},
      {"square_root_rule",
       {{"approximation", rule.approximation},
        {"offered_load", rule.offered_load},
        {"beta", rule.beta ? nlohmann::json(*rule.beta) : nullptr},
        {"agents", rule.agents ? nlohmann::json(*rule.agents) : nullptr},
        {"beta_by_target", beta_by_target}}},
  };
}

void write_table(std::ostream& out, const ErlangQueue& queue, std::span<const Target> targets,
                 const ErlangStaffing& staffing) {
  const double load = queue.lambda_per_s * queue.handle_s;
  out << model_name(queue) << ": the fewest agents meeting " << joined(targets)
      << ", by the exact formulas\n";
  auto row = [&out](std::string_view label, const std::string& value) {
    out << "  " << pad(std::string(label), kLabelWidth) << ' ' << value << '\n';
  };
  row("arrivals per hour", format_number(queue.lambda_per_s * kSecondsPerHour));
  row("handle time (s)", format_number(queue.handle_s));
  row("patience (s)", queue.patience_s ? format_number(*queue.patience_s) : "infinite");
  row("threshold (s)", format_number(queue.threshold_s));
  row("offered load R (Erlangs)", format_number(load));
  out << '\n';
  if (!staffing.agents) {
    row("fewest agents", "none: " + staffing.unreachable);
    return;
  }
  if (staffing.asymptotic) {
    const auto& rule = staffing.square_root;
    row("agents (approximately)", std::to_string(*staffing.agents) +
                                      "  by the square-root staffing rule (" +
                                      std::string(approximation_title(rule.approximation)) +
                                      "), an asymptotic approximation");
    row("why not exact", staffing.asymptotic_reason);
    if (rule.beta) {
      row("n = R + beta sqrt(R)", format_number(load) + " + " + format_number(*rule.beta) +
                                      " sqrt(" + format_number(load) + ")");
    }
    return;
  }
  const long n = *staffing.agents;
  row("fewest agents", std::to_string(n) + "  (searched " + std::to_string(staffing.lowest) + ".." +
                           std::to_string(staffing.cap) + ", " +
                           std::to_string(staffing.evaluations) + " evaluations)");
  out << "  " << pad("", kLabelWidth) << ' ' << pad("n = " + std::to_string(n), kColumnWidth)
      << (n > 0 ? "n - 1 = " + std::to_string(n - 1) : std::string()) << '\n';
  for (const char* metric :
       {"service_level", "abandon_rate", "asa_s", "p_wait", "mean_wait_s", "occupancy"}) {
    std::string line =
        pad(format_optional(erlang_metric(*staffing.at_agents, metric)), kColumnWidth);
    if (staffing.below) line += format_optional(erlang_metric(*staffing.below, metric));
    row(metric, line);
  }
  const auto& rule = staffing.square_root;
  out << "\n  square-root staffing rule (an approximation, "
      << approximation_title(rule.approximation) << "):\n";
  if (rule.agents && rule.beta) {
    row("n = R + beta sqrt(R)", format_number(load) + " + " + format_number(*rule.beta) + " sqrt(" +
                                    format_number(load) + ") -> " + std::to_string(*rule.agents) +
                                    " agents");
  } else if (rule.agents) {
    row("n", std::to_string(*rule.agents) + " agents (no load)");
  } else {
    row("n", "n/a: the approximation meets no beta up to 20 for some target");
  }
}

}  // namespace ccsim
