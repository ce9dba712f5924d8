// Erlang A (M/M/n+M) from an empty system: the forward equations of the birth-death chain on the
// number in system, integrated over the interval, weighted by each state's chance of abandoning.
// The ground truth of the first interval of a day, which starts empty (docs/erlang.md).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "ccsim/queueing/erlang.hpp"

namespace ccsim {

namespace {

// The chain is cut where its stationary weight is below e^-40 of the largest: an empty start
// never carries more mass that far out than the stationary law does.
constexpr double kLogCut = 40.0;
// Steps of the Runge–Kutta integration per unit of the fastest rate: the generator's
// eigenvalues are within twice that rate, so h·|λ| ≤ 0.5, well inside RK4's stability bound of
// 2.8, where its error per step is of order (h·|λ|)^5 / 120.
constexpr double kStepsPerRate = 4.0;

}  // namespace

double erlang_a_abandon_from_empty(double lambda_per_s, double handle_s, double patience_s,
                                   long agents, double interval_s) {
  if (!(lambda_per_s > 0.0) || !(handle_s > 0.0) || !(patience_s > 0.0) || agents < 1 ||
      !(interval_s > 0.0)) {
    throw std::invalid_argument(
        "erlang_a_abandon_from_empty: expected positive rates, times and agents");
  }
  const double mu = 1.0 / handle_s;
  const double theta = 1.0 / patience_s;
  const auto n = static_cast<double>(agents);
  const auto death = [&](long k) {
    return k <= agents ? static_cast<double>(k) * mu
                       : n * mu + static_cast<double>(k - agents) * theta;
  };
  // The last state worth keeping, from the stationary log weights.
  long last = 0;
  double log_weight = 0.0;
  double log_max = 0.0;
  for (long k = 1;; ++k) {
    log_weight += std::log(lambda_per_s / death(k));
    log_max = std::max(log_max, log_weight);
    if (k > agents && log_weight < log_max - kLogCut) {
      last = k;
      break;
    }
  }
  const auto states = static_cast<std::size_t>(last + 1);
  // P(abandon | an arrival finds k in system): it must advance through k − n + 1 positions, each
  // before its own patience ends (docs/erlang.md, "Erlang A").
  std::vector<double> abandon(states, 0.0);
  double served = 1.0;
  for (long k = agents; k <= last; ++k) {
    const double ahead = static_cast<double>(k - agents);
    served *= (n * mu + ahead * theta) / (n * mu + (ahead + 1.0) * theta);
    abandon[static_cast<std::size_t>(k)] = 1.0 - served;
  }
  // dp_k/dt = λ p_{k−1} + d_{k+1} p_{k+1} − (λ + d_k) p_k, no arrivals out of the last state.
  const auto derivative = [&](const std::vector<double>& p, std::vector<double>& dp) {
    for (std::size_t k = 0; k < states; ++k) {
      const double in_from_below = k > 0 ? lambda_per_s * p[k - 1] : 0.0;
      const double in_from_above =
          k + 1 < states ? death(static_cast<long>(k + 1)) * p[k + 1] : 0.0;
      const double out = (k + 1 < states ? lambda_per_s : 0.0) + death(static_cast<long>(k));
      dp[k] = in_from_below + in_from_above - out * p[k];
    }
  };
  const double fastest = lambda_per_s + death(last);
  const auto steps = static_cast<long>(std::ceil(interval_s * fastest * kStepsPerRate));
  const double h = interval_s / static_cast<double>(steps);
  std::vector<double> p(states, 0.0), k1(states), k2(states), k3(states), k4(states), tmp(states);
  p[0] = 1.0;
  const auto abandoning = [&](const std::vector<double>& q) {
    double sum = 0.0;
    for (std::size_t k = 0; k < states; ++k) sum += q[k] * abandon[k];
    return sum;
  };
  // Simpson's rule on each step for the integral of the arrivals' chance of abandoning.
  double integral = 0.0;
  for (long step = 0; step < steps; ++step) {
    const double start = abandoning(p);
    derivative(p, k1);
    for (std::size_t k = 0; k < states; ++k) tmp[k] = p[k] + 0.5 * h * k1[k];
    derivative(tmp, k2);
    const double middle = abandoning(tmp);
    for (std::size_t k = 0; k < states; ++k) tmp[k] = p[k] + 0.5 * h * k2[k];
    derivative(tmp, k3);
    for (std::size_t k = 0; k < states; ++k) tmp[k] = p[k] + h * k3[k];
    derivative(tmp, k4);
    for (std::size_t k = 0; k < states; ++k) {
      p[k] += h / 6.0 * (k1[k] + 2.0 * k2[k] + 2.0 * k3[k] + k4[k]);
    }
    integral += h / 6.0 * (start + 4.0 * middle + abandoning(p));
  }
  return integral / interval_s;
}

}  // namespace ccsim
