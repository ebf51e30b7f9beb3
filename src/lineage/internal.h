// Private to the lineage stage: readings of witnesses against a reference
// text, for Lachmann's method of shared innovations.
#pragma once

#include "lineage/lineage.h"
#include "text/text.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace stemma::lineage::detail {

// What a witness (a copy) reads at each word of a reference text (the story's
// origin): the same word, another word (a synonym swap, a substitution, a
// copying error), nothing (dropped), and what it inserts before a word.
struct Readings {
  // absent: outside every passage (a dropped stretch); removed: a hole inside aligned text
  // (a stripped name, a lost word), the classic copying error.
  static constexpr std::uint64_t kept = 0, absent = 1, removed = 2;
  std::vector<std::uint64_t> at;          // per reference token: kept, absent, removed, or a hash of the replacement
  std::vector<std::uint32_t> witness_at;  // per reference token: the witness token it reads there (or UINT32_MAX)
  struct Insertion {
    std::uint64_t hash = 0;
    std::uint32_t words = 0, first = 0; // witness tokens [first, first + words)
    bool outside = false; // text between passages: where it attaches to the reference is a guess
  };
  std::unordered_map<std::uint32_t, Insertion> inserted; // before reference token i
};

Readings readings_of(const text::Analysis& reference, const text::Analysis& witness, const align::Alignment& reference_to_witness);

// Where two witnesses of one reference differ from it, alike or not.
struct ReadingComparison {
  std::uint32_t x_only = 0, y_only = 0; // variant words (omissions and insertions included)
  std::uint32_t shared = 0;             // variant words both read alike (shared omissions not counted)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> shared_spans; // reference token ranges [lo, hi) both change alike
  std::vector<std::uint32_t> shared_insertions;                     // reference positions both insert the same text before
};
ReadingComparison compare_readings(const Readings& x, const Readings& y);

} // namespace stemma::lineage::detail
