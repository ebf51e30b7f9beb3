#include "claims/internal.h"

#include <xxhash.h>

#include <algorithm>
#include <map>
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

namespace {

bool pair_listed(std::string x, std::string y) {
  if (x == y) return true;
  if (y < x) std::swap(x, y);
  std::string key = x;
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

namespace {

// readings() stems every variant of a phrase, and the mutation detector asks about the same
// words of an edge's runs over and over: the answers, kept per thread (a pure function of the
// phrase; emptied at 4,096 phrases, well under a MB, since a server has many connection threads).
// References into an unordered_map survive later insertions.
const std::vector<std::string>& memo_readings(std::unordered_map<std::string, std::vector<std::string>>& memo, std::string_view s) {
  if (const auto it = memo.find(std::string(s)); it != memo.end()) return it->second;
  return memo.emplace(std::string(s), readings(s)).first->second;
}

// The answers for pairs, one table for the process (the same pairs come back for every run of
// every edge, on whichever thread): bounded, emptied when full.
class PairAnswers {
public:
  std::optional<bool> find(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto it = answers_.find(key);
    return it == answers_.end() ? std::nullopt : std::optional<bool>(it->second);
  }
  void add(std::string key, bool answer) {
    const std::lock_guard lock(mutex_);
    if (answers_.size() >= 262144) answers_.clear(); // ~20 MB
    answers_.emplace(std::move(key), answer);
  }

private:
  std::mutex mutex_;
  std::unordered_map<std::string, bool> answers_;
};

} // namespace

bool wordnet_synonyms(std::string_view a, std::string_view b) {
  static PairAnswers answers;
  std::string key(a);
  key += '\0';
  key += b;
  if (const auto known = answers.find(key)) return *known;
  thread_local std::unordered_map<std::string, std::vector<std::string>> memo;
  if (memo.size() >= 4096) memo.clear();
  // Either side may be a phrase of words separated by spaces ("set about").
  const auto& x = memo_readings(memo, a);
  const auto& y = memo_readings(memo, b);
  bool listed = false;
  for (std::size_t i = 0; i < x.size() && !listed; ++i)
    for (std::size_t j = 0; j < y.size() && !listed; ++j) listed = pair_listed(x[i], y[j]);
  answers.add(std::move(key), listed);
  return listed;
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
