// The staffing search: from the SIPP schedule, raise the earliest failing interval of each run
// of failing intervals until every target holds, then lower each interval as far as the targets
// allow, every schedule simulated over the whole day with the same seed (common random numbers).
// The method and its assumptions are in docs/staffing.md.
#include "ccsim/staffing/staffing.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "ccsim/parallel/runner.hpp"

namespace ccsim {

namespace {

struct Evaluation {
  Results results;
  std::vector<IntervalCheck> checks;
  bool holds() const {
    return std::all_of(checks.begin(), checks.end(),
                       [](const IntervalCheck& c) { return c.holds; });
  }
};

// Simulates schedules, each once: the same schedule with the same seed gives the same results.
class Evaluator {
 public:
  Evaluator(const Scenario& scenario, const StaffingGrid& grid, const StaffOptions& options,
            int& simulations)
      : scenario_(scenario), grid_(grid), options_(options), simulations_(simulations) {}

  const Evaluation& operator()(const std::vector<long>& agents, const std::string& phase) {
    if (auto found = cache_.find(agents); found != cache_.end()) return found->second;
    const Scenario s = with_agents(scenario_, grid_, agents);
    RunOptions run;
    run.threads = options_.threads;
    Evaluation e;
    e.results = merge_tallies(s, run_replications(s, 0, s.replications, run), s.confidence);
    e.checks = check_targets(e.results, options_.targets);
    ++simulations_;
    if (options_.on_simulation) options_.on_simulation(simulations_, phase);
    return cache_.emplace(agents, std::move(e)).first->second;
  }

 private:
  const Scenario& scenario_;
  const StaffingGrid& grid_;
  const StaffOptions& options_;
  int& simulations_;
  std::map<std::vector<long>, Evaluation> cache_;
};

std::string failing_text(const Evaluation& e, std::size_t interval,
                         const std::vector<Target>& targets) {
  std::string out;
  for (const std::size_t t : e.checks[interval].failing) {
    const Target& target = targets[t];
    const Estimate& est = find_metric(e.results.by_interval[interval].metrics, target.metric);
    const std::optional<double> bound = target.bound(est);
    char value[64];
    std::snprintf(value, sizeof value, "%.4g", bound.value_or(0.0));
    out += (out.empty() ? "" : ", ") + target.text() + " (CI bound " +
           (bound ? std::string(value) : std::string("n/a")) + ")";
  }
  return out;
}

// The first interval of each run of consecutive failing intervals: a failure right after
// another may be the earlier one's queue carried over, so the earliest is raised first.
std::vector<std::size_t> failure_heads(const Evaluation& e) {
  std::vector<std::size_t> heads;
  for (std::size_t i = 0; i < e.checks.size(); ++i) {
    if (!e.checks[i].holds && (i == 0 || e.checks[i - 1].holds)) heads.push_back(i);
  }
  return heads;
}

}  // namespace

std::vector<IntervalCheck> check_targets(const Results& results,
                                         const std::vector<Target>& targets) {
  std::vector<IntervalCheck> checks;
  for (const IntervalResult& interval : results.by_interval) {
    IntervalCheck check;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      const Estimate& e = find_metric(interval.metrics, targets[t].metric);
      if (!e.mean) continue;  // no contact of this kind arrived in the interval
      const std::optional<double> bound = targets[t].bound(e);
      if (!bound || !targets[t].met_by(*bound)) {
        check.holds = false;
        check.failing.push_back(t);
        if (!targets[t].met_by(*e.mean)) check.failing_mean.push_back(t);
      }
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

StaffResult staff(const Scenario& scenario, const StaffOptions& options) {
  StaffResult out;
  out.grid = staffing_grid(scenario);
  const std::size_t count = out.grid.count;
  out.sipp_inputs = estimate_sipp_inputs(scenario, out.grid, options.threads);
  out.simulations = out.sipp_inputs.simulations;
  out.sipp = sipp_staffing(out.sipp_inputs, options.targets, scenario.service_level_threshold_s);
  out.max_agents_default = !options.max_agents;
  out.max_agents = options.max_agents.value_or(default_max_agents(out.sipp_inputs, out.sipp));
  const long cap = out.max_agents;

  Evaluator evaluate(scenario, out.grid, options, out.simulations);
  for (const auto& n : out.sipp) out.sipp_run_agents.push_back(n.value_or(cap));
  const Evaluation& sipp_run = evaluate(out.sipp_run_agents, "sipp");
  out.sipp_run = sipp_run.results;
  out.sipp_checks = sipp_run.checks;

  std::vector<long> agents = out.sipp_run_agents;
  for (long& a : agents) a = std::clamp(a, 0L, cap);
  const Evaluation* current = &evaluate(agents, "raise");

  // Raise: each failing run's head by 1, 2, 4, … agents while it keeps failing. A head already
  // at the cap is helped through the latest earlier interval below it (less queue carried in).
  std::vector<long> step(count, 1);
  std::vector<bool> raised_before(count, false);
  while (!current->holds()) {
    std::vector<bool> raised(count, false);
    for (const std::size_t head : failure_heads(*current)) {
      std::size_t j = head + 1;
      while (j > 0 && agents[j - 1] >= cap) --j;
      if (j == 0) {
        out.infeasible = "no schedule with at most " + std::to_string(cap) +
                         " agents per interval meets the targets: in the interval starting at " +
                         interval_clock(out.grid.start_s(head)) + ", " +
                         failing_text(*current, head, options.targets) + " with " +
                         std::to_string(cap) + " agents there and in every earlier interval";
        out.verified_run = current->results;
        out.verified_checks = current->checks;
        return out;
      }
      --j;
      if (raised[j]) continue;
      if (!raised_before[j]) step[j] = 1;
      agents[j] = std::min(cap, agents[j] + step[j]);
      step[j] *= 2;
      raised[j] = true;
    }
    raised_before = raised;
    current = &evaluate(agents, "raise");
  }

  // Lower: each interval in turn, earliest first, by 1, 2, 4, … while every target still holds,
  // then bisection between the last schedule that held and the first that did not.
  for (std::size_t i = 0; i < count; ++i) {
    long good = agents[i];
    long bad = -1;
    std::vector<long> trial = agents;
    for (long down = 1; good > 0; down *= 2) {
      trial[i] = std::max(0L, good - down);
      if (!evaluate(trial, "lower").holds()) {
        bad = trial[i];
        break;
      }
      good = trial[i];
    }
    while (bad >= 0 && good - bad > 1) {
      trial[i] = bad + (good - bad) / 2;
      (evaluate(trial, "lower").holds() ? good : bad) = trial[i];
    }
    agents[i] = good;
  }

  // The verification: the whole-day run of the schedule found (already simulated, as the last
  // schedule that held; the cache returns it without running it again).
  const Evaluation& verified = evaluate(agents, "verify");
  out.feasible = verified.holds();
  out.required = agents;
  out.verified_run = verified.results;
  out.verified_checks = verified.checks;
  return out;
}

}  // namespace ccsim
