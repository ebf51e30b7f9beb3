// Build-time only: reading WordNet 3.0's database files (Debian wordnet-base)
// for the generators of synonym tables (text/make_synonyms.cpp,
// claims/make_synonym_pairs.cpp), with the Snowball stemmer they key words by.
#pragma once

#include <libstemmer.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace stemma::wordnet {

constexpr const char* kPartsOfSpeech[] = {"noun", "verb", "adj", "adv"};

struct Stemmer {
  sb_stemmer* s = sb_stemmer_new("english", nullptr);
  ~Stemmer() { sb_stemmer_delete(s); }
  Stemmer() = default;
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  std::string operator()(const std::string& w) const {
    const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(w.data()), static_cast<int>(w.size()));
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(s)));
  }
};

// Calls visit(pos, lemma, synset offsets in sense order) for every lemma of
// index.noun/verb/adj/adv in `dir`. Returns the path of a file it cannot
// read, or "" when all were read.
template <class Visit>
std::string read_index(const std::string& dir, Visit&& visit) {
  for (const char* pos : kPartsOfSpeech) {
    const std::string path = dir + "/index." + pos;
    std::ifstream in(path);
    if (!in) return path;
    std::string line;
    std::vector<std::string> offsets;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == ' ') continue; // licence header
      std::istringstream f(line);
      std::string lemma, p;
      int synsets = 0, pointers = 0;
      f >> lemma >> p >> synsets >> pointers;
      for (int i = 0; i < pointers; ++i) f >> p;
      int senses = 0, tagged = 0;
      f >> senses >> tagged;
      offsets.assign(static_cast<std::size_t>(std::max(synsets, 0)), std::string());
      for (std::string& offset : offsets) f >> offset;
      visit(pos[0], lemma, offsets);
    }
  }
  return {};
}

// Calls visit(pos, form, base) for every irregular form in noun/verb/adj/adv.exc
// ("came" for "come"); a missing file is skipped.
template <class Visit>
void read_exceptions(const std::string& dir, Visit&& visit) {
  for (const char* pos : kPartsOfSpeech) {
    std::ifstream in(dir + "/" + pos + ".exc");
    std::string form, base, rest;
    while (in >> form >> base) {
      std::getline(in, rest);
      visit(pos[0], form, base);
    }
  }
}

} // namespace stemma::wordnet
