// The exact Erlang A figures of one queue at 40 to 56 agents, then the fewest agents that meet
// two targets, beside the square-root staffing rule (an approximation).
#include <ccsim/queueing/erlang.hpp>
#include <ccsim/queueing/erlang_staffing.hpp>
#include <ccsim/staffing/staffing_target.hpp>
#include <cstdio>
#include <vector>

int main() {
  ccsim::ErlangInput queue;
  queue.lambda_per_s = 2880.0 / 3600.0;  // 2,880 calls an hour
  queue.handle_s = 60.0;                 // exponential handle time
  queue.patience_s = 120.0;              // exponential patience: Erlang A (none: Erlang C)
  queue.threshold_s = 20.0;              // answered within 20 s counts for the service level
  std::printf("agents  abandon_rate  service_level     asa_s\n");
  for (long agents = 40; agents <= 56; agents += 2) {
    queue.agents = agents;
    const ccsim::ErlangResult r = ccsim::erlang(queue);
    std::printf("%6ld  %12.5f  %13.5f  %8.3f\n", agents, *r.abandon_rate, *r.service_level,
                *r.asa_s);
  }
  const std::vector<ccsim::Target> targets = {
      {"service_level", ccsim::TargetOp::at_least, 0.8},
      {"abandon_rate", ccsim::TargetOp::at_most, 0.02},
  };
  const ccsim::ErlangStaffing staffing = ccsim::erlang_staffing(queue, targets);
  if (!staffing.agents) {
    std::printf("unreachable: %s\n", staffing.unreachable.c_str());
    return 3;
  }
  std::printf("fewest agents meeting %s and %s: %ld (square-root rule: %ld)\n",
              targets[0].text().c_str(), targets[1].text().c_str(), *staffing.agents,
              staffing.square_root.agents.value_or(-1));
}
