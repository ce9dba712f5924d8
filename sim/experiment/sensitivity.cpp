// One-at-a-time (tornado) and joint (Latin hypercube) sensitivity of a metric, or of paired
// differences between strategies, to assumed values, with common random numbers.
#include "ccsim/experiment/sensitivity.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numeric>
#include <span>
#include <utility>

#include "ccsim/engine/random_stream.hpp"
#include "ccsim/parallel/runner.hpp"
#include "ccsim/stats/results.hpp"
#include "ccsim/stats/sensitivity_statistics.hpp"

namespace ccsim {

namespace {

// Keeps the Latin hypercube's numbers apart from every replication's (which use (seed, r)).
constexpr std::uint64_t kSensitivitySalt = 0x53454E5349544956ULL;  // "SENSITIV"

const std::vector<std::string> kLowerIsBetter = {
    "abandon_rate",      "asa_s",         "gave_up_rate",     "churn_rate",
    "churned",           "total_cost",    "cost_per_contact", "mean_wait_s",
    "escalation_rate",   "p_wait",        "bot_abandon_rate", "queue_length",
    "excess_churn_rate", "excess_churned"};
const std::vector<std::string> kHigherIsBetter = {"service_level", "csat", "resolution_rate",
                                                  "containment_rate", "empathy_met_rate"};

// A run: scenario `scenario` with some assumptions at given values.
struct Job {
  std::size_t scenario;
  std::vector<std::pair<std::size_t, double>> values;
};

std::string value_text(double v) {
  return describe_json(JsonDocument(v));
}

// Runs every job (in parallel over jobs, each on one thread: the results do not depend on the
// thread count) and keeps the criterion's per-replication parts of each.
std::vector<MetricParts> run_jobs(const SensitivityInputs& inputs, const std::string& analysis,
                                  const std::vector<Job>& jobs, const SensitivityOptions& options,
                                  int& replications) {
  // Every run's scenario is loaded (and so checked) before anything runs, then loaded again
  // where it runs: memory stays that of a few scenarios, whatever the number of draws.
  for (const Job& job : jobs) (void)sensitivity_scenario(inputs, job.scenario, job.values);
  const Scenario first = sensitivity_scenario(inputs, 0, {});
  const auto load = [&](const Job& job) {
    Scenario s = sensitivity_scenario(inputs, job.scenario, job.values);
    // The first file's seed and replications for every run: replication r of each run draws the
    // same customers (common random numbers).
    s.seed = first.seed;
    s.replications = first.replications;
    return s;
  };
  replications = first.replications;
  std::vector<MetricParts> parts(jobs.size());
  std::mutex progress;
  std::size_t done = 0;
  const int threads =
      options.run.threads > 0 ? options.run.threads : tbb::this_task_arena::max_concurrency();
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t j) {
      const std::string key = analysis + "/" + std::to_string(j);
      if (options.finished != nullptr) {
        if (const auto found = options.finished->find(key); found != options.finished->end()) {
          parts[j] = found->second;
          if (options.on_run) {
            const std::lock_guard<std::mutex> lock(progress);
            options.on_run(++done, jobs.size());
          }
          return;
        }
      }
      RunOptions one;
      one.threads = 1;
      const Scenario scenario = load(jobs[j]);
      // The criterion's values of each replication as it ends, never the tallies.
      std::vector<std::pair<std::string, MetricParts>> criterion;
      for_each_replication(scenario, 0, scenario.replications, one, [&](int, Tally& t) {
        std::vector<std::pair<std::string, MetricParts>> all =
            overall_metric_parts(std::span<const Tally>(&t, 1));
        for (auto& named : all) {
          if (named.first == inputs.criterion.metric) {
            all = {std::move(named)};
            break;
          }
        }
        append_parts(criterion, std::move(all));
      });
      parts[j] = std::move(criterion.at(0).second);
      const std::lock_guard<std::mutex> lock(progress);
      if (options.on_parts) options.on_parts(key, parts[j]);
      if (options.on_run) options.on_run(++done, jobs.size());
    });
  });
  return parts;
}

// The quantity q of a set of runs (one per scenario, in order): the metric, or the difference.
std::vector<PairedTerm> quantity_terms(const std::vector<const MetricParts*>& runs, std::size_t q,
                                       double sign) {
  if (runs.size() == 1) return {{runs[0], sign}};
  return {{runs[q + 1], sign}, {runs[0], -sign}};
}

Estimate combine(std::vector<PairedTerm> a, const std::vector<PairedTerm>& b, double confidence) {
  a.insert(a.end(), b.begin(), b.end());
  return paired_combination(a, confidence);
}

double point_value(const MetricParts& p) {
  double sx = 0.0, sy = 0.0;
  for (std::size_t r = 0; r < p.x.size(); ++r) {
    sx += p.x[r];
    sy += p.ratio ? p.y[r] : 1.0;
  }
  return sy > 0.0 ? sx / sy : std::nan("");
}

double quantile(std::vector<double> v, double q) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const double at = q * static_cast<double>(v.size() - 1);
  const std::size_t i = static_cast<std::size_t>(at);
  if (i + 1 >= v.size()) return v.back();
  return v[i] + (at - static_cast<double>(i)) * (v[i + 1] - v[i]);
}

}  // namespace

std::optional<bool> lower_is_better(const std::string& metric) {
  if (std::find(kLowerIsBetter.begin(), kLowerIsBetter.end(), metric) != kLowerIsBetter.end()) {
    return true;
  }
  if (std::find(kHigherIsBetter.begin(), kHigherIsBetter.end(), metric) != kHigherIsBetter.end()) {
    return false;
  }
  return std::nullopt;
}

Scenario sensitivity_scenario(const SensitivityInputs& inputs, std::size_t scenario,
                              const std::vector<std::pair<std::size_t, double>>& values) {
  std::string label = inputs.sources[scenario];
  if (!values.empty()) {
    label += " (";
    for (std::size_t i = 0; i < values.size(); ++i) {
      const Assumption& a = inputs.assumptions.assumptions[values[i].first];
      label += (i > 0 ? ", " : "") + a.name + "=" + value_text(values[i].second);
    }
    label += ")";
  }
  JsonDocument document = inputs.documents[scenario];
  for (const auto& [index, value] : values) {
    const Assumption& a = inputs.assumptions.assumptions[index];
    if (auto problem = apply_sweep_change(document, a.pointer, a.op, JsonDocument(value))) {
      throw ScenarioError({label + ": " + *problem});
    }
  }
  Scenario s = scenario_of_document(std::move(document), label, inputs.overrides);
  if (s.name.empty()) s.name = inputs.labels[scenario];
  return s;
}

std::vector<std::string> sensitivity_quantities(const SensitivityInputs& inputs) {
  const std::string& m = inputs.criterion.metric;
  if (inputs.documents.size() == 1) return {m + " (" + inputs.labels[0] + ")"};
  std::vector<std::string> out;
  for (std::size_t i = 1; i < inputs.labels.size(); ++i) {
    out.push_back(m + " (" + inputs.labels[i] + " - " + inputs.labels[0] + ")");
  }
  return out;
}

TornadoResult run_tornado(const SensitivityInputs& inputs, const SensitivityOptions& options) {
  const std::size_t n_scenarios = inputs.documents.size();
  const std::vector<Assumption>& as = inputs.assumptions.assumptions;
  // Jobs: [base per scenario], then per assumption [low per scenario], [high per scenario].
  std::vector<Job> jobs;
  for (std::size_t s = 0; s < n_scenarios; ++s) jobs.push_back({s, {}});
  for (std::size_t a = 0; a < as.size(); ++a) {
    for (const double v : {as[a].low, as[a].high}) {
      for (std::size_t s = 0; s < n_scenarios; ++s) jobs.push_back({s, {{a, v}}});
    }
  }
  TornadoResult result;
  const std::vector<MetricParts> parts =
      run_jobs(inputs, "tornado", jobs, options, result.replications);
  result.runs = jobs.size();
  result.quantities = sensitivity_quantities(inputs);
  const auto runs_at = [&](std::size_t first) {
    std::vector<const MetricParts*> runs;
    for (std::size_t s = 0; s < n_scenarios; ++s) runs.push_back(&parts[first + s]);
    return runs;
  };
  const double c = inputs.confidence;
  const auto base = runs_at(0);
  for (std::size_t q = 0; q < result.quantities.size(); ++q) {
    result.at_base.push_back(paired_combination(quantity_terms(base, q, 1.0), c));
    std::vector<TornadoBar> bars;
    for (std::size_t a = 0; a < as.size(); ++a) {
      const auto low = runs_at(n_scenarios * (1 + 2 * a));
      const auto high = runs_at(n_scenarios * (2 + 2 * a));
      TornadoBar bar;
      bar.assumption = as[a].name;
      bar.low = as[a].low;
      bar.high = as[a].high;
      bar.base = as[a].base;
      bar.at_low = paired_combination(quantity_terms(low, q, 1.0), c);
      bar.at_high = paired_combination(quantity_terms(high, q, 1.0), c);
      bar.effect_low = combine(quantity_terms(low, q, 1.0), quantity_terms(base, q, -1.0), c);
      bar.effect_high = combine(quantity_terms(high, q, 1.0), quantity_terms(base, q, -1.0), c);
      bar.swing = combine(quantity_terms(high, q, 1.0), quantity_terms(low, q, -1.0), c);
      bars.push_back(std::move(bar));
    }
    std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& x, const TornadoBar& y) {
      return std::abs(x.swing.mean.value_or(0.0)) > std::abs(y.swing.mean.value_or(0.0));
    });
    result.bars.push_back(std::move(bars));
  }
  return result;
}

std::vector<std::vector<double>> latin_hypercube(const std::vector<Assumption>& assumptions,
                                                 std::size_t draws, std::uint64_t seed) {
  std::vector<std::vector<double>> values(draws, std::vector<double>(assumptions.size()));
  // A key no replication has (replications count from 0 and never reach 2^64 - 1), so these
  // numbers are apart from every run's; (customer, attempt) = (assumption, draw), block 0:
  // word 0 orders the strata, word 1 places the draw inside its stratum.
  const RandomKey key{splitmix64(seed ^ kSensitivitySalt), ~std::uint64_t{0}};
  for (std::size_t a = 0; a < assumptions.size(); ++a) {
    std::vector<RandomBlock> words(draws);
    for (std::size_t d = 0; d < draws; ++d) words[d] = random_block(key, a, d, 0);
    std::vector<std::size_t> by_key(draws);
    std::iota(by_key.begin(), by_key.end(), std::size_t{0});
    std::sort(by_key.begin(), by_key.end(), [&](std::size_t x, std::size_t y) {
      return words[x][0] != words[y][0] ? words[x][0] < words[y][0] : x < y;
    });
    // Draw by_key[i] falls in stratum i.
    for (std::size_t i = 0; i < draws; ++i) {
      const std::size_t d = by_key[i];
      const double u01 = static_cast<double>(words[d][1] >> 11) * 0x1.0p-53;  // [0, 1)
      const double u = (static_cast<double>(i) + u01) / static_cast<double>(draws);
      values[d][a] = assumptions[a].low + (assumptions[a].high - assumptions[a].low) * u;
    }
  }
  return values;
}

JointResult run_joint(const SensitivityInputs& inputs, std::size_t draws, std::uint64_t seed,
                      const SensitivityOptions& options) {
  const std::size_t n_scenarios = inputs.documents.size();
  const std::vector<Assumption>& as = inputs.assumptions.assumptions;
  JointResult result;
  result.draws = draws;
  result.values = latin_hypercube(as, draws, seed);
  std::vector<Job> jobs;
  for (std::size_t d = 0; d < draws; ++d) {
    std::vector<std::pair<std::size_t, double>> values;
    for (std::size_t a = 0; a < as.size(); ++a) values.emplace_back(a, result.values[d][a]);
    for (std::size_t s = 0; s < n_scenarios; ++s) jobs.push_back({s, values});
  }
  const std::vector<MetricParts> parts =
      run_jobs(inputs, "joint", jobs, options, result.replications);
  result.runs = jobs.size();
  result.quantities = sensitivity_quantities(inputs);
  std::vector<std::uint64_t> wins(n_scenarios, 0);
  std::vector<std::vector<double>> quantity(result.quantities.size(), std::vector<double>(draws));
  result.metric.assign(draws, std::vector<double>(n_scenarios));
  for (std::size_t d = 0; d < draws; ++d) {
    std::vector<double>& m = result.metric[d];
    for (std::size_t s = 0; s < n_scenarios; ++s) m[s] = point_value(parts[d * n_scenarios + s]);
    std::size_t best = 0;
    for (std::size_t s = 1; s < n_scenarios; ++s) {
      const bool better = inputs.criterion.lower_is_better ? m[s] < m[best] : m[s] > m[best];
      if (better || std::isnan(m[best])) best = s;
    }
    ++wins[best];
    for (std::size_t q = 0; q < quantity.size(); ++q) {
      quantity[q][d] = n_scenarios == 1 ? m[0] : m[q + 1] - m[0];
    }
  }
  for (std::size_t s = 0; s < n_scenarios; ++s) {
    result.probability_best.push_back(proportion_estimate(wins[s], draws, inputs.confidence));
  }
  for (std::size_t q = 0; q < quantity.size(); ++q) {
    const std::vector<double>& v = quantity[q];
    result.mean.push_back(std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(draws));
    result.p05.push_back(quantile(v, 0.05));
    result.p95.push_back(quantile(v, 0.95));
    std::vector<Estimate> rho;
    for (std::size_t a = 0; a < as.size(); ++a) {
      std::vector<double> column(draws);
      for (std::size_t d = 0; d < draws; ++d) column[d] = result.values[d][a];
      rho.push_back(spearman_estimate(column, v, inputs.confidence));
    }
    result.rank_correlation.push_back(std::move(rho));
  }
  return result;
}

}  // namespace ccsim
