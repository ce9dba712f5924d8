// ccsim backtest's JSON (schema_version 2, docs/fit.md): every figure of the comparison, the
// baselines, the tests, the ranks and the per-day residuals.
#include <nlohmann/json.hpp>

#include "ccsim/calibration/backtest.hpp"
#include "ccsim/calibration/call_log.hpp"
#include "io/estimate_json.hpp"

namespace ccsim {

namespace {

constexpr int kSchemaVersion = 2;

using detail::optional_number;

nlohmann::json to_json(const MetricComparison& m) {
  return {{"observed", optional_number(m.observed)},
          {"observed_n", m.observed_n},
          {"observed_se", optional_number(m.observed_se)},
          {"simulated", detail::estimate_json(m.simulated)},
          {"difference", optional_number(m.difference)},
          {"difference_se", optional_number(m.difference_se)},
          {"z", optional_number(m.z)},
          {"p_value", optional_number(m.p_value)},
          {"p_holm", optional_number(m.p_holm)},
          {"q_value", optional_number(m.q_value)},
          {"erlang_a", optional_number(m.erlang_a)},
          {"training", optional_number(m.training)}};
}

// {"offered": f(0), "abandon_rate": f(1), …}
template <typename F>
nlohmann::json by_metric(F&& f) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t k = 0; k < kBacktestMetrics.size(); ++k) {
    out[std::string(to_string(kBacktestMetrics[k]))] = f(k);
  }
  return out;
}

nlohmann::json values_json(const MetricValues& values) {
  return by_metric([&](std::size_t k) { return optional_number(values[k]); });
}

nlohmann::json rank_json(const PeriodRank& r) {
  nlohmann::json out = {{"days", r.label}, {"day_count", r.days}};
  out["metrics"] = by_metric([&](std::size_t k) -> nlohmann::json {
    if (!r.rank[k]) return nullptr;
    const Rank& rank = *r.rank[k];
    return {{"observed", optional_number(r.observed[k])},
            {"below", rank.below},
            {"equal", rank.equal},
            {"periods", rank.n},
            {"p_value", rank.two_sided_p()}};
  });
  return out;
}

// `independent`: whether the PIT values are independent (whole days are; the cells of one day are
// not, so no chi-square p-value is given for them).
nlohmann::json histogram_json(const RankHistogram& h, bool independent) {
  const auto total = h.total();
  const auto share = [&](std::uint64_t count) -> nlohmann::json {
    if (total == 0) return nullptr;
    return static_cast<double>(count) / static_cast<double>(total);
  };
  return {{"counts", h.counts},
          {"n", total},
          {"inside_50", share(h.inside_50)},
          {"inside_90", share(h.inside_90)},
          {"uniformity_p", independent ? optional_number(h.uniformity_p()) : nullptr}};
}

nlohmann::json residual_json(const DayResidual& r) {
  nlohmann::json intervals = nlohmann::json::array();
  for (const MetricValues& v : r.residual_by_interval) intervals.push_back(values_json(v));
  return {{"date", civil_date(r.day)},
          {"observed", values_json(r.observed)},
          {"simulated", values_json(r.simulated)},
          {"residual_by_interval", std::move(intervals)}};
}

nlohmann::json dates(const std::vector<std::int32_t>& days) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::int32_t d : days) out.push_back(civil_date(d));
  return out;
}

}  // namespace

nlohmann::json to_json(const Backtest& b) {
  nlohmann::json intervals = nlohmann::json::array();
  for (const BacktestRow& row : b.by_interval) {
    nlohmann::json entry = by_metric([&](std::size_t k) { return to_json(row.metrics[k]); });
    entry["start_s"] = row.start_s;
    entry["scored"] = row.scored;
    intervals.push_back(std::move(entry));
  }
  nlohmann::json errors = nlohmann::json::array();
  for (const ErrorSummary& e : b.errors) {
    errors.push_back({{"days", e.label},
                      {"day_count", e.days},
                      {"ccsim", values_json(e.ccsim)},
                      {"erlang_a", values_json(e.erlang_a)},
                      {"training", values_json(e.training)},
                      {"floor", values_json(e.floor)}});
  }
  nlohmann::json ranks = nlohmann::json::array();
  for (const PeriodRank& r : b.ranks) ranks.push_back(rank_json(r));
  nlohmann::json residuals = nlohmann::json::array();
  for (const DayResidual& r : b.residuals) residuals.push_back(residual_json(r));
  return {
      {"schema_version", kSchemaVersion},
      {"scenario", b.scenario},
      {"days", dates(b.days)},
      {"training_days", dates(b.training_days)},
      {"periods", b.periods},
      {"simulated_days", b.simulated_days},
      {"interval_s", b.interval_s},
      {"service_level_threshold_s", b.service_level_threshold_s},
      {"confidence", b.confidence},
      {"replay", {{"arrivals", b.replay.arrivals}, {"staffing", b.replay.staffing}}},
      {"scored_min_entrants_per_day", b.scored_min_entrants_per_day},
      {"erlang_a",
       {{"handle_s", b.erlang_a_handle_s},
        {"patience_s", optional_number(b.erlang_a_patience_s)},
        {"patience_from", b.erlang_a_patience_from_training ? "training" : "scenario"}}},
      {"overall", by_metric([&](std::size_t k) { return to_json(b.overall[k]); })},
      {"by_interval", std::move(intervals)},
      {"tests",
       {{"cells", b.family.cells},
        {"alpha", b.family.alpha},
        {"rejected_holm", b.family.rejected_holm},
        {"rejected_bh", b.family.rejected_bh}}},
      {"errors", std::move(errors)},
      {"ranks", std::move(ranks)},
      {"rank_histograms",
       {{"days", by_metric([&](std::size_t k) { return histogram_json(b.day_ranks[k], true); })},
        {"cells",
         by_metric([&](std::size_t k) { return histogram_json(b.cell_ranks[k], false); })}}},
      {"residuals", std::move(residuals)}};
}

}  // namespace ccsim
