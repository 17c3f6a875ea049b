#pragma once
// Random access into an ordered, filtered row set: the key of every stride-th row, collected by
// one scan (run it on a worker). Row N is then one seek to the key of row N - N % stride plus at
// most stride - 1 skipped rows.
#include "KeysetPager.h"

#include <QList>

#include <optional>

namespace sluice {

class JobControl;

class PositionIndex
{
public:
    static constexpr int kDefaultStride = 256;

    // Scans the order of `builder` (keyed sources only). `expectedRows` (an estimate, may be 0) only
    // scales the progress reports. Stops with an interrupted error when the job is cancelled.
    static Result<PositionIndex> build(Connection& c, const RowQueryBuilder& builder,
                                       JobControl* control = nullptr, qint64 expectedRows = 0,
                                       int stride = kDefaultStride);

    qint64 rowCount() const { return m_rows; } // the scan counts the rows as a by-product
    int stride() const { return m_stride; }
    qsizetype keyCount() const { return m_keys.size(); }

    struct Seek
    {
        RowKey key;  // the key of row `row - skip`
        qint64 skip; // rows to step past from that key (inclusive) to reach `row`
    };
    std::optional<Seek> seek(qint64 row) const;

private:
    QList<RowKey> m_keys;
    qint64 m_rows = 0;
    int m_stride = kDefaultStride;
};

} // namespace sluice
