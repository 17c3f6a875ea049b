#include "JournalFolder.h"

#include "DrizzlePlanner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace sluice {

Result<MigrationSource> readMigrationFile(const QString& path, const QString& name, qint64 createdAt)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return DbError::plain(QStringLiteral("Reading migration “%1”").arg(name), f.errorString(),
                              QStringLiteral("Check that the file exists and is readable."), path);
    const QByteArray bytes = f.readAll();
    MigrationSource m;
    m.name = name;
    m.path = QFileInfo(path).absoluteFilePath();
    m.sql = QString::fromUtf8(bytes); // invalid sequences become U+FFFD, as with Node's toString()
    m.hash =
        QString::fromLatin1(QCryptographicHash::hash(m.sql.toUtf8(), QCryptographicHash::Sha256).toHex());
    m.createdAt = createdAt;
    m.chunks = m.sql.split(QStringLiteral("--> statement-breakpoint"));
    return m;
}

Result<QList<MigrationSource>> readJournalFolder(const QString& folder)
{
    const QString op = QStringLiteral("Reading the migrations folder");
    const QString journalPath = QDir(folder).filePath(QStringLiteral("meta/_journal.json"));
    QFile f(journalPath);
    if (!QFileInfo(folder).isDir())
        return DbError::plain(op, QStringLiteral("the folder does not exist"),
                              QStringLiteral("Pass the drizzle-kit `out` folder with --migrations."), folder);
    if (!f.open(QIODevice::ReadOnly))
        return DbError::plain(op, QStringLiteral("Can't find meta/_journal.json file"),
                              QStringLiteral("Is this the folder drizzle-kit generate writes to?"),
                              journalPath);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (doc.isNull())
        return DbError::plain(
            op, QStringLiteral("the journal is not valid JSON: %1").arg(parseError.errorString()), {},
            journalPath);
    const QJsonValue entries = doc.object().value(QStringLiteral("entries"));
    if (!doc.isObject() || !entries.isArray())
        return DbError::plain(op, QStringLiteral("the journal has no “entries” array"), {}, journalPath);
    QList<MigrationSource> out;
    int pos = 0;
    for (const QJsonValue& v : entries.toArray()) {
        const QJsonObject e = v.toObject();
        const QString tag = e.value(QStringLiteral("tag")).toString();
        const QJsonValue when = e.value(QStringLiteral("when"));
        if (tag.isEmpty() || !when.isDouble())
            return DbError::plain(
                op, QStringLiteral("entries[%1] has no “tag” string or no numeric “when”").arg(pos), {},
                journalPath);
        const QString file = QDir(folder).filePath(tag + QStringLiteral(".sql"));
        if (!QFileInfo::exists(file))
            return DbError::plain(op, QStringLiteral("No file %1 found in %2 folder").arg(file, folder),
                                  QStringLiteral("The journal lists “%1” but its file is missing.").arg(tag),
                                  journalPath);
        auto m = readMigrationFile(file, tag, qint64(when.toDouble()));
        if (!m)
            return m.error();
        out << m.value();
        ++pos;
    }
    return out;
}

Result<std::optional<double>> lastAppliedCreatedAt(Connection& connection, const QString& table)
{
    auto exists = connection.scalar(
        QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?"), {table},
        QStringLiteral("Reading the migrations table"));
    if (!exists)
        return exists.error();
    if (exists->toInt() == 0)
        return std::optional<double>();
    auto rows = connection.rows(QStringLiteral("SELECT created_at FROM %1 ORDER BY created_at DESC LIMIT 1")
                                    .arg(DrizzlePlanner::quoteName(table)),
                                {}, QStringLiteral("Reading the migrations table"));
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<double>();
    const QVariant v = rows->first().value(0);
    if (v.isNull())
        return std::optional<double>(0.0); // Number(null) === 0
    bool ok = false;
    const double d = v.toString().trimmed().isEmpty() ? 0.0 : v.toString().trimmed().toDouble(&ok);
    return std::optional<double>(ok || v.toString().trimmed().isEmpty() ? d : std::nan(""));
}

QList<MigrationSource> pendingMigrations(const QList<MigrationSource>& all,
                                         std::optional<double> lastCreatedAt)
{
    QList<MigrationSource> out;
    for (const MigrationSource& m : all)
        if (!lastCreatedAt || *lastCreatedAt < double(m.createdAt)) // NaN compares false: nothing pending
            out << m;
    return out;
}

} // namespace sluice
