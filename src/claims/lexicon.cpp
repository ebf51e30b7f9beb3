#include "claims/internal.h"

#include <xxhash.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <stdexcept>
#include <unordered_map>

namespace stemma::claims {
namespace detail {
extern const std::pair<std::string_view, std::string_view> kLexiconFiles[];
extern const int kLexiconFileCount;
extern const std::string_view kPlaces[];
extern const unsigned kPlaceCount;
extern const std::uint64_t kSynonymPairs[];
extern const unsigned kSynonymPairCount;
extern const std::uint64_t kSynonymMembers[];
extern const unsigned kSynonymMemberCount;

namespace {

bool pair_listed(std::string_view x, std::string_view y) {
  if (x == y) return true;
  if (y < x) std::swap(x, y);
  std::string key(x);
  key += '\0';
  key += y;
  const std::uint64_t h = XXH3_64bits(key.data(), key.size());
  return std::binary_search(kSynonymPairs, kSynonymPairs + kSynonymPairCount, h);
}

// Words of a phrase; with `collapse`, a word repeated straight after itself once ("gone down
// down": a thesaurus swap inflected twice is still the swap; "fifty-fifty" is not collapsed).
std::vector<std::string> phrase_words(std::string_view s, bool collapse) {
  std::vector<std::string> out;
  std::size_t p = 0;
  while (p <= s.size()) {
    const std::size_t sp = std::min(s.find_first_of(" -", p), s.size()); // WordNet joins "twenty-four" by a hyphen
    if (sp > p && (!collapse || out.empty() || out.back() != s.substr(p, sp - p))) out.emplace_back(s.substr(p, sp - p));
    p = sp + 1;
  }
  return out;
}

// Bases a crudely inflected word may come from: spinners and hurried writers attach -ing, -ed
// and -s without English spelling rules ("geting", "leted", "hourses"), and phrasal verbs
// inflect their first word irregularly ("went down", "am after").
std::vector<std::string> bases(const std::string& w) {
  static const std::map<std::string_view, std::string_view> irregular = {
      {"am", "be"},     {"is", "be"},     {"are", "be"},     {"was", "be"},    {"were", "be"},  {"been", "be"},  {"bes", "be"},
      {"did", "do"},    {"does", "do"},   {"done", "do"},    {"went", "go"},   {"gone", "go"},  {"got", "get"},  {"gotten", "get"},
      {"gave", "give"}, {"given", "give"}, {"took", "take"}, {"taken", "take"}, {"made", "make"}, {"came", "come"}, {"had", "have"},
      {"has", "have"},  {"held", "hold"}, {"kept", "keep"},  {"ran", "run"},   {"set", "set"},  {"put", "put"},  {"let", "let"}};
  std::vector<std::string> out;
  if (const auto it = irregular.find(w); it != irregular.end()) out.emplace_back(it->second);
  const auto ends = [&](std::string_view suf) { return w.size() > suf.size() + 1 && w.ends_with(suf); };
  if (w.size() >= 3 && w.ends_with("men")) out.push_back(w.substr(0, w.size() - 3) + "man"); // WordNet's own rule: "women", "newsmen"
  for (const std::string_view suf : {"ing", "ed", "es", "s"})
    if (ends(suf)) {
      const std::string base = w.substr(0, w.size() - suf.size());
      out.push_back(base);
      if (suf == "ing" || suf == "ed") out.push_back(base + "e");
    }
  return out;
}

std::string stem_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += text::stem(w);
  }
  return out;
}

// The phrase's stems, and the stems with one word taken back to each base it may have.
std::vector<std::string> readings(std::string_view s) {
  std::vector<std::string> words = phrase_words(s, false);
  std::vector<std::string> out{stem_words(words)};
  if (const auto once = phrase_words(s, true); once.size() != words.size()) out.push_back(stem_words(once));
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string w = words[i];
    for (const auto& b : bases(w)) {
      words[i] = b;
      out.push_back(stem_words(words));
    }
    words[i] = w;
  }
  return out;
}

} // namespace

std::vector<PhraseWord> phrase_word_stems(std::string_view form) {
  std::vector<PhraseWord> out;
  for (std::string& w : phrase_words(form, false)) {
    PhraseWord pw;
    pw.stem = text::stem(w);
    for (const std::string& b : bases(w)) pw.base_stems.push_back(text::stem(b));
    pw.word = std::move(w);
    out.push_back(std::move(pw));
  }
  return out;
}

namespace {

// Is the hash one of kSynonymMembers? A bitmap over the hashes' top bits (256 KB; about 1 in 20
// of the readings that are no member pass it) turns most away before the binary search.
bool synonym_member(std::uint64_t h) {
  constexpr int kBits = 21;
  static const std::vector<std::uint64_t> bitmap = [] {
    std::vector<std::uint64_t> bits((std::size_t{1} << kBits) / 64, 0);
    for (unsigned i = 0; i < kSynonymMemberCount; ++i) {
      const std::uint64_t b = kSynonymMembers[i] >> (64 - kBits);
      bits[b / 64] |= std::uint64_t{1} << (b % 64);
    }
    return bits;
  }();
  const std::uint64_t b = h >> (64 - kBits);
  if (!(bitmap[b / 64] >> (b % 64) & 1)) return false;
  return std::binary_search(kSynonymMembers, kSynonymMembers + kSynonymMemberCount, h);
}

void add_reading(PhraseReadings& r, std::string text) {
  const std::uint64_t h = XXH3_64bits(text.data(), text.size());
  const bool member = synonym_member(h);
  r.any_member |= member;
  r.items.push_back({std::move(text), h, member});
}

} // namespace

// readings() of the phrase the words make, from the words' stems: the stems; the stems of the
// words with a word repeated straight after itself dropped (when one is); the stems with one
// word taken back to each base it may have.
PhraseReadings readings_of(std::span<const PhraseWord* const> words) {
  PhraseReadings r;
  const auto joined = [&](std::size_t replaced, const std::string* by) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i) out += ' ';
      out += i == replaced ? *by : words[i]->stem;
    }
    return out;
  };
  add_reading(r, joined(words.size(), nullptr));
  std::string once;
  std::size_t kept = 0;
  const PhraseWord* last = nullptr;
  for (const PhraseWord* w : words) {
    if (last && w->word == last->word) continue;
    if (kept++) once += ' ';
    once += w->stem;
    last = w;
  }
  if (kept != words.size()) add_reading(r, std::move(once));
  for (std::size_t i = 0; i < words.size(); ++i)
    for (const std::string& b : words[i]->base_stems) add_reading(r, joined(i, &b));
  return r;
}

// The answers are a pure function of the phrase: kept per thread (emptied at 4,096 phrases,
// well under a MB, since a server has many connection threads), each reading with its hash
// and whether it is one side of any pair at all (most readings are not: their pairs are never
// looked up). Held by shared_ptr, so a caller may keep a phrase's readings across a clear.
std::shared_ptr<const PhraseReadings> phrase_readings(std::string_view phrase) {
  thread_local std::unordered_map<std::string, std::shared_ptr<const PhraseReadings>> memo;
  std::string key(phrase);
  if (const auto it = memo.find(key); it != memo.end()) return it->second;
  if (memo.size() >= 4096) memo.clear();
  auto r = std::make_shared<PhraseReadings>();
  for (std::string& text : readings(phrase)) add_reading(*r, std::move(text));
  return memo.emplace(std::move(key), std::move(r)).first->second;
}

// Either side may be a phrase of words separated by spaces ("set about"): some reading of one
// is some reading of the other, or the two are a listed pair (only stems that are in some pair
// can be).
bool readings_synonyms(const PhraseReadings& x, const PhraseReadings& y) {
  for (const auto& u : x.items)
    for (const auto& v : y.items) {
      if (u.hash == v.hash && u.text == v.text) return true;
      if (u.member && v.member && pair_listed(u.text, v.text)) return true;
    }
  return false;
}

bool wordnet_synonyms(std::string_view a, std::string_view b) {
  const auto x = phrase_readings(a);
  const auto y = phrase_readings(b);
  return readings_synonyms(*x, *y);
}
} // namespace detail

void PhraseList::add(std::vector<std::string> words) {
  if (words.empty()) return;
  const std::string& first = words.front();
  if (!first.empty()) first_lengths_[static_cast<unsigned char>(first.front())] |= 1u << std::min<std::size_t>(first.size(), 31);
  by_first_[first].push_back(entries_.size());
  entries_.push_back(std::move(words));
}

std::size_t PhraseList::match(const std::vector<std::string>& forms, std::size_t i, std::size_t end) const {
  if (i >= end || i >= forms.size() || !maybe_first(forms[i])) return 0;
  const auto it = by_first_.find(forms[i]);
  if (it == by_first_.end()) return 0;
  std::size_t best = 0;
  for (const std::size_t k : it->second) {
    const auto& words = entries_[k];
    if (words.size() <= best || i + words.size() > std::min(end, forms.size())) continue;
    bool ok = true;
    for (std::size_t w = 1; w < words.size() && ok; ++w) ok = forms[i + w] == words[w];
    if (ok) best = words.size();
  }
  return best;
}

bool PhraseList::contains(std::string_view word) const {
  if (!maybe_first(word)) return false;
  const auto it = by_first_.find(std::string(word));
  if (it == by_first_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](std::size_t k) { return entries_[k].size() == 1; });
}

Lexicon parse_lexicon(std::string_view language, std::string_view text) {
  Lexicon lex;
  lex.language = std::string(language);
  const std::map<std::string_view, PhraseList Lexicon::*> sections = {
      {"cue_verbs", &Lexicon::cue_verbs},
      {"cue_prepositions", &Lexicon::cue_prepositions},
      {"addressee_verbs", &Lexicon::addressee_verbs},
      {"relay_verbs", &Lexicon::relay_verbs},
      {"hedges", &Lexicon::hedges},
      {"anonymous", &Lexicon::anonymous},
      {"anonymous_determiners", &Lexicon::anonymous_determiners},
      {"certainty", &Lexicon::certainty},
      {"superlatives", &Lexicon::superlatives},
      {"breaking", &Lexicon::breaking},
      {"question_words", &Lexicon::question_words},
      {"months", &Lexicon::months},
      {"weekdays", &Lexicon::weekdays},
      {"relative_dates", &Lexicon::relative_dates},
      {"number_words", &Lexicon::number_words},
      {"place_prepositions", &Lexicon::place_prepositions},
      {"place_words", &Lexicon::place_words},
      {"person_titles", &Lexicon::person_titles},
      {"organisation_words", &Lexicon::organisation_words},
      {"outlet_words", &Lexicon::outlet_words},
      {"pronouns", &Lexicon::pronouns},
      {"editorial", &Lexicon::editorial},
  };
  PhraseList Lexicon::*current = nullptr;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    if (line.front() == '[' && line.back() == ']') {
      const auto it = sections.find(line.substr(1, line.size() - 2));
      if (it == sections.end()) throw std::runtime_error("lexicon " + std::string(language) + ": unknown section " + std::string(line));
      current = it->second;
      continue;
    }
    if (!current) throw std::runtime_error("lexicon " + std::string(language) + ": entry before any section");
    std::vector<std::string> words;
    std::size_t w = 0;
    while (w < line.size()) {
      const std::size_t sp = std::min(line.find(' ', w), line.size());
      if (sp > w) words.emplace_back(line.substr(w, sp - w));
      w = sp + 1;
    }
    (lex.*current).add(std::move(words));
  }
  return lex;
}

std::vector<std::string> lexicon_languages() {
  std::vector<std::string> out;
  for (int i = 0; i < detail::kLexiconFileCount; ++i) out.emplace_back(detail::kLexiconFiles[i].first);
  return out;
}

const Lexicon& lexicon(std::string_view language) {
  static std::mutex mutex;
  static std::map<std::string, Lexicon, std::less<>> cache;
  std::string lang(language.substr(0, language.find_first_of("-_")));
  for (char& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto* file = &detail::kLexiconFiles[0];
  for (int i = 0; i < detail::kLexiconFileCount; ++i)
    if (detail::kLexiconFiles[i].first == lang) file = &detail::kLexiconFiles[i];
  for (int i = 0; i < detail::kLexiconFileCount; ++i)
    if (detail::kLexiconFiles[i].first == "en" && file->first != lang) file = &detail::kLexiconFiles[i];
  std::lock_guard lock(mutex);
  auto it = cache.find(file->first);
  if (it == cache.end()) it = cache.emplace(std::string(file->first), parse_lexicon(file->first, file->second)).first;
  return it->second;
}

bool is_known_place(std::string_view name) {
  return std::binary_search(detail::kPlaces, detail::kPlaces + detail::kPlaceCount, name);
}

} // namespace stemma::claims
