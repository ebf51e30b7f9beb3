// Helpers shared by claim extraction and mutation detection: one analysed text
// with the questions both ask of its tokens.
#pragma once

#include "claims/claims.h"

#include <string>
#include <string_view>
#include <vector>

namespace stemma::claims::detail {

struct Doc {
  std::string_view body;
  const text::Analysis& an;
  const Lexicon& lex;
  std::vector<text::Span> quotes;  // text::quotation_spans
  std::vector<int> quote_of;       // per token: index into quotes, or -1

  Doc(std::string_view body, const text::Analysis& analysis, const Lexicon& lexicon);

  std::size_t size() const { return an.tokens.size(); }
  const std::string& form(std::size_t i) const { return an.forms[i]; }
  std::string_view raw(std::size_t i) const { return body.substr(an.tokens[i].begin, an.tokens[i].end - an.tokens[i].begin); }
  std::uint32_t sentence(std::size_t i) const { return an.tokens[i].sentence; }
  std::size_t sentence_end(std::size_t i) const; // one past the last token of i's sentence
  // The bytes between token i-1 and token i (from the sentence start for the first token).
  std::string_view gap_before(std::size_t i) const;
  bool boundary_before(std::size_t i) const; // punctuation (, ; : . ! ? quotes brackets dashes) or a new line before i
  bool capitalised(std::size_t i) const;     // starts with an upper-case letter
  bool acronym(std::size_t i) const;         // two or more letters, all upper case
  bool sentence_initial(std::size_t i) const;
  bool is_number(std::size_t i) const;       // digits or a number word
  bool in_quote(std::size_t i) const { return quote_of[i] >= 0; }
  // Index of the longest lexicon phrase starting at i within its sentence (0: none).
  std::size_t match(const PhraseList& list, std::size_t i) const { return list.match(an.forms, i, sentence_end(i)); }
  std::string text_of(std::size_t first, std::size_t last_excl) const; // raw bytes of a token range
  text::Span span_of(std::size_t first, std::size_t last_excl) const;
  bool is_month(std::size_t i) const;         // "May" only when capitalised
  bool is_date_word(std::size_t i) const;     // month, weekday or relative date word
};

// Do WordNet list the two (normalised) words in one synset among the first senses of either
// (compared by Snowball stem)? A spinner's swap, not a change of meaning.
bool wordnet_synonyms(std::string_view a, std::string_view b);

// The speaker kind of a noun phrase (tokens [first, last)).
SpeakerKind speaker_kind(const Doc& d, std::size_t first, std::size_t last);

} // namespace stemma::claims::detail
