// Explicit attribution in an article's text: "according to NBC News", "told
// Politico", "as The Washington Examiner reports", "(via ...)", "first reported
// by", "originally appeared on", wire-service bylines and datelines.
// Hand-written because no Debian library finds news credit lines; the cue
// phrases are data (one table per language) so other languages can be added.
#include "lineage/lineage.h"
#include "text/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace stemma::lineage {
namespace {

// Cues that precede the source's name ("according to NAME").
struct Cue {
  const char* phrase; // lower case, matched case-insensitively at a word boundary
  const char* kind;
};
constexpr Cue kEnglishBefore[] = {
    {"according to", "according_to"},
    {"first reported by", "first_reported"},
    {"first published by", "first_reported"},
    {"first published on", "originally_appeared"},
    {"first published in", "originally_appeared"},
    {"first appeared on", "originally_appeared"},
    {"first appeared in", "originally_appeared"},
    {"originally appeared on", "originally_appeared"},
    {"originally appeared in", "originally_appeared"},
    {"originally published by", "originally_appeared"},
    {"originally published on", "originally_appeared"},
    {"originally published in", "originally_appeared"},
    {"republished from", "originally_appeared"},
    {"republished with permission from", "originally_appeared"},
    {"reprinted from", "originally_appeared"},
    {"reprinted with permission from", "originally_appeared"},
    {"syndicated from", "originally_appeared"},
    {"courtesy of", "via"},
    {"as reported by", "reported"},
    {"reported by", "reported"},
    {"in an interview with", "told"},
    {"told", "told"},
    {"via", "via"},
    {"h/t", "via"},
    {"hat tip to", "via"},
    {"writing for", "reported"},
    {"wrote in", "reported"},
    {"source:", "via"},
};
// Verbs that follow the source's name ("The Washington Examiner reports").
constexpr const char* kEnglishAfter[] = {"reported", "reports", "first reported", "has reported", "was first to report",
                                         "revealed", "reveals", "wrote", "writes", "broke the story", "said in a report"};
// Words that make a capitalised name an outlet rather than a person.
constexpr const char* kOutletWords[] = {
    "news", "times", "post", "daily", "journal", "herald", "tribune", "gazette", "review", "record", "radio", "tv",
    "television", "press", "magazine", "wire", "agency", "network", "digest", "courier", "ledger", "chronicle",
    "observer", "monitor", "standard", "telegraph", "guardian", "mail", "express", "star", "sun", "mirror", "examiner",
    "inquirer", "reporter", "today", "weekly", "online", "media", "report", "insider", "dispatch", "bulletin",
    "register", "sentinel", "independent", "hub", "feed", "pulse", "roundup", "broadcasting", "channel",
    "public radio", "newspaper", "beacon", "caller", "beast", "free press", "globe", "enquirer"};

bool word_char(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '\'' || c == '-' || c == '&' || c == '.'; }

bool starts_upper(std::string_view w) {
  return !w.empty() && (std::isupper(static_cast<unsigned char>(w[0])) || std::isdigit(static_cast<unsigned char>(w[0])));
}

bool equal_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// One word (letters, digits, inner ' - & .) starting at `pos` (after spaces).
// U+2000..U+203F (curly quotes, dashes, ellipsis) end a word even without a space.
bool general_punctuation_at(std::string_view text, std::size_t i) {
  return i + 1 < text.size() && static_cast<unsigned char>(text[i]) == 0xE2 && static_cast<unsigned char>(text[i + 1]) == 0x80;
}

std::string_view word_at(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && word_char(static_cast<unsigned char>(text[end])) && !general_punctuation_at(text, end)) ++end;
  std::string_view w = text.substr(pos, end - pos);
  while (!w.empty() && (w.back() == '.' || w.back() == '\'' || w.back() == '-')) w.remove_suffix(1); // sentence end
  return w;
}

bool looks_like_domain(std::string_view w) {
  const std::size_t dot = w.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > w.size()) return false;
  const std::string_view tld = w.substr(dot + 1);
  for (const char* t : {"com", "org", "net", "news", "co.uk", "uk", "eu", "io", "info", "de", "fr", "ca", "au", "us"})
    if (equal_ci(tld, t)) return true;
  return false;
}

// A capitalised name starting at `pos`: "The Washington Examiner", "NBC News",
// "Alder Valley Public Radio", "nytimes.com". Lower-case connectors ("of",
// "and", "de") may sit inside it. Returns [begin, end) or an empty range.
std::pair<std::size_t, std::size_t> name_at(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '"' || text[pos] == '\'')) ++pos;
  const std::size_t begin = pos;
  std::size_t end = pos, words = 0;
  while (pos < text.size()) {
    const std::string_view w = word_at(text, pos);
    if (w.empty()) break;
    const bool connector = words > 0 && (w == "of" || w == "and" || w == "&" || w == "de" || w == "for" || w == "on");
    if (looks_like_domain(w) && words == 0) return {begin, pos + w.size()};
    if (!starts_upper(w) && !connector) break;
    if (!connector) end = pos + w.size();
    ++words;
    pos += w.size();
    if (pos < text.size() && text[pos] == '.') break; // "... Times." ends the sentence
    if (pos >= text.size() || text[pos] != ' ') break;
    ++pos;
    if (words >= 7) break;
  }
  return {begin, end};
}

// A capitalised name ending just before `pos` ("... Politico reported").
std::pair<std::size_t, std::size_t> name_before(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end > 0 && text[end - 1] == ' ') --end;
  std::size_t begin = end, words = 0;
  std::size_t cur = end;
  while (cur > 0 && words < 7) {
    std::size_t w_begin = cur;
    while (w_begin > 0 && word_char(static_cast<unsigned char>(text[w_begin - 1]))) --w_begin;
    const std::string_view w = text.substr(w_begin, cur - w_begin);
    if (w.empty() || (words > 0 && (w.back() == '.' || w.back() == ':'))) break; // the previous sentence
    const bool connector = words > 0 && (w == "of" || w == "and" || w == "&");
    if (!starts_upper(w) && !connector && !(words == 0 && looks_like_domain(w))) break;
    if (!connector) begin = w_begin;
    ++words;
    if (w_begin == 0 || text[w_begin - 1] != ' ') break;
    cur = w_begin - 1;
  }
  return {begin, end};
}

bool outlet_like(std::string_view name) {
  const std::string n = text::normalize(name);
  if (n.empty()) return false;
  if (outlet_by_name(n)) return true;
  if (looks_like_domain(name)) return true;
  // Words of the name, hyphenated parts apart ("Standard-Bearer"): one that is an outlet word, or
  // a compound ending in one ("Newswire", "HuffPost"; 4 letters at least: "Sun" ends too much).
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < n.size();) {
    const std::size_t j = n.find_first_of(" -", i);
    const std::size_t stop = j == std::string::npos ? n.size() : j;
    if (stop > i) words.push_back(std::string_view(n).substr(i, stop - i));
    i = stop + 1;
  }
  for (const char* w : kOutletWords) {
    const std::string_view word = w;
    if (word.find(' ') != std::string_view::npos) { // "public radio", "free press"
      std::size_t pos = n.find(word);
      for (; pos != std::string::npos; pos = n.find(word, pos + 1))
        if ((pos == 0 || n[pos - 1] == ' ') && (pos + word.size() == n.size() || n[pos + word.size()] == ' ')) return true;
      continue;
    }
    for (const std::string_view x : words)
      if (x == word || (word.size() >= 4 && x.size() > word.size() && x.ends_with(word))) return true;
  }
  return words.size() == 1 && words[0].size() > 4 && words[0].starts_with("news"); // Newsweek, Newsday
}

// Is byte `at` of `text` the start of a sentence (or of the text)?
bool sentence_start(std::string_view text, std::size_t at) {
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '(')) --at;
  if (at == 0) return true;
  const char c = text[at - 1];
  return c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == '"' || static_cast<unsigned char>(c) >= 0x80;
}

// ASCII lower case, byte for byte, so offsets into the result are offsets into `s`.
std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string sentence_around(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t lo = begin;
  while (lo > 0 && text[lo - 1] != '\n' && !(lo >= 2 && (text[lo - 2] == '.' || text[lo - 2] == '?' || text[lo - 2] == '!') && text[lo - 1] == ' '))
    --lo;
  std::size_t hi = end;
  while (hi < text.size() && text[hi] != '\n' && !((text[hi] == '.' || text[hi] == '?' || text[hi] == '!') && (hi + 1 >= text.size() || text[hi + 1] == ' ' || text[hi + 1] == '\n')))
    ++hi;
  if (hi < text.size() && text[hi] != '\n') ++hi;
  // Keep evidence short: at most ~100 bytes either side of the name, cut at spaces.
  if (begin > lo + 100) {
    lo = text.find(' ', begin - 100);
    lo = lo == std::string_view::npos || lo >= begin ? begin : lo + 1;
  }
  if (hi > end + 100) {
    const std::size_t space = text.rfind(' ', end + 100);
    hi = space != std::string_view::npos && space > end ? space : end;
  }
  while (lo < begin && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80) ++lo;
  while (hi < text.size() && (static_cast<unsigned char>(text[hi]) & 0xC0) == 0x80) ++hi;
  return std::string(text.substr(lo, hi - lo));
}

bool add_citation(std::vector<Citation>& out, std::string_view text, std::size_t begin, std::size_t end, const char* kind,
                  bool need_outlet_shape) {
  if (end <= begin) return false;
  std::string_view name = text.substr(begin, end - begin);
  // A capitalised sentence opener is no part of the name ("As The Harbor Gazette reported").
  for (;;) {
    const std::size_t space = name.find(' ');
    if (space == std::string_view::npos) break;
    const std::string first = text::normalize(name.substr(0, space));
    if (first == "the" || !text::is_stopword(first)) break;
    name.remove_prefix(space + 1), begin += space + 1;
  }
  // A title "The ..." capitalised mid-sentence names a publication or an organisation ("according
  // to The Atlantic", "told The Hill"), whatever its words.
  const bool titled = name.starts_with("The ") && name.size() > 4 && std::isupper(static_cast<unsigned char>(name[4])) &&
                      !sentence_start(text, begin);
  if (name.starts_with("The ") || name.starts_with("the ")) { // "the Guardian" and "The Guardian" are one name
    const std::string n = text::normalize(name);
    if (!outlet_by_name(n)) name.remove_prefix(4), begin += 4;
  }
  if (need_outlet_shape && !titled && !outlet_like(name)) return false;
  Citation c;
  c.name = std::string(name);
  c.kind = kind;
  c.begin = static_cast<std::uint32_t>(begin);
  c.end = static_cast<std::uint32_t>(end);
  c.outlet = looks_like_domain(name) ? outlet_by_host(host_of(name)) : outlet_by_name(text::normalize(name));
  c.key = c.outlet ? c.outlet->key : outlet_key(name);
  c.evidence = sentence_around(text, begin, end);
  for (const Citation& seen : out)
    if (seen.key == c.key && seen.begin == c.begin) return false;
  out.push_back(std::move(c));
  return true;
}

} // namespace

std::vector<Citation> find_citations(std::string_view original_body, std::string_view byline) {
  // No-break spaces (U+00A0, two bytes) become two spaces: offsets stay those of the body.
  std::string spaced(original_body);
  for (std::size_t i = 0; i + 1 < spaced.size(); ++i)
    if (static_cast<unsigned char>(spaced[i]) == 0xC2 && static_cast<unsigned char>(spaced[i + 1]) == 0xA0) spaced[i] = spaced[i + 1] = ' ';
  const std::string_view body = spaced;
  // Cues are matched case-insensitively on a lower-cased copy (one pass, then fast
  // substring search: this runs for every article of a story on every rebuild).
  const std::string lowered = ascii_lower(body);
  const std::string_view lower = lowered;
  // Every phrase starts a word: the word starts are bucketed by their first two letters once,
  // and each phrase is tried only where its own two begin (one find() per phrase over the whole
  // body was a twentieth of a trace's CPU). Phrases are still taken in list order, each left to
  // right, so the same citation wins when two phrases name it.
  const auto bucket = [](std::string_view at) {
    const auto letter = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<std::size_t>(c - 'a') : std::size_t{26}; };
    return letter(at[0]) * 27 + (at.size() > 1 ? letter(at[1]) : std::size_t{26});
  };
  std::array<std::vector<std::uint32_t>, 27 * 27> word_starts;
  for (std::size_t pos = 0; pos < lower.size(); ++pos)
    if ((pos == 0 || !word_char(static_cast<unsigned char>(body[pos - 1]))) && lower[pos] >= 'a' && lower[pos] <= 'z')
      word_starts[bucket(lower.substr(pos))].push_back(static_cast<std::uint32_t>(pos));
  const auto starts_of = [&](std::string_view phrase) -> const std::vector<std::uint32_t>& { return word_starts[bucket(phrase)]; };
  std::vector<Citation> out;
  for (const Cue& cue : kEnglishBefore) {
    const std::string_view phrase = cue.phrase; // lower case
    for (const std::size_t pos : starts_of(phrase)) {
      if (!lower.substr(pos).starts_with(phrase)) continue;
      const std::size_t after = pos + phrase.size();
      if (after < body.size() && word_char(static_cast<unsigned char>(body[after])) && phrase.back() != ':') continue;
      const auto [b, e] = name_at(body, after);
      // "told Politico" names an outlet only if the name looks like one; people are told things too.
      add_citation(out, body, b, e, cue.kind, true);
    }
  }
  for (const char* verb : kEnglishAfter) {
    const std::string_view phrase = verb; // lower case
    for (const std::size_t pos : starts_of(phrase)) {
      if (pos == 0 || body[pos - 1] != ' ' || !lower.substr(pos).starts_with(phrase)) continue;
      const std::size_t after = pos + phrase.size();
      if (after < body.size() && std::isalpha(static_cast<unsigned char>(body[after]))) continue;
      const auto [b, e] = name_before(body, pos);
      add_citation(out, body, b, e, "reported", true);
    }
  }
  // Wire services: "(AP) —", "LONDON (Reuters) -", "By Associated Press", "— AFP".
  // Datelines sit at the top of the text.
  const std::string_view head = body.substr(0, std::min<std::size_t>(body.size(), 400));
  const std::string_view lower_head = lower.substr(0, head.size());
  const std::string lower_byline = ascii_lower(byline);
  for (const Outlet& o : known_outlets()) {
    if (!o.wire) continue;
    for (const std::string& alias : o.aliases) {
      const std::string lower_alias = ascii_lower(alias);
      const std::size_t in_byline = lower_byline.find(lower_alias);
      const bool in_byline_whole =
          in_byline != std::string_view::npos && (in_byline == 0 || !std::isalnum(static_cast<unsigned char>(byline[in_byline - 1]))) &&
          (in_byline + alias.size() >= byline.size() || !std::isalnum(static_cast<unsigned char>(byline[in_byline + alias.size()])));
      for (const std::string& form : {"(" + lower_alias + ")", "by " + lower_alias, "— " + lower_alias, "-- " + lower_alias}) {
        if (in_byline_whole && form.starts_with("by ")) {
          Citation c{.name = o.name, .key = o.key, .kind = "wire_byline", .evidence = std::string(byline), .outlet = &o};
          out.push_back(std::move(c));
          break;
        }
        const std::size_t pos = lower_head.find(form);
        if (pos == std::string_view::npos) continue;
        const std::size_t after = pos + form.size();
        if (after < head.size() && std::isalnum(static_cast<unsigned char>(head[after]))) continue; // "by apple"
        if (pos > 0 && std::isalnum(static_cast<unsigned char>(head[pos - 1]))) continue;
        const std::size_t name_begin = after - alias.size() - (form.front() == '(' ? 1 : 0);
        if (add_citation(out, body, name_begin, name_begin + alias.size(), "wire_byline", false))
          out.back().outlet = &o, out.back().key = o.key, out.back().name = o.name;
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Citation& x, const Citation& y) { return x.begin < y.begin; });
  return out;
}

} // namespace stemma::lineage
