// libFuzzer harness for the extract stage: extract_article and to_utf8 must
// never crash, hang or read out of bounds, whatever the bytes; refusing a
// page (ExtractError) is a normal outcome.
//
// Build (see the report / scripts): clang++ -std=c++20 -O1 -g
//   -fsanitize=fuzzer,address,undefined -I src fuzz/extract_fuzzer.cpp
//   src/extract/*.cpp src/text/*.cpp $(pkg-config --cflags --libs gumbo icu-uc icu-i18n libxxhash) -lcld2
#include "extract/extract.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first line (up to 64 bytes) doubles as a Content-Type header for to_utf8.
  std::string_view content_type;
  if (const auto nl = bytes.substr(0, 64).find('\n'); nl != std::string_view::npos) content_type = bytes.substr(0, nl);
  std::string charset;
  const std::string utf8 = stemma::extract::to_utf8(bytes, content_type, &charset);
  if (utf8.size() > 8 * size + 16) __builtin_trap(); // conversion must stay proportional
  stemma::extract::Options options;
  options.url = "https://news.example.com/section/2026/03/14/story.html";
  options.content_type = std::string(content_type);
  try {
    const stemma::extract::Article a = stemma::extract::extract_article(bytes, options);
    for (const auto& l : a.links) {
      if (l.begin > l.end || l.end > a.body.size()) __builtin_trap();
      if (a.body.compare(l.begin, l.end - l.begin, l.anchor) != 0) __builtin_trap();
    }
  } catch (const stemma::extract::ExtractError&) {
  }
  (void)stemma::extract::parse_date(bytes.substr(0, 200));
  return 0;
}
