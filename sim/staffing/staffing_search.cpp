// Schedules simulated with common random numbers, kept as per-replication parts, and each
// interval's targets judged on them (docs/staffing.md, "Deciding each interval").
#include "staffing/staffing_search.hpp"

#include <algorithm>

#include "ccsim/parallel/runner.hpp"
#include "ccsim/stats/results_accumulator.hpp"

namespace ccsim::detail {

namespace {

bool met_by(const Target& t, double value) {
  return t.met_by(value);
}

// Whether an interval shows the target met or missed: for ">=" its lower bound meets it or its
// upper bound misses it; for "<=" the other way round.
Verdict verdict_of(const Target& t, const Estimate& e) {
  if (!e.ci_low || !e.ci_high) return Verdict::unsure;
  const double favourable = t.op == TargetOp::at_least ? *e.ci_low : *e.ci_high;
  const double unfavourable = t.op == TargetOp::at_least ? *e.ci_high : *e.ci_low;
  if (met_by(t, favourable)) return Verdict::meets;
  if (!met_by(t, unfavourable)) return Verdict::misses;
  return Verdict::unsure;
}

// The verdict on a probability of meeting that must be at least `floor`.
Verdict verdict_of_share(const Estimate& e, double floor) {
  if (!e.ci_low || !e.ci_high) return Verdict::unsure;
  if (*e.ci_low >= floor) return Verdict::meets;
  if (*e.ci_high < floor) return Verdict::misses;
  return Verdict::unsure;
}

Verdict combine(Verdict a, Verdict b) {
  if (a == Verdict::misses || b == Verdict::misses) return Verdict::misses;
  if (a == Verdict::unsure || b == Verdict::unsure) return Verdict::unsure;
  return Verdict::meets;
}

// Whether day r's realised figures meet every target of interval i (no data: nothing to miss).
bool day_meets(const ScheduleParts& parts, std::size_t i, int r, const Judge& judge) {
  for (std::size_t t = 0; t < judge.targets.size(); ++t) {
    const double y = parts.y[i][t][static_cast<std::size_t>(r)];
    if (!(y > 0.0)) continue;
    if (!met_by(judge.targets[t], parts.x[i][t][static_cast<std::size_t>(r)] / y)) return false;
  }
  return true;
}

Estimate share_of(const std::vector<double>& hits, double confidence) {
  const std::vector<double> ones(hits.size(), 1.0);
  return ratio_estimate(hits, ones, MetricKind::rate, confidence, hits.size());
}

}  // namespace

Judge::Judge(const std::vector<Target>& t, double c, StaffGuarantee g, double risk)
    : targets(t), confidence(c), guarantee(g), interval_risk(risk) {
  for (const Target& target : targets) {
    kinds.push_back(simulation_target_metric(target.metric).kind);
  }
}

Estimate meet_share(const ScheduleParts& parts, int replications, std::size_t interval,
                    const Judge& judge) {
  std::vector<double> hits;
  for (int r = 0; r < replications; ++r) hits.push_back(day_meets(parts, interval, r, judge));
  return share_of(hits, judge.confidence);
}

Estimate day_share(const ScheduleParts& parts, int replications, const Judge& judge) {
  std::vector<double> hits;
  for (int r = 0; r < replications; ++r) {
    bool all = true;
    for (std::size_t i = 0; i < parts.x.size() && all; ++i) all = day_meets(parts, i, r, judge);
    hits.push_back(all);
  }
  return share_of(hits, judge.confidence);
}

IntervalJudgement judge_interval(const ScheduleParts& parts, int replications, std::size_t interval,
                                 const Judge& judge) {
  IntervalJudgement out;
  const auto k = static_cast<std::size_t>(replications);
  if (judge.guarantee == StaffGuarantee::risk) {
    const Estimate share = meet_share(parts, replications, interval, judge);
    const double floor = 1.0 - judge.interval_risk;
    out.verdict = verdict_of_share(share, floor);
    if (*share.mean < floor) {
      out.check.holds = false;
      for (std::size_t t = 0; t < judge.targets.size(); ++t) out.check.failing.push_back(t);
      if (out.verdict == Verdict::misses) out.check.failing_surely = out.check.failing;
    }
    return out;
  }
  out.verdict = Verdict::meets;
  for (std::size_t t = 0; t < judge.targets.size(); ++t) {
    const std::vector<double>& xs = parts.x[interval][t];
    const std::vector<double>& ys = parts.y[interval][t];
    double n = 0.0;
    for (std::size_t r = 0; r < k; ++r) n += ys[r];
    const Estimate e =
        ratio_estimate(std::span<const double>(xs).first(k), std::span<const double>(ys).first(k),
                       judge.kinds[t], judge.confidence, static_cast<std::uint64_t>(n));
    if (!e.mean) continue;  // nobody to judge it on: no constraint
    const Verdict v = verdict_of(judge.targets[t], e);
    out.verdict = combine(out.verdict, v);
    if (!met_by(judge.targets[t], *e.mean)) {
      out.check.holds = false;
      out.check.failing.push_back(t);
      if (v == Verdict::misses) out.check.failing_surely.push_back(t);
    }
  }
  return out;
}

Scenario counting_every_interval(const Scenario& scenario) {
  Scenario out = scenario;
  out.warmup_s = 0.0;
  return out;
}

void interval_parts(const Scenario& full, const StaffingGrid& grid, const Tally& tally,
                    std::size_t i, const std::string& metric, double& x, double& y) {
  if (metric == "queue_length") {
    x = tally.interval_time[i].queue_customer_s;
    y = reported_interval_length_s(full, i, grid.count);
    return;
  }
  for (const CounterMetric& def : counter_metric_defs()) {
    if (metric == def.name) {
      x = def.x(tally.by_interval[i]);
      y = def.y(tally.by_interval[i]);
      return;
    }
  }
  throw std::out_of_range("no interval metric named " + metric);
}

ScheduleEvaluator::ScheduleEvaluator(const Scenario& scenario, const StaffingGrid& grid,
                                     const Judge& judge, int threads,
                                     std::function<void(int, long long)> ran)
    : scenario_(counting_every_interval(scenario)),
      grid_(grid),
      judge_(judge),
      threads_(threads),
      ran_(std::move(ran)) {}

void ScheduleEvaluator::run(const std::vector<long>& agents, int first, int count,
                            const std::function<void(const Tally&)>& each) {
  const Scenario s = with_agents(scenario_, grid_, agents);
  RunOptions options;
  options.threads = threads_;
  for_each_replication(s, first, count, options, [&](int, Tally& tally) { each(tally); });
  replications_run_ += count;
  most_replications_ = std::max(most_replications_, first + count);
}

void ScheduleEvaluator::add_parts(ScheduleParts& parts, const Scenario& full,
                                  const Tally& tally) const {
  const std::size_t targets = judge_.targets.size();
  if (parts.x.empty()) {
    parts.x.assign(grid_.count, std::vector<std::vector<double>>(targets));
    parts.y = parts.x;
  }
  for (std::size_t i = 0; i < grid_.count; ++i) {
    for (std::size_t t = 0; t < targets; ++t) {
      double x = 0.0;
      double y = 0.0;
      interval_parts(full, grid_, tally, i, judge_.targets[t].metric, x, y);
      parts.x[i][t].push_back(x);
      parts.y[i][t].push_back(y);
    }
  }
  ++parts.replications;
}

const ScheduleParts& ScheduleEvaluator::parts(const std::vector<long>& agents, int replications) {
  auto [it, added] = cache_.try_emplace(agents);
  ScheduleParts& parts = it->second;
  if (parts.replications < replications) {
    const Scenario full = expand_shorthands(scenario_);
    run(agents, parts.replications, replications - parts.replications,
        [&](const Tally& tally) { add_parts(parts, full, tally); });
    if (added) ++simulations_;
    if (ran_) ran_(simulations_, replications_run_);
  }
  return parts;
}

Results ScheduleEvaluator::results(const std::vector<long>& agents, int replications) {
  // Not a structured binding: a lambda below captures the entry, and clang (the sanitizer and
  // fuzz builds) does not capture structured bindings before version 16.
  const auto entry = cache_.try_emplace(agents);
  ScheduleParts& cached = entry.first->second;
  // The judged values of these replications replace fewer cached ones.
  const bool keep_parts = entry.second || cached.replications < replications;
  if (keep_parts) cached = ScheduleParts{};
  const Scenario s = with_agents(scenario_, grid_, agents);
  const Scenario full = expand_shorthands(scenario_);
  ResultsAccumulator merged(s);
  run(agents, 0, replications, [&](const Tally& tally) {
    merged.add(tally);
    if (keep_parts) add_parts(cached, full, tally);
  });
  ++simulations_;
  if (ran_) ran_(simulations_, replications_run_);
  return merged.results(s.confidence);
}

IntervalJudgement ScheduleEvaluator::judge(const std::vector<long>& agents, int replications,
                                           std::size_t interval) {
  return judge_interval(parts(agents, replications), replications, interval, judge_);
}

std::vector<IntervalCheck> ScheduleEvaluator::checks(const std::vector<long>& agents,
                                                     int replications) {
  std::vector<IntervalCheck> out;
  const ScheduleParts& p = parts(agents, replications);
  for (std::size_t i = 0; i < grid_.count; ++i) {
    out.push_back(judge_interval(p, replications, i, judge_).check);
  }
  return out;
}

}  // namespace ccsim::detail
