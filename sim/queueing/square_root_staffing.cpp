// The square-root staffing rule n = R + beta sqrt(R), with beta from the many-server (QED)
// approximations of each target's metric. The formulas and their sources are in
// docs/staffing.md; they are approximations, printed beside the exact answer for comparison.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <optional>

#include "ccsim/queueing/erlang_staffing.hpp"

namespace ccsim {

namespace {

// beta is searched in [lowest, kBetaMax]: beyond 20 standard deviations every approximation
// puts P(wait) below 1e-80.
constexpr double kBetaMax = 20.0;
// Erlang C needs beta > 0 (n > R); this is the smallest beta tried.
constexpr double kBetaMinPositive = 1e-9;
constexpr int kBisectionSteps = 200;
constexpr double kBetaTolerance = 1e-12;
// Past this argument the normal tail is taken from its asymptotic (Mills ratio) series, as
// erfc underflows near 38.
constexpr double kAsymptoticTail = 30.0;
// R + beta sqrt(R) is rounded up after this allowance, so that rounding in beta (found to
// kBetaTolerance) does not add an agent when the exact value is an integer.
constexpr double kRoundingSlack = 1e-9;

// log P(Z > x), Z standard normal.
double log_upper_tail(double x) {
  if (x < kAsymptoticTail) return std::log(0.5 * std::erfc(x / std::numbers::sqrt2));
  const double x2 = x * x;
  // Mills ratio (1 − Phi) / phi = 1/x − 1/x^3 + 3/x^5 − 15/x^7 + …
  const double mills = (1.0 - (1.0 - (3.0 - 15.0 / x2) / x2) / x2) / x;
  return -0.5 * x2 - 0.5 * std::log(2.0 * std::numbers::pi) + std::log(mills);
}

// The standard normal hazard rate phi(x) / (1 − Phi(x)).
double hazard(double x) {
  return std::exp(-0.5 * x * x - 0.5 * std::log(2.0 * std::numbers::pi) - log_upper_tail(x));
}

struct QueueShape {
  ErlangModel model;
  double load;         // R
  double handle_s;     // 1 / mu
  double patience_s;   // 1 / theta (Erlang A)
  double threshold_s;  // T
};

// The approximate value of `metric` at n = R + beta sqrt(R).
double approximate(const QueueShape& q, const std::string& metric, double beta) {
  const double root_load = std::sqrt(q.load);
  const double agents = q.load + beta * root_load;
  const double t = q.threshold_s;
  double p_wait = 0.0;
  double abandon = 0.0;
  double mean_wait_s = 0.0;
  double service_level = 1.0;
  switch (q.model) {
    case ErlangModel::erlang_c: {
      // Halfin–Whitt: P(wait) -> [1 + beta Phi(beta) / phi(beta)]^-1; a waiting customer's wait
      // is exponential with rate n mu − lambda = beta sqrt(R) mu.
      p_wait = 1.0 / (1.0 + beta / hazard(-beta));
      const double drain_per_s = beta * root_load / q.handle_s;
      mean_wait_s = p_wait / drain_per_s;
      service_level = 1.0 - p_wait * std::exp(-drain_per_s * t);
      break;
    }
    case ErlangModel::erlang_a: {
      // Garnett–Mandelbaum–Reiman, r = theta / mu, beta_hat = beta / sqrt(r):
      // P(wait) -> [1 + sqrt(r) h(beta_hat) / h(−beta)]^-1, P(ab | wait) ~ sqrt(r)
      // (h(beta_hat) − beta_hat) / sqrt(n), and P(wait > t | wait) ~
      // Phibar(beta_hat + t sqrt(n theta mu)) / Phibar(beta_hat) (Mandelbaum–Zeltyn).
      const double root_r = std::sqrt(q.handle_s / q.patience_s);
      const double beta_hat = beta / root_r;
      const double root_n = std::sqrt(std::max(agents, 0.0));
      p_wait = 1.0 / (1.0 + root_r * hazard(beta_hat) / hazard(-beta));
      const double abandon_if_wait =
          root_n > 0.0 ? std::min(1.0, root_r * (hazard(beta_hat) - beta_hat) / root_n) : 1.0;
      abandon = p_wait * abandon_if_wait;
      mean_wait_s = abandon * q.patience_s;  // exact in Erlang A: E[W] = P(ab) / theta
      const double late =
          std::exp(log_upper_tail(beta_hat + t * root_n / std::sqrt(q.patience_s * q.handle_s)) -
                   log_upper_tail(beta_hat));
      service_level = 1.0 - p_wait * (late + (1.0 - late) * abandon_if_wait);
      break;
    }
    case ErlangModel::erlang_b:
      // Jagerman: B(n, R) ~ phi(beta) / (sqrt(R) Phi(beta)) = h(−beta) / sqrt(R).
      p_wait = std::min(1.0, hazard(-beta) / root_load);
      abandon = p_wait;
      service_level = 1.0 - p_wait;
      break;
  }
  if (metric == "p_wait") return p_wait;
  if (metric == "abandon_rate") return abandon;
  if (metric == "service_level") return service_level;
  return mean_wait_s;  // mean_wait_s and asa_s: equal to leading order
}

// The smallest beta in [lowest, kBetaMax] at which `meets` holds, by bisection.
std::optional<double> smallest_beta(double lowest, const std::function<bool(double)>& meets) {
  if (!meets(kBetaMax)) return std::nullopt;
  if (meets(lowest)) return lowest;
  double low = lowest;
  double high = kBetaMax;
  for (int i = 0; i < kBisectionSteps && high - low > kBetaTolerance; ++i) {
    const double middle = 0.5 * (low + high);
    (meets(middle) ? high : low) = middle;
  }
  return high;
}

}  // namespace

SquareRootRule square_root_staffing(const ErlangQueue& queue, std::span<const Target> targets) {
  QueueShape shape{erlang_model_of(queue), queue.lambda_per_s * queue.handle_s, queue.handle_s, 0.0,
                   queue.threshold_s};
  if (shape.model == ErlangModel::erlang_a) shape.patience_s = *queue.patience_s;
  SquareRootRule rule;
  rule.offered_load = shape.load;
  rule.approximation = shape.model == ErlangModel::erlang_c   ? "halfin_whitt"
                       : shape.model == ErlangModel::erlang_a ? "garnett"
                                                              : "jagerman";
  if (!(shape.load > 0.0)) {
    // No load: the rule says n = 0 whatever beta is.
    rule.beta_by_target.assign(targets.size(), std::nullopt);
    rule.agents = shape.model == ErlangModel::erlang_c ? 1 : 0;
    return rule;
  }
  // n = R + beta sqrt(R) >= 0; Erlang C also needs n > R.
  const double lowest =
      shape.model == ErlangModel::erlang_c ? kBetaMinPositive : -std::sqrt(shape.load);
  bool all = true;
  double beta = lowest;
  for (const Target& target : targets) {
    const auto found = smallest_beta(lowest, [&](double b) {
      const double value = approximate(shape, target.metric, b);
      return std::isfinite(value) && target.met_by(value);
    });
    rule.beta_by_target.push_back(found);
    if (found) {
      beta = std::max(beta, *found);
    } else {
      all = false;
    }
  }
  if (!all || targets.empty()) return rule;
  rule.beta = beta;
  long agents =
      static_cast<long>(std::ceil(shape.load + beta * std::sqrt(shape.load) - kRoundingSlack));
  agents = std::max(agents, 0L);
  if (shape.model == ErlangModel::erlang_c) {
    agents = std::max(agents, static_cast<long>(std::floor(shape.load)) + 1);
  }
  rule.agents = agents;
  return rule;
}

}  // namespace ccsim
