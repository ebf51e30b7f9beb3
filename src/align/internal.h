// Private helpers shared by the align stage's sources (not part of align.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace stemma::align::detail {

// Elements two sorted sequences have in common, counted with multiplicity.
inline std::size_t shared_count(const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
  std::size_t i = 0, j = 0, shared = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] == y[j]) ++shared, ++i, ++j;
    else if (x[i] < y[j]) ++i;
    else ++j;
  }
  return shared;
}

} // namespace stemma::align::detail
