// Unit tests for the align stage: the word diff and passage alignment.
#include "align/align.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

namespace al = stemma::align;
namespace t = stemma::text;

namespace {

// 50 words.
const std::string kSource =
    "The harbor council voted on Tuesday night to close the old north pier for six weeks after engineers found deep "
    "rust in the steel frame that holds the walkway above the water, and the mayor promised that fishing boats would "
    "be moved to the south dock before the repairs begin.";

const std::string kUnrelated =
    "A small bakery in the valley town has won a national prize for its rye bread, which the owners bake every "
    "morning in a wood oven built by their grandfather more than sixty years ago.";

struct Doc {
  std::string text;
  t::Analysis analysis;
  explicit Doc(std::string s) : text(std::move(s)), analysis(t::analyze(text)) {}
  al::Text view() const { return {text, analysis}; }
};

std::string slice(const std::string& s, std::uint32_t begin, std::uint32_t end) { return s.substr(begin, end - begin); }

std::string remove_word(std::string s, const std::string& word) {
  const std::size_t pos = s.find(" " + word + " ");
  if (pos == std::string::npos) throw std::logic_error("word not found: " + word);
  s.erase(pos, word.size() + 1);
  return s;
}

struct E {
  al::EditOp op;
  std::uint32_t a, b;
  bool operator==(const E&) const = default;
};

[[maybe_unused]] void PrintTo(const E& e, std::ostream* os) { *os << al::to_string(e.op) << "(" << e.a << "," << e.b << ")"; }

std::vector<E> plain(const std::vector<al::Edit>& edits) {
  std::vector<E> out;
  for (const auto& e : edits) out.push_back({e.op, e.a, e.b});
  return out;
}

std::vector<E> diff(std::vector<std::uint64_t> a, std::vector<std::uint64_t> b) { return plain(al::word_diff(a, b)); }

constexpr auto keep = al::EditOp::keep;
constexpr auto sub = al::EditOp::substitute;
constexpr auto del = al::EditOp::remove;
constexpr auto ins = al::EditOp::insert;

} // namespace

// ---- word_diff ---------------------------------------------------------------------------

TEST(WordDiff, Identical) { EXPECT_EQ(diff({1, 2, 3}, {1, 2, 3}), (std::vector<E>{{keep, 0, 0}, {keep, 1, 1}, {keep, 2, 2}})); }

TEST(WordDiff, OneSubstitution) {
  EXPECT_EQ(diff({1, 2, 3}, {1, 9, 3}), (std::vector<E>{{keep, 0, 0}, {sub, 1, 1}, {keep, 2, 2}}));
}

TEST(WordDiff, Insertion) {
  EXPECT_EQ(diff({1, 2, 3}, {1, 2, 9, 3}), (std::vector<E>{{keep, 0, 0}, {keep, 1, 1}, {ins, 2, 2}, {keep, 2, 3}}));
}

TEST(WordDiff, Deletion) { EXPECT_EQ(diff({1, 2, 3}, {1, 3}), (std::vector<E>{{keep, 0, 0}, {del, 1, 1}, {keep, 2, 1}})); }

TEST(WordDiff, EmptySides) {
  EXPECT_TRUE(diff({}, {}).empty());
  EXPECT_EQ(diff({}, {4, 5}), (std::vector<E>{{ins, 0, 0}, {ins, 0, 1}}));
  EXPECT_EQ(diff({4, 5}, {}), (std::vector<E>{{del, 0, 0}, {del, 1, 0}}));
}

TEST(WordDiff, RemovalsAndInsertionsArePairedIntoSubstitutions) {
  EXPECT_EQ(diff({1, 2, 3, 4}, {1, 8, 9, 4}), (std::vector<E>{{keep, 0, 0}, {sub, 1, 1}, {sub, 2, 2}, {keep, 3, 3}}));
  // Three words replaced by one: one substitution and two removals.
  const auto d = diff({1, 2, 3, 4, 5}, {1, 9, 5});
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d.front(), (E{keep, 0, 0}));
  EXPECT_EQ(d.back(), (E{keep, 4, 2}));
  int subs = 0, dels = 0;
  for (const auto& e : d) subs += e.op == sub, dels += e.op == del;
  EXPECT_EQ(subs, 1);
  EXPECT_EQ(dels, 2);
}

TEST(WordDiff, GivesUpBeyondMaxEdits) {
  const std::vector<std::uint64_t> a = {1, 2, 3}, b = {4, 5, 6};
  EXPECT_TRUE(al::word_diff(a, b, 2).empty());
  EXPECT_EQ(al::word_diff(a, b).size(), 3u); // three substitutions
}

TEST(WordDiff, EditScriptReproducesB) {
  // Applying the script to a must give b, for a mixed case.
  const std::vector<std::uint64_t> a = {1, 2, 3, 4, 5, 6, 7, 8}, b = {1, 3, 4, 10, 11, 6, 8, 12};
  const auto edits = al::word_diff(a, b);
  std::vector<std::uint64_t> rebuilt;
  std::uint32_t kept = 0;
  for (const auto& e : edits) {
    if (e.op == keep) {
      EXPECT_EQ(a[e.a], b[e.b]);
      rebuilt.push_back(a[e.a]);
      ++kept;
    } else if (e.op == sub || e.op == ins) {
      rebuilt.push_back(b[e.b]);
    }
  }
  EXPECT_EQ(rebuilt, b);
  EXPECT_EQ(kept, 5u); // LCS of a and b: 1 3 4 6 8
}

// ---- align -------------------------------------------------------------------------------

TEST(Align, IdenticalTextsAreOneVerbatimPassage) {
  const Doc a(kSource), b(kSource);
  const al::Alignment r = al::align(a.view(), b.view());
  EXPECT_EQ(r.tokens_a, 50u);
  EXPECT_EQ(r.tokens_b, 50u);
  ASSERT_EQ(r.passages.size(), 1u);
  const al::Passage& p = r.passages[0];
  EXPECT_EQ(p.a_first_token, 0u);
  EXPECT_EQ(p.a_token_count, 50u);
  EXPECT_EQ(p.b_first_token, 0u);
  EXPECT_EQ(p.b_token_count, 50u);
  EXPECT_EQ(p.kept_tokens, 50u);
  EXPECT_DOUBLE_EQ(p.similarity, 1.0);
  EXPECT_EQ(p.kind, al::ReuseKind::verbatim);
  EXPECT_EQ(p.a_begin, 0u);
  EXPECT_EQ(p.a_end, kSource.size() - 1); // the final full stop is not a word
  EXPECT_EQ(p.b_begin, 0u);
  EXPECT_EQ(p.b_end, kSource.size() - 1);
  EXPECT_DOUBLE_EQ(r.coverage_a, 1.0);
  EXPECT_DOUBLE_EQ(r.coverage_b, 1.0);
  EXPECT_DOUBLE_EQ(p.a_quoted, 0.0);
  EXPECT_DOUBLE_EQ(p.b_quoted, 0.0);
}

TEST(Align, EmbeddedTextIsFoundAtTheRightOffsets) {
  const std::string shared = "the harbor council voted on Tuesday night to close the old north pier for six weeks after engineers "
                             "found deep rust in the steel frame";
  const Doc a("Local radio reported several unusual developments from the coast yesterday, among them that " + shared +
              ". Weather forecasters expect snow later this week.");
  const Doc b("Gardeners across the valley are planting tulips early this spring. Meanwhile " + shared +
              ", officials confirmed. Tickets for the summer festival go on sale soon.");
  const al::Alignment r = al::align(a.view(), b.view());
  ASSERT_EQ(r.passages.size(), 1u);
  const al::Passage& p = r.passages[0];
  EXPECT_EQ(slice(a.text, p.a_begin, p.a_end), shared);
  EXPECT_EQ(slice(b.text, p.b_begin, p.b_end), shared);
  EXPECT_EQ(p.a_begin, a.text.find(shared));
  EXPECT_EQ(p.b_begin, b.text.find(shared));
  EXPECT_EQ(p.kept_tokens, 25u);
  EXPECT_EQ(p.kind, al::ReuseKind::verbatim);
  EXPECT_DOUBLE_EQ(r.coverage_a, 25.0 / r.tokens_a);
  EXPECT_DOUBLE_EQ(r.coverage_b, 25.0 / r.tokens_b);
  EXPECT_LT(r.coverage_a, 1.0);

  // The other way round, the same passage with the sides swapped.
  const al::Alignment back = al::align(b.view(), a.view());
  ASSERT_EQ(back.passages.size(), 1u);
  EXPECT_EQ(back.passages[0].a_begin, p.b_begin);
  EXPECT_EQ(back.passages[0].b_begin, p.a_begin);
  EXPECT_EQ(back.passages[0].a_end, p.b_end);
  EXPECT_EQ(back.passages[0].b_end, p.a_end);
}

TEST(Align, UnrelatedTextsShareNothing) {
  const Doc a(kSource), b(kUnrelated);
  const al::Alignment r = al::align(a.view(), b.view());
  EXPECT_TRUE(r.passages.empty());
  EXPECT_DOUBLE_EQ(r.coverage_a, 0.0);
  EXPECT_DOUBLE_EQ(r.coverage_b, 0.0);
  EXPECT_EQ(r.tokens_b, 35u);
}

TEST(Align, ShortOverlapBelowMinimumIsDropped) {
  // Seven shared words: fewer than min_passage_words = 8.
  const Doc a("Birds sing loudly. " + std::string("the old north pier for six weeks") + " says a sign near the museum gate.");
  const Doc b("Every child knows " + std::string("the old north pier for six weeks") + " remains closed to all visitors now.");
  EXPECT_TRUE(al::align(a.view(), b.view()).passages.empty());
}

TEST(Align, EmptyTextGivesEmptyAlignment) {
  const Doc a(kSource), b("");
  const al::Alignment r = al::align(a.view(), b.view());
  EXPECT_TRUE(r.passages.empty());
  EXPECT_EQ(r.tokens_b, 0u);
  EXPECT_DOUBLE_EQ(r.coverage_b, 0.0);
}

TEST(Align, CopyWithTwoWordsDeletedIsNearVerbatim) {
  const Doc a(kSource), b(remove_word(remove_word(kSource, "old"), "deep"));
  ASSERT_EQ(b.analysis.tokens.size(), 48u);
  const al::Alignment r = al::align(a.view(), b.view());
  ASSERT_EQ(r.passages.size(), 1u);
  const al::Passage& p = r.passages[0];
  EXPECT_EQ(p.a_token_count, 50u);
  EXPECT_EQ(p.b_token_count, 48u);
  EXPECT_EQ(p.kept_tokens, 48u);
  EXPECT_DOUBLE_EQ(p.similarity, 96.0 / 98.0);
  EXPECT_LT(p.similarity, 1.0);
  EXPECT_EQ(p.kind, al::ReuseKind::near_verbatim);
  EXPECT_DOUBLE_EQ(r.coverage_a, 48.0 / 50.0);
  EXPECT_DOUBLE_EQ(r.coverage_b, 1.0);

  // The edit script of the passage names the two deleted words of a.
  const auto edits = al::passage_edits(a.analysis, b.analysis, p);
  std::vector<std::uint32_t> removed;
  std::size_t keeps = 0;
  for (const auto& e : edits) {
    if (e.op == al::EditOp::remove) removed.push_back(e.a);
    keeps += e.op == al::EditOp::keep;
  }
  EXPECT_EQ(keeps, 48u);
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(slice(a.text, a.analysis.tokens[removed[0]].begin, a.analysis.tokens[removed[0]].end), "old");
  EXPECT_EQ(slice(a.text, a.analysis.tokens[removed[1]].begin, a.analysis.tokens[removed[1]].end), "deep");
}

TEST(Align, ManySubstitutionsAreRewritten) {
  // Every fourth word of the source replaced: similarity about 0.75.
  std::string rewritten;
  const t::Analysis src = t::analyze(kSource);
  for (std::size_t i = 0; i < src.tokens.size(); ++i) {
    if (i % 4 == 3) rewritten += "zz" + std::to_string(i);
    else rewritten += kSource.substr(src.tokens[i].begin, src.tokens[i].end - src.tokens[i].begin);
    rewritten += ' ';
  }
  const Doc a(kSource), b(rewritten);
  const al::Alignment r = al::align(a.view(), b.view());
  ASSERT_EQ(r.passages.size(), 1u);
  EXPECT_LT(r.passages[0].similarity, 0.85);
  EXPECT_GE(r.passages[0].similarity, 0.4);
  EXPECT_EQ(r.passages[0].kind, al::ReuseKind::paraphrase);
}

TEST(Align, ReuseInsideQuotationMarksIsQuoted) {
  const std::string part = "engineers found deep rust in the steel frame that holds the walkway above the water";
  const Doc a(kSource);
  const Doc b("At a press conference the spokesman read from the report: \"" + part + ".\" Nobody asked any questions afterwards.");
  const al::Alignment r = al::align(a.view(), b.view());
  ASSERT_EQ(r.passages.size(), 1u);
  const al::Passage& p = r.passages[0];
  EXPECT_EQ(slice(b.text, p.b_begin, p.b_end), part);
  EXPECT_DOUBLE_EQ(p.b_quoted, 1.0);
  EXPECT_DOUBLE_EQ(p.a_quoted, 0.0);
  EXPECT_DOUBLE_EQ(r.coverage_b, 15.0 / r.tokens_b);
}

TEST(Align, PassageEditsUseAbsoluteTokenIndices) {
  const std::string shared = "engineers found deep rust in the steel frame that holds the walkway above the water";
  const Doc a(kSource);
  const Doc b("Gardeners across the valley are planting tulips early. " + shared + " for sure.");
  const al::Alignment r = al::align(a.view(), b.view());
  ASSERT_EQ(r.passages.size(), 1u);
  const al::Passage& p = r.passages[0];
  const auto edits = al::passage_edits(a.analysis, b.analysis, p);
  ASSERT_EQ(edits.size(), 15u);
  EXPECT_EQ(edits.front().a, p.a_first_token);
  EXPECT_EQ(edits.front().b, p.b_first_token);
  EXPECT_EQ(p.a_first_token, 17u); // "engineers" is the 18th word of the source
  EXPECT_EQ(p.b_first_token, 8u);
  for (const auto& e : edits) {
    EXPECT_EQ(e.op, al::EditOp::keep);
    EXPECT_EQ(a.analysis.tokens[e.a].hash, b.analysis.tokens[e.b].hash);
  }
}

TEST(Align, TwoSeparatePassages) {
  const std::string first = "the harbor council voted on Tuesday night to close the old north pier";
  const std::string second = "the mayor promised that fishing boats would be moved to the south dock";
  const Doc a(kSource);
  const Doc b("Opening words of a different report. " + second + ". Between them a long unrelated digression about gardens, tulips, "
              "bakeries, rye bread, wood ovens, grandfathers, festivals and tickets that goes on and on. " + first + ".");
  const al::Alignment r = al::align(a.view(), b.view());
  ASSERT_EQ(r.passages.size(), 2u);
  // Sorted by position in b.
  EXPECT_LT(r.passages[0].b_begin, r.passages[1].b_begin);
  EXPECT_EQ(slice(b.text, r.passages[0].b_begin, r.passages[0].b_end), second);
  EXPECT_EQ(slice(b.text, r.passages[1].b_begin, r.passages[1].b_end), first);
  EXPECT_EQ(slice(a.text, r.passages[1].a_begin, r.passages[1].a_end), "The harbor council voted on Tuesday night to close the old north pier");
}

TEST(Align, ToStrings) {
  EXPECT_STREQ(al::to_string(al::ReuseKind::verbatim), "verbatim");
  EXPECT_STREQ(al::to_string(al::ReuseKind::near_verbatim), "near_verbatim");
  EXPECT_STREQ(al::to_string(al::ReuseKind::paraphrase), "paraphrase");
  EXPECT_STREQ(al::to_string(al::EditOp::keep), "keep");
  EXPECT_STREQ(al::to_string(al::EditOp::substitute), "substitute");
  EXPECT_STREQ(al::to_string(al::EditOp::remove), "delete");
  EXPECT_STREQ(al::to_string(al::EditOp::insert), "insert");
}

// ---- Spin, reordering, summaries ----------------------------------------------------------

namespace {
// Three sentences of a source and the same three rewritten by a spinner (synonyms
// and inflections swapped, function words kept), in the original order.
const std::string kSpinSource =
    "State inspectors found a dangerous crack in the large concrete spillway of the old dam on Monday morning. "
    "The county ordered an emergency drawdown of the lake while engineers examine the damaged structure closely. "
    "Residents who live downstream were told that there is no immediate danger to their homes or farms.";
const std::string kSpinCopy =
    "State inspectors discovered a dangerous crack in the big concrete spillway of the old dam on Monday morning. "
    "The county ordered an emergency drawdown of the lake while engineers examined the damaged structure closely. "
    "Residents who live downstream were told that there is no immediate peril to their homes or farms.";
} // namespace

TEST(Align, SynonymSpinIsOnePassageWithSynonymEdits) {
  const Doc a(kSpinSource), b(kSpinCopy);
  const al::Alignment r = al::align(a.view(), b.view());
  ASSERT_EQ(r.passages.size(), 1u);
  const al::Passage& p = r.passages[0];
  EXPECT_EQ(p.a_begin, 0u);
  EXPECT_EQ(p.b_end, b.text.size() - 1); // up to the last word, not the final period
  EXPECT_GE(p.synonym_tokens, 3u);       // big/large, examined/examine, peril/danger (discovered/found if WordNet joins them)
  EXPECT_GT(p.canonical_similarity, p.similarity);
  EXPECT_NE(p.kind, al::ReuseKind::verbatim);
  std::size_t synonyms = 0;
  for (const al::Edit& e : al::passage_edits(a.analysis, b.analysis, p)) {
    if (e.op != al::EditOp::synonym) continue;
    ++synonyms;
    EXPECT_NE(a.analysis.forms[e.a], b.analysis.forms[e.b]);
  }
  EXPECT_EQ(synonyms, p.synonym_tokens);
  EXPECT_GT(al::rewrite_score(p), 0.0);
  EXPECT_LT(al::rewrite_score(p), 0.3);
}

TEST(Align, ReorderedSentencesStayOnePassage) {
  const std::string s1 = "State inspectors found a dangerous crack in the large concrete spillway of the old dam on Monday morning.";
  const std::string s2 = "The county ordered an emergency drawdown of the lake while engineers examine the damaged structure closely.";
  const std::string s3 = "Residents who live downstream were told that there is no immediate danger to their homes or farms.";
  const std::string other = "Tickets for the summer festival in the park go on sale next week at the library and the town hall.";
  const Doc a(s1 + " " + s2 + " " + s3 + " " + kUnrelated), b(other + " " + s3 + " " + s1 + " " + s2);
  const al::Alignment r = al::align(a.view(), b.view());
  ASSERT_EQ(r.passages.size(), 1u);
  const al::Passage& p = r.passages[0];
  EXPECT_EQ(slice(a.text, p.a_begin, p.a_end), (s1 + " " + s2 + " " + s3).substr(0, s1.size() + s2.size() + s3.size() + 1));
  EXPECT_EQ(p.b_begin, b.text.find(s3));
  EXPECT_GT(p.content_overlap, 0.95);
}

TEST(Align, CompressedCopyIsASummary) {
  // b keeps two of five source sentences, shortened.
  const std::string a_text =
      "State inspectors found a dangerous crack in the large concrete spillway of the old dam on Monday morning. "
      "The crack runs for about twelve feet along the western wall and is wider than an inch at its widest point. "
      "The county ordered an emergency drawdown of the lake while engineers examine the damaged structure closely. "
      "Officials said the work could take several months and would cost the county at least two million dollars. "
      "Residents who live downstream were told that there is no immediate danger to their homes or farms.";
  const std::string b_text =
      "Inspectors found a dangerous crack in the concrete spillway of the dam on Monday. "
      "Residents downstream were told there is no immediate danger to their homes.";
  const Doc a(a_text), b(b_text);
  const al::Alignment r = al::align(a.view(), b.view());
  ASSERT_EQ(r.passages.size(), 1u);
  EXPECT_EQ(r.passages[0].kind, al::ReuseKind::summary);
  EXPECT_EQ(r.passages[0].b_begin, 0u);
}

TEST(Align, UnrelatedTextsOnTheSameTopicShareNoPassage) {
  const Doc a(kSpinSource),
      b("A dam in the next county failed an inspection last year, and the lake there was drained. Farmers complained "
        "about the water for their cattle. The state has since promised money for repairs to old dams across the region.");
  EXPECT_TRUE(al::align(a.view(), b.view()).passages.empty());
}

TEST(Align, ReuseKindNamesRoundTrip) {
  for (const auto k : {al::ReuseKind::verbatim, al::ReuseKind::near_verbatim, al::ReuseKind::paraphrase, al::ReuseKind::summary})
    EXPECT_EQ(al::reuse_kind_from(al::to_string(k)), k);
  EXPECT_EQ(al::reuse_kind_from("rewritten"), al::ReuseKind::paraphrase); // stored by schema v3
}

TEST(SentenceSimilarity, ParaphraseScoresAboveUnrelated) {
  const t::Analysis x = t::analyze("Residents downstream were told there is no immediate danger to their homes.");
  const t::Analysis y = t::analyze("People downstream were told there was no immediate peril to their homes.");
  const t::Analysis z = t::analyze("The bakery won a national prize for its rye bread last week.");
  const al::SentenceSimilarity near = al::sentence_similarity(x, y), far = al::sentence_similarity(x, z);
  EXPECT_GT(near.score, 0.6);
  EXPECT_LT(far.score, 0.2);
  EXPECT_GT(near.synonym_share, 0.0);
  EXPECT_DOUBLE_EQ(near.number_mismatch, 0.0);
  const al::SentenceSimilarity self = al::sentence_similarity(x, x);
  EXPECT_DOUBLE_EQ(self.score, 1.0);
  EXPECT_DOUBLE_EQ(self.ordered_similarity, 1.0);
  EXPECT_DOUBLE_EQ(al::sentence_similarity(t::analyze("It cost 5 dollars."), t::analyze("It cost 6 dollars.")).number_mismatch, 1.0);
}

// ---- Gap filling ----------------------------------------------------------------------------

namespace {
// Five source sentences; the copy keeps the first, third and fifth word for word and rewrites the
// second and fourth keeping only a few of their content words (the second one longer than
// AlignParams::max_gap, so that the copied sentences around it are not one passage already).
const std::string kGapSource =
    "State inspectors found a dangerous crack in the large concrete spillway of the old dam on Monday morning. "
    "The county sheriff closed the river road below the dam and asked anglers to leave the banks at once. "
    "The county ordered an emergency drawdown of the lake while engineers examine the damaged structure closely. "
    "A shelter for families from the lower valley was opened in the high school gymnasium on Maple Street. "
    "Residents who live downstream were told that there is no immediate danger to their homes or farms.";
const std::string kGapCopy =
    "State inspectors found a dangerous crack in the large concrete spillway of the old dam on Monday morning. "
    "Deputies from the county police office closed the road that runs beside the river and told the anglers who were "
    "there to pack up their gear and drive home. "
    "The county ordered an emergency drawdown of the lake while engineers examine the damaged structure closely. "
    "Some families were offered beds at a gymnasium in town. "
    "Residents who live downstream were told that there is no immediate danger to their homes or farms.";

// Every letter and digit of b's [begin, end) inside some passage.
bool covered(const al::Alignment& r, const std::string& b, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    bool in = false;
    for (const al::Passage& p : r.passages) in |= p.b_begin <= i && i < p.b_end;
    if (!in && std::isalnum(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}
} // namespace

TEST(Align, RewrittenSentenceBetweenCopiedOnesIsFilled) {
  const Doc a(kGapSource), b(kGapCopy);
  const std::string rewritten =
      "Deputies from the county police office closed the road that runs beside the river and told the anglers who were "
      "there to pack up their gear and drive home";
  const std::size_t at = b.text.find(rewritten);
  al::AlignParams off;
  off.fill_gaps = false;
  const al::Alignment without = al::align(a.view(), b.view(), off);
  EXPECT_FALSE(covered(without, b.text, at, at + rewritten.size()));
  const al::Alignment with = al::align(a.view(), b.view());
  EXPECT_TRUE(covered(with, b.text, at, at + rewritten.size()));
  // The passage holding it (a fill joins the passage it touches) pairs it with the source's
  // second sentence, the one between the anchors.
  bool found = false;
  for (const al::Passage& p : with.passages) {
    if (p.b_begin > at || p.b_end <= at) continue;
    found = true;
    EXPECT_LT(p.a_begin, a.text.find("The county ordered"));
    EXPECT_GT(p.a_end, a.text.find("The county sheriff"));
  }
  EXPECT_TRUE(found);
  // Passages stay sorted and disjoint in b.
  for (std::size_t i = 1; i < with.passages.size(); ++i) EXPECT_LE(with.passages[i - 1].b_end, with.passages[i].b_begin);
}

TEST(Align, NewSentenceBetweenCopiedOnesIsNotFilled) {
  const std::string fresh =
      "Tickets for the summer festival in the park go on sale next week at the library, the town hall and the new cafe "
      "beside the cinema.";
  const std::string s1 = "State inspectors found a dangerous crack in the large concrete spillway of the old dam on Monday morning.";
  const std::string s3 = "The county ordered an emergency drawdown of the lake while engineers examine the damaged structure closely.";
  const Doc a(kGapSource), b(s1 + " " + fresh + " " + s3);
  const al::Alignment r = al::align(a.view(), b.view());
  const std::size_t at = b.text.find(fresh);
  for (const al::Passage& p : r.passages) EXPECT_TRUE(p.b_end <= at || p.b_begin >= at + fresh.size());
}
