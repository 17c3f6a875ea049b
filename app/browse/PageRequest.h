#pragma once
// One page read described as a value, so the GUI thread can plan it and either run it on its own
// connection (bounded reads) or hand it to a worker (scans and sorts).
#include "KeysetPager.h"

namespace sluice {

struct PageRequest
{
    enum class Mode {
        First,        // the first `limit` rows
        Last,         // the last `limit` rows
        After,        // `limit` rows after `key`
        Before,       // `limit` rows before `key`
        From,         // from `key` (inclusive), skipping `skip` rows (position index, dense rowids)
        Offset,       // LIMIT limit OFFSET skip (views; short hops from the start)
        OffsetFromEnd // the `limit` rows ending `skip` rows before the end (short hops from the end)
    };
    Mode mode = Mode::First;
    RowKey key;
    qint64 skip = 0;
    int limit = 100;

    Result<RowPage> run(Connection& c, const KeysetPager& pager) const;
};

} // namespace sluice
