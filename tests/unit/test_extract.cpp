// Unit tests for the extract stage: article body, metadata, dates, character
// sets, links, and robustness against hostile pages.
#include "extract/extract.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

namespace x = stemma::extract;

namespace {

// A paragraph of ordinary article prose, distinct per index.
std::string prose(int i) {
  return "Paragraph " + std::to_string(i) +
         " of the story says that the council voted on Tuesday, after a long debate, to approve the new budget for "
         "schools, roads and the harbour, which the mayor had proposed in the spring.";
}

std::string article_page(const std::string& extra_head = "", const std::string& inside = "") {
  std::string p = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Council approves budget | The Daily Bugle</title>" +
                  extra_head + "</head><body>";
  p += "<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport and "
       "other long navigation labels</a></li></ul></nav></header>";
  p += "<main><article><h1>Council approves budget</h1><div class=\"article-body\">";
  for (int i = 1; i <= 4; ++i) p += "<p>" + prose(i) + "</p>";
  p += inside;
  p += "</div></article></main>";
  p += "<footer><p>Copyright 2026 The Daily Bugle. All rights reserved. Contact us, advertise with us, privacy policy, "
       "terms of service.</p></footer></body></html>";
  return p;
}

bool contains(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

} // namespace

// ---- Body ------------------------------------------------------------------------

TEST(ExtractBody, KeepsParagraphsSeparatedByBlankLines) {
  const x::Article a = x::extract_article(article_page());
  EXPECT_EQ(a.body, prose(1) + "\n\n" + prose(2) + "\n\n" + prose(3) + "\n\n" + prose(4));
}

TEST(ExtractBody, DropsNavigationFooterRelatedNewsletterAndComments) {
  const std::string inside =
      "<div class=\"related-posts\"><h3>Related posts</h3><ul><li><a href=\"/a\">Another story about the council budget and "
      "more</a></li><li><a href=\"/b\">Yet another story about the harbour</a></li></ul></div>"
      "<div class=\"newsletter-signup\"><p>Sign up for our newsletter to get the best of the Bugle in your inbox every "
      "morning.</p></div>"
      "<section id=\"comments\"><h3>3 comments</h3><div class=\"comment\"><p>I think the council is wasting our money "
      "again, as it always does, and nobody listens.</p></div></section>"
      "<div class=\"share-buttons\"><a href=\"https://facebook.com/share\">Share on Facebook</a></div>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(1)));
  EXPECT_TRUE(contains(a.body, prose(4)));
  EXPECT_FALSE(contains(a.body, "Home"));
  EXPECT_FALSE(contains(a.body, "Related"));
  EXPECT_FALSE(contains(a.body, "Another story"));
  EXPECT_FALSE(contains(a.body, "newsletter"));
  EXPECT_FALSE(contains(a.body, "wasting our money"));
  EXPECT_FALSE(contains(a.body, "Share on Facebook"));
  EXPECT_FALSE(contains(a.body, "All rights reserved"));
}

TEST(ExtractBody, KeepsBlockquotesHeadingsAndListsAsLines) {
  const std::string inside =
      "<blockquote><p>We will build the harbour, and we will build it this year, whatever it takes.</p></blockquote>"
      "<h2>What happens next</h2><p>" + prose(5) + "</p><ul><li>First, the schools get new roofs.</li><li>Second, the roads "
      "are repaired.</li></ul><p>" + prose(6) + "</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, "\n\nWe will build the harbour, and we will build it this year, whatever it takes.\n\n"));
  EXPECT_TRUE(contains(a.body, "\n\nWhat happens next\n\n" + prose(5)));
  EXPECT_TRUE(contains(a.body, "First, the schools get new roofs.\nSecond, the roads are repaired."));
  EXPECT_FALSE(contains(a.body, "Council approves budget")); // the headline is metadata, not body
}

TEST(ExtractBody, LineBreaksBecomeNewlines) {
  const std::string inside = "<p>First line of a poem that the mayor read aloud<br>Second line of the poem, read "
                             "slowly<br>Third line of the same poem</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, "First line of a poem that the mayor read aloud\nSecond line of the poem, read slowly\nThird line"));
}

TEST(ExtractBody, ScriptStyleAndTemplateTextNeverInBody) {
  const std::string inside = "<script>var secret = 'SCRIPTTEXT';</script><style>.x{content:'STYLETEXT'}</style>"
                             "<noscript>NOSCRIPTTEXT</noscript><template><p>TEMPLATETEXT</p></template><p>" + prose(7) +
                             "<script>document.write('INLINESCRIPT')</script></p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(7)));
  for (const char* s : {"SCRIPTTEXT", "STYLETEXT", "NOSCRIPTTEXT", "TEMPLATETEXT", "INLINESCRIPT", "secret"})
    EXPECT_FALSE(contains(a.body, s)) << s;
}

TEST(ExtractBody, JsonLdArticleBodyWhenTheDomHasNoText) {
  const std::string head =
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
      "\"headline\":\"Harbour reopens\",\"articleBody\":\"The harbour reopened on Monday after two years of works.\\nShips "
      "lined up at dawn to enter the new basin, and the mayor cut a ribbon while a brass band played on the quay for the "
      "crowd that had gathered since the early morning hours.\"}</script>";
  const std::string page = "<html><head>" + head + "</head><body><div id=\"app\"></div></body></html>";
  const x::Article a = x::extract_article(page);
  EXPECT_EQ(a.body, "The harbour reopened on Monday after two years of works.\n\nShips lined up at dawn to enter the new basin, "
                    "and the mayor cut a ribbon while a brass band played on the quay for the crowd that had gathered since "
                    "the early morning hours.");
  EXPECT_EQ(a.title, "Harbour reopens");
}

TEST(ExtractBody, DomPreferredOverShortJsonLdTeaser) {
  const std::string head = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"Council approves "
                           "budget.\"}</script>";
  const x::Article a = x::extract_article(article_page(head));
  EXPECT_TRUE(contains(a.body, prose(3)));
}

TEST(ExtractBody, LinkLinesOutAreKeptRecirculationIsDropped) {
  const std::string inside =
      "<p><a href=\"https://www.example.org/report.pdf\">The auditor's full report on the budget</a></p>"
      "<p><a href=\"/world/other-story.html\">Also on the Bugle: the harbour works are late again</a></p>";
  x::Options o;
  o.url = "https://www.bugle.example/world/story.html";
  const x::Article a = x::extract_article(article_page("", inside), o);
  EXPECT_TRUE(contains(a.body, "The auditor's full report on the budget"));
  EXPECT_FALSE(contains(a.body, "Also on the Bugle"));
}

TEST(ExtractBody, HiddenContentIsDropped) {
  const std::string inside =
      "<div style=\"position:absolute; left:-9999px\"><a href=\"https://spam.example\">Cheap pills online today</a></div>"
      "<div style=\"display: none\"><p>Invisible paragraph that a browser would never show to the reader.</p></div>"
      "<p class=\"sr-only\">Screen reader only text about the article.</p><p>" + prose(8) + "</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(8)));
  EXPECT_FALSE(contains(a.body, "Cheap pills"));
  EXPECT_FALSE(contains(a.body, "Invisible paragraph"));
  EXPECT_FALSE(contains(a.body, "Screen reader only"));
}

TEST(ExtractBody, CustomElementsAreInline) {
  const std::string inside = "<p>Binge eating is common (<x-source><a href=\"https://ncbi.example/1\">1</a></x-source>), "
                             "researchers say, and treatable with therapy and support.</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, "Binge eating is common (1), researchers say"));
}

TEST(ExtractBody, CreditAndReadingTimeLinesAreDropped) {
  const std::string inside = "<p>4 min read</p><p>" + prose(9) +
                             "</p><p>Reporting by Jane Doe; Editing by John Roe</p><p>Keith Smith contributed reporting "
                             "from Hong Kong.</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(9)));
  EXPECT_FALSE(contains(a.body, "min read"));
  EXPECT_FALSE(contains(a.body, "Reporting by"));
  EXPECT_FALSE(contains(a.body, "contributed reporting"));
}

TEST(ExtractBody, PhotoCaptionsAndCreditsAreDropped) {
  const std::string inside =
      "<div class=\"img-wrap\"><div><img src=\"a.jpg\" alt=\"The harbour at dawn, seen from the pier\"></div><br>"
      "<span class=\"small gray\">The harbour at dawn, seen from the pier</span></div>"
      "<p>" + prose(5) + "</p>"
      "<p><a href=\"b.jpg\"><img src=\"b.jpg\"></a></p><p><em>Fireworks over the old town hall</em></p>"
      "<p>" + prose(6) + "</p>"
      "<p>The mayor at the council meeting (Image: Getty)</p>"
      "<div><p><img src=\"c.jpg\"></p><span class=\"newsCaption\">Crowd outside the hall</span></div>"
      "<p>" + prose(7) + "</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_TRUE(contains(a.body, prose(7)));
  EXPECT_FALSE(contains(a.body, "The harbour at dawn"));
  EXPECT_FALSE(contains(a.body, "Fireworks"));
  EXPECT_FALSE(contains(a.body, "(Image: Getty)"));
  EXPECT_FALSE(contains(a.body, "Crowd outside the hall"));
}

TEST(ExtractBody, CaptionExtendingTheImageAltTextIsDropped) {
  const std::string inside =
      "<div align=\"center\"><img src=\"h.jpg\" alt=\"Harbour benchmark results\">"
      "<span class=\"minor\">Harbour benchmark results for the new basin</span></div>"
      "<p>" + prose(5) + "</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_FALSE(contains(a.body, "for the new basin"));
}

TEST(ExtractBody, MagazineSubscriptionOfferIsDropped) {
  const std::string inside = "<p>" + prose(5) + "</p><p>Get <a href=\"https://shop.example/bugle\">The Monthly Bugle</a> "
                             "delivered through your letterbox every month. 12 issues for \xc2\xa3" "11.99. <a "
                             "href=\"https://shop.example/bugle\">Click here</a> for more information.</p>";
  x::Options o;
  o.url = "https://www.bugle.example/news/story.html";
  const x::Article a = x::extract_article(article_page("", inside), o);
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_FALSE(contains(a.body, "issues for"));
}

TEST(ExtractBody, OriginallyPublishedOnAttributionIsKept) {
  // Where the article first ran is text of the article, not a dateline.
  const std::string inside = "<p>" + prose(5) + "</p><p>Originally published on Harbour Gazette.</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_TRUE(contains(a.body, "Originally published on Harbour Gazette."));
}

TEST(ExtractBody, NameLinkWithANestedHoverCardKeepsTheName) {
  // The hover card goes; the name it hangs on is text of the sentence.
  const std::string inside =
      "<p>The harbour plan was backed by councillor <span class=\"rollover-people\"><a href=\"/people/jane-doe\">Jane "
      "Doe</a><span class=\"rollover-block\"><a href=\"/people/jane-doe\">Jane Doe</a> <a href=\"/news/other\">Latest: "
      "councillor questions the tram budget once again</a></span></span> at Tuesday's meeting.</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, "backed by councillor Jane Doe at Tuesday's meeting."));
  EXPECT_FALSE(contains(a.body, "tram budget"));
}

TEST(ExtractBody, ShortListOfALinkOutIsKept) {
  // A one-item list under a product paragraph: the buying link is content.
  const std::string inside = "<p>" + prose(5) + "</p><ul><li><a href=\"https://shop.example/u/abc\">Get it for $39.99</a>"
                             "</li></ul><p>" + prose(6) + "</p>";
  x::Options o;
  o.url = "https://www.bugle.example/news/story.html";
  const x::Article a = x::extract_article(article_page("", inside), o);
  EXPECT_TRUE(contains(a.body, "Get it for $39.99"));
  EXPECT_TRUE(contains(a.body, prose(6)));
}

TEST(ExtractBody, ItalicTextAroundAnImageAndInlineCaptionWordsAreKept) {
  const std::string inside =
      "<p><em>Intro line <a href=\"p.jpg\"><img src=\"p.jpg\"></a>Why are we talking about budgets?</em></p>"
      "<p>The council met <span class=\"caption\">today</span> in the old town hall to discuss the harbour budget.</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, "Why are we talking about budgets?"));
  EXPECT_TRUE(contains(a.body, "The council met today in the old town hall"));
}

TEST(ExtractBody, TrailingListOfLinksToTheSiteIsDropped) {
  const std::string recirc =
      "<p>" + prose(5) + "</p><ul><li>Councils everywhere in the north of the country <a href=\"/a.html\">are short of money</a></li>"
      "<li>The harbour works and the new bridge, <a href=\"/b.html\">explained in five charts</a></li>"
      "<li>Why the mayor of the city, after all these years, <a href=\"/c.html\">wants a second term</a></li></ul>";
  x::Options o;
  o.url = "https://www.bugle.example/news/story.html";
  const x::Article a = x::extract_article(article_page("", recirc), o);
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_FALSE(contains(a.body, "Councils everywhere"));
  EXPECT_FALSE(contains(a.body, "explained in five charts"));
  // A list of the article (one item without a link) stays.
  const std::string own =
      "<p>" + prose(5) + "</p><ul><li>Schools get <a href=\"/schools.html\">four million</a></li>"
      "<li>Roads get <a href=\"/roads.html\">two million</a></li><li>The harbour gets the rest of the budget</li></ul>";
  const x::Article b = x::extract_article(article_page("", own), o);
  EXPECT_TRUE(contains(b.body, "Schools get four million"));
  EXPECT_TRUE(contains(b.body, "The harbour gets the rest"));
}

TEST(ExtractBody, LongParagraphThatIsOneLinkIsDropped) {
  const std::string inside =
      "<p>" + prose(5) + "</p><p><a href=\"/promos/pro.php\">Get access to the fastest growing subscription service of the "
      "region for as little as 5 pounds for the first year. Use the code BUGLE. The service offers you all the "
      "information you need, including ideas, independent research, insights and analysis, every morning and every "
      "evening, in your inbox and on your phone. For more information, check out the website of the service.</a></p>";
  x::Options o;
  o.url = "https://www.bugle.example/news/story.html";
  const x::Article a = x::extract_article(article_page("", inside), o);
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_FALSE(contains(a.body, "Get access to"));
}

TEST(ExtractBody, LinkUnderExploreFurtherHeadingIsDropped) {
  const std::string inside =
      "<p>" + prose(5) + "</p><div class=\"explore\"><div><p>Explore further</p></div>"
      "<a href=\"https://sister-site.example/news/torpor.html\">Unravelling the neural network of torpor</a></div>"
      "<p>" + prose(6) + "</p><p>See also:</p><p><a href=\"https://other.example/story\">The harbour of the future</a></p>"
      "<p>" + prose(7) + "</p>";
  x::Options o;
  o.url = "https://www.bugle.example/news/story.html";
  const x::Article a = x::extract_article(article_page("", inside), o);
  EXPECT_TRUE(contains(a.body, prose(6)));
  EXPECT_TRUE(contains(a.body, prose(7)));
  EXPECT_FALSE(contains(a.body, "Unravelling"));
  EXPECT_FALSE(contains(a.body, "The harbour of the future"));
  EXPECT_FALSE(contains(a.body, "See also"));
}

TEST(ExtractBody, BylineWithSeparatorAndMetadataLabelLinesAreDropped) {
  const std::string inside = "<p>By Jane Doe - 11/18/19 11:04 PM EST</p>"
                             "<p>05/10/2018 - Publicado por: Clarissa Borba - Categoria: Sa\xc3\xba" "de</p>"
                             "<p>" + prose(5) + "</p><p>By the end of the meeting - at 11 pm - the council had voted.</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_FALSE(contains(a.body, "Jane Doe"));
  EXPECT_FALSE(contains(a.body, "Publicado por"));
  EXPECT_TRUE(contains(a.body, "By the end of the meeting - at 11 pm - the council had voted."));
}

TEST(ExtractBody, FurnitureLinesAtTheEdgesOfABrBlockAreCut) {
  const std::string inside =
      "<div class=\"entry\">Posted by: Jane Doe - Category: Politics<br>" + prose(5) + "<br><br>" + prose(6) +
      "<br><br><a href=\"/promos/pro.php\">Subscribe to the Bugle Pro service for as little as 5 pounds a year</a></div>"
      "<div class=\"entry\">" + prose(7) + "<br>Festival of lights<br>29 November 2018 | 20 January 2019</div>";
  x::Options o;
  o.url = "https://www.bugle.example/news/story.html";
  const x::Article a = x::extract_article(article_page("", inside), o);
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_TRUE(contains(a.body, prose(6)));
  EXPECT_FALSE(contains(a.body, "Posted by"));
  EXPECT_FALSE(contains(a.body, "Bugle Pro"));
  // A date closing a block is the date of something, not a dateline.
  EXPECT_TRUE(contains(a.body, "29 November 2018 | 20 January 2019"));
}

TEST(ExtractBody, CommentSectionAfterTheArticleIsCut) {
  const std::string inside = "<p>" + prose(5) + "</p><h3>12 Comments</h3><p><b>Mary</b> says: I think the council "
                             "should spend more of the budget on the schools and less on the harbour works.</p>"
                             "<p>Reply</p><p><b>Tom</b> says: The mayor has done a fine job with the roads, whatever "
                             "people say about the harbour.</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_FALSE(contains(a.body, "Comments"));
  EXPECT_FALSE(contains(a.body, "should spend more"));
  EXPECT_FALSE(contains(a.body, "fine job with the roads"));
}

TEST(ExtractBody, TrailingAuthorBioAndFollowCoverageLinesAreDropped) {
  const std::string inside = "<p>" + prose(5) + "</p><p>Follow the Bugle's full coverage of the budget at "
                             "https://www.bugle.example/budget</p><p>Jane Doe is a staff writer at the Bugle covering "
                             "local politics.</p>";
  const x::Article a = x::extract_article(article_page("", inside));
  EXPECT_TRUE(contains(a.body, prose(5)));
  EXPECT_FALSE(contains(a.body, "full coverage"));
  EXPECT_FALSE(contains(a.body, "staff writer"));
  // A closing sentence about a person is article text.
  const std::string closing = "<p>" + prose(5) + "</p><p>John Smith is expected to announce his decision next week.</p>";
  const x::Article b = x::extract_article(article_page("", closing));
  EXPECT_TRUE(contains(b.body, "John Smith is expected to announce"));
}

// ---- Metadata --------------------------------------------------------------------

TEST(ExtractMeta, TitleFromTitleTagWithSiteSuffixTrimmed) {
  std::string page = article_page();
  // No og:title, no JSON-LD: the <h1> wins over <title>.
  EXPECT_EQ(x::extract_article(page).title, "Council approves budget");
  // Without an <h1>: the <title>, its " | Site" suffix trimmed.
  const std::size_t h = page.find("<h1>");
  page.erase(h, page.find("</h1>") + 5 - h);
  EXPECT_EQ(x::extract_article(page).title, "Council approves budget");
}

TEST(ExtractMeta, OgTitleAndSiteName) {
  const std::string head = "<meta property=\"og:title\" content=\"Council approves &amp; funds budget - The Daily Bugle\">"
                           "<meta property=\"og:site_name\" content=\"The Daily Bugle\">";
  const x::Article a = x::extract_article(article_page(head));
  EXPECT_EQ(a.title, "Council approves & funds budget");
  EXPECT_EQ(a.site_name, "The Daily Bugle");
}

TEST(ExtractMeta, JsonLdHeadlineAuthorDatesPublisher) {
  const std::string head =
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"WebSite\",\"name\":"
      "\"Bugle Web\"},{\"@type\":[\"NewsArticle\"],\"headline\":\"Budget passes\",\"author\":[{\"@type\":\"Person\",\"name\":"
      "\"Jane Doe\"},{\"@type\":\"Person\",\"name\":\"John Roe\"}],\"datePublished\":\"2026-03-14T13:30:00+01:00\","
      "\"dateModified\":\"2026-03-15T08:00:00Z\",\"publisher\":{\"@type\":\"Organization\",\"name\":\"Daily Bugle\"}}]}</script>";
  const x::Article a = x::extract_article(article_page(head));
  EXPECT_EQ(a.title, "Budget passes");
  EXPECT_EQ(a.byline, "Jane Doe, John Roe");
  EXPECT_EQ(a.site_name, "Daily Bugle");
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(a.published->utc_seconds, 1773491400);
  EXPECT_TRUE(a.published->has_time);
  EXPECT_TRUE(a.published->has_zone);
  ASSERT_TRUE(a.modified.has_value());
  EXPECT_EQ(a.modified->utc_seconds, 1773561600);
}

TEST(ExtractMeta, MetaAuthorAndArticleTimes) {
  const std::string head = "<meta name=\"author\" content=\"By Jane Doe\">"
                           "<meta property=\"article:published_time\" content=\"2019-11-19T22:31:05.123-0600\">"
                           "<meta property=\"article:modified_time\" content=\"2019-11-20T10:00:00Z\">";
  const x::Article a = x::extract_article(article_page(head));
  EXPECT_EQ(a.byline, "Jane Doe");
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(a.published->utc_seconds, 1574224265);
  ASSERT_TRUE(a.modified.has_value());
  EXPECT_EQ(a.modified->utc_seconds, 1574244000);
}

TEST(ExtractMeta, BylineElementAndTimeElement) {
  std::string page = article_page();
  const std::string by = "<div class=\"byline\">By <a rel=\"nofollow\" href=\"/staff/jd\">Jane Doe</a></div>"
                         "<time datetime=\"2026-03-14\">March 14</time>";
  page.insert(page.find("</h1>") + 5, by);
  const x::Article a = x::extract_article(page);
  EXPECT_EQ(a.byline, "Jane Doe");
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(a.published->utc_seconds, 1773446400);
  EXPECT_FALSE(a.published->has_time);
  EXPECT_FALSE(contains(a.body, "Jane Doe"));
}

TEST(ExtractMeta, DateFromUrlAsLastResort) {
  x::Options o;
  o.url = "https://news.example.com/world/2026/03/14/council-approves-budget/";
  const x::Article a = x::extract_article(article_page(), o);
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(a.published->utc_seconds, 1773446400);
  EXPECT_FALSE(a.published->has_time);
}

TEST(ExtractMeta, CanonicalUrl) {
  x::Options o;
  o.url = "https://news.example.com/world/story.html?utm_source=feed";
  // Relative canonical resolved against the page URL.
  x::Article a = x::extract_article(article_page("<link rel=\"canonical\" href=\"/world/story.html\">"), o);
  EXPECT_EQ(a.canonical_url, "https://news.example.com/world/story.html");
  // og:url when there is no canonical link.
  a = x::extract_article(article_page("<meta property=\"og:url\" content=\"https://example.com/s\">"), o);
  EXPECT_EQ(a.canonical_url, "https://example.com/s");
  // Else the page URL.
  a = x::extract_article(article_page(), o);
  EXPECT_EQ(a.canonical_url, o.url);
}

TEST(ExtractMeta, LanguageFromTextThenHtmlLang) {
  EXPECT_EQ(x::extract_article(article_page()).language, "en");
  std::string fr = "<html lang=\"fr-FR\"><head><title>Budget</title></head><body><article>";
  for (int i = 0; i < 4; ++i)
    fr += "<p>Le conseil municipal a voté mardi, après un long débat, le nouveau budget pour les écoles, les routes et le "
          "port, que le maire avait proposé au printemps dernier.</p>";
  fr += "</article></body></html>";
  EXPECT_EQ(x::extract_article(fr).language, "fr");
  // Too little text for the detector: the page's lang attribute.
  const std::string short_de = "<html lang=\"de-AT\"><body><article><p>Kurz und gut, danke sehr, bis bald.</p></article></body></html>";
  EXPECT_EQ(x::extract_article(short_de).language, "de");
}

// ---- Links -----------------------------------------------------------------------

TEST(ExtractLinks, OffsetsSliceBackToAnchorText) {
  const std::string inside =
      "<p>The <a href=\"/reports/2026/budget.pdf\">full budget report</a> and the <a href=\"../minutes.html\">minutes of "
      "the   meeting</a> are online, as is the <a href=\"https://other.example.org/x?y=1#z\">auditor's view</a>, the <a "
      "href=\"//cdn.example.net/chart.png\">chart</a> and <a href=\"?page=2\">page two</a>. Not links: <a "
      "href=\"#top\">top</a>, <a href=\"javascript:void(0)\">nothing</a>, <a>no href</a>.</p>";
  x::Options o;
  o.url = "https://news.example.com/world/2026/story.html";
  const x::Article a = x::extract_article(article_page("", inside), o);
  ASSERT_EQ(a.links.size(), 5u);
  for (const auto& l : a.links) {
    ASSERT_LE(l.end, a.body.size());
    EXPECT_EQ(a.body.substr(l.begin, l.end - l.begin), l.anchor);
  }
  EXPECT_EQ(a.links[0].anchor, "full budget report");
  EXPECT_EQ(a.links[0].url, "https://news.example.com/reports/2026/budget.pdf");
  EXPECT_EQ(a.links[1].anchor, "minutes of the meeting");
  EXPECT_EQ(a.links[1].url, "https://news.example.com/world/minutes.html");
  EXPECT_EQ(a.links[2].url, "https://other.example.org/x?y=1#z");
  EXPECT_EQ(a.links[3].url, "https://cdn.example.net/chart.png");
  EXPECT_EQ(a.links[4].url, "https://news.example.com/world/2026/story.html?page=2");
}

TEST(ExtractLinks, BaseHrefAndCanonicalAsBase) {
  const std::string inside = "<p>See the <a href=\"docs/a.html\">annex</a> of the budget, which lists every school and road "
                             "that will be repaired this year.</p>";
  // No page URL: the canonical URL is the base.
  x::Article a = x::extract_article(article_page("<link rel=\"canonical\" href=\"https://bugle.example/news/x.html\">", inside));
  ASSERT_EQ(a.links.size(), 1u);
  EXPECT_EQ(a.links[0].url, "https://bugle.example/news/docs/a.html");
  // <base href> wins.
  x::Options o;
  o.url = "https://bugle.example/news/x.html";
  a = x::extract_article(article_page("<base href=\"https://static.example/root/\">", inside), o);
  ASSERT_EQ(a.links.size(), 1u);
  EXPECT_EQ(a.links[0].url, "https://static.example/root/docs/a.html");
}

// ---- parse_date ---------------------------------------------------------------------

TEST(ParseDate, Iso8601AndRfc3339) {
  auto d = x::parse_date("2026-03-14T13:30:00Z");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773495000);
  EXPECT_TRUE(d->has_time);
  EXPECT_TRUE(d->has_zone);
  d = x::parse_date("2026-03-14T13:30:00+01:00");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773491400);
  d = x::parse_date("2019-11-19T22:31:05.123-0600");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1574224265);
  d = x::parse_date("2026-03-14 13:30");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773495000);
  EXPECT_FALSE(d->has_zone);
  d = x::parse_date("2026-03-14");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773446400);
  EXPECT_FALSE(d->has_time);
  EXPECT_FALSE(d->has_zone);
  d = x::parse_date("2020-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1582934400);
  d = x::parse_date("2019/11/19");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1574121600);
  d = x::parse_date("20260314T133000Z");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773495000);
}

TEST(ParseDate, Rfc1123And2822) {
  auto d = x::parse_date("Sat, 14 Mar 2026 13:30:00 GMT");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773495000);
  EXPECT_TRUE(d->has_zone);
  d = x::parse_date("Tue, 19 Nov 2019 10:00:00 +0530");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1574137800);
}

TEST(ParseDate, EnglishForms) {
  auto d = x::parse_date("March 14, 2026 8:30 AM EST");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773495000);
  EXPECT_TRUE(d->has_time);
  EXPECT_TRUE(d->has_zone);
  // "ET" follows US daylight saving time: EDT on March 14, 2026, EST in January.
  d = x::parse_date("March 14, 2026 8:30 PM ET");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773534600);
  d = x::parse_date("Jan. 5, 2026, 8:30 p.m. ET");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1767663000);
  d = x::parse_date("14 March 2026");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773446400);
  EXPECT_FALSE(d->has_time);
  d = x::parse_date("Mar. 14, 2026");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773446400);
  d = x::parse_date("Saturday, March 14th, 2026");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773446400);
  d = x::parse_date("November 19, 2019 at 12:05 am PST");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1574150700);
  d = x::parse_date("19.11.2019");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1574121600);
}

TEST(ParseDate, RefusesWhatItCannotReadWithCertainty) {
  for (const char* s : {"", "yesterday", "3 hours ago", "March 14", "04/05/2026", "2026-13-01", "2026-02-30", "Feb 30, 2026",
                        "14 March 2026 and some words", "2026-03-14T25:00:00Z", "March 14, 2026 13:30 PM"})
    EXPECT_FALSE(x::parse_date(s).has_value()) << s;
  // 14/03/2026 is unambiguous (no 14th month).
  auto d = x::parse_date("14/03/2026");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->utc_seconds, 1773446400);
}

// ---- to_utf8 -------------------------------------------------------------------------

TEST(ToUtf8, Windows1252FromMetaCharset) {
  std::string cs;
  const std::string in = "<meta charset=\"windows-1252\"><p>Caf\xE9 \x93quoted\x94 \x96 na\xEFve</p>";
  EXPECT_EQ(x::to_utf8(in, "", &cs), "<meta charset=\"windows-1252\"><p>Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x93 na\xC3\xAFve</p>");
  EXPECT_EQ(cs, "windows-1252");
}

TEST(ToUtf8, Iso88591FromContentTypeAndHttpEquiv) {
  std::string cs;
  EXPECT_EQ(x::to_utf8("Gr\xFC\xDF" "e", "text/html; charset=ISO-8859-1", &cs), "Gr\xC3\xBC\xC3\x9F" "e");
  EXPECT_EQ(cs, "windows-1252"); // the WHATWG decoder for the Latin-1 labels
  const std::string in = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">Gr\xFC\xDF" "e";
  EXPECT_EQ(x::to_utf8(in, "", &cs), "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">Gr\xC3\xBC\xC3\x9F" "e");
}

TEST(ToUtf8, ShiftJis) {
  std::string cs;
  const std::string in = "<meta charset=\"Shift_JIS\"><p>\x93\xFA\x96\x7B\x8C\xEA\x82\xCC\x83\x6A\x83\x85\x81\x5B\x83\x58</p>";
  EXPECT_EQ(x::to_utf8(in, "", &cs), "<meta charset=\"Shift_JIS\"><p>日本語のニュース</p>");
  EXPECT_EQ(cs, "Shift_JIS");
}

TEST(ToUtf8, Utf16WithBom) {
  std::string cs;
  const std::string le("\xFF\xFE<\0p\0>\0\xE5\x65\x2C\x67\x9E\x8A", 14);
  EXPECT_EQ(x::to_utf8(le, "", &cs), "<p>日本語");
  EXPECT_EQ(cs, "UTF-16LE");
  const std::string be("\xFE\xFF\0<\0p\0>\x65\xE5", 10);
  EXPECT_EQ(x::to_utf8(be, "", &cs), "<p>日");
  EXPECT_EQ(cs, "UTF-16BE");
  // A UTF-8 BOM is removed.
  EXPECT_EQ(x::to_utf8("\xEF\xBB\xBFhello", "", &cs), "hello");
  EXPECT_EQ(cs, "UTF-8");
}

TEST(ToUtf8, InvalidUtf8) {
  std::string cs;
  // Not UTF-8 at all and undeclared: windows-1252.
  EXPECT_EQ(x::to_utf8("na\xEFve caf\xE9", "", &cs), "na\xC3\xAFve caf\xC3\xA9");
  EXPECT_EQ(cs, "windows-1252");
  // UTF-8 with one corrupt byte: repaired with U+FFFD.
  EXPECT_EQ(x::to_utf8("caf\xC3\xA9 \xFF ok \xE2\x82\xAC", "", &cs), "caf\xC3\xA9 \xEF\xBF\xBD ok \xE2\x82\xAC");
  EXPECT_EQ(cs, "UTF-8");
  // Valid UTF-8 mislabelled as Latin-1 stays UTF-8.
  EXPECT_EQ(x::to_utf8("caf\xC3\xA9", "text/html; charset=iso-8859-1", &cs), "caf\xC3\xA9");
  EXPECT_EQ(cs, "UTF-8");
}

TEST(ToUtf8, ArticleCharsetIsReported) {
  std::string page = article_page();
  page.replace(page.find("<meta charset=\"utf-8\">"), 22, "<meta charset=\"iso-8859-1\">");
  page.insert(page.find("</div></article>"), "<p>Caf\xE9 society reacted with na\xEFve joy to the budget and the harbour.</p>");
  const x::Article a = x::extract_article(page);
  EXPECT_EQ(a.charset, "windows-1252");
  EXPECT_TRUE(contains(a.body, "Caf\xC3\xA9 society reacted with na\xC3\xAFve joy"));
}

// ---- Robustness ---------------------------------------------------------------------------

TEST(ExtractRobustness, DeeplyNestedDivsComplete) {
  std::string page = "<html><body>";
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "<p>" + prose(1) + "</p><p>" + prose(2) + "</p>";
  for (int i = 0; i < 100000; ++i) page += "</div>";
  page += "</body></html>";
  const auto t0 = std::chrono::steady_clock::now();
  x::Options o;
  o.max_bytes = 64u << 20;
  try {
    const x::Article a = x::extract_article(page, o);
    EXPECT_TRUE(contains(a.body, "council voted"));
  } catch (const x::ExtractError&) {
    // refusing is acceptable; crashing or hanging is not
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 20.0);
}

TEST(ExtractRobustness, HostileNestingPatternsComplete) {
  const char* openers[] = {"<b>", "<a href=x>", "<table><tr><td>", "<ul><li>", "<font color=red>", "<span>", "<p><i>",
                           "<div><b><i><u><s>x</div>", "<select><option>", "<svg><g>", "<template>", "<math><mi>"};
  for (const char* o : openers) {
    std::string page = "<html><body>";
    for (int i = 0; i < 30000; ++i) page += o;
    page += "<p>" + prose(1) + "</p>";
    const auto t0 = std::chrono::steady_clock::now();
    try {
      (void)x::extract_article(page);
    } catch (const x::ExtractError&) {
    }
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 20.0) << o;
  }
}

TEST(ExtractRobustness, BinaryJunkIsRefused) {
  std::string junk;
  std::uint32_t s = 12345;
  for (int i = 0; i < 20000; ++i) {
    s = s * 1103515245u + 12345u;
    junk.push_back(static_cast<char>(s >> 16));
  }
  EXPECT_THROW(x::extract_article(junk), x::ExtractError);
  try {
    x::extract_article(junk);
  } catch (const x::ExtractError& e) {
    EXPECT_TRUE(contains(e.what(), "binary")) << e.what();
  }
  EXPECT_THROW(x::extract_article(std::string("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj") + junk), x::ExtractError);
  EXPECT_THROW(x::extract_article(std::string("\x89PNG\r\n\x1A\n") + junk), x::ExtractError);
}

TEST(ExtractRobustness, PageWithoutArticleIsRefused) {
  for (const std::string& page : {std::string(""), std::string("   \n "), std::string("<html><head><title>x</title></head><body></body></html>"),
                                 std::string("<html><body><nav><a href=/>Home</a> <a href=/a>About</a></nav></body></html>")}) {
    try {
      x::extract_article(page);
      ADD_FAILURE() << "no error for: " << page;
    } catch (const x::ExtractError& e) {
      EXPECT_TRUE(contains(e.what(), "no article text found")) << e.what();
    }
  }
}

TEST(ExtractRobustness, PageOverMaxBytesIsRefused) {
  x::Options o;
  o.max_bytes = 1000;
  const std::string page = article_page();
  ASSERT_GT(page.size(), 1000u);
  EXPECT_THROW(x::extract_article(page, o), x::ExtractError);
  o.max_bytes = page.size();
  EXPECT_NO_THROW(x::extract_article(page, o));
}
