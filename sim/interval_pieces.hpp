// Reporting intervals, and spreading a span of time over the intervals it covers.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

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
  // The reported interval of time t (0 <= t): past the horizon's last interval, the last one.
  std::size_t index(double t) const {
    const auto i = std::min(static_cast<std::size_t>(t / width_s), total - 1);
    return i % count;
  }
};

// Cuts [from, min(to, horizon_s)) at the multiples of the grid's width and calls
// piece(i, length) for each piece, i being its reported interval. Both engines use it, so their
// by-interval integrals are computed alike.
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
  const auto piece_end = [&](std::size_t slot) {
    return slot + 1 >= grid.total ? end
                                  : std::min(end, static_cast<double>(slot + 1) * grid.width_s);
  };
  while (a < end) {
    auto slot = std::min(static_cast<std::size_t>(a / grid.width_s), grid.total - 1);
    double b = piece_end(slot);
    while (!(b > a)) b = piece_end(++slot);  // ends at the last interval, whose end is `end`
    piece(slot % grid.count, b - a);
    a = b;
  }
}

}  // namespace ccsim
