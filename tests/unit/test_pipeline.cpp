// Unit tests for the pipeline: batched ingest into a temporary store,
// tracing stored and new articles, reference resolution and JSON views.
#include "pipeline/pipeline.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace pl = stemma::pipeline;
namespace st = stemma::store;
namespace ig = stemma::ingest;
namespace al = stemma::align;
namespace lg = stemma::lineage;
using stemma::testing::TempDir;

namespace {

const std::string kDam =
    "Inspectors found three cracks in the concrete spillway of the Wenning dam on Thursday afternoon during a routine "
    "quarterly inspection, and county officials ordered the lake lowered by six feet over the next ten days as a "
    "precaution. The longest crack runs roughly forty feet across the lower chute and is as wide as an inch in places, "
    "according to a notice filed with the state water board on Friday morning.";

const std::string kBakery =
    "A small bakery in the valley town of Ostrava Mills has won a national prize for its dark rye bread, which the "
    "two sisters who own it bake every morning in a wood oven that their grandfather built more than sixty years ago. "
    "The judges praised the crust and said the loaf kept fresh for a full week.";

ig::Document make(std::string body, std::string outlet, std::string url, std::string published, std::string id = {}) {
  ig::Document d;
  d.source = outlet + ".txt";
  d.body = std::move(body);
  d.outlet = std::move(outlet);
  d.url = std::move(url);
  d.external_id = std::move(id);
  d.title = d.outlet + " headline";
  d.published_raw = std::move(published);
  if (!d.published_raw.empty()) d.published = ig::parse_timestamp(d.published_raw);
  return d;
}

ig::Document source_doc() {
  return make(kDam, "The Harbor Gazette", "https://harborgazette.example/dam", "2026-03-14T08:00:00Z", "hg-1");
}
ig::Document copy_doc() { return make(kDam, "Coast Daily", "https://coastdaily.example/dam", "2026-03-14T10:00:00Z"); }
ig::Document unrelated_doc() { return make(kBakery, "Valley Food Weekly", "https://vfw.example/bread", "2026-03-14T09:00:00Z"); }

class PipelineTest : public ::testing::Test {
protected:
  TempDir dir;
  st::Store store{dir.file("stemma.db"), st::Store::Mode::read_write};

  void ingest_three(std::size_t batch_size) {
    pl::Ingestor ingestor(store, {}, batch_size);
    ingestor.add(source_doc());
    ingestor.add(copy_doc());
    ingestor.add(unrelated_doc());
    ingestor.flush();
    EXPECT_EQ(ingestor.stats().added, 3u);
    EXPECT_EQ(ingestor.stats().pairs, 1u);
    EXPECT_EQ(ingestor.stats().duplicates, 0u);
  }

  void expect_story_of_three() {
    EXPECT_EQ(store.article_count(), 3u);
    EXPECT_EQ(store.story_of(1), 1u);
    EXPECT_EQ(store.story_of(2), 1u);
    EXPECT_EQ(store.story_of(3), 3u);
    EXPECT_TRUE(store.pair(1, 2).has_value());
    EXPECT_FALSE(store.pair(1, 3).has_value());
    EXPECT_FALSE(store.pair(2, 3).has_value());
    const lg::Stemma s = store.stemma(1);
    EXPECT_EQ(s.members, (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(s.roots, (std::vector<std::uint32_t>{1}));
    ASSERT_EQ(s.edges.size(), 1u);
    EXPECT_EQ(s.edges[0].parent, 1u);
    EXPECT_EQ(s.edges[0].child, 2u);
    EXPECT_EQ(s.edges[0].relation, lg::Relation::verbatim_copy);
    ASSERT_EQ(s.edges[0].passages.size(), 1u);
    EXPECT_EQ(s.edges[0].passages[0].kind, al::ReuseKind::verbatim);
    EXPECT_TRUE(store.stemma(3).edges.empty());
  }
};

} // namespace

// ---- Ingestor ------------------------------------------------------------------------------

TEST_F(PipelineTest, IngestOneBatchFormsTheStory) {
  pl::Ingestor ingestor(store);
  std::vector<std::pair<std::uint32_t, bool>> events;
  ingestor.on_article = [&](const pl::Ingestor::Event& e) { events.emplace_back(e.id, e.duplicate); };
  ingestor.add(source_doc());
  ingestor.add(copy_doc());
  ingestor.add(unrelated_doc());
  EXPECT_EQ(store.article_count(), 0u); // nothing until the batch is flushed
  ingestor.flush();
  const pl::IngestStats& stats = ingestor.stats();
  EXPECT_EQ(stats.added, 3u);
  EXPECT_EQ(stats.pairs, 1u);
  EXPECT_EQ(stats.duplicates, 0u);
  EXPECT_EQ(stats.batches, 1u);
  EXPECT_EQ(stats.bytes, 2 * kDam.size() + kBakery.size());
  EXPECT_EQ(events, (std::vector<std::pair<std::uint32_t, bool>>{{1, false}, {2, false}, {3, false}}));
  expect_story_of_three();
  const auto story = store.story(1);
  ASSERT_TRUE(story.has_value());
  EXPECT_EQ(story->size, 2u);
  EXPECT_EQ(story->edges, 1u);
  EXPECT_EQ(story->origin, 1u);
  EXPECT_GT(store.fingerprints().postings(), 0u);
  EXPECT_GT(store.bands().postings(), 0u);
}

TEST_F(PipelineTest, IngestOneArticlePerBatchGivesTheSameStory) {
  ingest_three(1);
  expect_story_of_three();
}

TEST_F(PipelineTest, DuplicatesAreCountedNotAdded) {
  ingest_three(256);
  pl::Ingestor again(store);
  std::vector<std::pair<std::uint32_t, bool>> events;
  again.on_article = [&](const pl::Ingestor::Event& e) { events.emplace_back(e.id, e.duplicate); };
  again.add(source_doc());    // already stored as #1
  again.add(unrelated_doc()); // already stored as #3
  again.flush();
  EXPECT_EQ(again.stats().duplicates, 2u);
  EXPECT_EQ(again.stats().added, 0u);
  EXPECT_EQ(again.stats().batches, 0u);
  EXPECT_EQ(events, (std::vector<std::pair<std::uint32_t, bool>>{{1, true}, {3, true}}));
  EXPECT_EQ(store.article_count(), 3u);
  expect_story_of_three();
}

TEST_F(PipelineTest, DuplicateWithinOneBatch) {
  pl::Ingestor ingestor(store);
  ingestor.add(source_doc());
  ingestor.add(source_doc());
  ingestor.flush();
  EXPECT_EQ(ingestor.stats().added, 1u);
  EXPECT_EQ(ingestor.stats().duplicates, 1u);
  EXPECT_EQ(store.article_count(), 1u);
}

TEST_F(PipelineTest, RebuildStoryReproducesTheSavedStemma) {
  ingest_three(256);
  const lg::Stemma rebuilt = pl::rebuild_story(store, 1, {});
  ASSERT_EQ(rebuilt.edges.size(), 1u);
  EXPECT_EQ(rebuilt.edges[0].parent, 1u);
  EXPECT_EQ(rebuilt.edges[0].child, 2u);
  expect_story_of_three();
}

// ---- tracing ------------------------------------------------------------------------------

TEST_F(PipelineTest, TraceStored) {
  ingest_three(256);
  const pl::Trace copy = pl::trace_stored(store, 2);
  EXPECT_EQ(copy.article.id, 2u);
  EXPECT_EQ(copy.story_id, 1u);
  ASSERT_EQ(copy.sources.size(), 1u);
  EXPECT_EQ(copy.sources[0].parent, 1u);
  EXPECT_EQ(copy.sources[0].child, 2u);
  EXPECT_EQ(copy.sources[0].relation, lg::Relation::verbatim_copy);
  EXPECT_TRUE(copy.reused_by.empty());
  EXPECT_TRUE(copy.also_shares.empty());

  const pl::Trace source = pl::trace_stored(store, 1);
  EXPECT_TRUE(source.sources.empty());
  ASSERT_EQ(source.reused_by.size(), 1u);
  EXPECT_EQ(source.reused_by[0].child, 2u);

  const pl::Trace lone = pl::trace_stored(store, 3);
  EXPECT_EQ(lone.article.id, 3u);
  EXPECT_TRUE(lone.sources.empty());
  EXPECT_TRUE(lone.reused_by.empty());
  EXPECT_TRUE(lone.also_shares.empty());

  EXPECT_EQ(pl::trace_stored(store, 99).article.id, 0u);
}

TEST_F(PipelineTest, CopyOfACopyChainAndAlsoShares) {
  // 2 copies 1 with three words dropped; 3 copies 2 with three more dropped.
  std::string copy = kDam, copy_of_copy;
  copy.erase(copy.find(" routine quarterly inspection,"), 30);
  copy_of_copy = copy;
  copy_of_copy.erase(copy_of_copy.find(" roughly forty feet"), 19);
  pl::Ingestor ingestor(store);
  ingestor.add(make(kDam, "The Harbor Gazette", "https://harborgazette.example/a", "2026-03-14T08:00:00Z"));
  ingestor.add(make(copy, "Coast Daily", "https://coastdaily.example/a", "2026-03-14T10:00:00Z"));
  ingestor.add(make(copy_of_copy, "Valley Wire", "https://valleywire.example/a", "2026-03-14T12:00:00Z"));
  ingestor.flush();
  EXPECT_EQ(ingestor.stats().pairs, 3u);
  const lg::Stemma s = store.stemma(1);
  EXPECT_EQ(s.members, (std::vector<std::uint32_t>{1, 2, 3}));
  ASSERT_EQ(s.edges.size(), 2u);
  EXPECT_EQ(s.edges[0].parent, 1u);
  EXPECT_EQ(s.edges[0].child, 2u);
  EXPECT_EQ(s.edges[1].parent, 2u);
  EXPECT_EQ(s.edges[1].child, 3u);

  // The last copy: nearest source 2, and 1 also shares its text.
  const pl::Trace last = pl::trace_stored(store, 3);
  ASSERT_EQ(last.sources.size(), 1u);
  EXPECT_EQ(last.sources[0].parent, 2u);
  ASSERT_EQ(last.also_shares.size(), 1u);
  EXPECT_EQ(last.also_shares[0].parent, 1u);
  EXPECT_EQ(last.also_shares[0].child, 3u);
  ASSERT_EQ(last.also_shares[0].passages.size(), 1u);
  EXPECT_EQ(last.also_shares[0].passages[0].a_token_count, 71u); // oriented 1 -> 3
  EXPECT_EQ(last.also_shares[0].passages[0].b_token_count, 65u);

  const pl::Trace middle = pl::trace_stored(store, 2);
  ASSERT_EQ(middle.sources.size(), 1u);
  EXPECT_EQ(middle.sources[0].parent, 1u);
  ASSERT_EQ(middle.reused_by.size(), 1u);
  EXPECT_EQ(middle.reused_by[0].child, 3u);
  EXPECT_TRUE(middle.also_shares.empty());

  const pl::Trace first = pl::trace_stored(store, 1);
  EXPECT_TRUE(first.sources.empty());
  ASSERT_EQ(first.reused_by.size(), 1u);
  EXPECT_EQ(first.reused_by[0].child, 2u);
  // Article 3 shares text with 1 but came later: it is not listed as a source-like partner.
  EXPECT_TRUE(first.also_shares.empty());
}

TEST_F(PipelineTest, LaterArticleMergesTwoStories) {
  {
    pl::Ingestor first(store);
    first.add(source_doc());
    first.add(unrelated_doc());
    first.flush();
    EXPECT_EQ(first.stats().pairs, 0u);
  }
  EXPECT_EQ(store.story_of(1), 1u);
  EXPECT_EQ(store.story_of(2), 2u);
  pl::Ingestor second(store);
  second.add(make(kDam.substr(0, kDam.find(". ") + 1) + " In other news, " + kBakery, "Roundup Daily", "https://roundup.example/1",
                  "2026-03-14T20:00:00Z"));
  second.flush();
  EXPECT_EQ(second.stats().added, 1u);
  EXPECT_EQ(second.stats().pairs, 2u);
  for (std::uint32_t id = 1; id <= 3; ++id) EXPECT_EQ(store.story_of(id), 1u) << id;
  EXPECT_FALSE(store.story(2).has_value());
  const lg::Stemma s = store.stemma(1);
  ASSERT_EQ(s.edges.size(), 2u);
  EXPECT_EQ(s.roots, (std::vector<std::uint32_t>{1, 2}));
  for (const auto& e : s.edges) {
    EXPECT_EQ(e.child, 3u);
    EXPECT_EQ(e.relation, lg::Relation::aggregation);
  }
}

TEST_F(PipelineTest, TraceDocumentFindsTheSource) {
  ingest_three(256);
  const ig::Document fresh =
      make("Breaking news from the coast. " + kDam, "Valley Wire", "https://valleywire.example/x", "2026-03-15T09:00:00Z");
  const pl::Trace t = pl::trace_document(store, fresh);
  EXPECT_EQ(t.article.id, 0u);
  EXPECT_EQ(t.article.body, fresh.body);
  EXPECT_EQ(t.article.tokens, 76u);
  ASSERT_EQ(t.sources.size(), 1u);
  EXPECT_EQ(t.sources[0].parent, 1u); // the earlier of the two identical stored versions
  EXPECT_EQ(t.sources[0].child, 0u);
  EXPECT_EQ(t.sources[0].relation, lg::Relation::verbatim_copy);
  ASSERT_EQ(t.also_shares.size(), 1u);
  EXPECT_EQ(t.also_shares[0].parent, 2u);
  EXPECT_EQ(t.also_shares[0].child, 0u);

  // An undated excerpt: containment says the stored article is its source.
  const pl::Trace excerpt = pl::trace_document(store, make(kDam.substr(0, kDam.find(". ") + 1), "Valley Wire", "", ""));
  ASSERT_EQ(excerpt.sources.size(), 1u);
  EXPECT_EQ(excerpt.sources[0].parent, 1u);
  EXPECT_DOUBLE_EQ(excerpt.sources[0].coverage, 1.0);

  const pl::Trace none = pl::trace_document(store, make("Tickets for the summer music festival go on sale next week, organisers said, and prices will stay the same as last year.", "X", "", ""));
  EXPECT_TRUE(none.sources.empty());
  EXPECT_TRUE(none.also_shares.empty());
}

TEST_F(PipelineTest, TraceDocumentOnEmptyStore) {
  const pl::Trace t = pl::trace_document(store, copy_doc());
  EXPECT_TRUE(t.sources.empty());
  EXPECT_TRUE(t.also_shares.empty());
  ASSERT_TRUE(t.article.published_utc.has_value());
  EXPECT_EQ(*t.article.published_utc, 1773446400 + 10 * 3600);
}

// ---- resolve_article ------------------------------------------------------------------------

TEST_F(PipelineTest, ResolveArticle) {
  ingest_three(256);
  EXPECT_EQ(pl::resolve_article(store, "1"), 1u);
  EXPECT_EQ(pl::resolve_article(store, "#2"), 2u);
  EXPECT_EQ(pl::resolve_article(store, "3"), 3u);
  EXPECT_EQ(pl::resolve_article(store, "https://coastdaily.example/dam"), 2u);
  EXPECT_EQ(pl::resolve_article(store, "hg-1"), 1u);
  EXPECT_FALSE(pl::resolve_article(store, "99").has_value());
  EXPECT_FALSE(pl::resolve_article(store, "#99").has_value());
  EXPECT_FALSE(pl::resolve_article(store, "#").has_value());
  EXPECT_FALSE(pl::resolve_article(store, "").has_value());
  EXPECT_FALSE(pl::resolve_article(store, "https://nowhere.example/").has_value());
  EXPECT_FALSE(pl::resolve_article(store, "99999999999999999999").has_value());
}

// ---- JSON views ------------------------------------------------------------------------------

TEST(PipelineJson, PassageOffsetsAreCodePoints) {
  const std::string parent = "\xCE\xA9\xCE\xBC\xCE\xAD\xCE\xB3\xCE\xB1 alpha beta gamma"; // "Ωμέγα alpha beta gamma"
  const std::string child = "na\xC3\xAFve caf\xC3\xA9 alpha beta gamma!";                  // "naïve café alpha beta gamma!"
  al::Passage p;
  p.a_begin = 11;
  p.a_end = static_cast<std::uint32_t>(parent.size());
  p.b_begin = 13;
  p.b_end = static_cast<std::uint32_t>(child.size() - 1);
  p.a_token_count = p.b_token_count = p.kept_tokens = 3;
  p.similarity = 1.0;
  p.kind = al::ReuseKind::verbatim;
  p.b_quoted = 0.25;
  const nlohmann::json j = pl::passage_json(p, parent, child);
  EXPECT_EQ(j["parent"]["begin"], 6);
  EXPECT_EQ(j["parent"]["end"], 22);
  EXPECT_EQ(j["parent"]["byte_begin"], 11);
  EXPECT_EQ(j["parent"]["byte_end"], 27);
  EXPECT_EQ(j["parent"]["text"], "alpha beta gamma");
  EXPECT_EQ(j["child"]["begin"], 11);
  EXPECT_EQ(j["child"]["end"], 27);
  EXPECT_EQ(j["child"]["byte_begin"], 13);
  EXPECT_EQ(j["child"]["text"], "alpha beta gamma");
  EXPECT_EQ(j["kind"], "verbatim");
  EXPECT_EQ(j["kept_words"], 3);
  EXPECT_EQ(j["child_quoted"], 0.25);
}

TEST(PipelineJson, SnippetsAreCutAtCharacterBoundariesAndOffsetsClamped) {
  const std::string parent = "\xCE\xB1\xCE\xB2\xCE\xB3\xCE\xB4"; // "αβγδ", 8 bytes
  al::Passage p;
  p.a_begin = 0;
  p.a_end = 8;
  p.b_begin = 2;
  p.b_end = 1000; // beyond the text: clamped
  const nlohmann::json j = pl::passage_json(p, parent, parent, 5);
  EXPECT_EQ(j["parent"]["text"], "\xCE\xB1\xCE\xB2\xE2\x80\xA6"); // "αβ…"
  EXPECT_EQ(j["child"]["byte_end"], 8);
  EXPECT_EQ(j["child"]["end"], 4);
  EXPECT_EQ(j["child"]["begin"], 1);
  const nlohmann::json full = pl::passage_json(p, parent, parent, 0); // no limit
  EXPECT_EQ(full["parent"]["text"], parent);
}

TEST(PipelineJson, ArticleJson) {
  st::ArticleRow row;
  row.id = 4;
  row.title = "Port closes";
  row.outlet = "The Harbor Gazette";
  row.url = "https://harborgazette.example/port";
  row.tokens = 12;
  row.published_utc = 1773495000;
  row.published_raw = "2026-03-14T08:30:00-05:00";
  row.story_id = 2;
  row.body = "Body.";
  const nlohmann::json j = pl::article_json(row);
  EXPECT_EQ(j["id"], 4);
  EXPECT_EQ(j["title"], "Port closes");
  EXPECT_EQ(j["outlet"], "The Harbor Gazette");
  EXPECT_EQ(j["words"], 12);
  EXPECT_EQ(j["published"], "2026-03-14T13:30:00Z");
  EXPECT_EQ(j["published_raw"], "2026-03-14T08:30:00-05:00");
  EXPECT_EQ(j["story"], 2);
  EXPECT_FALSE(j.contains("body"));
  EXPECT_EQ(pl::article_json(row, true)["body"], "Body.");
  row.published_utc.reset();
  row.story_id = 0;
  const nlohmann::json k = pl::article_json(row);
  EXPECT_TRUE(k["published"].is_null());
  EXPECT_FALSE(k.contains("story"));
}

TEST_F(PipelineTest, TraceAndStoryJsonUseCodePointOffsets) {
  // Non-ASCII text before the shared passage in both articles.
  const std::string parent_prefix = "\xCE\xA9\xCE\xBC\xCE\xAD\xCE\xB3\xCE\xB1. ";                 // "Ωμέγα. ": 7 chars, 12 bytes
  const std::string child_prefix = "\xC3\x9Cn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 prefix here. "; // "Ünïcödé prefix here. ": 21 chars, 25 bytes
  pl::Ingestor ingestor(store);
  ingestor.add(make(parent_prefix + kDam, "The Harbor Gazette", "https://harborgazette.example/a", "2026-03-14T08:00:00Z"));
  ingestor.add(make(child_prefix + kDam, "Coast Daily", "https://coastdaily.example/a", "2026-03-14T11:00:00Z"));
  ingestor.flush();
  ASSERT_EQ(ingestor.stats().pairs, 1u);

  const pl::Trace t = pl::trace_stored(store, 2);
  const nlohmann::json j = pl::trace_json(store, t);
  EXPECT_EQ(j["stored"], true);
  EXPECT_EQ(j["story"], 1);
  EXPECT_EQ(j["article"]["id"], 2);
  ASSERT_EQ(j["sources"].size(), 1u);
  const nlohmann::json& src = j["sources"][0];
  EXPECT_EQ(src["parent"], 1);
  EXPECT_EQ(src["relation"], "verbatim_copy");
  EXPECT_EQ(src["article"]["id"], 1);
  ASSERT_EQ(src["passages"].size(), 1u);
  const nlohmann::json& pj = src["passages"][0];
  EXPECT_EQ(pj["parent"]["begin"], 7);
  EXPECT_EQ(pj["parent"]["byte_begin"], 12);
  EXPECT_EQ(pj["child"]["begin"], 21);
  EXPECT_EQ(pj["child"]["byte_begin"], 25);
  EXPECT_EQ(pj["child"]["end"], 21 + kDam.size() - 1); // kDam is ASCII; its final full stop is not in the passage
  EXPECT_EQ(j["reused_by"].size(), 0u);

  const nlohmann::json parent_view = pl::trace_json(store, pl::trace_stored(store, 1));
  ASSERT_EQ(parent_view["reused_by"].size(), 1u);
  EXPECT_EQ(parent_view["reused_by"][0]["child"], 2);
  EXPECT_EQ(parent_view["reused_by"][0]["passages"][0]["parent"]["begin"], 7);

  const auto story = store.story(1);
  ASSERT_TRUE(story.has_value());
  const nlohmann::json sj = pl::story_json(store, *story, store.stemma(1));
  EXPECT_EQ(sj["id"], 1);
  EXPECT_EQ(sj["size"], 2);
  EXPECT_EQ(sj["origin"], 1);
  EXPECT_EQ(sj["roots"], nlohmann::json::array({1}));
  EXPECT_EQ(sj["articles"].size(), 2u);
  ASSERT_EQ(sj["edges"].size(), 1u);
  EXPECT_EQ(sj["edges"][0]["passages"][0]["child"]["begin"], 21);

  // A document that is not stored.
  const nlohmann::json dj = pl::trace_json(store, pl::trace_document(store, make(kDam, "Wire", "", "")));
  EXPECT_EQ(dj["stored"], false);
  EXPECT_FALSE(dj.contains("story"));
  ASSERT_EQ(dj["sources"].size(), 1u);
  EXPECT_EQ(dj["sources"][0]["passages"][0]["parent"]["begin"], 7);
  EXPECT_EQ(dj["sources"][0]["passages"][0]["child"]["begin"], 0);
}

// The server's analyses of stored articles, kept across requests: a hit only for the same id and
// the same text (a rolled-back id may come back with another body), the least recently used
// dropped beyond the token budget.
TEST(SharedAnalyses, HitsOnlyTheSameTextAndDropsTheLeastRecentlyUsed) {
  const std::string one = "The dam cracked on Monday, officials said.";
  const std::string two = "A different story about a bridge that stayed open.";
  const std::size_t tokens_one = stemma::text::analyze(one).tokens.size() + 1;
  const std::size_t tokens_two = stemma::text::analyze(two).tokens.size() + 1;
  pl::SharedAnalyses shared(tokens_one + tokens_two);
  const auto a = shared.of(1, one);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->tokens.size(), stemma::text::analyze(one).tokens.size());
  EXPECT_EQ(shared.of(1, one), a); // the same object: a hit
  const auto replaced = shared.of(1, two); // same id, other text: analysed anew
  EXPECT_NE(replaced, a);
  EXPECT_EQ(replaced->tokens.size(), stemma::text::analyze(two).tokens.size());
  auto s = shared.stats();
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.misses, 2u);
  EXPECT_EQ(s.entries, 1u);
  EXPECT_EQ(s.tokens, tokens_two);
  shared.of(2, one);
  shared.of(3, two); // over budget: id 1, the least recently used, goes
  s = shared.stats();
  EXPECT_EQ(s.entries, 2u);
  EXPECT_LE(s.tokens, tokens_one + tokens_two);
  const std::size_t misses = s.misses;
  shared.of(1, two);
  EXPECT_EQ(shared.stats().misses, misses + 1);
}
