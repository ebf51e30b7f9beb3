#include "claims/internal.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>

namespace stemma::claims {

const char* to_string(SpeakerKind kind) {
  switch (kind) {
    case SpeakerKind::person: return "person";
    case SpeakerKind::organisation: return "organisation";
    case SpeakerKind::anonymous: return "anonymous";
    case SpeakerKind::unknown: return "unknown";
  }
  return "unknown";
}

namespace detail {

Doc::Doc(std::string_view b, const text::Analysis& analysis, const Lexicon& lexicon)
    : body(b), an(analysis), lex(lexicon), quotes(text::quotation_spans(b)), quote_of(analysis.tokens.size(), -1) {
  std::size_t q = 0;
  for (std::size_t i = 0; i < an.tokens.size(); ++i) {
    const auto& t = an.tokens[i];
    while (q < quotes.size() && quotes[q].end <= t.begin) ++q;
    if (q < quotes.size() && quotes[q].begin <= t.begin && t.end <= quotes[q].end) quote_of[i] = static_cast<int>(q);
  }
}

std::size_t Doc::sentence_end(std::size_t i) const {
  const auto& s = an.sentences[an.tokens[i].sentence];
  return s.first_token + s.token_count;
}

std::string_view Doc::gap_before(std::size_t i) const {
  const std::uint32_t end = an.tokens[i].begin;
  const std::uint32_t begin = i == 0 ? 0 : an.tokens[i - 1].end;
  return body.substr(begin, end - begin);
}

bool Doc::boundary_before(std::size_t i) const {
  if (i == 0 || sentence(i) != sentence(i - 1)) return true;
  const std::string_view g = gap_before(i);
  // A full stop inside one sentence is an abbreviation's ("U.S. officials").
  if (g.find_first_of(",;:!?\"()[]\n") != std::string_view::npos) return true;
  // Typographic quotes and dashes (UTF-8 E2 80 9x).
  for (std::size_t k = 0; k + 2 < g.size(); ++k)
    if (g[k] == '\xE2' && g[k + 1] == '\x80' && (static_cast<unsigned char>(g[k + 2]) >= 0x93 && static_cast<unsigned char>(g[k + 2]) <= 0x9F))
      return true;
  return false;
}

bool Doc::capitalised(std::size_t i) const {
  const std::string_view r = raw(i);
  if (r.empty()) return false;
  std::size_t k = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(r.data()), k, static_cast<std::int32_t>(r.size()), c);
  return c > 0 && u_isupper(c);
}

bool Doc::acronym(std::size_t i) const {
  const std::string_view r = raw(i);
  std::size_t letters = 0;
  for (const char c : r) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    letters += std::isupper(static_cast<unsigned char>(c)) != 0;
  }
  return letters >= 2;
}

bool Doc::sentence_initial(std::size_t i) const {
  if (i == 0 || sentence(i) != sentence(i - 1)) return true;
  // After an opening quote, a colon or a new line, a capital starts a sentence too.
  const std::string_view g = gap_before(i);
  return g.find_first_of(":\n") != std::string_view::npos || g.find('"') != std::string_view::npos ||
         g.find("\u201C") != std::string_view::npos || g.find("\u201D") != std::string_view::npos;
}

bool Doc::is_number(std::size_t i) const {
  const std::string& f = form(i);
  if (!f.empty() && std::isdigit(static_cast<unsigned char>(f[0]))) return true;
  return lex.number_words.contains(f) && !(f == "one" || f == "first" || f == "second" || f == "half");
}

std::string Doc::text_of(std::size_t first, std::size_t last) const {
  if (first >= last) return {};
  return std::string(body.substr(an.tokens[first].begin, an.tokens[last - 1].end - an.tokens[first].begin));
}

text::Span Doc::span_of(std::size_t first, std::size_t last) const {
  if (first >= last) {
    const std::uint32_t at = first < size() ? an.tokens[first].begin : static_cast<std::uint32_t>(body.size());
    return {at, at};
  }
  return {an.tokens[first].begin, an.tokens[last - 1].end};
}

bool Doc::is_month(std::size_t i) const {
  if (!lex.months.contains(form(i))) return false;
  if (form(i) == "may" || form(i) == "march") return capitalised(i) && !sentence_initial(i);
  return capitalised(i);
}

bool Doc::is_date_word(std::size_t i) const {
  return is_month(i) || lex.weekdays.contains(form(i)) || match(lex.relative_dates, i) > 0;
}

SpeakerKind speaker_kind(const Doc& d, std::size_t first, std::size_t last) {
  if (first >= last) return SpeakerKind::unknown;
  bool anonymous_word = false, org = false, title = false, outlet = false;
  std::size_t names = 0; // capitalised words that are not acronyms
  for (std::size_t i = first; i < last; ++i) {
    anonymous_word |= d.match(d.lex.anonymous, i) > 0;
    org |= d.match(d.lex.organisation_words, i) > 0;
    outlet |= d.match(d.lex.outlet_words, i) > 0 && d.capitalised(i);
    title |= d.match(d.lex.person_titles, i) > 0 && d.capitalised(i);
    if (d.capitalised(i) && !d.acronym(i) && !(i == first && d.sentence_initial(i) && d.lex.anonymous_determiners.contains(d.form(i))))
      ++names;
  }
  // A name after the anonymous word ("Foreign Office spokesman John Smith") makes it a person.
  std::size_t trailing_names = 0;
  for (std::size_t i = last; i > first && d.capitalised(i - 1) && !d.acronym(i - 1); --i) ++trailing_names;
  if (title && (trailing_names >= 1 || !anonymous_word)) return SpeakerKind::person;
  if (anonymous_word) {
    if (trailing_names >= 2 && !org) return SpeakerKind::person;
    return SpeakerKind::anonymous;
  }
  if (org || outlet) return SpeakerKind::organisation;
  const bool acronym_only = [&] {
    for (std::size_t i = first; i < last; ++i)
      if (d.acronym(i)) return true;
    return false;
  }();
  if (d.lex.anonymous_determiners.contains(d.form(first)) && d.form(first) == "the" && names >= 1) return SpeakerKind::organisation;
  if (names >= 1) return SpeakerKind::person;
  if (acronym_only) return SpeakerKind::organisation;
  return SpeakerKind::unknown;
}

} // namespace detail

namespace {

using detail::Doc;

struct Cue {
  std::size_t first = 0, last = 0; // tokens [first, last)
  bool preposition = false;        // "according to"
  bool addressee = false;          // "told"
  bool used = false;
};

// Words that end a speaker phrase when walking back from the cue.
bool stops_phrase(const Doc& d, std::size_t i) {
  static const char* const stops[] = {"that", "and", "but", "which", "who", "when", "because", "while", "as", "if", "so", "than", "where"};
  for (const char* s : stops)
    if (d.form(i) == s) return true;
  return false;
}

// Auxiliaries and adverbs between a speaker and the cue ("has repeatedly said").
bool skippable(const Doc& d, std::size_t i) {
  static const char* const words[] = {"has", "have", "had", "was", "were", "is", "are", "also", "later", "previously", "earlier",
                                      "repeatedly", "then", "again", "reportedly", "allegedly", "once", "yesterday", "today", "publicly",
                                      "privately", "recently", "would", "will", "had", "has", "never", "always", "reportedly"};
  for (const char* w : words)
    if (d.form(i) == w) return true;
  return false;
}

// Words after the cue that are not part of a following speaker ("said on Friday").
bool ends_after_phrase(const Doc& d, std::size_t i) {
  static const char* const words[] = {"on", "in", "at", "yesterday", "today", "last", "this", "that", "during", "after", "before",
                                      "while", "when", "tonight", "earlier", "later", "of", "to", "in", "about"};
  for (const char* w : words)
    if (d.form(i) == w) return true;
  return d.lex.weekdays.contains(d.form(i));
}

struct Phrase {
  std::size_t first = 0, last = 0;
  bool empty() const { return first >= last; }
};

Phrase speaker_before_plain(const Doc& d, std::size_t cue_first);

// "The union's general secretary, Mick Lynch, said" / "Lena Hartsfield, chief of ..., said": the
// speaker is the comma-delimited phrase before the cue, or the name before it when that phrase is a role.
Phrase speaker_before(const Doc& d, std::size_t cue_first) {
  const Phrase plain = speaker_before_plain(d, cue_first);
  if (!plain.empty() || cue_first == 0 || d.sentence(cue_first - 1) != d.sentence(cue_first) ||
      d.gap_before(cue_first).find(',') == std::string_view::npos || d.in_quote(cue_first - 1))
    return plain;
  Phrase a{cue_first - 1, cue_first};
  while (a.first > 0 && !d.boundary_before(a.first) && cue_first - a.first < 8) --a.first;
  if (!d.boundary_before(a.first) || a.first == 0 || d.gap_before(a.first).find(',') == std::string_view::npos) return {};
  // A post-nominal between commas ("Judge Geoffrey Rivlin, QC, told") is a role: the name is before it.
  const bool post_nominal = a.last == a.first + 1 && d.acronym(a.first) && d.raw(a.first).size() <= 3;
  if ((!d.capitalised(a.first) || post_nominal) && a.first > 0) {
    Phrase b{a.first - 1, a.first};
    while (b.first > 0 && !d.boundary_before(b.first) && a.first - b.first < 6) --b.first;
    if (d.capitalised(b.first) && !d.in_quote(b.first)) return b;
  }
  return a;
}

Phrase speaker_before_plain(const Doc& d, std::size_t cue_first) {
  if (cue_first == 0) return {};
  std::size_t end = cue_first;
  while (end > 0 && !d.boundary_before(end) && !d.in_quote(end - 1) && skippable(d, end - 1) &&
         d.sentence(end - 1) == d.sentence(cue_first))
    --end;
  if (end == 0 || d.boundary_before(end) || d.in_quote(end - 1)) return {};
  std::size_t first = end - 1;
  if (stops_phrase(d, first)) return {};
  for (int n = 1; n < 9 && first > 0; ++n) {
    if (d.boundary_before(first) || d.in_quote(first - 1) || stops_phrase(d, first - 1)) break;
    --first;
  }
  // A verb-less subject longer than eight words is probably a clause, not a speaker.
  if (end - first >= 9) first = end - 3;
  return {first, end};
}

Phrase speaker_after(const Doc& d, std::size_t cue_last) {
  std::size_t i = cue_last;
  if (i >= d.size() || d.boundary_before(i) || d.in_quote(i)) return {};
  const std::size_t first = i;
  while (i < d.size() && i - first < 8 && !d.in_quote(i) && (i == first || !d.boundary_before(i)) && !ends_after_phrase(d, i) &&
         !stops_phrase(d, i))
    ++i;
  if (i == first) return {};
  return {first, i};
}

bool pronoun(const Doc& d, const Phrase& p) { return p.last == p.first + 1 && d.lex.pronouns.contains(d.form(p.first)); }

bool plausible_speaker(const Doc& d, const Phrase& p) {
  if (p.empty()) return false;
  if (pronoun(d, p)) return true;
  for (std::size_t i = p.first; i < p.last; ++i)
    if ((d.capitalised(i) && !(i == p.first && d.sentence_initial(i) && d.lex.anonymous_determiners.contains(d.form(i)))) ||
        d.match(d.lex.anonymous, i) || d.match(d.lex.organisation_words, i) || d.match(d.lex.person_titles, i))
      return true;
  // "the victim's mother", "a neighbour": a short phrase opened by a determiner.
  const std::string& f = d.form(p.first);
  return (f == "a" || f == "an" || f == "the") && p.last - p.first <= 4;
}

bool outlet_like(const Doc& d, const Phrase& p) {
  if (p.empty()) return false;
  bool cap = false, outlet = false;
  for (std::size_t i = p.first; i < p.last; ++i) {
    cap |= d.capitalised(i);
    outlet |= d.match(d.lex.outlet_words, i) > 0;
    if (d.match(d.lex.person_titles, i) && d.capitalised(i)) return false;
  }
  return cap && outlet;
}

// Strips a trailing "that" and leading "that" from a claim range.
Phrase claim_after(const Doc& d, std::size_t from) {
  if (from >= d.size()) return {};
  std::size_t first = from;
  if (first < d.size() && d.form(first) == "that") ++first;
  if (first >= d.size() || d.sentence(first) != d.sentence(from)) return {};
  return {first, d.sentence_end(from)};
}

std::size_t paragraph_of(std::string_view body, std::uint32_t offset, const std::vector<std::uint32_t>& breaks) {
  (void)body;
  return static_cast<std::size_t>(std::upper_bound(breaks.begin(), breaks.end(), offset) - breaks.begin());
}

} // namespace

std::vector<Claim> extract_claims(std::string_view body, const text::Analysis& analysis, const Lexicon& lex) {
  Doc d(body, analysis, lex);
  std::vector<Claim> claims;
  if (d.size() == 0) return claims;

  std::vector<std::uint32_t> breaks; // offsets of new lines (paragraph ends)
  for (std::size_t i = 0; i < body.size(); ++i)
    if (body[i] == '\n') breaks.push_back(static_cast<std::uint32_t>(i));

  // Cues outside quotation marks.
  std::vector<Cue> cues;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d.in_quote(i)) continue;
    if (const std::size_t n = d.match(lex.cue_prepositions, i)) {
      cues.push_back({i, i + n, true, false});
      i += n - 1;
    } else if (const std::size_t m = d.match(lex.cue_verbs, i); m && !(d.capitalised(i) && !d.sentence_initial(i))) {
      cues.push_back({i, i + m, false, d.match(lex.addressee_verbs, i) > 0});
      i += m - 1;
    }
  }

  // Relay sentences: "As The Washington Examiner reports:", "Politico adds:".
  struct Relay {
    Outlet outlet;
    std::size_t paragraph;
  };
  std::vector<Relay> relays;
  for (const auto& s : analysis.sentences) {
    if (s.token_count == 0 || s.token_count > 9) continue;
    const std::size_t first = s.first_token, last = s.first_token + s.token_count;
    const std::size_t verb = last - 1;
    if (!d.match(lex.relay_verbs, verb)) continue;
    const std::string_view tail = body.substr(analysis.tokens[verb].end, s.begin + (s.end - s.begin) - analysis.tokens[verb].end);
    const bool colon = tail.find(':') != std::string_view::npos;
    const std::size_t np_first = d.form(first) == "as" ? first + 1 : first;
    if (!colon && np_first == first) continue;
    Phrase np{np_first, verb};
    if (np.empty() || !d.capitalised(np.first)) continue;
    relays.push_back({{d.text_of(np.first, np.last), d.span_of(np.first, np.last), "relay"},
                      paragraph_of(body, analysis.tokens[verb].end, breaks)});
  }

  const auto make_claim = [&](Cue& cue, Phrase speaker, Phrase addressee, text::Span span, bool direct) {
    Claim c;
    c.cue = d.text_of(cue.first, cue.last);
    c.cue_span = d.span_of(cue.first, cue.last);
    c.direct = direct;
    c.span = span;
    if (!speaker.empty()) {
      c.speaker = d.text_of(speaker.first, speaker.last);
      c.speaker_span = d.span_of(speaker.first, speaker.last);
      if (pronoun(d, speaker)) {
        const std::string& f = d.form(speaker.first);
        for (auto it = claims.rbegin(); it != claims.rend(); ++it) {
          const bool fits = (f == "he" || f == "she" || f == "i") ? it->kind == SpeakerKind::person
                            : f == "it"                             ? it->kind == SpeakerKind::organisation
                                                                    : it->kind != SpeakerKind::unknown;
          if (fits) {
            c.speaker = it->speaker;
            c.kind = it->kind;
            c.resolved = true;
            break;
          }
        }
      } else {
        c.kind = detail::speaker_kind(d, speaker.first, speaker.last);
      }
    }
    if (!addressee.empty() && outlet_like(d, addressee))
      c.chain.push_back({d.text_of(addressee.first, addressee.last), d.span_of(addressee.first, addressee.last), "told"});
    cue.used = true;
    return c;
  };

  const auto token_at_or_after = [&](std::uint32_t offset) {
    return static_cast<std::size_t>(
        std::lower_bound(analysis.tokens.begin(), analysis.tokens.end(), offset, [](const text::Token& t, std::uint32_t o) { return t.begin < o; }) -
        analysis.tokens.begin());
  };

  // Speaker and addressee around a verb cue.
  const auto around = [&](const Cue& cue, Phrase& speaker, Phrase& addressee) {
    if (cue.preposition) {
      speaker = speaker_after(d, cue.last);
      return;
    }
    speaker = speaker_before(d, cue.first);
    // "CLAUSE, said Mr Fitzgerald.": a name after the cue that ends the sentence is the speaker,
    // whatever the clause before the comma looks like.
    if (!cue.addressee && cue.first > 0 && d.gap_before(cue.first).find(',') != std::string_view::npos) {
      const Phrase after = speaker_after(d, cue.last);
      if (!after.empty() && after.last == d.sentence_end(cue.first) && plausible_speaker(d, after) && d.capitalised(after.first)) {
        speaker = after;
        return;
      }
    }
    if (cue.addressee) {
      addressee = speaker_after(d, cue.last);
      if (!plausible_speaker(d, speaker)) speaker = {};
      return;
    }
    if (!plausible_speaker(d, speaker)) {
      const Phrase after = speaker_after(d, cue.last);
      speaker = plausible_speaker(d, after) ? after : Phrase{};
    }
  };

  // Direct quotes.
  for (std::size_t qi = 0; qi < d.quotes.size(); ++qi) {
    const text::Span q = d.quotes[qi];
    const std::size_t qa = token_at_or_after(q.begin);
    const std::size_t qb = token_at_or_after(q.end); // first token after the quote
    if (qa >= qb) continue;
    const std::size_t words = qb - qa;
    Cue* chosen = nullptr;
    // After the quote: ", he said." / ", said Mr Smith."
    for (std::size_t i = qb, n = 0; i < d.size() && n < 12; ++i, ++n) {
      if (d.in_quote(i)) break;
      const std::string_view gap = d.gap_before(i);
      if (i == qb) {
        const bool new_sentence = gap.find_first_of(".!?") != std::string_view::npos && d.capitalised(i);
        if (new_sentence || gap.find('\n') != std::string_view::npos) break;
      } else if (gap.find_first_of(".!?\n") != std::string_view::npos) {
        break;
      }
      const auto it = std::find_if(cues.begin(), cues.end(), [&](const Cue& c) { return c.first == i; });
      if (it != cues.end()) {
        chosen = &*it;
        break;
      }
    }
    // Before the quote: 'X said: "...' / 'X told Politico "...'
    if (!chosen && qa > 0) {
      for (std::size_t i = qa; i-- > 0;) {
        if (d.in_quote(i) || qa - i > 14) break;
        const std::string_view gap = d.gap_before(i + 1);
        if (i + 1 < qa && gap.find_first_of(".!?\n") != std::string_view::npos) break;
        if (i + 1 == qa && gap.find('\n') != std::string_view::npos) break;
        const auto it = std::find_if(cues.begin(), cues.end(), [&](const Cue& c) { return c.first <= i && i < c.last; });
        if (it != cues.end()) {
          chosen = &*it;
          break;
        }
      }
    }
    if (chosen) {
      Phrase speaker, addressee;
      around(*chosen, speaker, addressee);
      if (speaker.empty() && chosen->first >= qb) speaker = speaker_after(d, chosen->last); // '," said the minister'
      claims.push_back(make_claim(*chosen, speaker, addressee, q, true));
      continue;
    }
    // A quote with no cue of its own continues the previous quote's speaker ("...," he said. "More.")
    if (words >= 3 && !claims.empty() && claims.back().direct && !claims.back().speaker.empty() &&
        paragraph_of(body, q.begin, breaks) <= paragraph_of(body, claims.back().span.end, breaks) + 1) {
      Claim c;
      c.speaker = claims.back().speaker;
      c.speaker_span = claims.back().speaker_span;
      c.kind = claims.back().kind;
      c.chain = claims.back().chain;
      c.resolved = true;
      c.direct = true;
      c.span = q;
      claims.push_back(std::move(c));
    }
  }

  // Indirect speech: cues no quote took.
  for (auto& cue : cues) {
    if (cue.used) continue;
    Phrase speaker, addressee;
    around(cue, speaker, addressee);
    if (speaker.empty()) continue;
    const auto& sent = analysis.sentences[d.sentence(cue.first)];
    const std::size_t s_first = sent.first_token, s_last = sent.first_token + sent.token_count;
    Phrase claim;
    if (cue.preposition) {
      if (cue.first == s_first || (cue.first > s_first && d.boundary_before(cue.first) && speaker.last < s_last)) {
        claim = {speaker.last, s_last}; // "According to X, CLAUSE."
        if (cue.first != s_first) claim = {s_first, cue.first};
      } else {
        claim = {s_first, cue.first}; // "CLAUSE, according to X."
      }
    } else if (speaker.first > cue.first) {
      claim = {s_first, cue.first}; // "CLAUSE, said X."
    } else {
      const std::size_t after = addressee.empty() ? cue.last : addressee.last;
      claim = claim_after(d, after); // "X said (that) CLAUSE."
      // Nothing after the cue in its own sentence ("CLAUSE, X said.\n\nNext."): not the next sentence.
      if (claim.last > claim.first && d.sentence(claim.first) != d.sentence(cue.first)) claim = {};
      if (claim.last - std::min(claim.first, claim.last) < 3 && speaker.first > s_first) claim = {s_first, speaker.first}; // "CLAUSE, X said."
    }
    // A claim does not run across a paragraph break ("As X reports:\n\n...").
    for (std::size_t t = claim.first > cue.first ? claim.first : claim.first + 1; t < claim.last; ++t)
      if (d.gap_before(t).find('\n') != std::string_view::npos) {
        if (t <= cue.first) claim.first = t;
        else {
          claim.last = t;
          break;
        }
      }
    if (claim.last <= claim.first || claim.last - claim.first < 3) continue;
    if (d.in_quote(claim.first) && d.in_quote(claim.last - 1)) continue;
    claims.push_back(make_claim(cue, speaker, addressee, d.span_of(claim.first, claim.last), false));
  }

  std::erase_if(claims, [](const Claim& c) { return c.speaker.empty(); });
  std::sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) { return a.span.begin < b.span.begin; });

  // Pronouns ("he said") take the nearest earlier named speaker of a fitting kind, indirect claims included.
  for (std::size_t k = 0; k < claims.size(); ++k) {
    auto& c = claims[k];
    std::string f = c.speaker;
    for (char& ch : f) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (c.resolved || !lex.pronouns.contains(f)) continue;
    for (std::size_t j = k; j-- > 0;) {
      const auto& o = claims[j];
      if (lex.pronouns.contains(o.speaker)) continue;
      const bool fits = (f == "he" || f == "she" || f == "i") ? o.kind == SpeakerKind::person
                        : f == "it"                             ? o.kind == SpeakerKind::organisation
                                                                : o.kind != SpeakerKind::unknown;
      if (fits) {
        c.speaker = o.speaker;
        c.kind = o.kind;
        c.resolved = true;
        break;
      }
    }
  }

  // Other outlets of the claim's sentence ("..., according to Reuters"), relays, and hedges.
  for (auto& c : claims) {
    const std::uint32_t lo = std::min({c.span.begin, c.speaker_span.end ? c.speaker_span.begin : c.span.begin, c.cue_span.end ? c.cue_span.begin : c.span.begin});
    const std::uint32_t hi = std::max({c.span.end, c.speaker_span.end, c.cue_span.end});
    for (const auto& cue : cues) {
      if (!cue.preposition || analysis.tokens[cue.first].begin < lo || analysis.tokens[cue.first].begin > hi + 2) continue;
      if (analysis.tokens[cue.first].begin == c.cue_span.begin) continue;
      const Phrase np = speaker_after(d, cue.last);
      if (outlet_like(d, np)) c.chain.push_back({d.text_of(np.first, np.last), d.span_of(np.first, np.last), "according to"});
    }
    const std::size_t para = paragraph_of(body, c.span.begin, breaks);
    for (auto it = relays.rbegin(); it != relays.rend(); ++it)
      if (it->outlet.span.end <= c.span.begin && para <= it->paragraph + 2 && para >= it->paragraph) {
        c.chain.push_back(it->outlet);
        break;
      }
    for (std::size_t i = token_at_or_after(lo); i < d.size() && analysis.tokens[i].begin < hi; ++i)
      if (const std::size_t n = d.match(lex.hedges, i)) {
        if (lex.months.contains(d.form(i)) && d.capitalised(i) && !d.sentence_initial(i)) continue; // "May"
        c.hedges.push_back({d.text_of(i, i + n), d.span_of(i, i + n)});
        i += n - 1;
      }
  }
  return claims;
}

} // namespace stemma::claims
