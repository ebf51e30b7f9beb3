// Unit tests for the text stage: UTF-8 hygiene, normalisation, segmentation,
// quotation spans.
#include "text/text.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <string>
#include <string_view>
#include <vector>

namespace t = stemma::text;

namespace {

const std::string kFFFD = "\xEF\xBF\xBD";

std::string slice(std::string_view s, std::uint32_t begin, std::uint32_t end) {
  return std::string(s.substr(begin, end - begin));
}

std::vector<std::string> token_texts(std::string_view s, const t::Analysis& a) {
  std::vector<std::string> out;
  for (const auto& tok : a.tokens) out.push_back(slice(s, tok.begin, tok.end));
  return out;
}

} // namespace

// ---- repair_utf8 / is_valid_utf8 ---------------------------------------------

TEST(RepairUtf8, ValidTextPassesThroughUnchanged) {
  const std::string s = "Caf\xC3\xA9 \xE2\x82\xAC 5 \xF0\x9F\x98\x80 \xE4\xB8\xAD end";
  const t::Utf8Repair r = t::repair_utf8(s);
  EXPECT_EQ(r.text, s);
  EXPECT_TRUE(r.bad_offsets.empty());
  EXPECT_TRUE(t::is_valid_utf8(s));
}

TEST(RepairUtf8, EmptyInput) {
  const t::Utf8Repair r = t::repair_utf8("");
  EXPECT_EQ(r.text, "");
  EXPECT_TRUE(r.bad_offsets.empty());
  EXPECT_TRUE(t::is_valid_utf8(""));
}

TEST(RepairUtf8, LoneContinuationByte) {
  const t::Utf8Repair r = t::repair_utf8("a\x80" "b");
  EXPECT_EQ(r.text, "a" + kFFFD + "b");
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{1}));
}

TEST(RepairUtf8, TwoLoneContinuationBytesAreTwoErrors) {
  const t::Utf8Repair r = t::repair_utf8("x\x80\xBFy");
  EXPECT_EQ(r.text, "x" + kFFFD + kFFFD + "y");
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{1, 2}));
}

TEST(RepairUtf8, TruncatedTwoByteSequence) {
  // At the end of the input.
  t::Utf8Repair r = t::repair_utf8("ab\xC3");
  EXPECT_EQ(r.text, "ab" + kFFFD);
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{2}));
  // Followed by ASCII: the ASCII byte is kept.
  r = t::repair_utf8("\xC3(z");
  EXPECT_EQ(r.text, kFFFD + "(z");
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{0}));
}

TEST(RepairUtf8, TruncatedThreeByteSequenceIsOneReplacement) {
  // E2 82 is a valid prefix of U+20AC (E2 82 AC): one U+FFFD for the maximal subpart.
  t::Utf8Repair r = t::repair_utf8("x\xE2\x82y");
  EXPECT_EQ(r.text, "x" + kFFFD + "y");
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{1}));
  r = t::repair_utf8("price \xE2\x82");
  EXPECT_EQ(r.text, "price " + kFFFD);
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{6}));
}

TEST(RepairUtf8, TruncatedFourByteSequenceIsOneReplacement) {
  t::Utf8Repair r = t::repair_utf8("\xF0\x9F\x98!");
  EXPECT_EQ(r.text, kFFFD + "!");
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{0}));
  r = t::repair_utf8("ok \xF0\x9F");
  EXPECT_EQ(r.text, "ok " + kFFFD);
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{3}));
}

TEST(RepairUtf8, OverlongTwoByteSequence) {
  // C0 is never a valid lead byte: C0 and the following 80 are replaced separately.
  const t::Utf8Repair r = t::repair_utf8("a\xC0\x80" "b");
  EXPECT_EQ(r.text, "a" + kFFFD + kFFFD + "b");
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{1, 2}));
  EXPECT_FALSE(t::is_valid_utf8("\xC1\xBF"));
}

TEST(RepairUtf8, SurrogateIsRejected) {
  const std::string s = "a\xED\xA0\x80" "b";
  EXPECT_FALSE(t::is_valid_utf8(s));
  const t::Utf8Repair r = t::repair_utf8(s);
  // Maximal subpart rule (as Python's decode('utf-8', 'replace')): ED cannot be
  // followed by A0, so each of the three bytes is its own error.
  EXPECT_TRUE(t::is_valid_utf8(r.text));
  EXPECT_EQ(r.text, "a" + kFFFD + kFFFD + kFFFD + "b");
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{1, 2, 3}));
  // The highest scalar value below the surrogates is fine.
  EXPECT_TRUE(t::is_valid_utf8("\xED\x9F\xBF"));
}

TEST(RepairUtf8, LeadBytesF5AndAboveAreInvalid) {
  t::Utf8Repair r = t::repair_utf8("a\xF5" "b");
  EXPECT_EQ(r.text, "a" + kFFFD + "b");
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{1}));
  r = t::repair_utf8("\xFF\xFEz");
  EXPECT_EQ(r.text, kFFFD + kFFFD + "z");
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{0, 1}));
  EXPECT_FALSE(t::is_valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_EQ(t::repair_utf8("\xF5\x80\x80\x80").bad_offsets.size(), 4u);
  EXPECT_EQ(t::repair_utf8("\xE0\x80\x80").bad_offsets.size(), 3u);
  EXPECT_EQ(t::repair_utf8("\xF0\x80\x80\x80").bad_offsets.size(), 4u);
  EXPECT_EQ(t::repair_utf8("\xF4\x90\x80\x80").bad_offsets.size(), 4u);
  // A truncated but well-begun sequence is one error: F0 9F 98 then 'x'.
  EXPECT_EQ(t::repair_utf8("\xF0\x9F\x98x").bad_offsets, (std::vector<std::size_t>{0}));
  // Above U+10FFFF.
  EXPECT_FALSE(t::is_valid_utf8("\xF4\x90\x80\x80"));
  EXPECT_TRUE(t::is_valid_utf8("\xF4\x8F\xBF\xBF"));
}

TEST(RepairUtf8, OffsetsOfSeveralErrorsAfterMultibyteText) {
  // "é" is 2 bytes: the bad bytes sit at offsets 3 and 7.
  const std::string s = "\xC3\xA9" "a\x80" "bcd\xFF" "e";
  const t::Utf8Repair r = t::repair_utf8(s);
  EXPECT_EQ(r.bad_offsets, (std::vector<std::size_t>{3, 7}));
  EXPECT_EQ(r.text, "\xC3\xA9" "a" + kFFFD + "bcd" + kFFFD + "e");
  EXPECT_TRUE(t::is_valid_utf8(r.text));
}

TEST(IsValidUtf8, AsciiFastPathDoesNotHideLaterErrors) {
  EXPECT_TRUE(t::is_valid_utf8("abcdefghijklmnopqrstuvwxyz0123456789"));
  EXPECT_FALSE(t::is_valid_utf8("abcdefgh\x80"));
  EXPECT_FALSE(t::is_valid_utf8("abcdefghijklmnop\xC3"));
  EXPECT_FALSE(t::is_valid_utf8("abcdefg\xE2\x82"));
  EXPECT_TRUE(t::is_valid_utf8("abcdefghijklmno\xE2\x82\xAC"));
}

// ---- char_offset / byte_offset -----------------------------------------------

TEST(Offsets, CharAndByteOffsetsOnMultibyteText) {
  // a(1) ñ(2) b(1) €(3) c(1) 😀(4) d(1): 13 bytes, 7 code points.
  const std::string s = "a\xC3\xB1" "b\xE2\x82\xAC" "c\xF0\x9F\x98\x80" "d";
  ASSERT_EQ(s.size(), 13u);
  const std::vector<std::size_t> starts = {0, 1, 3, 4, 7, 8, 12};
  for (std::size_t i = 0; i < starts.size(); ++i) {
    EXPECT_EQ(t::byte_offset(s, i), starts[i]) << "char " << i;
    EXPECT_EQ(t::char_offset(s, starts[i]), i) << "byte " << starts[i];
  }
  EXPECT_EQ(t::char_offset(s, 13), 7u);
  EXPECT_EQ(t::char_offset(s, 1000), 7u); // clamped
  EXPECT_EQ(t::byte_offset(s, 7), 13u);
  EXPECT_EQ(t::byte_offset(s, 1000), 13u); // clamped
  // Mid-character byte offsets count the character being started.
  EXPECT_EQ(t::char_offset(s, 2), 2u);
}

TEST(Offsets, RoundTripOverGreekText) {
  const std::string s = "\xCE\x97 \xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1"; // "Η Αθήνα"
  for (std::size_t c = 0; c <= 7; ++c) EXPECT_EQ(t::char_offset(s, t::byte_offset(s, c)), c);
}

// ---- normalize ----------------------------------------------------------------

TEST(Normalize, NfkcLigatureAndFullWidth) {
  EXPECT_EQ(t::normalize("\xEF\xAC\x81nance"), "finance"); // "ﬁnance"
  EXPECT_EQ(t::normalize("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92"), "abc12"); // "ＡＢＣ１２"
}

TEST(Normalize, CaseFolding) {
  EXPECT_EQ(t::normalize("Stra\xC3\x9F" "e"), "strasse"); // "Straße"
  EXPECT_EQ(t::normalize("HELLO World"), "hello world");
  EXPECT_EQ(t::normalize("\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91"), "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1"); // ΑΘΗΝΑ -> αθηνα
}

TEST(Normalize, TypographicQuotesApostrophesAndDashesUnified) {
  // “Hello” ‘world’ — it’s 1914–1918
  EXPECT_EQ(t::normalize("\xE2\x80\x9CHello\xE2\x80\x9D \xE2\x80\x98world\xE2\x80\x99 \xE2\x80\x94 it\xE2\x80\x99s 1914\xE2\x80\x93" "1918"),
            "\"hello\" 'world' - it's 1914-1918");
  EXPECT_EQ(t::normalize("\xC2\xAB" "oui\xC2\xBB"), "\"oui\"");
  EXPECT_EQ(t::normalize("Russia\xE2\x80\x99s"), t::normalize("Russia's"));
}

TEST(Normalize, WhitespaceCollapsedAndTrimmed) {
  EXPECT_EQ(t::normalize("  a \t\n\n b  "), "a b");
  EXPECT_EQ(t::normalize("a\xC2\xA0\xE2\x80\x83" "b"), "a b"); // NBSP, em space
  EXPECT_EQ(t::normalize(""), "");
  EXPECT_EQ(t::normalize(" \n\t "), "");
}

// normalize() handles ASCII itself and sends only the stretches around other characters through
// ICU; the result must be what ICU gives for the whole text (the mapping before it copied here).
std::string normalize_by_icu(std::string_view utf8) {
  const icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString mapped;
  bool pending_space = false;
  for (int32_t i = 0; i < src.length();) {
    UChar32 c = src.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || c == 0xFEFF) {
      pending_space = !mapped.isEmpty();
      continue;
    }
    if (pending_space) mapped.append(static_cast<UChar>(' ')), pending_space = false;
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: case 0x0060: case 0x00B4: c = '\''; break;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB: c = '"'; break;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: c = '-'; break;
    default: break;
    }
    mapped.append(c);
  }
  UErrorCode status = U_ZERO_ERROR;
  std::string out;
  icu::Normalizer2::getNFKCCasefoldInstance(status)->normalize(mapped, status).toUTF8String(out);
  return out;
}

TEST(Normalize, PiecewiseEqualsWholeTextIcu) {
  // Characters that combine with what precedes them (marks, Hangul vowels), compose, expand,
  // fold, are spaces or quotes, next to ASCII letters.
  const std::vector<std::string> parts = {
      "a", "E", "z", "Q", " ", "\t", "\n", "0", "'", "`", ".", std::string(1, '\0'), "\x1F", "\x7F",
      "\xCC\x81",         // U+0301 combining acute
      "\xCC\x88",         // U+0308 combining diaeresis
      "\xCC\xA7",         // U+0327 combining cedilla
      "\xC3\xA9",         // é
      "\xC3\x89",         // É
      "\xC3\x9F",         // ß
      "\xC4\xB0",         // İ
      "\xCE\xA3",         // Σ
      "\xC2\xA8",         // ¨ (NFKC: space + U+0308)
      "\xC2\xA0",         // NBSP
      "\xC2\xBD",         // ½
      "\xEF\xAC\x81",     // ﬁ
      "\xE2\x84\xAB",     // Å angstrom sign
      "\xE1\x84\x80",     // U+1100 Hangul choseong kiyeok
      "\xE1\x85\xA1",     // U+1161 Hangul jungseong a (composes with U+1100)
      "\xE2\x80\x99",     // ’
      "\xE2\x80\x94",     // —
      "\xEF\xBB\xBF",     // U+FEFF
      "\xE2\x80\x8B",     // U+200B zero width space (default ignorable)
      "\xC2\xAD",         // soft hyphen (default ignorable)
      "\xF0\x9D\x90\x80", // U+1D400 mathematical bold A
      "\xEF\xBC\xA1",     // fullwidth A
  };
  std::uint64_t state = 12345;
  const auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL, state >> 33; };
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const std::size_t n = next() % 12;
    for (std::size_t i = 0; i < n; ++i) s += parts[next() % parts.size()];
    ASSERT_EQ(t::normalize(s), normalize_by_icu(s)) << "input bytes: " << ::testing::PrintToString(s);
  }
  // Invalid UTF-8 is repaired by ICU as before.
  for (const std::string& s : {std::string("ab\xFF" "c"), std::string("\xC3"), std::string("A\xE2\x80")})
    EXPECT_EQ(t::normalize(s), normalize_by_icu(s));
}

// ---- analyze ------------------------------------------------------------------

TEST(Analyze, TokensSkipPunctuationAndSliceBackToWords) {
  const std::string s = "Hello, world! It's 42 degrees (really).";
  const t::Analysis a = t::analyze(s);
  EXPECT_EQ(token_texts(s, a), (std::vector<std::string>{"Hello", "world", "It's", "42", "degrees", "really"}));
  EXPECT_EQ(a.forms, (std::vector<std::string>{"hello", "world", "it's", "42", "degrees", "really"}));
  ASSERT_EQ(a.tokens.size(), a.forms.size());
}

TEST(Analyze, CaseInsensitiveHashes) {
  const t::Analysis a = t::analyze("Port PORT port pier");
  ASSERT_EQ(a.tokens.size(), 4u);
  EXPECT_EQ(a.tokens[0].hash, a.tokens[1].hash);
  EXPECT_EQ(a.tokens[1].hash, a.tokens[2].hash);
  EXPECT_NE(a.tokens[2].hash, a.tokens[3].hash);
}

TEST(Analyze, CurlyAndStraightApostropheHashAlike) {
  const std::string curly = "Russia\xE2\x80\x99s army";
  const t::Analysis a = t::analyze(curly);
  const t::Analysis b = t::analyze("Russia's army");
  ASSERT_EQ(a.tokens.size(), 2u);
  ASSERT_EQ(b.tokens.size(), 2u);
  EXPECT_EQ(slice(curly, a.tokens[0].begin, a.tokens[0].end), "Russia\xE2\x80\x99s");
  EXPECT_EQ(a.tokens[0].hash, b.tokens[0].hash);
  EXPECT_EQ(a.forms[0], "russia's");
  EXPECT_EQ(a.tokens[1].hash, b.tokens[1].hash);
}

TEST(Analyze, SentencesAndTokenSentenceIndex) {
  const std::string s = "The cat sat. The dog ran! Did the bird fly?";
  const t::Analysis a = t::analyze(s);
  ASSERT_EQ(a.sentences.size(), 3u);
  ASSERT_EQ(a.tokens.size(), 10u);
  const std::vector<std::uint32_t> expected = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
  for (std::size_t i = 0; i < a.tokens.size(); ++i) EXPECT_EQ(a.tokens[i].sentence, expected[i]) << "token " << i;
  EXPECT_EQ(a.sentences[0].first_token, 0u);
  EXPECT_EQ(a.sentences[0].token_count, 3u);
  EXPECT_EQ(a.sentences[1].first_token, 3u);
  EXPECT_EQ(a.sentences[1].token_count, 3u);
  EXPECT_EQ(a.sentences[2].first_token, 6u);
  EXPECT_EQ(a.sentences[2].token_count, 4u);
  EXPECT_EQ(a.sentences[0].begin, 0u);
  EXPECT_EQ(slice(s, a.sentences[2].begin, a.sentences[2].end), "Did the bird fly?");
  EXPECT_EQ(a.sentences[2].end, s.size());
}

TEST(Analyze, NumbersAreTokens) {
  const std::string s = "In 2026 about 1,800 people paid 3.5 percent.";
  const t::Analysis a = t::analyze(s);
  EXPECT_EQ(token_texts(s, a), (std::vector<std::string>{"In", "2026", "about", "1,800", "people", "paid", "3.5", "percent"}));
}

TEST(Analyze, GreekAndCyrillicAreTokenised) {
  const std::string greek = "\xCE\x97 \xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1 \xCE\xB5\xCE\xAF\xCE\xBD\xCE\xB1\xCE\xB9 \xCF\x80\xCF\x8C\xCE\xBB\xCE\xB7."; // Η Αθήνα είναι πόλη.
  const t::Analysis g = t::analyze(greek);
  ASSERT_EQ(g.tokens.size(), 4u);
  EXPECT_EQ(slice(greek, g.tokens[1].begin, g.tokens[1].end), "\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1");
  EXPECT_EQ(g.forms[0], "\xCE\xB7"); // Η -> η
  EXPECT_EQ(g.forms[1], "\xCE\xB1\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1"); // αθήνα

  // "Москва — столица России."
  const std::string cyr = "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xE2\x80\x94 \xD1\x81\xD1\x82\xD0\xBE\xD0\xBB\xD0\xB8\xD1\x86\xD0\xB0 "
                          "\xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD0\xB8.";
  const t::Analysis c = t::analyze(cyr);
  ASSERT_EQ(c.tokens.size(), 3u);
  EXPECT_EQ(c.forms[0], "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"); // москва
  EXPECT_EQ(slice(cyr, c.tokens[2].begin, c.tokens[2].end), "\xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD0\xB8"); // России
  EXPECT_EQ(c.tokens[2].hash, t::analyze("\xD1\x80\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD0\xB8").tokens.at(0).hash); // россии
}

TEST(Analyze, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(t::analyze("").tokens.empty());
  EXPECT_TRUE(t::analyze(" ... !? -- ").tokens.empty());
}

// ---- quotation_spans / overlap_bytes -------------------------------------------

TEST(QuotationSpans, StraightQuotes) {
  const std::string s = "He said \"stop now\" and left.";
  const auto spans = t::quotation_spans(s);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].begin, 9u);
  EXPECT_EQ(spans[0].end, 17u);
  EXPECT_EQ(slice(s, spans[0].begin, spans[0].end), "stop now");
}

TEST(QuotationSpans, TwoStraightQuotesInOneLine) {
  const std::string s = "\"One\" and \"two\".";
  const auto spans = t::quotation_spans(s);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(slice(s, spans[0].begin, spans[0].end), "One");
  EXPECT_EQ(slice(s, spans[1].begin, spans[1].end), "two");
}

TEST(QuotationSpans, CurlyQuotes) {
  const std::string s = "She said \xE2\x80\x9Cwe will rebuild\xE2\x80\x9D on Monday.";
  const auto spans = t::quotation_spans(s);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].begin, 12u); // 9 bytes of text + 3-byte opening mark
  EXPECT_EQ(slice(s, spans[0].begin, spans[0].end), "we will rebuild");
}

TEST(QuotationSpans, UnclosedQuoteEndsAtNewline) {
  const std::string s = "He said \"never again\nThe next paragraph.";
  const auto spans = t::quotation_spans(s);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(slice(s, spans[0].begin, spans[0].end), "never again");
  // And at the end of the text.
  const std::string e = "Tail \"to the end";
  const auto tail = t::quotation_spans(e);
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(slice(e, tail[0].begin, tail[0].end), "to the end");
}

TEST(QuotationSpans, Guillemets) {
  const std::string s = "\xC2\xAB" "bonjour" "\xC2\xBB dit-il.";
  const auto spans = t::quotation_spans(s);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].begin, 2u);
  EXPECT_EQ(slice(s, spans[0].begin, spans[0].end), "bonjour");
}

TEST(QuotationSpans, NoQuotes) { EXPECT_TRUE(t::quotation_spans("Nothing quoted here.\nOr here.").empty()); }

TEST(OverlapBytes, CountsBytesInsideSpans) {
  const std::vector<t::Span> spans = {{2, 5}, {10, 20}};
  EXPECT_EQ(t::overlap_bytes(spans, 0, 100), 13u);
  EXPECT_EQ(t::overlap_bytes(spans, 4, 12), 3u);
  EXPECT_EQ(t::overlap_bytes(spans, 5, 10), 0u);
  EXPECT_EQ(t::overlap_bytes(spans, 12, 15), 3u);
  EXPECT_EQ(t::overlap_bytes(spans, 19, 30), 1u);
  EXPECT_EQ(t::overlap_bytes(spans, 20, 30), 0u);
  EXPECT_EQ(t::overlap_bytes({}, 0, 100), 0u);
}

// ---- Canonical words ----------------------------------------------------------------------

TEST(Stopwords, ListIsSortedSoBinarySearchWorks) {
  for (const char* w : {"the", "of", "and", "'s", "yourselves", "would"}) EXPECT_TRUE(t::is_stopword(w)) << w;
  for (const char* w : {"dam", "council", "said", "three", ""}) EXPECT_FALSE(t::is_stopword(w)) << w;
}

TEST(Canonical, InflectionsShareAStem) {
  EXPECT_EQ(t::stem("inspectors"), t::stem("inspector"));
  EXPECT_EQ(t::stem("voted"), t::stem("voting"));
  EXPECT_NE(t::stem("dam"), t::stem("damn"));
}

TEST(Canonical, WordNetSynonymsAndIrregularFormsMeet) {
  const auto key = [](const char* w) { return t::canonical(w, 0).key; };
  EXPECT_EQ(key("danger"), key("peril"));       // one noun synset
  EXPECT_EQ(key("large"), key("big"));          // adjectives
  EXPECT_EQ(key("found"), key("find"));         // verb.exc: irregular past
  EXPECT_EQ(key("examiners"), key("examined")); // one stem
  EXPECT_NE(key("danger"), key("bread"));
  EXPECT_NE(key("large"), key("small"));        // antonyms are not synonyms
  EXPECT_GT(t::synonym_class_count(), 5000u);
  EXPECT_FALSE(t::synonym_class("zzxqv").has_value());
}

TEST(Canonical, FunctionWordsAndNumbersKeepTheirExactHash) {
  const t::Canonical the = t::canonical("the", 42), seven = t::canonical("1999", 43), word = t::canonical("harbor", 44);
  EXPECT_TRUE(the.stopword);
  EXPECT_EQ(the.key, 42u);
  EXPECT_FALSE(seven.stopword);
  EXPECT_EQ(seven.key, 43u);
  EXPECT_FALSE(word.stopword);
  EXPECT_NE(word.key, 44u);
}

TEST(Analyze, TokensCarryCanonicalKeysAndStopwordFlags) {
  const std::string s = "The inspectors discovered a peril. An inspector found the danger.";
  const t::Analysis a = t::analyze(s);
  ASSERT_EQ(a.tokens.size(), 10u);
  EXPECT_TRUE(a.tokens[0].stopword);                   // The
  EXPECT_FALSE(a.tokens[1].stopword);                  // inspectors
  EXPECT_EQ(a.tokens[1].canon, a.tokens[6].canon);     // inspectors = inspector
  EXPECT_NE(a.tokens[1].hash, a.tokens[6].hash);
  EXPECT_EQ(a.tokens[4].canon, a.tokens[9].canon);     // peril = danger
  EXPECT_EQ(a.tokens[0].canon, a.tokens[8].canon);     // The = the (folded)
}
