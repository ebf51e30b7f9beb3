// Pipeline: runs documents through the stages (text -> index -> align ->
// lineage) into the store, and answers questions about stored or new
// articles. Shared by the CLI and, later, the HTTP server.
#pragma once

#include "align/align.h"
#include "claims/claims.h"
#include "index/index.h"
#include "ingest/ingest.h"
#include "lineage/lineage.h"
#include "store/store.h"
#include "text/text.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace stemma::pipeline {

struct Params {
  index::SketchParams sketch;
  index::CandidateParams candidates;
  align::AlignParams align;
  lineage::LineageParams lineage;
  // Ingest keeps the analyses of recently stored and aligned articles for later batches, whose new
  // articles align with the same earlier ones again and again: at most this many tokens (about
  // 70 bytes each; 0 keeps none).
  std::size_t analysis_cache_tokens = 2'000'000;
};

// A document made ready for the store on a worker thread.
struct Prepared {
  ingest::Document doc;
  text::Analysis analysis;
  index::Sketch sketch;
};
Prepared prepare(ingest::Document doc, const Params& params);

// The outcome of one input record, in input order.
struct InputItem {
  std::vector<Prepared> documents;
  std::vector<ingest::Problem> problems;
};

// Reads inputs on one thread, converts and prepares records on `threads`
// worker threads, and hands each result to `consume` on the calling thread in
// input order (so ids and results do not depend on scheduling), with at most
// `in_flight` records in memory at once.
void process_inputs(const std::vector<std::string>& paths, const ingest::ReadOptions& read, const Params& params,
                    unsigned threads, const std::function<void(InputItem&&)>& consume,
                    const std::function<void(std::uint64_t input_bytes)>& progress = {}, std::size_t in_flight = 256);

struct IngestStats {
  std::size_t added = 0, duplicates = 0, pairs = 0, batches = 0;
  std::size_t bytes = 0; // body bytes added
  // Stories that gained articles: grown by one article's edges (the rest of their stemma provably
  // unchanged), or rebuilt whole.
  std::size_t stories_extended = 0, stories_rebuilt = 0;
  // Earlier articles the batches aligned with: analysed anew, or found analysed already.
  std::size_t candidates_analysed = 0, candidates_cached = 0;
};

// Analyses of stored articles by id, the least recently used dropped first beyond a token budget.
// An entry may carry its body's hash (body_hash()); find(id, hash) then returns it only for that
// text (a writer's rolled-back ids may come back with other text).
class RecentAnalyses {
public:
  explicit RecentAnalyses(std::size_t max_tokens) : max_tokens_(max_tokens) {}
  std::shared_ptr<const text::Analysis> find(std::uint32_t id);
  std::shared_ptr<const text::Analysis> find(std::uint32_t id, std::uint64_t body_hash);
  void put(std::uint32_t id, std::shared_ptr<const text::Analysis> analysis, std::uint64_t body_hash = 0);
  std::size_t tokens() const { return tokens_; }
  std::size_t size() const { return where_.size(); }

private:
  struct Entry {
    std::uint32_t id;
    std::uint64_t body_hash;
    std::shared_ptr<const text::Analysis> analysis;
  };
  std::list<Entry> order_; // most recently used first
  std::unordered_map<std::uint32_t, std::list<Entry>::iterator> where_;
  std::size_t tokens_ = 0, max_tokens_;
};
std::uint64_t body_hash(std::string_view body);

// The same shared by the requests of a long-running reader (the server), thread-safe: a trace
// aligns the query with stored articles that other traces of the same story aligned with already.
class SharedAnalyses {
public:
  explicit SharedAnalyses(std::size_t max_tokens) : recent_(max_tokens) {}
  // The analysis of stored article `id` whose body is `body`, made (outside the lock) when missing.
  std::shared_ptr<const text::Analysis> of(std::uint32_t id, std::string_view body);
  struct Stats {
    std::size_t hits = 0, misses = 0, entries = 0, tokens = 0;
  };
  Stats stats() const;

private:
  mutable std::mutex mutex_;
  RecentAnalyses recent_;
  std::size_t hits_ = 0, misses_ = 0;
};

// Batched, transactional ingest: each batch (articles, index segments, reuse
// pairs, updated stemmas) commits atomically, so an interrupted run keeps
// every committed batch and a rerun skips them as duplicates.
class Ingestor {
public:
  struct Event {
    const ingest::Document* document;
    std::uint32_t id;
    bool duplicate;
  };

  Ingestor(store::Store& store, Params params = {}, std::size_t batch_size = 256, unsigned threads = 1);
  ~Ingestor();
  void add(ingest::Document doc);
  void add(Prepared prepared);
  void flush();
  const IngestStats& stats() const { return stats_; }
  std::function<void(const Event&)> on_article;

private:
  store::Store& store_;
  Params params_;
  std::size_t batch_size_;
  unsigned threads_;
  std::vector<Prepared> batch_;
  IngestStats stats_;
  RecentAnalyses analyses_;
};

// Rebuilds and saves the stemma of one story from the stored pairs.
lineage::Stemma rebuild_story(store::Store& store, std::uint32_t story_id, const lineage::LineageParams& params,
                              const lineage::AnalysisLookup& known_analysis = {});

// What an article reuses.
struct Trace {
  store::ArticleRow article;                // id 0 when the article is not stored
  std::vector<lineage::Edge> sources;       // nearest parent(s)
  std::vector<lineage::Edge> also_shares;   // other earlier articles sharing text (not nearest)
  std::vector<lineage::Edge> reused_by;     // later articles deriving from it (stored articles only)
  std::uint32_t story_id = 0;
  // Analyses the trace already made of the article (key 0 when not stored) and of the articles it
  // reuses, so that trace_json does not make them again.
  std::unordered_map<std::uint32_t, std::shared_ptr<const text::Analysis>> analyses;
};

Trace trace_stored(const store::Store& store, std::uint32_t id, const Params& params = {});
// `shared`: analyses of stored articles kept across calls (the server's), or none.
Trace trace_document(const store::Store& store, const ingest::Document& doc, const Params& params = {},
                     SharedAnalyses* shared = nullptr);

// Resolves "42", "#42", a URL or an external id to a stored article id.
std::optional<std::uint32_t> resolve_article(const store::Store& store, const std::string& ref);

// JSON views (schema in docs/json.md). Offsets are Unicode code points.
nlohmann::json article_json(const store::ArticleRow& a, bool with_body = false);
nlohmann::json passage_json(const align::Passage& p, std::string_view parent_body, std::string_view child_body,
                            std::size_t max_snippet = 240);
// A passage between two texts with no parent/child roles ("a" is the first text given to align()).
nlohmann::json pair_passage_json(const align::Passage& p, std::string_view a_body, std::string_view b_body,
                                 std::size_t max_snippet = 240);
// The passage's word-level edit script: [{"op", "a", "b"}], forms normalised.
nlohmann::json edits_json(const text::Analysis& a, const text::Analysis& b, const align::Passage& p);
nlohmann::json edge_json(const lineage::Edge& e, const store::ArticleRow& parent, const store::ArticleRow& child,
                         std::size_t max_snippet = 240);
nlohmann::json story_json(const store::Store& store, const store::StoryRow& story, const lineage::Stemma& stemma,
                          SharedAnalyses* shared = nullptr);
// `also_shares_mutations`: also detect what changed between this article and each entry of
// `also_shares` (not lineage edges; half a long trace's CPU); off, those entries carry none.
nlohmann::json trace_json(const store::Store& store, const Trace& trace, bool also_shares_mutations = false,
                          SharedAnalyses* shared = nullptr);

// Views shared by the CLI's --json and the HTTP API (pipeline/views.cpp).
// The passages of an alignment between two texts (PairPassage), with edit scripts if asked.
nlohmann::json pair_passages_json(const align::Alignment& al, std::string_view a_body, const text::Analysis& ta,
                                  std::string_view b_body, const text::Analysis& tb, bool with_edits, std::size_t max_snippet);
nlohmann::json compare_json(const store::ArticleRow& a, const store::ArticleRow& b); // `stemma compare --json`
nlohmann::json story_summary_json(const store::StoryRow& s);                         // an item of `stemma stories --json`
nlohmann::json stats_json(const store::Store& store);                                // `stemma stats --json`

// Claims stage views (pipeline/claims_report.cpp): attributed claims of a text, mutations along an
// edge (computed from the stored bodies, passages and titles), and the story summary of which
// edge introduced each change (built from the edges' JSON, each with its "mutations").
nlohmann::json claims_json(const std::vector<claims::Claim>& claims, std::string_view body);
nlohmann::json mutations_json(const std::vector<claims::Mutation>& mutations, std::string_view parent_body, std::string_view child_body,
                              std::string_view parent_title, std::string_view child_title);
nlohmann::json edge_mutations_json(const lineage::Edge& e, const store::ArticleRow& parent, const store::ArticleRow& child);
// The same with the bodies' analyses at hand (a story or trace analyses each article once), and
// optionally a memo the view's edges share (claims::detect_mutations).
nlohmann::json edge_mutations_json(const lineage::Edge& e, const store::ArticleRow& parent, const store::ArticleRow& child,
                                   const text::Analysis& parent_analysis, const text::Analysis& child_analysis,
                                   claims::SpinMemo* memo = nullptr);
nlohmann::json article_claims_json(const store::ArticleRow& a);
// `memo`: the view's, so that its edges' mutation detector finds the claims made already.
nlohmann::json article_claims_json(const store::ArticleRow& a, const text::Analysis& analysis, claims::SpinMemo* memo = nullptr);
nlohmann::json mutation_summary_json(const nlohmann::json& edges, const std::function<std::string_view(std::uint32_t)>& body_of);

} // namespace stemma::pipeline
