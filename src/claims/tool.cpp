// stemma_claims_tool: JSON lines in, claims and mutations out (the driver of
// eval/mutations.sh, and a way to try the stage on any two texts).
//   {"id": ..., "parent": TEXT, "child": TEXT, "parent_title": ..., "child_title": ...}
//       -> {"id": ..., "passages": N, "mutations": [...]}   (the two texts aligned with align::align)
//   {"id": ..., "text": TEXT} -> {"id": ..., "claims": [...]}
// Offsets are Unicode code points, as everywhere in stemma's JSON (docs/json.md).
#include "align/align.h"
#include "claims/claims.h"
#include "pipeline/pipeline.h"

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  using namespace stemma;
  if (argc > 1) {
    std::cerr << "usage: stemma_claims_tool < input.jsonl > output.jsonl\n";
    return 2;
  }
  (void)argv;
  std::string line;
  std::size_t n = 0;
  while (std::getline(std::cin, line)) {
    ++n;
    if (line.empty()) continue;
    nlohmann::json in;
    try {
      in = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      std::cerr << "stemma_claims_tool: line " << n << ": " << e.what() << "\n";
      return 1;
    }
    nlohmann::json out = {{"id", in.value("id", nlohmann::json(n))}};
    const std::string language = in.value("language", std::string("en"));
    const auto& lex = claims::lexicon(language);
    if (in.contains("text")) {
      const std::string body = text::repair_utf8(in["text"].get<std::string>()).text;
      const text::Analysis an = text::analyze(body);
      out["claims"] = pipeline::claims_json(claims::extract_claims(body, an, lex), body);
    } else {
      const std::string parent = text::repair_utf8(in.value("parent", std::string())).text;
      const std::string child = text::repair_utf8(in.value("child", std::string())).text;
      const std::string pt = in.value("parent_title", std::string()), ct = in.value("child_title", std::string());
      const text::Analysis pa = text::analyze(parent), ca = text::analyze(child);
      const align::Alignment al = align::align({parent, pa}, {child, ca});
      const auto muts = claims::detect_mutations({parent, child, pa, ca, al.passages, pt, ct}, lex);
      out["passages"] = al.passages.size();
      out["mutations"] = pipeline::mutations_json(muts, parent, child, pt, ct);
    }
    std::cout << out.dump() << "\n";
  }
  return 0;
}
