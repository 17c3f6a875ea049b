#pragma once
// Databases shared by the health tests: a damaged one, one with foreign key violations, and a Drizzle
// project whose migrations table is filled as drizzle-orm's migrator would have filled it.
#include "TestSupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::test {

// A table spread over many pages whose second leaf page is overwritten with garbage: integrity_check
// reports the damaged page; the schema (page 1) stays readable so the file still opens.
inline QString makeCorruptDb(const TempDir& dir, const QString& name)
{
    const QString db = dir.makeDb(
        name, QStringLiteral("PRAGMA page_size = 4096; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
                             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                             "5000) INSERT INTO t SELECT i, printf('value %08d', i) FROM n;"));
    const int page =
        queryRaw(db, QStringLiteral("SELECT max(pageno) FROM dbstat WHERE name = 't' AND pagetype = "
                                    "'leaf' AND pageno < (SELECT max(pageno) FROM dbstat WHERE name = 't')"))
            .toInt();
    QFile f(db);
    if (page < 3 || !f.open(QIODevice::ReadWrite) || !f.seek(qint64(page - 1) * 4096) ||
        f.write(QByteArray(4096, char(0xA5))) != 4096)
        qFatal("cannot damage %s (page %d)", qPrintable(db), page);
    return db;
}

// comments.post_id → posts.id with two orphans (rows 2 and 3), written with foreign keys off.
inline QString makeForeignKeyViolationDb(const TempDir& dir, const QString& name)
{
    return dir.makeDb(
        name, QStringLiteral("CREATE TABLE posts(id INTEGER PRIMARY KEY, title TEXT);"
                             "CREATE TABLE comments(id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES "
                             "posts(id), body TEXT);"
                             "CREATE TABLE likes(id INTEGER PRIMARY KEY, post INTEGER REFERENCES posts);"
                             "CREATE INDEX comments_post ON comments(post_id);"
                             "CREATE INDEX likes_post ON likes(post);"
                             "INSERT INTO posts VALUES (1, 'hello');"
                             "INSERT INTO comments VALUES (1, 1, 'ok'), (2, 42, 'orphan'), (3, 43, 'x');"
                             "INSERT INTO likes VALUES (7, 99);"));
}

inline void copyTree(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    QDirIterator it(from, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = to + QLatin1Char('/') + QDir(from).relativeFilePath(src);
        if (it.fileInfo().isDir())
            QDir().mkpath(dst);
        else if (!QFile::copy(src, dst))
            qFatal("cannot copy %s", qPrintable(src));
    }
}

// The blog fixture project copied to dir/project, with data/app.db holding the schema-less database and
// a __drizzle_migrations table recording every migration with drizzle's hash (sha256 of the file) and
// the journal's `when`. Returns the database path.
inline QString makeDrizzleProjectDb(const TempDir& dir)
{
    const QString project = dir.path(QStringLiteral("project"));
    const QString fixture = sourceDir() + QStringLiteral("/tests/fixtures/drizzle/blog");
    copyTree(fixture + QStringLiteral("/drizzle"), project + QStringLiteral("/drizzle"));
    QFile::copy(fixture + QStringLiteral("/drizzle.config.ts"),
                project + QStringLiteral("/drizzle.config.ts"));
    QDir().mkpath(project + QStringLiteral("/data"));
    QFile journal(project + QStringLiteral("/drizzle/meta/_journal.json"));
    if (!journal.open(QIODevice::ReadOnly))
        qFatal("no journal in the blog fixture");
    QString sql =
        QStringLiteral("CREATE TABLE \"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, "
                       "created_at numeric);");
    for (const QJsonValue& e :
         QJsonDocument::fromJson(journal.readAll()).object().value(QStringLiteral("entries")).toArray()) {
        QFile f(project + QStringLiteral("/drizzle/") + e[QStringLiteral("tag")].toString() +
                QStringLiteral(".sql"));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("missing migration file");
        const QString hash =
            QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
        sql += QStringLiteral("INSERT INTO \"__drizzle_migrations\" (hash, created_at) VALUES ('%1', %2);")
                   .arg(hash)
                   .arg(qint64(e[QStringLiteral("when")].toDouble()));
    }
    const QString db = project + QStringLiteral("/data/app.db");
    execRaw(db, sql);
    return db;
}

} // namespace sluice::test
