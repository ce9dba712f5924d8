// The backtest's statistics: each pooled figure against the simulated mean with both errors, the
// family of tests over the scored cells, the predictors' errors, the ranks of whole months among
// simulated months, and the ranks of single days among simulated days.
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "calibration/backtest_cells.hpp"
#include "ccsim/calibration/call_log.hpp"

namespace ccsim::backtest_detail {

namespace {

// The days a figure is pooled over, as indices into the logged days.
struct DaySet {
  std::string label;
  std::vector<std::size_t> days;
};

std::vector<DaySet> day_sets(const std::vector<std::int32_t>& days) {
  std::vector<DaySet> sets(1);
  sets[0].label = "all";
  std::map<std::string, std::vector<std::size_t>> months;
  for (std::size_t d = 0; d < days.size(); ++d) {
    sets[0].days.push_back(d);
    months[civil_date(days[d]).substr(0, 7)].push_back(d);
  }
  for (auto& [month, members] : months) sets.push_back({month, std::move(members)});
  return sets;
}

// A metric's figure pooled over periods [0, periods) and `days`: a ratio of totals (offered: a
// mean per day).
std::optional<double> pooled(const CellTable& table, const std::vector<std::size_t>& days,
                             std::size_t slot, BacktestMetric metric, std::size_t first_period,
                             std::size_t periods) {
  double x = 0.0;
  double y = 0.0;
  for (std::size_t p = first_period; p < first_period + periods; ++p) {
    for (const std::size_t d : days) {
      x += numerator(metric, table.at(p, d, slot));
      y += denominator(metric, table.at(p, d, slot));
    }
  }
  if (!(y > 0.0)) return std::nullopt;
  return x / y;
}

std::optional<double> training_value(const Baselines& b, std::size_t slot, BacktestMetric metric) {
  if (!b.training) return std::nullopt;
  const Cell& c = b.training->at(0, 0, slot);
  if (metric == BacktestMetric::offered) return c.offered / static_cast<double>(b.training_days);
  return value_of(metric, c);
}

double standard_error(const Estimate& e, std::size_t k) {
  return *e.sd / std::sqrt(static_cast<double>(k));
}

// Welch-Satterthwaite degrees of freedom of the difference of two independent means.
std::uint64_t welch_df(double se_a, std::size_t ka, double se_b, std::size_t kb) {
  const double a = se_a * se_a;
  const double b = se_b * se_b;
  const double df = (a + b) * (a + b) /
                    (a * a / static_cast<double>(ka - 1) + b * b / static_cast<double>(kb - 1));
  return std::isfinite(df) ? std::max<std::uint64_t>(1, static_cast<std::uint64_t>(df)) : ka - 1;
}

MetricComparison compare_slot(BacktestMetric metric, std::size_t slot, const CellTable& logged,
                              const CellTable& simulated, const Baselines& baselines,
                              const BacktestOptions& options) {
  const std::size_t days = logged.days();
  const std::size_t periods = simulated.periods();
  const bool offered = metric == BacktestMetric::offered;
  std::vector<double> xo, yo, xs, ys, xa(days, 0.0), ya(days, 0.0);
  for (std::size_t d = 0; d < days; ++d) {
    xo.push_back(numerator(metric, logged.at(0, d, slot)));
    yo.push_back(denominator(metric, logged.at(0, d, slot)));
  }
  for (std::size_t p = 0; p < periods; ++p) {
    for (std::size_t d = 0; d < days; ++d) {
      const Cell& c = simulated.at(p, d, slot);
      xs.push_back(numerator(metric, c));
      ys.push_back(denominator(metric, c));
      xa[d] += xs.back() / static_cast<double>(periods);
      ya[d] += ys.back() / static_cast<double>(periods);
    }
  }
  const auto total = [](const std::vector<double>& v) {
    double sum = 0.0;
    for (const double x : v) sum += x;
    return static_cast<std::uint64_t>(std::llround(sum));
  };
  MetricComparison m;
  const Estimate observed = ratio_estimate(xo, yo, options.confidence, offered ? days : total(yo));
  m.observed = observed.mean;
  m.observed_n = observed.n;
  if (observed.sd) m.observed_se = standard_error(observed, days);
  m.simulated = ratio_estimate(xs, ys, options.confidence, offered ? xs.size() : total(ys));
  if (m.observed && m.simulated.mean) {
    std::uint64_t df = 0;
    if (options.replay.any()) {
      // Each logged day against the mean of its own simulated copies: paired.
      const Estimate paired = paired_ratio_difference(xa, ya, xo, yo, options.confidence);
      m.difference = paired.mean;
      if (paired.sd) m.difference_se = standard_error(paired, days);
      df = days - 1;
    } else if (m.observed_se && m.simulated.sd) {
      const double se_sim = standard_error(m.simulated, xs.size());
      m.difference = *m.observed - *m.simulated.mean;
      m.difference_se = std::sqrt(*m.observed_se * *m.observed_se + se_sim * se_sim);
      df = welch_df(*m.observed_se, days, se_sim, xs.size());
    } else {
      m.difference = *m.observed - *m.simulated.mean;
    }
    // A standard error at the level of rounding (replayed arrivals make the offered counts equal
    // by construction) is no error to divide by: the cell has no z.
    const double rounding = 1e-9 * std::max(1.0, std::abs(*m.observed));
    if (m.difference_se && *m.difference_se > rounding) {
      m.z = *m.difference / *m.difference_se;
      m.p_value = two_sided_p_value(*m.z, df);
    }
  }
  std::vector<std::size_t> all(days);
  for (std::size_t d = 0; d < days; ++d) all[d] = d;
  m.erlang_a = pooled(baselines.erlang_a, all, slot, metric, 0, 1);
  m.training = training_value(baselines, slot, metric);
  return m;
}

// The family of tests: every scored interval and metric with a p-value; offered counts only
// when arrivals are not replayed (replayed, it is the log's own).
void adjust_family(const BacktestOptions& options, Backtest& out) {
  std::vector<MetricComparison*> cells;
  for (BacktestRow& row : out.by_interval) {
    if (!row.scored) continue;
    for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
      if (kBacktestMetrics[k] == BacktestMetric::offered && options.replay.arrivals) continue;
      if (row.metrics[k].p_value) cells.push_back(&row.metrics[k]);
    }
  }
  std::vector<double> p;
  for (const MetricComparison* c : cells) p.push_back(*c->p_value);
  const std::vector<double> holm = holm_adjusted(p);
  const std::vector<double> q = benjamini_hochberg(p);
  out.family.cells = cells.size();
  // 1 - 0.95 is 0.050000000000000044 in binary: rounded to what the user meant.
  out.family.alpha = std::round((1.0 - options.confidence) * 1e12) / 1e12;
  for (std::size_t j = 0; j < cells.size(); ++j) {
    cells[j]->p_holm = holm[j];
    cells[j]->q_value = q[j];
    out.family.rejected_holm += holm[j] < out.family.alpha;
    out.family.rejected_bh += q[j] < out.family.alpha;
  }
}

// The standard error of the observed figure over `days` around what a correct model predicts:
// in a replay from the days' paired residuals against their simulated copies, otherwise from the
// spread of the days.
std::optional<double> observed_error(const CellTable& logged, const CellTable& simulated,
                                     const std::vector<std::size_t>& days, std::size_t slot,
                                     BacktestMetric metric, bool replay) {
  if (days.size() < 2) return std::nullopt;
  std::vector<double> xo, yo, xa, ya;
  const auto periods = static_cast<double>(simulated.periods());
  for (const std::size_t d : days) {
    xo.push_back(numerator(metric, logged.at(0, d, slot)));
    yo.push_back(denominator(metric, logged.at(0, d, slot)));
    double x = 0.0, y = 0.0;
    for (std::size_t p = 0; p < simulated.periods(); ++p) {
      x += numerator(metric, simulated.at(p, d, slot)) / periods;
      y += denominator(metric, simulated.at(p, d, slot)) / periods;
    }
    xa.push_back(x);
    ya.push_back(y);
  }
  constexpr double kAnyConfidence = 0.95;  // only the sd is used
  const Estimate e = replay ? paired_ratio_difference(xa, ya, xo, yo, kAnyConfidence)
                            : ratio_estimate(xo, yo, kAnyConfidence, days.size());
  if (!e.sd) return std::nullopt;
  return standard_error(e, days.size());
}

ErrorSummary errors_over(const DaySet& set, const std::vector<std::size_t>& scored,
                         const CellTable& logged, const CellTable& simulated,
                         const Baselines& baselines, bool replay) {
  ErrorSummary e;
  e.label = set.label;
  e.days = set.days.size();
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    const BacktestMetric metric = kBacktestMetrics[k];
    std::array<double, 3> sum{};
    std::array<int, 3> n{};
    for (const std::size_t i : scored) {
      const std::optional<double> observed = pooled(logged, set.days, i, metric, 0, 1);
      if (!observed) continue;
      const std::array<std::optional<double>, 3> predicted = {
          pooled(simulated, set.days, i, metric, 0, simulated.periods()),
          pooled(baselines.erlang_a, set.days, i, metric, 0, 1),
          training_value(baselines, i, metric)};
      for (std::size_t j = 0; j < 3; ++j) {
        if (!predicted[j]) continue;
        sum[j] += std::abs(*predicted[j] - *observed);
        ++n[j];
      }
    }
    const auto mean = [&](std::size_t j) -> std::optional<double> {
      if (n[j] == 0) return std::nullopt;
      return sum[j] / n[j];
    };
    double se_sum = 0.0;
    int se_n = 0;
    for (const std::size_t i : scored) {
      if (const auto se = observed_error(logged, simulated, set.days, i, metric, replay)) {
        se_sum += *se;
        ++se_n;
      }
    }
    if (se_n > 0) e.floor[k] = std::sqrt(2.0 / std::numbers::pi) * se_sum / se_n;
    e.ccsim[k] = mean(0);
    e.erlang_a[k] = mean(1);
    e.training[k] = mean(2);
  }
  return e;
}

PeriodRank rank_over(const DaySet& set, const CellTable& logged, const CellTable& simulated) {
  PeriodRank r;
  r.label = set.label;
  r.days = set.days.size();
  const std::size_t day = logged.whole_day();
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    const BacktestMetric metric = kBacktestMetrics[k];
    r.observed[k] = pooled(logged, set.days, day, metric, 0, 1);
    if (!r.observed[k]) continue;
    std::vector<double> sims;
    for (std::size_t p = 0; p < simulated.periods(); ++p) {
      if (const auto v = pooled(simulated, set.days, day, metric, p, 1)) sims.push_back(*v);
    }
    if (!sims.empty()) r.rank[k] = rank_among(*r.observed[k], sims);
  }
  return r;
}

// The key of a rank's tie-breaking uniform: the same rank at every run.
std::uint64_t rank_key(std::size_t day, std::size_t slot, std::size_t metric) {
  constexpr std::uint64_t kSlots = 1u << 12;
  return (static_cast<std::uint64_t>(day) * kSlots + slot) * kBacktestMetrics.size() + metric;
}

// The PIT of each logged day's figure in `slot` among simulated days: in a replay among the
// copies of the same day, otherwise among all simulated days.
void add_ranks(std::size_t slot, const CellTable& logged, const CellTable& simulated, bool replay,
               std::array<RankHistogram, kBacktestMetrics.size()>& histograms) {
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    const BacktestMetric metric = kBacktestMetrics[k];
    std::vector<double> everyone;
    if (!replay) {
      for (std::size_t p = 0; p < simulated.periods(); ++p) {
        for (std::size_t d = 0; d < simulated.days(); ++d) {
          if (const auto v = value_of(metric, simulated.at(p, d, slot))) everyone.push_back(*v);
        }
      }
      std::sort(everyone.begin(), everyone.end());
    }
    for (std::size_t d = 0; d < logged.days(); ++d) {
      const std::optional<double> observed = value_of(metric, logged.at(0, d, slot));
      if (!observed) continue;
      Rank rank;
      if (replay) {
        std::vector<double> copies;
        for (std::size_t p = 0; p < simulated.periods(); ++p) {
          if (const auto v = value_of(metric, simulated.at(p, d, slot))) copies.push_back(*v);
        }
        rank = rank_among(*observed, copies);
      } else {
        const auto low = std::lower_bound(everyone.begin(), everyone.end(), *observed);
        const auto high = std::upper_bound(low, everyone.end(), *observed);
        rank = {static_cast<std::uint64_t>(low - everyone.begin()),
                static_cast<std::uint64_t>(high - low), everyone.size()};
      }
      if (rank.n == 0) continue;
      histograms[k].add(rank.pit(keyed_uniform(rank_key(d, slot, k))));
    }
  }
}

std::vector<DayResidual> residuals(const std::vector<std::int32_t>& days, const CellTable& logged,
                                   const CellTable& simulated) {
  std::vector<DayResidual> out;
  for (std::size_t d = 0; d < logged.days(); ++d) {
    DayResidual r;
    r.day = days[d];
    const std::vector<std::size_t> one = {d};
    for (std::size_t slot = 0; slot <= logged.intervals(); ++slot) {
      MetricValues residual;
      for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
        const BacktestMetric metric = kBacktestMetrics[k];
        const auto observed = pooled(logged, one, slot, metric, 0, 1);
        const auto sim = pooled(simulated, one, slot, metric, 0, simulated.periods());
        if (slot == logged.whole_day()) {
          r.observed[k] = observed;
          r.simulated[k] = sim;
        } else if (observed && sim) {
          residual[k] = *observed - *sim;
        }
      }
      if (slot < logged.whole_day()) r.residual_by_interval.push_back(residual);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

void compare(const CellTable& logged, const CellTable& simulated, const Baselines& baselines,
             const BacktestOptions& options, Backtest& out) {
  const std::size_t intervals = logged.intervals();
  const double days = static_cast<double>(logged.days());
  std::vector<std::size_t> scored;
  for (std::size_t i = 0; i < intervals; ++i) {
    BacktestRow row;
    row.start_s = static_cast<double>(i) * options.interval_s;
    double entrants = 0.0;
    for (std::size_t d = 0; d < logged.days(); ++d) entrants += logged.at(0, d, i).offered;
    row.scored = entrants / days >= options.scored_min_entrants_per_day;
    if (row.scored) scored.push_back(i);
    for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
      row.metrics[k] = compare_slot(kBacktestMetrics[k], i, logged, simulated, baselines, options);
    }
    out.by_interval.push_back(std::move(row));
  }
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    out.overall[k] = compare_slot(kBacktestMetrics[k], logged.whole_day(), logged, simulated,
                                  baselines, options);
  }
  adjust_family(options, out);
  for (const DaySet& set : day_sets(out.days)) {
    out.errors.push_back(
        errors_over(set, scored, logged, simulated, baselines, options.replay.any()));
    out.ranks.push_back(rank_over(set, logged, simulated));
  }
  add_ranks(logged.whole_day(), logged, simulated, options.replay.any(), out.day_ranks);
  for (const std::size_t i : scored) {
    add_ranks(i, logged, simulated, options.replay.any(), out.cell_ranks);
  }
  out.residuals = residuals(out.days, logged, simulated);
}

}  // namespace ccsim::backtest_detail
