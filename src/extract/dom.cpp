// gumbo in an arena with a memory budget.
#include "extract/dom.h"

#include <csetjmp>
#include <cstdlib>
#include <cstring>

namespace stemma::extract::detail {

namespace {

constexpr std::size_t kBlockSize = 1u << 20;

struct ParseContext {
  Arena* arena;
  std::jmp_buf* jump;
};

// Called from gumbo's C code. On exhaustion it unwinds straight back to
// parse_html (all of gumbo's memory belongs to the arena, so nothing leaks).
extern "C" void* arena_allocate(void* userdata, std::size_t size) {
  auto* ctx = static_cast<ParseContext*>(userdata);
  void* p = ctx->arena->allocate(size);
  if (p == nullptr) std::longjmp(*ctx->jump, 1);
  return p;
}

extern "C" void arena_deallocate(void*, void*) {}

GumboOutput* parse_guarded(const std::string& html, ParseContext* ctx, GumboOptions* options) {
  std::jmp_buf jump;
  ctx->jump = &jump;
  if (setjmp(jump) != 0) return nullptr;
  return gumbo_parse_with_options(options, html.data(), html.size());
}

} // namespace

Arena::~Arena() {
  while (head_ != nullptr) {
    Block* next = head_->next;
    std::free(head_);
    head_ = next;
  }
}

void* Arena::allocate(std::size_t size) {
  size = (size + 15) & ~static_cast<std::size_t>(15);
  if (size == 0) size = 16;
  if (total_ + size > budget_) return nullptr;
  if (size > static_cast<std::size_t>(limit_ - cursor_) || cursor_ == nullptr) {
    const std::size_t block = size > kBlockSize / 4 ? size + 64 : kBlockSize;
    void* mem = std::malloc(block);
    if (mem == nullptr) return nullptr;
    auto* b = static_cast<Block*>(mem);
    b->size = block;
    if (size > kBlockSize / 4) {
      // A large allocation gets its own block; keep bumping in the current one.
      b->next = head_ ? head_->next : nullptr;
      if (head_) head_->next = b;
      else head_ = b;
      total_ += size;
      return static_cast<char*>(mem) + 64;
    }
    b->next = head_;
    head_ = b;
    cursor_ = static_cast<char*>(mem) + 64;
    limit_ = static_cast<char*>(mem) + block;
  }
  void* p = cursor_;
  cursor_ += size;
  total_ += size;
  return p;
}

GumboOutput* parse_html(const std::string& html, Arena& arena) {
  ParseContext ctx{&arena, nullptr};
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = arena_allocate;
  options.deallocator = arena_deallocate;
  options.userdata = &ctx;
  options.max_errors = 0; // gumbo copies the open-element stack into each error
  return parse_guarded(html, &ctx, &options);
}

} // namespace stemma::extract::detail
