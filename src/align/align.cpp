#include "align/align.h"

#include <algorithm>
#include <unordered_map>

namespace stemma::align {

const char* to_string(ReuseKind kind) {
  switch (kind) {
  case ReuseKind::verbatim: return "verbatim";
  case ReuseKind::near_verbatim: return "near_verbatim";
  case ReuseKind::rewritten: return "rewritten";
  }
  return "?";
}

std::uint32_t kept_words(const Alignment& al) {
  std::uint32_t kept = 0;
  for (const Passage& p : al.passages) kept += p.kept_tokens;
  return kept;
}

double similarity(const Alignment& al) {
  std::uint64_t lengths = 0;
  for (const Passage& p : al.passages) lengths += p.a_token_count + p.b_token_count;
  return lengths ? 2.0 * kept_words(al) / static_cast<double>(lengths) : 0;
}

Alignment flipped(const Alignment& al) {
  Alignment out = al;
  std::swap(out.coverage_a, out.coverage_b);
  std::swap(out.tokens_a, out.tokens_b);
  for (Passage& p : out.passages) {
    std::swap(p.a_begin, p.b_begin);
    std::swap(p.a_end, p.b_end);
    std::swap(p.a_first_token, p.b_first_token);
    std::swap(p.a_token_count, p.b_token_count);
    std::swap(p.a_quoted, p.b_quoted);
  }
  std::sort(out.passages.begin(), out.passages.end(), [](const Passage& x, const Passage& y) { return x.b_begin < y.b_begin; });
  return out;
}

namespace {

std::vector<std::uint64_t> ngram_hashes(const text::Analysis& t, std::size_t n) {
  std::vector<std::uint64_t> out;
  if (t.tokens.size() < n) return out;
  out.reserve(t.tokens.size() - n + 1);
  for (std::size_t i = 0; i + n <= t.tokens.size(); ++i) {
    std::uint64_t h = 0x84222325CBF29CE4ULL;
    for (std::size_t j = 0; j < n; ++j) h = (h ^ t.tokens[i + j].hash) * 0x100000001B3ULL + (h >> 29);
    out.push_back(h);
  }
  return out;
}

struct Chain {
  long a_lo, a_hi, b_lo, b_hi; // token ranges, [lo, hi)
  long diagonal;               // b - a of the latest seed
};

std::vector<std::uint64_t> token_hashes(const text::Analysis& t, std::uint32_t first, std::uint32_t count) {
  std::vector<std::uint64_t> h(count);
  for (std::uint32_t i = 0; i < count; ++i) h[i] = t.tokens[first + i].hash;
  return h;
}

} // namespace

Alignment align(const Text& a, const Text& b, const AlignParams& params) {
  Alignment out;
  out.tokens_a = static_cast<std::uint32_t>(a.analysis.tokens.size());
  out.tokens_b = static_cast<std::uint32_t>(b.analysis.tokens.size());
  const auto n = static_cast<std::size_t>(std::max(params.seed_words, 1));
  const std::vector<std::uint64_t> ha = ngram_hashes(a.analysis, n), hb = ngram_hashes(b.analysis, n);
  if (ha.empty() || hb.empty()) return out;

  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> positions;
  positions.reserve(ha.size());
  for (std::size_t i = 0; i < ha.size(); ++i) positions[ha[i]].push_back(static_cast<std::uint32_t>(i));

  // Chain seeds in b order; a seed joins the chain whose diagonal it continues best.
  const long gap = params.max_gap;
  std::vector<Chain> active, done;
  for (std::size_t j = 0; j < hb.size(); ++j) {
    const auto it = positions.find(hb[j]);
    if (it == positions.end() || it->second.size() > params.max_seed_frequency) continue;
    const long bj = static_cast<long>(j);
    // Retire chains that can no longer be extended.
    for (std::size_t c = 0; c < active.size();) {
      if (active[c].b_hi + gap < bj) {
        done.push_back(active[c]);
        active[c] = active.back();
        active.pop_back();
      } else {
        ++c;
      }
    }
    for (const std::uint32_t pos : it->second) {
      const long ai = pos;
      Chain* best = nullptr;
      long best_shift = gap + 1;
      for (Chain& c : active) {
        if (ai < c.a_lo - gap || ai > c.a_hi + gap) continue;
        const long shift = std::labs((bj - ai) - c.diagonal);
        if (shift < best_shift) best = &c, best_shift = shift;
      }
      const long nn = static_cast<long>(n);
      if (best != nullptr) {
        best->a_lo = std::min(best->a_lo, ai);
        best->a_hi = std::max(best->a_hi, ai + nn);
        best->b_hi = std::max(best->b_hi, bj + nn);
        best->diagonal = bj - ai;
      } else {
        active.push_back({ai, ai + nn, bj, bj + nn, bj - ai});
      }
    }
  }
  done.insert(done.end(), active.begin(), active.end());

  // Verify each chain with a word diff and trim it to its densest stretch:
  // the maximum-sum run of the edit script (kept +1, any other edit -1), which
  // drops stray seeds that a chain picked up at its ends.
  std::vector<Passage> candidates;
  for (const Chain& c : done) {
    const auto la = static_cast<std::uint32_t>(c.a_hi - c.a_lo), lb = static_cast<std::uint32_t>(c.b_hi - c.b_lo);
    if (la < static_cast<std::uint32_t>(params.min_passage_words) || lb < static_cast<std::uint32_t>(params.min_passage_words)) continue;
    const auto a0 = static_cast<std::uint32_t>(c.a_lo), b0 = static_cast<std::uint32_t>(c.b_lo);
    const std::vector<Edit> edits = word_diff(token_hashes(a.analysis, a0, la), token_hashes(b.analysis, b0, lb));
    Passage p;
    if (edits.empty()) { // too different to diff cheaply: keep the chain as found
      p.a_first_token = a0, p.a_token_count = la, p.b_first_token = b0, p.b_token_count = lb;
      p.kept_tokens = std::min(la, lb) / 2;
    } else {
      long best = 0, run = 0;
      std::size_t best_lo = 0, best_hi = 0, lo = 0;
      for (std::size_t i = 0; i < edits.size(); ++i) {
        if (run <= 0) run = 0, lo = i;
        run += edits[i].op == EditOp::keep ? 1 : -1;
        if (run > best) best = run, best_lo = lo, best_hi = i + 1;
      }
      if (best == 0) continue;
      const Edit& first = edits[best_lo];
      const Edit& last = edits[best_hi - 1]; // both are keeps: a maximal run starts and ends on +1
      p.a_first_token = a0 + first.a;
      p.a_token_count = last.a - first.a + 1;
      p.b_first_token = b0 + first.b;
      p.b_token_count = last.b - first.b + 1;
      p.kept_tokens = 0;
      for (std::size_t i = best_lo; i < best_hi; ++i) p.kept_tokens += edits[i].op == EditOp::keep;
    }
    p.similarity = 2.0 * p.kept_tokens / (p.a_token_count + p.b_token_count);
    if (p.similarity < params.min_similarity || p.kept_tokens < static_cast<std::uint32_t>(params.min_passage_words)) continue;
    candidates.push_back(p);
  }

  // Keep the strongest passage where two claim the same words of b.
  std::sort(candidates.begin(), candidates.end(), [](const Passage& x, const Passage& y) {
    return x.kept_tokens != y.kept_tokens ? x.kept_tokens > y.kept_tokens : x.b_first_token < y.b_first_token;
  });
  std::vector<Passage> kept;
  for (const Passage& p : candidates) {
    const std::uint32_t lo = p.b_first_token, hi = p.b_first_token + p.b_token_count;
    std::uint32_t overlap = 0;
    for (const Passage& q : kept) {
      const std::uint32_t qlo = q.b_first_token, qhi = q.b_first_token + q.b_token_count;
      if (qhi > lo && qlo < hi) overlap += std::min(hi, qhi) - std::max(lo, qlo);
    }
    if (overlap == 0) kept.push_back(p);
  }
  std::sort(kept.begin(), kept.end(), [](const Passage& x, const Passage& y) { return x.b_first_token < y.b_first_token; });

  const std::vector<text::Span> quotes_a = text::quotation_spans(a.utf8), quotes_b = text::quotation_spans(b.utf8);
  std::uint32_t kept_total = 0;
  for (Passage& p : kept) {
    const auto& ta = a.analysis.tokens;
    const auto& tb = b.analysis.tokens;
    p.a_begin = ta[p.a_first_token].begin;
    p.a_end = ta[p.a_first_token + p.a_token_count - 1].end;
    p.b_begin = tb[p.b_first_token].begin;
    p.b_end = tb[p.b_first_token + p.b_token_count - 1].end;
    p.kind = p.similarity >= params.verbatim_similarity        ? ReuseKind::verbatim
             : p.similarity >= params.near_verbatim_similarity ? ReuseKind::near_verbatim
                                                               : ReuseKind::rewritten;
    p.a_quoted = static_cast<double>(text::overlap_bytes(quotes_a, p.a_begin, p.a_end)) / std::max<std::uint32_t>(p.a_end - p.a_begin, 1);
    p.b_quoted = static_cast<double>(text::overlap_bytes(quotes_b, p.b_begin, p.b_end)) / std::max<std::uint32_t>(p.b_end - p.b_begin, 1);
    kept_total += p.kept_tokens;
  }
  out.passages = std::move(kept);
  out.coverage_a = out.tokens_a ? std::min(1.0, static_cast<double>(kept_total) / out.tokens_a) : 0;
  out.coverage_b = out.tokens_b ? static_cast<double>(kept_total) / out.tokens_b : 0;
  return out;
}

} // namespace stemma::align
