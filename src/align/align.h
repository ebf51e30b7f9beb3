// Align stage: finds the passages two texts share, with offsets in both.
// Seed-and-extend: exact word n-gram seeds, chained along near-constant
// diagonals with bounded gaps, then verified with a word-level diff that
// also yields the edit script shown to users.
#pragma once

#include "text/text.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace stemma::align {

enum class ReuseKind { verbatim, near_verbatim, rewritten };
const char* to_string(ReuseKind kind);

struct Passage {
  // Byte offsets into each text, [begin, end). "a" is the first text given to align().
  std::uint32_t a_begin = 0, a_end = 0, b_begin = 0, b_end = 0;
  std::uint32_t a_first_token = 0, a_token_count = 0, b_first_token = 0, b_token_count = 0;
  std::uint32_t kept_tokens = 0; // words the diff keeps unchanged
  double similarity = 0;         // 2 * kept / (a words + b words)
  ReuseKind kind = ReuseKind::verbatim;
  double a_quoted = 0; // share of the passage's bytes inside quotation marks in a
  double b_quoted = 0; // ... in b
};

struct Alignment {
  std::vector<Passage> passages; // sorted by b_begin, disjoint in b
  double coverage_a = 0;         // share of a's words kept in some passage
  double coverage_b = 0;         // share of b's words kept in some passage
  std::uint32_t tokens_a = 0, tokens_b = 0;
};

// Words kept unchanged over all passages.
std::uint32_t kept_words(const Alignment& alignment);
// Word-weighted similarity of the passages: 2 * kept / (a words + b words); 0 without passages.
double similarity(const Alignment& alignment);

// The same alignment seen from the other side (b becomes a), passages sorted by
// their new b offsets.
Alignment flipped(const Alignment& alignment);

struct AlignParams {
  int seed_words = 3;           // n-gram length of exact seeds
  int max_gap = 20;             // words allowed between seeds of one passage
  int min_passage_words = 8;    // shorter passages are dropped
  double min_similarity = 0.4;  // passages whose diff keeps less are dropped
  std::size_t max_seed_frequency = 12; // n-grams repeated more often in a are not seeds
  double verbatim_similarity = 0.995;
  double near_verbatim_similarity = 0.85;
};

struct Text {
  std::string_view utf8;
  const text::Analysis& analysis;
};

Alignment align(const Text& a, const Text& b, const AlignParams& params = {});

// ---- Word-level edit script ------------------------------------------------

enum class EditOp : std::uint8_t { keep, substitute, remove, insert };
const char* to_string(EditOp op);

struct Edit {
  EditOp op;
  std::uint32_t a; // token index in a (for insert: the a position it precedes)
  std::uint32_t b; // token index in b (for remove: the b position it precedes)
};

// Myers' O(ND) diff of two token-hash sequences; adjacent remove/insert runs
// are paired into substitutions. Returns an empty script if more than
// max_edits edits would be needed (callers fall back to seed evidence).
std::vector<Edit> word_diff(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b, std::size_t max_edits = 2000);

// The edit script of one passage, with token indices absolute in each text.
std::vector<Edit> passage_edits(const text::Analysis& a, const text::Analysis& b, const Passage& passage);

} // namespace stemma::align
