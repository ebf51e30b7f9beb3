// Lineage-stage benchmarks (issue 6's performance targets), on synthetic copy trees
// ingested through the real pipeline into a temporary SQLite store.
//
//  lineage/build_stemma/N      build_stemma() of an N-article story, pairs in memory
//  lineage/rebuild_story/N     what ingest does per touched story: load its articles and
//                              pairs from the store, build the stemma, save it
//  ingest/one_article          one new article (batch of one: sketch, candidate lookup,
//                              alignment, story join, stemma rebuild, commit) into a store of
//                              STEMMA_BENCH_STORED articles (default 100,000); arg 0 joins a
//                              typical story (2-30 articles), arg 1 the store's 1,000-article story
//  anchor/std_hash             one std::hash pass over a 1,000-word article (ratio table)
//
// A story is a copy tree: each copy takes a parent among the earlier articles (often a
// recent one, so chains grow deep), drops a paragraph now and then, rewrites some with
// substituted words, adds its own paragraph, and is published minutes to hours later.
// Building the fixtures takes a while (the 1,000-article story: ~130,000 aligned pairs; the
// 100,000-article store: minutes); STEMMA_BENCH_STORED=20000 makes a quicker run, and
// STEMMA_BENCH_CACHE=DIR keeps the fixture stores in DIR for later runs.
#include "pipeline/pipeline.h"
#include "store/store.h"
#include "synthetic.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace stemma;
using namespace stemma::bench;

constexpr std::int64_t kStart = 1'780'000'000; // 2026-05-28

// "prefix" followed by a number (through snprintf: GCC 12 warns falsely on some
// literal + std::to_string concatenations under -O3).
std::string tagged(const char* prefix, std::size_t n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%zu", prefix, n);
  return buf;
}

std::vector<std::string> paragraphs_of(const std::string& body) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= body.size()) {
    const std::size_t j = std::min(body.find("\n\n", i), body.size());
    if (j > i) out.push_back(body.substr(i, j - i));
    i = j + 2;
  }
  return out;
}

std::string join_paragraphs(const std::vector<std::string>& ps) {
  std::string out;
  for (const auto& p : ps) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

ingest::Document make_doc(std::string body, std::int64_t published, std::size_t outlet, const std::string& slug) {
  ingest::Document d;
  d.source = "bench:" + slug;
  d.outlet = tagged("Outlet ", outlet);
  d.url = tagged("https://outlet", outlet) + ".example/" + slug;
  d.title = "Story " + slug;
  d.published = ingest::Timestamp{published, true, true};
  d.published_raw = ingest::format_utc(published);
  d.body = std::move(body);
  return d;
}

// A copy of `parent`: paragraphs dropped (8%), some rewritten with 15% of their words
// substituted (a spinner's pass over a quarter of the copies), one paragraph of its own
// added to half of them.
std::string copy_of(const std::string& parent, Rng& rng) {
  std::vector<std::string> ps;
  const bool spin = rng.chance(0.25);
  for (std::string& p : paragraphs_of(parent)) {
    if (rng.chance(0.08)) continue;
    ps.push_back(spin && rng.chance(0.5) ? substitute_words(p, 0.15, rng.next()) : std::move(p));
  }
  if (rng.chance(0.5)) ps.insert(ps.begin() + static_cast<std::ptrdiff_t>(rng.below(ps.size() + 1)), make_article(40, rng.next()));
  return join_paragraphs(ps);
}

// The documents of one story of `n` articles, published from `start` on.
std::vector<ingest::Document> make_story(std::size_t n, std::uint64_t seed, std::int64_t start, const std::string& name) {
  Rng rng(seed);
  std::vector<ingest::Document> docs;
  docs.push_back(make_doc(make_article(static_cast<std::size_t>(rng.between(500, 900)), rng.next()), start, rng.below(5000), name + "-0"));
  for (std::size_t i = 1; i < n; ++i) {
    // Parent: a recent article (deep chains) or any earlier one (wide fan-out).
    const std::size_t parent = rng.chance(0.6) ? i - 1 - rng.below(std::min<std::size_t>(i, 10)) : rng.below(i);
    const std::int64_t when = docs[parent].published->utc_seconds + 600 + static_cast<std::int64_t>(rng.below(6 * 3600));
    docs.push_back(make_doc(copy_of(docs[parent].body, rng), when, rng.below(5000), name + tagged("-", i)));
  }
  return docs;
}

// The fixture's store: a temporary file, or with STEMMA_BENCH_CACHE=DIR a file kept in DIR
// and reused by later runs (fixtures are deterministic; building them is most of a run).
class TempStore {
public:
  explicit TempStore(const std::string& tag) {
    const char* cache = std::getenv("STEMMA_BENCH_CACHE");
    keep_ = cache && *cache;
    const std::filesystem::path dir = keep_ ? std::filesystem::path(cache) : std::filesystem::temp_directory_path();
    if (keep_) std::filesystem::create_directories(dir);
    path_ = (dir / ("stemma-bench-lineage-" + tag + (keep_ ? std::string() : tagged("-", static_cast<std::size_t>(::getpid()))) + ".db")).string();
    reused_ = keep_ && std::filesystem::exists(path_ + ".complete"); // not a fixture a killed run left half-built
    if (!reused_) remove_files();
    store_ = std::make_unique<store::Store>(path_, store::Store::Mode::read_write);
  }
  ~TempStore() {
    store_.reset();
    if (!keep_) remove_files();
  }
  TempStore(const TempStore&) = delete;
  TempStore& operator=(const TempStore&) = delete;
  store::Store& store() { return *store_; }
  bool reused() const { return reused_; } // a cached store: already filled
  void mark_complete() {
    if (keep_) std::ofstream(path_ + ".complete") << "filled\n";
  }
  // Continues on a temporary copy, so benchmarks that write leave a cached fixture as it was.
  void work_on_copy() {
    if (!keep_) return;
    store_.reset();
    const std::string copy = (std::filesystem::temp_directory_path() / ("stemma-bench-lineage-work-" + tagged("", static_cast<std::size_t>(::getpid())) + ".db")).string();
    std::filesystem::copy_file(path_, copy, std::filesystem::copy_options::overwrite_existing);
    path_ = copy;
    keep_ = false;
    store_ = std::make_unique<store::Store>(path_, store::Store::Mode::read_write);
  }

private:
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm", ".complete"}) std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
  bool keep_ = false, reused_ = false;
  std::unique_ptr<store::Store> store_;
};

unsigned threads() { return std::max(1u, std::thread::hardware_concurrency()); }

void ingest_all(store::Store& store, std::vector<ingest::Document> docs) {
  pipeline::Ingestor ingestor(store, {}, 256, threads());
  for (auto& d : docs) ingestor.add(std::move(d));
  ingestor.flush();
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// ---- One story of N articles, alone in its store -------------------------------------

struct StoryFixture {
  TempStore temp;
  std::uint32_t story = 0;
  std::vector<lineage::ArticleInfo> infos;
  std::vector<lineage::PairReuse> pairs;
  std::map<std::uint32_t, std::string> bodies;

  explicit StoryFixture(std::size_t n) : temp(tagged("story", n)) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!temp.reused()) ingest_all(temp.store(), make_story(n, 0x570E + n, kStart, tagged("s", n)));
    temp.mark_complete();
    story = temp.store().story_of(1);
    const auto rows = temp.store().story_articles(story);
    std::vector<std::uint32_t> ids;
    for (const auto& r : rows) {
      infos.push_back(store::info_of(r));
      ids.push_back(r.id);
      bodies.emplace(r.id, r.body);
    }
    for (store::StoredPair& p : temp.store().pairs_within(ids)) pairs.push_back({p.a, p.b, std::move(p.alignment)});
    std::fprintf(stderr, "[story fixture] %zu articles in the story, %zu reuse pairs, built in %.1fs\n", rows.size(), pairs.size(),
                 seconds_since(t0));
  }
};

StoryFixture& story_fixture(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<StoryFixture>> fixtures;
  auto& f = fixtures[n];
  if (!f) f = std::make_unique<StoryFixture>(n);
  return *f;
}

void BM_BuildStemma(benchmark::State& state) {
  StoryFixture& f = story_fixture(static_cast<std::size_t>(state.range(0)));
  const lineage::BodyLookup body_of = [&](std::uint32_t id) -> std::string_view { return f.bodies.at(id); };
  std::size_t edges = 0;
  for (auto _ : state) {
    const lineage::Stemma s = lineage::build_stemma(f.infos, f.pairs, body_of);
    edges = s.edges.size();
    benchmark::DoNotOptimize(s.edges.data());
  }
  state.counters["articles"] = static_cast<double>(f.infos.size());
  state.counters["pairs"] = static_cast<double>(f.pairs.size());
  state.counters["edges"] = static_cast<double>(edges);
}
BENCHMARK(BM_BuildStemma)->Name("lineage/build_stemma")->ArgName("articles")->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_RebuildStory(benchmark::State& state) {
  StoryFixture& f = story_fixture(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    f.temp.store().begin();
    const lineage::Stemma s = pipeline::rebuild_story(f.temp.store(), f.story, {});
    f.temp.store().commit();
    benchmark::DoNotOptimize(s.edges.data());
  }
  state.counters["articles"] = static_cast<double>(f.infos.size());
  state.counters["pairs"] = static_cast<double>(f.pairs.size());
}
BENCHMARK(BM_RebuildStory)->Name("lineage/rebuild_story")->ArgName("articles")->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// ---- One new article into a large store ------------------------------------------------

std::size_t stored_articles() {
  if (const char* e = std::getenv("STEMMA_BENCH_STORED")) {
    const long n = std::atol(e);
    if (n >= 2000) return static_cast<std::size_t>(n);
  }
  return 100000;
}

// A store of about N articles: one 1,000-article story, stories of 2-30 articles
// (heavy-tailed sizes) holding about a third of the rest, and unrelated originals,
// interleaved in time as a news day would be.
struct LargeStore {
  TempStore temp;
  std::vector<std::uint32_t> typical_members; // ids of articles in typical stories
  std::vector<std::uint32_t> big_members;     // ids of the 1,000-article story
  std::size_t articles = 0;
  Rng rng{0x1A26E};

  LargeStore() : temp(tagged("large", stored_articles())) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t n = stored_articles();
    std::vector<std::pair<std::int64_t, ingest::Document>> timeline;
    std::vector<bool> big, typical;
    for (auto& d : make_story(1000, 0xB16, kStart, "big")) timeline.emplace_back(d.published->utc_seconds, std::move(d));
    std::size_t count = 1000, story = 0;
    const std::int64_t span = 30LL * 86400;
    while (count < n) {
      const std::int64_t start = kStart + static_cast<std::int64_t>(rng.below(span));
      if (rng.chance(0.33)) {
        const std::size_t size = std::min<std::size_t>(n - count, static_cast<std::size_t>(std::clamp(std::exp(1.2 + 0.9 * rng.normal()), 2.0, 30.0)));
        for (auto& d : make_story(size, rng.next(), start, tagged("t", story++))) timeline.emplace_back(d.published->utc_seconds, std::move(d));
        count += size;
      } else {
        timeline.emplace_back(start, make_doc(make_article(static_cast<std::size_t>(std::clamp(std::exp(std::log(600.0) + 0.5 * rng.normal()), 150.0, 2500.0)), rng.next()),
                                              start, rng.below(5000), tagged("u", count)));
        ++count;
      }
    }
    std::stable_sort(timeline.begin(), timeline.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<ingest::Document> docs;
    for (auto& [when, d] : timeline) docs.push_back(std::move(d));
    std::vector<std::string> kinds;
    for (const auto& d : docs) kinds.push_back(d.source.substr(6, 1));
    if (!temp.reused()) ingest_all(temp.store(), std::move(docs));
    temp.mark_complete();
    temp.work_on_copy();
    articles = temp.store().article_count();
    for (std::uint32_t id = 1; id <= articles && id <= kinds.size(); ++id) {
      if (kinds[id - 1] == "b") big_members.push_back(id);
      else if (kinds[id - 1] == "t") typical_members.push_back(id);
    }
    std::fprintf(stderr, "[large store] %zu articles (%zu in the 1,000-article story, %zu in typical stories), built in %.0fs\n", articles,
                 big_members.size(), typical_members.size(), seconds_since(t0));
  }
};

LargeStore& large_store() {
  static LargeStore s;
  return s;
}

void BM_IngestOneArticle(benchmark::State& state) {
  LargeStore& s = large_store();
  const bool into_big = state.range(0) == 1;
  const auto& members = into_big ? s.big_members : s.typical_members;
  if (members.empty()) {
    state.SkipWithError("fixture has no such story");
    return;
  }
  pipeline::Ingestor ingestor(s.temp.store(), {}, 1, 1);
  std::size_t n = 0, pairs = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::uint32_t parent = members[s.rng.below(members.size())];
    const auto row = s.temp.store().article(parent);
    ingest::Document d = make_doc(copy_of(row->body, s.rng), kStart + 40LL * 86400, s.rng.below(5000), tagged(into_big ? "new-big-" : "new-typical-", n++));
    const std::size_t before = ingestor.stats().pairs;
    state.ResumeTiming();
    ingestor.add(std::move(d)); // batch of one: flushes and commits
    pairs += ingestor.stats().pairs - before;
  }
  state.counters["stored"] = static_cast<double>(s.articles);
  state.counters["extended"] = static_cast<double>(ingestor.stats().stories_extended);
  state.counters["rebuilt"] = static_cast<double>(ingestor.stats().stories_rebuilt);
  state.counters["pairs_per_article"] = benchmark::Counter(static_cast<double>(pairs), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_IngestOneArticle)
    ->Name("ingest/one_article")
    ->ArgName("typical0_big1")
    ->Arg(0)
    ->Arg(1)
    ->Iterations(50)
    ->Unit(benchmark::kMillisecond);

void BM_Anchor_StdHash(benchmark::State& state) {
  static const std::string body = make_article(1000, 0xA171C1E1);
  for (auto _ : state) benchmark::DoNotOptimize(std::hash<std::string_view>{}(body));
}
BENCHMARK(BM_Anchor_StdHash)->Name("anchor/std_hash");

} // namespace

BENCHMARK_MAIN();
