// Unit tests for the index stage: shingles, winnowing, MinHash/LSH, posting
// blocks and candidate ranking.
#include "index/index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

namespace ix = stemma::index;
namespace t = stemma::text;

namespace {

std::vector<t::Token> tokens_from(const std::vector<std::uint64_t>& hashes) {
  std::vector<t::Token> out;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    t::Token tok;
    tok.begin = static_cast<std::uint32_t>(i * 2);
    tok.end = tok.begin + 1;
    tok.hash = hashes[i];
    out.push_back(tok);
  }
  return out;
}

std::vector<std::uint64_t> random_hashes(std::mt19937_64& rng, std::size_t n) {
  std::vector<std::uint64_t> out(n);
  for (auto& h : out) h = rng();
  return out;
}

std::set<std::uint64_t> fingerprint_set(const std::vector<std::uint64_t>& token_hashes, int k, int w) {
  const auto toks = tokens_from(token_hashes);
  const auto sh = ix::shingle_hashes(toks, k);
  std::set<std::uint64_t> out;
  for (const auto& f : ix::winnow(sh, w)) out.insert(f.hash);
  return out;
}

double estimated_jaccard(const std::vector<std::uint32_t>& x, const std::vector<std::uint32_t>& y) {
  std::size_t same = 0;
  for (std::size_t i = 0; i < x.size(); ++i) same += x[i] == y[i];
  return static_cast<double>(same) / static_cast<double>(x.size());
}

} // namespace

// ---- shingles ------------------------------------------------------------------------

TEST(Shingles, CountIsTokensMinusWordsPlusOne) {
  std::mt19937_64 rng(1);
  const auto toks = tokens_from(random_hashes(rng, 20));
  EXPECT_EQ(ix::shingle_hashes(toks, 5).size(), 16u);
  EXPECT_EQ(ix::shingle_hashes(toks, 1).size(), 20u);
  EXPECT_EQ(ix::shingle_hashes(toks, 20).size(), 1u);
  // A text shorter than one shingle is one shingle; an empty one has none.
  EXPECT_EQ(ix::shingle_hashes(std::span(toks).first(3), 5).size(), 1u);
  EXPECT_TRUE(ix::shingle_hashes(std::span<const t::Token>(), 5).empty());
}

TEST(Shingles, DependOnTokenHashesAndOrder) {
  const auto a = ix::shingle_hashes(tokens_from({1, 2, 3, 4}), 3);
  const auto b = ix::shingle_hashes(tokens_from({9, 1, 2, 3, 4}), 3);
  const auto c = ix::shingle_hashes(tokens_from({1, 3, 2, 4}), 3);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(a[0], b[1]); // same words, same shingle, wherever they are
  EXPECT_EQ(a[1], b[2]);
  EXPECT_NE(a[0], a[1]);
  EXPECT_NE(a[0], c[0]);
}

// ---- winnowing -------------------------------------------------------------------------

TEST(Winnow, EveryWindowContainsAFingerprint) {
  std::mt19937_64 rng(7);
  for (const int w : {1, 2, 4, 24}) {
    const auto h = random_hashes(rng, 500);
    const auto fps = ix::winnow(h, w);
    std::vector<bool> selected(h.size(), false);
    for (const auto& f : fps) {
      ASSERT_LT(f.position, h.size());
      EXPECT_EQ(f.hash, h[f.position]);
      selected[f.position] = true;
    }
    for (std::size_t i = 0; i + static_cast<std::size_t>(w) <= h.size(); ++i) {
      bool any = false;
      for (std::size_t j = i; j < i + static_cast<std::size_t>(w); ++j) any = any || selected[j];
      ASSERT_TRUE(any) << "window " << i << " w=" << w;
      // The selected one is the window minimum.
      const std::uint64_t lo = *std::min_element(h.begin() + static_cast<long>(i), h.begin() + static_cast<long>(i) + w);
      bool has_min = false;
      for (std::size_t j = i; j < i + static_cast<std::size_t>(w); ++j) has_min = has_min || (selected[j] && h[j] == lo);
      ASSERT_TRUE(has_min) << "window " << i << " w=" << w;
    }
    for (std::size_t i = 1; i < fps.size(); ++i) EXPECT_LT(fps[i - 1].position, fps[i].position);
  }
}

TEST(Winnow, ShortInputGivesItsMinimum) {
  const std::vector<std::uint64_t> h = {50, 20, 70};
  const auto fps = ix::winnow(h, 24);
  ASSERT_EQ(fps.size(), 1u);
  EXPECT_EQ(fps[0].hash, 20u);
  EXPECT_EQ(fps[0].position, 1u);
  EXPECT_TRUE(ix::winnow(std::span<const std::uint64_t>(), 4).empty());
}

TEST(Winnow, GuaranteeOnSharedRuns) {
  // Any run of shingle_words + window - 1 shared tokens shares a fingerprint.
  std::mt19937_64 rng(20260314);
  const struct {
    int k, w;
  } configs[] = {{5, 24}, {3, 4}, {1, 8}};
  for (const auto& cfg : configs) {
    const std::size_t run = static_cast<std::size_t>(cfg.k + cfg.w - 1);
    for (int trial = 0; trial < 100; ++trial) {
      const auto shared = random_hashes(rng, run);
      auto a = random_hashes(rng, 30 + rng() % 200);
      auto b = random_hashes(rng, 30 + rng() % 200);
      a.insert(a.begin() + static_cast<long>(rng() % (a.size() + 1)), shared.begin(), shared.end());
      b.insert(b.begin() + static_cast<long>(rng() % (b.size() + 1)), shared.begin(), shared.end());
      const auto fa = fingerprint_set(a, cfg.k, cfg.w), fb = fingerprint_set(b, cfg.k, cfg.w);
      std::vector<std::uint64_t> common;
      std::set_intersection(fa.begin(), fa.end(), fb.begin(), fb.end(), std::back_inserter(common));
      ASSERT_FALSE(common.empty()) << "k=" << cfg.k << " w=" << cfg.w << " trial " << trial;
    }
  }
}

TEST(Winnow, UnrelatedRandomSequencesShareNothing) {
  std::mt19937_64 rng(99);
  const auto fa = fingerprint_set(random_hashes(rng, 400), 5, 24), fb = fingerprint_set(random_hashes(rng, 400), 5, 24);
  std::vector<std::uint64_t> common;
  std::set_intersection(fa.begin(), fa.end(), fb.begin(), fb.end(), std::back_inserter(common));
  EXPECT_TRUE(common.empty());
}

TEST(Winnow, DensityIsAboutTwoOverWindowPlusOne) {
  std::mt19937_64 rng(12345);
  for (const int w : {4, 24}) {
    const auto h = random_hashes(rng, 100000);
    const double density = static_cast<double>(ix::winnow(h, w).size()) / static_cast<double>(h.size());
    const double expected = 2.0 / (w + 1);
    EXPECT_GT(density, 0.8 * expected) << "w=" << w;
    EXPECT_LT(density, 1.2 * expected) << "w=" << w;
  }
}

// ---- MinHash / bands -------------------------------------------------------------------

TEST(MinHash, EstimatesJaccard) {
  // A = 0..999, B = 500..1499: |A∩B| = 500, |A∪B| = 1500, J = 1/3.
  std::vector<std::uint64_t> a, b;
  for (std::uint64_t i = 0; i < 1000; ++i) a.push_back(i * 0x9E3779B97F4A7C15ULL);
  for (std::uint64_t i = 500; i < 1500; ++i) b.push_back(i * 0x9E3779B97F4A7C15ULL);
  const auto sa = ix::minhash(a, 256), sb = ix::minhash(b, 256);
  ASSERT_EQ(sa.size(), 256u);
  EXPECT_NEAR(estimated_jaccard(sa, sb), 1.0 / 3.0, 0.12);

  // A = 0..999, C = 100..1099: J = 900/1100.
  std::vector<std::uint64_t> c;
  for (std::uint64_t i = 100; i < 1100; ++i) c.push_back(i * 0x9E3779B97F4A7C15ULL);
  EXPECT_NEAR(estimated_jaccard(sa, ix::minhash(c, 256)), 900.0 / 1100.0, 0.12);

  // Disjoint sets.
  std::vector<std::uint64_t> d;
  for (std::uint64_t i = 5000; i < 6000; ++i) d.push_back(i * 0x9E3779B97F4A7C15ULL);
  EXPECT_LT(estimated_jaccard(sa, ix::minhash(d, 256)), 0.05);
}

TEST(MinHash, SetSemantics) {
  std::vector<std::uint64_t> a = {11, 22, 33, 44, 55};
  std::vector<std::uint64_t> shuffled = {55, 33, 11, 44, 22, 33, 11};
  EXPECT_EQ(ix::minhash(a, 64), ix::minhash(shuffled, 64));
  std::vector<std::uint64_t> other = {11, 22, 33, 44, 56};
  EXPECT_NE(ix::minhash(a, 64), ix::minhash(other, 64));
}

// Stored band keys are made of these signatures: they must not change between versions or
// machines (minhash has an AVX-512 clone). Expected values from the formula, computed in Python.
TEST(MinHash, SignatureIsTheDocumentedHashFamily) {
  std::vector<std::uint64_t> a;
  for (std::uint64_t i = 1; i <= 300; ++i) a.push_back(i * 0x9E3779B97F4A7C15ULL);
  const auto sig = ix::minhash(a, 64);
  ASSERT_EQ(sig.size(), 64u);
  EXPECT_EQ(sig[0], 22951067u);
  EXPECT_EQ(sig[1], 8442294u);
  EXPECT_EQ(sig[2], 5993248u);
  EXPECT_EQ(sig[3], 6152211u);
  EXPECT_EQ(sig[31], 744185u);
  EXPECT_EQ(sig[63], 21311537u);
  std::uint64_t sum = 0;
  for (const std::uint32_t v : sig) sum += v;
  EXPECT_EQ(sum, 869965726u);
}

TEST(BandKeys, IdenticalSignaturesGiveIdenticalSortedUniqueKeys) {
  std::vector<std::uint64_t> a;
  for (std::uint64_t i = 0; i < 200; ++i) a.push_back(i * 7919);
  const auto sig = ix::minhash(a, 64);
  const auto k1 = ix::band_keys(sig, 16), k2 = ix::band_keys(ix::minhash(a, 64), 16);
  EXPECT_EQ(k1, k2);
  EXPECT_EQ(k1.size(), 16u);
  EXPECT_TRUE(std::is_sorted(k1.begin(), k1.end()));
  EXPECT_EQ(std::adjacent_find(k1.begin(), k1.end()), k1.end());
}

TEST(BandKeys, EqualRowsInDifferentBandsDoNotCollide) {
  const std::vector<std::uint32_t> sig(64, 42u);
  const auto keys = ix::band_keys(sig, 16);
  EXPECT_EQ(keys.size(), 16u);
}

TEST(BandKeys, OneChangedValueChangesOneBand) {
  std::vector<std::uint32_t> sig(64);
  for (std::size_t i = 0; i < sig.size(); ++i) sig[i] = static_cast<std::uint32_t>(i * 2654435761u);
  auto changed = sig;
  changed[5] ^= 1u;
  const auto k1 = ix::band_keys(sig, 16), k2 = ix::band_keys(changed, 16);
  std::vector<std::uint32_t> common;
  std::set_intersection(k1.begin(), k1.end(), k2.begin(), k2.end(), std::back_inserter(common));
  EXPECT_EQ(common.size(), 15u);
  EXPECT_TRUE(ix::band_keys(sig, 0).empty());
  EXPECT_TRUE(ix::band_keys(std::span<const std::uint32_t>(), 16).empty());
}

TEST(Sketch, NearDuplicatesShareBandsAndFingerprints) {
  // Built from real text: a 60-word article and the same with one word changed.
  std::string base;
  const char* words[] = {"harbor", "council", "voted", "tuesday", "night", "to", "close", "the", "old", "pier",
                         "for", "repairs", "after", "engineers", "found", "rust", "in", "its", "steel", "frame"};
  for (int i = 0; i < 60; ++i) base += std::string(words[(i * 7) % 20]) + std::to_string(i) + " ";
  std::string edited = base;
  edited.replace(edited.find("night"), 5, "noon");
  const auto s1 = ix::sketch(t::analyze(base)), s2 = ix::sketch(t::analyze(edited));
  EXPECT_TRUE(std::is_sorted(s1.fingerprints.begin(), s1.fingerprints.end()));
  EXPECT_EQ(std::adjacent_find(s1.fingerprints.begin(), s1.fingerprints.end()), s1.fingerprints.end());
  std::vector<std::uint32_t> fp_common, band_common;
  std::set_intersection(s1.fingerprints.begin(), s1.fingerprints.end(), s2.fingerprints.begin(), s2.fingerprints.end(),
                        std::back_inserter(fp_common));
  std::set_intersection(s1.band_keys.begin(), s1.band_keys.end(), s2.band_keys.begin(), s2.band_keys.end(),
                        std::back_inserter(band_common));
  EXPECT_FALSE(fp_common.empty());
  EXPECT_FALSE(band_common.empty());
  EXPECT_TRUE(ix::sketch(t::analyze("")).fingerprints.empty());
  EXPECT_TRUE(ix::sketch(t::analyze("")).band_keys.empty());
}

// ---- posting blocks --------------------------------------------------------------------

TEST(PostingBlock, RoundTrip) {
  const std::vector<ix::Posting> postings = {{0, 0},   {0, 5},          {0, 5},          {3, 1},          {3, 0xFFFFFFFFu},
                                             {1000, 2}, {0x7FFFFFFFu, 9}, {0xFFFFFFFFu, 0}, {0xFFFFFFFFu, 0xFFFFFFFFu}};
  const std::string block = ix::encode_block(postings);
  EXPECT_EQ(ix::decode_block(block), postings);
}

TEST(PostingBlock, EmptyRoundTrip) {
  const std::string block = ix::encode_block(std::span<const ix::Posting>());
  EXPECT_EQ(block.size(), 1u);
  EXPECT_TRUE(ix::decode_block(block).empty());
}

TEST(PostingBlock, RandomRoundTripIsCompact) {
  std::mt19937 rng(5);
  std::vector<ix::Posting> postings;
  for (int i = 0; i < 3000; ++i) postings.push_back({static_cast<std::uint32_t>(rng() % 50000), static_cast<std::uint32_t>(rng() % 1000)});
  std::sort(postings.begin(), postings.end());
  const std::string block = ix::encode_block(postings);
  EXPECT_EQ(ix::decode_block(block), postings);
  EXPECT_LT(block.size(), postings.size() * 6);
}

TEST(PostingBlock, TruncatedBlocksThrow) {
  const std::vector<ix::Posting> postings = {{10, 1}, {10, 300}, {500, 70000}, {90000, 2}};
  const std::string block = ix::encode_block(postings);
  for (std::size_t n = 0; n < block.size(); ++n)
    EXPECT_THROW(ix::decode_block(std::string_view(block).substr(0, n)), std::runtime_error) << "prefix " << n;
}

TEST(PostingBlock, CorruptBlocksThrow) {
  const std::string block = ix::encode_block(std::vector<ix::Posting>{{10, 1}, {12, 2}});
  EXPECT_THROW(ix::decode_block(block + std::string(1, '\0')), std::runtime_error); // trailing bytes
  EXPECT_THROW(ix::decode_block("\x7F"), std::runtime_error);                        // count larger than the block
  EXPECT_THROW(ix::decode_block("\x01\xFF\xFF\xFF\xFF\xFF\x01\x00"), std::runtime_error); // varint too long
  std::string bad = block;
  bad[0] = '\x03'; // claims three postings, holds two
  EXPECT_THROW(ix::decode_block(bad), std::runtime_error);
}

TEST(PostingBlock, UnsortedInputIsRejected) {
  EXPECT_THROW(ix::encode_block(std::vector<ix::Posting>{{5, 1}, {3, 1}}), std::invalid_argument);
  EXPECT_THROW(ix::encode_block(std::vector<ix::Posting>{{5, 2}, {5, 1}}), std::invalid_argument);
  EXPECT_NO_THROW(ix::encode_block(std::vector<ix::Posting>{{5, 1}, {5, 1}, {6, 0}}));
}

// ---- candidates --------------------------------------------------------------------------

TEST(RankCandidates, ThresholdBandsAndOrdering) {
  // doc 1: three fingerprints; doc 2: one fingerprint (below the threshold of 2);
  // doc 3: one fingerprint and one band key; doc 4: two fingerprints.
  const std::vector<ix::Posting> fp = {{100, 1}, {101, 1}, {102, 1}, {100, 2}, {103, 3}, {104, 4}, {105, 4}};
  const std::vector<ix::Posting> bands = {{7, 3}};
  const auto out = ix::rank_candidates(fp, bands);
  ASSERT_EQ(out.size(), 3u);
  // Scores: doc 3 = 1 + 4*1 = 5, doc 1 = 3, doc 4 = 2.
  EXPECT_EQ(out[0].doc, 3u);
  EXPECT_EQ(out[0].shared_fingerprints, 1u);
  EXPECT_EQ(out[0].shared_bands, 1u);
  EXPECT_EQ(out[1].doc, 1u);
  EXPECT_EQ(out[1].shared_fingerprints, 3u);
  EXPECT_EQ(out[1].shared_bands, 0u);
  EXPECT_EQ(out[2].doc, 4u);
  EXPECT_EQ(out[2].shared_fingerprints, 2u);
}

TEST(RankCandidates, BandHitAloneQualifies) {
  const auto out = ix::rank_candidates({}, std::vector<ix::Posting>{{9, 42}});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].doc, 42u);
  EXPECT_EQ(out[0].shared_fingerprints, 0u);
  EXPECT_EQ(out[0].shared_bands, 1u);
}

TEST(RankCandidates, DuplicatePostingsCountOnce) {
  const std::vector<ix::Posting> fp = {{100, 1}, {100, 1}, {100, 1}};
  EXPECT_TRUE(ix::rank_candidates(fp, {}).empty());
}

TEST(RankCandidates, OverCommonKeysAreIgnored) {
  ix::CandidateParams params;
  params.max_postings_per_key = 3;
  // Key 1 hits four documents: no evidence. Key 2 and 3 hit doc 10 only.
  const std::vector<ix::Posting> fp = {{1, 10}, {1, 11}, {1, 12}, {1, 13}, {2, 10}, {3, 10}, {3, 11}};
  const auto out = ix::rank_candidates(fp, {}, params);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].doc, 10u);
  EXPECT_EQ(out[0].shared_fingerprints, 2u);
  // A band key that common is ignored too.
  const std::vector<ix::Posting> bands = {{5, 20}, {5, 21}, {5, 22}, {5, 23}};
  EXPECT_TRUE(ix::rank_candidates({}, bands, params).empty());
}

TEST(RankCandidates, TiesByDocAndLimit) {
  std::vector<ix::Posting> fp;
  for (std::uint32_t doc : {9u, 3u, 7u, 5u})
    for (std::uint32_t key = 0; key < 4; ++key) fp.push_back({key * 100 + doc, doc});
  ix::CandidateParams params;
  params.max_candidates = 3;
  const auto out = ix::rank_candidates(fp, {}, params);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].doc, 3u);
  EXPECT_EQ(out[1].doc, 5u);
  EXPECT_EQ(out[2].doc, 7u);
  params.min_shared_fingerprints = 5;
  EXPECT_TRUE(ix::rank_candidates(fp, {}, params).empty());
}

TEST(Sketch, StopwordNgramsSurviveContentWordSpin) {
  namespace ix = stemma::index;
  const std::string a = "The council said that it would not be able to pay for the repairs until the state had sent the money it "
                        "was owed, and that the work on the bridge would have to wait for at least another year.";
  const std::string b = "The board stated that it would not be capable to fund for the fixes until the government had sent the cash it "
                        "was due, and that the labor on the span would have to linger for at least another twelvemonth.";
  const auto ha = ix::stopword_ngram_hashes(stemma::text::analyze(a).tokens, 6);
  const auto hb = ix::stopword_ngram_hashes(stemma::text::analyze(b).tokens, 6);
  ASSERT_FALSE(ha.empty());
  EXPECT_EQ(ha, hb); // every content word changed, every function word kept
  EXPECT_TRUE(ix::stopword_ngram_hashes(stemma::text::analyze("dam crack spillway lake").tokens, 6).empty());
}

TEST(Sketch, CanonicalShinglesMatchAcrossInflections) {
  namespace ix = stemma::index;
  const auto ta = stemma::text::analyze("inspectors examined cracks dangers");
  const auto tb = stemma::text::analyze("inspector examines crack danger");
  EXPECT_EQ(ix::shingle_hashes(ta.tokens, 4, true), ix::shingle_hashes(tb.tokens, 4, true));
  EXPECT_NE(ix::shingle_hashes(ta.tokens, 4, false), ix::shingle_hashes(tb.tokens, 4, false));
}
