// The /api/v1 endpoints (docs/api.md). Every JSON body is one of the pipeline's views, the
// same objects the CLI prints with --json.
#include "cli/render.h"
#include "pipeline/export.h"
#include "server/internal.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

namespace stemma::server {
namespace {

// A read snapshot for the life of a request: the answers agree with each other even while an
// ingest commits.
class Snapshot {
public:
  explicit Snapshot(store::Store& store) : store_(store) { store_.begin_read(); }
  // Committing a read keeps the connection's decoded posting blocks (a rollback drops them).
  ~Snapshot() {
    try {
      store_.commit();
    } catch (const store::StoreError&) {
      store_.rollback();
    }
  }
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

private:
  store::Store& store_;
};

std::string param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

// ?also_mutations=1 on a trace: mutations for the `also_shares` entries too (costly; off by default).
bool also_mutations(const httplib::Request& req) { return param(req, "also_mutations") == "1"; }

std::size_t number_param(const httplib::Request& req, const char* name, std::size_t fallback, std::size_t max) {
  const std::string s = param(req, name);
  if (s.empty()) return fallback;
  std::size_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size())
    throw HttpError(400, fmt::format("'{}' must be a non-negative integer, not '{}'", name, s));
  if (v > max) throw HttpError(400, fmt::format("'{}' is at most {}", name, max));
  return v;
}

std::optional<std::uint32_t> parse_id(std::string_view s) {
  if (!s.empty() && s.front() == '#') s.remove_prefix(1);
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// from/to as ISO 8601; a bare `to` date includes its whole day.
std::optional<std::int64_t> date_param(const httplib::Request& req, const char* name, bool end_of_day) {
  const std::string s = param(req, name);
  if (s.empty()) return std::nullopt;
  const auto t = ingest::parse_timestamp(s);
  if (!t) throw HttpError(400, fmt::format("'{}' is not an ISO 8601 date or time: '{}'", name, s));
  return end_of_day && !t->has_time ? t->utc_seconds + 86399 : t->utc_seconds;
}

store::ArticleFilter filter_of(const httplib::Request& req) {
  store::ArticleFilter f;
  f.text = param(req, "q");
  f.url = param(req, "url");
  f.outlet = param(req, "outlet");
  f.from_utc = date_param(req, "from", false);
  f.to_utc = date_param(req, "to", true);
  if (f.from_utc && f.to_utc && *f.from_utc > *f.to_utc) throw HttpError(400, "'from' is after 'to'");
  return f;
}

constexpr std::size_t kMaxPage = 1000;

store::ArticleRow stored_article(const store::Store& store, const std::string& ref) {
  if (const auto id = pipeline::resolve_article(store, ref))
    if (auto row = store.article(*id)) return std::move(*row);
  throw HttpError(404, fmt::format("no article {}", ref));
}

store::StoryRow stored_story(const store::Store& store, const std::string& ref) {
  // As `stemma story`: a story id, or a stored article whose story to show.
  std::optional<std::uint32_t> id = parse_id(ref);
  if (!id) {
    const auto article = pipeline::resolve_article(store, ref);
    if (!article) throw HttpError(404, fmt::format("'{}' is not a story id or a stored article", ref));
    id = store.story_of(*article);
  }
  if (auto story = store.story(*id)) return std::move(*story);
  throw HttpError(404, fmt::format("no story {}", ref));
}

// A document posted as JSON: {"text" | "html", "title", "url", "outlet", "published", "id"}.
// Explicit fields win over what an HTML page says of itself.
std::vector<ingest::Document> documents_from_json(const nlohmann::json& j, const std::string& source,
                                                  std::vector<ingest::Problem>& problems) {
  if (!j.is_object()) throw HttpError(400, "the body must be a JSON object");
  for (const char* name : {"text", "html"})
    if (j.contains(name) && !j[name].is_string()) throw HttpError(400, fmt::format("field '{}' must be a string", name));
  const auto field = [&](const char* name) -> std::string {
    const auto it = j.find(name);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number()) return it->dump();
    throw HttpError(400, fmt::format("field '{}' must be a string", name));
  };
  const bool has_text = j.contains("text"), has_html = j.contains("html");
  if (has_text == has_html) throw HttpError(400, "give exactly one of 'text' or 'html'");
  const std::string published = field("published");
  if (!published.empty() && !ingest::parse_timestamp(published))
    throw HttpError(400, fmt::format("'published' is not an ISO 8601 date or time: '{}'", published));
  std::vector<ingest::Document> docs;
  ingest::Sink sink;
  sink.document = [&](ingest::Document&& d) { docs.push_back(std::move(d)); };
  sink.problem = [&](ingest::Problem&& p) { problems.push_back(std::move(p)); };
  if (has_text) {
    // The body parsed already (valid UTF-8: the JSON parser refuses anything else).
    ingest::parse_text_record({field("text"), field("title"), field("url"), field("outlet"), published, field("id")}, source, sink);
  } else {
    ingest::ReadOptions read;
    read.max_document_bytes = SIZE_MAX;
    ingest::parse_html(field("html"), source, field("url"), "text/html", std::nullopt, read, sink);
    for (auto& d : docs) {
      if (const std::string v = field("title"); !v.empty()) d.title = v;
      if (const std::string v = field("outlet"); !v.empty()) d.outlet = v;
      if (const std::string v = field("id"); !v.empty()) d.external_id = v;
      if (!published.empty()) d.published_raw = published, d.published = ingest::parse_timestamp(published);
    }
  }
  return docs;
}

nlohmann::json parse_body(const httplib::Request& req) {
  try {
    return nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    throw HttpError(400, fmt::format("the body is not valid JSON (byte {})", e.byte));
  }
}

nlohmann::json problem_json(const ingest::Problem& p) {
  return {{"severity", p.severity == ingest::Severity::error ? "error" : "warning"}, {"source", p.source}, {"message", p.message}};
}

std::string media_type(const httplib::Request& req) {
  std::string t = req.get_header_value("Content-Type");
  t = t.substr(0, t.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return t;
}

// Constant time for a given length, so the token cannot be guessed a byte at a time from response times.
bool same_token(std::string_view given, std::string_view expected) {
  if (given.size() != expected.size() || expected.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return diff == 0;
}

void require_token(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (ctx.options.token.empty())
    throw HttpError(403, "writes are disabled on this server: start it with --token TOKEN (or STEMMA_TOKEN=TOKEN) "
                         "and send 'Authorization: Bearer TOKEN'");
  const std::string auth = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!auth.starts_with(kBearer) || !same_token(std::string_view(auth).substr(kBearer.size()), ctx.options.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    throw HttpError(401, auth.empty() ? "this request needs 'Authorization: Bearer TOKEN'" : "wrong token");
  }
}

void get_health(Context& ctx, httplib::Response& res) {
  const auto store = ctx.readers->acquire();
  nlohmann::json j = {{"status", "ok"}, {"version", STEMMA_VERSION}, {"articles", (*store)->article_count()}};
  if (ctx.analyses) {
    const auto s = ctx.analyses->stats();
    j["analysis_cache"] = {{"hits", s.hits}, {"misses", s.misses}, {"articles", s.entries}, {"tokens", s.tokens}};
  }
  send_json(res, 200, j);
}

void get_stories(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const store::ArticleFilter f = filter_of(req);
  const std::size_t limit = number_param(req, "limit", 50, kMaxPage), offset = number_param(req, "offset", 0, SIZE_MAX >> 1);
  const bool all = param(req, "all") == "1";
  const auto store = ctx.readers->acquire();
  Snapshot snap(**store);
  std::uint64_t total = 0;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : (*store)->find_stories(f, all ? 1 : 2, limit, offset, total)) items.push_back(pipeline::story_summary_json(s));
  send_json(res, 200, {{"total", total}, {"stories", std::move(items)}});
}

void get_story(Context& ctx, const std::string& ref, httplib::Response& res) {
  const auto store = ctx.readers->acquire();
  Snapshot snap(**store);
  const store::StoryRow story = stored_story(**store, ref);
  res.set_content(pipeline::story_export(**store, story, (*store)->stemma(story.id), pipeline::StoryFormat::json, ctx.analyses.get()),
                  "application/json; charset=utf-8");
}

void get_story_export(Context& ctx, const httplib::Request& req, const std::string& ref, httplib::Response& res) {
  const std::string name = req.has_param("format") ? req.get_param_value("format") : "json";
  const auto format = pipeline::story_format_from_string(name);
  if (!format) throw HttpError(400, fmt::format("unknown export format '{}' (json, csv, csv-nodes, graphml, dot or text)", name));
  const auto store = ctx.readers->acquire();
  Snapshot snap(**store);
  const store::StoryRow story = stored_story(**store, ref);
  const lineage::Stemma stemma = (*store)->stemma(story.id);
  if (*format == pipeline::StoryFormat::text) {
    std::ostringstream tree; // the tree `stemma story ID` draws
    cli::print_story_tree(tree, **store, story, stemma);
    res.set_content(tree.str(), std::string(pipeline::story_format_mime(*format)));
  } else {
    res.set_content(pipeline::story_export(**store, story, stemma, *format, ctx.analyses.get()), std::string(pipeline::story_format_mime(*format)));
  }
  res.set_header("Content-Disposition",
                 fmt::format("attachment; filename=\"story-{}.{}\"", story.id, pipeline::story_format_extension(*format)));
}

void get_articles(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const store::ArticleFilter f = filter_of(req);
  const std::size_t limit = number_param(req, "limit", 50, kMaxPage), offset = number_param(req, "offset", 0, SIZE_MAX >> 1);
  const auto store = ctx.readers->acquire();
  Snapshot snap(**store);
  std::uint64_t total = 0;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& a : (*store)->find_articles(f, limit, offset, total)) items.push_back(pipeline::article_json(a));
  send_json(res, 200, {{"total", total}, {"articles", std::move(items)}});
}

void get_article(Context& ctx, const httplib::Request& req, const std::string& ref, httplib::Response& res) {
  const bool body = param(req, "body") == "1";
  const auto store = ctx.readers->acquire();
  Snapshot snap(**store);
  send_json(res, 200, pipeline::article_json(stored_article(**store, ref), body));
}

void get_article_trace(Context& ctx, const std::string& ref, const httplib::Request& req, httplib::Response& res) {
  const auto store = ctx.readers->acquire();
  Snapshot snap(**store);
  const store::ArticleRow a = stored_article(**store, ref);
  send_json(res, 200, pipeline::trace_json(**store, pipeline::trace_stored(**store, a.id), also_mutations(req), ctx.analyses.get()));
}

void post_trace(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  std::vector<ingest::Problem> problems;
  const auto docs = documents_from_json(parse_body(req), "request", problems);
  if (docs.empty()) {
    const auto error = std::find_if(problems.begin(), problems.end(), [](const auto& p) { return p.severity == ingest::Severity::error; });
    throw HttpError(400, error != problems.end() ? error->message : "no article text found");
  }
  const auto store = ctx.readers->acquire();
  Snapshot snap(**store);
  // As `stemma trace FILE`: text already stored is traced as the stored article.
  const auto stored = (*store)->find_by_hash(docs.front().content_hash());
  const pipeline::Trace t = stored ? pipeline::trace_stored(**store, *stored) : pipeline::trace_document(**store, docs.front(), {}, ctx.analyses.get());
  send_json(res, 200, pipeline::trace_json(**store, t, also_mutations(req), ctx.analyses.get()));
}

void get_compare(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string a = param(req, "a"), b = param(req, "b");
  if (a.empty() || b.empty()) throw HttpError(400, "give two articles: ?a=REF&b=REF");
  const auto store = ctx.readers->acquire();
  Snapshot snap(**store);
  const store::ArticleRow ra = stored_article(**store, a), rb = stored_article(**store, b);
  send_json(res, 200, pipeline::compare_json(ra, rb));
}

void post_articles(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  require_token(ctx, req, res);
  const std::string type = media_type(req);
  std::vector<ingest::Document> docs;
  std::vector<ingest::Problem> problems;
  ingest::Sink sink;
  sink.document = [&](ingest::Document&& d) { docs.push_back(std::move(d)); };
  sink.problem = [&](ingest::Problem&& p) { problems.push_back(std::move(p)); };
  if (type == "application/json") {
    const nlohmann::json body = parse_body(req);
    if (body.is_array()) {
      for (std::size_t i = 0; i < body.size(); ++i)
        for (auto& d : documents_from_json(body[i], fmt::format("request[{}]", i), problems)) docs.push_back(std::move(d));
    } else {
      docs = documents_from_json(body, "request", problems);
    }
  } else if (type == "application/x-ndjson" || type == "application/jsonl" || type == "application/x-jsonlines") {
    ingest::parse_jsonl(req.body, "request", sink);
  } else if (type == "text/html") {
    ingest::ReadOptions read;
    read.max_document_bytes = SIZE_MAX;
    ingest::parse_html(req.body, "request", param(req, "url"), req.get_header_value("Content-Type"), std::nullopt, read, sink);
  } else if (type == "text/plain") {
    ingest::parse_plain_text(req.body, "request", sink);
  } else {
    throw HttpError(415, fmt::format("cannot ingest Content-Type '{}': send application/json, application/x-ndjson, "
                                     "text/html or text/plain",
                                     type));
  }
  nlohmann::json problems_json = nlohmann::json::array();
  for (const auto& p : problems) problems_json.push_back(problem_json(p));
  if (docs.empty()) {
    nlohmann::json body = {{"error", {{"status", 400}, {"message", "no article could be read from the body"}, {"problems", problems_json}}}};
    send_json(res, 400, body);
    return;
  }
  std::vector<std::uint32_t> ids;
  std::size_t added = 0, duplicates = 0;
  std::set<std::uint32_t> stories;
  {
    const std::lock_guard lock(ctx.writer_mutex);
    pipeline::Ingestor ingestor(*ctx.writer, {}, 256, ctx.threads);
    ingestor.on_article = [&](const pipeline::Ingestor::Event& ev) {
      ids.push_back(ev.id);
      (ev.duplicate ? duplicates : added)++;
    };
    for (auto& d : docs) ingestor.add(std::move(d));
    ingestor.flush();
    for (const std::uint32_t id : ids)
      if (id) stories.insert(ctx.writer->story_of(id));
  }
  send_json(res, added ? 201 : 200,
            {{"added", added}, {"duplicates", duplicates}, {"ids", ids}, {"problems", problems_json},
             {"stories", std::vector<std::uint32_t>(stories.begin(), stories.end())}});
}

void allow(const httplib::Request& req, httplib::Response& res, std::initializer_list<std::string_view> methods) {
  for (const auto m : methods)
    if (req.method == m || (req.method == "HEAD" && m == "GET")) return;
  std::string list;
  for (const auto m : methods) list += (list.empty() ? "" : ", ") + std::string(m);
  res.set_header("Allow", list);
  throw HttpError(405, fmt::format("{} is not allowed here (allowed: {})", req.method, list));
}

} // namespace

void handle_api(Context& ctx, const httplib::Request& req, httplib::Response& res, const std::vector<std::string>& s) {
  const std::size_t n = s.size();
  const auto is = [&](std::size_t i, std::string_view name) { return i < n && s[i] == name; };
  if (n == 1 && is(0, "health")) return allow(req, res, {"GET"}), get_health(ctx, res);
  if (n == 1 && is(0, "stats")) {
    allow(req, res, {"GET"});
    const auto store = ctx.readers->acquire();
    Snapshot snap(**store);
    return send_json(res, 200, pipeline::stats_json(**store));
  }
  if (n == 1 && is(0, "stories")) return allow(req, res, {"GET"}), get_stories(ctx, req, res);
  if (n == 2 && is(0, "stories")) return allow(req, res, {"GET"}), get_story(ctx, s[1], res);
  if (n == 3 && is(0, "stories") && is(2, "export")) return allow(req, res, {"GET"}), get_story_export(ctx, req, s[1], res);
  if (n == 1 && is(0, "articles")) {
    allow(req, res, {"GET", "POST"});
    return req.method == "POST" ? post_articles(ctx, req, res) : get_articles(ctx, req, res);
  }
  if (n == 2 && is(0, "articles")) return allow(req, res, {"GET"}), get_article(ctx, req, s[1], res);
  if (n == 3 && is(0, "articles") && is(2, "trace")) return allow(req, res, {"GET"}), get_article_trace(ctx, s[1], req, res);
  if (n == 1 && is(0, "trace")) return allow(req, res, {"POST"}), post_trace(ctx, req, res);
  if (n == 1 && is(0, "compare")) return allow(req, res, {"GET"}), get_compare(ctx, req, res);
  throw HttpError(404, fmt::format("no such endpoint: {} (see docs/api.md)", req.path));
}

} // namespace stemma::server
