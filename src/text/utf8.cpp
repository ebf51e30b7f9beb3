#include "text/text.h"

#include <algorithm>

namespace stemma::text {
namespace {

// How many bytes from s[i] form the longest prefix of a well-formed UTF-8
// sequence (RFC 3629: no overlongs, no surrogates, max U+10FFFF), and how long
// the sequence its lead byte announces is (0 for a byte that cannot lead).
struct Prefix {
  std::size_t valid;
  std::size_t wanted;
};

Prefix well_formed_prefix(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {1, 1};
  std::size_t wanted;
  unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    wanted = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    wanted = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    wanted = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return {0, 0}; // C0, C1, F5-FF and stray continuation bytes
  }
  std::size_t n = 1;
  while (n < wanted && i + n < s.size()) {
    const auto b = static_cast<unsigned char>(s[i + n]);
    if (b < (n == 1 ? lo : 0x80) || b > (n == 1 ? hi : 0xBF)) break;
    ++n;
  }
  return {n, wanted};
}

// Length of the valid sequence at s[i], or 0 if invalid.
std::size_t valid_sequence_length(std::string_view s, std::size_t i) {
  const Prefix p = well_formed_prefix(s, i);
  return p.valid == p.wanted ? p.valid : 0;
}

// Bytes replaced by one U+FFFD: the maximal subpart of a valid sequence
// (WHATWG / Unicode), at least one byte.
std::size_t invalid_run_length(std::string_view s, std::size_t i) { return std::max<std::size_t>(well_formed_prefix(s, i).valid, 1); }

} // namespace

bool is_valid_utf8(std::string_view input) {
  for (std::size_t i = 0; i < input.size();) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= input.size()) {
      std::uint64_t w;
      __builtin_memcpy(&w, input.data() + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= input.size()) break;
    const std::size_t len = valid_sequence_length(input, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

Utf8Repair repair_utf8(std::string_view input) {
  Utf8Repair out;
  if (is_valid_utf8(input)) {
    out.text.assign(input);
    return out;
  }
  out.text.reserve(input.size() + 16);
  for (std::size_t i = 0; i < input.size();) {
    const std::size_t len = valid_sequence_length(input, i);
    if (len > 0) {
      out.text.append(input.substr(i, len));
      i += len;
    } else {
      out.bad_offsets.push_back(i);
      out.text.append("\xEF\xBF\xBD");
      i += invalid_run_length(input, i);
    }
  }
  return out;
}

std::size_t char_offset(std::string_view text, std::size_t byte_offset) {
  if (byte_offset > text.size()) byte_offset = text.size();
  std::size_t chars = 0;
  for (std::size_t i = 0; i < byte_offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars;
}

std::size_t byte_offset(std::string_view text, std::size_t char_index) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == char_index) return i;
      ++chars;
    }
  }
  return text.size();
}

} // namespace stemma::text
