# Writes the lexicon files (lexicons/*.lex) into a C++ table, so that the
# lexicons stay data (one file per language) and the binary needs no data path.
# Usage: cmake -DDIR=<lexicons dir> -DOUT=<file.cpp> -P embed_lexicons.cmake
file(GLOB files "${DIR}/*.lex")
list(SORT files)
set(body "// Generated from src/claims/lexicons/*.lex by embed_lexicons.cmake. Do not edit.\n")
string(APPEND body "#include <string_view>\n#include <utility>\nnamespace stemma::claims::detail {\n")
string(APPEND body "extern const std::pair<std::string_view, std::string_view> kLexiconFiles[];\nextern const int kLexiconFileCount;\n")
string(APPEND body "const std::pair<std::string_view, std::string_view> kLexiconFiles[] = {\n")
set(count 0)
foreach(f ${files})
  get_filename_component(lang "${f}" NAME_WE)
  file(READ "${f}" content)
  string(APPEND body "  {\"${lang}\", R\"lexicon(${content})lexicon\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
string(APPEND body "};\nconst int kLexiconFileCount = ${count};\n}\n")
file(WRITE "${OUT}" "${body}")
