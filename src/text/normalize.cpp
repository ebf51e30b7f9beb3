#include "text/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace stemma::text {
namespace {

const icu::Normalizer2& nfkc_casefold() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || n == nullptr) throw std::runtime_error("ICU NFKC_Casefold data unavailable");
  return *n;
}

// Typographic variants that NFKC leaves distinct but writers use interchangeably.
UChar32 unify(UChar32 c) {
  switch (c) {
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: case 0x0060: case 0x00B4:
    return '\'';
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
    return '"';
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    return '-';
  default:
    return c;
  }
}

} // namespace

namespace {

// The reference: the whole text through ICU (also the path for invalid UTF-8, which ICU repairs).
std::string normalize_whole(std::string_view utf8) {
  const icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString mapped;
  mapped.getBuffer(src.length()); // reserve
  mapped.releaseBuffer(0);
  bool pending_space = false;
  for (int32_t i = 0; i < src.length();) {
    const UChar32 c = src.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || c == 0xFEFF) {
      pending_space = !mapped.isEmpty();
      continue;
    }
    if (pending_space) {
      mapped.append(static_cast<UChar>(' '));
      pending_space = false;
    }
    mapped.append(unify(c));
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString folded = nfkc_casefold().normalize(mapped, status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalisation failed");
  std::string out;
  folded.toUTF8String(out);
  return out;
}

// What ICU does to each ASCII character, asked of ICU once. `usable` only if every ASCII
// character has a normalisation boundary before it and maps to one ASCII character: then a run
// of ASCII normalises character by character, and the text can be normalised in independent
// pieces split before ASCII characters (ICU's Normalizer2::hasBoundaryBefore contract).
struct AsciiTable {
  bool usable = true;
  bool space[128] = {};
  char folded[128] = {};
};

const AsciiTable& ascii_table() {
  static const AsciiTable table = [] {
    AsciiTable t;
    const icu::Normalizer2& n = nfkc_casefold();
    for (UChar32 c = 0; c < 128; ++c) {
      t.space[c] = u_isUWhiteSpace(c);
      UErrorCode status = U_ZERO_ERROR;
      const icu::UnicodeString one = n.normalize(icu::UnicodeString(c), status);
      t.usable = t.usable && U_SUCCESS(status) && n.hasBoundaryBefore(c) && one.length() == 1 && one.charAt(0) < 128;
      t.folded[c] = t.usable ? static_cast<char>(one.charAt(0)) : '\0';
    }
    return t;
  }();
  return table;
}

// A code point of valid UTF-8 at s[i], and its length in bytes.
UChar32 decode(std::string_view s, std::size_t i, std::size_t& len) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return len = 1, c;
  if (c < 0xE0) return len = 2, ((c & 0x1F) << 6) | (b(1) & 0x3F);
  if (c < 0xF0) return len = 3, ((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return len = 4, ((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

void append_utf8(std::string& out, UChar32 c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6)), out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12)), out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18)), out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

} // namespace

// The same mapping as normalize_whole, with ASCII (most of a news text once quotes and dashes
// are unified) handled here and only the stretches around other characters sent through ICU.
std::string normalize(std::string_view utf8) {
  const AsciiTable& ascii = ascii_table();
  if (!ascii.usable || !is_valid_utf8(utf8)) return normalize_whole(utf8);
  const icu::Normalizer2& n = nfkc_casefold();
  std::string out, piece; // `piece`: mapped text not yet normalised, starting at a boundary
  out.reserve(utf8.size());
  char last_ascii = 0;       // the last mapped character, if `last_is_ascii` (then it is in `out`)
  bool last_is_ascii = false, any = false, pending_space = false;
  const auto flush = [&] {
    if (piece.empty()) return;
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString folded =
        n.normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(piece.data(), static_cast<int32_t>(piece.size()))), status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU normalisation failed");
    folded.toUTF8String(out);
    piece.clear();
  };
  const auto emit = [&](UChar32 c) {
    any = true;
    if (c < 0x80) {
      flush();
      out += ascii.folded[c];
      last_ascii = static_cast<char>(c);
      last_is_ascii = true;
      return;
    }
    // A character that may combine with what precedes it takes the preceding ASCII character
    // into its piece (that one has a boundary before it).
    if (piece.empty() && last_is_ascii && !n.hasBoundaryBefore(c)) {
      out.pop_back();
      piece += last_ascii;
    }
    append_utf8(piece, c);
    last_is_ascii = false;
  };
  for (std::size_t i = 0; i < utf8.size();) {
    std::size_t len = 1;
    const UChar32 c = decode(utf8, i, len);
    i += len;
    if (c < 0x80 ? ascii.space[c] : (u_isUWhiteSpace(c) || c == 0xFEFF)) {
      pending_space = any;
      continue;
    }
    if (pending_space) emit(' '), pending_space = false;
    emit(unify(c));
  }
  flush();
  return out;
}

} // namespace stemma::text
