// Erlang A (M/M/n+M): exact summation of the birth-death chain on the number in system, in log
// space, and the service level by uniformization of a waiting customer's own position chain.
// Derivations and references are in docs/erlang.md.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include <boost/math/special_functions/gamma.hpp>

#include "ccsim/queueing/erlang.hpp"

namespace ccsim::detail {
namespace {

// The tail of the chain is cut once what is left is below this share of the waiting states:
// every metric is a ratio of sums of such terms, so they keep full double precision.
constexpr double kTailTolerance = 1e-17;
// Absolute error allowed in the service level by truncating the uniformization series.
constexpr double kServiceLevelTolerance = 1e-14;
// A Poisson(x) count exceeds x + 10 sqrt(x) + 40 with probability below e^-50 (Chernoff): this
// bounds the number of uniformization steps, and so the queue positions that can matter.
constexpr double kPoissonSpread = 10.0;
constexpr double kPoissonMargin = 40.0;
// A queue this long (patience far longer than the handle time, in overload) is refused rather
// than summed for minutes.
constexpr long kMaxChainStates = 100'000'000;

struct Rates {
  double lambda;
  double mu;
  double theta;
  long agents;

  double all_busy() const { return static_cast<double>(agents) * mu; }
  // Departure rate in state k: the busy agents, plus the patience of everyone waiting.
  double death(long k) const {
    return k <= agents ? static_cast<double>(k) * mu
                       : all_busy() + static_cast<double>(k - agents) * theta;
  }
  // log(pi_k / pi_{k-1}). Both passes over the chain call this, so they see identical terms.
  double log_step(long k) const { return std::log(lambda / death(k)); }
  // A waiting customer with `ahead` customers before it moves up when an agent frees (n mu) or
  // one of those ahead abandons (ahead theta)...
  double advance_rate(long ahead) const { return all_busy() + static_cast<double>(ahead) * theta; }
  // ...and leaves its position by that or by its own abandonment: n mu + (ahead + 1) theta.
  double exit_rate(long ahead) const { return advance_rate(ahead + 1); }
};

// log(pi_k / pi_0), advanced one state at a time. Kahan-compensated: the sum reaches about the
// offered load (thousands) while each step is of order one, and plain addition would lose an
// ulp of the sum, ~1e-12, per state. Both passes over the chain use it, so they agree exactly.
class LogWeight {
 public:
  void advance(const Rates& rates, long k) {
    const double term = rates.log_step(k) - carry_;
    const double sum = value_ + term;
    carry_ = (sum - value_) - term;
    value_ = sum;
  }
  double value() const { return value_; }

 private:
  double value_ = 0.0;
  double carry_ = 0.0;
};

double log_add(double x, double y) {
  if (x < y) std::swap(x, y);
  if (std::isinf(y)) return x;
  return x + std::log1p(std::exp(y - x));
}

struct Support {
  long last_state;  // the chain is summed over k = 0..last_state
  double log_max;   // the largest log(pi_k / pi_0)
};

// Beyond n the ratios pi_{k+1} / pi_k = lambda / death(k + 1) decrease, so once the next one,
// q, is below 1 the whole tail after k is at most pi_k q / (1 - q) = pi_k lambda / (death -
// lambda). The tail is cut when that is negligible next to the waiting states already summed (not
// merely next to the largest state): the waiting share may itself be 1e-30 with many agents, and
// its figures (p_wait, abandonment, waits) must keep their relative precision.
Support find_support(const Rates& rates) {
  const double log_tolerance = std::log(kTailTolerance);
  LogWeight log_pi;
  double log_max = 0.0;
  double log_waiting = -std::numeric_limits<double>::infinity();
  for (long k = 1; k <= kMaxChainStates; ++k) {
    log_pi.advance(rates, k);
    log_max = std::max(log_max, log_pi.value());
    if (k < rates.agents) continue;
    log_waiting = log_add(log_waiting, log_pi.value());
    const double next_death = rates.death(k + 1);
    if (next_death <= rates.lambda) continue;
    const double log_tail = log_pi.value() + std::log(rates.lambda / (next_death - rates.lambda));
    if (log_tail < log_waiting + log_tolerance) return {k, log_max};
  }
  throw std::domain_error("erlang: the Erlang A queue needs more than 1e8 states to sum");
}

// Sums over the chain of pi_k (scaled by the largest term) times what an arrival in state k gets.
// An arrival finding j >= 0 waiting (state n + j) is served with probability n mu / r, r =
// exit_rate(j), waits (j + 1) / r on average, and E[wait; served] = (n mu / r) sum_{i<=j}
// 1 / exit_rate(i): every position is held 1 / r on average (telescoping products).
struct ChainSums {
  double total = 0.0;              // served_at_once + waiting
  double served_at_once = 0.0;     // found a free agent
  double waiting = 0.0;            // found every agent busy
  double served_after_wait = 0.0;  // found every agent busy, answered later
  double wait = 0.0;               // wait, answered and abandoned alike
  double served_wait = 0.0;        // wait times 1{answered}
  double busy = 0.0;               // busy agents
  std::vector<double> front;       // waiting arrivals by customers ahead, first positions only
};

ChainSums sum_chain(const Rates& rates, const Support& support, std::size_t front_size) {
  ChainSums sums;
  LogWeight log_pi;
  double harmonic = 0.0;  // sum_{i<=j} 1 / exit_rate(i)
  const auto n = static_cast<double>(rates.agents);
  for (long k = 0; k <= support.last_state; ++k) {
    if (k > 0) log_pi.advance(rates, k);
    const double weight = std::exp(log_pi.value() - support.log_max);
    if (k < rates.agents) {
      sums.served_at_once += weight;
      sums.busy += static_cast<double>(k) * weight;
      continue;
    }
    const long ahead = k - rates.agents;
    const double exit = rates.exit_rate(ahead);
    const double served_share = rates.all_busy() / exit;
    harmonic += 1.0 / exit;
    sums.waiting += weight;
    sums.busy += n * weight;
    sums.served_after_wait += weight * served_share;
    sums.wait += weight * static_cast<double>(ahead + 1) / exit;
    sums.served_wait += weight * served_share * harmonic;
    if (static_cast<std::size_t>(ahead) < front_size) sums.front.push_back(weight);
  }
  // Formed from its two parts so that neither share can round above one.
  sums.total = sums.served_at_once + sums.waiting;
  return sums;
}

// P(waited, and answered within T), `front[j]` being the probability of arriving with j ahead,
// j <= deepest. The chain is uniformized at the exit rate of the deepest position, the largest:
// at each tick of a Poisson clock a position's mass moves up (advance), is lost (the customer's
// own abandonment) or stays. Mass moved past position 0 at tick m is answered by T iff the clock
// ticked at least m times by T. Every term is positive, and a position deeper than the step
// budget can never be answered within it.
double answered_within(const Rates& rates, std::vector<double> front, long deepest,
                       double threshold_s, long max_steps) {
  const double uniform_rate = rates.exit_rate(deepest);
  const double clock_mean = uniform_rate * threshold_s;
  const long last = static_cast<long>(front.size()) - 1;
  std::vector<double> stay(front.size());
  std::vector<double> advance(front.size());
  for (long i = 0; i <= last; ++i) {
    // 1 - exit / uniform_rate, formed without cancellation.
    stay[i] = static_cast<double>(deepest - i) * rates.theta / uniform_rate;
    advance[i] = rates.advance_rate(i) / uniform_rate;
  }
  double answered = 0.0;
  for (long step = 1; step <= max_steps; ++step) {
    const double rang = boost::math::gamma_p(static_cast<double>(step), clock_mean);
    if (rang < kServiceLevelTolerance) break;  // the rest is even less likely
    answered += front[0] * advance[0] * rang;
    double alive = 0.0;
    for (long i = 0; i < last; ++i) {
      front[i] = front[i] * stay[i] + front[i + 1] * advance[i + 1];
      alive += front[i];
    }
    front[last] *= stay[last];
    alive += front[last];
    if (alive < kServiceLevelTolerance) break;  // what is left can add no more than this
  }
  return answered;
}

}  // namespace

ErlangResult erlang_a_chain(double lambda_per_s, double mu_per_s, double theta_per_s, long agents,
                            double threshold_s) {
  const Rates rates{lambda_per_s, mu_per_s, theta_per_s, agents};
  const Support support = find_support(rates);
  const long deepest = support.last_state - agents;  // most customers an arrival finds ahead
  const double clock_mean = rates.exit_rate(deepest) * threshold_s;
  const auto max_steps = static_cast<long>(
      std::ceil(clock_mean + kPoissonSpread * std::sqrt(clock_mean) + kPoissonMargin));
  // Answered late needs the customer's own patience to outlast T: probability e^-theta T. Past
  // the tolerance the answered share is the service level, and no uniformization is needed.
  const bool late_negligible = theta_per_s * threshold_s > -std::log(kServiceLevelTolerance);
  const bool uniformize = threshold_s > 0.0 && !late_negligible;
  const std::size_t front_size =
      uniformize ? static_cast<std::size_t>(std::min(deepest + 1, max_steps)) : 0;

  ChainSums sums = sum_chain(rates, support, front_size);
  const double served = sums.served_at_once + sums.served_after_wait;
  double waited_within = 0.0;  // P(waited, and answered within T)
  if (uniformize) {
    for (double& mass : sums.front) mass /= sums.total;
    waited_within = answered_within(rates, std::move(sums.front), deepest, threshold_s, max_steps);
  } else if (threshold_s > 0.0) {
    waited_within = sums.served_after_wait / sums.total;
  }

  ErlangResult result;
  result.model = ErlangModel::erlang_a;
  result.p_wait = sums.waiting / sums.total;
  result.mean_wait_s = sums.wait / sums.total;
  // Abandonment is theta times the mean wait, term by term (Little's law on the queue). The
  // clamps below only absorb last-bit rounding where a share is within an ulp of one.
  result.abandon_rate = std::min(1.0, theta_per_s * *result.mean_wait_s);
  if (served > 0.0) result.asa_s = sums.served_wait / served;
  result.service_level = std::min(1.0, sums.served_at_once / sums.total + waited_within);
  result.occupancy = std::min(1.0, sums.busy / (static_cast<double>(agents) * sums.total));
  return result;
}

}  // namespace ccsim::detail
