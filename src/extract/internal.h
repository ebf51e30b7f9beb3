// Internal helpers of the extract stage, shared between its translation
// units. Not part of the public API (see extract.h).
#pragma once

#include "extract/extract.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace stemma::extract::detail {

// ---- ASCII helpers ----------------------------------------------------------

inline char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }

std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
bool icontains(std::string_view haystack, std::string_view needle);
// Collapses runs of Unicode-ish whitespace (ASCII spaces, NBSP) to one space and trims.
std::string collapse_spaces(std::string_view s);

// ---- HTML preparation (html_prep.cpp) ---------------------------------------

// Prepares decoded HTML for gumbo: drops the bodies of <script> (except JSON-LD)
// and <style>, drops comments, and caps the nesting depth of elements (and the
// number of open formatting elements) so that the HTML5 tree builder, whose
// scope checks are linear in the depth, stays linear overall on hostile input.
std::string prepare_html(std::string_view html);

// ---- URLs (url.cpp) -------------------------------------------------------------

// RFC 3986 reference resolution. Returns `ref` unchanged when `base` is not an
// absolute hierarchical URL or `ref` is already absolute.
std::string resolve_url(std::string_view base, std::string_view ref);
// "http" or "https" scheme with a host.
bool is_http_url(std::string_view url);

// ---- Dates (dates.cpp) ----------------------------------------------------------

// A date inside free text, e.g. "By Jane Doe | Updated March 14, 2026 8:30 AM ET".
std::optional<Date> find_date_in_text(std::string_view text);
// A date in a URL path: /2026/03/14/, /2026-03-14/, /20260314/ (bare date).
std::optional<Date> date_from_url(std::string_view url);

// ---- Encoding (encoding.cpp) --------------------------------------------------

// True when the (decoded, UTF-8) text looks like binary data rather than a page.
bool looks_binary(std::string_view raw_bytes, std::string_view utf8);

// ---- HTML entities (entities.cpp) -----------------------------------------------

// Decodes the common named and all numeric character references (for JSON-LD
// strings and meta values that were double-escaped).
std::string decode_entities(std::string_view s);
// Removes tags from an HTML fragment (for JSON-LD articleBody that carries markup);
// block tags become paragraph breaks.
std::string strip_tags(std::string_view s);

} // namespace stemma::extract::detail
