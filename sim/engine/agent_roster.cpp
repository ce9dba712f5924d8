#include "engine/agent_roster.hpp"

#include <algorithm>

namespace ccsim {

std::uint32_t AgentRoster::take() {
  const std::uint32_t id = idle_.front();
  idle_.pop_front();
  return id;
}

void AgentRoster::release(std::uint32_t id, long busy, long staffed) {
  if (busy + static_cast<long>(idle_.size()) < staffed) {
    idle_.push_back(id);
  } else {
    off_duty_.push(id);  // on overtime since staffing fell: goes home
  }
}

void AgentRoster::set_on_duty(long staffed, long busy) {
  const std::size_t wanted = static_cast<std::size_t>(std::max(0L, staffed - busy));
  while (idle_.size() < wanted) {
    if (off_duty_.empty()) {
      idle_.push_back(created_++);
    } else {
      idle_.push_back(off_duty_.top());
      off_duty_.pop();
    }
  }
  while (idle_.size() > wanted) {
    const auto highest = std::max_element(idle_.begin(), idle_.end());
    off_duty_.push(*highest);
    idle_.erase(highest);
  }
}

}  // namespace ccsim
