#include "distributed/allpairs.h"

#include <algorithm>

namespace stemma::distributed {
namespace {

std::uint64_t pair_code(std::uint32_t a, std::uint32_t b) { return (std::uint64_t{a} << 32) | b; }

// Every (a <= b) pair within each key's run of documents, as pair codes.
std::vector<std::uint64_t> pairs_per_key(std::vector<index::Posting>& postings, std::uint32_t max_per_key) {
  std::sort(postings.begin(), postings.end());
  postings.erase(std::unique(postings.begin(), postings.end()), postings.end());
  std::vector<std::uint64_t> codes;
  for (std::size_t i = 0; i < postings.size();) {
    std::size_t j = i;
    while (j < postings.size() && postings[j].key == postings[i].key) ++j;
    if (j - i <= max_per_key)
      for (std::size_t x = i; x < j; ++x)
        for (std::size_t y = x; y < j; ++y) codes.push_back(pair_code(postings[x].doc, postings[y].doc)); // docs sorted within a key
    i = j;
  }
  std::vector<index::Posting>().swap(postings);
  std::sort(codes.begin(), codes.end());
  return codes;
}

} // namespace

std::vector<PairEvidence> pair_evidence(std::vector<index::Posting> fingerprints, std::vector<index::Posting> bands,
                                        std::uint32_t max_per_key) {
  std::vector<PairEvidence> out;
  const auto add_runs = [&](const std::vector<std::uint64_t>& codes, std::uint32_t PairEvidence::*field) {
    for (std::size_t i = 0; i < codes.size();) {
      std::size_t j = i;
      while (j < codes.size() && codes[j] == codes[i]) ++j;
      PairEvidence e;
      e.a = static_cast<std::uint32_t>(codes[i] >> 32);
      e.b = static_cast<std::uint32_t>(codes[i]);
      e.*field = static_cast<std::uint32_t>(j - i);
      out.push_back(e);
      i = j;
    }
  };
  add_runs(pairs_per_key(fingerprints, max_per_key), &PairEvidence::fingerprints);
  add_runs(pairs_per_key(bands, max_per_key), &PairEvidence::bands);
  return merge_evidence(std::move(out));
}

std::vector<PairEvidence> merge_evidence(std::vector<PairEvidence> evidence) {
  std::sort(evidence.begin(), evidence.end(),
            [](const PairEvidence& x, const PairEvidence& y) { return pair_code(x.a, x.b) < pair_code(y.a, y.b); });
  std::vector<PairEvidence> out;
  for (const PairEvidence& e : evidence) {
    if (!out.empty() && out.back().a == e.a && out.back().b == e.b) {
      out.back().fingerprints += e.fingerprints;
      out.back().bands += e.bands;
    } else {
      out.push_back(e);
    }
  }
  return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> candidate_pairs(std::span<const PairEvidence> evidence,
                                                                     const index::CandidateParams& params) {
  // Each document's view: (document, partner's evidence).
  std::vector<std::pair<std::uint32_t, index::Candidate>> views;
  views.reserve(evidence.size() * 2);
  for (const PairEvidence& e : evidence) {
    views.push_back({e.b, {e.a, e.fingerprints, e.bands}});
    if (e.a != e.b) views.push_back({e.a, {e.b, e.fingerprints, e.bands}});
  }
  std::sort(views.begin(), views.end(), [](const auto& x, const auto& y) { return x.first != y.first ? x.first < y.first : x.second.doc < y.second.doc; });
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  std::vector<index::Candidate> partners;
  for (std::size_t i = 0; i < views.size();) {
    const std::uint32_t doc = views[i].first;
    partners.clear();
    for (; i < views.size() && views[i].first == doc; ++i) partners.push_back(views[i].second);
    for (const index::Candidate& c : index::select_candidates(partners, params))
      if (c.doc < doc) out.push_back({c.doc, doc});
  }
  return out;
}

} // namespace stemma::distributed
