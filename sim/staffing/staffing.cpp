// The staffing search: from the SIPP schedule, raise and lower on the means, then settle each
// interval in turn between n − 1 and n agents, adding replications (common random numbers)
// until the decision is shown at the stated confidence; verify on fresh seeds.
// The method and its assumptions are in docs/staffing.md.
#include "ccsim/staffing/staffing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ccsim/engine/random_stream.hpp"
#include "ccsim/io/tidy_csv.hpp"
#include "staffing/staffing_search.hpp"

namespace ccsim {

namespace {

using detail::Judge;
using detail::ScheduleEvaluator;
using detail::Verdict;

// Keeps the verification's streams apart from the search's ("VERIFY").
constexpr std::uint64_t kVerifySalt = 0x5645524946590000ULL;
// A decision is settled within one agent, or within this share of the count in a large pool.
constexpr double kSettleShare = 0.01;
// Rounds of re-settling intervals whose count no longer shows its targets met once the later
// intervals were settled (the queue they leave each other moves a little).
constexpr int kCheckRounds = 3;

std::string failing_text(const Results& results, std::size_t interval, const IntervalCheck& check,
                         const Judge& judge) {
  std::string out;
  if (judge.guarantee == StaffGuarantee::risk) {
    char floor[64];
    std::snprintf(floor, sizeof floor, "%.6g", 1.0 - judge.interval_risk);
    return std::string("the share of days meeting every target below ") + floor;
  }
  for (const std::size_t t : check.failing) {
    const Target& target = judge.targets[t];
    const Estimate& est = find_metric(results.by_interval[interval].metrics, target.metric);
    char value[64];
    std::snprintf(value, sizeof value, "%.4g", est.mean.value_or(0.0));
    out += (out.empty() ? "" : ", ") + target.text() + " (mean " + value + ")";
  }
  return out;
}

// The first interval of each run of consecutive failing intervals: a failure right after
// another may be the earlier one's queue carried over, so the earliest is raised first.
std::vector<std::size_t> failure_heads(const std::vector<IntervalCheck>& checks) {
  std::vector<std::size_t> heads;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (!checks[i].holds && (i == 0 || checks[i - 1].holds)) heads.push_back(i);
  }
  return heads;
}

bool all_hold(const std::vector<IntervalCheck>& checks) {
  return std::all_of(checks.begin(), checks.end(), [](const IntervalCheck& c) { return c.holds; });
}

class Search {
 public:
  Search(const Scenario& scenario, const StaffOptions& options, StaffResult& out,
         const Judge& judge)
      : options_(options),
        opens_at_s_(scenario.opens_at_s),
        out_(out),
        judge_(judge),
        evaluate_(scenario, out.grid, judge, options.threads,
                  [this](int simulations, long long replications) {
                    report(simulations, replications);
                  }) {}

  ScheduleEvaluator& evaluator() { return evaluate_; }
  void phase(const char* name) { phase_ = name; }

  // Raise on the means: each failing run's head by 1, 2, 4, … agents while it keeps failing. A
  // head already at the cap is helped through the latest earlier interval below it (less queue
  // carried in). False, with the reason in out_.infeasible, when no schedule under the cap does.
  bool raise(std::vector<long>& agents) {
    const long cap = out_.max_agents;
    const std::size_t count = agents.size();
    std::vector<long> step(count, 1);
    std::vector<bool> raised_before(count, false);
    for (;;) {
      const std::vector<IntervalCheck> checks = evaluate_.checks(agents, k0());
      if (all_hold(checks)) return true;
      std::vector<bool> raised(count, false);
      for (const std::size_t head : failure_heads(checks)) {
        std::size_t j = head + 1;
        while (j > 0 && agents[j - 1] >= cap) --j;
        if (j == 0) {
          const Results run = evaluate_.results(agents, k0());
          out_.infeasible = "no schedule with at most " + std::to_string(cap) +
                            " agents per interval meets the targets: in the interval starting at " +
                            interval_label(out_.grid.start_s(head), opens_at_s_) + ", " +
                            failing_text(run, head, checks[head], judge()) + " with " +
                            std::to_string(cap) + " agents there and in every earlier interval";
          return false;
        }
        --j;
        if (raised[j]) continue;
        if (!raised_before[j]) step[j] = 1;
        agents[j] = std::min(cap, agents[j] + step[j]);
        step[j] *= 2;
        raised[j] = true;
      }
      raised_before = raised;
    }
  }

  // Lower on the means: each interval in turn, earliest first, by 1, 2, 4, … while every
  // interval still holds, then bisection between the last count that held and the first that
  // did not.
  void lower(std::vector<long>& agents) {
    for (std::size_t i = 0; i < agents.size(); ++i) {
      long good = agents[i];
      long bad = -1;
      std::vector<long> trial = agents;
      for (long down = 1; good > 0; down *= 2) {
        trial[i] = std::max(0L, good - down);
        if (!all_hold(evaluate_.checks(trial, k0()))) {
          bad = trial[i];
          break;
        }
        good = trial[i];
      }
      while (bad >= 0 && good - bad > 1) {
        trial[i] = bad + (good - bad) / 2;
        (all_hold(evaluate_.checks(trial, k0())) ? good : bad) = trial[i];
      }
      agents[i] = good;
    }
  }

  // Settles interval i, the others as they are: the fewest agents shown to meet its targets at
  // the stated confidence, with one fewer (exact) or two fewer (within one agent) shown to miss
  // them; replications double until it is so, up to the most allowed.
  IntervalDecision settle(std::size_t i, std::vector<long>& agents) {
    const long cap = out_.max_agents;
    int k = k0();
    long start = agents[i];
    for (;;) {
      const auto verdict = [&](long n) {
        std::vector<long> trial = agents;
        trial[i] = n;
        return evaluate_.judge(trial, k, i).verdict;
      };
      // hi: the fewest shown to meet; below: the most known not to be (unsure or missing).
      long hi = -1;
      long below = -1;
      if (verdict(start) == Verdict::meets) {
        hi = start;
        for (long step = 1; hi > 0; step *= 2) {
          const long n = std::max(0L, hi - step);
          if (verdict(n) != Verdict::meets) {
            below = n;
            break;
          }
          hi = n;
        }
      } else {
        below = start;
        for (long step = 1; below < cap; step *= 2) {
          const long n = std::min(cap, below + step);
          if (verdict(n) == Verdict::meets) {
            hi = n;
            break;
          }
          below = n;
        }
      }
      if (hi >= 0) {
        while (below >= 0 && hi - below > 1) {
          const long mid = below + (hi - below) / 2;
          (verdict(mid) == Verdict::meets ? hi : below) = mid;
        }
      }
      IntervalDecision d;
      d.replications = k;
      // Settled within `window` − 1 agents of the fewest when hi − window is shown to miss: one
      // agent, or 1% of the count in a large pool, where one agent moves the figure by less
      // than the noise of any affordable number of replications.
      const long window = std::max(2L, static_cast<long>(std::ceil(kSettleShare * hi)));
      if (hi == 0) {
        d.resolved = d.exact = true;
      } else if (hi > 0 && verdict(hi - 1) == Verdict::misses) {
        d.resolved = d.exact = true;
        d.misses_at = hi - 1;
      } else if (hi >= 2 && verdict(hi - 2) == Verdict::misses) {
        d.resolved = true;
        d.misses_at = hi - 2;
      } else if (window > 2 && hi >= window && verdict(hi - window) == Verdict::misses) {
        d.resolved = true;
        d.misses_at = hi - window;
      }
      const bool at_most = k >= out_.max_replications;
      if (d.resolved || (hi >= 0 && at_most)) {
        agents[i] = hi;
        // Open: a count below the window shown to miss says how open (steps of 2, 4, … down).
        for (long step = window + 1; !d.resolved && hi - step + 1 > 0; step *= 2) {
          const long n = std::max(0L, hi - step);
          if (verdict(n) == Verdict::misses) {
            d.misses_at = n;
            break;
          }
        }
        return d;
      }
      if (!at_most) {
        k = std::min(2 * k, out_.max_replications);
        if (hi >= 0) start = hi;
        continue;
      }
      // Nothing shown to meet even at the cap with the most replications: the fewest whose
      // means meet, unresolved.
      const auto holds = [&](long n) {
        std::vector<long> trial = agents;
        trial[i] = n;
        return evaluate_.judge(trial, k, i).check.holds;
      };
      long n = agents[i];
      if (holds(n)) {
        while (n > 0 && holds(n - 1)) --n;
      } else {
        while (n < cap && !holds(n)) ++n;
      }
      agents[i] = n;
      return d;
    }
  }

  // Settles every interval in order, then re-settles those whose count no longer shows its
  // targets met with the later intervals settled around it.
  void settle_all(std::vector<long>& agents) {
    out_.decisions.assign(agents.size(), IntervalDecision{});
    for (std::size_t i = 0; i < agents.size(); ++i) {
      out_.decisions[i] = settle(i, agents);
      resolved_ = i + 1;
    }
    phase("check");
    for (int round = 0; round < kCheckRounds; ++round) {
      bool changed = false;
      for (std::size_t i = 0; i < agents.size(); ++i) {
        if (evaluate_.judge(agents, out_.decisions[i].replications, i).verdict == Verdict::meets)
          continue;
        const long before = agents[i];
        out_.decisions[i] = settle(i, agents);
        changed = changed || agents[i] != before;
      }
      if (!changed) break;
    }
  }

  int k0() const { return out_.start_replications; }
  const Judge& judge() const { return judge_; }

 private:
  void report(int simulations, long long replications) {
    if (!options_.on_progress) return;
    StaffProgress p;
    p.phase = phase_;
    p.resolved = resolved_;
    p.intervals = out_.grid.count;
    p.simulations = simulations + out_.sipp_inputs.simulations;
    p.replications = replications;
    options_.on_progress(p);
  }

  const StaffOptions& options_;
  std::optional<double> opens_at_s_;  // messages name intervals as the tables do
  StaffResult& out_;
  const Judge& judge_;
  ScheduleEvaluator evaluate_;
  std::string phase_ = "sipp";
  std::size_t resolved_ = 0;
};

std::size_t intervals_with_load(const SippInputs& inputs) {
  return static_cast<std::size_t>(std::count_if(inputs.offered_load.begin(),
                                                inputs.offered_load.end(),
                                                [](double load) { return load > 0.0; }));
}

}  // namespace

std::string StaffResult::guarantee_statement() const {
  char text[512];
  const int percent = static_cast<int>(std::lround(confidence * 100.0));
  if (guarantee == StaffGuarantee::expected) {
    std::snprintf(text, sizeof text,
                  "In every interval the expected figures (the mean over days) meet every "
                  "target: each count was shown to meet them, and one or two fewer to miss them, "
                  "at %d%% confidence (per interval), so it is the fewest that do or one more.",
                  percent);
  } else if (!joint) {
    std::snprintf(text, sizeof text,
                  "In every interval, on any one day, the realised figures meet every target "
                  "with probability at least %.6g, each count shown to reach it at %d%% "
                  "confidence.",
                  1.0 - risk, percent);
  } else {
    std::snprintf(text, sizeof text,
                  "On any one day, the realised figures of every interval meet every target all "
                  "together with probability at least %.6g (Bonferroni: at least %.6g in each "
                  "interval with load, each count shown to reach it at %d%% confidence).",
                  1.0 - risk, 1.0 - interval_risk, percent);
  }
  return text;
}

std::uint64_t verification_seed(std::uint64_t seed) {
  return splitmix64(splitmix64(seed ^ kVerifySalt));
}

std::vector<IntervalCheck> check_targets(const Results& results,
                                         const std::vector<Target>& targets) {
  std::vector<IntervalCheck> checks;
  for (const IntervalResult& interval : results.by_interval) {
    IntervalCheck check;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      const Estimate& e = find_metric(interval.metrics, targets[t].metric);
      if (!e.mean) continue;  // no contact of this kind arrived in the interval
      if (targets[t].met_by(*e.mean)) continue;
      check.holds = false;
      check.failing.push_back(t);
      const std::optional<double> far = targets[t].op == TargetOp::at_least ? e.ci_high : e.ci_low;
      if (far && !targets[t].met_by(*far)) check.failing_surely.push_back(t);
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

StaffOptions staff_options(const StaffChoices& choices, const std::vector<Target>& targets,
                           int threads) {
  StaffOptions options;
  options.targets = targets;
  options.max_agents = choices.max_agents;
  options.threads = threads;
  if (choices.max_replications) options.max_replications = *choices.max_replications;
  if (choices.verify_replications) options.verify_replications = *choices.verify_replications;
  if (choices.risk) {
    options.guarantee = StaffGuarantee::risk;
    options.risk = *choices.risk;
    options.joint = choices.joint;
  }
  return options;
}

StaffResult staff(const Scenario& scenario, const StaffOptions& options) {
  StaffResult out;
  out.grid = staffing_grid(scenario);
  out.guarantee = options.guarantee;
  out.risk = options.risk;
  out.joint = options.joint;
  out.confidence = scenario.confidence;
  out.start_replications = std::max(scenario.replications, options.min_replications);
  out.max_replications = std::max(options.max_replications, out.start_replications);
  out.sipp_inputs = estimate_sipp_inputs(scenario, out.grid, options.threads);
  out.sipp = sipp_staffing(out.sipp_inputs, options.targets, scenario.service_level_threshold_s);
  out.max_agents_default = !options.max_agents;
  out.max_agents = options.max_agents.value_or(default_max_agents(out.sipp_inputs, out.sipp));
  const std::size_t loaded = std::max<std::size_t>(1, intervals_with_load(out.sipp_inputs));
  out.interval_risk = options.joint ? options.risk / static_cast<double>(loaded) : options.risk;
  // A decision may look at its data at every doubling of the replications: each look is made at
  // 1 − (1 − c) / looks (Bonferroni over the looks), so that whichever look settles it, the
  // decision holds at c. Figures reported (SIPP run, verification) are at c itself.
  out.looks = 1 + static_cast<int>(std::ceil(std::log2(static_cast<double>(out.max_replications) /
                                                       out.start_replications)));
  out.decision_confidence = 1.0 - (1.0 - scenario.confidence) / out.looks;
  const Judge judge(options.targets, out.decision_confidence, options.guarantee, out.interval_risk);
  const Judge report(options.targets, scenario.confidence, options.guarantee, out.interval_risk);

  Search search(scenario, options, out, judge);
  ScheduleEvaluator& evaluate = search.evaluator();
  for (const auto& n : out.sipp) out.sipp_run_agents.push_back(n.value_or(out.max_agents));
  out.sipp_run = evaluate.results(out.sipp_run_agents, out.start_replications);
  const detail::ScheduleParts& sipp_parts =
      evaluate.parts(out.sipp_run_agents, out.start_replications);
  for (std::size_t i = 0; i < out.grid.count; ++i) {
    out.sipp_checks.push_back(
        detail::judge_interval(sipp_parts, out.start_replications, i, report).check);
  }

  std::vector<long> agents = out.sipp_run_agents;
  for (long& a : agents) a = std::clamp(a, 0L, out.max_agents);
  search.phase("raise");
  const bool feasible = search.raise(agents);
  if (feasible) {
    search.phase("lower");
    search.lower(agents);
    search.phase("resolve");
    search.settle_all(agents);
  }

  // The verification: the schedule on fresh seeds, so that the figures printed beside it are not
  // those it was chosen on.
  search.phase("verify");
  Scenario fresh = scenario;
  fresh.seed = verification_seed(scenario.seed);
  out.verify_seed = fresh.seed;
  out.verify_replications = options.verify_replications > 0
                                ? options.verify_replications
                                : std::max(kMinVerifyReplications, evaluate.most_replications());
  ScheduleEvaluator verify(fresh, out.grid, report, options.threads, nullptr);
  out.verified_run = verify.results(agents, out.verify_replications);
  out.verified_checks = verify.checks(agents, out.verify_replications);
  if (options.guarantee == StaffGuarantee::risk) {
    const detail::ScheduleParts& parts = verify.parts(agents, out.verify_replications);
    for (std::size_t i = 0; i < out.grid.count; ++i) {
      out.verified_meet_share.push_back(
          detail::meet_share(parts, out.verify_replications, i, report));
    }
    out.verified_day_share = detail::day_share(parts, out.verify_replications, report);
  }
  out.simulations = out.sipp_inputs.simulations + evaluate.simulations() + verify.simulations();
  out.replications_run = evaluate.replications_run() + verify.replications_run();
  out.feasible = feasible;
  if (feasible) out.required = agents;
  return out;
}

}  // namespace ccsim
