// The trace path of `stemma serve` (POST /api/v1/trace) on a real store, without HTTP:
//
//  trace/document     parse the posted JSON record, check the store for the same text, trace it
//                     (analysis, sketch, posting lookups, candidates, alignments, nearest
//                     sources) and build and serialise the JSON view, inside one read snapshot,
//                     exactly as the server's handler does; one query article per iteration,
//                     taken in turn
//                     (the server's connection: index segments resident in memory, as
//                     `stemma serve --index-memory`)
//  trace/document_also_mutations  trace/document with ?also_mutations=1 (mutations for the
//                     `also_shares` entries too, as every trace had them before 2026-12-02)
//  trace/no_json      the same without the JSON view (trace_document only)
//  trace/document_sqlite_index  trace/document reading the index from SQLite block by block
//                     (a connection without resident segments: `stemma trace FILE`)
//  anchor/std_hash    one std::hash pass over the same query articles, taken in turn
//
// At the end: time per trace and its ratio to the anchor, both measured in this process (so
// a busy machine shows up in both). The store and queries are those of bench/serve_load.sh:
//
//   C=bench/out/corpus-100000-s1-q50-g151ecf94
//   STEMMA_BENCH_STORE=$C/serve.db STEMMA_BENCH_QUERIES=$C/queries build/bench/bench_trace
//
// Without them it looks for bench/out/corpus-100000-*/ in the source tree. The store is opened
// read-only.
#include "pipeline/pipeline.h"
#include "store/store.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace stemma;
namespace fs = std::filesystem;

struct Fixture {
  std::unique_ptr<store::Store> store, resident_store; // without and with resident index segments
  std::vector<std::string> records; // JSON lines as the server turns a posted body into one
  std::vector<std::string> bodies;
  std::string error;
};

fs::path default_corpus() {
  const fs::path out = fs::path(STEMMA_SOURCE_DIR) / "bench" / "out";
  std::error_code ec;
  std::vector<fs::path> found;
  for (const auto& e : fs::directory_iterator(out, ec))
    if (e.path().filename().string().starts_with("corpus-100000-") && fs::exists(e.path() / "serve.db.done")) found.push_back(e.path());
  std::sort(found.begin(), found.end());
  return found.empty() ? fs::path() : found.back();
}

Fixture load() {
  Fixture f;
  const char* db = std::getenv("STEMMA_BENCH_STORE");
  const char* queries = std::getenv("STEMMA_BENCH_QUERIES");
  const fs::path corpus = default_corpus();
  const fs::path db_path = db ? fs::path(db) : corpus.empty() ? fs::path() : corpus / "serve.db";
  const fs::path query_dir = queries ? fs::path(queries) : corpus.empty() ? fs::path() : corpus / "queries";
  if (db_path.empty() || !fs::exists(db_path) || !fs::is_directory(query_dir)) {
    f.error = "no store: set STEMMA_BENCH_STORE and STEMMA_BENCH_QUERIES (bench/serve_load.sh builds them)";
    return f;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(query_dir))
    if (e.path().extension() == ".txt" && e.path().filename().string().starts_with("q")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    // As serve_load.sh: the body is what follows the front-matter.
    if (text.starts_with("---\n"))
      if (const auto end = text.find("\n---\n", 3); end != std::string::npos) text = text.substr(end + 5);
    f.records.push_back(nlohmann::json{{"text", text}, {"title", p.stem().string()}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    f.bodies.push_back(std::move(text));
  }
  if (f.records.empty()) {
    f.error = "no q*.txt query articles in " + query_dir.string();
    return f;
  }
  f.store = std::make_unique<store::Store>(db_path.string(), store::Store::Mode::read_only);
  f.resident_store = std::make_unique<store::Store>(db_path.string(), store::Store::Mode::read_only);
  f.resident_store->use_resident_index(std::make_shared<store::ResidentPostings>((std::size_t{512} << 20) / sizeof(index::Posting)));
  std::fprintf(stderr, "[trace] store %s (%u articles), %zu queries\n", db_path.c_str(), f.store->article_count(), f.records.size());
  return f;
}

Fixture& fixture() {
  static Fixture f = load();
  return f;
}

ingest::Document document_of(const std::string& record) {
  std::vector<ingest::Document> docs;
  ingest::Sink sink;
  sink.document = [&](ingest::Document&& d) { docs.push_back(std::move(d)); };
  sink.problem = [](ingest::Problem&&) {};
  // As the server's handler: the request body parsed once, its fields made into a document.
  const nlohmann::json j = nlohmann::json::parse(record);
  const auto field = [&](const char* name) { return j.contains(name) && j[name].is_string() ? j[name].get<std::string>() : std::string(); };
  ingest::parse_text_record({field("text"), field("title"), field("url"), field("outlet"), field("published"), field("id")}, "request", sink);
  return docs.empty() ? ingest::Document{} : std::move(docs.front());
}

void run_traces(benchmark::State& state, bool with_json, bool resident, bool also_mutations = false) {
  Fixture& f = fixture();
  if (!f.store) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  store::Store& store = resident ? *f.resident_store : *f.store;
  std::size_t i = 0, bytes = 0, sources = 0;
  for (auto _ : state) {
    const std::string& record = f.records[i++ % f.records.size()];
    const ingest::Document doc = document_of(record);
    store.begin_read();
    const auto stored = store.find_by_hash(doc.content_hash());
    const pipeline::Trace t = stored ? pipeline::trace_stored(store, *stored) : pipeline::trace_document(store, doc);
    sources += t.sources.size();
    if (with_json) bytes += pipeline::trace_json(store, t, also_mutations).dump().size();
    store.commit();
  }
  state.counters["sources"] = benchmark::Counter(static_cast<double>(sources), benchmark::Counter::kAvgIterations);
  if (with_json) state.counters["json_bytes"] = benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kAvgIterations);
}

// The first iterations load the resident segments (google-benchmark's estimation runs take them).
void BM_TraceDocument(benchmark::State& state) { run_traces(state, true, true); }
BENCHMARK(BM_TraceDocument)->Name("trace/document")->Unit(benchmark::kMillisecond)->MinTime(5.0);

void BM_TraceAlsoMutations(benchmark::State& state) { run_traces(state, true, true, true); }
BENCHMARK(BM_TraceAlsoMutations)->Name("trace/document_also_mutations")->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_TraceNoJson(benchmark::State& state) { run_traces(state, false, true); }
BENCHMARK(BM_TraceNoJson)->Name("trace/no_json")->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_TraceSqliteIndex(benchmark::State& state) { run_traces(state, true, false); }
BENCHMARK(BM_TraceSqliteIndex)->Name("trace/document_sqlite_index")->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_Anchor_StdHash(benchmark::State& state) {
  Fixture& f = fixture();
  if (f.bodies.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(std::hash<std::string_view>{}(f.bodies[i++ % f.bodies.size()]));
}
BENCHMARK(BM_Anchor_StdHash)->Name("anchor/std_hash");

// Console output, then each benchmark's CPU time per operation and its ratio to the anchor.
class RatioReporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      if (r.error_occurred || r.iterations == 0) continue;
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "median") continue;
      std::string name = r.run_name.str();
      name = name.substr(0, name.find("/min_time:"));
      if (!cpu_.contains(name)) order_.push_back(name);
      cpu_[name] = r.cpu_accumulated_time / static_cast<double>(r.iterations);
      real_[name] = r.real_accumulated_time / static_cast<double>(r.iterations);
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const auto anchor = cpu_.find("anchor/std_hash");
    std::printf("\nTime per trace (CPU of this thread; wall in brackets) and CPU / anchor/std_hash CPU%s\n",
                anchor == cpu_.end() ? " (anchor not run)" : "");
    for (const std::string& name : order_) {
      const double c = cpu_.at(name), w = real_.at(name);
      if (c >= 1e-4)
        std::printf("%-28s %9.3f ms  (%.3f ms wall)  x%.0f anchor\n", name.c_str(), c * 1e3, w * 1e3,
                    anchor != cpu_.end() ? c / anchor->second : 0.0);
      else
        std::printf("%-28s %9.1f ns  (%.1f ns wall)\n", name.c_str(), c * 1e9, w * 1e9);
    }
    std::fflush(stdout);
  }

private:
  std::vector<std::string> order_;
  std::map<std::string, double> cpu_, real_;
};

} // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
