// How the text tables are laid out: rows of cells, the first column left-aligned, the others
// right-aligned, each as wide as its widest cell, three spaces apart. One definition so every
// table reads the same way.
#pragma once

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <string>
#include <vector>

namespace ccsim::detail {

inline void write_aligned(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  constexpr std::size_t kGap = 3;
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i == 0) {
        out << std::left << std::setw(static_cast<int>(width[i])) << row[i] << std::right;
      } else {
        out << std::setw(static_cast<int>(width[i] + kGap)) << row[i];
      }
    }
    out << "\n";
  }
}

}  // namespace ccsim::detail
