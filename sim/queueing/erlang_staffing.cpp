// Inverse Erlang B, C and A: the fewest agents whose exact figures meet every target. Why the
// search may bisect (monotonicity in n) and where it stops are in docs/staffing.md.
#include "ccsim/queueing/erlang_staffing.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ccsim {

namespace {

// The search's upper end, R + kCapSqrtFactor sqrt(R) + kCapMargin (see search_cap).
constexpr double kCapSqrtFactor = 40.0;
constexpr double kCapMargin = 1000.0;

// Why a target can be met by no finite n, or empty. With arrivals, some arrival finds every
// agent busy with positive probability at any n (the Poisson number in system is unbounded),
// and the models say what follows for that arrival.
std::string unreachable_reason(const Target& target, ErlangModel model, double lambda_per_s) {
  if (!(lambda_per_s > 0.0)) return {};
  const std::string why =
      "with arrivals, some arrival finds every agent busy at any number of "
      "agents, so ";
  if (target.metric == "service_level" && target.value >= 1.0) {
    return target.text() + " cannot be met: " + why +
           (model == ErlangModel::erlang_b ? "it is lost"
                                           : "it may wait longer than the threshold");
  }
  if (target.value > 0.0) return {};
  if (target.metric == "p_wait") return target.text() + " cannot be met: " + why + "p_wait > 0";
  if (target.metric == "abandon_rate" && model != ErlangModel::erlang_c) {
    return target.text() + " cannot be met: " + why +
           (model == ErlangModel::erlang_b ? "with patience 0 it is lost at once"
                                           : "it may run out of patience");
  }
  if ((target.metric == "mean_wait_s" || target.metric == "asa_s") &&
      model != ErlangModel::erlang_b) {
    return target.text() + " cannot be met: " + why + "it waits a positive time";
  }
  return {};
}

struct Evaluator {
  ErlangQueue queue;
  std::span<const Target> targets;
  int evaluations = 0;

  ErlangResult at(long agents) {
    ++evaluations;
    ErlangInput input = queue;
    input.agents = agents;
    return erlang(input);
  }
  bool meets(long agents) { return erlang_meets(at(agents), targets); }
};

// The square-root rule's answer in place of the exact search's.
ErlangStaffing asymptotic_answer(ErlangStaffing out, std::string reason) {
  out.asymptotic = true;
  out.asymptotic_reason = std::move(reason);
  out.at_agents.reset();
  out.below.reset();
  out.agents = out.square_root.agents;
  if (!out.agents) {
    out.unreachable =
        out.asymptotic_reason + ", and the square-root rule meets no beta up to 20 for some target";
  }
  return out;
}

ErlangStaffing exact_search(ErlangStaffing out, const ErlangQueue& queue,
                            std::span<const Target> targets);

}  // namespace

ErlangModel erlang_model_of(const ErlangQueue& queue) {
  if (!queue.patience_s || std::isinf(*queue.patience_s)) return ErlangModel::erlang_c;
  return *queue.patience_s == 0.0 ? ErlangModel::erlang_b : ErlangModel::erlang_a;
}

std::optional<double> erlang_metric(const ErlangResult& result, const std::string& metric) {
  if (metric == "service_level") return result.service_level;
  if (metric == "abandon_rate") return result.abandon_rate;
  if (metric == "asa_s") return result.asa_s;
  if (metric == "p_wait") return result.p_wait;
  if (metric == "mean_wait_s") return result.mean_wait_s;
  if (metric == "occupancy") return result.occupancy;
  throw std::invalid_argument("erlang: no metric named " + metric);
}

bool erlang_meets(const ErlangResult& result, std::span<const Target> targets) {
  if (!result.stable) return false;
  return std::all_of(targets.begin(), targets.end(), [&](const Target& target) {
    const std::optional<double> value = erlang_metric(result, target.metric);
    return value && target.met_by(*value);
  });
}

long search_cap(double offered_load) {
  return static_cast<long>(
      std::ceil(offered_load + kCapSqrtFactor * std::sqrt(offered_load) + kCapMargin));
}

ErlangStaffing erlang_staffing(const ErlangQueue& queue, std::span<const Target> targets) {
  ErlangInput probe = queue;
  probe.agents = 0;
  (void)erlang(probe);  // validates the queue, throwing std::invalid_argument
  const ErlangModel model = erlang_model_of(queue);
  const double load = queue.lambda_per_s * queue.handle_s;

  ErlangStaffing out;
  out.square_root = square_root_staffing(queue, targets);
  // Erlang C is unstable, and so meets nothing, unless n > R.
  out.lowest = model == ErlangModel::erlang_c ? static_cast<long>(std::floor(load)) + 1 : 0;
  out.cap = search_cap(load);
  for (const Target& target : targets) {
    std::string reason = unreachable_reason(target, model, queue.lambda_per_s);
    if (!reason.empty()) {
      out.unreachable = std::move(reason);
      return out;
    }
  }

  if (out.cap > kMaxExactAgents) {
    return asymptotic_answer(
        out, "the offered load R = " + std::to_string(load) + " Erlangs takes the search past " +
                 std::to_string(kMaxExactAgents) + " agents, the exact formulas' limit");
  }
  try {
    return exact_search(out, queue, targets);
  } catch (const std::domain_error& e) {
    return asymptotic_answer(out, e.what());
  }
}

namespace {

// Doubling then bisection on the exact figures; throws std::domain_error when one cannot be
// computed.
ErlangStaffing exact_search(ErlangStaffing out, const ErlangQueue& queue,
                            std::span<const Target> targets) {
  Evaluator eval{queue, targets};
  // Doubling: the first n of lowest, lowest + 1, lowest + 3, lowest + 7, … that meets every
  // target; the answer then lies above the last n that did not.
  long below = out.lowest - 1;  // the largest n known to miss (lowest − 1 misses, or is < 0)
  long step = 1;
  long high = out.lowest;
  while (!eval.meets(high)) {
    if (high >= out.cap) {
      out.evaluations = eval.evaluations;
      out.unreachable = "no number of agents up to " + std::to_string(out.cap) +
                        " meets the targets; beyond it P(wait) is below the smallest double";
      return out;
    }
    below = high;
    high = std::min(out.cap, high + step);
    step *= 2;
  }
  // Bisection on (below, high]: below misses, high meets.
  while (high - below > 1) {
    const long middle = below + (high - below) / 2;
    if (eval.meets(middle)) {
      high = middle;
    } else {
      below = middle;
    }
  }
  out.agents = high;
  out.at_agents = eval.at(high);
  if (high > 0) out.below = eval.at(high - 1);
  out.evaluations = eval.evaluations;
  return out;
}

}  // namespace

}  // namespace ccsim
