// Index stage: compact sketches of a document for finding reuse candidates.
//  - shingles: hashes of every run of `shingle_words` canonical words (xxh3 of
//    text::Token::canon, so inflections and WordNet synonyms give the same
//    shingle; identical text gives identical shingles as before);
//  - stopword n-grams (Stamatatos 2011): runs of `stopword_ngram_words`
//    function words, skipping content words; spinners replace content words and
//    leave these alone, so they survive heavy synonym spin;
//  - winnowing (Schleimer et al. 2003): the minimum shingle hash in every
//    window of `winnow_window` shingles, so any shared run of at least
//    shingle_words + winnow_window - 1 words shares a fingerprint;
//  - MinHash (`minhash_size` values) banded into `lsh_bands` keys, so that
//    near-duplicate documents collide in at least one band.
// Fingerprints and band keys are stored as 32-bit keys in posting lists
// (key -> document id); a collision only costs a wasted alignment.
#pragma once

#include "text/text.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stemma::index {

struct SketchParams {
  int shingle_words = 5;
  // Windows and n-gram length chosen on simulated dev corpora (bench/candidates.sh):
  // candidate recall of spun copies against index size (≤ 2x the exact-shingle index).
  int winnow_window = 16;  // guarantee threshold: 5 + 16 - 1 = 20 words
  bool canonical_shingles = true; // false: shingles of exact word forms (the index before synonym classes)
  int stopword_ngram_words = 6;   // 0: no stopword n-grams
  int stopword_winnow_window = 16; // any shared run of 6 + 16 - 1 = 21 function words shares a fingerprint
  int minhash_size = 64;
  int lsh_bands = 16;      // 4 rows per band: P(collide) = 1 - (1 - J^4)^16, 0.5 at J = 0.5
};

struct Sketch {
  std::vector<std::uint32_t> fingerprints; // sorted, unique
  std::vector<std::uint32_t> band_keys;    // sorted, unique
};

// Hashes of every run of `words` tokens, by their canonical keys or exact hashes.
std::vector<std::uint64_t> shingle_hashes(std::span<const text::Token> tokens, int words, bool canonical = false);
// Hashes of every run of `words` consecutive function words (content words skipped).
std::vector<std::uint64_t> stopword_ngram_hashes(std::span<const text::Token> tokens, int words);

struct Fingerprint {
  std::uint64_t hash;
  std::uint32_t position; // index of the shingle
};
std::vector<Fingerprint> winnow(std::span<const std::uint64_t> hashes, int window);

std::vector<std::uint32_t> minhash(std::span<const std::uint64_t> hashes, int size);
std::vector<std::uint32_t> band_keys(std::span<const std::uint32_t> signature, int bands);

Sketch sketch(const text::Analysis& analysis, const SketchParams& params = {});

// ---- Posting lists -----------------------------------------------------------

struct Posting {
  std::uint32_t key;
  std::uint32_t doc;
  auto operator<=>(const Posting&) const = default;
};

// A block of postings sorted by (key, doc), delta- and varint-coded:
// about 3-5 bytes a posting instead of 8.
std::string encode_block(std::span<const Posting> sorted);
std::vector<Posting> decode_block(std::string_view block); // throws std::runtime_error if corrupt

// ---- Candidates ------------------------------------------------------------

struct Candidate {
  std::uint32_t doc = 0;
  std::uint32_t shared_fingerprints = 0;
  std::uint32_t shared_bands = 0;
};

struct CandidateParams {
  std::uint32_t min_shared_fingerprints = 2; // or any shared band key
  std::size_t max_candidates = 200;
  std::uint32_t max_postings_per_key = 5000; // keys this common carry no evidence
};

// Ranks documents by the evidence in the postings hit by a query sketch.
// `fingerprint_hits` / `band_hits` are the postings returned for the query's keys.
std::vector<Candidate> rank_candidates(std::span<const Posting> fingerprint_hits, std::span<const Posting> band_hits,
                                       const CandidateParams& params = {});
// The last step of rank_candidates, for evidence counted elsewhere (the distributed
// all-pairs stage): keeps documents with enough evidence, best first, at most max_candidates.
std::vector<Candidate> select_candidates(std::vector<Candidate> counted, const CandidateParams& params = {});

} // namespace stemma::index
