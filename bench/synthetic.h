// Deterministic synthetic news text for the benchmarks (shared by bench_stages and
// bench_lineage): our own PRNG, a Zipf vocabulary of invented words, sentences with
// names, numbers, quotations and typographic punctuation, and word-substitution rewrites.
// Fixed seeds give the same inputs on every machine and standard library.
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace stemma::bench {

// ---- Deterministic randomness -----------------------------------------------------

class Rng {
public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() { // splitmix64
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }
  int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1))); }
  bool chance(double p) { return uniform() < p; }
  double normal() { // Box-Muller
    const double u1 = std::max(uniform(), 1e-12), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

private:
  std::uint64_t s_;
};

// Sampling by rank from a Zipf-like distribution (weight 1 / (rank + q)^s).
class Zipf {
public:
  Zipf(std::size_t n, double s, double q) : cdf_(n) {
    double sum = 0;
    for (std::size_t r = 0; r < n; ++r) cdf_[r] = (sum += 1.0 / std::pow(static_cast<double>(r) + q, s));
    for (double& c : cdf_) c /= sum;
  }
  std::size_t operator()(Rng& rng) const {
    const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), rng.uniform());
    return std::min<std::size_t>(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
  }

private:
  std::vector<double> cdf_;
};

// ---- Synthetic news text ------------------------------------------------------------

const char* const kFunctionWords[] = {
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "with", "as", "by", "at", "it",
    "from", "his", "her", "their", "he", "she", "they", "has", "have", "had", "be", "been", "were", "are",
    "will", "would", "could", "not", "but", "or", "an", "this", "said", "which", "who", "after", "over",
    "more", "than", "its", "about", "into", "also", "when", "there", "one", "two", "new", "last", "year",
    "people", "government", "told", "officials", "week", "percent", "some", "all", "other", "most", "before",
    "under", "since", "while", "during", "against", "between", "according", "expected", "on", "monday",
    "tuesday", "city", "state", "report", "minister", "company", "police", "first", "three", "million"};

class Vocabulary {
public:
  Vocabulary(std::size_t size, std::uint64_t seed) : content_zipf_(size, 1.05, 2.7), function_zipf_(std::size(kFunctionWords), 0.9, 1.5) {
    static const char* const onsets[] = {"b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n",
                                         "p", "pr", "qu", "r", "s", "sh", "sl", "st", "t", "tr", "v", "w", "z", "th"};
    static const char* const vowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ee", "y"};
    static const char* const codas[] = {"", "", "", "n", "r", "s", "l", "t", "nd", "st", "m", "ck", "rn", "x"};
    Rng rng(seed);
    std::unordered_set<std::string> seen(std::begin(kFunctionWords), std::end(kFunctionWords));
    while (words_.size() < size) {
      std::string w;
      const int syllables = 1 + static_cast<int>(rng.below(3)) + (rng.chance(0.25) ? 1 : 0);
      for (int s = 0; s < syllables; ++s) {
        w += onsets[rng.below(std::size(onsets))];
        w += vowels[rng.below(std::size(vowels))];
        if (s + 1 == syllables || rng.chance(0.3)) w += codas[rng.below(std::size(codas))];
      }
      if (seen.insert(w).second) words_.push_back(std::move(w));
    }
  }
  const std::string& content(Rng& rng) const { return words_[content_zipf_(rng)]; }
  const char* function(Rng& rng) const { return kFunctionWords[function_zipf_(rng)]; }

private:
  std::vector<std::string> words_;
  Zipf content_zipf_, function_zipf_;
};

inline const Vocabulary& vocabulary() {
  static const Vocabulary v(4000, 0x5EED0001);
  return v;
}

enum class Style { ascii, typographic };

inline void append_capitalised(std::string& out, std::string_view w) {
  if (w.empty()) return;
  out += static_cast<char>(w[0] >= 'a' && w[0] <= 'z' ? w[0] - 'a' + 'A' : w[0]);
  out.append(w.substr(1));
}

// One sentence of 10-30 words: function words, Zipf content words, names, numbers,
// commas, possessives, dashes; about one in eight is a quotation.
inline void append_sentence(std::string& out, Rng& rng, Style style, std::size_t& words) {
  const Vocabulary& v = vocabulary();
  const bool typo = style == Style::typographic;
  const int n = rng.between(10, 30);
  const bool quote = rng.chance(0.12);
  if (quote) out += typo ? "\u201C" : "\"";
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += ' ';
    if (rng.chance(0.04)) {
      out += std::to_string(rng.between(2, 2000));
    } else if (rng.chance(0.45)) {
      const char* w = v.function(rng);
      if (i == 0) append_capitalised(out, w);
      else out += w;
    } else {
      const std::string& w = v.content(rng);
      if (i == 0 || rng.chance(0.08)) append_capitalised(out, w);
      else out += w;
      if (rng.chance(0.02)) out += typo ? "\u2019s" : "'s";
    }
    ++words;
    if (i + 1 < n) {
      if (rng.chance(0.06)) out += ',';
      else if (rng.chance(0.01)) out += typo ? " \u2014" : " -";
    }
  }
  if (quote) {
    out += typo ? ",\u201D said " : ",\" said ";
    append_capitalised(out, v.content(rng));
    out += ' ';
    append_capitalised(out, v.content(rng));
    out += '.';
    words += 3;
  } else {
    out += rng.chance(0.03) ? '?' : '.';
  }
}

// An article of at least `target_words` words in paragraphs of 1-4 sentences.
inline std::string make_article(std::size_t target_words, std::uint64_t seed, Style style = Style::typographic) {
  Rng rng(seed);
  std::string out;
  out.reserve(target_words * 7);
  std::size_t words = 0;
  while (words < target_words) {
    if (!out.empty()) out += "\n\n";
    const int sentences = rng.between(1, 4);
    for (int s = 0; s < sentences && words < target_words; ++s) {
      if (s > 0) out += ' ';
      append_sentence(out, rng, style, words);
    }
  }
  return out;
}

// Replaces the letters of about `share` of the words with other vocabulary words
// (punctuation kept): a rewrite that keeps the structure.
inline std::string substitute_words(std::string_view text, double share, std::uint64_t seed) {
  Rng rng(seed);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto is_letter = [&](std::size_t k) { return k < text.size() && std::isalpha(static_cast<unsigned char>(text[k])); };
    if (is_letter(i) && (i == 0 || !is_letter(i - 1))) {
      std::size_t j = i;
      while (is_letter(j)) ++j;
      if (rng.chance(share)) out += vocabulary().content(rng);
      else out.append(text.substr(i, j - i));
      i = j;
    } else {
      out += text[i++];
    }
  }
  return out;
}

} // namespace stemma::bench
