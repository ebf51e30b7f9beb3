// Character set detection and conversion to UTF-8 (ICU converters).
#include "extract/internal.h"
#include "text/text.h"

#include <unicode/ucnv.h>
#include <unicode/utypes.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

namespace stemma::extract {
namespace {

using detail::is_ascii_alnum;
using detail::is_ascii_space;
using detail::lower_ascii;

struct CharsetName {
  std::string_view label;
  std::string_view canonical; // the name ICU is asked for, also reported
};

// WHATWG Encoding Standard label mapping for the labels seen in practice: the
// Latin-1 family is decoded as windows-1252, GB2312 as GBK, EUC-KR as
// windows-949, as browsers do.
constexpr CharsetName kLabels[] = {
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"x-unicode20utf8", "UTF-8"},
    {"iso-8859-1", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"iso88591", "windows-1252"},
    {"latin1", "windows-1252"},
    {"latin-1", "windows-1252"},
    {"l1", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"windows-1252", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"cp819", "windows-1252"},
    {"ibm819", "windows-1252"},
    {"iso-ir-100", "windows-1252"},
    {"csisolatin1", "windows-1252"},
    {"x-user-defined", "windows-1252"},
    {"iso-8859-9", "windows-1254"},
    {"latin5", "windows-1254"},
    {"windows-1254", "windows-1254"},
    {"iso-8859-11", "windows-874"},
    {"tis-620", "windows-874"},
    {"windows-874", "windows-874"},
    {"gb2312", "GBK"},
    {"gbk", "GBK"},
    {"x-gbk", "GBK"},
    {"chinese", "GBK"},
    {"csgb2312", "GBK"},
    {"gb_2312-80", "GBK"},
    {"cp936", "GBK"},
    {"windows-936", "GBK"},
    {"gb18030", "GB18030"},
    {"big5", "windows-950"},
    {"big5-hkscs", "Big5-HKSCS"},
    {"cn-big5", "windows-950"},
    {"x-x-big5", "windows-950"},
    {"shift_jis", "Shift_JIS"},
    {"shift-jis", "Shift_JIS"},
    {"sjis", "Shift_JIS"},
    {"x-sjis", "Shift_JIS"},
    {"ms_kanji", "Shift_JIS"},
    {"ms932", "Shift_JIS"},
    {"windows-31j", "Shift_JIS"},
    {"csshiftjis", "Shift_JIS"},
    {"euc-jp", "EUC-JP"},
    {"x-euc-jp", "EUC-JP"},
    {"iso-2022-jp", "ISO-2022-JP"},
    {"euc-kr", "windows-949"},
    {"ks_c_5601-1987", "windows-949"},
    {"windows-949", "windows-949"},
    {"cp949", "windows-949"},
    {"korean", "windows-949"},
    {"utf-16", "UTF-16LE"},
    {"utf-16le", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
    {"unicode", "UTF-16LE"},
    {"ucs-2", "UTF-16LE"},
};

// Normalises a charset label; "" when the label is unknown to ICU too.
std::string canonical_charset(std::string_view label_in) {
  std::string label = detail::to_lower(detail::trim(label_in));
  while (!label.empty() && (label.back() == '"' || label.back() == '\'' || label.back() == ';')) label.pop_back();
  while (!label.empty() && (label.front() == '"' || label.front() == '\'')) label.erase(label.begin());
  if (label.empty() || label.size() > 40) return "";
  for (const auto& l : kLabels)
    if (l.label == label) return std::string(l.canonical);
  // Let ICU decide about the rest (windows-1251, koi8-r, iso-8859-2, ...).
  UErrorCode st = U_ZERO_ERROR;
  UConverter* c = ucnv_open(label.c_str(), &st);
  if (U_FAILURE(st) || c == nullptr) return "";
  std::string name = label;
  st = U_ZERO_ERROR;
  const char* iana = ucnv_getStandardName(ucnv_getName(c, &st), "IANA", &st);
  if (U_SUCCESS(st) && iana != nullptr) name = iana;
  ucnv_close(c);
  return name;
}

// The value of "charset=" in a Content-Type header or meta content.
std::string charset_param(std::string_view s) {
  const std::string lower = detail::to_lower(s);
  std::size_t p = lower.find("charset");
  while (p != std::string::npos) {
    std::size_t i = p + 7;
    while (i < lower.size() && is_ascii_space(lower[i])) ++i;
    if (i < lower.size() && lower[i] == '=') {
      ++i;
      while (i < lower.size() && is_ascii_space(lower[i])) ++i;
      if (i < lower.size() && (lower[i] == '"' || lower[i] == '\'')) ++i;
      const std::size_t b = i;
      while (i < lower.size() && (is_ascii_alnum(lower[i]) || lower[i] == '-' || lower[i] == '_' || lower[i] == '.' || lower[i] == ':'))
        ++i;
      if (i > b) return std::string(s.substr(b, i - b));
    }
    p = lower.find("charset", p + 7);
  }
  return "";
}

// <meta charset>, <meta http-equiv=Content-Type content="...; charset=...">
// or an XML declaration, within the first 4 KB.
std::string sniff_meta_charset(std::string_view bytes) {
  std::string_view head = bytes.substr(0, std::min<std::size_t>(bytes.size(), 4096));
  const std::string lower = detail::to_lower(head);
  if (lower.compare(0, 5, "<?xml") == 0) {
    const std::size_t e = lower.find("?>");
    const std::size_t enc = lower.find("encoding", 0);
    if (enc != std::string::npos && (e == std::string::npos || enc < e)) {
      std::size_t i = enc + 8;
      while (i < lower.size() && (is_ascii_space(lower[i]) || lower[i] == '=')) ++i;
      if (i < lower.size() && (lower[i] == '"' || lower[i] == '\'')) {
        const char q = lower[i];
        const std::size_t close = lower.find(q, i + 1);
        if (close != std::string::npos) return std::string(head.substr(i + 1, close - i - 1));
      }
    }
  }
  std::size_t p = lower.find("<meta");
  while (p != std::string::npos) {
    std::size_t e = lower.find('>', p);
    if (e == std::string::npos) e = lower.size();
    const std::string_view tag = std::string_view(lower).substr(p, e - p);
    if (tag.find("charset") != std::string_view::npos) {
      std::string cs = charset_param(head.substr(p, e - p));
      if (!cs.empty()) return cs;
    }
    p = lower.find("<meta", e);
  }
  return "";
}

struct Utf8Stats {
  std::size_t valid_multibyte = 0;
  std::size_t invalid = 0;
};

Utf8Stats utf8_stats(std::string_view s) {
  Utf8Stats st;
  std::size_t i = 0;
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  while (i < n) {
    // ASCII runs, 8 bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, u + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = u[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      min = 0x10000;
    }
    bool ok = len != 0 && i + len <= n;
    std::uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; ok && k < len; ++k) {
      if ((u[i + k] & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (u[i + k] & 0x3F);
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (ok) {
      ++st.valid_multibyte;
      i += len;
    } else {
      ++st.invalid;
      ++i;
    }
  }
  return st;
}

// Converts with an ICU converter to UTF-8, streaming (no size limit beyond memory).
bool icu_convert(std::string_view bytes, const std::string& charset, std::string& out) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> src(ucnv_open(charset.c_str(), &st), ucnv_close);
  if (U_FAILURE(st) || !src) return false;
  st = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> dst(ucnv_open("UTF-8", &st), ucnv_close);
  if (U_FAILURE(st) || !dst) return false;
  out.clear();
  out.reserve(bytes.size() + bytes.size() / 2 + 16);
  std::array<UChar, 4096> pivot{};
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  const char* source = bytes.data();
  const char* source_limit = bytes.data() + bytes.size();
  std::array<char, 65536> chunk{};
  bool reset = true;
  for (;;) {
    char* target = chunk.data();
    st = U_ZERO_ERROR;
    ucnv_convertEx(dst.get(), src.get(), &target, chunk.data() + chunk.size(), &source, source_limit, pivot.data(), &pivot_source,
                   &pivot_target, pivot.data() + pivot.size(), reset, /*flush=*/true, &st);
    reset = false;
    out.append(chunk.data(), static_cast<std::size_t>(target - chunk.data()));
    if (st == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(st)) return false;
    break;
  }
  return true;
}

} // namespace

std::string to_utf8(std::string_view bytes, std::string_view content_type, std::string* detected_charset) {
  std::string charset;
  std::string_view body = bytes;
  // 1. Byte order mark.
  if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    charset = "UTF-8";
    body.remove_prefix(3);
  } else if (body.substr(0, 4) == std::string_view("\xFF\xFE\x00\x00", 4)) {
    charset = "UTF-32LE";
    body.remove_prefix(4);
  } else if (body.substr(0, 4) == std::string_view("\x00\x00\xFE\xFF", 4)) {
    charset = "UTF-32BE";
    body.remove_prefix(4);
  } else if (body.substr(0, 2) == "\xFF\xFE") {
    charset = "UTF-16LE";
    body.remove_prefix(2);
  } else if (body.substr(0, 2) == "\xFE\xFF") {
    charset = "UTF-16BE";
    body.remove_prefix(2);
  }
  bool declared = !charset.empty();
  // 2. HTTP Content-Type.
  if (charset.empty() && !content_type.empty()) {
    charset = canonical_charset(charset_param(content_type));
    declared = !charset.empty();
  }
  // UTF-16 without a BOM: "<\0" or "\0<" at the start.
  if (charset.empty() && body.size() >= 4) {
    if (body[0] != '\0' && body[1] == '\0' && body[2] != '\0' && body[3] == '\0') charset = "UTF-16LE";
    else if (body[0] == '\0' && body[1] != '\0' && body[2] == '\0' && body[3] != '\0') charset = "UTF-16BE";
    declared = !charset.empty();
  }
  // 3. <meta charset> in the first 4 KB; a meta claiming UTF-16 in an
  // ASCII-compatible document means UTF-8 (HTML spec).
  if (charset.empty()) {
    charset = canonical_charset(sniff_meta_charset(body));
    if (charset.rfind("UTF-16", 0) == 0 || charset.rfind("UTF-32", 0) == 0) charset = "UTF-8";
    declared = !charset.empty();
  }
  std::string out;
  const bool single_byte_legacy = charset == "windows-1252" || charset.rfind("windows-125", 0) == 0 || charset.rfind("ISO-8859", 0) == 0 ||
                                  charset.rfind("iso-8859", 0) == 0;
  if (charset.empty() || charset == "UTF-8" || single_byte_legacy) {
    const Utf8Stats st = utf8_stats(body);
    if (st.invalid == 0 && st.valid_multibyte == 0) { // plain ASCII
      if (detected_charset) *detected_charset = charset.empty() ? "UTF-8" : charset;
      return std::string(body);
    }
    if (st.invalid == 0) {
      // Valid UTF-8. A page declared as Latin-1 but made of valid multibyte
      // UTF-8 sequences is UTF-8 mislabelled (a legitimate Latin-1 text
      // practically never forms valid UTF-8 sequences).
      if (charset.empty() || charset == "UTF-8" || st.valid_multibyte > 0) {
        if (detected_charset) *detected_charset = "UTF-8";
        return std::string(body);
      }
    } else if (!single_byte_legacy) {
      if (st.valid_multibyte > 0 && st.invalid <= st.valid_multibyte) {
        // Mostly UTF-8 with some corruption: repair.
        if (detected_charset) *detected_charset = "UTF-8";
        return text::repair_utf8(body).text;
      }
      charset = "windows-1252"; // not UTF-8 at all
    }
  }
  if (!icu_convert(body, charset, out)) {
    if (declared && charset != "windows-1252" && icu_convert(body, "windows-1252", out)) {
      charset = "windows-1252";
    } else {
      if (detected_charset) *detected_charset = "UTF-8";
      return text::repair_utf8(body).text;
    }
  }
  if (detected_charset) *detected_charset = charset;
  // ICU's output is valid UTF-8 by construction; repair anyway for safety.
  if (!text::is_valid_utf8(out)) out = text::repair_utf8(out).text;
  return out;
}

namespace detail {

bool looks_binary(std::string_view raw, std::string_view utf8) {
  static constexpr std::string_view kMagic[] = {
      "%PDF-", "\x89PNG", "GIF87a", "GIF89a", "\xFF\xD8\xFF", "PK\x03\x04", "\x1F\x8B", "\x7F" "ELF", "BZh", "\xFD" "7zXZ", "Rar!",
  };
  for (auto m : kMagic)
    if (raw.substr(0, m.size()) == m) return true;
  if (raw.substr(0, 4) == std::string_view("\0asm", 4)) return true;
  // Control characters (other than whitespace) and replacement characters in
  // the first 16 KB of the decoded text.
  const std::string_view sample = utf8.substr(0, std::min<std::size_t>(utf8.size(), 16384));
  std::size_t bad = 0, chars = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const auto c = static_cast<unsigned char>(sample[i]);
    if ((c & 0xC0) == 0x80) continue; // continuation byte
    ++chars;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) ++bad;
    else if (c == 0xEF && i + 2 < sample.size() && sample[i + 1] == '\xBF' && sample[i + 2] == '\xBD') ++bad;
    else if (c == 0xC2 && i + 1 < sample.size() && static_cast<unsigned char>(sample[i + 1]) < 0xA0) ++bad; // C1 controls
  }
  if (chars == 0) return false;
  return bad * 100 > chars * 3 && bad >= 8;
}

} // namespace detail
} // namespace stemma::extract
