#include "cli/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace stemma::cli {

Progress::Progress(bool enabled, std::uint64_t total_bytes)
    : enabled_(enabled && isatty(STDERR_FILENO)), total_(total_bytes), start_(std::chrono::steady_clock::now()), last_(start_) {}

Progress::~Progress() { clear(); }

void Progress::clear() {
  if (drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
}

void Progress::update(std::uint64_t records, std::uint64_t articles, std::uint64_t skipped, std::uint64_t bytes) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  const double secs = std::max(1e-3, std::chrono::duration<double>(now - start_).count());
  std::string line = fmt::format("{} records · {} articles ({:.0f}/s) · {:.1f} MB ({:.1f} MB/s)", records, articles,
                                 articles / secs, bytes / 1e6, bytes / 1e6 / secs);
  if (total_ > 0 && bytes > 0) {
    const double frac = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(total_));
    const auto eta = static_cast<long>(secs / frac - secs);
    const int width = 20, filled = static_cast<int>(frac * width);
    line = fmt::format("[{}{}] {:3.0f}% ", std::string(static_cast<std::size_t>(filled), '#'),
                       std::string(static_cast<std::size_t>(width - filled), '.'), 100 * frac) +
           line + fmt::format(" · ETA {}:{:02}", eta / 60, eta % 60);
  }
  if (skipped > 0) line += fmt::format(" · {} skipped", skipped);
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  drawn_ = true;
}

} // namespace stemma::cli
