#include "ccsim/stats/tally.hpp"

#include "ccsim/stats/counter_fields.hpp"

namespace ccsim {

void Counters::add(const Counters& o) {
  for_each_counter([&](const char*, auto member) { this->*member += o.*member; });
}

}  // namespace ccsim
