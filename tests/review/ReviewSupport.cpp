#include "ReviewSupport.h"

#include "TestSupport.h"
#include "core/Connection.h"
#include "schema/SchemaReader.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace sluice::test {

MigrationSource migrationFromSql(const QString& name, const QString& sql, qint64 createdAt)
{
    MigrationSource m;
    m.name = name;
    m.path = name + QStringLiteral(".sql");
    m.sql = sql;
    m.hash = QString::fromLatin1(QCryptographicHash::hash(sql.toUtf8(), QCryptographicHash::Sha256).toHex());
    m.createdAt = createdAt;
    m.chunks = sql.split(QStringLiteral("--> statement-breakpoint"));
    return m;
}

QList<MigrationSource> demoMigrations(const QStringList& tags)
{
    const QString folder = sourceDir() + QStringLiteral("/resources/demo/drizzle");
    QFile journalFile(folder + QStringLiteral("/meta/_journal.json"));
    if (!journalFile.open(QIODevice::ReadOnly))
        qFatal("cannot read the demo journal");
    const QJsonArray entries =
        QJsonDocument::fromJson(journalFile.readAll()).object().value(QStringLiteral("entries")).toArray();
    QList<MigrationSource> out;
    for (const QString& tag : tags) {
        QFile f(folder + QLatin1Char('/') + tag + QStringLiteral(".sql"));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read a demo migration");
        qint64 when = 0;
        for (const QJsonValue& e : entries)
            if (e.toObject().value(QStringLiteral("tag")).toString() == tag)
                when = e.toObject().value(QStringLiteral("when")).toInteger();
        MigrationSource m = migrationFromSql(tag, QString::fromUtf8(f.readAll()), when);
        m.path = f.fileName();
        out << m;
    }
    return out;
}

void makeDemoDb(const QString& path, int pending)
{
    QProcess p;
    p.start(QStringLiteral("python3"), {sourceDir() + QStringLiteral("/resources/demo/make-demo-db.py"), path,
                                        QStringLiteral("--pending"), QString::number(pending)});
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        qFatal("make-demo-db.py failed: %s", p.readAllStandardError().constData());
}

Schema schemaOf(const QString& path)
{
    auto c = Connection::open(path, {OpenOptions::Mode::ReadOnly});
    if (!c)
        qFatal("cannot open %s", qPrintable(path));
    auto s = readSchema(*c.value());
    if (!s)
        qFatal("cannot read the schema of %s", qPrintable(path));
    return s->schema;
}

} // namespace sluice::test
