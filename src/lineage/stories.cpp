#include "lineage/lineage.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

namespace stemma::lineage {

std::vector<std::vector<std::uint32_t>> connected_components(const std::vector<std::uint32_t>& ids,
                                                             const std::vector<std::pair<std::uint32_t, std::uint32_t>>& links) {
  std::unordered_map<std::uint32_t, std::size_t> index;
  for (std::size_t i = 0; i < ids.size(); ++i) index.emplace(ids[i], i);
  std::vector<std::size_t> parent(ids.size());
  std::iota(parent.begin(), parent.end(), 0);
  const auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& [a, b] : links) {
    const auto ia = index.find(a), ib = index.find(b);
    if (ia == index.end() || ib == index.end()) continue;
    const std::size_t ra = find(ia->second), rb = find(ib->second);
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  std::map<std::size_t, std::vector<std::uint32_t>> groups;
  for (std::size_t i = 0; i < ids.size(); ++i) groups[find(i)].push_back(ids[i]);
  std::vector<std::vector<std::uint32_t>> out;
  for (auto& [root, members] : groups) {
    std::sort(members.begin(), members.end());
    out.push_back(std::move(members));
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace stemma::lineage
