// Exact steady-state Erlang B, C and A figures. The derivations are in docs/erlang.md; nothing
// here forms a factorial or a power, so thousands of agents are as safe as three.
#include "ccsim/queueing/erlang.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ccsim {
namespace {

void require(bool condition, const std::string& message) {
  if (!condition) throw std::invalid_argument("erlang: " + message);
}

void validate(const ErlangInput& input) {
  require(std::isfinite(input.lambda_per_s) && input.lambda_per_s >= 0.0,
          "lambda_per_s must be finite and >= 0");
  require(std::isfinite(input.handle_s) && input.handle_s > 0.0, "handle_s must be finite and > 0");
  require(input.agents >= 0, "agents must be >= 0");
  // An infinite patience is accepted: it is Erlang C, like an absent one.
  require(!input.patience_s || *input.patience_s >= 0.0, "patience_s must be >= 0");
  // The abandonment rate 1 / patience must be a number (a subnormal patience would overflow it).
  require(!input.patience_s || *input.patience_s == 0.0 || std::isfinite(1.0 / *input.patience_s),
          "patience_s is too small to invert");
  require(std::isfinite(input.threshold_s) && input.threshold_s >= 0.0,
          "threshold_s must be finite and >= 0");
}

ErlangModel model_of(const ErlangInput& input) {
  if (!input.patience_s || std::isinf(*input.patience_s)) return ErlangModel::erlang_c;
  return *input.patience_s == 0.0 ? ErlangModel::erlang_b : ErlangModel::erlang_a;
}

// M/M/n/n: a customer who finds every agent busy is lost at once (zero patience), everyone else
// is answered without waiting.
ErlangResult erlang_b_result(const ErlangInput& input) {
  const double load = input.lambda_per_s * input.handle_s;
  const double blocking = erlang_b(input.agents, load);
  ErlangResult result;
  result.model = ErlangModel::erlang_b;
  result.p_wait = blocking;
  result.abandon_rate = blocking;
  result.mean_wait_s = 0.0;
  result.service_level = 1.0 - blocking;
  // With no agent nobody is ever answered, so the mean wait of the answered has no data.
  if (input.agents > 0) {
    result.asa_s = 0.0;
    result.occupancy = load * (1.0 - blocking) / static_cast<double>(input.agents);
  }
  return result;
}

// M/M/n with infinite patience: waits are exponential with rate n mu - lambda, given waiting.
ErlangResult erlang_c_result(const ErlangInput& input) {
  const double load = input.lambda_per_s * input.handle_s;
  const auto agents = static_cast<double>(input.agents);
  ErlangResult result;
  result.model = ErlangModel::erlang_c;
  result.abandon_rate = 0.0;
  if (input.agents == 0 && input.lambda_per_s == 0.0) {
    // Nothing ever arrives, so the (empty) queue is stable; a test arrival would wait for ever.
    result.p_wait = 1.0;
    result.service_level = 0.0;
    return result;
  }
  if (load >= agents) {
    result.stable = false;
    result.p_wait = 1.0;
    if (input.agents > 0) result.occupancy = 1.0;
    return result;
  }
  const double waiting = erlang_c(input.agents, load);
  const double drain_rate = (agents - load) / input.handle_s;  // n mu - lambda, per second
  result.p_wait = waiting;
  result.mean_wait_s = waiting / drain_rate;
  result.asa_s = result.mean_wait_s;
  result.service_level = 1.0 - waiting * std::exp(-drain_rate * input.threshold_s);
  result.occupancy = load / agents;
  return result;
}

// M/M/n+M special cases the chain does not need: nobody to serve, or nobody arriving.
std::optional<ErlangResult> erlang_a_trivial(const ErlangInput& input) {
  ErlangResult result;
  result.model = ErlangModel::erlang_a;
  if (input.agents == 0) {
    // Everyone waits out their whole patience and leaves.
    result.p_wait = 1.0;
    result.abandon_rate = 1.0;
    result.mean_wait_s = *input.patience_s;
    result.service_level = 0.0;
    return result;
  }
  if (input.lambda_per_s == 0.0) {
    // A test arrival finds every agent free: the limit of a vanishing arrival rate.
    result.p_wait = 0.0;
    result.abandon_rate = 0.0;
    result.mean_wait_s = 0.0;
    result.asa_s = 0.0;
    result.service_level = 1.0;
    result.occupancy = 0.0;
    return result;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ErlangModel model) {
  switch (model) {
    case ErlangModel::erlang_b:
      return "erlang_b";
    case ErlangModel::erlang_c:
      return "erlang_c";
    case ErlangModel::erlang_a:
      return "erlang_a";
  }
  return "unknown";
}

double erlang_b(long agents, double offered_load) {
  require(agents >= 0, "agents must be >= 0");
  require(std::isfinite(offered_load) && offered_load >= 0.0,
          "offered load must be finite and >= 0");
  // B(0) = 1; each step adds one agent. Every quantity stays in [0, 1]: no overflow, and the
  // division by k + a B (>= k) loses no accuracy.
  double blocking = 1.0;
  for (long k = 1; k <= agents; ++k) {
    const double carried = offered_load * blocking;
    blocking = carried / (static_cast<double>(k) + carried);
  }
  return blocking;
}

double erlang_c(long agents, double offered_load) {
  const double blocking = erlang_b(agents, offered_load);  // validates the arguments
  const auto n = static_cast<double>(agents);
  if (offered_load >= n) return 1.0;
  // C = n B / (n - a (1 - B)); the denominator is >= n - a > 0.
  return n * blocking / (n - offered_load * (1.0 - blocking));
}

ErlangResult erlang(const ErlangInput& input) {
  validate(input);
  if (input.agents > kMaxExactAgents) {
    throw std::domain_error("erlang: expected at most " + std::to_string(kMaxExactAgents) +
                            " agents for the exact formulas, got " + std::to_string(input.agents));
  }
  switch (model_of(input)) {
    case ErlangModel::erlang_b:
      return erlang_b_result(input);
    case ErlangModel::erlang_c:
      return erlang_c_result(input);
    case ErlangModel::erlang_a:
      break;
  }
  if (auto trivial = erlang_a_trivial(input)) return *trivial;
  return detail::erlang_a_chain(input.lambda_per_s, 1.0 / input.handle_s, 1.0 / *input.patience_s,
                                input.agents, input.threshold_s);
}

}  // namespace ccsim
