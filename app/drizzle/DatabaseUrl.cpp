#include "DatabaseUrl.h"

#include <QDir>
#include <QRegularExpression>
#include <QUrl>

namespace sluice {

DatabaseLocation resolveDatabaseUrl(const QString& url, const QString& baseDir)
{
    DatabaseLocation loc;
    loc.url = url;
    QString s = url.trimmed();
    if (s.isEmpty())
        return loc;
    static const QRegularExpression remote(QStringLiteral("^(libsql|https?|wss?|turso|d1)://"),
                                           QRegularExpression::CaseInsensitiveOption);
    if (remote.match(s).hasMatch()) {
        loc.kind = DatabaseLocation::Kind::Remote;
        return loc;
    }
    bool isUrl = false;
    if (s.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
        isUrl = true;
        s = s.mid(5);
        if (s.startsWith(QLatin1String("//"))) {
            // file://host/path: only an empty host or localhost names a local file; anything else
            // ("file://./x.db") is taken as a path written with two extra slashes.
            const QString rest = s.mid(2);
            const qsizetype slash = rest.indexOf(QLatin1Char('/'));
            const QString host = slash < 0 ? rest : rest.left(slash);
            if (host.isEmpty() || host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
                s = slash < 0 ? QString() : rest.mid(slash);
            else
                s = rest;
        }
    }
    if (isUrl) {
        const qsizetype query = s.indexOf(QLatin1Char('?'));
        if (query >= 0)
            s.truncate(query);
        s = QUrl::fromPercentEncoding(s.toUtf8());
    }
    if (s == QLatin1String(":memory:") || s.isEmpty()) {
        loc.kind = s.isEmpty() ? DatabaseLocation::Kind::None : DatabaseLocation::Kind::Memory;
        return loc;
    }
    loc.kind = DatabaseLocation::Kind::File;
    loc.path = QDir::cleanPath(QDir::isAbsolutePath(s) ? s : QDir(baseDir).absoluteFilePath(s));
    return loc;
}

} // namespace sluice
