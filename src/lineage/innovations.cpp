#include "lineage/internal.h"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <limits>

namespace stemma::lineage::detail {

Readings readings_of(const text::Analysis& reference, const text::Analysis& witness, const align::Alignment& al) {
  Readings r;
  const std::size_t n = reference.tokens.size();
  r.at.assign(n, Readings::absent); // text outside every passage was dropped
  r.witness_at.assign(n, std::numeric_limits<std::uint32_t>::max());
  const auto mix = [](std::uint64_t h) { return h < 3 ? h + 3 : h; }; // never collide with kept/absent/removed
  for (const align::Passage& p : al.passages) {
    if (p.a_first_token + p.a_token_count > n || p.b_first_token + p.b_token_count > witness.tokens.size()) continue;
    const std::vector<align::Edit> edits = align::passage_edits(reference, witness, p);
    if (edits.empty()) { // too different to diff: say nothing about it rather than guess
      for (std::uint32_t i = p.a_first_token; i < p.a_first_token + p.a_token_count; ++i) r.at[i] = Readings::kept;
      continue;
    }
    for (std::size_t k = 0; k < edits.size(); ++k) {
      const align::Edit& e = edits[k];
      switch (e.op) {
      case align::EditOp::keep: r.at[e.a] = Readings::kept, r.witness_at[e.a] = e.b; break;
      case align::EditOp::synonym:
      case align::EditOp::substitute: r.at[e.a] = mix(witness.tokens[e.b].hash), r.witness_at[e.a] = e.b; break;
      case align::EditOp::remove: r.at[e.a] = Readings::removed; break;
      case align::EditOp::insert: {
        Readings::Insertion& ins = r.inserted[e.a];
        if (ins.words == 0) ins.first = e.b;
        ins.hash = XXH3_64bits_withSeed(&witness.tokens[e.b].hash, sizeof(std::uint64_t), ins.hash);
        ++ins.words;
        break;
      }
      }
    }
  }
  // Witness text outside every passage, before or after the reference's text, is an insertion too
  // (a preface, an editorial comment): keyed by the reference position it precedes.
  std::uint32_t cursor = 0;
  const auto add_gap = [&](std::uint32_t lo, std::uint32_t hi, std::uint32_t before_reference_token) {
    if (hi <= lo) return;
    Readings::Insertion& ins = r.inserted[before_reference_token];
    if (ins.words == 0) ins.first = lo, ins.outside = true;
    for (std::uint32_t i = lo; i < hi; ++i) ins.hash = XXH3_64bits_withSeed(&witness.tokens[i].hash, sizeof(std::uint64_t), ins.hash);
    ins.words += hi - lo;
  };
  for (const align::Passage& p : al.passages) { // sorted by b, disjoint in b (align::Alignment)
    add_gap(cursor, p.b_first_token, p.a_first_token);
    cursor = std::max(cursor, p.b_first_token + p.b_token_count);
  }
  add_gap(cursor, static_cast<std::uint32_t>(witness.tokens.size()), static_cast<std::uint32_t>(n));
  r.not_kept_bits.assign((n + 63) / 64, 0);
  r.variant_bits.assign((n + 63) / 64, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (r.at[i] != Readings::kept) r.not_kept_bits[i / 64] |= std::uint64_t{1} << (i % 64);
    if (r.at[i] != Readings::kept && r.at[i] != Readings::absent) r.variant_bits[i / 64] |= std::uint64_t{1} << (i % 64);
  }
  return r;
}

ReadingComparison compare_readings(const Readings& x, const Readings& y) {
  ReadingComparison c;
  const std::size_t n = std::min(x.at.size(), y.at.size());
  // Per reference word: a variant only one witness has (the other keeps the word) is its own;
  // a variant both read alike is shared. A witness that dropped a stretch (absent) says
  // nothing about another's variants inside it, and omissions both make are too often
  // coincidence to count as shared (measured: counting long shared lacunae lost 3 points of
  // edge F1 on the dev traditions). Both changing a word differently says nothing either: a
  // copy that re-spins its source overwrites the source's variants.
  std::uint32_t span_start = 0, last_shared = 0;
  bool in_span = false;
  const std::size_t words = (n + 63) / 64;
  for (std::size_t w = 0; w < words; ++w) {
    const std::uint64_t mask = (w + 1) * 64 <= n ? ~std::uint64_t{0} : (std::uint64_t{1} << (n % 64)) - 1;
    const std::uint64_t nkx = x.not_kept_bits[w] & mask, nky = y.not_kept_bits[w] & mask;
    c.x_only += static_cast<std::uint32_t>(std::popcount(nkx & ~nky));
    c.y_only += static_cast<std::uint32_t>(std::popcount(nky & ~nkx));
    for (std::uint64_t both = x.variant_bits[w] & y.variant_bits[w] & mask; both != 0; both &= both - 1) {
      const auto i = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(both)));
      if (x.at[i] != y.at[i]) continue;
      ++c.shared;
      // Shared spans: runs of consecutive shared variants.
      if (in_span && i != last_shared + 1) c.shared_spans.emplace_back(span_start, last_shared + 1), in_span = false;
      if (!in_span) span_start = i, in_span = true;
      last_shared = i;
    }
  }
  if (in_span) c.shared_spans.emplace_back(span_start, last_shared + 1);
  // Insertions count by their words (capped: a long preface is one innovation, not hundreds).
  const auto weight = [](std::uint32_t words) { return std::min<std::uint32_t>(words, 10); };
  // Insertions at the same place of similar length are one (a spun copy rewords what it inherits).
  const auto alike = [](const Readings::Insertion& p, const Readings::Insertion& q) {
    return p.hash == q.hash || (std::min(p.words, q.words) * 10 >= std::max(p.words, q.words) * 7 && std::min(p.words, q.words) >= 3);
  };
  // Text between passages attaches to the reference only roughly: match it by content, anywhere.
  const auto find_alike = [&](const Readings& other, std::uint32_t pos, const Readings::Insertion& ins) {
    const auto it = other.inserted.find(pos);
    if (it != other.inserted.end() && alike(it->second, ins)) return true;
    if (!ins.outside) return false;
    for (const auto& [p, o] : other.inserted)
      if (o.outside && o.hash == ins.hash) return true;
    return false;
  };
  for (const auto& [pos, ins] : x.inserted) {
    if (find_alike(y, pos, ins)) {
      c.shared += weight(ins.words);
      c.shared_insertions.push_back(pos);
    } else {
      c.x_only += weight(ins.words);
    }
  }
  for (const auto& [pos, ins] : y.inserted)
    if (!find_alike(x, pos, ins)) c.y_only += weight(ins.words);
  std::sort(c.shared_insertions.begin(), c.shared_insertions.end());
  return c;
}

} // namespace stemma::lineage::detail
