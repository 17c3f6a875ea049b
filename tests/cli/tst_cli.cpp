// The command-line face, run as a real process: exit codes, stdout/stderr, and that nothing is
// written to the database.
#include "TestSupport.h"
#include "core/Identifiers.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <unistd.h>

using namespace sluice;
using namespace sluice::test;

class TestCli : public QObject
{
    Q_OBJECT

    QString sampleDb(const TempDir& dir)
    {
        return dir.makeDb(
            QStringLiteral("sample.db"),
            QStringLiteral(
                "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);"
                "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) ON DELETE "
                "CASCADE, title TEXT);"
                "CREATE INDEX posts_user ON posts(user_id);"
                "CREATE VIEW post_titles AS SELECT title FROM posts;"
                "CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN SELECT 1; END;"
                "CREATE TABLE \"odd \"\"name\" (\"select\" TEXT PRIMARY KEY) WITHOUT ROWID, STRICT;"
                "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'b@example.com');"
                "INSERT INTO posts VALUES (1, 1, 'Hello'), (2, 1, 'World'), (3, 2, 'Again');"));
    }

private Q_SLOTS:
    void helpAndVersion()
    {
        ProcessResult r = runSluice({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("tables DB")));
        QVERIFY(r.out.contains(QStringLiteral("schema DB")));
        QVERIFY(r.out.contains(QStringLiteral("Exit codes")));
        r = runSluice({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("sluice ")));
        r = runSluice({QStringLiteral("tables"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("--json")));
    }

    // The command line links the engine only; the window is a separate program, sluice-gui, that
    // `sluice` without a verb turns into (execv: same process, same arguments).
    void commandLineLoadsNoWidgets()
    {
        QProcess readelf;
        readelf.start(QStringLiteral("readelf"),
                      {QStringLiteral("-d"), qEnvironmentVariable("SLUICE_BINARY")});
        QVERIFY(readelf.waitForFinished(30000));
        QCOMPARE(readelf.exitCode(), 0);
        const QString needed = QString::fromUtf8(readelf.readAllStandardOutput());
        QVERIFY2(needed.contains(QStringLiteral("libQt6Core")), qPrintable(needed));
        for (const char* library : {"libQt6Gui", "libQt6Widgets", "libqscintilla", "libQt6Svg"})
            QVERIFY2(!needed.contains(QLatin1String(library), Qt::CaseInsensitive), library);
    }

    void withoutVerbItBecomesTheWindow()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path(QStringLiteral("config")));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("SLUICE_BINARY"), {db});
        QVERIFY(p.waitForStarted());
        const QString exe = QStringLiteral("/proc/%1/exe").arg(p.processId());
        const QString gui =
            QFileInfo(qEnvironmentVariable("SLUICE_BINARY")).absolutePath() + QStringLiteral("/sluice-gui");
        // The window keeps running: the process is the desktop program, with the database named.
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(exe).symLinkTarget(), gui, 20000);
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(p.processId()));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        QVERIFY(cmdline.readAll().split('\0').contains(QFile::encodeName(db)));
        QVERIFY(p.state() == QProcess::Running);
        p.terminate();
        if (!p.waitForFinished(10000)) {
            p.kill();
            p.waitForFinished();
        }
    }

    void withoutTheWindowProgramTheCommandLineSaysSo()
    {
        TempDir dir;
        const QString alone = dir.path(QStringLiteral("sluice"));
        QVERIFY(QFile::copy(qEnvironmentVariable("SLUICE_BINARY"), alone));
        QProcess p;
        p.start(alone, {});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("sluice-gui")) && err.contains(QStringLiteral("Reinstall")),
                 qPrintable(err));
        QVERIFY2(err.contains(dir.path(QStringLiteral("sluice-gui"))), qPrintable(err)); // where it looked
        // The command line itself still works.
        p.start(alone, {QStringLiteral("tables"), sampleDb(dir)});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("users"));
    }

    void unknownVerbAndBadArguments()
    {
        ProcessResult r = runSluice({QStringLiteral("frobnicate"), QStringLiteral("x.db")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("unknown command")));
        r = runSluice({QStringLiteral("tables")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("Usage: sluice tables")));
        r = runSluice({QStringLiteral("tables"), QStringLiteral("--nope"), QStringLiteral("a.db")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("nope")));
    }

    void tablesText()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        const QByteArray before = fileSha256(db);
        ProcessResult r = runSluice({QStringLiteral("tables"), db});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5); // header + 3 tables + 1 view
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("posts\\s+table\\s+3\\s+3"))));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("users\\s+table\\s+2\\s+2"))));
        QVERIFY(r.out.contains(QStringLiteral("odd \"name")));
        QVERIFY(r.out.contains(QStringLiteral("WITHOUT ROWID STRICT")));
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("post_titles\\s+view"))));
        QCOMPARE(fileSha256(db), before);
    }

    void tablesJson()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        ProcessResult r = runSluice({QStringLiteral("tables"), db, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonArray arr = doc.array();
        QCOMPARE(arr.size(), 4);
        QJsonObject posts;
        for (const QJsonValue& v : arr)
            if (v[QStringLiteral("name")] == QStringLiteral("posts"))
                posts = v.toObject();
        QCOMPARE(posts[QStringLiteral("rows")].toInt(), 3);
        QCOMPARE(posts[QStringLiteral("columns")].toInt(), 3);
        QCOMPARE(posts[QStringLiteral("type")].toString(), QStringLiteral("table"));
    }

    void schemaAll()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        ProcessResult r = runSluice({QStringLiteral("schema"), db});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(
            QStringLiteral("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);")));
        QVERIFY(r.out.contains(QStringLiteral("CREATE INDEX posts_user ON posts(user_id);")));
        QVERIFY(r.out.contains(QStringLiteral("CREATE VIEW post_titles")));
        QVERIFY(r.out.contains(QStringLiteral("CREATE TRIGGER posts_ai")));
        // The printed schema is runnable: loading it into a new file gives the same schema.
        const QString copy = dir.path(QStringLiteral("copy.db"));
        execRaw(copy, r.out);
        QCOMPARE(
            queryRaw(
                copy,
                QStringLiteral(
                    "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema ORDER BY name)")),
            queryRaw(
                db,
                QStringLiteral(
                    "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema ORDER BY name)")));
    }

    void schemaWithVirtualTablesRuns()
    {
        // fts5 creates shadow tables (docs_data, docs_idx …); printing them too would make the script
        // fail with "table already exists" when it is run.
        TempDir dir;
        const QString db =
            dir.makeDb(QStringLiteral("fts.db"),
                       QStringLiteral("CREATE TABLE t (a); CREATE VIRTUAL TABLE docs USING fts5(body);"));
        ProcessResult r = runSluice({QStringLiteral("schema"), db});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.out.contains(QStringLiteral("docs_data")), qPrintable(r.out));
        const QString copy = dir.path(QStringLiteral("copy.db"));
        execRaw(copy, r.out);
        const QString names = QStringLiteral(
            "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema ORDER BY name)");
        QCOMPARE(queryRaw(copy, names), queryRaw(db, names));
    }

    void schemaOneObjectAndJson()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        ProcessResult r = runSluice({QStringLiteral("schema"), db, QStringLiteral("posts")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("CREATE TABLE posts")));
        QVERIFY(r.out.contains(QStringLiteral("posts_user")));
        QVERIFY(r.out.contains(QStringLiteral("posts_ai")));
        QVERIFY(!r.out.contains(QStringLiteral("users (")));

        r = runSluice({QStringLiteral("schema"), db, QStringLiteral("posts"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject t = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(t[QStringLiteral("name")].toString(), QStringLiteral("posts"));
        QCOMPARE(t[QStringLiteral("columns")].toArray().size(), 3);
        const QJsonObject fk = t[QStringLiteral("foreignKeys")].toArray().at(0).toObject();
        QCOMPARE(fk[QStringLiteral("table")].toString(), QStringLiteral("users"));
        QCOMPARE(fk[QStringLiteral("onDelete")].toString(), QStringLiteral("CASCADE"));

        r = runSluice({QStringLiteral("schema"), db, QStringLiteral("odd \"name")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("WITHOUT ROWID")));

        r = runSluice({QStringLiteral("schema"), db, QStringLiteral("missing")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("no table, view, index or trigger named “missing”")));
    }

    void badFiles()
    {
        TempDir dir;
        const QString text = dir.writeFile(QStringLiteral("readme.txt"), QByteArray(4096, 'x'));
        ProcessResult r = runSluice({QStringLiteral("tables"), text});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("not an SQLite database")));
        QVERIFY(r.err.contains(QStringLiteral("readme.txt")));
        QVERIFY(r.out.isEmpty());

        const QString missing = dir.path(QStringLiteral("missing.db"));
        r = runSluice({QStringLiteral("schema"), missing});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("does not exist")));
        QVERIFY(!QFile::exists(missing));

        r = runSluice({QStringLiteral("tables"), dir.path(QString())});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("folder")));

        const QString empty = dir.writeFile(QStringLiteral("empty.db"), {});
        r = runSluice({QStringLiteral("tables"), empty});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QFileInfo(empty).size(), 0);
    }

    void corruptTableReportedOthersListed()
    {
        TempDir dir;
        const QString db = dir.makeDb(
            QStringLiteral("c.db"),
            QStringLiteral("PRAGMA page_size=4096; CREATE TABLE small(x); INSERT INTO small VALUES ('ok');"
                           "CREATE TABLE big(id INTEGER PRIMARY KEY, v TEXT);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 5000)"
                           " INSERT INTO big SELECT i, printf('%0100d', i) FROM n;"));
        const int root =
            queryRaw(db, QStringLiteral("SELECT rootpage FROM sqlite_schema WHERE name='big'")).toInt();
        QFile f(db);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(qint64(root - 1) * 4096));
        f.write(QByteArray(4096, '\x5a'));
        f.close();
        ProcessResult r = runSluice({QStringLiteral("tables"), db});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("small\\s+table\\s+1\\s+1"))));
        QVERIFY(r.err.contains(QStringLiteral("damaged")));
    }

    void lockedDatabase()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        QProcess holder;
        holder.start(QStringLiteral("sqlite3"), {db});
        QVERIFY(holder.waitForStarted());
        holder.write("BEGIN EXCLUSIVE; DELETE FROM posts; SELECT 'locked';\n");
        QVERIFY(holder.waitForReadyRead(10000));
        ProcessResult r = runSluice({QStringLiteral("tables"), db}, 30000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("locked by another")), qPrintable(r.err));
        holder.write("ROLLBACK;\n.quit\n");
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM posts")), QStringLiteral("3"));
    }

    void readOnlyFileAsUnprivilegedUser()
    {
        // As root every file is writable, so run the CLI as `nobody` on a file it may only read.
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (::geteuid() != 0 || setpriv.isEmpty())
            QSKIP("needs root (to switch to an unprivileged user) and setpriv");
        QTemporaryDir dir(QStringLiteral("/tmp/sluice-ro-XXXXXX"));
        QVERIFY(dir.isValid());
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                              QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup |
                                              QFile::ExeGroup);
        const QString db = dir.filePath(QStringLiteral("ro.db"));
        execRaw(db, QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1);"));
        QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
        const QByteArray before = fileSha256(db);
        QProcess p;
        p.start(setpriv, {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                          QStringLiteral("--clear-groups"), qEnvironmentVariable("SLUICE_BINARY"),
                          QStringLiteral("info"), db});
        QVERIFY(p.waitForFinished(30000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(out.contains(QStringLiteral("read-only")), qPrintable(out + err));
        QVERIFY2(out.contains(QStringLiteral("not writable")), qPrintable(out));
        QCOMPARE(fileSha256(db), before);
    }

    void infoVerb()
    {
        TempDir dir;
        const QString db = sampleDb(dir);
        ProcessResult r = runSluice({QStringLiteral("info"), db, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o[QStringLiteral("tables")].toInt(), 3);
        QCOMPARE(o[QStringLiteral("views")].toInt(), 1);
        QCOMPARE(o[QStringLiteral("readOnly")].toBool(), false);
        QVERIFY(o[QStringLiteral("pageSize")].toInt() > 0);
        QVERIFY(!o[QStringLiteral("sqliteVersion")].toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
