// Per-stage micro-benchmarks of stemma on realistic synthetic news text.
//
//  text    normalize / analyze           ~1,000-word articles, bytes/s
//  index   shingle_hashes, winnow, minhash + band_keys, sketch
//  store   PostingTable::lookup          100 keys against a store pre-filled with
//                                        the postings of STEMMA_BENCH_DOCS (100,000)
//                                        synthetic documents, built once per process
//  index   rank_candidates
//  align   align() of two 1,000-word articles: identical, 20% words substituted, unrelated
//  anchor  memcpy / std::hash / a naive whitespace tokeniser over the same article bytes
//
// In console mode a table at the end prints every benchmark's time per operation as a
// multiple of anchor/std_hash (one std::hash pass over the same 1,000-word article), so
// figures from different machines can be compared as ratios.
//
// Everything is generated from fixed seeds with our own PRNG, so the inputs are the
// same on every machine and standard library.
#include "align/align.h"
#include "claims/claims.h"
#include "index/index.h"
#include "store/store.h"
#include "text/text.h"
#include "synthetic.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>
#include <unordered_set>
#include <vector>

namespace {

using namespace stemma;
using namespace stemma::bench;

struct Article {
  std::string body;
  text::Analysis analysis;
  explicit Article(std::string b) : body(std::move(b)), analysis(text::analyze(body)) {}
};

const Article& article_1k(Style style = Style::typographic) {
  static const Article typographic(make_article(1000, 0xA171C1E1, Style::typographic));
  static const Article ascii(make_article(1000, 0xA171C1E1, Style::ascii));
  return style == Style::ascii ? ascii : typographic;
}

void set_article_counters(benchmark::State& state, const Article& a) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(a.body.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(a.analysis.tokens.size()));
  state.counters["words"] = static_cast<double>(a.analysis.tokens.size());
  state.counters["bytes"] = static_cast<double>(a.body.size());
}

// ---- Anchors: machine-speed references over the same bytes ---------------------------

void BM_Anchor_Memcpy(benchmark::State& state) {
  const Article& a = article_1k();
  std::string dst(a.body.size(), '\0');
  for (auto _ : state) {
    std::memcpy(dst.data(), a.body.data(), a.body.size());
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  set_article_counters(state, a);
}
BENCHMARK(BM_Anchor_Memcpy)->Name("anchor/memcpy");

void BM_Anchor_StdHash(benchmark::State& state) {
  const Article& a = article_1k();
  const std::string_view body = a.body;
  for (auto _ : state) {
    benchmark::DoNotOptimize(body.data());
    benchmark::DoNotOptimize(std::hash<std::string_view>{}(body));
  }
  set_article_counters(state, a);
}
BENCHMARK(BM_Anchor_StdHash)->Name("anchor/std_hash");

// What a naive tokeniser costs: split on ASCII whitespace, lower-case, std::hash each word.
void BM_Anchor_SplitWords(benchmark::State& state) {
  const Article& a = article_1k();
  std::vector<std::uint64_t> hashes;
  std::string word;
  for (auto _ : state) {
    hashes.clear();
    const std::string_view s = a.body;
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      word.clear();
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) word += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i++])));
      if (!word.empty()) hashes.push_back(std::hash<std::string>{}(word));
    }
    benchmark::DoNotOptimize(hashes.data());
  }
  set_article_counters(state, a);
}
BENCHMARK(BM_Anchor_SplitWords)->Name("anchor/split_words");

// ---- Text stage -------------------------------------------------------------------------

void BM_Normalize(benchmark::State& state) {
  const Article& a = article_1k(static_cast<Style>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(text::normalize(a.body));
  set_article_counters(state, a);
}
BENCHMARK(BM_Normalize)->Name("text/normalize")->ArgName("typographic")->Arg(0)->Arg(1);

void BM_Analyze(benchmark::State& state) {
  const Article& a = article_1k(static_cast<Style>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(text::analyze(a.body));
  set_article_counters(state, a);
}
BENCHMARK(BM_Analyze)->Name("text/analyze")->ArgName("typographic")->Arg(0)->Arg(1);

// Run by align() on both texts of every pair it aligns.
void BM_QuotationSpans(benchmark::State& state) {
  const Article& a = article_1k();
  std::size_t spans = 0;
  for (auto _ : state) {
    const auto q = text::quotation_spans(a.body);
    spans = q.size();
    benchmark::DoNotOptimize(q.data());
  }
  set_article_counters(state, a);
  state.counters["spans"] = static_cast<double>(spans);
}
BENCHMARK(BM_QuotationSpans)->Name("text/quotation_spans");

// ---- Index stage ------------------------------------------------------------------------

void BM_Shingle(benchmark::State& state) {
  const Article& a = article_1k();
  for (auto _ : state) benchmark::DoNotOptimize(index::shingle_hashes(a.analysis.tokens, 5));
  set_article_counters(state, a);
}
BENCHMARK(BM_Shingle)->Name("index/shingle_hashes");

void BM_Winnow(benchmark::State& state) {
  const Article& a = article_1k();
  const auto shingles = index::shingle_hashes(a.analysis.tokens, 5);
  std::size_t fingerprints = 0;
  for (auto _ : state) {
    const auto f = index::winnow(shingles, 24);
    fingerprints = f.size();
    benchmark::DoNotOptimize(f.data());
  }
  set_article_counters(state, a);
  state.counters["fingerprints"] = static_cast<double>(fingerprints);
}
BENCHMARK(BM_Winnow)->Name("index/winnow");

void BM_ShingleWinnow(benchmark::State& state) {
  const Article& a = article_1k();
  for (auto _ : state) {
    const auto shingles = index::shingle_hashes(a.analysis.tokens, 5);
    benchmark::DoNotOptimize(index::winnow(shingles, 24));
  }
  set_article_counters(state, a);
}
BENCHMARK(BM_ShingleWinnow)->Name("index/shingle+winnow");

void BM_MinHashBands(benchmark::State& state) {
  const Article& a = article_1k();
  const auto shingles = index::shingle_hashes(a.analysis.tokens, 5);
  for (auto _ : state) {
    const auto sig = index::minhash(shingles, 64);
    benchmark::DoNotOptimize(index::band_keys(sig, 16));
  }
  set_article_counters(state, a);
}
BENCHMARK(BM_MinHashBands)->Name("index/minhash+band_keys");

void BM_Sketch(benchmark::State& state) {
  const Article& a = article_1k();
  for (auto _ : state) benchmark::DoNotOptimize(index::sketch(a.analysis));
  set_article_counters(state, a);
}
BENCHMARK(BM_Sketch)->Name("index/sketch");

// The per-article CPU work of ingest before the store: analyze + sketch.
void BM_AnalyzeSketch(benchmark::State& state) {
  const Article& a = article_1k();
  for (auto _ : state) {
    const text::Analysis an = text::analyze(a.body);
    benchmark::DoNotOptimize(index::sketch(an));
  }
  set_article_counters(state, a);
}
BENCHMARK(BM_AnalyzeSketch)->Name("index/analyze+sketch");

// ---- Store: posting lookup ----------------------------------------------------------------

// A temporary store holding the fingerprint and band postings of `docs` synthetic
// documents, written the way the Ingestor writes them: one segment per batch of 256
// documents, then a tiered compaction (fan-in 4), one transaction per batch.
//
// The keys are uniform 32-bit values as the real xxh3-derived keys are; each document
// has about words * 2 / 25 fingerprints (winnowing density for w = 24) with word counts
// lognormal around 600, and 16 band keys. 20% of the documents reuse half the keys of
// a recent document (a story), and a pool of Zipf-popular keys stands for boilerplate
// phrases shared by many documents, so some posting lists are long.
class PostingStore {
public:
  explicit PostingStore(std::size_t docs) : docs_(docs) {
    path_ = (std::filesystem::temp_directory_path() / ("stemma-bench-" + std::to_string(::getpid()) + ".db")).string();
    remove_files();
    const auto t0 = std::chrono::steady_clock::now();
    store_ = std::make_unique<store::Store>(path_, store::Store::Mode::read_write);
    Rng rng(0x5707E5);
    std::vector<std::uint32_t> popular(2000);
    for (auto& k : popular) k = static_cast<std::uint32_t>(rng.next());
    const Zipf popular_zipf(popular.size(), 1.1, 1.0);
    fp_keys_.resize(docs + 1);
    band_keys_.resize(docs + 1);
    std::vector<index::Posting> fp, bands;
    for (std::uint32_t d = 1; d <= docs; ++d) {
      const double words = std::clamp(std::exp(std::log(600.0) + 0.5 * rng.normal()), 150.0, 2500.0);
      const auto n_fp = static_cast<std::size_t>(words * 2.0 / 25.0);
      std::vector<std::uint32_t>& f = fp_keys_[d];
      std::vector<std::uint32_t>& b = band_keys_[d];
      if (d > 1 && rng.chance(0.2)) { // reuses a recent document
        const std::uint32_t src = d - 1 - static_cast<std::uint32_t>(rng.below(std::min<std::size_t>(d - 1, 2000)));
        for (const std::uint32_t k : fp_keys_[src])
          if (rng.chance(0.5)) f.push_back(k);
        for (std::size_t i = 0; i < band_keys_[src].size(); i += 4) b.push_back(band_keys_[src][i]);
      }
      for (int i = 0; i < 2; ++i) f.push_back(popular[popular_zipf(rng)]);
      while (f.size() < n_fp) f.push_back(static_cast<std::uint32_t>(rng.next()));
      while (b.size() < 16) b.push_back(static_cast<std::uint32_t>(rng.next()));
      std::sort(f.begin(), f.end());
      f.erase(std::unique(f.begin(), f.end()), f.end());
      std::sort(b.begin(), b.end());
      b.erase(std::unique(b.begin(), b.end()), b.end());
      for (const auto k : f) fp.push_back({k, d});
      for (const auto k : b) bands.push_back({k, d});
      if (d % 256 == 0 || d == docs) {
        store_->begin();
        store_->fingerprints().add(std::move(fp));
        store_->bands().add(std::move(bands));
        store_->fingerprints().compact();
        store_->bands().compact();
        store_->commit();
        fp.clear();
        bands.clear();
      }
    }
    build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "[posting fixture] %zu documents, %llu postings, %zu+%zu segments, %.1f MB posting blocks, built in %.1fs (%s)\n",
                 docs, static_cast<unsigned long long>(store_->fingerprints().postings() + store_->bands().postings()),
                 store_->fingerprints().segments(), store_->bands().segments(),
                 static_cast<double>(store_->fingerprints().bytes() + store_->bands().bytes()) / 1e6, build_seconds_, path_.c_str());
  }
  ~PostingStore() {
    store_.reset();
    remove_files();
  }
  PostingStore(const PostingStore&) = delete;
  PostingStore& operator=(const PostingStore&) = delete;

  const store::Store& store() const { return *store_; }
  store::Store& mutable_store() const { return *store_; }
  const std::string& path() const { return path_; }
  std::size_t docs() const { return docs_; }

  // Sorted, unique keys: `n` keys of which about `hit_share` come from stored documents
  // (two of them, like a query that reuses two sources) and the rest are new.
  std::vector<std::uint32_t> query(std::size_t n, double hit_share, bool band, Rng& rng) const {
    const auto& keys = band ? band_keys_ : fp_keys_;
    std::vector<std::uint32_t> q;
    const auto want_hits = static_cast<std::size_t>(std::lround(static_cast<double>(n) * hit_share));
    for (int tries = 0; q.size() < want_hits && tries < 64; ++tries) {
      const auto& src = keys[1 + rng.below(docs_)];
      for (const auto k : src) {
        if (q.size() >= want_hits) break;
        q.push_back(k);
      }
    }
    while (q.size() < n) q.push_back(static_cast<std::uint32_t>(rng.next()));
    std::sort(q.begin(), q.end());
    q.erase(std::unique(q.begin(), q.end()), q.end());
    return q;
  }

private:
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::size_t docs_;
  std::string path_;
  std::unique_ptr<store::Store> store_;
  std::vector<std::vector<std::uint32_t>> fp_keys_, band_keys_;
  double build_seconds_ = 0;
};

std::size_t fixture_docs() {
  if (const char* e = std::getenv("STEMMA_BENCH_DOCS")) {
    const long n = std::atol(e);
    if (n > 0) return static_cast<std::size_t>(n);
  }
  return 100000;
}

const PostingStore& posting_store() {
  static const PostingStore s(fixture_docs());
  return s;
}

// One lookup of ~100 fingerprint keys (arg: percent of keys that are stored). Outside a
// transaction, as `stemma trace` runs it: every statement is its own read transaction.
void posting_lookup(benchmark::State& state, bool in_transaction) {
  const PostingStore& ps = posting_store();
  Rng rng(0x100C + static_cast<std::uint64_t>(state.range(0)));
  std::vector<std::vector<std::uint32_t>> queries;
  for (int i = 0; i < 64; ++i) queries.push_back(ps.query(100, static_cast<double>(state.range(0)) / 100.0, false, rng));
  std::size_t i = 0, returned = 0;
  if (in_transaction) ps.mutable_store().begin();
  for (auto _ : state) {
    const auto hits = ps.store().fingerprints().lookup(queries[i++ % queries.size()]);
    returned += hits.size();
    benchmark::DoNotOptimize(hits.data());
  }
  if (in_transaction) ps.mutable_store().rollback();
  state.counters["keys"] = static_cast<double>(queries[0].size());
  state.counters["postings_out"] = benchmark::Counter(static_cast<double>(returned), benchmark::Counter::kAvgIterations);
  state.counters["segments"] = static_cast<double>(ps.store().fingerprints().segments());
  state.counters["docs"] = static_cast<double>(ps.docs());
}
void BM_PostingLookup(benchmark::State& state) { posting_lookup(state, false); }
BENCHMARK(BM_PostingLookup)->Name("store/posting_lookup_100_keys")->ArgName("hit_pct")->Arg(0)->Arg(50)->Arg(100)->Unit(benchmark::kMicrosecond);

// The same inside one transaction, as the Ingestor runs it (no per-statement locking).
void BM_PostingLookupInTransaction(benchmark::State& state) { posting_lookup(state, true); }
BENCHMARK(BM_PostingLookupInTransaction)->Name("store/posting_lookup_100_keys_in_txn")->ArgName("hit_pct")->Arg(50)->Unit(benchmark::kMicrosecond);

// The same through a freshly opened read-only Store for every query (opening not timed),
// as each `stemma trace` process does: no warm SQLite page cache nor any in-process
// cache of decoded blocks, while the in-process variants above may warm up to the whole
// index over their iterations.
void BM_PostingLookupFreshStore(benchmark::State& state) {
  const PostingStore& ps = posting_store();
  Rng rng(0x100D);
  std::vector<std::vector<std::uint32_t>> queries;
  for (int i = 0; i < 64; ++i) queries.push_back(ps.query(100, static_cast<double>(state.range(0)) / 100.0, false, rng));
  std::size_t i = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto fresh = std::make_unique<store::Store>(ps.path(), store::Store::Mode::read_only);
    state.ResumeTiming();
    benchmark::DoNotOptimize(fresh->fingerprints().lookup(queries[i++ % queries.size()]));
    state.PauseTiming();
    fresh.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_PostingLookupFreshStore)->Name("store/posting_lookup_100_keys_fresh_store")->ArgName("hit_pct")->Arg(50)->Unit(benchmark::kMicrosecond);

// The LSH side of a query: 16 band keys against the band table.
void BM_BandLookup(benchmark::State& state) {
  const PostingStore& ps = posting_store();
  Rng rng(0xBA4D);
  std::vector<std::vector<std::uint32_t>> queries;
  for (int i = 0; i < 64; ++i) queries.push_back(ps.query(16, 0.25, true, rng));
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(ps.store().bands().lookup(queries[i++ % queries.size()]));
  state.counters["segments"] = static_cast<double>(ps.store().bands().segments());
}
BENCHMARK(BM_BandLookup)->Name("store/band_lookup_16_keys")->Unit(benchmark::kMicrosecond);

// ---- Candidate ranking --------------------------------------------------------------------

// Hits of 100 fingerprint keys and 16 band keys; arg: fingerprint postings in total.
// 30% of postings go to five true sources, the rest to random documents.
void BM_RankCandidates(benchmark::State& state) {
  const auto total = static_cast<std::size_t>(state.range(0));
  Rng rng(0xCA4D);
  std::vector<index::Posting> fp, bands;
  const std::uint32_t sources[] = {11, 2222, 33333, 44444, 55555};
  for (std::size_t k = 0; k < 100; ++k) {
    const auto key = static_cast<std::uint32_t>(rng.next());
    for (std::size_t p = 0; p < total / 100; ++p)
      fp.push_back({key, rng.chance(0.3) ? sources[rng.below(5)] : 1 + static_cast<std::uint32_t>(rng.below(100000))});
  }
  for (std::size_t k = 0; k < 16; ++k) {
    const auto key = static_cast<std::uint32_t>(rng.next());
    for (std::size_t p = 0; p < 1 + total / 1000; ++p)
      bands.push_back({key, rng.chance(0.5) ? sources[rng.below(5)] : 1 + static_cast<std::uint32_t>(rng.below(100000))});
  }
  // Lookup returns postings grouped by segment, not globally sorted: shuffle likewise.
  for (std::size_t i = fp.size(); i > 1; --i) std::swap(fp[i - 1], fp[rng.below(i)]);
  std::size_t candidates = 0;
  for (auto _ : state) {
    const auto c = index::rank_candidates(fp, bands);
    candidates = c.size();
    benchmark::DoNotOptimize(c.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(fp.size() + bands.size()));
  state.counters["candidates"] = static_cast<double>(candidates);
}
BENCHMARK(BM_RankCandidates)->Name("index/rank_candidates")->ArgName("postings")->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);

// Lookup of both tables + ranking, as one query does before alignment.
void BM_LookupAndRank(benchmark::State& state) {
  const PostingStore& ps = posting_store();
  Rng rng(0x10C2);
  std::vector<std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>>> queries;
  for (int i = 0; i < 64; ++i) queries.emplace_back(ps.query(100, 0.5, false, rng), ps.query(16, 0.25, true, rng));
  std::size_t i = 0, candidates = 0;
  for (auto _ : state) {
    const auto& [f, b] = queries[i++ % queries.size()];
    const auto c = index::rank_candidates(ps.store().fingerprints().lookup(f), ps.store().bands().lookup(b));
    candidates += c.size();
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["candidates"] = benchmark::Counter(static_cast<double>(candidates), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_LookupAndRank)->Name("store/lookup+rank_candidates")->Unit(benchmark::kMicrosecond);

// ---- Alignment ----------------------------------------------------------------------------

enum class Pair { identical, substituted_20pct, unrelated };

void BM_Align(benchmark::State& state) {
  const Article& a = article_1k();
  static const Article sub(substitute_words(article_1k().body, 0.2, 0x5B5B));
  static const Article other(make_article(1000, 0x07E4, Style::typographic));
  const auto kind = static_cast<Pair>(state.range(0));
  const Article& b = kind == Pair::identical ? a : kind == Pair::substituted_20pct ? sub : other;
  align::Alignment al;
  for (auto _ : state) {
    al = align::align({a.body, a.analysis}, {b.body, b.analysis});
    benchmark::DoNotOptimize(al.passages.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(a.analysis.tokens.size() + b.analysis.tokens.size()));
  state.counters["passages"] = static_cast<double>(al.passages.size());
  state.counters["coverage_b"] = al.coverage_b;
}
BENCHMARK(BM_Align)->Name("align/align_1k_words")->ArgName("identical0_sub20pct1_unrelated2")->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

// ---- Claims (issue 7) ----------------------------------------------------------------------

// Claims of both texts and the mutations along a 1k-word edge with 20% of its words substituted
// (alignment precomputed: it is the align benchmark's cost, not this stage's).
void BM_ClaimsAndMutations(benchmark::State& state) {
  const Article& a = article_1k();
  static const Article sub(substitute_words(article_1k().body, 0.2, 0x5B5B));
  const align::Alignment al = align::align({a.body, a.analysis}, {sub.body, sub.analysis});
  std::size_t found = 0;
  for (auto _ : state) {
    const auto ca = claims::extract_claims(a.body, a.analysis), cb = claims::extract_claims(sub.body, sub.analysis);
    const auto m = claims::detect_mutations({a.body, sub.body, a.analysis, sub.analysis, al.passages, "A title", "A title"});
    found += m.size() + ca.size() + cb.size();
    benchmark::DoNotOptimize(m.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(a.analysis.tokens.size() + sub.analysis.tokens.size()));
  state.counters["found"] = benchmark::Counter(static_cast<double>(found), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_ClaimsAndMutations)->Name("claims/claims+mutations_1k_words_sub20pct")->Unit(benchmark::kMicrosecond);

// ---- Ratio table ---------------------------------------------------------------------------

// Console output plus, at the end, each benchmark's time per operation as a multiple
// of anchor/std_hash over the same 1,000-word article (the median of repetitions, if any).
class RatioReporter : public benchmark::ConsoleReporter {
public:
  explicit RatioReporter(bool color) : ConsoleReporter(color ? OO_ColorTabular : OO_Tabular) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    // With --benchmark_repetitions the median aggregate (reported after the repetitions) wins.
    for (const Run& r : runs) {
      if (r.error_occurred || r.iterations == 0) continue;
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") continue;
      const std::string name = r.run_name.str();
      if (!seconds_.contains(name)) order_.push_back(name);
      seconds_[name] = r.real_accumulated_time / static_cast<double>(r.iterations);
      const auto bps = r.counters.find("bytes_per_second");
      if (bps != r.counters.end()) bytes_per_second_[name] = bps->second.value;
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const auto anchor = seconds_.find("anchor/std_hash");
    const auto mem = bytes_per_second_.find("anchor/memcpy");
    std::FILE* out = stdout;
    std::fprintf(out, "\nRatio table (time per op / anchor/std_hash time per op over the same 1,000-word article%s)\n",
                 anchor == seconds_.end() ? "; anchor not run, ratios omitted" : "");
    std::fprintf(out, "%-62s %14s %12s %10s\n", "benchmark", "time/op", "x std_hash", "MB/s");
    for (const std::string& name : order_) {
      const double s = seconds_.at(name);
      const std::string t = s >= 1e-3 ? fmt("%.2f ms", s * 1e3) : s >= 1e-6 ? fmt("%.2f us", s * 1e6) : fmt("%.1f ns", s * 1e9);
      const std::string ratio = anchor != seconds_.end() ? fmt("%.1f", s / anchor->second) : "-";
      const auto b = bytes_per_second_.find(name);
      const std::string mbs = b != bytes_per_second_.end() ? fmt("%.1f", b->second / 1e6) : "-";
      std::fprintf(out, "%-62s %14s %12s %10s\n", name.c_str(), t.c_str(), ratio.c_str(), mbs.c_str());
    }
    if (mem != bytes_per_second_.end()) std::fprintf(out, "(anchor/memcpy: %.0f MB/s)\n", mem->second / 1e6);
    std::fflush(out);
  }

private:
  template <typename... A>
  static std::string fmt(const char* f, A... a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, a...);
    return buf;
  }
  std::vector<std::string> order_;
  std::map<std::string, double> seconds_, bytes_per_second_;
};

} // namespace

int main(int argc, char** argv) {
  bool console = true, color = ::isatty(STDOUT_FILENO) != 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--benchmark_format=") && arg != "--benchmark_format=console") console = false;
    if (arg.starts_with("--benchmark_color=")) {
      const std::string_view v = arg.substr(std::string_view("--benchmark_color=").size());
      color = v == "true" || v == "yes" || v == "1" || (v == "auto" && color);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (console) {
    RatioReporter reporter(color);
    benchmark::RunSpecifiedBenchmarks(&reporter);
  } else {
    benchmark::RunSpecifiedBenchmarks();
  }
  benchmark::Shutdown();
  return 0;
}
