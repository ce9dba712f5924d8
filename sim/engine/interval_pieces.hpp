// Reporting intervals, and spreading a span of time over the intervals it covers.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace ccsim {

// The by_interval breakdown is a profile of one day at most: past a day, interval i of day d
// adds into interval i. Memory for it is then bounded by the intervals of a day, however long
// the horizon (10^8 customers take the memory of 10^5).
inline constexpr double kReportFoldPeriodS = 86400.0;

struct ReportGrid {
  double width_s = 3600.0;
  std::size_t total = 1;  // intervals over [0, horizon)
  std::size_t count = 1;  // intervals reported: those of one fold period at most

  ReportGrid() = default;
  ReportGrid(double horizon_s, double width) : width_s(width) {
    total = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(horizon_s / width_s)));
    count = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::ceil(std::min(horizon_s, kReportFoldPeriodS) / width_s)));
    count = std::min(count, total);
  }
  // The interval of time t (0 <= t) over [0, horizon): past the last one, the last one. A
  // non-decreasing function of t, the division being correctly rounded.
  std::size_t slot(double t) const {
    return std::min(static_cast<std::size_t>(t / width_s), total - 1);
  }
  // The reported interval of time t (0 <= t).
  std::size_t index(double t) const { return slot(t) % count; }
  // Where a piece of time starting in `slot` ends at the latest (for_each_interval_piece): the
  // next multiple of the width, or never for the last interval.
  double piece_end(std::size_t slot) const {
    return slot + 1 >= total ? std::numeric_limits<double>::infinity()
                             : static_cast<double>(slot + 1) * width_s;
  }
  // The first time t >= 0 with slot(t) >= s: the exact bound of what slot() computes, which the
  // rounded product s × width may miss by a few units in the last place either way.
  double first_time_in(std::size_t s) const {
    if (s == 0) return 0.0;
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    double t = static_cast<double>(s) * width_s;
    if (slot(t) >= s) {
      for (double before = std::nextafter(t, 0.0); t > 0.0 && slot(before) >= s;
           before = std::nextafter(t, 0.0)) {
        t = before;
      }
    } else {
      while (slot(t) < s) t = std::nextafter(t, kInfinity);
    }
    return t;
  }
};

// Cuts [from, min(to, horizon_s)) at the multiples of the grid's width and calls
// piece(i, length) for each piece, i being its reported interval. The engine's clock and its
// queue-time integral use it (or its exact shortcut for a piece in the clock's interval).
//
// The interval of a piece's start is found by a division and its end by a multiplication, and
// the two roundings need not agree: with a width of 1000.3 s, the rounded product 3 × width is a
// time the division puts in interval 2, which would then end where the piece starts; and the
// rounded product total × width can fall short of the horizon, so the last interval would end
// before it. A piece that would be empty moves on to the next interval, and the last interval
// runs to the end, so the loop always advances; where the roundings agree, nothing changes.
template <typename F>
inline void for_each_interval_piece(double from, double to, double horizon_s,
                                    const ReportGrid& grid, F&& piece) {
  double a = from;
  const double end = std::min(to, horizon_s);
  while (a < end) {
    auto slot = grid.slot(a);
    double b = std::min(end, grid.piece_end(slot));
    // Ends at the last interval at the latest, where b is `end`.
    while (!(b > a)) b = std::min(end, grid.piece_end(++slot));
    piece(slot % grid.count, b - a);
    a = b;
  }
}

}  // namespace ccsim
