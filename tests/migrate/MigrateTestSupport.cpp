#include "MigrateTestSupport.h"

#include "drizzle/MigrationFolder.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace sluice::test {

QString writeMigrationsFolder(const QString& root, const QList<QPair<QString, QString>>& migrations)
{
    QDir().mkpath(root + QStringLiteral("/meta"));
    QJsonArray entries;
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        QFile f(root + QLatin1Char('/') + migrations.at(i).first + QStringLiteral(".sql"));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write a migration file");
        f.write(migrations.at(i).second.toUtf8());
        entries << QJsonObject{{QStringLiteral("idx"), int(i)},
                               {QStringLiteral("version"), QStringLiteral("6")},
                               {QStringLiteral("when"), double(kFirstWhen + i * 1000)},
                               {QStringLiteral("tag"), migrations.at(i).first},
                               {QStringLiteral("breakpoints"), true}};
    }
    QFile j(root + QStringLiteral("/meta/_journal.json"));
    if (!j.open(QIODevice::WriteOnly))
        qFatal("cannot write the journal");
    j.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), QStringLiteral("7")},
                                      {QStringLiteral("dialect"), QStringLiteral("sqlite")},
                                      {QStringLiteral("entries"), entries}})
                .toJson());
    return root;
}

QList<MigrationSource> migrationSources(const QString& folder)
{
    auto r = readMigrationFolder(folder);
    if (!r)
        qFatal("%s", qPrintable(r.error().message()));
    return r->migrations;
}

QString dumpText(const QString& dbPath)
{
    QProcess p;
    p.start(QStringLiteral("sqlite3"), {dbPath, QStringLiteral(".dump")});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        qFatal("sqlite3 .dump failed on %s", qPrintable(dbPath));
    return QString::fromUtf8(p.readAllStandardOutput());
}

QByteArray dumpDigest(const QString& dbPath)
{
    return QCryptographicHash::hash(dumpText(dbPath).toUtf8(), QCryptographicHash::Sha256).toHex();
}

} // namespace sluice::test
