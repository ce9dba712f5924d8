// Identities for the agents of a voice group, which the engine counts but does not tell apart.
// Used only for traces, so that a contact's row can name the agent who took it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <vector>

namespace ccsim {

// Agents of a group are interchangeable in the model, so any rule for who takes a contact gives
// the same figures; this one is the usual ACD rule, and the one that makes the agents seen in a
// trace look like a staffed shift: the agent idle the longest takes the next contact. When
// staffing falls, the idle agents with the highest ids go off duty (busy ones finish first);
// agents coming on duty take the lowest free ids, so ids stay below the group's peak staffing.
// Invariant kept by the engine's calls: idle agents = max(0, staffed - busy).
class AgentRoster {
 public:
  // The agent who takes a contact; there must be an idle one (the engine checked busy < staffed).
  std::uint32_t take();
  // Agent `id` is done; `busy` and `staffed` are the group's counts once it is no longer busy.
  void release(std::uint32_t id, long busy, long staffed);
  // Staffing is now `staffed` with `busy` agents at work.
  void set_on_duty(long staffed, long busy);

 private:
  std::deque<std::uint32_t> idle_;  // longest idle first
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> off_duty_;
  std::uint32_t created_ = 0;  // ids handed out so far: 0 … created_ - 1
};

}  // namespace ccsim
