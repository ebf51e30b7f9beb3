// Claims stage: who claims what in an article, and what changed along a
// stemma edge.
//  - Attributed claims: speaker (named person, organisation, or anonymous with
//    its description), cue ("said", "told", "according to"), the claim (a
//    direct quote with its exact span, or the indirect-speech span), its
//    hedges, and the outlets it passed through ("told Politico" -> "as The
//    Washington Examiner reports" -> this page).
//  - Mutations along an edge (parent -> child), each with spans in both texts:
//    hedges added or removed, attribution dropped / weakened / changed, quotes
//    altered, numbers / dates / names / places changed, sentences omitted or
//    inserted, and headline escalation. Synonym swaps (align::EditOp::synonym,
//    one canonical class) are spinning, not a change of meaning, and are never
//    reported.
// Lexicons (cue verbs, hedges, anonymity descriptors, certainty and
// superlative markers, ...) are data: one file per language in
// src/claims/lexicons/<language>.lex, compiled into the library.
#pragma once

#include "align/align.h"
#include "text/text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stemma::claims {

// ---- Lexicons ----------------------------------------------------------------

// A list of phrases of one or more normalised words ("according to").
class PhraseList {
public:
  void add(std::vector<std::string> words);
  const std::vector<std::vector<std::string>>& entries() const { return entries_; }
  // Tokens of the longest entry that matches forms[i...] without passing `end` (0: none).
  std::size_t match(const std::vector<std::string>& forms, std::size_t i, std::size_t end) const;
  bool contains(std::string_view word) const; // a one-word entry

private:
  // Could `word` be a first word? By its first byte and length (capped at 31): a bit test that
  // turns away most words before the hash lookup (match runs at every token of every text).
  bool maybe_first(std::string_view word) const {
    return word.empty() || (first_lengths_[static_cast<unsigned char>(word.front())] >> std::min<std::size_t>(word.size(), 31) & 1u) != 0;
  }
  std::vector<std::vector<std::string>> entries_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_;
  std::array<std::uint32_t, 256> first_lengths_{};
};

struct Lexicon {
  std::string language; // "en"
  PhraseList cue_verbs, cue_prepositions, addressee_verbs, relay_verbs, hedges, anonymous,
      anonymous_determiners, certainty, superlatives, breaking, question_words, months, weekdays, relative_dates,
      number_words, place_prepositions, place_words, person_titles, organisation_words, outlet_words, pronouns, editorial;
};

// The lexicon of a language (ISO 639-1, e.g. "en", or a tag such as "en-GB");
// English when there is none for it.
const Lexicon& lexicon(std::string_view language = "en");
// Languages with a lexicon file.
std::vector<std::string> lexicon_languages();
// Parses the text of a .lex file (exposed for tests and new languages).
Lexicon parse_lexicon(std::string_view language, std::string_view text);

// Is the word a place name in the ISO 3166 lists (countries and their
// subdivisions, Debian's iso-codes), compared case-insensitively?
bool is_known_place(std::string_view normalised_name);

// ---- Attributed claims ---------------------------------------------------------

enum class SpeakerKind { person, organisation, anonymous, unknown };
const char* to_string(SpeakerKind kind);

struct Outlet {
  std::string name;        // "Politico"
  text::Span span;         // where the text names it
  std::string via;         // "told", "according to", "relay" ("As X reports:")
};

struct Hedge {
  std::string text; // as written
  text::Span span;
};

struct Claim {
  std::string speaker;     // as written ("an anonymous senior EU official", "Mr Smith"); a pronoun is resolved
  text::Span speaker_span; // where the speaker is named in this claim (the pronoun's span when resolved)
  SpeakerKind kind = SpeakerKind::unknown;
  bool resolved = false;   // the speaker came from an earlier claim (a pronoun, or an unattributed quote that continues one)
  std::string cue;         // "said", "told", "according to" ("" for a continued quote)
  text::Span cue_span;
  bool direct = false;     // a quotation (span inside the quotation marks) or indirect speech
  text::Span span;         // the claim itself
  std::vector<Hedge> hedges;
  std::vector<Outlet> chain; // the outlets it passed through, the first one nearest the speaker
};

// Claims of one article (text as analysed by text::analyze), in text order.
std::vector<Claim> extract_claims(std::string_view body, const text::Analysis& analysis, const Lexicon& lexicon = claims::lexicon());

// ---- Mutations along an edge ----------------------------------------------------

enum class MutationType {
  hedge_added,
  hedge_removed,
  attribution_dropped,
  attribution_weakened,
  attribution_changed,
  quote_altered,
  number_changed,
  date_changed,
  name_changed,
  place_changed,
  sentence_omitted,
  sentence_inserted,
  headline_escalation,
};
const char* to_string(MutationType type);
std::vector<MutationType> all_mutation_types();

struct Mutation {
  MutationType type = MutationType::hedge_added;
  bool in_title = false;        // spans index the titles, not the bodies (headline_escalation)
  text::Span parent, child;     // byte spans; an empty span marks the place of an insertion or removal
  std::string parent_text, child_text;
  std::string detail;           // e.g. "named -> anonymous", "\"BREAKING\" added"
};

struct EdgeTexts {
  std::string_view parent_body, child_body;
  const text::Analysis& parent_analysis;
  const text::Analysis& child_analysis;
  std::span<const align::Passage> passages; // a = parent, b = child
  std::string_view parent_title, child_title;
};

std::vector<Mutation> detect_mutations(const EdgeTexts& edge, const Lexicon& lexicon = claims::lexicon());

// The same, sharing with the other edges given the same memo the work done on each text (its
// words' stems and the readings of its stretches, for the synonym check): the texts' analyses
// must live, unchanged, as long as the memo. A view of several edges over the same articles
// (a trace, a story) gives them one.
struct SpinMemo;
std::shared_ptr<SpinMemo> make_spin_memo();
std::vector<Mutation> detect_mutations(const EdgeTexts& edge, const Lexicon& lexicon, SpinMemo& memo);
// extract_claims, kept in the memo with the text's other work (the edges of a view and the
// view's own claims of an article ask for the same texts' claims).
const std::vector<Claim>& extract_claims(std::string_view body, const text::Analysis& analysis, const Lexicon& lexicon, SpinMemo& memo);

// The same, analysing the texts itself.
std::vector<Mutation> detect_mutations(std::string_view parent_body, std::string_view child_body,
                                       std::span<const align::Passage> passages, std::string_view parent_title = {},
                                       std::string_view child_title = {}, const Lexicon& lexicon = claims::lexicon());

} // namespace stemma::claims
