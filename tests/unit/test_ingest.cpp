// Unit tests for the ingest stage: timestamps, plain-text and JSONL parsing,
// reading files and folders, document identity.
#include "ingest/ingest.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ig = stemma::ingest;
using stemma::testing::TempDir;

namespace {

const std::string kFFFD = "\xEF\xBF\xBD";

struct Collected {
  std::vector<ig::Document> docs;
  std::vector<ig::Problem> problems;
  ig::Sink sink() {
    return {[this](ig::Document&& d) { docs.push_back(std::move(d)); },
            [this](ig::Problem&& p) { problems.push_back(std::move(p)); }};
  }
  std::size_t count(ig::Severity s) const {
    std::size_t n = 0;
    for (const auto& p : problems) n += p.severity == s;
    return n;
  }
};

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

} // namespace

// ---- parse_timestamp / format_utc --------------------------------------------------

TEST(ParseTimestamp, DateOnly) {
  const auto ts = ig::parse_timestamp("2026-03-14");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->utc_seconds, 1773446400);
  EXPECT_FALSE(ts->has_time);
  EXPECT_FALSE(ts->has_zone);
}

TEST(ParseTimestamp, LeapDay) {
  const auto ts = ig::parse_timestamp("2024-02-29");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->utc_seconds, 1709164800);
  EXPECT_FALSE(ig::parse_timestamp("2023-02-29").has_value());
}

TEST(ParseTimestamp, ZuluTime) {
  const auto ts = ig::parse_timestamp("2026-03-14T08:30:00Z");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->utc_seconds, 1773477000);
  EXPECT_TRUE(ts->has_time);
  EXPECT_TRUE(ts->has_zone);
}

TEST(ParseTimestamp, TimeWithoutZoneOrSeconds) {
  const auto ts = ig::parse_timestamp("2026-03-14T08:30");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->utc_seconds, 1773477000);
  EXPECT_TRUE(ts->has_time);
  EXPECT_FALSE(ts->has_zone);
  const auto spaced = ig::parse_timestamp("  2026-03-14 08:30:00  ");
  ASSERT_TRUE(spaced.has_value());
  EXPECT_EQ(spaced->utc_seconds, 1773477000);
}

TEST(ParseTimestamp, PositiveOffsetWithColon) {
  const auto ts = ig::parse_timestamp("2026-03-14T08:30:00+01:00");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->utc_seconds, 1773477000 - 3600);
  EXPECT_TRUE(ts->has_zone);
  // A half-hour offset that crosses midnight.
  const auto far = ig::parse_timestamp("2026-03-14T08:30:00+10:30");
  ASSERT_TRUE(far.has_value());
  EXPECT_EQ(far->utc_seconds, 1773439200);
}

TEST(ParseTimestamp, NegativeOffsetWithoutColon) {
  const auto ts = ig::parse_timestamp("2026-03-14T08:30:00-0500");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->utc_seconds, 1773495000);
  EXPECT_TRUE(ts->has_zone);
  const auto colon = ig::parse_timestamp("2026-03-14T08:30:00-05:00");
  ASSERT_TRUE(colon.has_value());
  EXPECT_EQ(colon->utc_seconds, 1773495000);
}

TEST(ParseTimestamp, FractionalSeconds) {
  const auto ts = ig::parse_timestamp("2026-03-14T08:30:00.123456Z");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->utc_seconds, 1773477000);
  const auto comma = ig::parse_timestamp("2026-03-14T08:30:05,5+00:00");
  ASSERT_TRUE(comma.has_value());
  EXPECT_EQ(comma->utc_seconds, 1773477005);
}

TEST(ParseTimestamp, InvalidFieldsAreRejected) {
  EXPECT_FALSE(ig::parse_timestamp("2026-13-01").has_value());           // month
  EXPECT_FALSE(ig::parse_timestamp("2026-00-10").has_value());           // month
  EXPECT_FALSE(ig::parse_timestamp("2026-04-31").has_value());           // day
  EXPECT_FALSE(ig::parse_timestamp("2026-03-00").has_value());           // day
  EXPECT_FALSE(ig::parse_timestamp("2026-03-14T24:00:00Z").has_value()); // hour
  EXPECT_FALSE(ig::parse_timestamp("2026-03-14T08:60:00Z").has_value()); // minute
  EXPECT_FALSE(ig::parse_timestamp("2026-03-14T08:30:00+15:00").has_value()); // offset
}

TEST(ParseTimestamp, GarbageIsRejected) {
  EXPECT_FALSE(ig::parse_timestamp("").has_value());
  EXPECT_FALSE(ig::parse_timestamp("yesterday").has_value());
  EXPECT_FALSE(ig::parse_timestamp("14/03/2026").has_value());
  EXPECT_FALSE(ig::parse_timestamp("2026-3-14").has_value());
  EXPECT_FALSE(ig::parse_timestamp("2026-03-14T08").has_value());
  EXPECT_FALSE(ig::parse_timestamp("2026-03-14T08:30:00Zjunk").has_value());
  EXPECT_FALSE(ig::parse_timestamp("2026-03-14 and more").has_value());
}

TEST(FormatUtc, KnownInstants) {
  EXPECT_EQ(ig::format_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(ig::format_utc(1773495000), "2026-03-14T13:30:00Z");
  EXPECT_EQ(ig::format_utc(1767225599), "2025-12-31T23:59:59Z");
  EXPECT_EQ(ig::format_utc(-1), "1969-12-31T23:59:59Z");
}

TEST(FormatUtc, RoundTripsThroughParse) {
  for (const std::int64_t t : {std::int64_t{0}, std::int64_t{951782400}, std::int64_t{1773495000}, std::int64_t{4102444799}}) {
    const auto ts = ig::parse_timestamp(ig::format_utc(t));
    ASSERT_TRUE(ts.has_value()) << t;
    EXPECT_EQ(ts->utc_seconds, t);
  }
}

// ---- parse_plain_text ------------------------------------------------------------

TEST(ParsePlainText, FrontMatter) {
  Collected c;
  ig::parse_plain_text("---\n"
                       "url: https://harborgazette.example/port-closes\n"
                       "Outlet: The Harbor Gazette\n"
                       "published: 2026-03-14T08:30:00Z\n"
                       "title: \"Port closes for repairs\"\n"
                       "id: hg-17\n"
                       "---\n"
                       "The harbor will close on Monday.\n"
                       "Repairs take a week.\n",
                       "a.txt", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_TRUE(c.problems.empty());
  const ig::Document& d = c.docs[0];
  EXPECT_EQ(d.source, "a.txt");
  EXPECT_EQ(d.url, "https://harborgazette.example/port-closes");
  EXPECT_EQ(d.outlet, "The Harbor Gazette");
  EXPECT_EQ(d.title, "Port closes for repairs");
  EXPECT_EQ(d.external_id, "hg-17");
  EXPECT_EQ(d.published_raw, "2026-03-14T08:30:00Z");
  ASSERT_TRUE(d.published.has_value());
  EXPECT_EQ(d.published->utc_seconds, 1773477000);
  EXPECT_EQ(d.body, "The harbor will close on Monday.\nRepairs take a week.");
}

TEST(ParsePlainText, FrontMatterWithoutTitleUsesFirstLine) {
  Collected c;
  ig::parse_plain_text("---\noutlet: Coast Daily\n---\nHeadline here\n\nBody text.\n", "b.txt", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].outlet, "Coast Daily");
  EXPECT_EQ(c.docs[0].title, "Headline here");
  EXPECT_EQ(c.docs[0].body, "Body text.");
}

TEST(ParsePlainText, UnreadableDateIsAWarning) {
  Collected c;
  ig::parse_plain_text("---\npublished: last Tuesday\n---\nTitle\nBody.\n", "c.txt", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].published_raw, "last Tuesday");
  EXPECT_FALSE(c.docs[0].published.has_value());
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, ig::Severity::warning);
  EXPECT_TRUE(contains(c.problems[0].message, "last Tuesday"));
}

TEST(ParsePlainText, TitleIsFirstLineAndBodyTrimmed) {
  Collected c;
  ig::parse_plain_text("\n\n  Storm hits coast  \n\n   First paragraph.\n\nSecond paragraph.  \n\n\n", "s.txt", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].title, "Storm hits coast");
  EXPECT_EQ(c.docs[0].body, "First paragraph.\n\nSecond paragraph.");
  EXPECT_TRUE(c.docs[0].url.empty());
  EXPECT_FALSE(c.docs[0].published.has_value());
}

TEST(ParsePlainText, CrLfNormalised) {
  Collected c;
  ig::parse_plain_text("Title\r\n\r\nLine one.\r\nLine two.\rLine three.\r\n", "w.txt", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].title, "Title");
  EXPECT_EQ(c.docs[0].body, "Line one.\nLine two.\nLine three.");
}

TEST(ParsePlainText, BomStripped) {
  Collected c;
  ig::parse_plain_text("\xEF\xBB\xBF---\nurl: u\n---\nTitle\nBody.", "bom.txt", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].url, "u");
  EXPECT_EQ(c.docs[0].title, "Title");
  EXPECT_EQ(c.docs[0].body, "Body.");
}

TEST(ParsePlainText, EmptyIsAnError) {
  for (const char* data : {"", "   \n\t\r\n  ", "\xEF\xBB\xBF"}) {
    Collected c;
    ig::parse_plain_text(data, "empty.txt", c.sink());
    EXPECT_TRUE(c.docs.empty());
    ASSERT_EQ(c.problems.size(), 1u);
    EXPECT_EQ(c.problems[0].severity, ig::Severity::error);
    EXPECT_EQ(c.problems[0].source, "empty.txt");
  }
}

TEST(ParsePlainText, TitleWithoutBodyIsAnError) {
  Collected c;
  ig::parse_plain_text("Only a title\n", "t.txt", c.sink());
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.count(ig::Severity::error), 1u);
}

TEST(ParsePlainText, NulBytesAreBinary) {
  Collected c;
  ig::parse_plain_text(std::string("Title\nSome\0text here", 20), "bin.txt", c.sink());
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, ig::Severity::error);
  EXPECT_TRUE(contains(c.problems[0].message, "binary"));
}

TEST(ParsePlainText, InvalidUtf8IsRepairedWithAWarning) {
  Collected c;
  // "Title\n" is 6 bytes, "Caf" 3 more: the Latin-1 é sits at byte 9.
  ig::parse_plain_text("Title\nCaf\xE9 au lait is served to everyone in the harbor today.", "latin1.txt", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].body, "Caf" + kFFFD + " au lait is served to everyone in the harbor today.");
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, ig::Severity::warning);
  EXPECT_EQ(c.problems[0].source, "latin1.txt");
  EXPECT_TRUE(contains(c.problems[0].message, "byte 9")) << c.problems[0].message;
}

TEST(ParsePlainText, InvalidUtf8OffsetCountsTheBom) {
  Collected c;
  ig::parse_plain_text("\xEF\xBB\xBFTitle\nCaf\xE9 au lait is served to everyone in the harbor today.", "bom.txt", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_TRUE(contains(c.problems[0].message, "byte 12")) << c.problems[0].message;
}

// ---- parse_jsonl -------------------------------------------------------------------

TEST(ParseJsonl, RecordsBlankLinesAndErrors) {
  Collected c;
  const std::string data =
      R"({"id":"a1","url":"https://x.example/1","title":"  First  ","outlet":"Coast Daily","published":"2026-03-14","text":"Body one."})"
      "\n"
      "\n"
      R"({"id":7,"text":"  Body two.\r\nMore.  "})"
      "\n"
      "this is not json\n"
      R"({"title":"no text here"})"
      "\n"
      R"({"text":"Body three."})"
      "\n";
  ig::parse_jsonl(data, "feed.jsonl", c.sink());
  ASSERT_EQ(c.docs.size(), 3u);
  EXPECT_EQ(c.docs[0].source, "feed.jsonl:1");
  EXPECT_EQ(c.docs[0].external_id, "a1");
  EXPECT_EQ(c.docs[0].url, "https://x.example/1");
  EXPECT_EQ(c.docs[0].title, "First");
  EXPECT_EQ(c.docs[0].outlet, "Coast Daily");
  ASSERT_TRUE(c.docs[0].published.has_value());
  EXPECT_EQ(c.docs[0].published->utc_seconds, 1773446400);
  EXPECT_EQ(c.docs[0].body, "Body one.");
  EXPECT_EQ(c.docs[1].source, "feed.jsonl:3");
  EXPECT_EQ(c.docs[1].external_id, "7");
  EXPECT_EQ(c.docs[1].body, "Body two.\nMore.");
  EXPECT_EQ(c.docs[2].source, "feed.jsonl:6");
  EXPECT_EQ(c.docs[2].body, "Body three.");

  ASSERT_EQ(c.problems.size(), 2u);
  EXPECT_EQ(c.problems[0].severity, ig::Severity::error);
  EXPECT_EQ(c.problems[0].source, "feed.jsonl:4");
  EXPECT_TRUE(contains(c.problems[0].message, "JSON"));
  EXPECT_EQ(c.problems[1].severity, ig::Severity::error);
  EXPECT_EQ(c.problems[1].source, "feed.jsonl:5");
  EXPECT_TRUE(contains(c.problems[1].message, "text"));
}

TEST(ParseJsonl, SingleRecordIsNamedBySourceAlone) {
  Collected c;
  ig::parse_jsonl(R"({"text":"Hello there."})", "one.jsonl", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].source, "one.jsonl");
}

TEST(ParseJsonl, WrongTypesAreReported) {
  Collected c;
  ig::parse_jsonl("[1,2]\n{\"text\":5}\n{\"text\":\"   \"}\n{\"text\":\"ok\",\"title\":[1]}\n", "t.jsonl", c.sink());
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].body, "ok");
  EXPECT_TRUE(c.docs[0].title.empty());
  EXPECT_EQ(c.count(ig::Severity::error), 3u);
  EXPECT_EQ(c.count(ig::Severity::warning), 1u);
  ASSERT_EQ(c.problems.size(), 4u);
  EXPECT_EQ(c.problems[0].source, "t.jsonl:1");
  EXPECT_EQ(c.problems[1].source, "t.jsonl:2");
  EXPECT_EQ(c.problems[2].source, "t.jsonl:3");
  EXPECT_EQ(c.problems[3].source, "t.jsonl:4");
}

TEST(ParseJsonl, InvalidUtf8InsideRecordIsRepaired) {
  Collected c;
  ig::parse_jsonl("{\"text\":\"caf\xE9 time\"}\n{\"text\":\"fine\"}\n", "u.jsonl", c.sink());
  ASSERT_EQ(c.docs.size(), 2u);
  EXPECT_EQ(c.docs[0].body, "caf" + kFFFD + " time");
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, ig::Severity::warning);
  EXPECT_EQ(c.problems[0].source, "u.jsonl:1");
  EXPECT_TRUE(contains(c.problems[0].message, "byte 12")) << c.problems[0].message;
}

// ---- read_path -----------------------------------------------------------------------

TEST(ReadPath, MissingPathFails) {
  TempDir dir;
  Collected c;
  const std::string missing = dir.file("nope.txt");
  EXPECT_FALSE(ig::read_path(missing, {}, c.sink()));
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, ig::Severity::error);
  EXPECT_EQ(c.problems[0].source, missing);
}

TEST(ReadPath, SingleFileOfUnknownExtensionIsSniffedAsPlainText) {
  TempDir dir;
  const std::string p = dir.write("story.dat", "Title\nBody of the story.\n");
  Collected c;
  EXPECT_TRUE(ig::read_path(p, {}, c.sink()));
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].source, p);
  EXPECT_EQ(c.docs[0].body, "Body of the story.");
}

TEST(ReadPath, FolderRecursionSortedHiddenSkippedOtherExtensionsWarned) {
  TempDir dir;
  dir.write("b.txt", "B title\nB body.\n");
  dir.write("a.txt", "A title\nA body.\n");
  dir.write("sub/c.md", "C title\nC body.\n");
  dir.write("feed.jsonl", "{\"text\":\"J1 body.\"}\n{\"text\":\"J2 body.\"}\n");
  dir.write(".hidden.txt", "Hidden\nShould not be read.\n");
  dir.write(".git/d.txt", "Hidden dir\nShould not be read.\n");
  dir.write("notes.pdf", "%PDF-1.4 pretend");
  dir.write("image.png", "png");
  Collected c;
  EXPECT_TRUE(ig::read_path(dir.path().string(), {}, c.sink()));
  std::vector<std::string> bodies;
  for (const auto& d : c.docs) bodies.push_back(d.body);
  EXPECT_EQ(bodies, (std::vector<std::string>{"A body.", "B body.", "J1 body.", "J2 body.", "C body."}));
  ASSERT_EQ(c.docs.size(), 5u);
  EXPECT_EQ(c.docs[2].source, dir.file("feed.jsonl") + ":1");
  EXPECT_EQ(c.docs[3].source, dir.file("feed.jsonl") + ":2");
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, ig::Severity::warning);
  EXPECT_TRUE(contains(c.problems[0].message, "2 file(s)")) << c.problems[0].message;
}

TEST(ReadPath, OversizedFileIsRefusedNotRead) {
  TempDir dir;
  const std::string p = dir.write("big.txt", "Title\n" + std::string(200, 'x') + "\n");
  ig::ReadOptions options;
  options.max_document_bytes = 100;
  Collected c;
  EXPECT_TRUE(ig::read_path(p, options, c.sink()));
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, ig::Severity::error);
  EXPECT_EQ(c.problems[0].source, p);
  EXPECT_TRUE(contains(c.problems[0].message, "exceeds"));
  // The same file is fine under the default limit.
  Collected ok;
  EXPECT_TRUE(ig::read_path(p, {}, ok.sink()));
  EXPECT_EQ(ok.docs.size(), 1u);
}

TEST(ReadPath, OversizedJsonlRecordIsSkippedOthersKept) {
  TempDir dir;
  const std::string p = dir.write("f.jsonl", "{\"text\":\"short\"}\n{\"text\":\"" + std::string(300, 'y') + "\"}\n{\"text\":\"also short\"}\n");
  ig::ReadOptions options;
  options.max_document_bytes = 100;
  Collected c;
  EXPECT_TRUE(ig::read_path(p, options, c.sink()));
  ASSERT_EQ(c.docs.size(), 2u);
  EXPECT_EQ(c.docs[0].body, "short");
  EXPECT_EQ(c.docs[1].body, "also short");
  ASSERT_EQ(c.problems.size(), 1u);
  EXPECT_EQ(c.problems[0].severity, ig::Severity::error);
  EXPECT_EQ(c.problems[0].source, p + ":2");
}

// ---- Document::content_hash ----------------------------------------------------------

TEST(ContentHash, StableAndSensitiveToEveryHashedField) {
  ig::Document d;
  d.url = "https://harborgazette.example/1";
  d.outlet = "The Harbor Gazette";
  d.title = "Port closes";
  d.published_raw = "2026-03-14";
  d.body = "The harbor will close on Monday.";
  const std::string h = d.content_hash();
  EXPECT_EQ(h.size(), 32u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  ig::Document same = d;
  EXPECT_EQ(same.content_hash(), h);
  EXPECT_EQ(d.content_hash(), h);

  const auto changed = [&](auto mutate) {
    ig::Document x = d;
    mutate(x);
    return x.content_hash();
  };
  EXPECT_NE(changed([](ig::Document& x) { x.url += "?a"; }), h);
  EXPECT_NE(changed([](ig::Document& x) { x.outlet = "Coast Daily"; }), h);
  EXPECT_NE(changed([](ig::Document& x) { x.title = "Port opens"; }), h);
  EXPECT_NE(changed([](ig::Document& x) { x.published_raw = "2026-03-15"; }), h);
  EXPECT_NE(changed([](ig::Document& x) { x.body += " "; }), h);
}

TEST(ContentHash, MovingTextBetweenFieldsChangesIt) {
  ig::Document a, b;
  a.title = "ab";
  a.body = "c";
  b.title = "a";
  b.body = "bc";
  EXPECT_NE(a.content_hash(), b.content_hash());
  ig::Document c, d;
  c.url = "x";
  d.outlet = "x";
  EXPECT_NE(c.content_hash(), d.content_hash());
}
