// Inverse Erlang: the fewest agents meeting targets by the exact formulas, and the square-root
// staffing rule beside it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ccsim/queueing/erlang.hpp"
#include "ccsim/staffing/staffing_target.hpp"

namespace ccsim {

// The queue, without the agent count (ErlangInput::agents is ignored).
using ErlangQueue = ErlangInput;

// Erlang C without patience (or an infinite one), B with patience 0, A otherwise.
ErlangModel erlang_model_of(const ErlangQueue& queue);

// The value of a target's metric in an Erlang result; nullopt when undefined.
std::optional<double> erlang_metric(const ErlangResult& result, const std::string& metric);
// Every target met. An unstable (Erlang C, lambda >= n mu) queue meets none.
bool erlang_meets(const ErlangResult& result, std::span<const Target> targets);

// n = R + beta sqrt(R), R the offered load, with beta the smallest value for which the
// many-server approximation of every target's metric meets it: Halfin–Whitt for Erlang C,
// Garnett–Mandelbaum–Reiman for Erlang A, and their infinite-impatience limit (Jagerman's
// B ~ phi(beta) / (sqrt(R) Phi(beta))) for Erlang B. An approximation, never the answer.
struct SquareRootRule {
  std::string approximation;  // "halfin_whitt", "garnett", "jagerman"
  double offered_load = 0.0;  // R
  // nullopt when the approximation cannot meet some target in beta's range, or when no target
  // constrains it (Erlang B waits are zero at any n).
  std::optional<double> beta;
  std::optional<long> agents;  // ceil(R + beta sqrt(R)), at least 0 (Erlang C: > R)
  std::vector<std::optional<double>> beta_by_target;  // in the targets' order
};

SquareRootRule square_root_staffing(const ErlangQueue& queue, std::span<const Target> targets);

struct ErlangStaffing {
  // The fewest agents meeting every target; nullopt: unreachable. With `asymptotic`, the
  // square-root rule's answer instead: the exact search would pass kMaxExactAgents.
  std::optional<long> agents;
  bool asymptotic = false;
  std::string asymptotic_reason;  // why the exact search was not made, when `asymptotic`
  std::string unreachable;        // why, when `agents` is nullopt
  std::optional<ErlangResult> at_agents;
  std::optional<ErlangResult> below;  // at agents − 1, which misses some target (agents > 0)
  long lowest = 0;                    // the search's lower end: 0, or floor(R) + 1 for Erlang C
  long cap = 0;                       // and its upper end (see search_cap)
  int evaluations = 0;                // Erlang evaluations the search made
  SquareRootRule square_root;
};

// The search's upper end ceil(R + 40 sqrt(R)) + 1000. There P(wait) < e^-790 in all three
// models (a Chernoff bound on the Poisson tail), below the smallest double, so a target still
// unmet there is out of reach.
long search_cap(double offered_load);

// The fewest n >= 0 whose exact figures meet every target, by doubling then bisection: every
// target metric is monotone in n (docs/staffing.md). Targets no n can meet (abandon_rate<=0
// with patience 0, service_level>=1 with arrivals, …) are reported as unreachable without a
// search. When the search could pass kMaxExactAgents (search_cap(R) above it), or an Erlang A
// chain is too long to sum, the answer is the square-root rule's, marked `asymptotic`, and no
// exact figure is computed: the time taken never grows with the load. Throws
// std::invalid_argument on an invalid queue.
ErlangStaffing erlang_staffing(const ErlangQueue& queue, std::span<const Target> targets);

}  // namespace ccsim
