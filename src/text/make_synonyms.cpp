// Build-time generator of the synonym table (run by CMake, not shipped).
//
// Reads WordNet 3.0 (Debian wordnet-base: index.{noun,verb,adj,adv} and the
// *.exc irregular-form lists) and writes a C++ source file holding a sorted
// table: Snowball stem of a word -> synonym class id. Two words meet in a
// class when they share a synset among the first few (most frequent) senses
// of each, or when one is an irregular form of the other ("found" -> "find").
// Classes are grown by union-find in order of sense rank and capped in size,
// so that very polysemous words ("get", "take", "run") cannot chain the
// vocabulary into one giant class: a class is a tight set of interchangeable
// words, which is what a spinner's thesaurus swaps.
//
// Usage: make_synonyms WORDNET_DIR OUT.cpp
#include "text/stopwords.h"

#include <libstemmer.h>
#include <xxhash.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace {

constexpr int kSensesPerWord = 3; // senses of a word (per part of speech) that may join it to a class
constexpr std::size_t kMaxClassSize = 12;

struct Stemmer {
  sb_stemmer* s = sb_stemmer_new("english", nullptr);
  ~Stemmer() { sb_stemmer_delete(s); }
  std::string operator()(const std::string& w) const {
    const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(w.data()), static_cast<int>(w.size()));
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(s)));
  }
};

bool plain_word(const std::string& w) {
  if (w.size() < 2) return false;
  return std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

struct UnionFind {
  std::vector<std::uint32_t> parent, size;
  std::uint32_t add() {
    parent.push_back(static_cast<std::uint32_t>(parent.size()));
    size.push_back(1);
    return parent.back();
  }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite_capped(std::uint32_t a, std::uint32_t b) {
    a = find(a), b = find(b);
    if (a == b || size[a] + size[b] > kMaxClassSize) return;
    if (size[a] < size[b]) std::swap(a, b);
    parent[b] = a;
    size[a] += size[b];
  }
};

struct Link {
  int weight; // lower joins first: irregular forms, then the sum of both sense ranks
  std::uint32_t a, b;
  auto operator<=>(const Link&) const = default;
};

} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_synonyms WORDNET_DIR OUT.cpp\n";
    return 2;
  }
  const std::string dir = argv[1];
  Stemmer stem;
  std::unordered_map<std::string, std::uint32_t> node_of; // stem -> node
  std::vector<std::string> stems;
  UnionFind uf;
  const auto node = [&](const std::string& word) {
    const std::string s = stem(word);
    auto [it, fresh] = node_of.try_emplace(s, 0);
    if (fresh) {
      it->second = uf.add();
      stems.push_back(s);
    }
    return it->second;
  };

  std::map<std::pair<char, std::string>, std::vector<std::pair<std::uint32_t, int>>> members; // synset -> (node, rank)
  std::unordered_map<std::string, bool> is_lemma;
  for (const char* pos : {"noun", "verb", "adj", "adv"}) {
    std::ifstream in(dir + "/index." + pos);
    if (!in) {
      std::cerr << "make_synonyms: cannot read " << dir << "/index." << pos << "\n";
      return 1;
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue; // licence header
      std::istringstream f(line);
      std::string lemma, p;
      int synsets = 0, pointers = 0;
      f >> lemma >> p >> synsets >> pointers;
      for (int i = 0; i < pointers; ++i) f >> p;
      int senses = 0, tagged = 0;
      f >> senses >> tagged;
      if (!plain_word(lemma) || stemma::text::detail::is_english_stopword(lemma)) continue;
      is_lemma[lemma] = true;
      const std::uint32_t n = node(lemma);
      for (int rank = 0; rank < synsets; ++rank) {
        std::string offset;
        f >> offset;
        if (rank < kSensesPerWord) members[{pos[0], offset}].emplace_back(n, rank);
      }
    }
  }

  std::vector<Link> links;
  for (const char* pos : {"noun", "verb", "adj", "adv"}) {
    std::ifstream in(dir + "/" + pos + ".exc");
    std::string form, base;
    while (in >> form >> base) {
      std::string rest;
      std::getline(in, rest);
      if (plain_word(form) && plain_word(base) && is_lemma.contains(base) && !stemma::text::detail::is_english_stopword(form))
        links.push_back({-1, node(form), node(base)});
    }
  }
  for (const auto& [synset, list] : members)
    for (std::size_t i = 0; i < list.size(); ++i)
      for (std::size_t j = i + 1; j < list.size(); ++j)
        if (list[i].first != list[j].first) links.push_back({list[i].second + list[j].second, list[i].first, list[j].first});
  std::sort(links.begin(), links.end());
  for (const Link& l : links) uf.unite_capped(l.a, l.b);

  // Only stems in a class of two or more need an entry: any other stem is its own class.
  std::unordered_map<std::uint32_t, std::uint32_t> class_of_root;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> table;
  for (std::uint32_t n = 0; n < stems.size(); ++n) {
    const std::uint32_t root = uf.find(n);
    if (uf.size[root] < 2) continue;
    const auto [it, fresh] = class_of_root.try_emplace(root, static_cast<std::uint32_t>(class_of_root.size()));
    table.emplace_back(XXH3_64bits(stems[n].data(), stems[n].size()), it->second);
  }
  std::sort(table.begin(), table.end());
  table.erase(std::unique(table.begin(), table.end(), [](const auto& x, const auto& y) { return x.first == y.first; }), table.end());

  std::ofstream out(argv[2]);
  out << "// Generated by text/make_synonyms.cpp from WordNet 3.0; do not edit.\n"
      << "#include <cstddef>\n#include <cstdint>\n"
      << "namespace stemma::text::detail {\n"
      << "extern const std::size_t kSynonymEntries = " << table.size() << ";\n"
      << "extern const std::size_t kSynonymClasses = " << class_of_root.size() << ";\n"
      << "extern const std::uint64_t kSynonymStemHashes[] = {\n";
  char buf[32];
  for (std::size_t i = 0; i < table.size(); ++i) {
    std::snprintf(buf, sizeof buf, "0x%016llxULL,", static_cast<unsigned long long>(table[i].first));
    out << buf << ((i % 6 == 5) ? "\n" : "");
  }
  out << "};\nextern const std::uint32_t kSynonymClassIds[] = {\n";
  for (std::size_t i = 0; i < table.size(); ++i) out << table[i].second << ((i % 16 == 15) ? ",\n" : ",");
  out << "};\n} // namespace stemma::text::detail\n";
  if (!out) {
    std::cerr << "make_synonyms: cannot write " << argv[2] << "\n";
    return 1;
  }
  std::cerr << "make_synonyms: " << stems.size() << " stems, " << table.size() << " in " << class_of_root.size() << " synonym classes\n";
  return 0;
}
