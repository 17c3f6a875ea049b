#pragma once
// One cell as the grid reads it: the storage class SQLite reports (typeof), a display value that
// may be a prefix of the real one, and the real value's full length. BLOBs are never read in a page
// (only their length and, for small ones, a few leading bytes to recognise images).
#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QVariant>

#include <optional>

namespace sluice {

struct Cell
{
    enum class Storage { Null, Integer, Real, Text, Blob };
    Storage storage = Storage::Null;
    // Integer: qint64, Real: double, Text: QString (possibly a prefix), Blob: QByteArray holding at
    // most the first few bytes (empty when the BLOB was too large to sniff), Null: invalid.
    QVariant value;
    // Text: length in characters; Blob: length in bytes; otherwise 0.
    qint64 length = 0;

    bool isNull() const { return storage == Storage::Null; }
    // The display value is only a prefix of the stored value.
    bool isTruncated() const;

    static Storage storageFromTypeof(const QString& typeName);
};

// "12.3 KB", "100.0 MB", "812 B" (binary multiples, the way file managers on Linux show them).
QString humanByteSize(qint64 bytes);

// What a BLOB is, from its first bytes: "PNG image 16×16", "JPEG image", "GIF image 2×3", "PDF document"...
// Empty when not recognised. Works on a prefix: 32 bytes suffice for every format listed.
QString describeBlobPrefix(const QByteArray& prefix);

// The summary the grid shows for a BLOB cell: "PNG image 16×16, 812 B" or "BLOB 12.3 KB".
QString blobSummary(const Cell& cell);

// When an integer looks like a unix time (seconds, or milliseconds, between 2000-01-01 and
// 2100-01-01 UTC), the moment it names; otherwise nothing.
std::optional<QDateTime> unixTimeOf(qint64 value);

} // namespace sluice
