// Build-time generator: pairs of Snowball stems that WordNet 3.0 (Debian
// wordnet-base) lists in one synset, where the synset is among the first
// three senses of at least one of them; written as a sorted table of 64-bit
// hashes for claims' spin check. text::canonical's synonym classes are capped
// and transitive (a word has one class), so many thesaurus swaps a spinner
// makes fall outside them; this pairwise table is what tells "a word swapped
// for a synonym" (spinning, not a change of meaning) from "a word changed"
// inside quotes, speakers and headlines. No Debian library offers this lookup.
// Usage: stemma_make_synonym_pairs WORDNET_DIR OUT.cpp
#include "text/wordnet_files.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

constexpr int kSenses = 3;
constexpr std::size_t kMaxSynset = 32; // "lot, heap, muckle, passel, ..." has 27 members

bool plain_word(const std::string& w) {
  return w.size() >= 2 && std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '-' || c == '\'' || c == '.'; }); // "ne'er", "o.k"
}

// "spread_over" -> "spread over", each word stemmed (how claims keys a run of child words).
std::string stem_phrase(const stemma::wordnet::Stemmer& stem, const std::string& lemma) {
  std::string out, word;
  for (std::size_t i = 0; i <= lemma.size(); ++i) {
    if (i == lemma.size() || lemma[i] == '_' || lemma[i] == '-') {
      if (!word.empty()) {
        if (!out.empty()) out += ' ';
        out += stem(word);
      }
      word.clear();
    } else {
      word += lemma[i];
    }
  }
  return out;
}

} // namespace

std::uint64_t pair_hash(const std::string& a, const std::string& b) {
  std::string key = a < b ? a : b;
  key += '\0';
  key += a < b ? b : a;
  return XXH3_64bits(key.data(), key.size());
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: stemma_make_synonym_pairs WORDNET_DIR OUT.cpp\n";
    return 2;
  }
  const std::string dir = argv[1];
  stemma::wordnet::Stemmer stem;
  // synset -> (stem, rank of the synset among the word's senses)
  std::map<std::pair<char, std::string>, std::vector<std::pair<std::string, int>>> synsets;
  std::map<std::pair<char, std::string>, std::vector<std::string>> senses_of; // (pos, lemma) -> synsets by rank
  // Irregular verb forms by base ("struck" for "strike"), for phrasal verbs inflected on their
  // first word ("struck hard", "led off"); kept apart so they do not count as synset members.
  std::map<std::string, std::vector<std::string>> verb_forms;
  stemma::wordnet::read_exceptions(dir, [&](char pos, const std::string& form, const std::string& base) {
    if (pos == 'v' && plain_word(form)) verb_forms[base].push_back(form);
  });
  std::map<std::pair<char, std::string>, std::vector<std::pair<std::string, int>>> inflected;
  const std::string unreadable = stemma::wordnet::read_index(dir, [&](char pos, const std::string& dotted, const std::vector<std::string>& offsets) {
    const std::string lemma = dotted.ends_with('.') ? dotted.substr(0, dotted.size() - 1) : dotted; // "dr." is written "Dr"
    if (!plain_word(lemma)) return;
    const std::string s = stem_phrase(stem, lemma);
    auto& mine = senses_of[{pos, lemma}];
    const std::size_t space = lemma.find('_');
    const auto forms = pos == 'v' && space != std::string::npos ? verb_forms.find(lemma.substr(0, space)) : verb_forms.end();
    for (std::size_t rank = 0; rank < offsets.size(); ++rank) {
      synsets[{pos, offsets[rank]}].emplace_back(s, static_cast<int>(rank));
      mine.push_back(offsets[rank]);
      if (forms != verb_forms.end())
        for (const auto& f : forms->second) inflected[{pos, offsets[rank]}].emplace_back(stem_phrase(stem, f + lemma.substr(space)), static_cast<int>(rank));
    }
  });
  if (!unreadable.empty()) {
    std::cerr << "stemma_make_synonym_pairs: cannot read " << unreadable << "\n";
    return 1;
  }
  // Irregular forms ("came" for "come") take their base's senses: stems do not join them.
  stemma::wordnet::read_exceptions(dir, [&](char pos, const std::string& form, const std::string& base) {
    const auto it = senses_of.find({pos, base});
    if (it == senses_of.end() || !plain_word(form)) return;
    for (std::size_t rank = 0; rank < it->second.size(); ++rank)
      synsets[{pos, it->second[rank]}].emplace_back(stem_phrase(stem, form), static_cast<int>(rank));
  });
  std::vector<std::uint64_t> hashes, members_of_pairs;
  for (auto& [key, members] : synsets) {
    if (members.size() < 2 || members.size() > kMaxSynset) continue;
    if (const auto it = inflected.find(key); it != inflected.end()) members.insert(members.end(), it->second.begin(), it->second.end());
    for (const auto& [a, ra] : members)
      for (const auto& [b, rb] : members)
        if (a < b && (ra < kSenses || rb < kSenses)) {
          hashes.push_back(pair_hash(a, b));
          members_of_pairs.push_back(XXH3_64bits(a.data(), a.size()));
          members_of_pairs.push_back(XXH3_64bits(b.data(), b.size()));
        }
  }
  for (auto* v : {&hashes, &members_of_pairs}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::ofstream out(argv[2]);
  out << "// Generated by stemma_make_synonym_pairs from WordNet. Do not edit.\n#include <cstdint>\n"
         "namespace stemma::claims::detail {\nextern const std::uint64_t kSynonymPairs[];\nextern const unsigned kSynonymPairCount;\n"
         "const std::uint64_t kSynonymPairs[] = {\n";
  for (std::size_t i = 0; i < hashes.size(); ++i) out << hashes[i] << "u," << (i % 6 == 5 ? "\n" : "");
  out << "};\nconst unsigned kSynonymPairCount = " << hashes.size() << ";\n";
  // The hashes of every stem (or stemmed phrase) that is one side of a pair: a reading that is
  // none of them has no pair, so the spin check skips it without forming pair keys.
  out << "extern const std::uint64_t kSynonymMembers[];\nextern const unsigned kSynonymMemberCount;\nconst std::uint64_t kSynonymMembers[] = {\n";
  for (std::size_t i = 0; i < members_of_pairs.size(); ++i) out << members_of_pairs[i] << "u," << (i % 6 == 5 ? "\n" : "");
  out << "};\nconst unsigned kSynonymMemberCount = " << members_of_pairs.size() << ";\n}\n";
  std::cerr << "stemma_make_synonym_pairs: " << hashes.size() << " pairs of " << members_of_pairs.size() << " stems\n";
  return out ? 0 : 1;
}
