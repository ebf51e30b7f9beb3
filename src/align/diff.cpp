#include "align/align.h"

#include <algorithm>
#include <mutex>

namespace stemma::align {

const char* to_string(EditOp op) {
  switch (op) {
  case EditOp::keep: return "keep";
  case EditOp::synonym: return "synonym";
  case EditOp::substitute: return "substitute";
  case EditOp::remove: return "delete";
  case EditOp::insert: return "insert";
  }
  return "?";
}

namespace {

std::vector<Edit> diff(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b, std::size_t max_edits) {
  const auto n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long max_d = std::min<long>(n + m, static_cast<long>(max_edits));
  const long offset = max_d + 1;
  std::vector<long> v(static_cast<std::size_t>(2 * max_d + 3), 0);
  // V after each step d, rows of 2d + 3 entries laid end to end (row d starts at
  // d^2 + 2d). One buffer per thread, reused: fresh pages per call cost more than the diff.
  thread_local std::vector<std::int32_t> trace;
  trace.clear();
  const auto row_start = [](long d) { return static_cast<std::size_t>(d * d + 2 * d); };
  long found_d = -1;
  for (long d = 0; d <= max_d && found_d < 0; ++d) {
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found_d = d;
        break;
      }
    }
    for (long k = -d - 1; k <= d + 1; ++k) trace.push_back(static_cast<std::int32_t>(v[offset + k]));
  }
  if (found_d < 0) return {};

  // Walk the trace backwards; edits come out in reverse.
  std::vector<Edit> rev;
  long x = n, y = m;
  for (long d = found_d; d > 0; --d) {
    const std::int32_t* vd = trace.data() + row_start(d - 1); // V after step d-1, index k + d
    const auto at = [&](long k) { return static_cast<long>(vd[k + d]); };
    const long k = x - y;
    const bool down = (k == -d || (k != d && at(k - 1) < at(k + 1)));
    const long prev_k = down ? k + 1 : k - 1;
    const long prev_x = at(prev_k);
    const long prev_y = prev_x - prev_k;
    while (x > prev_x + (down ? 0 : 1) && y > prev_y + (down ? 1 : 0)) {
      --x, --y;
      rev.push_back({EditOp::keep, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)});
    }
    if (down) {
      --y;
      rev.push_back({EditOp::insert, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)});
    } else {
      --x;
      rev.push_back({EditOp::remove, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)});
    }
  }
  while (x > 0 && y > 0) {
    --x, --y;
    rev.push_back({EditOp::keep, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)});
  }
  std::reverse(rev.begin(), rev.end());

  // Pair each run of removals with the insertions that follow it (or precede it).
  std::vector<Edit> out;
  out.reserve(rev.size());
  for (std::size_t i = 0; i < rev.size();) {
    if (rev[i].op == EditOp::keep) {
      out.push_back(rev[i++]);
      continue;
    }
    std::vector<Edit> removed, inserted;
    while (i < rev.size() && rev[i].op != EditOp::keep) {
      (rev[i].op == EditOp::remove ? removed : inserted).push_back(rev[i]);
      ++i;
    }
    const std::size_t pairs = std::min(removed.size(), inserted.size());
    for (std::size_t p = 0; p < pairs; ++p) out.push_back({EditOp::substitute, removed[p].a, inserted[p].b});
    for (std::size_t p = pairs; p < removed.size(); ++p) out.push_back(removed[p]);
    for (std::size_t p = pairs; p < inserted.size(); ++p) out.push_back(inserted[p]);
  }
  return out;
}

// The last diffs, by their inputs, for the process (one table, not one per thread: a server has
// many connection threads, and each passage's inputs and script are tens of KB): a trace diffs
// the same passage when it measures it and again when it looks for the edge's mutations.
struct RecentDiff {
  std::vector<std::uint64_t> a, b;
  std::size_t max_edits = 0;
  std::vector<Edit> edits;
};

class RecentDiffs {
public:
  bool find(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b, std::size_t max_edits, std::vector<Edit>& out) {
    const std::lock_guard lock(mutex_);
    for (const RecentDiff& r : recent_)
      if (r.max_edits == max_edits && same(r.a, a) && same(r.b, b)) {
        out = r.edits;
        return true;
      }
    return false;
  }
  void add(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b, std::size_t max_edits, const std::vector<Edit>& edits) {
    const std::lock_guard lock(mutex_);
    if (recent_.size() < kRecent) recent_.emplace_back();
    RecentDiff& slot = recent_[next_];
    next_ = (next_ + 1) % kRecent;
    slot.a.assign(a.begin(), a.end());
    slot.b.assign(b.begin(), b.end());
    slot.max_edits = max_edits;
    slot.edits = edits;
  }

private:
  static constexpr std::size_t kRecent = 32;
  static bool same(const std::vector<std::uint64_t>& x, std::span<const std::uint64_t> y) {
    return x.size() == y.size() && std::equal(y.begin(), y.end(), x.begin());
  }
  std::mutex mutex_;
  std::vector<RecentDiff> recent_;
  std::size_t next_ = 0;
};

} // namespace

std::vector<Edit> word_diff(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b, std::size_t max_edits) {
  if (a.size() + b.size() < 64) return diff(a, b, max_edits); // cheap enough to diff again
  static RecentDiffs recent;
  std::vector<Edit> edits;
  if (recent.find(a, b, max_edits, edits)) return edits;
  edits = diff(a, b, max_edits);
  recent.add(a, b, max_edits, edits);
  return edits;
}

std::vector<Edit> passage_edits(const text::Analysis& a, const text::Analysis& b, const Passage& p) {
  std::vector<std::uint64_t> ha, hb;
  for (std::uint32_t i = 0; i < p.a_token_count; ++i) ha.push_back(a.tokens[p.a_first_token + i].canon);
  for (std::uint32_t i = 0; i < p.b_token_count; ++i) hb.push_back(b.tokens[p.b_first_token + i].canon);
  std::vector<Edit> edits = word_diff(ha, hb);
  for (Edit& e : edits) {
    e.a += p.a_first_token;
    e.b += p.b_first_token;
    if (e.op == EditOp::keep && a.tokens[e.a].hash != b.tokens[e.b].hash) e.op = EditOp::synonym;
  }
  return edits;
}

} // namespace stemma::align
