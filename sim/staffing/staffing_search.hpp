// The pieces of the staffing search: schedules simulated with common random numbers and kept as
// per-replication parts of each target's metric in each interval, extended by replications on
// demand, and each interval's targets judged on them.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "ccsim/staffing/staffing.hpp"

namespace ccsim::detail {

// What a schedule's replications say about one interval's targets.
enum class Verdict {
  meets,   // every target shown met at the stated confidence
  misses,  // some target shown missed at the stated confidence
  unsure,  // neither yet
};

struct IntervalJudgement {
  Verdict verdict = Verdict::unsure;
  IntervalCheck check;  // on the mean (risk: on the estimated probability)
};

// How targets are judged: on the mean, or on the probability that a day's realised figure
// meets them (risk).
struct Judge {
  std::vector<Target> targets;
  std::vector<MetricKind> kinds;  // per target
  double confidence = 0.95;       // two-sided; each statement is one-sided at (1 + c) / 2
  StaffGuarantee guarantee = StaffGuarantee::expected;
  double interval_risk = 0.0;

  Judge(const std::vector<Target>& targets, double confidence, StaffGuarantee guarantee,
        double interval_risk);
};

// Replications [0, replications) of one schedule: x[i][t][r], y[i][t][r] for interval i,
// target t, replication r (the target's metric in that interval is sum x / sum y).
struct ScheduleParts {
  int replications = 0;
  std::vector<std::vector<std::vector<double>>> x;
  std::vector<std::vector<std::vector<double>>> y;
};

IntervalJudgement judge_interval(const ScheduleParts& parts, int replications, std::size_t interval,
                                 const Judge& judge);
// Risk: the share of the first `replications` days whose realised figures met every target of
// `interval` (a day without data in it meets them), and of the days on which every interval did.
Estimate meet_share(const ScheduleParts& parts, int replications, std::size_t interval,
                    const Judge& judge);
Estimate day_share(const ScheduleParts& parts, int replications, const Judge& judge);

// Simulates schedules of `scenario` (every interval counted) with its seed, each replication at
// most once: asking for more replications of a schedule runs only the new ones.
class ScheduleEvaluator {
 public:
  ScheduleEvaluator(const Scenario& scenario, const StaffingGrid& grid, const Judge& judge,
                    int threads, std::function<void(int simulations, long long replications)> ran);

  // The parts of at least `replications` replications of `agents`.
  const ScheduleParts& parts(const std::vector<long>& agents, int replications);
  // The first `replications` replications of `agents`, merged (and their parts kept).
  Results results(const std::vector<long>& agents, int replications);
  IntervalJudgement judge(const std::vector<long>& agents, int replications, std::size_t interval);
  // Every interval on the mean.
  std::vector<IntervalCheck> checks(const std::vector<long>& agents, int replications);

  int simulations() const { return simulations_; }
  long long replications_run() const { return replications_run_; }
  int most_replications() const { return most_replications_; }

 private:
  // Runs replications [first, first + count) of the schedule, each tally handed to `each` in
  // replication order as it ends (none is kept).
  void run(const std::vector<long>& agents, int first, int count,
           const std::function<void(const Tally&)>& each);
  void add_parts(ScheduleParts& parts, const Scenario& full, const Tally& tally) const;

  Scenario scenario_;
  StaffingGrid grid_;
  const Judge& judge_;
  int threads_;
  std::function<void(int, long long)> ran_;
  std::map<std::vector<long>, ScheduleParts> cache_;
  int simulations_ = 0;
  long long replications_run_ = 0;
  int most_replications_ = 0;
};

// `scenario` with every customer counted (no warm-up): the staffing search judges every interval.
Scenario counting_every_interval(const Scenario& scenario);

// The per-replication parts of `metric` in interval `i` of a tally (of `scenario`, in full form).
void interval_parts(const Scenario& full, const StaffingGrid& grid, const Tally& tally,
                    std::size_t i, const std::string& metric, double& x, double& y);

}  // namespace ccsim::detail
