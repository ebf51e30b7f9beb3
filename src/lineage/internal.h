// Private to the lineage stage: credit checks prepared once per article (a story
// checks every pair in both directions), and readings of witnesses against a
// reference text, for Lachmann's method of shared innovations.
#pragma once

#include "lineage/lineage.h"
#include "text/text.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stemma::lineage::detail {

// The names a child would use for the parent's outlet (names, aliases, domains), longest
// first, each with the hashes of its words (maximal runs of letters, digits, non-ASCII bytes).
struct CreditNames {
  std::vector<std::string> names;
  std::vector<std::vector<std::size_t>> word_hashes;
};
CreditNames credit_names(const ArticleInfo& parent);

// A child's normalised body with the sorted hashes of its words: a name can only sit at
// word boundaries in the body if each of its words is one of them, so most pairs are
// settled without searching the body.
struct CreditText {
  std::string_view normalized_body; // not owned
  std::vector<std::size_t> word_hashes;
  std::string normalized_byline;
};
CreditText credit_text(std::string_view normalized_body, const ArticleInfo* child);

// find_credit_normalized with the parent's names and the child's text prepared.
Credit find_credit_prepared(const CreditText& child_text, const ArticleInfo& parent, const CreditNames& parent_names, const ArticleInfo* child);

// Is `copied` (how a child credits a source) the credit line of `other` (how another of the child's
// candidate parents credits the same source), carried along with that candidate's text? Then it
// names where the text came from two hops up, not the child's own source. A copied line may be
// respun, so it is matched by the words of its sentence, not exactly.
bool same_credit_line(const Credit& copied, const Credit& other);
// The same for two citations of one source ("according to X" both): same cue, alike sentence.
bool same_citation_line(const Citation& copied, const Citation& other);

// What decides a story's placeholder sources: the keys under which an article's own outlet may be
// cited (its name, last word, host, known key), and the sources it cites (citations, wire bylines,
// links to known outlets), each with the domain a placeholder would show.
std::set<std::string> cited_as(const ArticleInfo& m);
struct CitedSource {
  std::string key, domain;
};
std::vector<CitedSource> cited_sources(const ArticleInfo& m, std::string_view body);
// An article's citations of sources outside `present` (the keys its story's outlets go by).
std::vector<Citation> absent_citations(std::string_view body, std::string_view byline, const std::set<std::string>& present);
// add_placeholders with the story's present keys and each member's absent citations given
// (build_stemma has them already).
using CitationsOf = std::function<const std::vector<Citation>&(std::uint32_t id)>;
void add_placeholders(Stemma& stemma, const std::vector<ArticleInfo>& members, const std::set<std::string>& present,
                      const CitationsOf& absent_citations_of);

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
  // Bit i set: reference token i is not read `kept` / reads a variant (neither kept nor absent).
  // A story compares every pair of copies; on bits that is a few dozen words per pair.
  std::vector<std::uint64_t> not_kept_bits, variant_bits;
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
