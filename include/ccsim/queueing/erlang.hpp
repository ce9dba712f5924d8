// Exact steady-state figures of Erlang B (M/M/n/n), Erlang C (M/M/n) and Erlang A (M/M/n+M).
#pragma once

#include <optional>
#include <string_view>

namespace ccsim {

enum class ErlangModel { erlang_b, erlang_c, erlang_a };

std::string_view to_string(ErlangModel model);

struct ErlangInput {
  double lambda_per_s = 0.0;         // arrival rate
  double handle_s = 0.0;             // mean handle time (exponential)
  long agents = 0;                   // n >= 0
  std::optional<double> patience_s;  // absent: Erlang C; 0: Erlang B; > 0: Erlang A
  double threshold_s = 20.0;         // service-level threshold
};

// The metrics, with the simulation's names and definitions; nullopt where undefined (e.g.
// Erlang C waits when lambda >= n mu, occupancy with zero agents).
struct ErlangResult {
  ErlangModel model = ErlangModel::erlang_c;
  bool stable = true;
  std::optional<double> p_wait;         // P(an arrival finds every agent busy)
  std::optional<double> abandon_rate;   // abandoned / (answered + abandoned)
  std::optional<double> mean_wait_s;    // mean wait of all queue entrants
  std::optional<double> asa_s;          // mean wait of the answered
  std::optional<double> service_level;  // answered within threshold / all entrants
  std::optional<double> occupancy;      // busy agents / n
};

// The exact formulas sum one term per agent (and, for Erlang A, per waiting customer): past
// this many agents they are refused rather than summed for seconds, and the staffing search
// answers with the square-root rule, labelled as the approximation it is.
constexpr long kMaxExactAgents = 1'000'000;

// Throws std::invalid_argument on an invalid input, std::domain_error past kMaxExactAgents (or
// an Erlang A chain too long to sum).
ErlangResult erlang(const ErlangInput& input);

// Erlang B blocking probability B(n, a) for offered load a = lambda * handle, by the stable
// recurrence B(k) = a B(k-1) / (k + a B(k-1)).
double erlang_b(long agents, double offered_load);
// Erlang C probability of waiting C(n, a); 1 when a >= n.
double erlang_c(long agents, double offered_load);

namespace detail {
// Erlang A from its birth-death chain, for agents >= 1 and lambda > 0 (erlang() validates the
// input and settles the other cases); rates are per second. Defined in sim/queueing/erlang_a.cpp.
ErlangResult erlang_a_chain(double lambda_per_s, double mu_per_s, double theta_per_s, long agents,
                            double threshold_s);
}  // namespace detail

}  // namespace ccsim
