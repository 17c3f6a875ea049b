#include "CellValue.h"

#include <QtEndian>

namespace sluice {

namespace {

constexpr qint64 kYear2000 = 946684800;  // 2000-01-01T00:00:00Z
constexpr qint64 kYear2100 = 4102444800; // 2100-01-01T00:00:00Z

quint32 be32(const QByteArray& b, int at)
{
    return qFromBigEndian<quint32>(reinterpret_cast<const uchar*>(b.constData()) + at);
}
quint16 le16(const QByteArray& b, int at)
{
    return qFromLittleEndian<quint16>(reinterpret_cast<const uchar*>(b.constData()) + at);
}
qint32 le32(const QByteArray& b, int at)
{
    return qFromLittleEndian<qint32>(reinterpret_cast<const uchar*>(b.constData()) + at);
}

QString dims(qint64 w, qint64 h)
{
    return QStringLiteral(" %1\u00d7%2").arg(w).arg(h);
}

} // namespace

bool Cell::isTruncated() const
{
    if (storage == Storage::Text)
        return value.toString().size() < length;
    if (storage == Storage::Blob)
        return value.toByteArray().size() < length;
    return false;
}

Cell::Storage Cell::storageFromTypeof(const QString& t)
{
    if (t == QLatin1String("integer"))
        return Storage::Integer;
    if (t == QLatin1String("real"))
        return Storage::Real;
    if (t == QLatin1String("text"))
        return Storage::Text;
    if (t == QLatin1String("blob"))
        return Storage::Blob;
    return Storage::Null;
}

QString humanByteSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    static const char* const units[] = {"KB", "MB", "GB", "TB"};
    double v = double(bytes);
    int u = -1;
    while (v >= 1024.0 && u < 3) {
        v /= 1024.0;
        ++u;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

QString describeBlobPrefix(const QByteArray& b)
{
    if (b.size() >= 24 && b.startsWith("\x89PNG\r\n\x1a\n") && b.mid(12, 4) == "IHDR")
        return QStringLiteral("PNG image") + dims(be32(b, 16), be32(b, 20));
    if (b.startsWith("\x89PNG"))
        return QStringLiteral("PNG image");
    if (b.size() >= 10 && (b.startsWith("GIF87a") || b.startsWith("GIF89a")))
        return QStringLiteral("GIF image") + dims(le16(b, 6), le16(b, 8));
    if (b.startsWith("\xff\xd8\xff"))
        return QStringLiteral("JPEG image");
    if (b.size() >= 26 && b.startsWith("BM"))
        return QStringLiteral("BMP image") + dims(le32(b, 18), qAbs(le32(b, 22)));
    if (b.size() >= 12 && b.startsWith("RIFF") && b.mid(8, 4) == "WEBP")
        return QStringLiteral("WebP image");
    if (b.startsWith("%PDF-"))
        return QStringLiteral("PDF document");
    if (b.startsWith("PK\x03\x04"))
        return QStringLiteral("ZIP archive");
    if (b.startsWith("\x1f\x8b"))
        return QStringLiteral("gzip data");
    if (b.startsWith("SQLite format 3"))
        return QStringLiteral("SQLite database");
    return {};
}

QString blobSummary(const Cell& cell)
{
    const QString kind = describeBlobPrefix(cell.value.toByteArray());
    if (kind.isEmpty())
        return QStringLiteral("BLOB ") + humanByteSize(cell.length);
    return kind + QStringLiteral(", ") + humanByteSize(cell.length);
}

std::optional<QDateTime> unixTimeOf(qint64 v)
{
    if (v >= kYear2000 && v < kYear2100)
        return QDateTime::fromSecsSinceEpoch(v, Qt::UTC);
    if (v >= kYear2000 * 1000 && v < kYear2100 * 1000)
        return QDateTime::fromMSecsSinceEpoch(v, Qt::UTC);
    return std::nullopt;
}

} // namespace sluice
