// All-pairs candidate generation over a JSONL corpus, timed by phase, for bench/scale.sh:
//   build/bench/allpairs CORPUS.jsonl [--threads T] [--pairs OUT.tsv]
// Reads and prepares every article as `stemma ingest` does (analysis + sketch), numbers
// them in input order skipping content duplicates, then runs the all-pairs candidate
// stage of the distributed run (distributed/allpairs.h) in one process. Prints one JSON
// object (phase seconds, counts); --pairs writes "earlier_external_id<TAB>later_external_id".
#include "distributed/allpairs.h"
#include "pipeline/pipeline.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <unordered_set>

using namespace stemma;

int main(int argc, char** argv) {
  std::string corpus, pairs_path;
  unsigned threads = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (a == "--pairs" && i + 1 < argc) pairs_path = argv[++i];
    else if (corpus.empty() && a[0] != '-') corpus = a;
    else {
      std::cerr << "usage: allpairs CORPUS.jsonl [--threads T] [--pairs OUT.tsv]\n";
      return 2;
    }
  }
  if (corpus.empty()) {
    std::cerr << "usage: allpairs CORPUS.jsonl [--threads T] [--pairs OUT.tsv]\n";
    return 2;
  }
  using clock = std::chrono::steady_clock;
  const auto seconds = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  const pipeline::Params params;
  const auto t0 = clock::now();
  std::vector<std::string> external_ids{""}; // by id, from 1
  std::vector<index::Posting> fp, bands;
  std::unordered_set<std::string> hashes;
  std::size_t errors = 0;
  pipeline::process_inputs({corpus}, {}, params, threads, [&](pipeline::InputItem&& item) {
    errors += item.problems.size();
    for (pipeline::Prepared& p : item.documents) {
      if (!hashes.insert(p.doc.content_hash()).second) continue;
      const auto id = static_cast<std::uint32_t>(external_ids.size());
      external_ids.push_back(p.doc.external_id.empty() ? std::to_string(id) : p.doc.external_id);
      for (const std::uint32_t k : p.sketch.fingerprints) fp.push_back({k, id});
      for (const std::uint32_t k : p.sketch.band_keys) bands.push_back({k, id});
    }
  });
  const auto t1 = clock::now();
  const std::size_t postings = fp.size() + bands.size();
  const std::vector<distributed::PairEvidence> evidence =
      distributed::pair_evidence(std::move(fp), std::move(bands), params.candidates.max_postings_per_key);
  const auto t2 = clock::now();
  const auto pairs = distributed::candidate_pairs(evidence, params.candidates);
  const auto t3 = clock::now();
  if (!pairs_path.empty()) {
    std::ofstream out(pairs_path);
    for (const auto& [a, b] : pairs) out << external_ids[a] << '\t' << external_ids[b] << '\n';
    if (!out) {
      std::cerr << "allpairs: cannot write " << pairs_path << "\n";
      return 1;
    }
  }
  nlohmann::json j = {{"articles", external_ids.size() - 1}, {"problems", errors}, {"postings", postings},
                      {"evidence_pairs", evidence.size()}, {"candidate_pairs", pairs.size()},
                      {"prepare_seconds", seconds(t0, t1)}, {"evidence_seconds", seconds(t1, t2)},
                      {"select_seconds", seconds(t2, t3)}, {"candidate_seconds", seconds(t1, t3)}, {"threads", threads}};
  std::cout << j.dump() << "\n";
  return 0;
}
