#include "ccsim/scenario/schedule.hpp"

#include <cmath>
#include <limits>

namespace ccsim {

std::size_t Schedule::index_at(double t) const {
  if (values.size() <= 1 || !(interval_s > 0.0)) return 0;
  const double slot = std::floor(t / interval_s);
  if (!(slot > 0.0)) return 0;
  // fmod of the slot number keeps the index exact however long the horizon is.
  return static_cast<std::size_t>(std::fmod(slot, static_cast<double>(values.size())));
}

double Schedule::next_change_after(double t) const {
  if (values.size() <= 1 || !(interval_s > 0.0)) return std::numeric_limits<double>::infinity();
  return (std::floor(t / interval_s) + 1.0) * interval_s;
}

}  // namespace ccsim
