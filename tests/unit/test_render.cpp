// Unit tests for the terminal tree (cli/render.cpp): sources not in the corpus
// are shown above the articles that cite them.
#include "cli/render.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace pl = stemma::pipeline;
namespace st = stemma::store;
namespace ig = stemma::ingest;
namespace lg = stemma::lineage;
using stemma::testing::TempDir;

namespace {

const std::string kDam =
    "Inspectors found three cracks in the concrete spillway of the Wenning dam on Thursday afternoon during a routine "
    "quarterly inspection, and county officials ordered the lake lowered by six feet over the next ten days as a "
    "precaution. The longest crack runs roughly forty feet across the lower chute and is as wide as an inch in places, "
    "according to a notice filed with the state water board on Friday morning.";

ig::Document make(std::string outlet, std::string published) {
  ig::Document d;
  d.source = outlet + ".txt";
  d.body = kDam;
  d.outlet = outlet;
  d.url = "https://" + outlet + ".example/dam";
  d.title = outlet + " headline";
  d.published_raw = published;
  d.published = ig::parse_timestamp(published);
  return d;
}

// Ingests the documents in one batch (the Gazette first, then the Courier: one story, one edge).
void ingest(st::Store& store, std::vector<ig::Document> docs) {
  pl::Ingestor ingestor(store);
  for (auto& d : docs) ingestor.add(std::move(d));
  ingestor.flush();
}

} // namespace

TEST(StoryTree, ShowsPlaceholderSourcesAboveTheArticlesCitingThem) {
  TempDir dir;
  st::Store store(dir.file("stemma.db"), st::Store::Mode::read_write);
  ingest(store, {make("Gazette", "2026-03-14T08:00:00Z"), make("Courier", "2026-03-14T10:00:00Z")});
  const auto story = store.story(1);
  ASSERT_TRUE(story);
  lg::Stemma s = store.stemma(1);
  ASSERT_EQ(s.edges.size(), 1u);
  // What the lineage stage will add: a cited source that is not stored.
  s.placeholders.push_back({"politico", "Politico", "politico.com"});
  s.placeholder_edges.push_back({"politico", 2, "the inspectors told politico on friday"});
  s.placeholder_edges.push_back({"politico", 1, ""});
  std::ostringstream out;
  stemma::cli::print_story_tree(out, store, *story, s);
  const std::string tree = out.str();
  const auto placeholder = tree.find("[not in corpus] Politico (politico.com)\n");
  ASSERT_NE(placeholder, std::string::npos) << tree;
  EXPECT_NE(tree.find("1 source(s) not in the corpus"), std::string::npos) << tree;
  // Both citing articles are listed under it, earliest first, with the attribution where there is one.
  const auto cite1 = tree.find("├─ #1 Gazette", placeholder);
  const auto cite2 = tree.find("└─ #2 Courier", placeholder);
  EXPECT_NE(cite1, std::string::npos) << tree;
  EXPECT_NE(cite2, std::string::npos) << tree;
  EXPECT_LT(cite1, cite2);
  EXPECT_NE(tree.find("cites it: \"the inspectors told politico on friday\""), std::string::npos) << tree;
  // The stemma itself follows, each citing article tagged.
  const auto origin = tree.find("#1 Gazette", cite2 + 3);
  ASSERT_NE(origin, std::string::npos) << tree;
  EXPECT_NE(tree.find("[origin]  [cites Politico, not in corpus]", origin), std::string::npos) << tree;
  EXPECT_NE(tree.find("#2 Courier", origin), std::string::npos) << tree;
  EXPECT_NE(tree.find("headline\"  [cites Politico, not in corpus]\n", tree.find("#2 Courier", origin)), std::string::npos) << tree;
}

TEST(StoryTree, NoPlaceholdersNoSection) {
  TempDir dir;
  st::Store store(dir.file("stemma.db"), st::Store::Mode::read_write);
  ingest(store, {make("Gazette", "2026-03-14T08:00:00Z"), make("Courier", "2026-03-14T10:00:00Z")});
  std::ostringstream out;
  stemma::cli::print_story_tree(out, store, *store.story(1), store.stemma(1));
  EXPECT_EQ(out.str().find("not in corpus"), std::string::npos);
  EXPECT_EQ(out.str().find("cites"), std::string::npos);
}

TEST(StoryTree, NoTerminalEscapesFromArticleText) {
  TempDir dir;
  st::Store store(dir.file("stemma.db"), st::Store::Mode::read_write);
  auto evil = make("Courier", "2026-03-14T10:00:00Z");
  evil.title = "Title \x1b]0;owned\x07\x1b[31mred\xc2\x9b" "2J";
  evil.outlet = "Out\x1b[5mlet";
  ingest(store, {make("Gazette", "2026-03-14T08:00:00Z"), std::move(evil)});
  std::ostringstream out;
  stemma::cli::print_story_tree(out, store, *store.story(1), store.stemma(1));
  const std::string tree = out.str();
  ASSERT_NE(tree.find("#2 Out"), std::string::npos) << tree;
  for (const char c : tree) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\n') << static_cast<int>(c);
  EXPECT_EQ(tree.find("\xc2\x9b"), std::string::npos); // C1 CSI
}

// An altered quote is shown with the words that differ on each side, not only its type.
TEST(StoryTree, AlteredQuoteShowsTheWordsOnBothSides) {
  TempDir dir;
  st::Store store(dir.file("stemma.db"), st::Store::Mode::read_write);
  ig::Document parent = make("Gazette", "2026-03-14T08:00:00Z"), child = make("Courier", "2026-03-14T10:00:00Z");
  parent.body += " \"We have no choice but to lower the lake now and inspect every joint,\" the county engineer said on Friday.";
  child.body += " \"We have no choice but to lower the lake now and replace every gate,\" the county engineer said on Friday.";
  ingest(store, {std::move(parent), std::move(child)});
  const auto story = store.story(1);
  ASSERT_TRUE(story);
  std::ostringstream out;
  stemma::cli::print_story_tree(out, store, *story, store.stemma(1));
  const std::string tree = out.str();
  const auto change = tree.find("change: quote_altered · \"");
  ASSERT_NE(change, std::string::npos) << tree;
  const std::string line = tree.substr(change, tree.find('\n', change) - change);
  EXPECT_NE(line.find("inspect"), std::string::npos) << line;
  EXPECT_NE(line.find("\" -> \""), std::string::npos) << line;
  EXPECT_NE(line.find("replace"), std::string::npos) << line;
}
