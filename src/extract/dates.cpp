// Date parsing for news pages: ISO 8601 / RFC 3339, RFC 1123/2822 and the
// English forms that bylines use. Everything is converted to UTC seconds; a
// date without a zone is taken as UTC and flagged so.
#include "extract/internal.h"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace stemma::extract {
namespace {

using detail::is_ascii_alpha;
using detail::is_ascii_digit;
using detail::is_ascii_space;
using detail::lower_ascii;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

struct Fields {
  int year = -1, month = -1, day = -1;
  int hour = -1, minute = 0, second = 0;
  bool has_zone = false;
  int offset_seconds = 0; // local = UTC + offset
  int us_zone = 0;        // "ET"/"CT"/"MT"/"PT": standard offset in hours (-5..-8), DST decided by date
};

std::optional<Date> build(const Fields& f) {
  if (f.year < 1900 || f.year > 2200 || f.month < 1 || f.month > 12 || f.day < 1) return std::nullopt;
  if (f.day > days_in_month(f.year, f.month)) return std::nullopt;
  if (f.hour > 23 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 60) return std::nullopt;
  Date d;
  std::int64_t secs = days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day)) * 86400;
  if (f.hour >= 0) {
    d.has_time = true;
    secs += f.hour * 3600 + f.minute * 60 + (f.second == 60 ? 59 : f.second);
  }
  int offset = f.offset_seconds;
  if (f.us_zone != 0) {
    // US daylight saving time (since 2007): from the second Sunday of March,
    // 2:00 local, to the first Sunday of November, 2:00 local.
    auto weekday = [](std::int64_t days) { return static_cast<int>(((days % 7) + 11) % 7); }; // 0 = Sunday
    const std::int64_t mar1 = days_from_civil(f.year, 3, 1);
    const std::int64_t nov1 = days_from_civil(f.year, 11, 1);
    const std::int64_t dst_start = mar1 + (7 - weekday(mar1)) % 7 + 7;
    const std::int64_t dst_end = nov1 + (7 - weekday(nov1)) % 7;
    const std::int64_t day = days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
    const int hour = f.hour < 0 ? 12 : f.hour;
    bool dst = day > dst_start && day < dst_end;
    if (day == dst_start) dst = hour >= 2;
    if (day == dst_end) dst = hour < 2;
    offset = (f.us_zone + (dst ? 1 : 0)) * 3600;
  }
  if (f.has_zone) {
    d.has_zone = true;
    secs -= offset;
  }
  d.utc_seconds = secs;
  return d;
}

// Reads exactly n digits at s[i..]; advances i.
bool read_digits(std::string_view s, std::size_t& i, int n, int& out) {
  if (i + static_cast<std::size_t>(n) > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    const char c = s[i + static_cast<std::size_t>(k)];
    if (!is_ascii_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  i += static_cast<std::size_t>(n);
  out = v;
  return true;
}

// Numeric offset: "+05:30", "+0530", "+05", "-0800". i points at the sign.
bool read_offset(std::string_view s, std::size_t& i, int& seconds) {
  if (i >= s.size() || (s[i] != '+' && s[i] != '-' && s[i] != '\xE2')) return false;
  int sign = 1;
  std::size_t j = i;
  if (s[j] == '\xE2') { // U+2212 MINUS SIGN
    if (s.substr(j, 3) != "\xE2\x88\x92") return false;
    sign = -1;
    j += 3;
  } else {
    sign = s[j] == '-' ? -1 : 1;
    ++j;
  }
  int hh = 0, mm = 0;
  if (!read_digits(s, j, 2, hh)) {
    // "GMT+5" style: one digit hour.
    if (j < s.size() && is_ascii_digit(s[j]) && (j + 1 >= s.size() || !is_ascii_digit(s[j + 1]))) {
      hh = s[j] - '0';
      ++j;
    } else {
      return false;
    }
  } else if (j < s.size() && s[j] == ':') {
    std::size_t k = j + 1;
    if (!read_digits(s, k, 2, mm)) return false;
    j = k;
  } else {
    std::size_t k = j;
    if (read_digits(s, k, 2, mm)) j = k;
  }
  if (j < s.size() && is_ascii_digit(s[j])) return false;
  if (hh > 18 || mm > 59) return false;
  seconds = sign * (hh * 3600 + mm * 60);
  i = j;
  return true;
}

std::string_view strip(std::string_view s) { return detail::trim(s); }

// ISO 8601 / RFC 3339: 2026-03-14, 2026-03-14T13:30, 2026-03-14 13:30:00.123+01:00, ...Z
std::optional<Date> parse_iso(std::string_view s) {
  Fields f;
  std::size_t i = 0;
  if (!read_digits(s, i, 4, f.year)) return std::nullopt;
  if (i >= s.size()) return std::nullopt;
  const char sep = s[i];
  if (sep != '-' && sep != '/') return std::nullopt;
  ++i;
  if (!read_digits(s, i, 2, f.month)) return std::nullopt;
  if (i >= s.size() || s[i] != sep) return std::nullopt;
  ++i;
  if (!read_digits(s, i, 2, f.day)) return std::nullopt;
  if (i == s.size()) return build(f);
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
  ++i;
  while (i < s.size() && s[i] == ' ') ++i;
  if (!read_digits(s, i, 2, f.hour)) return std::nullopt;
  if (i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  if (!read_digits(s, i, 2, f.minute)) return std::nullopt;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!read_digits(s, i, 2, f.second)) return std::nullopt;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      const std::size_t start = i;
      while (i < s.size() && is_ascii_digit(s[i])) ++i;
      if (i == start) return std::nullopt;
    }
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i == s.size()) return build(f);
  if (s[i] == 'Z' || s[i] == 'z') {
    f.has_zone = true;
    ++i;
  } else if (s[i] == '+' || s[i] == '-') {
    if (!read_offset(s, i, f.offset_seconds)) return std::nullopt;
    f.has_zone = true;
  } else {
    std::string rest = detail::to_lower(strip(s.substr(i)));
    if (rest == "utc" || rest == "gmt") {
      f.has_zone = true;
      i = s.size();
    } else {
      return std::nullopt;
    }
  }
  if (strip(s.substr(i)).empty()) return build(f);
  return std::nullopt;
}

int month_from_word(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kFull{"january", "february", "march",     "april",   "may",      "june",
                                                          "july",    "august",   "september", "october", "november", "december"};
  for (std::size_t m = 0; m < 12; ++m) {
    if (w == kFull[m]) return static_cast<int>(m) + 1;
    if (w.size() >= 3 && kFull[m].substr(0, 3) == w) return static_cast<int>(m) + 1;
  }
  if (w == "sept") return 9;
  return 0;
}

bool is_weekday(std::string_view w) {
  static constexpr std::array<std::string_view, 7> kFull{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (auto d : kFull) {
    if (w == d) return true;
    if (w.size() >= 3 && w.size() <= 5 && d.substr(0, w.size()) == w) return true; // mon, tues, thurs
  }
  return false;
}

struct ZoneAbbrev {
  std::string_view name;
  int offset_minutes;
};

// Unambiguous zone abbreviations. ET/CT/MT/PT are handled separately (DST by date).
constexpr ZoneAbbrev kZones[] = {
    {"gmt", 0},      {"utc", 0},      {"ut", 0},       {"z", 0},       {"est", -300},  {"edt", -240},  {"cst", -360},
    {"cdt", -300},   {"mst", -420},   {"mdt", -360},   {"pst", -480},  {"pdt", -420},  {"akst", -540}, {"akdt", -480},
    {"hst", -600},   {"ast", -240},   {"adt", -180},   {"nst", -210},  {"ndt", -150},  {"bst", 60},    {"wet", 0},
    {"west", 60},    {"cet", 60},     {"cest", 120},   {"eet", 120},   {"eest", 180},  {"msk", 180},   {"jst", 540},
    {"kst", 540},    {"hkt", 480},    {"sgt", 480},    {"pht", 480},   {"wib", 420},   {"aest", 600},  {"aedt", 660},
    {"acst", 570},   {"acdt", 630},   {"awst", 480},   {"nzst", 720},  {"nzdt", 780},  {"sast", 120},  {"cat", 120},
    {"eat", 180},    {"wat", 60},     {"pkt", 300},
};

enum class Tok { Number, Word, Time, Offset, Sep };

// English and RFC 2822 forms, parsed as a sequence of recognised tokens; any
// unrecognised token makes the whole string unreadable.
std::optional<Date> parse_words(std::string_view s) {
  Fields f;
  std::vector<int> numbers;        // bare numbers, in order
  std::vector<bool> number_is_ord; // had an ordinal suffix
  int month = 0;
  bool pm = false, am = false, seen_time = false;
  int numeric_a = -1, numeric_b = -1, numeric_y = -1; // d/m/y or m/d/y or y/m/d numeric date
  char numeric_sep = 0;
  bool numeric_year_first = false;
  std::size_t i = 0;
  int tokens = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (is_ascii_space(c) || c == ',' || c == '|' || c == '@' || c == '(' || c == ')' || c == ';') {
      ++i;
      continue;
    }
    // Non-breaking space, middle dot, bullet, dashes used as separators.
    if (c == '\xC2' && i + 1 < s.size() && (s[i + 1] == '\xA0' || s[i + 1] == '\xB7')) {
      i += 2;
      continue;
    }
    if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' &&
        (s[i + 2] == '\x93' || s[i + 2] == '\x94' || s[i + 2] == '\xA2' || s[i + 2] == '\xAF' || s[i + 2] == '\x89')) {
      i += 3;
      continue;
    }
    if (++tokens > 16) return std::nullopt;
    if (is_ascii_alpha(c)) {
      std::string w;
      while (i < s.size() && (is_ascii_alpha(s[i]) || s[i] == '.')) {
        if (s[i] != '.') w.push_back(lower_ascii(s[i]));
        ++i;
      }
      if (w.empty()) return std::nullopt;
      if (const int m = month_from_word(w); m != 0 && (w.size() >= 3)) {
        if (month != 0) return std::nullopt;
        month = m;
        continue;
      }
      if (is_weekday(w) || w == "at" || w == "on" || w == "of" || w == "the") continue;
      if (w == "am") {
        am = true;
        continue;
      }
      if (w == "pm") {
        pm = true;
        continue;
      }
      if (w == "noon") { // "12 noon"
        continue;
      }
      if (w == "et" || w == "ct" || w == "mt" || w == "pt") {
        f.has_zone = true;
        f.us_zone = w == "et" ? -5 : w == "ct" ? -6 : w == "mt" ? -7 : -8;
        continue;
      }
      bool zone = false;
      for (const auto& z : kZones) {
        if (w == z.name) {
          f.has_zone = true;
          f.offset_seconds = z.offset_minutes * 60;
          zone = true;
          break;
        }
      }
      if (zone) {
        // "GMT+5", "UTC+05:30"
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
          int off = 0;
          if (read_offset(s, i, off)) f.offset_seconds += off;
        }
        continue;
      }
      if (w == "st" || w == "nd" || w == "rd" || w == "th") continue; // "14 th"
      return std::nullopt;
    }
    if (c == '+' || (c == '-' && seen_time) || c == '\xE2') {
      int off = 0;
      if (read_offset(s, i, off)) {
        f.has_zone = true;
        f.offset_seconds = off;
        continue;
      }
      if (c != '-') return std::nullopt;
      ++i; // a dash separator after the time
      continue;
    }
    if (c == '-' || c == '/' || c == '.') { // separators between words ("14-Mar-2026")
      ++i;
      continue;
    }
    if (is_ascii_digit(c)) {
      std::size_t j = i;
      int v = 0, nd = 0;
      while (j < s.size() && is_ascii_digit(s[j]) && nd < 9) {
        v = v * 10 + (s[j] - '0');
        ++j;
        ++nd;
      }
      if (j < s.size() && is_ascii_digit(s[j])) return std::nullopt;
      if (j < s.size() && (s[j] == ':' || (s[j] == '.' && nd <= 2 && j + 3 <= s.size() && is_ascii_digit(s[j + 1]) &&
                                           is_ascii_digit(s[j + 2]) && (j + 3 == s.size() || !is_ascii_digit(s[j + 3])) &&
                                           (j + 3 == s.size() || s[j + 3] != '.')))) {
        // time h:mm[:ss[.fff]] (or "8.30 pm")
        if (seen_time || nd > 2) return std::nullopt;
        f.hour = v;
        std::size_t k = j + 1;
        if (!read_digits(s, k, 2, f.minute)) return std::nullopt;
        if (k < s.size() && s[k] == ':') {
          ++k;
          if (!read_digits(s, k, 2, f.second)) return std::nullopt;
          if (k < s.size() && s[k] == '.') {
            ++k;
            while (k < s.size() && is_ascii_digit(s[k])) ++k;
          }
        }
        seen_time = true;
        i = k;
        continue;
      }
      if (j < s.size() && (s[j] == '/' || s[j] == '.' || s[j] == '-') && j + 1 < s.size() && is_ascii_digit(s[j + 1])) {
        // numeric date: y-m-d, d.m.y, m/d/y
        if (numeric_y >= 0 || month != 0) return std::nullopt;
        const char sep = s[j];
        std::size_t k = j + 1;
        int v2 = 0, nd2 = 0;
        while (k < s.size() && is_ascii_digit(s[k]) && nd2 < 5) {
          v2 = v2 * 10 + (s[k] - '0');
          ++k;
          ++nd2;
        }
        if (k >= s.size() || s[k] != sep || nd2 > 2) return std::nullopt;
        ++k;
        int v3 = 0, nd3 = 0;
        while (k < s.size() && is_ascii_digit(s[k]) && nd3 < 5) {
          v3 = v3 * 10 + (s[k] - '0');
          ++k;
          ++nd3;
        }
        if (nd3 == 0 || (k < s.size() && is_ascii_digit(s[k]))) return std::nullopt;
        if (k < s.size() && s[k] == sep) return std::nullopt;
        numeric_sep = sep;
        if (nd == 4 && nd3 <= 2) {
          numeric_year_first = true;
          numeric_y = v;
          numeric_a = v2;
          numeric_b = v3;
        } else if (nd <= 2 && nd3 == 4) {
          numeric_a = v;
          numeric_b = v2;
          numeric_y = v3;
        } else {
          return std::nullopt;
        }
        i = k;
        continue;
      }
      bool ord = false;
      if (j + 1 < s.size()) {
        const char a = lower_ascii(s[j]), b = lower_ascii(s[j + 1]);
        if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') || (a == 't' && b == 'h')) {
          if (j + 2 >= s.size() || !is_ascii_alpha(s[j + 2])) {
            ord = true;
            j += 2;
          }
        }
      }
      if (nd != 4 && nd > 2) return std::nullopt;
      numbers.push_back(v);
      number_is_ord.push_back(ord);
      // "8 pm": a bare hour directly followed by am/pm
      i = j;
      continue;
    }
    return std::nullopt;
  }

  // Assemble.
  if (numeric_y >= 0) {
    if (!numbers.empty() && !(numbers.size() == 1 && (am || pm) && !seen_time)) return std::nullopt;
    f.year = numeric_y;
    if (numeric_year_first) {
      f.month = numeric_a;
      f.day = numeric_b;
    } else if (numeric_sep == '.' || numeric_sep == '-') {
      f.day = numeric_a; // European day-first order
      f.month = numeric_b;
    } else {
      // m/d/y or d/m/y: only certain when one of them cannot be a month.
      if (numeric_a > 12 && numeric_b <= 12) {
        f.day = numeric_a;
        f.month = numeric_b;
      } else if (numeric_b > 12 && numeric_a <= 12) {
        f.month = numeric_a;
        f.day = numeric_b;
      } else if (numeric_a == numeric_b) {
        f.month = f.day = numeric_a;
      } else {
        return std::nullopt;
      }
    }
    if (numbers.size() == 1) {
      if (numbers[0] > 12) return std::nullopt;
      f.hour = numbers[0];
      f.minute = 0;
      seen_time = true;
    }
  } else {
    if (month == 0) return std::nullopt;
    f.month = month;
    int year = -1, day = -1, bare_hour = -1;
    for (std::size_t k = 0; k < numbers.size(); ++k) {
      const int v = numbers[k];
      if (v >= 1000) {
        if (year >= 0) return std::nullopt;
        year = v;
      } else if (day < 0 && v >= 1 && v <= 31) {
        day = v;
      } else if (bare_hour < 0 && !seen_time && (am || pm) && v >= 1 && v <= 12 && !number_is_ord[k]) {
        bare_hour = v;
      } else {
        return std::nullopt;
      }
    }
    if (year < 0 || day < 0) return std::nullopt;
    f.year = year;
    f.day = day;
    if (bare_hour >= 0) {
      f.hour = bare_hour;
      f.minute = 0;
      seen_time = true;
    }
  }
  if (am || pm) {
    if (!seen_time || f.hour < 1 || f.hour > 12) return std::nullopt;
    if (pm && f.hour != 12) f.hour += 12;
    if (am && f.hour == 12) f.hour = 0;
  }
  if (!seen_time && f.has_zone && f.us_zone == 0) {
    // A zone without a time ("March 14, 2026 GMT"): a bare date.
  }
  if (!seen_time) f.hour = -1;
  return build(f);
}

} // namespace

std::optional<Date> parse_date(std::string_view text) {
  std::string_view s = detail::trim(text);
  if (s.empty() || s.size() > 128) return std::nullopt;
  if (s.size() >= 10 && is_ascii_digit(s[0]) && is_ascii_digit(s[3]) && (s[4] == '-' || s[4] == '/')) {
    if (auto d = parse_iso(s)) return d;
  }
  // Compact ISO 8601 basic format: 20260314T133000Z
  if (s.size() >= 15 && s[8] == 'T') {
    std::size_t i = 0;
    Fields f;
    if (read_digits(s, i, 4, f.year) && read_digits(s, i, 2, f.month) && read_digits(s, i, 2, f.day) && s[i] == 'T') {
      ++i;
      if (read_digits(s, i, 2, f.hour) && read_digits(s, i, 2, f.minute) && read_digits(s, i, 2, f.second)) {
        if (i == s.size()) return build(f);
        if (s[i] == 'Z' && i + 1 == s.size()) {
          f.has_zone = true;
          return build(f);
        }
        if (read_offset(s, i, f.offset_seconds) && i == s.size()) {
          f.has_zone = true;
          return build(f);
        }
      }
    }
    return std::nullopt;
  }
  return parse_words(s);
}

namespace detail {

std::optional<Date> find_date_in_text(std::string_view text) {
  // Candidate windows start at a month name, a weekday or a digit; the longest
  // readable window wins. Bounded: at most 64 starts x 12 word lengths.
  if (text.size() > 600) text = text.substr(0, 600);
  std::vector<std::size_t> starts, ends; // word boundaries
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (is_ascii_space(text[i]) || text[i] == '|' || text[i] == ',')) ++i;
    if (i >= text.size()) break;
    const std::size_t b = i;
    while (i < text.size() && !is_ascii_space(text[i]) && text[i] != '|') ++i;
    starts.push_back(b);
    ends.push_back(i);
    if (starts.size() >= 96) break;
  }
  for (std::size_t a = 0; a < starts.size(); ++a) {
    const char c = text[starts[a]];
    if (!is_ascii_alpha(c) && !is_ascii_digit(c)) continue;
    if (is_ascii_alpha(c)) {
      std::string w;
      for (std::size_t k = starts[a]; k < ends[a] && is_ascii_alpha(text[k]); ++k) w.push_back(lower_ascii(text[k]));
      if (!month_from_word(w) && !is_weekday(w)) continue;
      if (w.size() < 3) continue;
    }
    const std::size_t last = std::min(starts.size(), a + 10);
    for (std::size_t e = last; e > a; --e) {
      std::string_view window = text.substr(starts[a], ends[e - 1] - starts[a]);
      // Drop trailing punctuation ("2026." / "2026,")
      while (!window.empty() && (window.back() == '.' || window.back() == ',' || window.back() == ':')) {
        // keep "a.m." / "p.m."
        if (window.size() >= 2 && window.back() == '.' && (window[window.size() - 2] == 'm' || window[window.size() - 2] == 'M')) break;
        window.remove_suffix(1);
      }
      if (auto d = parse_date(window)) return d;
    }
  }
  return std::nullopt;
}

std::optional<Date> date_from_url(std::string_view url) {
  // Only the path: skip scheme and host.
  std::size_t p = url.find("://");
  p = p == std::string_view::npos ? 0 : url.find('/', p + 3);
  if (p == std::string_view::npos) return std::nullopt;
  std::string_view path = url.substr(p);
  const std::size_t q = path.find_first_of("?#");
  if (q != std::string_view::npos) path = path.substr(0, q);
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > path.size()) return false;
    for (std::size_t k = 0; k < n; ++k)
      if (!is_ascii_digit(path[at + k])) return false;
    return true;
  };
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t k = 0; k < n; ++k) v = v * 10 + (path[at + k] - '0');
    return v;
  };
  auto boundary = [&](std::size_t at) { return at >= path.size() || !is_ascii_alnum(path[at]); };
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '/' && path[i] != '-' && path[i] != '_') continue;
    const std::size_t s = i + 1;
    if (!digits(s, 4)) continue;
    const int y = num(s, 4);
    if (y < 1990 || y > 2100) continue;
    Fields f;
    f.year = y;
    // /2026/03/14/ or /2026-03-14
    if (s + 10 <= path.size() && (path[s + 4] == '/' || path[s + 4] == '-') && path[s + 7] == path[s + 4] && digits(s + 5, 2) &&
        digits(s + 8, 2) && boundary(s + 10)) {
      f.month = num(s + 5, 2);
      f.day = num(s + 8, 2);
      if (auto d = build(f)) return d;
    }
    // /20260314/ or /20260314-slug
    if (digits(s, 8) && boundary(s + 8)) {
      f.month = num(s + 4, 2);
      f.day = num(s + 6, 2);
      if (auto d = build(f)) return d;
    }
  }
  return std::nullopt;
}

} // namespace detail
} // namespace stemma::extract
