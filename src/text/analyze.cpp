#include "text/text.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>
#include <xxhash.h>

#include <memory>
#include <stdexcept>

namespace stemma::text {
namespace {

// Break iterators are expensive to create and not thread-safe: one per thread.
icu::BreakIterator& word_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU word break iterator unavailable");
    return bi;
  }();
  return *it;
}

icu::BreakIterator& sentence_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU sentence break iterator unavailable");
    return bi;
  }();
  return *it;
}

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

std::unique_ptr<UText, UTextCloser> open_utf8(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  UText* t = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU could not open text");
  return std::unique_ptr<UText, UTextCloser>(t);
}

bool is_ascii(std::string_view s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// The normalised form of one word token. ASCII words (the common case) only
// need lower-casing, which is what NFKC_Casefold does to them.
std::string token_form(std::string_view word) {
  if (is_ascii(word)) {
    std::string out(word);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  return normalize(word);
}

} // namespace

Analysis analyze(std::string_view utf8) {
  if (utf8.size() > 0xFFFFFFF0u) throw std::length_error("text larger than 4 GiB");
  Analysis out;
  auto ut = open_utf8(utf8);
  UErrorCode status = U_ZERO_ERROR;

  icu::BreakIterator& sentences = sentence_iterator();
  sentences.setText(ut.get(), status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU sentence segmentation failed");
  for (int32_t start = sentences.first(), end = sentences.next(); end != icu::BreakIterator::DONE;
       start = end, end = sentences.next()) {
    out.sentences.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end), 0, 0});
  }

  icu::BreakIterator& words = word_iterator();
  status = U_ZERO_ERROR;
  words.setText(ut.get(), status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU word segmentation failed");
  out.tokens.reserve(utf8.size() / 6);
  out.forms.reserve(utf8.size() / 6);
  std::uint32_t sentence = 0;
  for (int32_t start = words.first(), end = words.next(); end != icu::BreakIterator::DONE;
       start = end, end = words.next()) {
    if (words.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue; // spaces, punctuation
    const auto b = static_cast<std::uint32_t>(start);
    const auto e = static_cast<std::uint32_t>(end);
    while (sentence + 1 < out.sentences.size() && out.sentences[sentence].end <= b) ++sentence;
    std::string form = token_form(utf8.substr(b, e - b));
    const std::uint64_t hash = XXH3_64bits(form.data(), form.size());
    if (!out.sentences.empty()) {
      Sentence& s = out.sentences[sentence];
      if (s.token_count == 0) s.first_token = static_cast<std::uint32_t>(out.tokens.size());
      ++s.token_count;
    }
    const Canonical canon = canonical(form, hash);
    out.tokens.push_back({b, e, sentence, canon.stopword, hash, canon.key});
    out.forms.push_back(std::move(form));
  }
  return out;
}

} // namespace stemma::text
