// Inverse Erlang (`erlang --target`): the fewest agents against published cases and independent
// closed forms, the search's reliance on monotonicity, unreachable targets, the square-root rule,
// and the target parser's messages.
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "ccsim/queueing/erlang_staffing.hpp"
#include "ccsim/staffing/staffing_target.hpp"

namespace {

using ccsim::ErlangQueue;
using ccsim::Target;
using ccsim::TargetOp;

constexpr double kSecondsPerHour = 3600.0;

ErlangQueue queue(double per_hour, double handle_s, std::optional<double> patience_s,
                  double threshold_s = 20.0) {
  ErlangQueue q;
  q.lambda_per_s = per_hour / kSecondsPerHour;
  q.handle_s = handle_s;
  q.patience_s = patience_s;
  q.threshold_s = threshold_s;
  return q;
}

Target target(const std::string& text) {
  std::string problem;
  const auto t = ccsim::parse_target(text, ccsim::erlang_target_metrics(), problem);
  REQUIRE(t);
  return *t;
}

// Erlang C by direct summation in long double, independent of the library's recurrence.
long double direct_erlang_c(long n, long double a) {
  long double term = 1.0L;
  long double below = 0.0L;
  for (long k = 0; k < n; ++k) {
    below += term;
    term *= a / static_cast<long double>(k + 1);
  }
  const long double top = term * static_cast<long double>(n) / (static_cast<long double>(n) - a);
  return top / (below + top);
}

// M/M/n service level 1 − C e^{−(n mu − lambda) T}, by hand.
double closed_form_service_level(long n, double load, double handle_s, double threshold_s) {
  const long double c = direct_erlang_c(n, load);
  return static_cast<double>(
      1.0L - c * std::exp(-(static_cast<long double>(n) - load) * threshold_s / handle_s));
}

}  // namespace

TEST_CASE("The classic 360-calls-a-half-hour example needs 55 agents for 80% within 15 s",
          "[staffing][erlang]") {
  // 720 calls an hour of 4 minutes: 48 Erlangs, the worked example staffed with 55 agents.
  const std::vector<Target> targets{target("service_level>=0.8")};
  const auto s = ccsim::erlang_staffing(queue(720.0, 240.0, std::nullopt, 15.0), targets);
  REQUIRE(s.agents);
  CHECK(*s.agents == 55);
  CHECK(closed_form_service_level(55, 48.0, 240.0, 15.0) >= 0.8);
  CHECK(closed_form_service_level(54, 48.0, 240.0, 15.0) < 0.8);
  CHECK(*s.at_agents->service_level ==
        Approx(closed_form_service_level(55, 48.0, 240.0, 15.0)).epsilon(1e-12));
  REQUIRE(s.below);
  CHECK(*s.below->service_level < 0.8);
}

TEST_CASE("Five Erlangs at 2% blocking need 10 trunks, as in the Erlang B tables",
          "[staffing][erlang]") {
  // Erlang B table: 10 circuits carry 5.08 Erlangs at 2% blocking; 9 carry 4.34.
  const auto s = ccsim::erlang_staffing(queue(5.0 * 36.0, 100.0, 0.0),
                                        std::vector<Target>{target("abandon_rate<=0.02")});
  REQUIRE(s.agents);
  CHECK(*s.agents == 10);
  CHECK(ccsim::erlang_b(10, 5.0) <= 0.02);
  CHECK(ccsim::erlang_b(9, 5.0) > 0.02);
}

TEST_CASE("The fewest agents meet every target and one fewer misses one", "[staffing][erlang]") {
  const std::vector<std::vector<std::string>> target_sets = {
      {"service_level>=0.8"},
      {"abandon_rate<=0.03"},
      {"asa_s<=15", "p_wait<=0.5"},
      {"service_level>=0.9", "abandon_rate<=0.05", "mean_wait_s<=20"},
  };
  for (const auto& texts : target_sets) {
    std::vector<Target> targets;
    for (const auto& t : texts) targets.push_back(target(t));
    for (const std::optional<double> patience :
         {std::optional<double>(), std::optional(60.0), std::optional(300.0), std::optional(0.0)}) {
      for (const double per_hour : {30.0, 400.0, 5000.0}) {
        const ErlangQueue q = queue(per_hour, 240.0, patience);
        const auto s = ccsim::erlang_staffing(q, targets);
        INFO(texts.front() << " patience " << patience.value_or(-1) << " per hour " << per_hour);
        REQUIRE(s.agents);
        ErlangQueue at = q;
        at.agents = *s.agents;
        CHECK(ccsim::erlang_meets(ccsim::erlang(at), targets));
        if (*s.agents > 0) {
          at.agents = *s.agents - 1;
          CHECK_FALSE(ccsim::erlang_meets(ccsim::erlang(at), targets));
        }
      }
    }
  }
}

TEST_CASE("Every target metric improves with each added agent in all three models",
          "[staffing][erlang]") {
  // The search bisects, which is exact only because of this monotonicity.
  for (const std::optional<double> patience :
       {std::optional<double>(), std::optional(30.0), std::optional(240.0), std::optional(3000.0),
        std::optional(0.0)}) {
    for (const double load : {0.5, 8.0, 48.0, 300.0}) {
      const ErlangQueue q = queue(load * kSecondsPerHour / 240.0, 240.0, patience);
      std::optional<ccsim::ErlangResult> previous;
      const long first = patience ? 1 : static_cast<long>(std::floor(load)) + 1;
      for (long n = first; n <= static_cast<long>(2.0 * load) + 20; ++n) {
        ErlangQueue at = q;
        at.agents = n;
        const auto r = ccsim::erlang(at);
        if (previous) {
          INFO("patience " << patience.value_or(-1) << " load " << load << " n " << n);
          const double slack = 1e-12;
          CHECK(*r.service_level >= *previous->service_level - slack);
          CHECK(*r.abandon_rate <= *previous->abandon_rate + slack);
          CHECK(*r.p_wait <= *previous->p_wait + slack);
          CHECK(*r.mean_wait_s <= *previous->mean_wait_s + slack);
          CHECK(*r.asa_s <= *previous->asa_s + slack);
        }
        previous = r;
      }
    }
  }
}

TEST_CASE("Erlang C needs more agents than the load whatever the targets", "[staffing][erlang]") {
  // Abandonment is zero in Erlang C, so only stability binds.
  const auto s = ccsim::erlang_staffing(queue(720.0, 240.0, std::nullopt),
                                        std::vector<Target>{target("abandon_rate<=0.05")});
  REQUIRE(s.agents);
  CHECK(*s.agents == 49);
}

TEST_CASE("Targets no number of agents can meet are reported, not searched", "[staffing][erlang]") {
  const auto check_unreachable = [](const ErlangQueue& q, const std::string& text) {
    const auto s = ccsim::erlang_staffing(q, std::vector<Target>{target(text)});
    INFO(text);
    CHECK_FALSE(s.agents);
    CHECK(s.unreachable.find("cannot be met") != std::string::npos);
    CHECK(s.evaluations == 0);
  };
  check_unreachable(queue(720.0, 240.0, 0.0), "abandon_rate<=0");
  check_unreachable(queue(720.0, 240.0, 120.0), "abandon_rate<=0");
  check_unreachable(queue(720.0, 240.0, std::nullopt), "p_wait<=0");
  check_unreachable(queue(720.0, 240.0, 120.0), "service_level>=1");
  check_unreachable(queue(720.0, 240.0, std::nullopt), "asa_s<=0");
  // Erlang B waits are zero with one agent, and Erlang C never abandons: reachable.
  CHECK(ccsim::erlang_staffing(queue(720.0, 240.0, 0.0), std::vector<Target>{target("asa_s<=0")})
            .agents == 1);
  CHECK(ccsim::erlang_staffing(queue(720.0, 240.0, std::nullopt),
                               std::vector<Target>{target("abandon_rate<=0")})
            .agents == 49);
}

TEST_CASE("The strictest representable target is met below the search cap", "[staffing][erlang]") {
  // At the cap P(wait) < e^-800 has underflowed to zero, so every target that passes the
  // reachability check is met below it.
  for (const std::optional<double> patience : {std::optional<double>(), std::optional(120.0)}) {
    const ErlangQueue q = queue(720.0, 240.0, patience);
    const std::vector<Target> targets{target("p_wait<=1e-300")};
    const auto s = ccsim::erlang_staffing(q, targets);
    REQUIRE(s.agents);
    CHECK(*s.agents < s.cap);
    CHECK(s.cap == ccsim::search_cap(48.0));
    CHECK(*s.at_agents->p_wait <= 1e-300);
    CHECK(*s.below->p_wait > 1e-300);
  }
}

TEST_CASE("The square-root rule lands within a few agents of the exact answer at scale",
          "[staffing][erlang]") {
  // Many-server approximations: their error in n stays O(1) as the load grows.
  struct Case {
    std::optional<double> patience;
    const char* target;
    const char* approximation;
  };
  for (const Case& c :
       {Case{std::nullopt, "service_level>=0.8", "halfin_whitt"},
        Case{std::nullopt, "p_wait<=0.2", "halfin_whitt"}, Case{240.0, "p_wait<=0.3", "garnett"},
        Case{240.0, "abandon_rate<=0.02", "garnett"}, Case{240.0, "service_level>=0.8", "garnett"},
        Case{0.0, "abandon_rate<=0.01", "jagerman"}}) {
    const ErlangQueue q = queue(400.0 * kSecondsPerHour / 240.0, 240.0, c.patience);
    const auto s = ccsim::erlang_staffing(q, std::vector<Target>{target(c.target)});
    INFO(c.target << " patience " << c.patience.value_or(-1));
    REQUIRE(s.agents);
    CHECK(s.square_root.approximation == c.approximation);
    CHECK(s.square_root.offered_load == Approx(400.0));
    REQUIRE(s.square_root.agents);
    CHECK(std::abs(*s.square_root.agents - *s.agents) <= 3);
  }
}

TEST_CASE("Target syntax errors say what was expected, with a did-you-mean", "[staffing]") {
  const auto problem_of = [](const std::string& text) {
    std::string problem;
    CHECK_FALSE(ccsim::parse_target(text, ccsim::simulation_target_metrics(), problem));
    return problem;
  };
  CHECK(problem_of("servce_level>=0.8") ==
        "expected a metric of service_level, abandon_rate, asa_s, p_wait, mean_wait_s, "
        "gave_up_rate, churn_rate, csat, queue_length, got \"servce_level\" (did you mean "
        "\"service_level\"?)");
  CHECK(problem_of("service_level=0.8") ==
        "expected METRIC>=VALUE or METRIC<=VALUE (e.g. service_level>=0.8), got "
        "\"service_level=0.8\"");
  CHECK(problem_of("service_level<=0.8") ==
        "expected service_level>=VALUE (service_level rises with more agents), got "
        "\"service_level<=0.8\"");
  CHECK(problem_of("abandon_rate<=1.5") ==
        "expected a number in [0, 1] after abandon_rate<=, got \"1.5\"");
  CHECK(problem_of("asa_s<=-3") == "expected a number >= 0 after asa_s<=, got \"-3\"");
  CHECK(problem_of("csat>=high") == "expected a number in [0, 1] after csat>=, got \"high\"");
  std::string problem;
  const auto ok =
      ccsim::parse_target("churn_rate<=0.1", ccsim::simulation_target_metrics(), problem);
  REQUIRE(ok);
  CHECK(ok->op == TargetOp::at_most);
  CHECK(ok->value == 0.1);
  CHECK(ok->text() == "churn_rate<=0.1");
  // The Erlang formulas know no churn.
  CHECK_FALSE(ccsim::parse_target("churn_rate<=0.1", ccsim::erlang_target_metrics(), problem));
}
