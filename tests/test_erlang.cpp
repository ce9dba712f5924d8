// Exact Erlang B, C and A figures against independent computations: direct long double
// summation of the chains, closed-form hypoexponential waits, and an ODE integration of a
// waiting customer's position, plus published values where they exist.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ccsim/queueing/erlang.hpp"
#include "ccsim/io/report.hpp"

namespace {

using ccsim::ErlangInput;
using ccsim::ErlangModel;
using ccsim::ErlangResult;

constexpr double kSecondsPerHour = 3600.0;
constexpr double kTight = 1e-12;  // relative: the same quantity by two exact routes
constexpr long double kReferenceTail = 1e-30L;

// B(n, a) = (a^n / n!) / sum_{k<=n} a^k / k!, summed directly (fine for small n in long double).
long double direct_erlang_b(long agents, long double load) {
  long double term = 1.0L;
  long double sum = 1.0L;
  for (long k = 1; k <= agents; ++k) {
    term *= load / static_cast<long double>(k);
    sum += term;
  }
  return term / sum;
}

// C(n, a) = (a^n / n!) n / (n - a) / (sum_{k<n} a^k / k! + (a^n / n!) n / (n - a)).
long double direct_erlang_c(long agents, long double load) {
  long double term = 1.0L;
  long double below = 0.0L;
  for (long k = 0; k < agents; ++k) {
    below += term;
    term *= load / static_cast<long double>(k + 1);
  }
  const long double n = static_cast<long double>(agents);
  const long double waiting = term * n / (n - load);
  return waiting / (below + waiting);
}

// The M/M/n+M chain in linear long double, with metrics from queue-length identities rather
// than from the waiting customer's point of view: P(abandon) = theta E[Q] / lambda and
// E[wait] = E[Q] / lambda (Little), occupancy = E[min(K, n)] / n.
struct ReferenceA {
  std::vector<long double> pi;  // normalised, k = 0..size-1
  long agents = 0;
  long double lambda = 0, mu = 0, theta = 0;
  long double p_wait = 0, abandon = 0, mean_wait = 0, occupancy = 0;

  long double waiting(long j) const { return pi[static_cast<std::size_t>(agents + j)]; }
  long deepest() const { return static_cast<long>(pi.size()) - 1 - agents; }
};

ReferenceA reference_a(const ErlangInput& input) {
  ReferenceA ref;
  ref.agents = input.agents;
  ref.lambda = input.lambda_per_s;
  ref.mu = 1.0L / input.handle_s;
  ref.theta = 1.0L / *input.patience_s;
  const auto n = static_cast<long double>(input.agents);
  // Linear weights pi_k / pi_0 (up to e^a: long double holds them for a below ~11,000). The tail
  // is cut relative to the waiting states, which may be a tiny share of the whole.
  std::vector<long double> weights{1.0L};
  long double waiting = 0.0L;
  for (long k = 1;; ++k) {
    const long double death =
        k <= input.agents ? static_cast<long double>(k) * ref.mu
                          : n * ref.mu + static_cast<long double>(k - input.agents) * ref.theta;
    weights.push_back(weights.back() * ref.lambda / death);
    if (!std::isfinite(weights.back())) FAIL("reference weights overflow long double");
    if (k < input.agents) continue;
    waiting += weights.back();
    if (death > ref.lambda && weights.back() < kReferenceTail * waiting) break;
  }
  long double total = 0.0L;
  for (long double w : weights) total += w;
  long double queue = 0.0L;
  long double busy = 0.0L;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    const long double p = weights[k] / total;
    ref.pi.push_back(p);
    const auto kk = static_cast<long double>(k);
    if (kk >= n) {
      ref.p_wait += p;
      queue += (kk - n) * p;
    }
    busy += std::min(kk, n) * p;
  }
  ref.abandon = ref.theta * queue / ref.lambda;
  ref.mean_wait = queue / ref.lambda;
  ref.occupancy = busy / n;
  return ref;
}

// For an arrival with j ahead, the time to reach an agent is hypoexponential with the distinct
// rates r_i = n mu + i theta, i = 0..j: density sum_i c_i r_i e^{-r_i v}, c_i = prod_{k != i}
// r_k / (r_k - r_i). Against its own exp(theta) patience this gives, in closed form,
// P(answered by T) = sum_i c_i r_i (1 - e^{-(r_i + theta) T}) / (r_i + theta) and
// E[wait; answered] = sum_i c_i r_i / (r_i + theta)^2.
struct Hypoexponential {
  long double answered = 0, answered_by_threshold = 0, answered_wait = 0;
};

Hypoexponential hypoexponential(const ReferenceA& ref, long ahead, long double threshold) {
  const long double all_busy = static_cast<long double>(ref.agents) * ref.mu;
  auto rate = [&](long i) { return all_busy + static_cast<long double>(i) * ref.theta; };
  Hypoexponential out;
  for (long i = 0; i <= ahead; ++i) {
    long double coefficient = 1.0L;
    for (long k = 0; k <= ahead; ++k) {
      if (k != i) coefficient *= rate(k) / (rate(k) - rate(i));
    }
    const long double r = rate(i);
    const long double out_rate = r + ref.theta;
    out.answered += coefficient * r / out_rate;
    out.answered_by_threshold += coefficient * r * -std::expm1(-out_rate * threshold) / out_rate;
    out.answered_wait += coefficient * r / (out_rate * out_rate);
  }
  return out;
}

// The waiting arrivals' positions p_i(t) (i ahead, all arrivals at once) obey
//   p_i' = -(n mu + (i + 1) theta) p_i + (n mu + (i + 1) theta) p_{i+1},  answered' = n mu p_0,
// integrated here by classical Runge-Kutta from p_i(0) = pi_{n+i}: a method unrelated to
// uniformization. Returns P(waited, and answered within T).
long double ode_answered_within(const ReferenceA& ref, long double threshold, long steps) {
  const long double all_busy = static_cast<long double>(ref.agents) * ref.mu;
  const auto size = static_cast<std::size_t>(ref.deepest() + 1);
  std::vector<long double> exit(size);
  std::vector<long double> state(size + 1, 0.0L);  // positions, then the answered mass
  for (std::size_t i = 0; i < size; ++i) {
    exit[i] = all_busy + static_cast<long double>(i + 1) * ref.theta;
    state[i] = ref.waiting(static_cast<long>(i));
  }
  auto derivative = [&](const std::vector<long double>& s) {
    std::vector<long double> d(size + 1, 0.0L);
    for (std::size_t i = 0; i < size; ++i) {
      d[i] = -exit[i] * s[i] + (i + 1 < size ? exit[i] * s[i + 1] : 0.0L);
    }
    d[size] = all_busy * s[0];
    return d;
  };
  const long double dt = threshold / static_cast<long double>(steps);
  auto shifted = [&](const std::vector<long double>& s, const std::vector<long double>& d,
                     long double scale) {
    std::vector<long double> out(s);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] += scale * d[i];
    return out;
  };
  for (long step = 0; step < steps; ++step) {
    const auto k1 = derivative(state);
    const auto k2 = derivative(shifted(state, k1, dt / 2));
    const auto k3 = derivative(shifted(state, k2, dt / 2));
    const auto k4 = derivative(shifted(state, k3, dt));
    for (std::size_t i = 0; i < state.size(); ++i) {
      state[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }
  }
  return state[size];
}

long double served_at_once(const ReferenceA& ref) {
  long double sum = 0.0L;
  for (long k = 0; k < ref.agents; ++k) sum += ref.pi[static_cast<std::size_t>(k)];
  return sum;
}

ErlangInput make_input(double per_hour, double handle_s, long agents,
                       std::optional<double> patience_s, double threshold_s = 20.0) {
  ErlangInput input;
  input.lambda_per_s = per_hour / kSecondsPerHour;
  input.handle_s = handle_s;
  input.agents = agents;
  input.patience_s = patience_s;
  input.threshold_s = threshold_s;
  return input;
}

// Three agents, two Erlangs, patience 30 s: the queue dies out within a few places, so the
// closed-form hypoexponential sums stay well conditioned.
ErlangInput small_queue() {
  return make_input(60.0, 120.0, 3, 30.0, 20.0);
}
// Fifty agents, 10% overloaded, patience 2 min.
ErlangInput overloaded() {
  return make_input(660.0, 300.0, 50, 120.0, 20.0);
}

void require_probability(const std::optional<double>& value) {
  REQUIRE(value.has_value());
  REQUIRE(std::isfinite(*value));
  REQUIRE(*value >= 0.0);
  REQUIRE(*value <= 1.0);
}

}  // namespace

TEST_CASE("Erlang B matches the published table value for 10 agents offered 5 Erlangs",
          "[erlang]") {
  // Erlang B tables (e.g. ITU-D Teletraffic Engineering Handbook, Table of the Erlang B
  // formula): E_10(5) = 0.018385.
  CHECK(ccsim::erlang_b(10, 5.0) == Approx(0.018385).margin(5e-7));
  // The same to full precision by exact rational arithmetic: 0.018384570336648132.
  CHECK(ccsim::erlang_b(10, 5.0) == Approx(0.018384570336648132).epsilon(kTight));
  // One server: a / (1 + a) exactly.
  CHECK(ccsim::erlang_b(1, 3.0) == Approx(0.75).epsilon(kTight));
  CHECK(ccsim::erlang_b(0, 3.0) == 1.0);
}

TEST_CASE("Erlang B agrees with direct summation of the truncated Poisson law", "[erlang]") {
  for (long agents = 1; agents <= 40; ++agents) {
    for (double load : {0.5, 5.0, 20.0, 35.0}) {
      INFO("agents " << agents << ", load " << load);
      CHECK(ccsim::erlang_b(agents, load) ==
            Approx(static_cast<double>(direct_erlang_b(agents, load))).epsilon(kTight));
    }
  }
}

TEST_CASE("Erlang C is exactly 4/9 for three agents offered two Erlangs", "[erlang]") {
  // B(3, 2) = (4/3) / (19/3) = 4/19, C = 3 (4/19) / (3 - 2 (15/19)) = 4/9, by hand.
  CHECK(ccsim::erlang_c(3, 2.0) == Approx(4.0 / 9.0).epsilon(kTight));
  // M/M/1: the probability of waiting is the utilisation.
  CHECK(ccsim::erlang_c(1, 0.7) == Approx(0.7).epsilon(kTight));
}

TEST_CASE("Erlang C agrees with direct summation for small agent counts", "[erlang]") {
  for (long agents = 1; agents <= 40; ++agents) {
    for (double share : {0.1, 0.5, 0.9, 0.99}) {
      const double load = share * static_cast<double>(agents);
      INFO("agents " << agents << ", load " << load);
      CHECK(ccsim::erlang_c(agents, load) ==
            Approx(static_cast<double>(direct_erlang_c(agents, load))).epsilon(kTight));
    }
  }
}

TEST_CASE("Erlang C is one once the offered load reaches the agent count", "[erlang]") {
  CHECK(ccsim::erlang_c(10, 10.0) == 1.0);
  CHECK(ccsim::erlang_c(10, 12.5) == 1.0);
  CHECK(ccsim::erlang_c(0, 0.0) == 1.0);
}

TEST_CASE("Erlang C metrics follow the M/M/n closed forms", "[erlang]") {
  // The classic worked example: 360 calls per half hour, 4 min calls, 55 agents, 15 s target
  // (48 Erlangs). C = 0.2387009363780092 by exact rational arithmetic.
  const ErlangInput input = make_input(720.0, 240.0, 55, std::nullopt, 15.0);
  const ErlangResult result = ccsim::erlang(input);
  const double waiting = static_cast<double>(direct_erlang_c(55, 48.0L));
  const double drain = (55.0 - 48.0) / 240.0;
  CHECK(result.model == ErlangModel::erlang_c);
  CHECK(result.stable);
  CHECK(*result.p_wait == Approx(0.2387009363780092).epsilon(kTight));
  CHECK(*result.p_wait == Approx(waiting).epsilon(kTight));
  CHECK(*result.abandon_rate == 0.0);
  CHECK(*result.mean_wait_s == Approx(waiting / drain).epsilon(kTight));
  CHECK(*result.asa_s == Approx(waiting / drain).epsilon(kTight));
  CHECK(*result.service_level == Approx(1.0 - waiting * std::exp(-drain * 15.0)).epsilon(kTight));
  CHECK(*result.service_level == Approx(0.8458830921705803).epsilon(1e-10));
  CHECK(*result.occupancy == Approx(48.0 / 55.0).epsilon(kTight));
}

TEST_CASE("Erlang C reports an unstable queue when lambda reaches n mu", "[erlang]") {
  const ErlangResult result = ccsim::erlang(make_input(130.0, 300.0, 10, std::nullopt));
  CHECK_FALSE(result.stable);
  CHECK(*result.p_wait == 1.0);
  CHECK(*result.occupancy == 1.0);
  CHECK(*result.abandon_rate == 0.0);
  CHECK_FALSE(result.mean_wait_s);
  CHECK_FALSE(result.asa_s);
  CHECK_FALSE(result.service_level);
}

TEST_CASE("Erlang B counts blocked customers as abandoning at once", "[erlang]") {
  const ErlangInput input = make_input(60.0, 300.0, 10, 0.0);  // 5 Erlangs
  const ErlangResult result = ccsim::erlang(input);
  const double blocking = ccsim::erlang_b(10, 5.0);
  CHECK(result.model == ErlangModel::erlang_b);
  CHECK(result.stable);
  CHECK(*result.p_wait == blocking);
  CHECK(*result.abandon_rate == blocking);
  CHECK(*result.mean_wait_s == 0.0);
  CHECK(*result.asa_s == 0.0);
  CHECK(*result.service_level == Approx(1.0 - blocking).epsilon(kTight));
  CHECK(*result.occupancy == Approx(5.0 * (1.0 - blocking) / 10.0).epsilon(kTight));
}

TEST_CASE("Erlang A matches a direct long double summation of its birth-death chain", "[erlang]") {
  const auto input = GENERATE(small_queue(), overloaded(), make_input(400.0, 180.0, 20, 600.0),
                              make_input(2000.0, 240.0, 30, 45.0));
  const ReferenceA ref = reference_a(input);
  const ErlangResult result = ccsim::erlang(input);
  INFO("agents " << input.agents << ", per hour " << input.lambda_per_s * kSecondsPerHour);
  CHECK(result.model == ErlangModel::erlang_a);
  CHECK(result.stable);
  CHECK(*result.p_wait == Approx(static_cast<double>(ref.p_wait)).epsilon(kTight));
  CHECK(*result.abandon_rate == Approx(static_cast<double>(ref.abandon)).epsilon(kTight));
  CHECK(*result.mean_wait_s == Approx(static_cast<double>(ref.mean_wait)).epsilon(kTight));
  CHECK(*result.occupancy == Approx(static_cast<double>(ref.occupancy)).epsilon(kTight));
}

TEST_CASE("Erlang A mean wait is the abandon rate times the mean patience", "[erlang]") {
  for (const ErlangInput& input :
       {small_queue(), overloaded(), make_input(3000.0, 200.0, 150, 90.0)}) {
    const ErlangResult result = ccsim::erlang(input);
    CHECK(*result.mean_wait_s == Approx(*result.abandon_rate * *input.patience_s).epsilon(1e-14));
  }
}

TEST_CASE("Erlang A occupancy is the carried load over the agents", "[erlang]") {
  // Little's law on the agents: busy = lambda (1 - P(abandon)) h.
  for (const ErlangInput& input :
       {small_queue(), overloaded(), make_input(3000.0, 200.0, 150, 90.0)}) {
    const ErlangResult result = ccsim::erlang(input);
    const double carried = input.lambda_per_s * input.handle_s * (1.0 - *result.abandon_rate);
    CHECK(*result.occupancy == Approx(carried / static_cast<double>(input.agents)).epsilon(kTight));
  }
}

TEST_CASE("Erlang A ASA and service level match the closed-form hypoexponential waits",
          "[erlang]") {
  const ErlangInput input = small_queue();
  const ReferenceA ref = reference_a(input);
  long double answered = served_at_once(ref);
  long double within = served_at_once(ref);
  long double answered_wait = 0.0L;
  for (long j = 0; j <= ref.deepest(); ++j) {
    const Hypoexponential h = hypoexponential(ref, j, input.threshold_s);
    const long double all_busy = static_cast<long double>(ref.agents) * ref.mu;
    // The telescoping product P(served | j) = n mu / (n mu + (j + 1) theta), checked here.
    REQUIRE(static_cast<double>(h.answered) ==
            Approx(static_cast<double>(all_busy / (all_busy + (j + 1) * ref.theta))).epsilon(1e-9));
    answered += ref.waiting(j) * h.answered;
    within += ref.waiting(j) * h.answered_by_threshold;
    answered_wait += ref.waiting(j) * h.answered_wait;
  }
  const ErlangResult result = ccsim::erlang(input);
  CHECK(*result.asa_s == Approx(static_cast<double>(answered_wait / answered)).epsilon(1e-11));
  CHECK(*result.service_level == Approx(static_cast<double>(within)).epsilon(1e-11));
  CHECK(1.0 - *result.abandon_rate == Approx(static_cast<double>(answered)).epsilon(1e-11));
}

TEST_CASE("Erlang A service level matches an ODE integration of the waiting positions",
          "[erlang]") {
  // Patience 0.5 s with T = 20 s takes the path where answering after T is negligible.
  const auto input =
      GENERATE(overloaded(), make_input(400.0, 180.0, 20, 600.0, 60.0),
               make_input(2000.0, 240.0, 30, 45.0, 10.0), make_input(500.0, 300.0, 40, 0.5, 20.0));
  const ReferenceA ref = reference_a(input);
  constexpr long kSteps = 40000;
  const long double expected =
      served_at_once(ref) + ode_answered_within(ref, input.threshold_s, kSteps);
  INFO("agents " << input.agents << ", patience " << *input.patience_s);
  CHECK(*ccsim::erlang(input).service_level ==
        Approx(static_cast<double>(expected)).epsilon(1e-10));
}

TEST_CASE(
    "Erlang A service level rises with the threshold from the immediate share to the "
    "answered share",
    "[erlang]") {
  const ErlangInput base = overloaded();
  const ReferenceA ref = reference_a(base);
  double previous = -1.0;
  for (double threshold : {0.0, 1.0, 10.0, 60.0, 600.0, 36000.0}) {
    ErlangInput input = base;
    input.threshold_s = threshold;
    const ErlangResult result = ccsim::erlang(input);
    CHECK(*result.service_level > previous);
    previous = *result.service_level;
    if (threshold == 0.0) {
      CHECK(*result.service_level ==
            Approx(static_cast<double>(served_at_once(ref))).epsilon(kTight));
    }
  }
  CHECK(previous == Approx(1.0 - *ccsim::erlang(base).abandon_rate).epsilon(1e-12));
}

TEST_CASE("Erlang A approaches Erlang C as patience grows without bound", "[erlang]") {
  const ErlangInput c_input = make_input(600.0, 180.0, 35, std::nullopt, 20.0);  // rho 6/7
  ErlangInput a_input = c_input;
  a_input.patience_s = 1e10;
  const ErlangResult c = ccsim::erlang(c_input);
  const ErlangResult a = ccsim::erlang(a_input);
  constexpr double kClose = 1e-6;
  CHECK(*a.p_wait == Approx(*c.p_wait).epsilon(kClose));
  CHECK(*a.abandon_rate == Approx(0.0).margin(kClose));
  CHECK(*a.mean_wait_s == Approx(*c.mean_wait_s).epsilon(kClose));
  CHECK(*a.asa_s == Approx(*c.asa_s).epsilon(kClose));
  CHECK(*a.service_level == Approx(*c.service_level).epsilon(kClose));
  CHECK(*a.occupancy == Approx(*c.occupancy).epsilon(kClose));
}

TEST_CASE("Erlang A approaches Erlang B as patience shrinks to zero", "[erlang]") {
  const ErlangInput b_input = make_input(1200.0, 180.0, 60, 0.0, 20.0);
  ErlangInput a_input = b_input;
  a_input.patience_s = 1e-9;
  const ErlangResult b = ccsim::erlang(b_input);
  const ErlangResult a = ccsim::erlang(a_input);
  constexpr double kClose = 1e-6;
  CHECK(*a.p_wait == Approx(*b.p_wait).epsilon(kClose));
  CHECK(*a.abandon_rate == Approx(*b.abandon_rate).epsilon(kClose));
  CHECK(*a.mean_wait_s == Approx(0.0).margin(kClose));
  CHECK(*a.asa_s == Approx(0.0).margin(kClose));
  CHECK(*a.service_level == Approx(*b.service_level).epsilon(kClose));
  CHECK(*a.occupancy == Approx(*b.occupancy).epsilon(kClose));
}

TEST_CASE("Ten thousand agents match long double direct summation", "[erlang]") {
  constexpr long kAgents = 10000;
  constexpr double kHandle = 300.0;
  const double rho = GENERATE(0.9, 0.98, 1.05);
  const double per_hour = rho * kAgents * kSecondsPerHour / kHandle;
  const double load = rho * kAgents;
  INFO("rho " << rho);
  CHECK(ccsim::erlang_b(kAgents, load) ==
        Approx(static_cast<double>(direct_erlang_b(kAgents, load))).epsilon(1e-11));
  if (rho < 1.0) {
    CHECK(ccsim::erlang_c(kAgents, load) ==
          Approx(static_cast<double>(direct_erlang_c(kAgents, load))).epsilon(1e-11));
  }
  const ErlangInput input = make_input(per_hour, kHandle, kAgents, 60.0);
  const ReferenceA ref = reference_a(input);
  const ErlangResult result = ccsim::erlang(input);
  // At rho 0.9 the waiting share is about 1e-22: still to be had to full relative precision.
  CHECK(*result.p_wait == Approx(static_cast<double>(ref.p_wait)).epsilon(1e-11));
  CHECK(*result.abandon_rate == Approx(static_cast<double>(ref.abandon)).epsilon(1e-11));
  CHECK(*result.mean_wait_s == Approx(static_cast<double>(ref.mean_wait)).epsilon(1e-11));
  CHECK(*result.occupancy == Approx(static_cast<double>(ref.occupancy)).epsilon(1e-12));
}

TEST_CASE("Ten thousand agents at 98% load give finite figures in range", "[erlang]") {
  const double per_hour = 0.98 * 10000.0 * kSecondsPerHour / 300.0;
  for (const std::optional<double> patience :
       {std::optional<double>(), std::optional<double>(0.0), std::optional<double>(60.0)}) {
    const ErlangResult result = ccsim::erlang(make_input(per_hour, 300.0, 10000, patience));
    CHECK(result.stable);
    require_probability(result.p_wait);
    require_probability(result.abandon_rate);
    require_probability(result.service_level);
    require_probability(result.occupancy);
    REQUIRE(std::isfinite(*result.mean_wait_s));
    REQUIRE(std::isfinite(*result.asa_s));
    CHECK(*result.mean_wait_s >= 0.0);
    CHECK(*result.asa_s >= 0.0);
  }
}

TEST_CASE("With no agents Erlang A customers all abandon after their patience", "[erlang]") {
  const ErlangResult a = ccsim::erlang(make_input(100.0, 300.0, 0, 45.0));
  CHECK(a.stable);
  CHECK(*a.p_wait == 1.0);
  CHECK(*a.abandon_rate == 1.0);
  CHECK(*a.mean_wait_s == 45.0);
  CHECK_FALSE(a.asa_s);
  CHECK(*a.service_level == 0.0);
  CHECK_FALSE(a.occupancy);

  const ErlangResult b = ccsim::erlang(make_input(100.0, 300.0, 0, 0.0));
  CHECK(*b.abandon_rate == 1.0);
  CHECK(*b.service_level == 0.0);
  CHECK_FALSE(b.asa_s);
  CHECK_FALSE(b.occupancy);

  const ErlangResult c = ccsim::erlang(make_input(100.0, 300.0, 0, std::nullopt));
  CHECK_FALSE(c.stable);
  CHECK_FALSE(c.occupancy);
  CHECK(ccsim::erlang(make_input(0.0, 300.0, 0, std::nullopt)).stable);
}

TEST_CASE("With no arrivals nobody waits or abandons", "[erlang]") {
  for (const std::optional<double> patience :
       {std::optional<double>(), std::optional<double>(0.0), std::optional<double>(60.0)}) {
    const ErlangResult result = ccsim::erlang(make_input(0.0, 300.0, 5, patience));
    CHECK(result.stable);
    CHECK(*result.p_wait == 0.0);
    CHECK(*result.abandon_rate == 0.0);
    CHECK(*result.mean_wait_s == 0.0);
    CHECK(*result.asa_s == 0.0);
    CHECK(*result.service_level == 1.0);
    CHECK(*result.occupancy == 0.0);
  }
}

TEST_CASE("Erlang inputs out of range are rejected", "[erlang]") {
  CHECK_THROWS_AS(ccsim::erlang(make_input(-1.0, 300.0, 5, std::nullopt)), std::invalid_argument);
  CHECK_THROWS_AS(ccsim::erlang(make_input(100.0, 0.0, 5, std::nullopt)), std::invalid_argument);
  CHECK_THROWS_AS(ccsim::erlang(make_input(100.0, 300.0, -1, std::nullopt)), std::invalid_argument);
  CHECK_THROWS_AS(ccsim::erlang(make_input(100.0, 300.0, 5, -2.0)), std::invalid_argument);
  CHECK_THROWS_AS(ccsim::erlang(make_input(100.0, 300.0, 5, std::nullopt, -1.0)),
                  std::invalid_argument);
  CHECK_THROWS_AS(
      ccsim::erlang(make_input(std::numeric_limits<double>::quiet_NaN(), 300.0, 5, std::nullopt)),
      std::invalid_argument);
  CHECK_THROWS_AS(ccsim::erlang_b(-1, 1.0), std::invalid_argument);
}

TEST_CASE("Erlang models have stable names", "[erlang]") {
  CHECK(ccsim::to_string(ErlangModel::erlang_b) == "erlang_b");
  CHECK(ccsim::to_string(ErlangModel::erlang_c) == "erlang_c");
  CHECK(ccsim::to_string(ErlangModel::erlang_a) == "erlang_a");
}

TEST_CASE("Erlang JSON holds the model, stability and every metric, null when undefined",
          "[erlang]") {
  const ErlangInput input = make_input(130.0, 300.0, 10, std::nullopt);
  const nlohmann::json json = ccsim::to_json(input, ccsim::erlang(input));
  CHECK(json.at("model") == "erlang_c");
  CHECK(json.at("stable") == false);
  const auto& metrics = json.at("metrics");
  CHECK(metrics.size() == 6);
  CHECK(metrics.at("p_wait") == 1.0);
  CHECK(metrics.at("abandon_rate") == 0.0);
  CHECK(metrics.at("mean_wait_s").is_null());
  CHECK(metrics.at("asa_s").is_null());
  CHECK(metrics.at("service_level").is_null());
  CHECK(metrics.at("occupancy") == 1.0);
  CHECK(json.at("inputs").at("lambda_per_hour") == Approx(130.0));
  CHECK(json.at("inputs").at("patience_s").is_null());
  CHECK(json.at("inputs").at("agents") == 10);
}

TEST_CASE("Erlang table names the model and shows n/a for undefined metrics", "[erlang]") {
  const ErlangInput input = make_input(130.0, 300.0, 10, std::nullopt);
  std::ostringstream out;
  ccsim::write_table(out, input, ccsim::erlang(input));
  const std::string text = out.str();
  CHECK(text.find("Erlang C (M/M/n)") != std::string::npos);
  CHECK(text.find("unstable: lambda >= n mu") != std::string::npos);
  CHECK(text.find("n/a") != std::string::npos);
  CHECK(text.find("offered load") != std::string::npos);

  std::ostringstream a_out;
  const ErlangInput a_input = overloaded();
  ccsim::write_table(a_out, a_input, ccsim::erlang(a_input));
  CHECK(a_out.str().find("Erlang A (M/M/n+M), exact steady state") != std::string::npos);
  CHECK(a_out.str().find("n/a") == std::string::npos);
}
