// Text stage: UTF-8 hygiene, Unicode normalisation and segmentation into
// word tokens and sentences, with every token mapped back to its byte
// offsets in the original text. Everything downstream works on tokens.
#pragma once

#include <cstddef>
#include <cstdint>
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
  std::uint64_t hash = 0;     // xxh3 of the normalised form
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
