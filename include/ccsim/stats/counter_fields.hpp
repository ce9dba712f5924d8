// Every field of Counters, listed once: the merge (Counters::add) and the bit-for-bit listing of a
// tally (bench/tally_bits.cpp) walk this list instead of naming each field themselves, and a
// field added to Counters without being added here breaks the build (the size check below).
#pragma once

#include <cstdint>

#include "ccsim/stats/tally.hpp"

namespace ccsim {

// Calls f(name, member) for each field of Counters, in declaration order; `member` is a pointer
// to a std::uint64_t or a double member.
template <typename F>
constexpr void for_each_counter(F&& f) {
  f("contacts", &Counters::contacts);
  f("offered", &Counters::offered);
  f("answered", &Counters::answered);
  f("abandoned", &Counters::abandoned);
  f("unfinished", &Counters::unfinished);
  f("callbacks", &Counters::callbacks);
  f("balked", &Counters::balked);
  f("waited", &Counters::waited);
  f("answered_within_threshold", &Counters::answered_within_threshold);
  f("wait_s", &Counters::wait_s);
  f("answered_wait_s", &Counters::answered_wait_s);
  f("bot_contacts", &Counters::bot_contacts);
  f("bot_contained", &Counters::bot_contained);
  f("bot_abandoned", &Counters::bot_abandoned);
  f("escalated", &Counters::escalated);
  f("empathy_needed", &Counters::empathy_needed);
  f("empathy_met", &Counters::empathy_met);
  f("resolved_contacts", &Counters::resolved_contacts);
  f("unresolved_contacts", &Counters::unresolved_contacts);
  f("gave_up_contacts", &Counters::gave_up_contacts);
  f("unfinished_contacts", &Counters::unfinished_contacts);
  f("customers", &Counters::customers);
  f("customers_resolved", &Counters::customers_resolved);
  f("customers_gave_up", &Counters::customers_gave_up);
  f("customers_unresolved", &Counters::customers_unresolved);
  f("customers_unfinished", &Counters::customers_unfinished);
  f("returns_after_horizon", &Counters::returns_after_horizon);
  f("satisfied", &Counters::satisfied);
  f("churned", &Counters::churned);
  f("excess_churned", &Counters::excess_churned);
  f("bot_cost", &Counters::bot_cost);
}

namespace detail {
constexpr std::size_t counter_bytes() {
  std::size_t bytes = 0;
  for_each_counter([&bytes](const char*, auto member) { bytes += sizeof(Counters{}.*member); });
  return bytes;
}
}  // namespace detail

// Every field is 8 bytes and none is padded, so the sizes agree exactly when every field is
// listed: a new field of Counters must be added to for_each_counter.
static_assert(detail::counter_bytes() == sizeof(Counters),
              "a field of Counters is missing from for_each_counter (counter_fields.hpp)");

}  // namespace ccsim
