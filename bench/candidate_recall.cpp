// Candidate recall of the index on a simulated corpus (tools/simulate reuse):
// every source text is indexed, every suspicious text queries the index, and
// a true pair is found when its source is among the query's candidates. Run
// for several sketch variants side by side, so each kind of fingerprint's
// contribution to recall and to index size is measured on the same data:
//   build/bench/candidate_recall DIR [DIR ...]
// Each DIR holds pairs.tsv ("src_path<TAB>susp_path") and truth.jsonl (one
// line per pair, in the same order, with a "cases" list; empty = no reuse).
#include "index/index.h"
#include "text/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

using namespace stemma;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return text::repair_utf8(s.str()).text;
}

struct Variant {
  const char* name;
  index::SketchParams params;
};

struct Corpus {
  std::string name;
  std::vector<std::string> sources;                    // unique source texts
  std::vector<std::pair<std::string, std::uint32_t>> queries; // suspicious text, index of its true source
  std::size_t negatives = 0;
};

Corpus load(const std::string& dir) {
  Corpus c;
  c.name = dir.substr(dir.find_last_of('/') + 1);
  std::ifstream pairs(dir + "/pairs.tsv"), truth(dir + "/truth.jsonl");
  if (!pairs || !truth) throw std::runtime_error(dir + ": no pairs.tsv or truth.jsonl");
  std::map<std::string, std::uint32_t> source_index;
  std::string line, truth_line;
  while (std::getline(pairs, line) && std::getline(truth, truth_line)) {
    const auto tab = line.find('\t');
    const std::string src = line.substr(0, tab), susp = line.substr(tab + 1);
    auto [it, fresh] = source_index.try_emplace(src, static_cast<std::uint32_t>(c.sources.size()));
    if (fresh) c.sources.push_back(slurp(src));
    if (nlohmann::json::parse(truth_line)["cases"].empty()) ++c.negatives;
    else c.queries.emplace_back(slurp(susp), it->second);
  }
  return c;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: candidate_recall DIR [DIR ...]   (corpora made by tools/simulate/simulate.py reuse)\n";
    return 2;
  }
  std::vector<Variant> variants;
  {
    // The index before issue 5: exact-word shingles, window 24, no stopword n-grams.
    index::SketchParams exact;
    exact.canonical_shingles = false;
    exact.winnow_window = 24;
    exact.stopword_ngram_words = 0;
    index::SketchParams canonical = exact;
    canonical.canonical_shingles = true;
    index::SketchParams dense = canonical;
    dense.winnow_window = index::SketchParams{}.winnow_window;
    index::SketchParams stopwords = exact;
    stopwords.stopword_ngram_words = index::SketchParams{}.stopword_ngram_words;
    variants = {{"exact shingles w24 (before)", exact},
                {"exact w24 + stopword n-grams", stopwords},
                {"canonical shingles w24", canonical},
                {"canonical shingles w16", dense},
                {"canonical w16 + stopword n-grams (default)", index::SketchParams{}}};
  }
  std::vector<Corpus> corpora;
  for (int i = 1; i < argc; ++i) corpora.push_back(load(argv[i]));

  std::printf("%-40s %-10s %8s %8s %12s %14s\n", "sketch", "corpus", "queries", "recall", "cand/query", "postings/doc");
  for (const Variant& v : variants) {
    for (const Corpus& c : corpora) {
      std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> fingerprints, bands;
      std::size_t postings = 0;
      for (std::uint32_t d = 0; d < c.sources.size(); ++d) {
        const index::Sketch s = index::sketch(text::analyze(c.sources[d]), v.params);
        for (const auto k : s.fingerprints) fingerprints[k].push_back(d);
        for (const auto k : s.band_keys) bands[k].push_back(d);
        postings += s.fingerprints.size() + s.band_keys.size();
      }
      std::size_t found = 0, candidates = 0;
      for (const auto& [susp, truth] : c.queries) {
        const index::Sketch s = index::sketch(text::analyze(susp), v.params);
        std::vector<index::Posting> fp_hits, band_hits;
        for (const auto k : s.fingerprints)
          if (const auto it = fingerprints.find(k); it != fingerprints.end())
            for (const auto d : it->second) fp_hits.push_back({k, d});
        for (const auto k : s.band_keys)
          if (const auto it = bands.find(k); it != bands.end())
            for (const auto d : it->second) band_hits.push_back({k, d});
        const auto ranked = index::rank_candidates(fp_hits, band_hits);
        candidates += ranked.size();
        found += std::any_of(ranked.begin(), ranked.end(), [&](const index::Candidate& x) { return x.doc == truth; });
      }
      const double n = static_cast<double>(std::max<std::size_t>(c.queries.size(), 1));
      std::printf("%-40s %-10s %8zu %8.3f %12.2f %14.1f\n", v.name, c.name.c_str(), c.queries.size(), found / n,
                  candidates / n, static_cast<double>(postings) / static_cast<double>(std::max<std::size_t>(c.sources.size(), 1)));
    }
  }
  return 0;
}
