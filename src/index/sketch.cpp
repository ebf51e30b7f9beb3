#include "index/index.h"

#include <xxhash.h>

#include <algorithm>
#include <deque>
#include <limits>

namespace stemma::index {

std::vector<std::uint64_t> shingle_hashes(std::span<const text::Token> tokens, int words, bool canonical) {
  const auto key = [canonical](const text::Token& t) { return canonical ? t.canon : t.hash; };
  std::vector<std::uint64_t> out;
  const auto k = static_cast<std::size_t>(std::max(words, 1));
  if (tokens.size() < k) {
    if (!tokens.empty()) { // a very short text is one shingle
      std::vector<std::uint64_t> h;
      for (const auto& t : tokens) h.push_back(key(t));
      out.push_back(XXH3_64bits(h.data(), h.size() * sizeof(std::uint64_t)));
    }
    return out;
  }
  out.reserve(tokens.size() - k + 1);
  std::vector<std::uint64_t> window(k);
  for (std::size_t i = 0; i + k <= tokens.size(); ++i) {
    for (std::size_t j = 0; j < k; ++j) window[j] = key(tokens[i + j]);
    out.push_back(XXH3_64bits(window.data(), k * sizeof(std::uint64_t)));
  }
  return out;
}

std::vector<std::uint64_t> stopword_ngram_hashes(std::span<const text::Token> tokens, int words) {
  std::vector<std::uint64_t> out;
  if (words <= 0) return out;
  std::vector<std::uint64_t> stopwords;
  for (const auto& t : tokens)
    if (t.stopword) stopwords.push_back(t.hash);
  const auto k = static_cast<std::size_t>(words);
  for (std::size_t i = 0; i + k <= stopwords.size(); ++i)
    out.push_back(XXH3_64bits_withSeed(stopwords.data() + i, k * sizeof(std::uint64_t), 0x570D)); // own seed: never equal to a shingle
  return out;
}

std::vector<Fingerprint> winnow(std::span<const std::uint64_t> hashes, int window) {
  std::vector<Fingerprint> out;
  if (hashes.empty()) return out;
  const auto w = static_cast<std::size_t>(std::max(window, 1));
  if (hashes.size() <= w) {
    const auto it = std::min_element(hashes.begin(), hashes.end());
    out.push_back({*it, static_cast<std::uint32_t>(it - hashes.begin())});
    return out;
  }
  // Monotone deque of candidate minima; on ties the rightmost wins (robust winnowing).
  std::deque<std::size_t> dq;
  std::size_t last = std::numeric_limits<std::size_t>::max();
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    while (!dq.empty() && hashes[dq.back()] >= hashes[i]) dq.pop_back();
    dq.push_back(i);
    if (dq.front() + w <= i) dq.pop_front();
    if (i + 1 >= w && dq.front() != last) {
      last = dq.front();
      out.push_back({hashes[last], static_cast<std::uint32_t>(last)});
    }
  }
  return out;
}

namespace {
// splitmix64 finaliser: a cheap, well-mixed hash family for MinHash.
inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}
} // namespace

// Cloned for x86-64-v4 (AVX-512: 64-bit lane multiplies), where the loop over the signature
// vectorises; the same integer arithmetic, so the same signature on every machine.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("arch=x86-64-v4", "default")))
#endif
std::vector<std::uint32_t> minhash(std::span<const std::uint64_t> hashes, int size) {
  std::vector<std::uint32_t> sig(static_cast<std::size_t>(size), std::numeric_limits<std::uint32_t>::max());
  for (const std::uint64_t h : hashes) {
    for (std::size_t i = 0; i < sig.size(); ++i) {
      const auto v = static_cast<std::uint32_t>(mix(h ^ (0xA0761D6478BD642FULL * (i + 1))) >> 32);
      sig[i] = std::min(sig[i], v);
    }
  }
  return sig;
}

std::vector<std::uint32_t> band_keys(std::span<const std::uint32_t> signature, int bands) {
  std::vector<std::uint32_t> keys;
  if (bands <= 0 || signature.empty()) return keys;
  const std::size_t rows = signature.size() / static_cast<std::size_t>(bands);
  for (std::size_t b = 0; b < static_cast<std::size_t>(bands); ++b) {
    // The band index is part of the key: equal rows in different bands must not collide.
    const auto seed = static_cast<XXH64_hash_t>(b + 1);
    keys.push_back(static_cast<std::uint32_t>(XXH3_64bits_withSeed(signature.data() + b * rows, rows * sizeof(std::uint32_t), seed)));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

Sketch sketch(const text::Analysis& analysis, const SketchParams& params) {
  Sketch s;
  const std::vector<std::uint64_t> shingles = shingle_hashes(analysis.tokens, params.shingle_words, params.canonical_shingles);
  for (const Fingerprint& f : winnow(shingles, params.winnow_window)) s.fingerprints.push_back(static_cast<std::uint32_t>(f.hash));
  for (const Fingerprint& f : winnow(stopword_ngram_hashes(analysis.tokens, params.stopword_ngram_words), params.stopword_winnow_window))
    s.fingerprints.push_back(static_cast<std::uint32_t>(f.hash));
  std::sort(s.fingerprints.begin(), s.fingerprints.end());
  s.fingerprints.erase(std::unique(s.fingerprints.begin(), s.fingerprints.end()), s.fingerprints.end());
  if (!shingles.empty()) s.band_keys = band_keys(minhash(shingles, params.minhash_size), params.lsh_bands);
  return s;
}

} // namespace stemma::index
