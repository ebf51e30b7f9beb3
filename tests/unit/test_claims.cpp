#include "claims/claims.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace stemma;

namespace {

std::vector<claims::Claim> claims_of(const std::string& body) {
  const auto an = text::analyze(body);
  return claims::extract_claims(body, an);
}

std::vector<claims::Mutation> mutations(const std::string& parent, const std::string& child, const std::string& pt = "",
                                        const std::string& ct = "") {
  const auto pa = text::analyze(parent), ca = text::analyze(child);
  const auto al = align::align({parent, pa}, {child, ca});
  return claims::detect_mutations({parent, child, pa, ca, al.passages, pt, ct});
}

bool has(const std::vector<claims::Mutation>& ms, claims::MutationType t) {
  return std::any_of(ms.begin(), ms.end(), [&](const auto& m) { return m.type == t; });
}

const std::string kParent =
    "The council voted on Tuesday to close three libraries in Leeds, Mayor John Smith said. \"We have no choice but to act now,\" "
    "he told the Yorkshire Post. The closures will save 2.4 million pounds a year. Opposition members said the decision was rushed "
    "and denied that any consultation had taken place. The libraries will shut in March.";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  return s.replace(s.find(from), from.size(), to);
}

} // namespace

TEST(Claims, LexiconIsDataPerLanguage) {
  const auto& en = claims::lexicon("en-GB");
  EXPECT_EQ(en.language, "en");
  EXPECT_TRUE(en.hedges.contains("allegedly"));
  EXPECT_TRUE(en.cue_prepositions.entries().size() >= 1);
  EXPECT_EQ(&claims::lexicon("xx"), &claims::lexicon("en")); // no lexicon: English
  const auto custom = claims::parse_lexicon("zz", "[hedges]\nangeblich # German\nsoll angeblich\n");
  EXPECT_TRUE(custom.hedges.contains("angeblich"));
  EXPECT_THROW(claims::parse_lexicon("zz", "[nonsense]\nx\n"), std::runtime_error);
  EXPECT_TRUE(claims::is_known_place("leeds"));
  EXPECT_TRUE(claims::is_known_place("france"));
  EXPECT_FALSE(claims::is_known_place("smith"));
}

// match() turns words away by first byte and length before its hash lookup: phrases of every
// length (a first word over 31 bytes shares one length bit) must still match, others not.
TEST(Claims, PhraseListMatchesWithItsPrefilter) {
  claims::PhraseList list;
  const std::string long_word(40, 'x'), other_long(35, 'x');
  list.add({"according", "to"});
  list.add({"a"});
  list.add({long_word});
  const std::vector<std::string> forms = {"according", "to", "a", "accordion", "b", long_word, other_long, "according"};
  EXPECT_EQ(list.match(forms, 0, forms.size()), 2u);
  EXPECT_EQ(list.match(forms, 2, forms.size()), 1u);
  EXPECT_EQ(list.match(forms, 3, forms.size()), 0u); // same first byte and length, another word
  EXPECT_EQ(list.match(forms, 4, forms.size()), 0u);
  EXPECT_EQ(list.match(forms, 5, forms.size()), 1u);
  EXPECT_EQ(list.match(forms, 6, forms.size()), 0u); // passes the length bit, not the lookup
  EXPECT_EQ(list.match(forms, 7, forms.size()), 0u); // "to" would be past the end
  EXPECT_EQ(list.match(forms, 0, 1), 0u);            // ... or past the sentence's end
  EXPECT_TRUE(list.contains("a"));
  EXPECT_TRUE(list.contains(long_word));
  EXPECT_FALSE(list.contains("according")); // only as the start of a longer phrase
  EXPECT_FALSE(list.contains(""));
}

TEST(Claims, QuoteSpeakerCueAndChain) {
  const std::string body =
      "As The Washington Examiner reports:\n\n\"EU leaders have very reliable evidence that China is considering providing military "
      "aid,\" an anonymous senior EU official told Politico. \"We are concerned.\"";
  const auto cs = claims_of(body);
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].speaker, "an anonymous senior EU official");
  EXPECT_EQ(cs[0].kind, claims::SpeakerKind::anonymous);
  EXPECT_EQ(cs[0].cue, "told");
  EXPECT_TRUE(cs[0].direct);
  EXPECT_EQ(body.substr(cs[0].span.begin, 12), "EU leaders h");
  ASSERT_EQ(cs[0].chain.size(), 2u);
  EXPECT_EQ(cs[0].chain[0].name, "Politico");
  EXPECT_EQ(cs[0].chain[1].name, "The Washington Examiner");
  EXPECT_EQ(cs[1].speaker, "an anonymous senior EU official"); // the cue between the two quotes serves both
  EXPECT_EQ(cs[1].cue, "told");
}

TEST(Claims, IndirectSpeechPronounsAndHedges) {
  const auto cs = claims_of("Detective Inspector Jane Roe said the man was probably armed. \"Stay away,\" she said. "
                            "According to the Home Office, crime fell by 5 per cent.");
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_EQ(cs[0].speaker, "Detective Inspector Jane Roe");
  EXPECT_EQ(cs[0].kind, claims::SpeakerKind::person);
  EXPECT_FALSE(cs[0].direct);
  ASSERT_EQ(cs[0].hedges.size(), 1u);
  EXPECT_EQ(cs[0].hedges[0].text, "probably");
  EXPECT_EQ(cs[1].speaker, "Detective Inspector Jane Roe");
  EXPECT_TRUE(cs[1].resolved);
  EXPECT_EQ(cs[2].speaker, "the Home Office");
  EXPECT_EQ(cs[2].kind, claims::SpeakerKind::organisation);
}

TEST(Mutations, SynonymSpinIsNotAChange) {
  EXPECT_TRUE(mutations(kParent, replace(replace(kParent, "rushed", "hurried"), "decision", "determination")).empty());
}

TEST(Mutations, EachTypeWithSpans) {
  using T = claims::MutationType;
  const auto hedge = mutations(kParent, replace(kParent, "will save", "could save"));
  ASSERT_EQ(hedge.size(), 1u);
  EXPECT_EQ(hedge[0].type, T::hedge_added);
  EXPECT_EQ(hedge[0].child_text, "could");
  EXPECT_EQ(hedge[0].parent_text, "will");
  EXPECT_TRUE(has(mutations(replace(kParent, "will save", "could save"), kParent), T::hedge_removed));
  const auto number = mutations(kParent, replace(kParent, "2.4 million", "4.2 million"));
  ASSERT_EQ(number.size(), 1u);
  EXPECT_EQ(number[0].type, T::number_changed);
  EXPECT_EQ(kParent.substr(number[0].parent.begin, number[0].parent.end - number[0].parent.begin), "2.4");
  EXPECT_TRUE(has(mutations(kParent, replace(kParent, "on Tuesday", "on Wednesday")), T::date_changed));
  EXPECT_TRUE(has(mutations(kParent, replace(kParent, "in Leeds", "in Bradford")), T::place_changed));
  EXPECT_TRUE(has(mutations(kParent, replace(kParent, "Mayor John Smith said", "a council source said")), T::attribution_weakened));
  EXPECT_TRUE(has(mutations(kParent, replace(kParent, ", Mayor John Smith said.", ".")), T::attribution_dropped));
  EXPECT_TRUE(has(mutations(kParent, replace(kParent, " he told the Yorkshire Post.", " he said.")), T::attribution_dropped));
  EXPECT_TRUE(has(mutations(kParent, replace(kParent, "Mayor John Smith", "Mayor Ann Brown")), T::attribution_changed));
  EXPECT_TRUE(has(mutations(kParent, replace(kParent, "no choice but to act now", "no option but to act")), T::quote_altered));
  const auto omitted = mutations(kParent, replace(kParent, " Opposition members said the decision was rushed and denied that any "
                                                           "consultation had taken place.", ""));
  ASSERT_EQ(omitted.size(), 1u);
  EXPECT_EQ(omitted[0].type, T::sentence_omitted);
  EXPECT_EQ(omitted[0].detail, "a denial");
  EXPECT_TRUE(has(mutations(kParent, replace(kParent, " The libraries", " This is an outrageous attack on families. The libraries")),
                  T::sentence_inserted));
  const auto head = mutations(kParent, kParent, "Council may close libraries?", "BREAKING: Council confirms biggest closures ever");
  ASSERT_EQ(head.size(), 1u);
  EXPECT_EQ(head[0].type, T::headline_escalation);
  EXPECT_TRUE(head[0].in_title);
  EXPECT_NE(head[0].detail.find("question turned into assertion"), std::string::npos);
  EXPECT_NE(head[0].detail.find("hedge \"may\" dropped"), std::string::npos);
  EXPECT_TRUE(mutations(kParent, kParent, "Council closes libraries", "Council closes libraries").empty());
  // "BREAKING:" is a label, not a respun "cracks" (the two share a WordNet sense).
  const auto label = mutations(kParent, kParent, "Inspectors find cracks in the dam", "BREAKING: Cracks found in the dam");
  ASSERT_EQ(label.size(), 1u);
  EXPECT_EQ(label[0].type, T::headline_escalation);
  EXPECT_NE(label[0].detail.find("\"BREAKING\" added"), std::string::npos) << label[0].detail;
}

TEST(Claims, TrailingSpeakerBeforeAnotherSentence) {
  // "CLAUSE, X said." is a claim whether or not a sentence follows it.
  const auto cs = claims_of("The bridge was closed after the crash, the Home Office said.\n\nTraffic was diverted for hours.");
  ASSERT_EQ(cs.size(), 1u);
  EXPECT_EQ(cs[0].speaker, "the Home Office");
  const auto after = claims_of("It was not in the tariff category, and neither was there an implied authority, said Mr Fitzgerald.");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].speaker, "Mr Fitzgerald");
  const auto role = claims_of("Agreeing to continue his bail, Judge Geoffrey Rivlin, QC, told Beckett that the trial would start in March.");
  ASSERT_EQ(role.size(), 1u);
  EXPECT_EQ(role[0].speaker, "Judge Geoffrey Rivlin");
}

TEST(Mutations, SynonymPhrasesInsideQuotesAreSpin) {
  const std::string p = "\"They ran when they saw him, and he knocked the door,\" she said. \"He is a dangerous man,\" she added.";
  const std::string c = "\"They headed for the hills when they saw him, and he struck hard the door,\" she said. "
                        "\"He is a life-threatening man,\" she added.";
  EXPECT_TRUE(mutations(p, c).empty());
  // A word that is no synonym, in the same quote, is still a misquote.
  EXPECT_TRUE(has(mutations(p, replace(c, "the door", "the window")), claims::MutationType::quote_altered));
}

TEST(Mutations, DetailOfTheSpeakerIsNotWhoSpeaks) {
  using T = claims::MutationType;
  const std::string p = "The jury was told the doctor had visited twice. Mrs Hillier's son Keith said he spoke to the doctor that day.";
  const auto m = mutations(p, replace(p, "Hillier's", "Sinclair's"));
  EXPECT_TRUE(has(m, T::name_changed));
  EXPECT_FALSE(has(m, T::attribution_changed));
  EXPECT_TRUE(has(mutations(p, replace(p, "son Keith", "son Ronald")), T::attribution_changed));
}

TEST(Mutations, HedgeSwappedForSynonymInHeadlineIsSpin) {
  EXPECT_TRUE(mutations(kParent, kParent, "Council will probably close libraries", "Council will in all likelihood close libraries").empty());
  EXPECT_FALSE(mutations(kParent, kParent, "Council will probably close libraries", "Council will close libraries").empty());
}

namespace {
// Mutations of a pair whose one passage pairs sentence `ps` of the parent with sentence `cs` of
// the child, as a gap-filling aligner may pair two sentences of a reordered rewrite.
std::vector<claims::Mutation> mutations_of_sentences(const std::string& parent, const std::string& child, std::size_t ps, std::size_t cs) {
  const auto pa = text::analyze(parent), ca = text::analyze(child);
  align::Passage p;
  p.a_first_token = pa.sentences.at(ps).first_token;
  p.a_token_count = pa.sentences.at(ps).token_count;
  p.b_first_token = ca.sentences.at(cs).first_token;
  p.b_token_count = ca.sentences.at(cs).token_count;
  p.a_begin = pa.tokens[p.a_first_token].begin, p.a_end = pa.tokens[p.a_first_token + p.a_token_count - 1].end;
  p.b_begin = ca.tokens[p.b_first_token].begin, p.b_end = ca.tokens[p.b_first_token + p.b_token_count - 1].end;
  const std::vector<align::Passage> passages{p};
  return claims::detect_mutations({parent, child, pa, ca, passages, "", ""});
}
} // namespace

// Two different sentences paired by the aligner do not make a changed figure or name when both
// values still stand in the other version; the same swap inside one sentence rewritten does.
TEST(Mutations, MisalignedSentencesAreNotChangedFigures) {
  using T = claims::MutationType;
  const std::string parent = "The longest crack runs roughly 40 feet across the chute, Ms Oyelaran said. "
                             "Crews are releasing roughly 1,800 cubic feet of water per second, Mr Brandt said.";
  const std::string reordered = "Gates are sending roughly 1,800 cubic feet per second down the creek, Mr Brandt said. "
                                "The worst crack stretches roughly 40 feet across the chute, Ms Oyelaran said.";
  const auto misaligned = mutations_of_sentences(parent, reordered, 0, 0);
  EXPECT_FALSE(has(misaligned, T::number_changed));
  EXPECT_FALSE(has(misaligned, T::name_changed));
  // The child's crack is 60 feet and 40 no longer appears in it: a changed figure, whatever the pairing.
  const std::string changed = replace(reordered, "roughly 40 feet", "roughly 60 feet");
  EXPECT_TRUE(has(mutations_of_sentences(parent, changed, 0, 1), T::number_changed));
  EXPECT_TRUE(has(mutations_of_sentences(parent, changed, 0, 0), T::number_changed));
  // One sentence rewritten (most content words shared) with its two figures swapped: changed,
  // though each figure still appears in the other version.
  const std::string two = "The first crack runs 40 feet and the second 60 feet across the chute.";
  const std::string swapped = "The first crack runs 60 feet and the second 40 feet across the chute.";
  EXPECT_TRUE(has(mutations_of_sentences(two, swapped, 0, 0), T::number_changed));
}
