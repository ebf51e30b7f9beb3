#include "text/stopwords.h"
#include "text/text.h"

#include <libstemmer.h>
#include <xxhash.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace stemma::text {
namespace detail {
// The generated table (text/make_synonyms.cpp): sorted stem hashes and their class ids.
extern const std::size_t kSynonymEntries;
extern const std::size_t kSynonymClasses;
extern const std::uint64_t kSynonymStemHashes[];
extern const std::uint32_t kSynonymClassIds[];
} // namespace detail

namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// Snowball stemmers keep state between calls: one per thread.
sb_stemmer& english_stemmer() {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> s(sb_stemmer_new("english", nullptr));
  if (!s) throw std::runtime_error("Snowball English stemmer unavailable");
  return *s;
}

// Class keys live in their own region of the 64-bit space, away from stem hashes.
constexpr std::uint64_t kClassKeyBase = 0x5EC0'0000'0000'0000ULL;

bool has_letter(std::string_view form) {
  return std::any_of(form.begin(), form.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || u >= 0x80;
  });
}

// The synonym class of a stem, if WordNet gives it one.
std::optional<std::uint32_t> class_of_stem(std::string_view stem_form) {
  const std::uint64_t h = XXH3_64bits(stem_form.data(), stem_form.size());
  const std::uint64_t* end = detail::kSynonymStemHashes + detail::kSynonymEntries;
  const std::uint64_t* it = std::lower_bound(detail::kSynonymStemHashes, end, h);
  if (it == end || *it != h) return std::nullopt;
  return detail::kSynonymClassIds[it - detail::kSynonymStemHashes];
}

} // namespace

bool is_stopword(std::string_view form) { return detail::is_english_stopword(form); }

std::string stem(std::string_view form) {
  sb_stemmer& s = english_stemmer();
  const sb_symbol* out = sb_stemmer_stem(&s, reinterpret_cast<const sb_symbol*>(form.data()), static_cast<int>(form.size()));
  if (out == nullptr) return std::string(form); // out of memory in the stemmer: the word as it is
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(&s)));
}

std::optional<std::uint32_t> synonym_class(std::string_view form) { return class_of_stem(stem(form)); }

std::size_t synonym_class_count() { return detail::kSynonymClasses; }

namespace {

Canonical compute_canonical(std::string_view form, std::uint64_t exact_hash) {
  if (is_stopword(form)) return {exact_hash, true};
  if (!has_letter(form)) return {exact_hash, false}; // numbers are compared exactly
  const std::string s = stem(form);
  if (const auto c = class_of_stem(s)) return {kClassKeyBase + *c, false};
  return {XXH3_64bits(s.data(), s.size()), false};
}

} // namespace

Canonical canonical(std::string_view form, std::uint64_t exact_hash) {
  // Stemming and the synonym lookup are most of the cost of analysing a text, and news
  // vocabulary is Zipfian: a direct-mapped memo per thread (16,384 words, a few hundred KB)
  // answers most words without them. A slot matches on the form itself, so it only saves work.
  struct Slot {
    std::uint64_t hash = 0;
    std::string form;
    Canonical value;
    bool used = false;
  };
  constexpr std::size_t kSlots = 1u << 14;
  thread_local std::unique_ptr<Slot[]> memo(new Slot[kSlots]);
  Slot& slot = memo[(exact_hash ^ (exact_hash >> 29)) & (kSlots - 1)];
  if (slot.used && slot.hash == exact_hash && slot.form == form) return slot.value;
  const Canonical value = compute_canonical(form, exact_hash);
  slot.hash = exact_hash;
  slot.form.assign(form);
  slot.value = value;
  slot.used = true;
  return value;
}

} // namespace stemma::text
