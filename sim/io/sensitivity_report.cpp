#include "ccsim/io/sensitivity_report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <numeric>
#include <ostream>
#include <sstream>

#include "io/aligned_rows.hpp"
#include "io/estimate_json.hpp"
#include "io/number_text.hpp"

namespace ccsim {

namespace {

using detail::estimate_json;
using detail::write_aligned;
using detail::format_number;
using detail::format_optional;

std::string with_interval(const Estimate& e) {
  if (!e.mean) return "n/a";
  std::string text = format_number(*e.mean, 4);
  if (e.ci_low && e.ci_high) {
    text += " [" + format_number(*e.ci_low, 4) + ", " + format_number(*e.ci_high, 4) + "]";
  }
  return text;
}

}  // namespace

nlohmann::json to_json(const SensitivityReport& r) {
  const SensitivityInputs& in = *r.inputs;
  nlohmann::json out;
  out["metric"] = in.criterion.metric;
  out["best"] = in.criterion.lower_is_better ? "lower" : "higher";
  out["scenarios"] = in.labels;
  out["population"] = in.assumptions.population;
  out["confidence"] = in.confidence;
  nlohmann::json assumptions = nlohmann::json::array();
  for (const Assumption& a : in.assumptions.assumptions) {
    assumptions.push_back({{"name", a.name},
                           {"pointer", a.pointer},
                           {"multiply", a.op == SweepOp::multiply},
                           {"low", a.low},
                           {"base", a.base},
                           {"high", a.high},
                           {"source", a.source}});
  }
  out["assumptions"] = std::move(assumptions);
  if (r.tornado != nullptr) {
    const TornadoResult& t = *r.tornado;
    nlohmann::json tornado;
    tornado["replications"] = t.replications;
    tornado["runs"] = t.runs;
    nlohmann::json quantities = nlohmann::json::array();
    for (std::size_t q = 0; q < t.quantities.size(); ++q) {
      nlohmann::json bars = nlohmann::json::array();
      for (const TornadoBar& b : t.bars[q]) {
        bars.push_back({{"assumption", b.assumption},
                        {"low", b.low},
                        {"base", b.base},
                        {"high", b.high},
                        {"at_low", estimate_json(b.at_low)},
                        {"at_high", estimate_json(b.at_high)},
                        {"effect_low", estimate_json(b.effect_low)},
                        {"effect_high", estimate_json(b.effect_high)},
                        {"swing", estimate_json(b.swing)}});
      }
      quantities.push_back({{"quantity", t.quantities[q]},
                            {"at_base", estimate_json(t.at_base[q])},
                            {"bars", std::move(bars)}});
    }
    tornado["quantities"] = std::move(quantities);
    out["tornado"] = std::move(tornado);
  }
  if (r.joint != nullptr) {
    const JointResult& j = *r.joint;
    nlohmann::json joint;
    joint["draws"] = j.draws;
    joint["draw_seed"] = r.draw_seed;
    joint["replications"] = j.replications;
    joint["runs"] = j.runs;
    // In the scenarios' order (an object would sort them by name).
    nlohmann::json best = nlohmann::json::array();
    for (std::size_t s = 0; s < in.labels.size(); ++s) {
      nlohmann::json entry = estimate_json(j.probability_best[s]);
      entry["scenario"] = in.labels[s];
      best.push_back(std::move(entry));
    }
    joint["probability_best"] = std::move(best);
    nlohmann::json quantities = nlohmann::json::array();
    for (std::size_t q = 0; q < j.quantities.size(); ++q) {
      nlohmann::json drivers = nlohmann::json::object();
      for (std::size_t a = 0; a < in.assumptions.assumptions.size(); ++a) {
        drivers[in.assumptions.assumptions[a].name] = estimate_json(j.rank_correlation[q][a]);
      }
      quantities.push_back({{"quantity", j.quantities[q]},
                            {"mean", j.mean[q]},
                            {"p05", j.p05[q]},
                            {"p95", j.p95[q]},
                            {"rank_correlation", std::move(drivers)}});
    }
    joint["quantities"] = std::move(quantities);
    joint["draw_values"] = j.values;
    joint["draw_metric"] = j.metric;
    out["joint"] = std::move(joint);
  }
  out["wall_s"] = r.wall_s;
  return out;
}

void write_table(std::ostream& out, const SensitivityReport& r) {
  const SensitivityInputs& in = *r.inputs;
  const int pct = static_cast<int>(std::lround(in.confidence * 100));
  if (r.tornado != nullptr) {
    const TornadoResult& t = *r.tornado;
    for (std::size_t q = 0; q < t.quantities.size(); ++q) {
      out << "One at a time: " << t.quantities[q] << ", at the base " << with_interval(t.at_base[q])
          << " (" << t.replications << " replications a run, common random numbers, " << pct
          << "% CI)\n";
      std::vector<std::vector<std::string>> rows{
          {"assumption", "low", "high", "at low", "at high", "swing (high - low) [CI]"}};
      for (const TornadoBar& b : t.bars[q]) {
        rows.push_back({b.assumption, format_number(b.low, 4), format_number(b.high, 4),
                        format_optional(b.at_low.mean), format_optional(b.at_high.mean),
                        with_interval(b.swing)});
      }
      write_aligned(out, rows);
      out << "\n";
    }
  }
  if (r.joint != nullptr) {
    const JointResult& j = *r.joint;
    out << "Jointly: " << j.draws << " Latin-hypercube draws of every assumption, "
        << j.replications
        << " replications a run; best = " << (in.criterion.lower_is_better ? "lowest " : "highest ")
        << in.criterion.metric << "\n";
    std::vector<std::vector<std::string>> rows{
        {"scenario", "P(best) [" + std::to_string(pct) + "% CI]"}};
    for (std::size_t s = 0; s < in.labels.size(); ++s) {
      rows.push_back({in.labels[s], with_interval(j.probability_best[s])});
    }
    write_aligned(out, rows);
    for (std::size_t q = 0; q < j.quantities.size(); ++q) {
      out << "\n"
          << j.quantities[q] << " over the draws: mean " << format_number(j.mean[q], 4)
          << ", 5%-95% " << format_number(j.p05[q], 4) << " to " << format_number(j.p95[q], 4)
          << "\n";
      std::vector<std::size_t> order(in.assumptions.assumptions.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::abs(j.rank_correlation[q][a].mean.value_or(0.0)) >
               std::abs(j.rank_correlation[q][b].mean.value_or(0.0));
      });
      std::vector<std::vector<std::string>> drivers{{"driver", "rank correlation [CI]"}};
      for (const std::size_t a : order) {
        drivers.push_back(
            {in.assumptions.assumptions[a].name, with_interval(j.rank_correlation[q][a])});
      }
      write_aligned(out, drivers);
    }
  }
}

}  // namespace ccsim
