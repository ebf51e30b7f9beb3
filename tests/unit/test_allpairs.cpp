// The all-pairs candidate stage gives, for every document, exactly the candidates the
// incremental ingest's rule (index::rank_candidates over all postings of its keys) gives.
#include "distributed/allpairs.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

using namespace stemma;

namespace {

using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// The ingest's view: for each document, the postings of its keys, ranked, earlier ones kept.
Pairs reference(const std::vector<index::Posting>& fp, const std::vector<index::Posting>& bands, std::uint32_t docs,
                const index::CandidateParams& params) {
  std::map<std::uint32_t, std::vector<index::Posting>> fp_by_key, band_by_key;
  std::map<std::uint32_t, std::set<std::uint32_t>> fp_keys, band_keys;
  for (const auto& p : fp) fp_by_key[p.key].push_back(p), fp_keys[p.doc].insert(p.key);
  for (const auto& p : bands) band_by_key[p.key].push_back(p), band_keys[p.doc].insert(p.key);
  Pairs out;
  for (std::uint32_t d = 1; d <= docs; ++d) {
    std::vector<index::Posting> fh, bh;
    for (const auto k : fp_keys[d]) fh.insert(fh.end(), fp_by_key[k].begin(), fp_by_key[k].end());
    for (const auto k : band_keys[d]) bh.insert(bh.end(), band_by_key[k].begin(), band_by_key[k].end());
    for (const index::Candidate& c : index::rank_candidates(fh, bh, params))
      if (c.doc < d) out.push_back({c.doc, d});
  }
  return out;
}

TEST(AllPairs, SameCandidatesAsTheIncrementalRule) {
  std::mt19937 rng(7);
  for (const auto& params : {index::CandidateParams{}, index::CandidateParams{2, 4, 6}, index::CandidateParams{3, 2, 100}}) {
    const std::uint32_t docs = 80;
    std::set<index::Posting> fp_set, band_set;
    for (std::uint32_t d = 1; d <= docs; ++d) {
      for (int i = 0; i < 25; ++i) fp_set.insert({static_cast<std::uint32_t>(rng() % 300), d}); // small key space: many shared keys
      for (int i = 0; i < 4; ++i) band_set.insert({static_cast<std::uint32_t>(rng() % 400), d});
    }
    const std::vector<index::Posting> fp(fp_set.begin(), fp_set.end()), bands(band_set.begin(), band_set.end());
    const Pairs want = reference(fp, bands, docs, params);
    ASSERT_GT(want.size(), 30u); // the case tests something
    const auto evidence = distributed::pair_evidence(fp, bands, params.max_postings_per_key);
    EXPECT_EQ(distributed::candidate_pairs(evidence, params), want);

    // Split the keys over "ranks" and merge their evidence: the same answer.
    std::vector<index::Posting> fp_a, fp_b, bands_a, bands_b;
    for (const auto& p : fp) (p.key % 3 ? fp_a : fp_b).push_back(p);
    for (const auto& p : bands) (p.key % 2 ? bands_a : bands_b).push_back(p);
    auto part = distributed::pair_evidence(fp_a, bands_a, params.max_postings_per_key);
    const auto other = distributed::pair_evidence(fp_b, bands_b, params.max_postings_per_key);
    part.insert(part.end(), other.begin(), other.end());
    EXPECT_EQ(distributed::candidate_pairs(distributed::merge_evidence(part), params), want);
  }
}

TEST(AllPairs, SelfPairsCountOwnKeysAndCapSkipsCommonKeys) {
  // Key 1 is in three documents, over a cap of 2; key 2 in two.
  const std::vector<index::Posting> fp{{1, 1}, {1, 2}, {1, 3}, {2, 1}, {2, 2}};
  const auto e = distributed::pair_evidence(fp, {}, 2);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].a, 1u);
  EXPECT_EQ(e[0].b, 1u);
  EXPECT_EQ(e[0].fingerprints, 1u);
  EXPECT_EQ(e[1].a, 1u);
  EXPECT_EQ(e[1].b, 2u);
  EXPECT_EQ(e[1].fingerprints, 1u);
  EXPECT_EQ(e[2].a, 2u);
  EXPECT_EQ(e[2].b, 2u);
  EXPECT_EQ(e[2].fingerprints, 1u);
}

} // namespace
