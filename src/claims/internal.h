// Helpers shared by claim extraction and mutation detection: one analysed text
// with the questions both ask of its tokens.
#pragma once

#include "claims/claims.h"

#include <cstdint>
#include <memory>
#include <span>
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

// What wordnet_synonyms compares of a phrase: its stemmed readings (the stems, and the stems
// with one word taken back to a base it may come from), each with its hash and whether any
// pair has it as one side.
struct PhraseReadings {
  struct Item {
    std::string text;
    std::uint64_t hash = 0;
    bool member = false;
  };
  std::vector<Item> items;
  bool any_member = false;
};
std::shared_ptr<const PhraseReadings> phrase_readings(std::string_view phrase); // memoised per thread
bool readings_synonyms(const PhraseReadings& x, const PhraseReadings& y);       // wordnet_synonyms of the two phrases

// A phrase's readings made from its words' stems, so that the stretches of a text need each
// word stemmed once: the words of one form (split at spaces and hyphens, as wordnet_synonyms
// splits a phrase), and the readings of the phrase that words in this order make
// (readings_of(words of "a", words of "b") has the readings of phrase_readings("a b")).
struct PhraseWord {
  std::string word, stem;
  std::vector<std::string> base_stems; // stems of the bases the word may come from
};
std::vector<PhraseWord> phrase_word_stems(std::string_view form);
PhraseReadings readings_of(std::span<const PhraseWord* const> words);

// The speaker kind of a noun phrase (tokens [first, last)).
SpeakerKind speaker_kind(const Doc& d, std::size_t first, std::size_t last);

} // namespace stemma::claims::detail
