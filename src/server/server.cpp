// `stemma serve`: the HTTP front of the pipeline. cpp-httplib handles connections on a bounded
// pool (ConnectionQueue); each request borrows one of `threads` read-only store connections.
#include "server/server.h"
#include "server/internal.h"

#include <fmt/format.h>

#include <csignal>
#include <deque>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>

namespace stemma::server {

StorePool::StorePool(const std::string& path, unsigned count, std::size_t max_waiting,
                     const std::shared_ptr<store::ResidentPostings>& resident)
    : max_waiting_(max_waiting) {
  for (unsigned i = 0; i < count; ++i) {
    stores_.push_back(std::make_unique<store::Store>(path, store::Store::Mode::read_only));
    if (resident) stores_.back()->use_resident_index(resident);
    free_.push_back(stores_.back().get());
  }
}

StorePool::Lease::~Lease() {
  {
    const std::lock_guard lock(pool_.mutex_);
    pool_.free_.push_back(store_);
  }
  pool_.available_.notify_one();
}

std::unique_ptr<StorePool::Lease> StorePool::acquire() {
  std::unique_lock lock(mutex_);
  if (free_.empty() && waiting_ >= max_waiting_) throw HttpError(429, "the server is busy: too many requests waiting; retry shortly");
  ++waiting_;
  available_.wait(lock, [&] { return !free_.empty(); });
  --waiting_;
  store::Store* s = free_.back();
  free_.pop_back();
  return std::make_unique<Lease>(*this, s);
}

namespace {

// Connections beyond the pool and its backlog are not queued without bound: one extra thread
// answers each with 429 and closes it (the flag tells the handlers which thread they are on).
thread_local bool t_rejecting = false;

class ConnectionQueue : public httplib::TaskQueue {
public:
  ConnectionQueue(std::size_t threads, std::size_t backlog) : backlog_(backlog) {
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(pending_, false); });
    workers_.emplace_back([this] { work(rejected_, true); });
  }
  void enqueue(std::function<void()> fn) override {
    {
      const std::lock_guard lock(mutex_);
      (pending_.size() >= backlog_ ? rejected_ : pending_).push_back(std::move(fn));
    }
    ready_.notify_all();
  }
  void shutdown() override {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : workers_) t.join();
  }

private:
  void work(std::deque<std::function<void()>>& queue, bool rejecting) {
    t_rejecting = rejecting;
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return stopping_ || !queue.empty(); });
        if (queue.empty()) return; // stopping, and nothing left to close
        fn = std::move(queue.front());
        queue.pop_front();
      }
      fn();
    }
  }
  std::size_t backlog_;
  std::deque<std::function<void()>> pending_, rejected_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable ready_;
  bool stopping_ = false;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1, lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    if (lo < 0) throw HttpError(400, "malformed percent escape in the path");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  if (out.find('\0') != std::string::npos) throw HttpError(400, "NUL byte in the path");
  return out;
}

std::string_view mime_of(const std::filesystem::path& p) {
  static const std::unordered_map<std::string, std::string_view> types = {
      // Scripts as application/javascript with a charset: cpp-httplib then sends them as they are. It
      // compresses text/* on every request with brotli at its slowest setting (2.2 s for the 480 KB
      // bundle, measured), which a loopback page does not need; the hashed assets are cached instead.
      {".html", "text/html; charset=utf-8"}, {".js", "application/javascript; charset=utf-8"}, {".mjs", "application/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".json", "application/json; charset=utf-8"}, {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},             {".png", "image/png"},                         {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},               {".gif", "image/gif"},                         {".webp", "image/webp"},
      {".ico", "image/x-icon"},              {".woff2", "font/woff2"},                      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"}, {".webmanifest", "application/manifest+json"}};
  const auto it = types.find(p.extension().string());
  return it == types.end() ? std::string_view("application/octet-stream") : it->second;
}

// The page / shows when the web page has not been built: a real answer, with the fix.
constexpr const char* kNotBuiltPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>stemma</title></head>
<body><h1>stemma</h1>
<p>The API is running (<a href="/api/v1/health">/api/v1/health</a>; endpoints in docs/api.md), but the web page is not built.</p>
<p>Build it with <code>npm ci &amp;&amp; npm run build</code> in the <code>web/</code> folder of the source tree, then restart
<code>stemma serve</code>, or point it at a built copy with <code>--web-root DIR</code>.</p>
</body></html>
)";

bool read_file(const std::filesystem::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

} // namespace

std::vector<std::string> path_segments(const std::string& target) {
  std::string_view path = target;
  path = path.substr(0, path.find('?'));
  path = path.substr(0, path.find('#'));
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    const std::size_t slash = path.find('/', i);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > i) out.push_back(percent_decode(path.substr(i, end - i)));
    i = end + 1;
  }
  return out;
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, {{"error", {{"status", status}, {"message", message}}}});
}

void handle_static(const Context& ctx, const httplib::Request& req, httplib::Response& res, const std::vector<std::string>& segments) {
  namespace fs = std::filesystem;
  if (req.method != "GET" && req.method != "HEAD") {
    res.set_header("Allow", "GET, HEAD");
    throw HttpError(405, fmt::format("{} is not allowed on the web page's files", req.method));
  }
  if (ctx.web_root.empty()) {
    if (!segments.empty() && segments.back().find('.') != std::string::npos) throw HttpError(404, "no such file (the web page is not built)");
    res.set_content(kNotBuiltPage, "text/html; charset=utf-8");
    return;
  }
  // Segments come decoded one by one: refuse any that could step outside the root.
  fs::path rel;
  for (const auto& s : segments) {
    if (s == "." || s == ".." || s.find('/') != std::string::npos || s.find('\\') != std::string::npos)
      throw HttpError(400, "the path may not contain '.', '..' or encoded slashes");
    rel /= s;
  }
  const auto serve = [&](const fs::path& file) {
    std::error_code ec;
    const fs::path real = fs::canonical(file, ec);
    if (ec || !fs::is_regular_file(real, ec)) return false;
    // Symlinks may not lead out of the root.
    const auto [root_end, _] = std::mismatch(ctx.web_root.begin(), ctx.web_root.end(), real.begin(), real.end());
    if (root_end != ctx.web_root.end()) return false;
    std::string bytes;
    if (!read_file(real, bytes)) return false;
    res.set_content(std::move(bytes), std::string(mime_of(real)));
    // Vite names what it builds under assets/ by content hash: such a file never changes.
    const bool hashed = !segments.empty() && segments.front() == "assets" && real.filename() != "index.html";
    res.set_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    return true;
  };
  if (!segments.empty() && serve(ctx.web_root / rel)) return;
  // No dot in the last segment: a client route (/story/1, /compare/1/6), which the page handles.
  if (segments.empty() || segments.back().find('.') == std::string::npos) {
    if (serve(ctx.web_root / "index.html")) return;
    throw HttpError(404, fmt::format("{}: no index.html", ctx.web_root.string()));
  }
  throw HttpError(404, fmt::format("no such file: {}", req.path));
}

namespace {

// --web-root, else the page built in the source tree, else the installed copy; empty if none exists.
std::filesystem::path find_web_root(const std::string& given) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto usable = [&](const fs::path& p) { return fs::is_directory(p, ec); };
  if (!given.empty()) return usable(given) ? fs::canonical(given, ec) : fs::path();
  for (const fs::path& p : {fs::path(STEMMA_WEB_SOURCE_DIR), fs::path(STEMMA_WEB_INSTALL_DIR)})
    if (usable(p)) return fs::canonical(p, ec);
  return {};
}

void dispatch(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  try {
    const std::vector<std::string> segments = path_segments(req.target);
    if (!segments.empty() && segments[0] == "api") {
      if (segments.size() < 2 || segments[1] != "v1") throw HttpError(404, fmt::format("no such API: {} (the API lives under /api/v1)", req.path));
      handle_api(ctx, req, res, std::vector<std::string>(segments.begin() + 2, segments.end()));
    } else {
      handle_static(ctx, req, res, segments);
    }
  } catch (const HttpError& e) {
    send_error(res, e.status, e.what());
  } catch (const store::StoreError& e) {
    send_error(res, 500, fmt::format("database error: {}", e.what()));
  } catch (const std::exception& e) {
    send_error(res, 500, fmt::format("internal error: {}", e.what()));
  }
}

// The message of a status httplib sets itself (a body too large, a request it cannot parse).
std::string default_message(int status, std::size_t max_body) {
  switch (status) {
  case 400: return "malformed HTTP request";
  case 404: return "not found";
  case 413: return fmt::format("the request body is larger than the server's limit of {} bytes (--max-body)", max_body);
  case 414: return "the request URI is too long";
  default: return fmt::format("HTTP error {}", status);
  }
}

} // namespace

int run_server(const ServerOptions& options, std::ostream& out, std::ostream& err) {
  Context ctx;
  ctx.options = options;
  ctx.threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t max_queue = std::max<std::size_t>(1, options.max_queue);
  // A configured token allows writes: the writer connection creates the database if needed.
  if (!options.token.empty()) ctx.writer = std::make_unique<store::Store>(options.db, store::Store::Mode::read_write);
  // Each posting is 8 bytes decoded; one copy serves every worker.
  const auto resident = options.index_memory_mb
                            ? std::make_shared<store::ResidentPostings>((options.index_memory_mb << 20) / sizeof(index::Posting))
                            : nullptr;
  ctx.readers = std::make_unique<StorePool>(options.db, ctx.threads, max_queue, resident);
  // About 70 bytes a token (pipeline::Params::analysis_cache_tokens).
  if (options.analysis_memory_mb) ctx.analyses = std::make_unique<pipeline::SharedAnalyses>((options.analysis_memory_mb << 20) / 70);
  ctx.web_root = find_web_root(options.web_root);
  if (!options.web_root.empty() && ctx.web_root.empty()) {
    err << fmt::format("stemma: error: --web-root {}: no such folder\n", options.web_root);
    return 2;
  }

  httplib::Server server;
  // SO_REUSEADDR only: with SO_REUSEPORT a second `stemma serve` on the same port would silently
  // take half of the connections instead of failing to start.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Connection threads: the workers plus a backlog's worth waiting for a store connection.
  server.new_task_queue = [&] { return new ConnectionQueue(ctx.threads + max_queue, max_queue); };
  server.set_payload_max_length(options.max_body);
  server.set_keep_alive_max_count(100);
  server.set_read_timeout(10, 0);
  server.set_default_headers({
      {"Content-Security-Policy", "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
                                  "form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  });
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (!t_rejecting) return httplib::Server::HandlerResponse::Unhandled;
    send_error(res, 429, "the server is busy: too many connections; retry shortly");
    res.set_header("Retry-After", "1");
    res.set_header("Connection", "close");
    return httplib::Server::HandlerResponse::Handled;
  });
  const auto handler = [&](const httplib::Request& req, httplib::Response& res) { dispatch(ctx, req, res); };
  for (const char* pattern : {".*"}) {
    server.Get(pattern, handler);
    server.Post(pattern, handler);
    server.Put(pattern, handler);
    server.Patch(pattern, handler);
    server.Delete(pattern, handler);
    server.Options(pattern, handler);
  }
  // Statuses httplib answers by itself get the same JSON error body.
  server.set_error_handler([&](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) send_error(res, res.status, default_message(res.status, options.max_body));
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send_error(res, 500, "internal error");
  });

  int port = options.port;
  if (port == 0) port = server.bind_to_any_port(options.host);
  else if (!server.bind_to_port(options.host, port)) port = -1;
  if (port <= 0) {
    err << fmt::format("stemma: error: cannot listen on {}:{} ({})\n", options.host, options.port,
                       options.port ? "in use, or not an address of this machine" : "no free port");
    return 3;
  }

  // SIGINT/SIGTERM stop the server from a thread of their own (stop() is not async-signal-safe).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });

  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  out << fmt::format("stemma: serving http://{}:{}/ ({} workers, writes {}, web page {})", host, port, ctx.threads,
                     options.token.empty() ? "disabled" : "enabled with the token",
                     ctx.web_root.empty() ? "not built" : ctx.web_root.string())
      << std::endl;
  const bool ok = server.listen_after_bind();
  // Wake the stopper if the server ended for another reason.
  if (!ok) pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  return ok ? 0 : 3;
}

} // namespace stemma::server
