#include "align/align.h"
#include "align/internal.h"

#include <algorithm>
#include <set>

namespace stemma::align {
namespace {

double dice(const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y, std::size_t* shared_out = nullptr) {
  const std::size_t shared = detail::shared_count(x, y);
  if (shared_out) *shared_out = shared;
  return x.empty() && y.empty() ? 1.0 : 2.0 * static_cast<double>(shared) / static_cast<double>(x.size() + y.size());
}

std::vector<std::uint64_t> sorted_unique(std::vector<std::uint64_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

struct Views {
  std::vector<std::uint64_t> words, canonical, content, bigrams;
  std::set<std::string> numbers;
};

Views views(const text::Analysis& t) {
  Views v;
  for (std::size_t i = 0; i < t.tokens.size(); ++i) {
    const text::Token& tok = t.tokens[i];
    v.words.push_back(tok.hash);
    v.canonical.push_back(tok.canon);
    if (!tok.stopword) v.content.push_back(tok.canon);
    if (i + 1 < t.tokens.size()) v.bigrams.push_back(tok.canon * 0x9E3779B97F4A7C15ULL ^ t.tokens[i + 1].canon);
    const std::string& f = t.forms[i];
    if (!f.empty() && std::all_of(f.begin(), f.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == ','; }))
      v.numbers.insert(f);
  }
  v.words = sorted_unique(std::move(v.words));
  v.canonical = sorted_unique(std::move(v.canonical));
  v.content = sorted_unique(std::move(v.content));
  v.bigrams = sorted_unique(std::move(v.bigrams));
  return v;
}

} // namespace

SentenceSimilarity sentence_similarity(const text::Analysis& a, const text::Analysis& b) {
  SentenceSimilarity s;
  const Views x = views(a), y = views(b);
  s.word_dice = dice(x.words, y.words);
  s.canonical_dice = dice(x.canonical, y.canonical);
  std::size_t shared = 0;
  s.content_dice = dice(x.content, y.content, &shared);
  const std::size_t small = std::min(x.content.size(), y.content.size()), large = std::max(x.content.size(), y.content.size());
  s.content_containment_min = small ? static_cast<double>(shared) / static_cast<double>(small) : 0;
  s.content_containment_max = large ? static_cast<double>(shared) / static_cast<double>(large) : 0;
  s.bigram_dice = dice(x.bigrams, y.bigrams);
  const std::size_t la = a.tokens.size(), lb = b.tokens.size();
  s.length_ratio = std::max(la, lb) ? static_cast<double>(std::min(la, lb)) / static_cast<double>(std::max(la, lb)) : 1.0;
  s.number_mismatch = x.numbers != y.numbers ? 1.0 : 0.0;
  if (la && lb) {
    Passage whole;
    whole.a_token_count = static_cast<std::uint32_t>(la);
    whole.b_token_count = static_cast<std::uint32_t>(lb);
    std::size_t matches = 0, synonyms = 0;
    for (const Edit& e : passage_edits(a, b, whole)) {
      matches += e.op == EditOp::keep || e.op == EditOp::synonym;
      synonyms += e.op == EditOp::synonym;
    }
    s.ordered_similarity = 2.0 * static_cast<double>(matches) / static_cast<double>(la + lb);
    s.synonym_share = matches ? static_cast<double>(synonyms) / static_cast<double>(matches) : 0;
  }
  s.score = s.content_dice;
  return s;
}

} // namespace stemma::align
