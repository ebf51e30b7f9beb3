#include "text/text.h"

#include <algorithm>

namespace stemma::text {

std::vector<Span> quotation_spans(std::string_view s) {
  std::vector<Span> spans;
  const auto at = [&](std::size_t i, std::string_view mark) { return s.compare(i, mark.size(), mark) == 0; };
  bool open = false;
  std::uint32_t start = 0;
  int curly_depth = 0;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '\n') {
      if (open && i > start) spans.push_back({start, static_cast<std::uint32_t>(i)});
      open = false;
      curly_depth = 0;
      ++i;
      continue;
    }
    std::size_t len = 0;
    int kind = 0; // 1 opens, 2 closes, 3 toggles
    // Only '"' and the lead bytes of « » (C2) and “ ” „ (E2) can start a mark.
    if (c != '"' && c != '\xC2' && c != '\xE2') {
      ++i;
      continue;
    }
    if (c == '"') {
      len = 1, kind = 3;
    } else if (at(i, "\u201C") || at(i, "\u00AB") || at(i, "\u201E")) {
      len = at(i, "\u00AB") ? 2 : 3, kind = 1;
    } else if (at(i, "\u201D") || at(i, "\u00BB")) {
      len = at(i, "\u00BB") ? 2 : 3, kind = 2;
    }
    if (kind == 0) {
      ++i;
      continue;
    }
    const auto after = static_cast<std::uint32_t>(i + len);
    if (kind == 3) kind = open ? 2 : 1;
    if (kind == 1) {
      if (!open) {
        open = true;
        start = after;
      }
      ++curly_depth;
    } else if (open) {
      if (--curly_depth <= 0) {
        spans.push_back({start, static_cast<std::uint32_t>(i)});
        open = false;
        curly_depth = 0;
      }
    }
    i += len;
  }
  if (open && s.size() > start) spans.push_back({start, static_cast<std::uint32_t>(s.size())});
  return spans;
}

std::size_t overlap_bytes(const std::vector<Span>& spans, std::uint32_t begin, std::uint32_t end) {
  std::size_t total = 0;
  auto it = std::lower_bound(spans.begin(), spans.end(), begin, [](const Span& sp, std::uint32_t b) { return sp.end <= b; });
  for (; it != spans.end() && it->begin < end; ++it) {
    const std::uint32_t lo = std::max(it->begin, begin), hi = std::min(it->end, end);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

} // namespace stemma::text
