#pragma once
#include "sql/StatementSplitter.h"

#include <optional>

namespace sluice {

// The statement "under the cursor", for a cursor at UTF-8 byte `utf8Position` on 1-based line
// `line` of the script the spans came from: the statement containing it (its end included, so
// "SELECT 1;|" counts); else the one ending earlier on the same line; else the next one;
// else the last one before it. Nothing when there are no spans.
std::optional<StatementSpan> statementAt(const QList<StatementSpan>& spans, int utf8Position, int line);

} // namespace sluice
