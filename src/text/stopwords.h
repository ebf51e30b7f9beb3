// English function words: the words a synonym spinner leaves alone, and that
// carry no topic. Shared by the runtime (text/canonical.cpp) and the build-time
// synonym-table generator (text/make_synonyms.cpp), so both agree on what is a
// content word. The list is our own: articles, pronouns, auxiliaries and modals,
// prepositions, conjunctions and common adverbs of degree, in their folded forms
// (apostrophes are ASCII after text::normalize; ICU keeps "don't" as one word).
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace stemma::text::detail {

inline constexpr std::array<std::string_view, 181> kEnglishStopwords = {
    "'s", "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "can't", "cannot", "could", "couldn't", "d", "did", "didn't", "do", "does", "doesn't", "doing", "don't",
    "down", "during", "each", "either", "even", "ever", "few", "for", "from", "further", "had", "hadn't", "has",
    "hasn't", "have", "haven't", "having", "he", "he's", "her", "here", "hers", "herself", "him", "himself", "his",
    "how", "i", "i'm", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let's", "ll", "m",
    "may", "me", "might", "more", "most", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off",
    "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "re", "s",
    "same", "shall", "she", "she's", "should", "shouldn't", "so", "some", "such", "t", "than", "that", "that's",
    "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they're", "this",
    "those", "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "ve", "very", "was",
    "wasn't", "we", "we're", "were", "weren't", "what", "what's", "when", "where", "whether", "which", "while",
    "who", "who's", "whom", "whose", "why", "will", "with", "within", "without", "won't", "would", "wouldn't",
    "yet", "you", "you're", "your", "yours", "yourself", "yourselves"};

// The list above is sorted (checked by a unit test), so lookup is a binary search.
inline bool is_english_stopword(std::string_view folded) {
  return std::binary_search(kEnglishStopwords.begin(), kEnglishStopwords.end(), folded);
}

} // namespace stemma::text::detail
