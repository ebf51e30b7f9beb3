#include "index/index.h"

#include <algorithm>
#include <unordered_map>

namespace stemma::index {
namespace {

// Counts distinct keys per document, ignoring keys that hit too many documents.
void count_hits(std::span<const Posting> hits, std::uint32_t max_per_key,
                std::unordered_map<std::uint32_t, Candidate>& by_doc, std::uint32_t Candidate::*field) {
  std::size_t i = 0;
  while (i < hits.size()) {
    std::size_t j = i;
    while (j < hits.size() && hits[j].key == hits[i].key) ++j;
    if (j - i <= max_per_key) {
      std::uint32_t prev = 0;
      for (std::size_t k = i; k < j; ++k) {
        if (k > i && hits[k].doc == prev) continue;
        prev = hits[k].doc;
        Candidate& c = by_doc[hits[k].doc];
        c.doc = hits[k].doc;
        ++(c.*field);
      }
    }
    i = j;
  }
}

} // namespace

std::vector<Candidate> rank_candidates(std::span<const Posting> fingerprint_hits, std::span<const Posting> band_hits,
                                       const CandidateParams& params) {
  std::vector<Posting> fp(fingerprint_hits.begin(), fingerprint_hits.end());
  std::vector<Posting> bands(band_hits.begin(), band_hits.end());
  std::sort(fp.begin(), fp.end());
  std::sort(bands.begin(), bands.end());
  std::unordered_map<std::uint32_t, Candidate> by_doc;
  count_hits(fp, params.max_postings_per_key, by_doc, &Candidate::shared_fingerprints);
  count_hits(bands, params.max_postings_per_key, by_doc, &Candidate::shared_bands);
  std::vector<Candidate> counted;
  counted.reserve(by_doc.size());
  for (const auto& [doc, c] : by_doc) counted.push_back(c);
  return select_candidates(std::move(counted), params);
}

std::vector<Candidate> select_candidates(std::vector<Candidate> counted, const CandidateParams& params) {
  std::vector<Candidate> out;
  for (const Candidate& c : counted)
    if (c.shared_fingerprints >= params.min_shared_fingerprints || c.shared_bands > 0) out.push_back(c);
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    const std::uint32_t sa = a.shared_fingerprints + 4 * a.shared_bands, sb = b.shared_fingerprints + 4 * b.shared_bands;
    return sa != sb ? sa > sb : a.doc < b.doc;
  });
  if (out.size() > params.max_candidates) out.resize(params.max_candidates);
  return out;
}

} // namespace stemma::index
