// Terminal rendering of stemmas, traces and side-by-side comparisons.
#pragma once

#include "pipeline/pipeline.h"

#include <iosfwd>

namespace stemma::cli {

std::size_t terminal_width();
void print_story_tree(std::ostream& out, const store::Store& store, const store::StoryRow& story, const lineage::Stemma& stemma);
void print_stories(std::ostream& out, const std::vector<store::StoryRow>& stories);
void print_trace(std::ostream& out, const store::Store& store, const pipeline::Trace& trace);
void print_side_by_side(std::ostream& out, const store::ArticleRow& a, const store::ArticleRow& b, const align::Alignment& al,
                        std::size_t width);

} // namespace stemma::cli
