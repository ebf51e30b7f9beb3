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

std::string normalize(std::string_view utf8) {
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

} // namespace stemma::text
