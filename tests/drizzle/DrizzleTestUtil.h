#pragma once
// Helpers shared by the Drizzle tests: files in nested folders, a copy of the demo project, and the
// demo database built by resources/demo/make-demo-db.py.
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

namespace sluice::test {

inline QString putFile(const QString& root, const QString& relative, const QByteArray& bytes)
{
    const QString path = QDir(root).filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

inline QByteArray readBytes(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

inline QString demoDir()
{
    return QDir(sourceDir()).filePath(QStringLiteral("resources/demo"));
}

// Copies the demo's config, .env and drizzle/ folder into root (so tests may edit them).
inline void copyDemoProject(const QString& root)
{
    const QDir demo(demoDir());
    for (const QString& f : {QStringLiteral("drizzle.config.ts"), QStringLiteral(".env")})
        putFile(root, f, readBytes(demo.filePath(f)));
    const QDir migrations(demo.filePath(QStringLiteral("drizzle")));
    for (const QString& f : migrations.entryList({QStringLiteral("*.sql")}, QDir::Files))
        putFile(root, QStringLiteral("drizzle/") + f, readBytes(migrations.filePath(f)));
    const QDir meta(migrations.filePath(QStringLiteral("meta")));
    for (const QString& f : meta.entryList(QDir::Files))
        putFile(root, QStringLiteral("drizzle/meta/") + f, readBytes(meta.filePath(f)));
}

// Builds a database with make-demo-db.py (its bookkeeping matches drizzle-orm's migrator).
inline bool makeDemoDb(const QString& out, int pending, const QString& migrations = {})
{
    QStringList args{QDir(demoDir()).filePath(QStringLiteral("make-demo-db.py")), out,
                     QStringLiteral("--pending"), QString::number(pending), QStringLiteral("--no-seed")};
    if (!migrations.isEmpty())
        args << QStringLiteral("--migrations") << migrations;
    QProcess p;
    p.start(QStringLiteral("python3"), args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
        qWarning("make-demo-db.py failed: %s", p.readAllStandardError().constData());
        return false;
    }
    return true;
}

} // namespace sluice::test
