// The reporting grid's bounds, as the engine's clock relies on them.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "engine/interval_pieces.hpp"

using namespace ccsim;

TEST_CASE("The first time of each reporting interval is exactly where the division moves to it",
          "[intervals]") {
  for (const double width_s : {3600.0, 1000.3, 7.7, 0.1}) {
    const ReportGrid grid(200 * width_s, width_s);
    for (std::size_t s = 1; s < grid.total; ++s) {
      const double t = grid.first_time_in(s);
      INFO("width " << width_s << ", interval " << s);
      CHECK(grid.slot(t) >= s);
      CHECK(grid.slot(std::nextafter(t, 0.0)) < s);
    }
  }
  // Where the rounded product is not that time: 3 × 1000.3 rounds to a time in interval 2.
  const ReportGrid grid(36000.0, 1000.3);
  CHECK(grid.slot(3 * 1000.3) == 2);
  CHECK(grid.first_time_in(3) == std::nextafter(3 * 1000.3, 1e9));
}

TEST_CASE("A piece of time is cut at the interval bounds and covers its span once", "[intervals]") {
  const ReportGrid grid(36000.0, 1000.3);
  double covered_s = 0.0;
  std::size_t pieces = 0;
  for_each_interval_piece(2500.0, 7000.0, 36000.0, grid, [&](std::size_t i, double dt) {
    CHECK(i == 2 + pieces);  // intervals 2 to 6, in order
    CHECK(dt > 0.0);
    covered_s += dt;
    ++pieces;
  });
  CHECK(pieces == 5);
  CHECK(covered_s == Approx(4500.0));
}
