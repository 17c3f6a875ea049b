#include "StatementAtCursor.h"

namespace sluice {

std::optional<StatementSpan> statementAt(const QList<StatementSpan>& spans, int utf8Position, int line)
{
    const StatementSpan* before = nullptr;
    for (const StatementSpan& s : spans) {
        if (utf8Position >= s.utf8Begin && utf8Position <= s.utf8End)
            return s;
        if (s.utf8End < utf8Position) {
            before = &s;
            continue;
        }
        // s starts after the cursor.
        if (before && before->lastLine == line)
            return *before;
        return s;
    }
    if (before)
        return *before;
    return std::nullopt;
}

} // namespace sluice
