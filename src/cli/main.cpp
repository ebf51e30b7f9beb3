// stemma: where did this article come from?
#include "cli/progress.h"
#include "cli/render.h"
#include "pipeline/export.h"
#include "pipeline/parallel.h"
#include "pipeline/pipeline.h"
#include "server/server.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <unordered_map>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace {

using namespace stemma;

// Exit codes (documented in the README).
enum Exit : int {
  kOk = 0,
  kPartial = 1,   // some inputs failed; the rest was done
  kUsage = 2,     // bad command line
  kFailed = 3,    // nothing could be done (unreadable inputs, database error)
  kNotFound = 4,  // no such article or story
};

struct Common {
  std::string db = "stemma.db";
  bool json = false;
};

void print_problem(const ingest::Problem& p) {
  std::cerr << fmt::format("stemma: {}: {}: {}\n", p.severity == ingest::Severity::error ? "error" : "warning", p.source, p.message);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct IngestOptions {
  std::vector<std::string> paths;
  std::size_t batch = 256;
  std::uint64_t max_mb = 16;
  unsigned threads = 0; // 0: all cores
  bool quiet = false;
  std::size_t index_memory_mb = 2048; // decoded posting segments kept in memory (0: none)
};

int run_ingest(const Common& c, const IngestOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  store::Store store(c.db, store::Store::Mode::read_write);
  if (o.index_memory_mb) store.keep_index_resident((o.index_memory_mb << 20) / sizeof(index::Posting));
  const unsigned threads = o.threads ? o.threads : pipeline::default_threads();
  pipeline::Ingestor ingestor(store, {}, o.batch, threads);
  std::size_t errors = 0, warnings = 0, shown_duplicates = 0, records = 0;
  nlohmann::json problems = nlohmann::json::array(), articles = nlohmann::json::array();
  std::uint64_t total_bytes = 0;
  for (const auto& p : o.paths) total_bytes += ingest::input_size(p);
  cli::Progress progress(!o.quiet && !c.json, total_bytes);
  ingestor.on_article = [&](const pipeline::Ingestor::Event& ev) {
    if (c.json) {
      articles.push_back({{"source", ev.document->source}, {"id", ev.id}, {"duplicate", ev.duplicate}});
    } else if (ev.duplicate && !o.quiet && shown_duplicates++ < 10) {
      progress.clear();
      std::cerr << fmt::format("stemma: {}: already stored{}, skipped (same content)\n", ev.document->source,
                               ev.id ? fmt::format(" as #{}", ev.id) : std::string(" earlier in this run"));
    }
  };
  const auto on_problem = [&](const ingest::Problem& p) {
    (p.severity == ingest::Severity::error ? errors : warnings)++;
    if (c.json) problems.push_back({{"severity", p.severity == ingest::Severity::error ? "error" : "warning"}, {"source", p.source}, {"message", p.message}});
    progress.clear();
    print_problem(p);
  };
  ingest::ReadOptions read;
  read.max_document_bytes = o.max_mb << 20;
  std::uint64_t input_bytes = 0;
  pipeline::process_inputs(
      o.paths, read, {}, threads,
      [&](pipeline::InputItem&& item) {
        ++records;
        for (const auto& p : item.problems) on_problem(p);
        for (auto& d : item.documents) ingestor.add(std::move(d));
        progress.update(records, ingestor.stats().added + ingestor.stats().duplicates, errors, input_bytes);
      },
      [&](std::uint64_t bytes) { input_bytes = bytes; });
  ingestor.flush();
  progress.clear();
  const auto& s = ingestor.stats();
  const double secs = seconds_since(t0);
  // Cheap counts only: this runs after every ingest, however large the store.
  const std::uint32_t n_articles = store.article_count(), n_stories = store.story_count(2), n_edges = store.edge_count();
  if (c.json) {
    std::cout << nlohmann::json{{"added", s.added},          {"duplicates", s.duplicates}, {"errors", errors},
                                {"warnings", warnings},      {"pairs", s.pairs},           {"seconds", secs},
                                {"threads", threads},        {"stories_extended", s.stories_extended}, {"stories_rebuilt", s.stories_rebuilt},
                                {"candidates_analysed", s.candidates_analysed}, {"candidates_cached", s.candidates_cached},
                                {"store", {{"articles", n_articles}, {"stories", n_stories}, {"edges", n_edges}}},
                                {"problems", problems},      {"articles", articles}}
                     .dump(2)
              << "\n";
  } else if (!o.quiet) {
    std::cout << fmt::format("ingested {} new article(s), {} already stored, {} error(s) in {:.2f}s ({:.1f} MB/s, {} thread(s)); {} new reuse pair(s)\n",
                             s.added, s.duplicates, errors, secs, secs > 0 ? s.bytes / 1e6 / secs : 0.0, threads, s.pairs);
    std::cout << fmt::format("store {}: {} articles, {} stories with shared text, {} stemma edges\n", c.db, n_articles,
                             n_stories, n_edges);
  }
  if (errors == 0) return kOk;
  return (s.added + s.duplicates) > 0 ? kPartial : kFailed;
}

nlohmann::json document_json(const ingest::Document& d) {
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : d.links)
    links.push_back({{"url", l.url}, {"anchor", l.anchor}, {"begin", text::char_offset(d.body, l.begin)},
                     {"end", text::char_offset(d.body, l.end)}});
  const auto date = [](const std::optional<ingest::Timestamp>& t) {
    return t ? nlohmann::json(ingest::format_utc(t->utc_seconds)) : nlohmann::json(nullptr);
  };
  return {{"source", d.source},          {"url", d.url},           {"title", d.title},
          {"byline", d.byline},          {"published", date(d.published)}, {"modified", date(d.modified)},
          {"fetched", date(d.fetched)},  {"site", d.outlet},       {"canonical_url", d.canonical_url},
          {"language", d.language},      {"body", d.body},         {"links", links}};
}

struct ExtractOptions {
  std::vector<std::string> paths;
  std::string urls_file; // TSV: path <TAB> url
  bool jsonl = false;
  unsigned threads = 0;
};

// Extracts articles and prints them; stores nothing.
int run_extract(const Common& c, const ExtractOptions& o) {
  std::unordered_map<std::string, std::string> urls;
  if (!o.urls_file.empty()) {
    std::ifstream in(o.urls_file);
    if (!in) {
      std::cerr << fmt::format("stemma: error: {}: cannot open URL map\n", o.urls_file);
      return kFailed;
    }
    std::string line;
    while (std::getline(in, line)) {
      const auto tab = line.find('\t');
      if (tab != std::string::npos) urls[line.substr(0, tab)] = line.substr(tab + 1);
    }
  }
  ingest::ReadOptions read;
  std::size_t ok = 0, failed = 0;
  nlohmann::json all = nlohmann::json::array();
  const unsigned threads = o.threads ? o.threads : pipeline::default_threads();
  // URL hints must reach the record before conversion: read, patch, convert.
  ingest::RecordSink sink;
  std::vector<ingest::RawRecord> batch;
  const auto emit = [&](nlohmann::json j) {
    if (o.jsonl) std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else if (c.json) all.push_back(std::move(j));
  };
  const auto drain = [&] {
    std::vector<std::vector<nlohmann::json>> out(batch.size());
    pipeline::parallel_for(batch.size(), threads, [&](std::size_t i) {
      ingest::Sink s;
      const std::string source = batch[i].source;
      s.document = [&](ingest::Document&& d) { out[i].push_back(document_json(d)); };
      s.problem = [&](ingest::Problem&& p) {
        if (p.severity == ingest::Severity::error) out[i].push_back({{"source", p.source}, {"error", p.message}});
      };
      ingest::convert(std::move(batch[i]), read, s);
    });
    for (auto& list : out)
      for (auto& j : list) {
        (j.contains("error") ? failed : ok)++;
        if (j.contains("error")) std::cerr << fmt::format("stemma: error: {}: {}\n", j["source"].get<std::string>(), j["error"].get<std::string>());
        if (!c.json && !o.jsonl && !j.contains("error"))
          std::cout << fmt::format("{}\n  title: {}\n  site: {} · published: {} · language: {} · {} words · {} links\n",
                                   j["source"].get<std::string>(), j["title"].get<std::string>(), j["site"].get<std::string>(),
                                   j["published"].is_null() ? "unknown" : j["published"].get<std::string>(),
                                   j["language"].get<std::string>(), text::analyze(j["body"].get<std::string>()).tokens.size(),
                                   j["links"].size());
        else emit(std::move(j));
      }
    batch.clear();
  };
  sink.record = [&](ingest::RawRecord&& r) {
    if (r.url.empty())
      if (const auto it = urls.find(r.source); it != urls.end()) r.url = it->second;
    batch.push_back(std::move(r));
    if (batch.size() >= 64) drain();
  };
  sink.problem = [&](ingest::Problem&& p) {
    if (p.severity == ingest::Severity::error) ++failed;
    print_problem(p);
  };
  ingest::read_records(o.paths, read, sink);
  drain();
  if (c.json && !o.jsonl) std::cout << all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  if (failed == 0) return kOk;
  return ok > 0 ? kPartial : kFailed;
}

// The first article read from a file (as `ingest` reads it); the first error, if none.
// Warnings go to `on_warning` when given (not from worker threads: stderr lines would interleave).
std::optional<ingest::Document> read_first_document(const std::string& path, std::string& error,
                                                    const std::function<void(const ingest::Problem&)>& on_warning = {}) {
  std::optional<ingest::Document> doc;
  ingest::Sink sink;
  sink.document = [&](ingest::Document&& d) {
    if (!doc) doc = std::move(d);
  };
  sink.problem = [&](ingest::Problem&& p) {
    if (p.severity == ingest::Severity::error && error.empty()) error = fmt::format("{}: {}", p.source, p.message);
    else if (p.severity == ingest::Severity::warning && on_warning) on_warning(p);
  };
  ingest::read_path(path, {}, sink);
  if (!doc && error.empty()) error = fmt::format("{}: no article found", path);
  return doc;
}

// An article given on the command line: a stored one, or a file to analyse.
struct Resolved {
  store::ArticleRow row;
  bool stored = false;
};

std::optional<Resolved> resolve(const store::Store& store, const std::string& ref, std::string& error) {
  const bool numeric = !ref.empty() && ref.find_first_not_of("#0123456789") == std::string::npos;
  if (numeric || !std::filesystem::exists(ref)) {
    if (ref != "-") {
      if (const auto id = pipeline::resolve_article(store, ref)) return Resolved{*store.article(*id), true};
      if (numeric || !std::filesystem::exists(ref)) {
        error = fmt::format("'{}' is neither a stored article (id, URL or external id) nor a readable file", ref);
        return std::nullopt;
      }
    }
  }
  std::optional<ingest::Document> doc = read_first_document(ref, error, print_problem);
  if (!doc) return std::nullopt;
  // The same text may already be stored: use the stored copy and its lineage.
  if (const auto id = store.find_by_hash(doc->content_hash())) return Resolved{*store.article(*id), true};
  Resolved r;
  r.row.title = doc->title;
  r.row.url = doc->url;
  r.row.outlet = doc->outlet;
  r.row.source = doc->source;
  r.row.body = doc->body;
  r.row.published_raw = doc->published_raw;
  if (doc->published) r.row.published_utc = doc->published->utc_seconds, r.row.published_has_time = doc->published->has_time;
  return r;
}

int run_trace(const Common& c, const std::string& ref, bool also_shares_mutations) {
  store::Store store(c.db, store::Store::Mode::read_only);
  store.begin_read();
  std::string error;
  const auto r = resolve(store, ref, error);
  if (!r) {
    std::cerr << "stemma: error: " << error << "\n";
    return kNotFound;
  }
  pipeline::Trace t;
  if (r->stored) {
    t = pipeline::trace_stored(store, r->row.id);
  } else {
    ingest::Document doc;
    doc.title = r->row.title;
    doc.url = r->row.url;
    doc.outlet = r->row.outlet;
    doc.source = r->row.source;
    doc.body = r->row.body;
    doc.published_raw = r->row.published_raw;
    doc.published = ingest::parse_timestamp(doc.published_raw);
    t = pipeline::trace_document(store, doc);
  }
  if (c.json) std::cout << pipeline::trace_json(store, t, also_shares_mutations).dump(2) << "\n";
  else cli::print_trace(std::cout, store, t);
  return kOk;
}

int run_compare(const Common& c, const std::string& ref_a, const std::string& ref_b) {
  store::Store store(c.db, store::Store::Mode::read_only);
  std::string error;
  const auto a = resolve(store, ref_a, error);
  const auto b = a ? resolve(store, ref_b, error) : std::nullopt;
  if (!a || !b) {
    std::cerr << "stemma: error: " << error << "\n";
    return kNotFound;
  }
  if (c.json) {
    std::cout << pipeline::compare_json(a->row, b->row).dump(2) << "\n";
  } else {
    const text::Analysis ta = text::analyze(a->row.body), tb = text::analyze(b->row.body);
    const align::Alignment al = align::align({a->row.body, ta}, {b->row.body, tb});
    cli::print_side_by_side(std::cout, a->row, b->row, al, cli::terminal_width());
  }
  return kOk;
}

struct AlignOptions {
  std::string a, b;
  std::string pairs_file; // TSV: a_path <TAB> b_path [<TAB> label]
  bool raw = false;       // files are plain UTF-8 text as they are: offsets index the file itself
  bool edits = false;
  unsigned threads = 0;
};

// The body of one input for `stemma align`: the file itself (--raw) or the article read from it.
std::optional<std::string> align_input(const std::string& path, bool raw, std::string& error) {
  if (raw) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = fmt::format("{}: cannot open", path);
      return std::nullopt;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text::repair_utf8(bytes).text;
  }
  std::optional<ingest::Document> doc = read_first_document(path, error);
  if (!doc) return std::nullopt;
  return std::move(doc->body);
}

nlohmann::json align_json(const std::string& a_body, const std::string& b_body, bool with_edits) {
  const text::Analysis ta = text::analyze(a_body), tb = text::analyze(b_body);
  const align::Alignment al = align::align({a_body, ta}, {b_body, tb});
  const nlohmann::json passages = pipeline::pair_passages_json(al, a_body, ta, b_body, tb, with_edits, 240);
  return {{"coverage_a", al.coverage_a}, {"coverage_b", al.coverage_b}, {"words_a", al.tokens_a},
          {"words_b", al.tokens_b},      {"similarity", align::similarity(al)}, {"rewrite", align::rewrite_score(al)},
          {"passages", passages}};
}

// Aligns two files, or every pair of a TSV list, without a store. Batch mode prints JSON lines in input order.
int run_align(const Common& c, const AlignOptions& o) {
  struct Pair {
    std::string a, b, label;
  };
  std::vector<Pair> pairs;
  const bool batch = !o.pairs_file.empty();
  if (batch) {
    std::ifstream in(o.pairs_file);
    if (!in) {
      std::cerr << fmt::format("stemma: error: {}: cannot open pair list\n", o.pairs_file);
      return kFailed;
    }
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty() || line[0] == '#') continue;
      const auto t1 = line.find('\t');
      if (t1 == std::string::npos) {
        std::cerr << fmt::format("stemma: error: {}:{}: expected 'a_path<TAB>b_path[<TAB>label]'\n", o.pairs_file, number);
        return kUsage;
      }
      const auto t2 = line.find('\t', t1 + 1);
      pairs.push_back({line.substr(0, t1), line.substr(t1 + 1, t2 == std::string::npos ? std::string::npos : t2 - t1 - 1),
                       t2 == std::string::npos ? std::string() : line.substr(t2 + 1)});
    }
  } else {
    if (o.a.empty() || o.b.empty()) {
      std::cerr << "stemma: error: give two files, or --pairs FILE\n";
      return kUsage;
    }
    pairs.push_back({o.a, o.b, {}});
  }
  std::vector<nlohmann::json> out(pairs.size());
  const unsigned threads = o.threads ? o.threads : pipeline::default_threads();
  pipeline::parallel_for(pairs.size(), threads, [&](std::size_t i) {
    std::string error;
    const auto a = align_input(pairs[i].a, o.raw, error);
    const auto b = a ? align_input(pairs[i].b, o.raw, error) : std::nullopt;
    nlohmann::json j = a && b ? align_json(*a, *b, o.edits) : nlohmann::json{{"error", error}};
    j["a_path"] = pairs[i].a;
    j["b_path"] = pairs[i].b;
    if (!pairs[i].label.empty()) j["label"] = pairs[i].label;
    out[i] = std::move(j);
  });
  std::size_t failed = 0;
  for (const auto& j : out) {
    if (j.contains("error")) {
      ++failed;
      std::cerr << "stemma: error: " << j["error"].get<std::string>() << "\n";
      if (!batch) return kFailed;
    }
    if (batch) std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    else if (c.json) std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  if (!batch && !c.json) {
    const auto& j = out.front();
    std::cout << fmt::format("{} ↔ {}: {} passage(s), {:.0f}% of a and {:.0f}% of b shared, similarity {:.2f}\n", o.a, o.b,
                             j["passages"].size(), 100 * j["coverage_a"].get<double>(), 100 * j["coverage_b"].get<double>(),
                             j["similarity"].get<double>());
    for (const auto& p : j["passages"])
      std::cout << fmt::format("  a {}–{} ↔ b {}–{} · {} · similarity {:.2f}\n", p["a"]["begin"].get<std::size_t>(),
                               p["a"]["end"].get<std::size_t>(), p["b"]["begin"].get<std::size_t>(), p["b"]["end"].get<std::size_t>(),
                               p["kind"].get<std::string>(), p["similarity"].get<double>());
  }
  if (failed == 0) return kOk;
  return failed < out.size() ? kPartial : kFailed;
}

struct SimilarityOptions {
  std::string a, b;      // two texts given inline
  std::string tsv_file;  // lines: id <TAB> text_a <TAB> text_b
  unsigned threads = 0;
};

nlohmann::json similarity_json(const std::string& a, const std::string& b) {
  const std::string ra = text::repair_utf8(a).text, rb = text::repair_utf8(b).text;
  const align::SentenceSimilarity s = align::sentence_similarity(text::analyze(ra), text::analyze(rb));
  return {{"score", s.score},
          {"features",
           {{"word_dice", s.word_dice}, {"canonical_dice", s.canonical_dice}, {"content_dice", s.content_dice},
            {"content_containment_min", s.content_containment_min}, {"content_containment_max", s.content_containment_max},
            {"bigram_dice", s.bigram_dice}, {"ordered_similarity", s.ordered_similarity}, {"length_ratio", s.length_ratio},
            {"number_mismatch", s.number_mismatch}, {"synonym_share", s.synonym_share}}}};
}

// Sentence similarity of two texts, or of every line of a TSV file (JSON lines out, in order).
int run_similarity(const Common& c, const SimilarityOptions& o) {
  if (o.tsv_file.empty()) {
    if (o.a.empty() && o.b.empty()) {
      std::cerr << "stemma: error: give two texts, or --tsv FILE\n";
      return kUsage;
    }
    const nlohmann::json j = similarity_json(o.a, o.b);
    if (c.json) std::cout << j.dump(2) << "\n";
    else std::cout << fmt::format("{:.3f}\n", j["score"].get<double>());
    return kOk;
  }
  std::ifstream in(o.tsv_file);
  if (!in) {
    std::cerr << fmt::format("stemma: error: {}: cannot open\n", o.tsv_file);
    return kFailed;
  }
  struct Line {
    std::string id, a, b;
  };
  std::vector<Line> lines;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto t1 = line.find('\t'), t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) {
      std::cerr << fmt::format("stemma: error: {}:{}: expected 'id<TAB>text_a<TAB>text_b'\n", o.tsv_file, number);
      return kUsage;
    }
    lines.push_back({line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)});
  }
  std::vector<nlohmann::json> out(lines.size());
  pipeline::parallel_for(lines.size(), o.threads ? o.threads : pipeline::default_threads(), [&](std::size_t i) {
    out[i] = similarity_json(lines[i].a, lines[i].b);
    out[i]["id"] = lines[i].id;
  });
  for (const auto& j : out) std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return kOk;
}

int run_stories(const Common& c, bool all) {
  store::Store store(c.db, store::Store::Mode::read_only);
  const auto stories = store.stories(all ? 1 : 2);
  if (c.json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& s : stories) j.push_back(pipeline::story_summary_json(s));
    std::cout << j.dump(2) << "\n";
  } else {
    cli::print_stories(std::cout, stories);
  }
  return kOk;
}

// How `story` prints: a format and a file ("" for stdout).
struct StoryOutput {
  pipeline::StoryFormat format = pipeline::StoryFormat::text;
  std::string path;
  bool format_given = false; // --format on the command line
};

int print_story(const store::Store& store, std::uint32_t id, const StoryOutput& o) {
  const auto story = store.story(id);
  if (!story) {
    std::cerr << fmt::format("stemma: error: no story #{} (list them with 'stemma stories')\n", id);
    return kNotFound;
  }
  const lineage::Stemma s = store.stemma(id);
  std::string text;
  switch (o.format) {
  case pipeline::StoryFormat::text: {
    std::ostringstream tree;
    cli::print_story_tree(tree, store, *story, s);
    text = tree.str();
    break;
  }
  default: text = pipeline::story_export(store, *story, s, o.format); break;
  }
  if (o.path.empty() || o.path == "-") {
    std::cout << text << std::flush;
    return kOk;
  }
  std::ofstream f(o.path, std::ios::binary | std::ios::trunc);
  if (f) f.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (f) f.close();
  if (!f) {
    std::cerr << fmt::format("stemma: error: {}: cannot write: {}\n", o.path, std::strerror(errno));
    return kFailed;
  }
  return kOk;
}

int run_story(const Common& c, const std::string& ref, StoryOutput o) {
  if (c.json) {
    if (o.format_given && o.format != pipeline::StoryFormat::json) {
      std::cerr << "stemma: error: --json is --format json; give one or the other\n";
      return kUsage;
    }
    o.format = pipeline::StoryFormat::json;
  }
  store::Store store(c.db, store::Store::Mode::read_only);
  store.begin_read();
  std::string_view s = ref;
  if (!s.empty() && s.front() == '#') s.remove_prefix(1);
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos || s.size() > 9) {
    // Not a story id: accept an article reference and show its story.
    const auto id = pipeline::resolve_article(store, ref);
    if (!id) {
      std::cerr << fmt::format("stemma: error: '{}' is not a story id or a stored article\n", ref);
      return kNotFound;
    }
    return print_story(store, store.story_of(*id), o);
  }
  return print_story(store, static_cast<std::uint32_t>(std::stoul(std::string(s))), o);
}

int run_stats(const Common& c) {
  store::Store store(c.db, store::Store::Mode::read_only);
  if (c.json) {
    std::cout << pipeline::stats_json(store).dump(2) << "\n";
    return kOk;
  }
  const auto s = store.stats();
  const double per = s.articles ? 1.0 / static_cast<double>(s.articles) : 0;
  std::cout << fmt::format("{}: schema v{}\n  articles {}  stories {}  reuse pairs {}  passages {}  edges {}\n"
                           "  text {:.1f} MB  index {:.1f} KB ({:.0f} bytes/article, {} postings; {:.0f} bytes/article on disk)  file {:.1f} MB\n",
                           c.db, store.schema_version(), s.articles, s.stories, s.pairs, s.passages, s.edges, s.text_bytes / 1e6,
                           s.index_bytes / 1e3, s.index_bytes * per, s.postings, s.index_disk_bytes * per, s.file_bytes / 1e6);
  return kOk;
}

int run_demo(Common c, const std::string& corpus) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(corpus)) {
    std::cerr << fmt::format("stemma: error: {}: demo corpus folder not found\n", corpus);
    return kFailed;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(c.db + suffix);
  IngestOptions o;
  // The articles only: the folder also holds truth.json, the true stemma.
  for (const auto& entry : fs::directory_iterator(corpus))
    if (entry.is_regular_file() && entry.path().extension() == ".txt") o.paths.push_back(entry.path().string());
  std::sort(o.paths.begin(), o.paths.end());
  o.quiet = c.json;
  const bool json = c.json;
  c.json = false;
  if (const int rc = run_ingest(c, o); rc != kOk) return rc;
  store::Store store(c.db, store::Store::Mode::read_only);
  const auto stories = store.stories(2);
  if (stories.empty()) {
    std::cerr << "stemma: error: the demo corpus produced no story\n";
    return kFailed;
  }
  if (!json) std::cout << "\n";
  return print_story(store, stories.front().id, {json ? pipeline::StoryFormat::json : pipeline::StoryFormat::text, "", false});
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"stemma: finds which earlier news articles an article reuses, how, and with what credit,\n"
               "and builds the family tree (stemma) of each story."};
  app.set_version_flag("--version", std::string("stemma ") + STEMMA_VERSION);
  app.require_subcommand(1);
  Common common;
  const auto add_common = [&](CLI::App* sub) {
    sub->add_option("--db", common.db, "database file")->capture_default_str();
    sub->add_flag("--json", common.json, "print JSON (schema in docs/json.md)");
  };

  IngestOptions ingest_opts;
  auto* ingest = app.add_subcommand("ingest", "store articles from files, folders (recursive), JSONL, or - for stdin");
  ingest->add_option("paths", ingest_opts.paths, "files or folders (.txt/.md plain text, .jsonl records), or -")->required();
  ingest->add_option("--batch", ingest_opts.batch, "articles per committed batch")->capture_default_str()->check(CLI::Range(1, 100000));
  ingest->add_option("--max-mb", ingest_opts.max_mb, "largest article accepted, in MiB")->capture_default_str()->check(CLI::Range(1, 4000));
  ingest->add_option("--threads", ingest_opts.threads, "worker threads (0: all cores)")->capture_default_str();
  ingest->add_flag("--quiet,-q", ingest_opts.quiet, "print only problems, no progress");
  ingest->add_option("--index-memory", ingest_opts.index_memory_mb,
                     "MB of index segments held decoded in memory for the candidate lookups (0: read them from the database)")
      ->capture_default_str()->check(CLI::Range(std::size_t{0}, std::size_t{1} << 20));
  add_common(ingest);

  ExtractOptions extract_opts;
  auto* extract = app.add_subcommand("extract", "extract articles from HTML, WARC or text inputs and print them; stores nothing");
  extract->add_option("paths", extract_opts.paths, "files or folders (.html .htm .warc, optionally .gz; .txt; .jsonl), or -")->required();
  extract->add_flag("--jsonl", extract_opts.jsonl, "one JSON object per line");
  extract->add_option("--urls", extract_opts.urls_file, "TSV file of 'path<TAB>url' lines giving each page's URL");
  extract->add_option("--threads", extract_opts.threads, "worker threads (0: all cores)")->capture_default_str();
  add_common(extract);

  std::string trace_ref;
  auto* trace = app.add_subcommand("trace", "what an article reuses: its sources, relations and shared passages");
  trace->add_option("article", trace_ref, "stored id, URL or external id, or a file not yet stored (- for stdin)")->required();
  bool trace_also_mutations = false;
  trace->add_flag("--also-mutations", trace_also_mutations, "with --json: also what changed against each 'also shares' article");
  add_common(trace);

  std::string cmp_a, cmp_b;
  auto* compare = app.add_subcommand("compare", "the aligned passages of two articles, side by side");
  compare->add_option("a", cmp_a, "stored article or file")->required();
  compare->add_option("b", cmp_b, "stored article or file")->required();
  add_common(compare);

  AlignOptions align_opts;
  auto* align_cmd = app.add_subcommand("align", "the passages two files share, without a store (batch: --pairs TSV, JSON lines out)");
  align_cmd->add_option("a", align_opts.a, "first (source) file");
  align_cmd->add_option("b", align_opts.b, "second (derived) file");
  align_cmd->add_option("--pairs", align_opts.pairs_file, "TSV of 'a_path<TAB>b_path[<TAB>label]' lines; prints one JSON line per pair");
  align_cmd->add_flag("--raw", align_opts.raw, "read files as plain UTF-8 text as they are (offsets index the file)");
  align_cmd->add_flag("--edits", align_opts.edits, "add each passage's word-level edit script");
  align_cmd->add_option("--threads", align_opts.threads, "worker threads (0: all cores)")->capture_default_str();
  align_cmd->add_flag("--json", common.json, "print JSON (schema in docs/json.md)");

  SimilarityOptions sim_opts;
  auto* similarity = app.add_subcommand("similarity", "how alike two sentences are (batch: --tsv, JSON lines out)");
  similarity->add_option("a", sim_opts.a, "first text");
  similarity->add_option("b", sim_opts.b, "second text");
  similarity->add_option("--tsv", sim_opts.tsv_file, "file of 'id<TAB>text_a<TAB>text_b' lines; prints one JSON line each");
  similarity->add_option("--threads", sim_opts.threads, "worker threads (0: all cores)")->capture_default_str();
  similarity->add_flag("--json", common.json, "print JSON (schema in docs/json.md)");

  bool all_stories = false;
  auto* stories = app.add_subcommand("stories", "list stories (articles linked by shared text)");
  stories->add_flag("--all", all_stories, "include single-article stories");
  add_common(stories);

  std::string story_ref;
  auto* story = app.add_subcommand("story", "one story's stemma as a tree (origin at the top)");
  story->add_option("id", story_ref, "story id, or a stored article whose story to show")->required();
  std::string story_format = "text";
  StoryOutput story_out;
  story->add_option("--format", story_format, "text (the tree), json, csv (one row per edge), csv-nodes, graphml or dot (docs/exports.md)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "csv", "csv-nodes", "graphml", "dot"}));
  story->add_option("-o,--output", story_out.path, "write to this file instead of stdout");
  add_common(story);

  auto* stats = app.add_subcommand("stats", "database counts and index size");
  add_common(stats);

  std::string corpus = STEMMA_DEMO_DIR;
  auto* demo = app.add_subcommand("demo", "ingest the bundled demo corpus into a fresh database and print its stemma");
  demo->add_option("--corpus", corpus, "demo corpus folder")->capture_default_str();
  std::string demo_db = "stemma-demo.db";
  demo->add_option("--db", demo_db, "database file (replaced)")->capture_default_str();
  demo->add_flag("--json", common.json, "print JSON (schema in docs/json.md)");

  server::ServerOptions serve_opts;
  auto* serve = app.add_subcommand("serve", "the JSON HTTP API and the web page (docs/api.md); Ctrl-C stops it");
  serve->add_option("--db", serve_opts.db, "database file")->capture_default_str();
  serve->add_option("--host", serve_opts.host, "address to listen on (loopback unless told otherwise)")->capture_default_str();
  serve->add_option("--port", serve_opts.port, "port (0: any free port; the URL is printed)")->capture_default_str()->check(CLI::Range(0, 65535));
  serve->add_option("--token", serve_opts.token, "bearer token that allows writes (ingest); default $STEMMA_TOKEN, writes refused without");
  serve->add_option("--threads", serve_opts.threads, "request workers, one database connection each (0: all cores)")->capture_default_str()
      ->check(CLI::Range(0, 256));
  serve->add_option("--max-queue", serve_opts.max_queue, "requests that may wait for a worker; more are refused with 429")
      ->capture_default_str()->check(CLI::Range(1, 4096));
  serve->add_option("--max-body", serve_opts.max_body, "largest request body in bytes; larger get 413")->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 32));
  serve->add_option("--index-memory", serve_opts.index_memory_mb,
                    "MB of index segments held decoded in memory, shared by the workers (0: read them from the database)")
      ->capture_default_str()->check(CLI::Range(std::size_t{0}, std::size_t{1} << 20));
  serve->add_option("--analysis-memory", serve_opts.analysis_memory_mb,
                    "MB of stored articles' text analyses kept across requests, shared by the workers (0: none)")
      ->capture_default_str()->check(CLI::Range(std::size_t{0}, std::size_t{1} << 20));
  serve->add_option("--web-root", serve_opts.web_root, "folder of the web page's files (default: the built web/dist, if found)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kOk : kUsage;
  }

  try {
    if (*ingest) return run_ingest(common, ingest_opts);
    if (*extract) return run_extract(common, extract_opts);
    if (*trace) return run_trace(common, trace_ref, trace_also_mutations);
    if (*compare) return run_compare(common, cmp_a, cmp_b);
    if (*align_cmd) return run_align(common, align_opts);
    if (*similarity) return run_similarity(common, sim_opts);
    if (*stories) return run_stories(common, all_stories);
    if (*story) {
      story_out.format = *pipeline::story_format_from_string(story_format);
      story_out.format_given = story->count("--format") > 0;
      return run_story(common, story_ref, story_out);
    }
    if (*stats) return run_stats(common);
    if (*demo) return run_demo({demo_db, common.json}, corpus);
    if (*serve) {
      if (serve->count("--token") == 0)
        if (const char* t = std::getenv("STEMMA_TOKEN")) serve_opts.token = t;
      return server::run_server(serve_opts, std::cout, std::cerr);
    }
  } catch (const store::StoreError& e) {
    std::cerr << "stemma: error: " << e.what() << "\n";
    return kFailed;
  } catch (const std::exception& e) {
    std::cerr << "stemma: error: " << e.what() << "\n";
    return kFailed;
  }
  return kUsage;
}
