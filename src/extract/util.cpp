// Small string helpers of the extract stage: ASCII case, trimming, entity
// decoding and tag stripping for text found in JSON-LD and meta values.
#include "extract/internal.h"

#include <array>
#include <cstdint>
#include <string>

namespace stemma::extract::detail {

std::string to_lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = lower_ascii(c);
  return r;
}

std::string_view trim(std::string_view s) {
  auto space_at_front = [&]() {
    if (s.empty()) return std::size_t{0};
    if (is_ascii_space(s.front())) return std::size_t{1};
    if (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0') return std::size_t{2}; // NBSP
    return std::size_t{0};
  };
  auto space_at_back = [&]() {
    if (s.empty()) return std::size_t{0};
    if (is_ascii_space(s.back())) return std::size_t{1};
    if (s.size() >= 2 && s[s.size() - 2] == '\xC2' && s.back() == '\xA0') return std::size_t{2};
    return std::size_t{0};
  };
  while (std::size_t n = space_at_front()) s.remove_prefix(n);
  while (std::size_t n = space_at_back()) s.remove_suffix(n);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool icontains(std::string_view h, std::string_view n) {
  if (n.empty()) return true;
  if (h.size() < n.size()) return false;
  for (std::size_t i = 0; i + n.size() <= h.size(); ++i)
    if (iequals(h.substr(i, n.size()), n)) return true;
  return false;
}

std::string collapse_spaces(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  bool pending = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    bool space = is_ascii_space(c);
    std::size_t skip = 0;
    if (!space && c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      space = true;
      skip = 1;
    }
    if (space) {
      pending = !r.empty();
      i += skip;
      continue;
    }
    if (pending) r.push_back(' ');
    pending = false;
    r.push_back(c);
  }
  return r;
}

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

struct Entity {
  std::string_view name;
  std::uint32_t cp;
};

constexpr Entity kEntities[] = {
    {"amp", '&'},       {"lt", '<'},         {"gt", '>'},        {"quot", '"'},      {"apos", '\''},     {"nbsp", 0xA0},
    {"ndash", 0x2013},  {"mdash", 0x2014},   {"hellip", 0x2026}, {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"sbquo", 0x201A},   {"bdquo", 0x201E},  {"laquo", 0xAB},    {"raquo", 0xBB},    {"copy", 0xA9},
    {"reg", 0xAE},      {"trade", 0x2122},   {"bull", 0x2022},   {"middot", 0xB7},   {"deg", 0xB0},      {"euro", 0x20AC},
    {"pound", 0xA3},    {"yen", 0xA5},       {"cent", 0xA2},     {"sect", 0xA7},     {"para", 0xB6},     {"times", 0xD7},
    {"eacute", 0xE9},   {"egrave", 0xE8},    {"ecirc", 0xEA},    {"euml", 0xEB},     {"aacute", 0xE1},   {"agrave", 0xE0},
    {"acirc", 0xE2},    {"auml", 0xE4},      {"atilde", 0xE3},   {"aring", 0xE5},    {"ccedil", 0xE7},   {"iacute", 0xED},
    {"igrave", 0xEC},   {"icirc", 0xEE},     {"iuml", 0xEF},     {"ntilde", 0xF1},   {"oacute", 0xF3},   {"ograve", 0xF2},
    {"ocirc", 0xF4},    {"ouml", 0xF6},      {"otilde", 0xF5},   {"oslash", 0xF8},   {"uacute", 0xFA},   {"ugrave", 0xF9},
    {"ucirc", 0xFB},    {"uuml", 0xFC},      {"szlig", 0xDF},    {"Eacute", 0xC9},   {"Aacute", 0xC1},   {"Ouml", 0xD6},
    {"Uuml", 0xDC},     {"Auml", 0xC4},      {"Ntilde", 0xD1},   {"iexcl", 0xA1},    {"iquest", 0xBF},   {"shy", 0xAD},
    {"thinsp", 0x2009}, {"ensp", 0x2002},    {"emsp", 0x2003},   {"zwnj", 0x200C},   {"zwj", 0x200D},    {"prime", 0x2032},
};

} // namespace

std::string decode_entities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out.push_back(s[i++]);
      continue;
    }
    const std::size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out.push_back(s[i++]);
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    bool done = false;
    if (!name.empty() && name[0] == '#') {
      std::uint32_t cp = 0;
      bool ok = name.size() > 1;
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      for (std::size_t k = hex ? 2 : 1; k < name.size() && ok; ++k) {
        const char c = name[k];
        int v = -1;
        if (is_ascii_digit(c)) v = c - '0';
        else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
        if (v < 0) ok = false;
        else cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
        if (cp > 0x10FFFF) ok = false;
      }
      if (ok && (!hex || name.size() > 2)) {
        append_utf8(out, cp);
        done = true;
      }
    } else {
      for (const auto& e : kEntities) {
        if (e.name == name) {
          append_utf8(out, e.cp);
          done = true;
          break;
        }
      }
    }
    if (done) {
      i = semi + 1;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

std::string strip_tags(std::string_view s) {
  if (s.find('<') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '<' && i + 1 < s.size() && (is_ascii_alpha(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!')) {
      const std::size_t e = s.find('>', i);
      if (e == std::string_view::npos) break;
      std::string_view tag = s.substr(i + 1, e - i - 1);
      if (!tag.empty() && tag[0] == '/') tag.remove_prefix(1);
      std::string name;
      for (char c : tag) {
        if (!is_ascii_alnum(c)) break;
        name.push_back(lower_ascii(c));
      }
      if (name == "p" || name == "div" || name == "h2" || name == "h3" || name == "h4" || name == "li" || name == "blockquote") {
        out.append("\n\n");
      } else if (name == "br") {
        out.push_back('\n');
      }
      i = e + 1;
      continue;
    }
    out.push_back(s[i++]);
  }
  return out;
}

} // namespace stemma::extract::detail
