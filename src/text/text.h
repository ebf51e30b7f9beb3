// Text stage: UTF-8 hygiene, Unicode normalisation and segmentation into
// word tokens and sentences, with every token mapped back to its byte
// offsets in the original text. Everything downstream works on tokens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stemma::text {

// ---- UTF-8 -----------------------------------------------------------------

struct Utf8Repair {
  std::string text;                     // valid UTF-8
  std::vector<std::size_t> bad_offsets; // byte offsets (in the input) of invalid sequences
};

// Replaces each invalid sequence with U+FFFD (the WHATWG "maximal subpart" rule).
Utf8Repair repair_utf8(std::string_view input);
bool is_valid_utf8(std::string_view input);

// Number of code points in text[0, byte_offset). Offsets shown to users are
// code points, so that JavaScript and Python clients can slice with them.
std::size_t char_offset(std::string_view text, std::size_t byte_offset);
// Inverse: byte offset of the code point with index char_index (clamped).
std::size_t byte_offset(std::string_view text, std::size_t char_index);

// ---- Normalisation ---------------------------------------------------------

// NFKC + case folding, with typographic quotes, apostrophes and dashes unified
// to ASCII and whitespace runs collapsed to one space.
std::string normalize(std::string_view utf8);

// ---- Segmentation ------------------------------------------------------------

struct Token {
  std::uint32_t begin = 0;    // byte offsets into the analysed text
  std::uint32_t end = 0;
  std::uint32_t sentence = 0; // index into Analysis::sentences
  bool stopword = false;      // a function word (text::is_stopword)
  std::uint64_t hash = 0;     // xxh3 of the normalised form: equal means the same word
  std::uint64_t canon = 0;    // canonical key (text::canonical): equal means the same word, an
                              // inflection of it, or a WordNet synonym ("found" = "discovered")
};

struct Sentence {
  std::uint32_t begin = 0; // byte offsets
  std::uint32_t end = 0;
  std::uint32_t first_token = 0;
  std::uint32_t token_count = 0;
};

struct Analysis {
  std::vector<Token> tokens;
  std::vector<std::string> forms; // normalised form of each token
  std::vector<Sentence> sentences;
};

// ICU word and sentence segmentation of valid UTF-8 text (at most 4 GiB).
// Word tokens are letters/numbers; punctuation and spaces are skipped.
Analysis analyze(std::string_view utf8);

// ---- Canonical words ---------------------------------------------------------
// Spinners swap content words for synonyms and leave function words alone, so
// reuse detection compares words by a canonical key: function words by their
// form, numbers exactly, other words by the WordNet synonym class of their
// Snowball stem when they have one (a table built from WordNet 3.0 at build
// time by text/make_synonyms.cpp), else by the stem itself.

bool is_stopword(std::string_view normalised_form);
std::string stem(std::string_view normalised_form); // Snowball English
std::optional<std::uint32_t> synonym_class(std::string_view normalised_form);
std::size_t synonym_class_count();

struct Canonical {
  std::uint64_t key = 0;
  bool stopword = false;
};
// `exact_hash` is the token's Token::hash; function words and numbers keep it.
Canonical canonical(std::string_view normalised_form, std::uint64_t exact_hash);

// ---- Quotations --------------------------------------------------------------

struct Span {
  std::uint32_t begin = 0; // byte offsets, [begin, end)
  std::uint32_t end = 0;
};

// Spans of text inside quotation marks ("...", “...”, «...»), within one
// paragraph; an unclosed quote ends at the paragraph break.
std::vector<Span> quotation_spans(std::string_view utf8);

// Bytes of [begin, end) that fall inside the given sorted, disjoint spans.
std::size_t overlap_bytes(const std::vector<Span>& spans, std::uint32_t begin, std::uint32_t end);

} // namespace stemma::text
