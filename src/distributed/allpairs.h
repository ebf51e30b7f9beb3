// All-pairs candidate stage: the near-duplicate candidates of a whole corpus at
// once, from the postings grouped by key, with the same rule the incremental
// ingest applies per article (index::rank_candidates against everything stored).
// Used by the distributed run (stemma-mpi: each rank holds the postings of the
// keys it owns) and by the scale benchmark (one process, all keys). No MPI here.
#pragma once

#include "index/index.h"

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace stemma::distributed {

// Shared keys of two documents a <= b (a == b: the document's own usable keys).
struct PairEvidence {
  std::uint32_t a = 0, b = 0;
  std::uint32_t fingerprints = 0, bands = 0;
};

// Evidence of every pair of documents sharing a key, from all postings of some keys
// (each (key, doc) once). Keys with more than max_per_key postings carry no evidence,
// as in index::rank_candidates. Sorted by (a, b).
std::vector<PairEvidence> pair_evidence(std::vector<index::Posting> fingerprints, std::vector<index::Posting> bands,
                                        std::uint32_t max_per_key);

// Adds up evidence of the same pair (from different key owners); sorted by (a, b).
std::vector<PairEvidence> merge_evidence(std::vector<PairEvidence> evidence);

// Candidate pairs (earlier, later) from the complete evidence of a set of documents
// (every pair involving them, self-pairs included): each document's partners ranked
// and cut like index::rank_candidates, then only earlier partners kept. Sorted by
// (later, rank order) -- the order the ingest aligns them in.
std::vector<std::pair<std::uint32_t, std::uint32_t>> candidate_pairs(std::span<const PairEvidence> evidence,
                                                                     const index::CandidateParams& params);

} // namespace stemma::distributed
