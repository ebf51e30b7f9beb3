// Unit tests for the store stage: schema, articles, pairs and passages,
// stories and stemmas, the posting index, errors and transactions.
#include "store/store.h"
#include "temp_dir.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace st = stemma::store;
namespace ig = stemma::ingest;
namespace al = stemma::align;
namespace lg = stemma::lineage;
namespace ix = stemma::index;
using stemma::testing::TempDir;

namespace {

ig::Document doc(std::string body, std::string url = {}, std::string external_id = {}) {
  ig::Document d;
  d.source = "test.txt";
  d.body = std::move(body);
  d.url = std::move(url);
  d.external_id = std::move(external_id);
  d.title = "Title of " + d.body.substr(0, 8);
  return d;
}

std::uint32_t insert(st::Store& s, const ig::Document& d, std::uint32_t tokens = 10) {
  return s.insert_article(d, d.content_hash(), tokens);
}

al::Passage passage(std::uint32_t base, al::ReuseKind kind) {
  al::Passage p;
  p.a_begin = base;
  p.a_end = base + 100;
  p.b_begin = base + 7;
  p.b_end = base + 95;
  p.a_first_token = base / 5;
  p.a_token_count = 20;
  p.b_first_token = base / 5 + 1;
  p.b_token_count = 18;
  p.kept_tokens = 17;
  p.similarity = 2.0 * 17 / 38;
  p.kind = kind;
  p.a_quoted = 0.125;
  p.b_quoted = 0.875;
  return p;
}

void expect_same(const al::Passage& x, const al::Passage& y) {
  EXPECT_EQ(x.a_begin, y.a_begin);
  EXPECT_EQ(x.a_end, y.a_end);
  EXPECT_EQ(x.b_begin, y.b_begin);
  EXPECT_EQ(x.b_end, y.b_end);
  EXPECT_EQ(x.a_first_token, y.a_first_token);
  EXPECT_EQ(x.a_token_count, y.a_token_count);
  EXPECT_EQ(x.b_first_token, y.b_first_token);
  EXPECT_EQ(x.b_token_count, y.b_token_count);
  EXPECT_EQ(x.kept_tokens, y.kept_tokens);
  EXPECT_DOUBLE_EQ(x.similarity, y.similarity);
  EXPECT_EQ(x.kind, y.kind);
  EXPECT_DOUBLE_EQ(x.a_quoted, y.a_quoted);
  EXPECT_DOUBLE_EQ(x.b_quoted, y.b_quoted);
}

std::vector<ix::Posting> sorted(std::vector<ix::Posting> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class StoreTest : public ::testing::Test {
protected:
  TempDir dir;
  std::string path = dir.file("stemma.db");
};

} // namespace

// ---- opening -------------------------------------------------------------------------

TEST_F(StoreTest, OpenCreatesSchema) {
  {
    st::Store s(path, st::Store::Mode::read_write);
    EXPECT_EQ(s.schema_version(), 4);
    EXPECT_EQ(s.path(), path);
    EXPECT_EQ(s.article_count(), 0u);
    EXPECT_TRUE(s.stories(1).empty());
  }
  EXPECT_TRUE(std::filesystem::exists(path));
}

TEST_F(StoreTest, ReopenKeepsData) {
  ig::Document d = doc("The harbor will close on Monday.", "https://x.example/1");
  std::uint32_t id = 0;
  {
    st::Store s(path, st::Store::Mode::read_write);
    s.begin();
    id = insert(s, d, 6);
    s.commit();
  }
  {
    st::Store s(path, st::Store::Mode::read_write);
    EXPECT_EQ(s.schema_version(), 4);
    EXPECT_EQ(s.article_count(), 1u);
  }
  const st::Store ro(path, st::Store::Mode::read_only);
  EXPECT_EQ(ro.article_count(), 1u);
  EXPECT_EQ(ro.find_by_hash(d.content_hash()), id);
  ASSERT_TRUE(ro.article(id).has_value());
  EXPECT_EQ(ro.article(id)->body, d.body);
}

TEST_F(StoreTest, ReadOnlyOpenOfMissingFileThrows) {
  try {
    st::Store s(path, st::Store::Mode::read_only);
    FAIL() << "opened a missing database";
  } catch (const st::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path)); // and did not create it
}

TEST_F(StoreTest, NonDatabaseFileThrowsNamingThePath) {
  const std::string junk = dir.write("notes.db", std::string(4096, 'x') + "\nthis is not a database at all\n");
  for (const auto mode : {st::Store::Mode::read_write, st::Store::Mode::read_only}) {
    try {
      st::Store s(junk, mode);
      FAIL() << "opened a text file as a database";
    } catch (const st::StoreError& e) {
      EXPECT_NE(std::string(e.what()).find(junk), std::string::npos) << e.what();
    }
  }
}

TEST_F(StoreTest, ForeignSqliteDatabaseIsRefused) {
  const std::string other = dir.file("other.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  try {
    st::Store s(other, st::Store::Mode::read_write);
    FAIL() << "took over a foreign database";
  } catch (const st::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(other), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a stemma database"), std::string::npos) << e.what();
  }
  EXPECT_THROW(st::Store(other, st::Store::Mode::read_only), st::StoreError);
}

TEST_F(StoreTest, FolderIsNotADatabase) {
  try {
    st::Store s(dir.path().string(), st::Store::Mode::read_write);
    FAIL() << "opened a folder";
  } catch (const st::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(dir.path().string()), std::string::npos) << e.what();
  }
}

TEST_F(StoreTest, ReadOnlyStoreRefusesWrites) {
  { st::Store s(path, st::Store::Mode::read_write); }
  st::Store ro(path, st::Store::Mode::read_only);
  const ig::Document d = doc("Some text.");
  EXPECT_THROW(ro.insert_article(d, d.content_hash(), 2), st::StoreError);
}

// ---- articles ---------------------------------------------------------------------------

TEST_F(StoreTest, InsertAndFind) {
  st::Store s(path, st::Store::Mode::read_write);
  s.begin();
  const ig::Document d1 = doc("First body.", "https://x.example/1", "ext-1");
  const ig::Document d2 = doc("Second body.");
  const std::uint32_t id1 = insert(s, d1), id2 = insert(s, d2);
  s.commit();
  EXPECT_EQ(id1, 1u);
  EXPECT_EQ(id2, 2u);
  EXPECT_EQ(s.article_count(), 2u);
  EXPECT_EQ(s.find_by_hash(d1.content_hash()), id1);
  EXPECT_EQ(s.find_by_hash(d2.content_hash()), id2);
  EXPECT_FALSE(s.find_by_hash("0123").has_value());
  EXPECT_EQ(s.find_by_url("https://x.example/1"), id1);
  EXPECT_FALSE(s.find_by_url("https://x.example/2").has_value());
  EXPECT_FALSE(s.find_by_url("").has_value()); // article 2 has no URL: not a match
  EXPECT_EQ(s.find_by_external_id("ext-1"), id1);
  EXPECT_FALSE(s.find_by_external_id("").has_value());
  EXPECT_FALSE(s.article(99).has_value());
  // Each new article starts its own story.
  EXPECT_EQ(s.story_of(id1), id1);
  EXPECT_EQ(s.story_of(id2), id2);
  EXPECT_THROW(s.story_of(99), st::StoreError);
}

TEST_F(StoreTest, DuplicateContentHashIsRejected) {
  st::Store s(path, st::Store::Mode::read_write);
  const ig::Document d = doc("Same body.");
  insert(s, d);
  EXPECT_THROW(insert(s, d), st::StoreError);
  EXPECT_EQ(s.article_count(), 1u);
}

TEST_F(StoreTest, ArticleRoundTripOfAllFields) {
  st::Store s(path, st::Store::Mode::read_write);
  ig::Document d;
  d.source = "feed.jsonl:3";
  d.external_id = "hg-17";
  d.url = "https://harborgazette.example/port";
  d.outlet = "The Harbor Gazette";
  d.title = "Port closes \xE2\x80\x94 for a week";
  d.published_raw = "2026-03-14T08:30:00-05:00";
  d.published = ig::parse_timestamp(d.published_raw);
  d.body = "The harbor will close on Monday.\n\nCaf\xC3\xA9 owners are worried.";
  const std::string hash = d.content_hash();
  const std::uint32_t id = s.insert_article(d, hash, 11);
  const auto row = s.article(id);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->id, id);
  EXPECT_EQ(row->content_hash, hash);
  EXPECT_EQ(row->external_id, d.external_id);
  EXPECT_EQ(row->url, d.url);
  EXPECT_EQ(row->outlet, d.outlet);
  EXPECT_EQ(row->title, d.title);
  EXPECT_EQ(row->published_raw, d.published_raw);
  EXPECT_EQ(row->published_utc, std::optional<std::int64_t>(1773495000));
  EXPECT_TRUE(row->published_has_time);
  EXPECT_TRUE(row->published_has_zone);
  EXPECT_EQ(row->source, d.source);
  EXPECT_EQ(row->body, d.body);
  EXPECT_EQ(row->tokens, 11u);
  EXPECT_EQ(row->story_id, id);

  const lg::ArticleInfo info = st::info_of(*row);
  EXPECT_EQ(info.id, id);
  EXPECT_EQ(info.published_utc, row->published_utc);
  EXPECT_TRUE(info.date_has_time);
  EXPECT_EQ(info.outlet, d.outlet);
  EXPECT_EQ(info.url, d.url);
  EXPECT_EQ(info.title, d.title);
  EXPECT_EQ(info.tokens, 11u);
}

TEST_F(StoreTest, ArticleWithoutDateOrTime) {
  st::Store s(path, st::Store::Mode::read_write);
  ig::Document undated = doc("No date here.");
  ig::Document date_only = doc("Only a date.");
  date_only.published_raw = "2026-03-14";
  date_only.published = ig::parse_timestamp(date_only.published_raw);
  const auto r1 = s.article(insert(s, undated));
  const auto r2 = s.article(insert(s, date_only));
  ASSERT_TRUE(r1 && r2);
  EXPECT_FALSE(r1->published_utc.has_value());
  EXPECT_FALSE(r1->published_has_time);
  EXPECT_EQ(r2->published_utc, std::optional<std::int64_t>(1773446400));
  EXPECT_FALSE(r2->published_has_time);
  EXPECT_FALSE(r2->published_has_zone);
}

TEST_F(StoreTest, RollbackDiscardsTheBatch) {
  st::Store s(path, st::Store::Mode::read_write);
  const ig::Document kept = doc("Committed body.");
  s.begin();
  insert(s, kept);
  s.commit();
  const ig::Document lost = doc("Rolled back body.");
  s.begin();
  insert(s, lost);
  s.fingerprints().add({{1, 2}});
  EXPECT_EQ(s.article_count(), 2u);
  s.rollback();
  EXPECT_EQ(s.article_count(), 1u);
  EXPECT_FALSE(s.find_by_hash(lost.content_hash()).has_value());
  EXPECT_TRUE(s.find_by_hash(kept.content_hash()).has_value());
  EXPECT_EQ(s.fingerprints().segments(), 0u);
  // The store stays usable, and the id is reused.
  s.begin();
  EXPECT_EQ(insert(s, lost), 2u);
  s.commit();
}

// ---- pairs and passages -----------------------------------------------------------------

TEST_F(StoreTest, PairAndPassagesRoundTrip) {
  st::Store s(path, st::Store::Mode::read_write);
  for (int i = 0; i < 3; ++i) insert(s, doc("Body number " + std::to_string(i)));
  st::StoredPair p;
  p.a = 1;
  p.b = 3;
  p.alignment.coverage_a = 0.75;
  p.alignment.coverage_b = 0.3125;
  p.alignment.tokens_a = 40;
  p.alignment.tokens_b = 96;
  p.alignment.passages = {passage(0, al::ReuseKind::verbatim), passage(200, al::ReuseKind::near_verbatim),
                          passage(400, al::ReuseKind::paraphrase)};
  s.insert_pair(p);
  for (const auto& [x, y] : {std::pair{1u, 3u}, std::pair{3u, 1u}}) {
    const auto got = s.pair(x, y);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->a, 1u);
    EXPECT_EQ(got->b, 3u);
    EXPECT_DOUBLE_EQ(got->alignment.coverage_a, 0.75);
    EXPECT_DOUBLE_EQ(got->alignment.coverage_b, 0.3125);
    EXPECT_EQ(got->alignment.tokens_a, 40u);
    EXPECT_EQ(got->alignment.tokens_b, 96u);
    ASSERT_EQ(got->alignment.passages.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) expect_same(got->alignment.passages[i], p.alignment.passages[i]);
  }
  EXPECT_FALSE(s.pair(1, 2).has_value());
}

TEST_F(StoreTest, PairReplacementAndValidation) {
  st::Store s(path, st::Store::Mode::read_write);
  for (int i = 0; i < 2; ++i) insert(s, doc("Body number " + std::to_string(i)));
  st::StoredPair p{1, 2, {}};
  p.alignment.passages = {passage(0, al::ReuseKind::verbatim), passage(300, al::ReuseKind::verbatim)};
  s.insert_pair(p);
  p.alignment.passages = {passage(50, al::ReuseKind::paraphrase)};
  s.insert_pair(p);
  const auto got = s.pair(1, 2);
  ASSERT_TRUE(got.has_value());
  ASSERT_EQ(got->alignment.passages.size(), 1u);
  expect_same(got->alignment.passages[0], p.alignment.passages[0]);
  EXPECT_EQ(s.stats().passages, 1u);
  EXPECT_EQ(s.stats().pairs, 1u);
  EXPECT_THROW(s.insert_pair({2, 1, {}}), st::StoreError);
  EXPECT_THROW(s.insert_pair({2, 2, {}}), st::StoreError);
}

TEST_F(StoreTest, PairsWithinAndPartners) {
  st::Store s(path, st::Store::Mode::read_write);
  for (int i = 0; i < 4; ++i) insert(s, doc("Body number " + std::to_string(i)));
  s.insert_pair({1, 2, {}});
  s.insert_pair({2, 3, {}});
  s.insert_pair({1, 4, {}});
  const std::vector<std::uint32_t> ids = {1, 2, 3};
  const auto within = s.pairs_within(ids);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> got;
  for (const auto& p : within) got.emplace_back(p.a, p.b);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 2}, {2, 3}}));
  auto partners = s.partners(1);
  std::sort(partners.begin(), partners.end());
  EXPECT_EQ(partners, (std::vector<std::uint32_t>{2, 4}));
  auto p2 = s.partners(2);
  std::sort(p2.begin(), p2.end());
  EXPECT_EQ(p2, (std::vector<std::uint32_t>{1, 3}));
  EXPECT_EQ(s.partners(4), (std::vector<std::uint32_t>{1}));
}

// ---- stories and stemmas ------------------------------------------------------------------

TEST_F(StoreTest, MergeStoriesKeepsTheSmallerId) {
  st::Store s(path, st::Store::Mode::read_write);
  for (int i = 0; i < 4; ++i) insert(s, doc("Body number " + std::to_string(i)));
  EXPECT_EQ(s.merge_stories(3, 2), 2u);
  EXPECT_EQ(s.story_of(3), 2u);
  EXPECT_EQ(s.story_of(2), 2u);
  EXPECT_EQ(s.merge_stories(4, 2), 2u);
  EXPECT_EQ(s.merge_stories(2, 1), 1u);
  for (std::uint32_t id = 1; id <= 4; ++id) EXPECT_EQ(s.story_of(id), 1u);
  EXPECT_EQ(s.merge_stories(1, 1), 1u);
  const auto rows = s.story_articles(1);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows.front().id, 1u);
  EXPECT_EQ(rows.back().id, 4u);
  EXPECT_TRUE(s.story_articles(2).empty());
  EXPECT_EQ(s.stats().stories, 1u);
}

TEST_F(StoreTest, MergeStoriesMovesEdges) {
  st::Store s(path, st::Store::Mode::read_write);
  for (int i = 0; i < 3; ++i) insert(s, doc("Body number " + std::to_string(i)));
  s.merge_stories(2, 3); // story 2: articles 2 and 3
  lg::Stemma stemma;
  stemma.members = {2, 3};
  stemma.edges.push_back({});
  stemma.edges[0].parent = 2;
  stemma.edges[0].child = 3;
  s.save_stemma(2, stemma);
  ASSERT_EQ(s.stemma(2).edges.size(), 1u);
  s.merge_stories(2, 1);
  EXPECT_TRUE(s.stemma(2).edges.empty());
  const lg::Stemma merged = s.stemma(1);
  EXPECT_EQ(merged.members, (std::vector<std::uint32_t>{1, 2, 3}));
  ASSERT_EQ(merged.edges.size(), 1u);
  EXPECT_EQ(merged.edges[0].parent, 2u);
}

TEST_F(StoreTest, SaveStemmaRoundTrip) {
  st::Store s(path, st::Store::Mode::read_write);
  std::vector<ig::Document> docs;
  for (int i = 0; i < 3; ++i) {
    ig::Document d = doc("Body number " + std::to_string(i));
    d.title = "Headline " + std::to_string(i + 1);
    d.published_raw = "2026-03-1" + std::to_string(6 - i); // article 3 is the earliest
    d.published = ig::parse_timestamp(d.published_raw);
    insert(s, d);
  }
  s.merge_stories(1, 2);
  s.merge_stories(1, 3);
  st::StoredPair p12{1, 2, {}}, p13{1, 3, {}};
  p12.alignment.passages = {passage(10, al::ReuseKind::verbatim)};
  p13.alignment.passages = {passage(20, al::ReuseKind::near_verbatim), passage(500, al::ReuseKind::paraphrase)};
  s.insert_pair(p12);
  s.insert_pair(p13);

  // 3 -> 1 -> 2: the edge 3 -> 1 runs against the stored orientation of pair (1, 3).
  lg::Stemma stemma;
  stemma.members = {1, 2, 3};
  lg::Edge e1;
  e1.parent = 1;
  e1.child = 2;
  e1.relation = lg::Relation::verbatim_copy;
  e1.credited = true;
  e1.coverage = 0.9;
  e1.similarity = 0.99;
  e1.confidence = 0.81;
  e1.direction_evidence = "published 1 days earlier";
  e1.credit_evidence = "according to the harbor gazette";
  lg::Edge e2;
  e2.parent = 3;
  e2.child = 1;
  e2.relation = lg::Relation::spin_uncredited;
  e2.coverage = 0.5;
  e2.similarity = 0.7;
  e2.confidence = 0.54;
  e2.direction_evidence = "containment";
  stemma.edges = {e1, e2};
  s.save_stemma(1, stemma);

  const lg::Stemma got = s.stemma(1);
  EXPECT_EQ(got.members, (std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_EQ(got.roots, (std::vector<std::uint32_t>{3}));
  ASSERT_EQ(got.edges.size(), 2u);
  const lg::Edge& g1 = got.edges[0]; // ordered by parent
  EXPECT_EQ(g1.parent, 1u);
  EXPECT_EQ(g1.child, 2u);
  EXPECT_EQ(g1.relation, lg::Relation::verbatim_copy);
  EXPECT_TRUE(g1.credited);
  EXPECT_DOUBLE_EQ(g1.coverage, 0.9);
  EXPECT_DOUBLE_EQ(g1.similarity, 0.99);
  EXPECT_DOUBLE_EQ(g1.confidence, 0.81);
  EXPECT_EQ(g1.direction_evidence, e1.direction_evidence);
  EXPECT_EQ(g1.credit_evidence, e1.credit_evidence);
  ASSERT_EQ(g1.passages.size(), 1u);
  expect_same(g1.passages[0], p12.alignment.passages[0]);

  const lg::Edge& g2 = got.edges[1];
  EXPECT_EQ(g2.parent, 3u);
  EXPECT_EQ(g2.child, 1u);
  EXPECT_EQ(g2.relation, lg::Relation::spin_uncredited);
  EXPECT_FALSE(g2.credited);
  EXPECT_EQ(g2.credit_evidence, "");
  ASSERT_EQ(g2.passages.size(), 2u);
  // Flipped to parent (3) -> child (1).
  for (std::size_t i = 0; i < 2; ++i) {
    const al::Passage& stored = p13.alignment.passages[i];
    EXPECT_EQ(g2.passages[i].a_begin, stored.b_begin);
    EXPECT_EQ(g2.passages[i].a_end, stored.b_end);
    EXPECT_EQ(g2.passages[i].b_begin, stored.a_begin);
    EXPECT_EQ(g2.passages[i].b_end, stored.a_end);
    EXPECT_EQ(g2.passages[i].a_first_token, stored.b_first_token);
    EXPECT_EQ(g2.passages[i].b_token_count, stored.a_token_count);
    EXPECT_DOUBLE_EQ(g2.passages[i].a_quoted, stored.b_quoted);
    EXPECT_DOUBLE_EQ(g2.passages[i].b_quoted, stored.a_quoted);
    EXPECT_EQ(g2.passages[i].kept_tokens, stored.kept_tokens);
  }

  const auto story = s.story(1);
  ASSERT_TRUE(story.has_value());
  EXPECT_EQ(story->id, 1u);
  EXPECT_EQ(story->size, 3u);
  EXPECT_EQ(story->edges, 2u);
  EXPECT_EQ(story->origin, 3u);
  EXPECT_EQ(story->title, "Headline 3");
  EXPECT_EQ(story->first_published, std::optional<std::int64_t>(1773446400)); // 2026-03-14
  EXPECT_EQ(story->last_published, std::optional<std::int64_t>(1773446400 + 2 * 86400));
  EXPECT_FALSE(s.story(2).has_value());

  // Saving again replaces the edges.
  stemma.edges = {e1};
  s.save_stemma(1, stemma);
  const lg::Stemma again = s.stemma(1);
  ASSERT_EQ(again.edges.size(), 1u);
  EXPECT_EQ(again.roots, (std::vector<std::uint32_t>{1, 3}));
  EXPECT_EQ(s.story(1)->origin, 1u); // the root with children comes first
}

TEST_F(StoreTest, StoriesFilteredBySize) {
  st::Store s(path, st::Store::Mode::read_write);
  for (int i = 0; i < 5; ++i) insert(s, doc("Body number " + std::to_string(i)));
  s.merge_stories(1, 2);
  s.merge_stories(1, 3);
  s.merge_stories(4, 5);
  const auto big = s.stories(3);
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0].id, 1u);
  EXPECT_EQ(big[0].size, 3u);
  const auto all = s.stories(1);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, 1u); // largest first
  EXPECT_EQ(all[1].id, 4u);
  EXPECT_EQ(all[1].size, 2u);
  EXPECT_FALSE(all[1].first_published.has_value());
}

TEST_F(StoreTest, StatsCountEverything) {
  st::Store s(path, st::Store::Mode::read_write);
  insert(s, doc("abc"));
  insert(s, doc("\xC3\xA9t\xC3\xA9")); // 5 bytes
  s.insert_pair({1, 2, {}});
  const st::StoreStats stats = s.stats();
  EXPECT_EQ(stats.articles, 2u);
  EXPECT_EQ(stats.pairs, 1u);
  EXPECT_EQ(stats.passages, 0u);
  EXPECT_EQ(stats.stories, 2u);
  EXPECT_EQ(stats.text_bytes, 8u);
  EXPECT_GT(stats.file_bytes, 0u);
}

// ---- posting table ------------------------------------------------------------------------

TEST_F(StoreTest, PostingTableAddAndLookupAcrossSegments) {
  st::Store s(path, st::Store::Mode::read_write);
  st::PostingTable& fp = s.fingerprints();
  s.begin();
  fp.add({{5, 1}, {9, 1}, {7, 1}, {7, 1}}); // unsorted, with a duplicate
  fp.add({{5, 2}, {8, 2}});
  fp.add({{5, 3}, {0xFFFFFFFFu, 3}});
  s.commit();
  EXPECT_EQ(fp.segments(), 3u);
  EXPECT_EQ(fp.postings(), 7u);
  EXPECT_GT(fp.bytes(), 0u);
  const std::vector<std::uint32_t> keys = {5, 6, 8, 9, 0xFFFFFFFFu};
  EXPECT_EQ(sorted(fp.lookup(keys)), (std::vector<ix::Posting>{{5, 1}, {5, 2}, {5, 3}, {8, 2}, {9, 1}, {0xFFFFFFFFu, 3}}));
  EXPECT_TRUE(fp.lookup(std::vector<std::uint32_t>{1, 2, 3}).empty());
  EXPECT_TRUE(fp.lookup(std::vector<std::uint32_t>{}).empty());
  // The two kinds are separate tables.
  EXPECT_TRUE(s.bands().lookup(keys).empty());
  EXPECT_EQ(s.bands().segments(), 0u);
  fp.add({});
  EXPECT_EQ(fp.segments(), 3u); // an empty add writes nothing
}

TEST_F(StoreTest, PostingTableLargeSegmentsSpanBlocks) {
  st::Store s(path, st::Store::Mode::read_write);
  st::PostingTable& fp = s.fingerprints();
  std::vector<ix::Posting> all;
  for (std::uint32_t i = 0; i < 3000; ++i) all.push_back({i * 3, i % 17});
  for (std::uint32_t d = 100; d < 1300; ++d) all.push_back({4500, d}); // one key with more postings than a block
  s.begin();
  fp.add(all);
  s.commit();
  const std::vector<std::uint32_t> keys = {0, 1, 3, 1536, 1537, 4500, 8997, 8998, 9000};
  std::vector<ix::Posting> expected;
  for (const std::uint32_t k : keys)
    for (const auto& p : all)
      if (p.key == k) expected.push_back(p);
  EXPECT_EQ(sorted(fp.lookup(keys)), sorted(expected));
  EXPECT_EQ(fp.lookup(std::vector<std::uint32_t>{4500}).size(), 1201u);
}

TEST_F(StoreTest, PostingTableCompactShrinksSegmentsKeepsLookups) {
  st::Store s(path, st::Store::Mode::read_write);
  st::PostingTable& fp = s.fingerprints();
  std::vector<std::uint32_t> keys;
  s.begin();
  for (std::uint32_t seg = 0; seg < 6; ++seg) {
    std::vector<ix::Posting> batch;
    for (std::uint32_t k = 0; k < 50; ++k) batch.push_back({k * 7 + seg, seg + 1});
    batch.push_back({1000, seg + 1});
    fp.add(batch);
  }
  s.bands().add({{1, 1}});
  s.commit();
  for (std::uint32_t k = 0; k < 400; ++k) keys.push_back(k);
  keys.push_back(1000);
  EXPECT_EQ(fp.segments(), 6u);
  const auto before = sorted(fp.lookup(keys));
  EXPECT_EQ(before.size(), 306u);
  const std::uint64_t postings_before = fp.postings();

  s.begin();
  fp.compact(); // six level-0 segments: all merged into one level-1 segment
  s.commit();
  EXPECT_EQ(fp.segments(), 1u);
  EXPECT_EQ(fp.postings(), postings_before);
  EXPECT_EQ(sorted(fp.lookup(keys)), before);
  EXPECT_EQ(s.bands().segments(), 1u); // untouched

  // Fewer than fan_in segments at a level stay as they are.
  s.begin();
  fp.add({{2000, 9}});
  fp.add({{2001, 9}});
  fp.compact();
  s.commit();
  EXPECT_EQ(fp.segments(), 3u);
  EXPECT_EQ(fp.lookup(std::vector<std::uint32_t>{2000, 2001}).size(), 2u);
}

TEST_F(StoreTest, PostingTableCompactDeduplicates) {
  st::Store s(path, st::Store::Mode::read_write);
  st::PostingTable& fp = s.fingerprints();
  for (int i = 0; i < 4; ++i) fp.add({{42, 7}, {43, static_cast<std::uint32_t>(i)}});
  EXPECT_EQ(fp.postings(), 8u);
  fp.compact(4);
  EXPECT_EQ(fp.segments(), 1u);
  EXPECT_EQ(fp.postings(), 5u);
  EXPECT_EQ(fp.lookup(std::vector<std::uint32_t>{42}), (std::vector<ix::Posting>{{42, 7}}));
}

// Decoded blocks are cached by segment id: after a compaction deletes segments,
// new segments must not reuse their ids, or lookups would serve stale blocks.
TEST_F(StoreTest, PostingLookupsStayCorrectAcrossCompactionsInOneProcess) {
  st::Store s(path, st::Store::Mode::read_write);
  st::PostingTable& fp = s.fingerprints();
  std::vector<ix::Posting> all;
  std::vector<std::uint32_t> keys;
  for (std::uint32_t k = 0; k < 300; ++k) keys.push_back(k);
  for (std::uint32_t batch = 0; batch < 12; ++batch) {
    std::vector<ix::Posting> postings;
    for (std::uint32_t k = batch; k < 300; k += 3) postings.push_back({k, 100 + batch});
    all.insert(all.end(), postings.begin(), postings.end());
    s.begin();
    fp.add(postings);
    fp.compact();
    s.commit();
    // Every lookup in this process sees exactly what was added so far.
    ASSERT_EQ(sorted(fp.lookup(keys)), sorted(all)) << "after batch " << batch;
  }
  st::Store fresh(path, st::Store::Mode::read_only);
  EXPECT_EQ(sorted(fresh.fingerprints().lookup(keys)), sorted(all));
}

// Resident segments (the server's readers): the same postings as the SQLite path, shared by two
// read-only connections, following a writer's compactions, within their budget.
TEST_F(StoreTest, ResidentSegmentsAnswerAsTheDatabaseDoes) {
  st::Store writer(path, st::Store::Mode::read_write);
  st::PostingTable& fp = writer.fingerprints();
  std::vector<ix::Posting> all;
  std::vector<std::uint32_t> keys;
  for (std::uint32_t k = 0; k < 400; ++k) keys.push_back(k * 2); // half of them miss
  const auto add_batch = [&](std::uint32_t batch) {
    std::vector<ix::Posting> postings;
    for (std::uint32_t k = batch; k < 800; k += 3) postings.push_back({k, 100 + batch});
    for (std::uint32_t d = 0; d < 200; ++d) postings.push_back({500, 1000 * (batch + 1) + d}); // a key spanning blocks
    all.insert(all.end(), postings.begin(), postings.end());
    writer.begin();
    fp.add(postings);
    fp.compact();
    writer.commit();
  };
  for (std::uint32_t batch = 0; batch < 3; ++batch) add_batch(batch);
  const auto expected = [&] {
    std::vector<ix::Posting> out;
    for (const auto& p : all)
      if (p.key % 2 == 0 && p.key < 800) out.push_back(p);
    return sorted(out);
  };

  auto resident = std::make_shared<st::ResidentPostings>(1u << 20);
  st::Store r1(path, st::Store::Mode::read_only), r2(path, st::Store::Mode::read_only), plain(path, st::Store::Mode::read_only);
  r1.use_resident_index(resident);
  r2.use_resident_index(resident);
  EXPECT_EQ(sorted(r1.fingerprints().lookup(keys)), expected());
  const std::size_t loaded = resident->postings();
  EXPECT_EQ(loaded, all.size()); // every segment of the kind looked up, once
  EXPECT_EQ(sorted(r2.fingerprints().lookup(keys)), expected());
  EXPECT_EQ(resident->postings(), loaded); // the second connection used the first one's copy
  EXPECT_EQ(sorted(plain.fingerprints().lookup(keys)), expected());
  EXPECT_TRUE(r1.bands().lookup(keys).empty());

  // Segments merged away by compactions are forgotten; new ones are loaded.
  for (std::uint32_t batch = 3; batch < 9; ++batch) {
    add_batch(batch);
    ASSERT_EQ(sorted(r1.fingerprints().lookup(keys)), expected()) << "after batch " << batch;
    ASSERT_EQ(resident->postings(), all.size()) << "after batch " << batch; // compaction deduplicates nothing here
  }

  // A segment over the budget is read from the database instead.
  auto tiny = std::make_shared<st::ResidentPostings>(10);
  st::Store r3(path, st::Store::Mode::read_only);
  r3.use_resident_index(tiny);
  EXPECT_EQ(sorted(r3.fingerprints().lookup(keys)), expected());
  EXPECT_EQ(tiny->postings(), 0u);
  // A writing connection may roll back segments whose ids are then reused: it cannot share.
  EXPECT_THROW(writer.use_resident_index(resident), st::StoreError);
}

// A writer's own resident index (ingest): the segments it writes and compacts answer lookups
// from memory exactly as the database would, and a rollback, after which segment ids are
// reused, leaves no stale segment behind.
TEST_F(StoreTest, WritersResidentIndexMatchesTheDatabaseAcrossCompactionsAndRollbacks) {
  st::Store writer(path, st::Store::Mode::read_write);
  writer.keep_index_resident(1u << 20);
  st::PostingTable& fp = writer.fingerprints();
  std::vector<ix::Posting> all;
  std::vector<std::uint32_t> keys;
  for (std::uint32_t k = 0; k < 600; ++k) keys.push_back(k);
  const auto batch_postings = [](std::uint32_t batch, std::uint32_t doc_base) {
    std::vector<ix::Posting> postings;
    for (std::uint32_t k = batch % 3; k < 600; k += 3) postings.push_back({k, doc_base + batch});
    return postings;
  };
  for (std::uint32_t batch = 0; batch < 10; ++batch) {
    if (batch % 4 == 3) { // a batch that fails: its segment id comes back for the next one
      writer.begin();
      fp.add(batch_postings(batch, 90000));
      fp.compact();
      ASSERT_FALSE(fp.lookup(keys).empty());
      writer.rollback();
    }
    const auto postings = batch_postings(batch, 100);
    all.insert(all.end(), postings.begin(), postings.end());
    writer.begin();
    fp.add(postings);
    fp.compact();
    writer.commit();
    ASSERT_EQ(sorted(fp.lookup(keys)), sorted(all)) << "after batch " << batch;
  }
  st::Store fresh(path, st::Store::Mode::read_only);
  EXPECT_EQ(sorted(fresh.fingerprints().lookup(keys)), sorted(all));
  EXPECT_THROW(fresh.keep_index_resident(100), st::StoreError);
}
