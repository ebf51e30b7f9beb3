// RFC 3986 reference resolution, enough for links in web pages.
#include "extract/internal.h"

#include <string>
#include <vector>

namespace stemma::extract::detail {
namespace {

struct Parts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_authority = false, has_query = false, has_fragment = false;
};

// Splits a URL into its five components (no validation beyond the grammar).
bool split(std::string_view u, Parts& p) {
  std::size_t i = 0;
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  if (!u.empty() && is_ascii_alpha(u[0])) {
    std::size_t j = 1;
    while (j < u.size() && (is_ascii_alnum(u[j]) || u[j] == '+' || u[j] == '-' || u[j] == '.')) ++j;
    if (j < u.size() && u[j] == ':') {
      p.scheme = u.substr(0, j);
      i = j + 1;
    }
  }
  if (u.substr(i, 2) == "//") {
    p.has_authority = true;
    const std::size_t a = i + 2;
    std::size_t e = u.find_first_of("/?#", a);
    if (e == std::string_view::npos) e = u.size();
    p.authority = u.substr(a, e - a);
    i = e;
  }
  std::size_t e = u.find_first_of("?#", i);
  if (e == std::string_view::npos) e = u.size();
  p.path = u.substr(i, e - i);
  i = e;
  if (i < u.size() && u[i] == '?') {
    p.has_query = true;
    std::size_t f = u.find('#', i);
    if (f == std::string_view::npos) f = u.size();
    p.query = u.substr(i + 1, f - i - 1);
    i = f;
  }
  if (i < u.size() && u[i] == '#') {
    p.has_fragment = true;
    p.fragment = u.substr(i + 1);
  }
  return true;
}

std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  const bool absolute = !path.empty() && path[0] == '/';
  std::size_t i = absolute ? 1 : 0;
  bool trailing_slash = false;
  while (i <= path.size()) {
    std::size_t e = path.find('/', i);
    if (e == std::string_view::npos) e = path.size();
    std::string_view seg = path.substr(i, e - i);
    const bool last = e == path.size();
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    i = e + 1;
  }
  std::string r;
  if (absolute) r.push_back('/');
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k) r.push_back('/');
    r.append(out[k]);
  }
  if (trailing_slash && (r.empty() || r.back() != '/')) r.push_back('/');
  return r;
}

std::string join(const Parts& p, const std::string& path) {
  std::string r;
  r.append(p.scheme);
  r.push_back(':');
  if (p.has_authority) {
    r.append("//");
    r.append(p.authority);
  }
  r.append(path);
  if (p.has_query) {
    r.push_back('?');
    r.append(p.query);
  }
  if (p.has_fragment) {
    r.push_back('#');
    r.append(p.fragment);
  }
  return r;
}

} // namespace

bool is_http_url(std::string_view url) {
  Parts p;
  split(url, p);
  return (iequals(p.scheme, "http") || iequals(p.scheme, "https")) && p.has_authority && !p.authority.empty();
}

std::string resolve_url(std::string_view base, std::string_view ref_in) {
  // Browsers strip leading/trailing C0 controls and spaces, and remove tabs and newlines.
  std::string ref;
  ref.reserve(ref_in.size());
  for (char c : trim(ref_in))
    if (c != '\t' && c != '\n' && c != '\r') ref.push_back(c);
  for (char& c : ref)
    if (c == '\\') c = '/';
  Parts r;
  split(ref, r);
  if (!r.scheme.empty()) {
    Parts t = r;
    std::string scheme = to_lower(r.scheme);
    t.scheme = scheme;
    if (!t.has_authority) return ref; // mailto:, javascript:, data:, ...
    return join(t, remove_dot_segments(r.path));
  }
  Parts b;
  split(base, b);
  if (b.scheme.empty() || !b.has_authority) return ref;
  std::string scheme = to_lower(b.scheme);
  Parts t;
  t.scheme = scheme;
  std::string path;
  if (r.has_authority) {
    t.has_authority = true;
    t.authority = r.authority;
    path = remove_dot_segments(r.path);
    t.query = r.query;
    t.has_query = r.has_query;
  } else {
    t.has_authority = true;
    t.authority = b.authority;
    if (r.path.empty()) {
      path = std::string(b.path);
      if (r.has_query) {
        t.query = r.query;
        t.has_query = true;
      } else {
        t.query = b.query;
        t.has_query = b.has_query;
      }
    } else {
      if (r.path[0] == '/') {
        path = remove_dot_segments(r.path);
      } else {
        std::string merged;
        if (b.path.empty()) {
          merged.push_back('/');
          merged.append(r.path);
        } else {
          const std::size_t slash = b.path.rfind('/');
          merged = std::string(b.path.substr(0, slash == std::string_view::npos ? 0 : slash + 1));
          merged.append(r.path);
        }
        path = remove_dot_segments(merged);
      }
      t.query = r.query;
      t.has_query = r.has_query;
    }
  }
  if (path.empty()) path.push_back('/');
  t.fragment = r.fragment;
  t.has_fragment = r.has_fragment;
  return join(t, path);
}

} // namespace stemma::extract::detail
