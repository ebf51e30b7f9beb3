// Align stage: finds the passages two texts share, with offsets in both, in
// the spirit of the best PAN text-alignment systems:
//  - seeding, twice: word n-grams of canonical words (text::Token::canon, so
//    inflections and WordNet synonyms meet), chained along near-constant
//    diagonals; and sentence pairs whose canonical content words overlap
//    (which survives synonym spin, clause reordering and compression);
//  - extension: seeds close in both texts are merged into one passage, so a
//    passage whose sentences were reordered stays one passage;
//  - filtering: passages too short or too dissimilar are dropped, and where
//    two claim the same words of b the stronger is kept.
//  - gap filling: where the passages already pair a fair share of b with a,
//    sentences of b between two aligned ones, the parts of aligned sentences
//    their passage missed, and short same-order word runs near a passage are
//    compared with the source words where the order of the text puts them
//    (journalists rewrite sentence by sentence, in order).
// Each passage is verified with a word-level diff over canonical words, which
// also yields the edit script shown to users (kept, synonym, substituted, ...).
#pragma once

#include "text/text.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <string_view>
#include <vector>

namespace stemma::align {

// verbatim: the same words; near_verbatim: a few words changed; paraphrase:
// rewritten (synonym spin, reworded, reordered); summary: b keeps a compressed
// part of a (much shorter, mostly made of a's words).
enum class ReuseKind { verbatim, near_verbatim, paraphrase, summary };
const char* to_string(ReuseKind kind);
ReuseKind reuse_kind_from(std::string_view name); // inverse of to_string; "rewritten" (schema v3) = paraphrase

struct Passage {
  // Byte offsets into each text, [begin, end). "a" is the first text given to align().
  std::uint32_t a_begin = 0, a_end = 0, b_begin = 0, b_end = 0;
  std::uint32_t a_first_token = 0, a_token_count = 0, b_first_token = 0, b_token_count = 0;
  std::uint32_t kept_tokens = 0;    // words the diff keeps unchanged
  std::uint32_t synonym_tokens = 0; // words the diff pairs with an inflection or synonym
  double similarity = 0;            // 2 * kept / (a words + b words)
  double canonical_similarity = 0;  // 2 * (kept + synonyms) / (a words + b words)
  double content_overlap = 0;       // Dice of the canonical content words, ignoring order
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
// How strongly a passage was rewritten: the share of b's words in it that are
// not a's words kept in place (0 verbatim ... 1 nothing kept word for word).
double rewrite_score(const Passage& passage);
// The same over all passages, word-weighted; 1 without passages.
double rewrite_score(const Alignment& alignment);

// The same alignment seen from the other side (b becomes a), passages sorted by
// their new b offsets.
Alignment flipped(const Alignment& alignment);

struct AlignParams {
  int seed_words = 3;           // n-gram length of canonical-word seeds
  int max_gap = 20;             // words allowed between seeds of one passage
  int max_source_gap = 60;      // ... in a, when they are within max_gap in b (summaries skip sentences)
  int min_passage_words = 8;    // shorter passages are dropped
  double min_similarity = 0.4;  // word passages whose diff keeps less (canonical words) are dropped
  std::size_t max_seed_frequency = 12; // n-grams repeated more often in a are not seeds
  // Sentence seeds: a pair of sentences whose canonical content words overlap.
  bool sentence_seeds = true;
  int sentence_min_content = 4;     // sentences with fewer content words do not seed
  int sentence_min_shared = 3;      // content words two sentences must share
  double sentence_min_dice = 0.45;  // Dice of their content-word sets
  double min_content_overlap = 0.4; // passages built from sentence seeds: content-word Dice to keep
  double verbatim_similarity = 0.995;
  double near_verbatim_similarity = 0.85;
  double summary_length_ratio = 0.7; // b shorter than this share of a, and mostly a's words: summary
  // Gap filling, after the passages are chosen, where they already pair at least
  // fill_min_coverage of b's words with a (a text that took this much from a rewrote more of it):
  //  - a sentence of b that no passage covers, lying between two sentences that passages cover
  //    (anchors: at most fill_max_sentences apart, in the same order in a), becomes a passage when
  //    enough of its content words occur in the words of a between the anchors' source words (plus
  //    fill_margin either side; at most fill_max_window apart). A sentence next to one anchor only is
  //    compared with fill_edge_window words of a beyond it; the words of an anchored sentence its
  //    passage missed, with the source words around the passage's own;
  //  - then any stretch of a sentence of b (at least fill_run_min_words words) still uncovered
  //    becomes a passage if at least fill_run_share of its words lie in runs of two or more words
  //    (one a content word) that a has in the same order (> 1 switches this off).
  bool fill_gaps = true;
  double fill_min_coverage = 0.2;
  int fill_max_sentences = 3;
  int fill_margin = 10;
  int fill_max_window = 150;
  int fill_edge_window = 40;
  int fill_min_shared = 2;               // content words of the sentence found there, at least
  double fill_min_containment = 0.3;     // ... and this share of its content words (between anchors)
  double fill_edge_containment = 0.5;    // ... next to one anchor
  double fill_rest_containment = 0.3;    // ... the missed part of an anchored sentence (1 word may do)
  double fill_run_share = 0.6;
  int fill_run_min_words = 3;
};

struct Text {
  std::string_view utf8;
  const text::Analysis& analysis;
};

Alignment align(const Text& a, const Text& b, const AlignParams& params = {});

// ---- Sentence similarity ---------------------------------------------------
// How alike two short texts (sentences) are, from several views of their words;
// `score` is the one the aligner's sentence seeds use (content-word Dice). The
// other features serve classifiers trained elsewhere (eval/msrp.py).
struct SentenceSimilarity {
  double score = 0;            // = content_dice
  double word_dice = 0;        // exact word forms, as sets
  double canonical_dice = 0;   // canonical words (stems, synonyms), as sets
  double content_dice = 0;     // canonical content words (no function words), as sets
  double content_containment_min = 0, content_containment_max = 0; // shared / smaller set, shared / larger set
  double bigram_dice = 0;      // canonical word bigrams
  double ordered_similarity = 0; // 2 * canonical matches of the diff / (a words + b words)
  double length_ratio = 0;     // shorter / longer, in words
  double number_mismatch = 0;  // 1 when the numbers differ
  double synonym_share = 0;    // share of canonical matches that are not the same form
};
SentenceSimilarity sentence_similarity(const text::Analysis& a, const text::Analysis& b);

// ---- Word-level edit script ------------------------------------------------

// keep: the same word; synonym: an inflection or WordNet synonym of it (the
// same canonical word); substitute: another word in its place.
enum class EditOp : std::uint8_t { keep, synonym, substitute, remove, insert };
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

// The edit script of one passage, with token indices absolute in each text:
// a diff over canonical words whose matches are split into keep and synonym.
std::vector<Edit> passage_edits(const text::Analysis& a, const text::Analysis& b, const Passage& passage);

} // namespace stemma::align
