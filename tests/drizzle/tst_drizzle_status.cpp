// Migration folders (both layouts), drizzle's hash and chunk rules, the applied rows, and status
// decided as drizzle-orm decides it, on the real demo project and on hand-made variations.
#include "DrizzleTestUtil.h"
#include "core/Connection.h"
#include "drizzle/MigrationStatus.h"
#include "drizzle/MigrationsTableUpgrade.h"
#include "drizzle/NodeText.h"
#include "drizzle/PendingMigrations.h"
#include "migrate/PlanRunner.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

using namespace sluice;
using namespace sluice::test;

namespace {

QString sha256Hex(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// drizzle-orm 0.x's table as its better-sqlite3 migrator creates it (id is not a rowid alias).
const QString kDrizzleTable = QStringLiteral(
    "CREATE TABLE \"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);");

Result<MigrationStatus> statusOf(const QString& folderPath, const QString& dbPath,
                                 const QString& table = QStringLiteral("__drizzle_migrations"))
{
    auto folder = readMigrationFolder(folderPath);
    if (!folder)
        return folder.error();
    OpenOptions ro;
    ro.mode = OpenOptions::Mode::ReadOnly;
    auto c = Connection::open(dbPath, ro);
    if (!c)
        return c.error();
    auto applied = readAppliedMigrations(**c, table);
    if (!applied)
        return applied.error();
    return computeMigrationStatus(*folder, *applied);
}

MigrationState stateOf(const MigrationStatus& s, const QString& name)
{
    for (const MigrationStatusItem& i : s.items)
        if (i.name == name)
            return i.state;
    qFatal("no item %s", qPrintable(name));
}

QStringList names(const MigrationStatus& s, MigrationState state)
{
    QStringList n;
    for (const MigrationStatusItem& i : s.items)
        if (i.state == state)
            n.append(i.name);
    return n;
}

} // namespace

class TestDrizzleStatus : public QObject
{
    Q_OBJECT

    TempDir m_tmp;
    QString m_demoDb; // 0000-0003 applied, built once by make-demo-db.py

    // A fresh copy of the demo project in its own folder.
    QString demoCopy(const TempDir& dir)
    {
        const QString root = dir.path(QStringLiteral("proj"));
        copyDemoProject(root);
        return root;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_demoDb = m_tmp.path(QStringLiteral("demo-pending2.db"));
        QVERIFY(makeDemoDb(m_demoDb, 2));
    }

    void nodeUtf8Decoding()
    {
        // Node: Buffer.from([...]).toString() gives a FFFD 41 then FFFD×10 for this input (checked with
        // node 20: maximal subparts, as WHATWG specifies).
        const QByteArray bytes("\x61\xe2\x82\x41\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80\xf0\x9f\x98", 16);
        const QString text = decodeUtf8LikeNode(bytes);
        QString expected = QStringLiteral("a\uFFFDA");
        expected += QString(10, QChar(0xFFFD));
        QCOMPARE(text, expected);
        QVERIFY(!isValidUtf8(bytes));
        const QByteArray valid = QStringLiteral("\uFEFFé😀\r\n").toUtf8();
        QVERIFY(isValidUtf8(valid));
        QCOMPARE(decodeUtf8LikeNode(valid), QStringLiteral("\uFEFFé😀\r\n")); // BOM kept
    }

    void hashRule()
    {
        TempDir dir;
        // Valid UTF-8, with a BOM and CRLF: the hash is sha256 of the bytes, which the CRLF changes.
        const QByteArray lf("CREATE TABLE a (x);--> statement-breakpoint\nCREATE TABLE b (y);");
        QByteArray crlf = lf;
        crlf.replace("\n", "\r\n");
        const QByteArray bom = QByteArray("\xEF\xBB\xBF") + lf;
        for (const QByteArray& bytes : {lf, crlf, bom}) {
            const QString path = putFile(dir.path(QString()), QStringLiteral("m.sql"), bytes);
            auto m = readDrizzleMigrationFile(path, QStringLiteral("m"), 1);
            QVERIFY(m);
            QCOMPARE(m->hash, sha256Hex(bytes));
            QCOMPARE(m->chunks.size(), 2);
        }
        QVERIFY(sha256Hex(lf) != sha256Hex(crlf));
        // Invalid UTF-8: the byte becomes U+FFFD (EF BF BD) before hashing, so the hash differs from
        // sha256 of the file.
        const QByteArray invalid("SELECT '\xff';");
        const QString path = putFile(dir.path(QString()), QStringLiteral("bad.sql"), invalid);
        auto m = readDrizzleMigrationFile(path, QStringLiteral("bad"), 1);
        QVERIFY(m);
        QCOMPARE(m->hash, sha256Hex(QByteArray("SELECT '\xEF\xBF\xBD';")));
        QVERIFY(m->hash != sha256Hex(invalid));
        QCOMPARE(m->sql, QStringLiteral("SELECT '\uFFFD';"));
    }

    void chunksAsDrizzleSplits()
    {
        const QStringList chunks =
            splitAtBreakpoints(QStringLiteral("A;--> statement-breakpoint\nB;\n--> statement-breakpoint"
                                              "--> statement-breakpoint -- x --> statement-breakpointC"));
        QCOMPARE(chunks, (QStringList{QStringLiteral("A;"), QStringLiteral("\nB;\n"), QString(),
                                      QStringLiteral(" -- x "), QStringLiteral("C")}));
    }

    void demoFolder()
    {
        auto folder = readMigrationFolder(QDir(demoDir()).filePath(QStringLiteral("drizzle")));
        QVERIFY2(folder, folder ? "" : qPrintable(folder.error().message()));
        QCOMPARE(folder->layout, MigrationLayout::Journal);
        QCOMPARE(folder->journalVersion, QStringLiteral("7"));
        QCOMPARE(folder->dialect, QStringLiteral("sqlite"));
        QCOMPARE(folder->migrations.size(), 6);
        QCOMPARE(folder->entries.size(), 6);
        QCOMPARE(folder->snapshots.size(), 6);
        QVERIFY(folder->problems.isEmpty());
        QCOMPARE(folder->migrations.first().name, QStringLiteral("0000_init"));
        QCOMPARE(folder->migrations.first().createdAt, Q_INT64_C(1795303295616));
        QCOMPARE(folder->migrations.last().name, QStringLiteral("0005_add_sessions"));
        for (const MigrationSource& m : folder->migrations) {
            const QByteArray bytes = readBytes(m.path);
            QCOMPARE(m.hash, sha256Hex(bytes)); // = sha256sum of the file (all valid UTF-8)
            QCOMPARE(m.hash, QString::fromLatin1(fileSha256(m.path)).toLower());
            QCOMPARE(m.chunks.size(), bytes.count("--> statement-breakpoint") + 1);
            QCOMPARE(m.chunks.join(kStatementBreakpoint), m.sql);
        }
        // 0000_init: 6 tables + their indexes, checked against the file itself.
        QVERIFY(folder->migrations.first().chunks.size() > 6);
    }

    void demoDatabaseFourAppliedTwoPending()
    {
        auto s = statusOf(QDir(demoDir()).filePath(QStringLiteral("drizzle")), m_demoDb);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message()));
        QCOMPARE(s->count(MigrationState::Applied), 4);
        QCOMPARE(s->count(MigrationState::Pending), 2);
        QCOMPARE(s->items.size(), 6);
        QCOMPARE(names(*s, MigrationState::Pending),
                 (QStringList{QStringLiteral("0004_posts_view_count_check"),
                              QStringLiteral("0005_add_sessions")}));
        QVERIFY(!s->upToDate());
        QVERIFY(!s->clean());
        QCOMPARE(qint64(*s->lastCreatedAt), Q_INT64_C(1795303298557));
        for (const MigrationStatusItem& i : s->items)
            if (i.state == MigrationState::Applied)
                QCOMPARE(i.recordedHash, i.fileHash);

        TempDir dir;
        const QString all = dir.path(QStringLiteral("all.db"));
        QVERIFY(makeDemoDb(all, 0));
        s = statusOf(QDir(demoDir()).filePath(QStringLiteral("drizzle")), all);
        QVERIFY(s);
        QCOMPARE(s->count(MigrationState::Applied), 6);
        QVERIFY(s->upToDate());
        QVERIFY(s->clean());
    }

    void editedDeletedStrayAndOrphan()
    {
        TempDir dir;
        const QString root = demoCopy(dir);
        const QString db = dir.path(QStringLiteral("copy.db"));
        QFile::copy(m_demoDb, db);
        const QString migrations = root + QStringLiteral("/drizzle");

        // Edit an applied file.
        putFile(root, QStringLiteral("drizzle/0001_add_user_bio.sql"),
                readBytes(migrations + QStringLiteral("/0001_add_user_bio.sql")) +
                    "\nCREATE TABLE sneaky (x);");
        // Delete another applied file.
        QVERIFY(QFile::remove(migrations + QStringLiteral("/0002_user_activity_view_and_post_audit.sql")));
        // A stray file.
        putFile(root, QStringLiteral("drizzle/0099_stray.sql"), "CREATE TABLE stray (x);");
        // A row with no file.
        execRaw(db, QStringLiteral(
                        "INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('%1', 1700000000000)")
                        .arg(QString(64, QLatin1Char('a'))));

        auto s = statusOf(migrations, db);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message()));
        QCOMPARE(stateOf(*s, QStringLiteral("0000_init")), MigrationState::Applied);
        QCOMPARE(stateOf(*s, QStringLiteral("0001_add_user_bio")), MigrationState::AppliedButEdited);
        QCOMPARE(stateOf(*s, QStringLiteral("0002_user_activity_view_and_post_audit")),
                 MigrationState::JournalEntryWithoutFile);
        QCOMPARE(stateOf(*s, QStringLiteral("0003_index_published_posts")), MigrationState::Applied);
        QCOMPARE(stateOf(*s, QStringLiteral("0004_posts_view_count_check")), MigrationState::Pending);
        QCOMPARE(stateOf(*s, QStringLiteral("0099_stray")), MigrationState::FileWithoutJournalEntry);
        QCOMPARE(s->count(MigrationState::RecordedButMissing), 1);
        const MigrationStatusItem orphan = s->items.last();
        QCOMPARE(orphan.state, MigrationState::RecordedButMissing);
        QCOMPARE(orphan.createdAt, Q_INT64_C(1700000000000));
        QVERIFY(orphan.detail.contains(QStringLiteral("matches no migration file")));
        // The deleted file's row is attached to its entry, not reported twice.
        QCOMPARE(s->count(MigrationState::JournalEntryWithoutFile), 1);
        QVERIFY(s->problems.size() >= 2);
        bool sawNoFile = false;
        for (const FolderProblem& p : s->problems)
            sawNoFile |= p.kind == FolderProblem::Kind::EntryWithoutFile &&
                         p.message.contains(QStringLiteral("No file"));
        QVERIFY(sawNoFile);
        QCOMPARE(s->counts().value(MigrationState::Applied), 2);
    }

    void outOfOrderEntry()
    {
        TempDir dir;
        const QString root = demoCopy(dir);
        const QString db = dir.path(QStringLiteral("copy.db"));
        QFile::copy(m_demoDb, db);
        // A migration merged from a branch: its `when` is older than the newest applied one (0003's).
        const QString journalPath = root + QStringLiteral("/drizzle/meta/_journal.json");
        QJsonObject journal = QJsonDocument::fromJson(readBytes(journalPath)).object();
        QJsonArray entries = journal.value(QStringLiteral("entries")).toArray();
        entries.append(QJsonObject{{QStringLiteral("idx"), 6},
                                   {QStringLiteral("version"), QStringLiteral("6")},
                                   {QStringLiteral("when"), 1795303296000.0},
                                   {QStringLiteral("tag"), QStringLiteral("0006_from_branch")},
                                   {QStringLiteral("breakpoints"), true}});
        journal.insert(QStringLiteral("entries"), entries);
        putFile(root, QStringLiteral("drizzle/meta/_journal.json"), QJsonDocument(journal).toJson());
        putFile(root, QStringLiteral("drizzle/0006_from_branch.sql"), "CREATE TABLE branch (x);");

        auto s = statusOf(root + QStringLiteral("/drizzle"), db);
        QVERIFY(s);
        QCOMPARE(stateOf(*s, QStringLiteral("0006_from_branch")), MigrationState::OutOfOrder);
        QCOMPARE(s->count(MigrationState::Pending), 2);
        bool nonIncreasing = false;
        for (const FolderProblem& p : s->problems)
            nonIncreasing |= p.kind == FolderProblem::Kind::NonIncreasingWhen &&
                             p.name == QLatin1String("0006_from_branch");
        QVERIFY(nonIncreasing);

        // On a database without rows drizzle applies everything, the branch entry included.
        const QString fresh = dir.makeDb(QStringLiteral("fresh.db"), kDrizzleTable);
        s = statusOf(root + QStringLiteral("/drizzle"), fresh);
        QVERIFY(s);
        QCOMPARE(s->count(MigrationState::Pending), 7);
        QVERIFY(s->tableExists);
    }

    void missingTableAndNaNCreatedAt()
    {
        TempDir dir;
        const QString migrations = QDir(demoDir()).filePath(QStringLiteral("drizzle"));
        const QString empty = dir.makeDb(QStringLiteral("empty.db"), QStringLiteral("CREATE TABLE t (x);"));
        auto s = statusOf(migrations, empty);
        QVERIFY(s);
        QVERIFY(!s->tableExists);
        QCOMPARE(s->count(MigrationState::Pending), 6);

        // A text created_at sorts above every number in SQLite and is NaN for Number(): drizzle then
        // finds nothing pending, so every entry without a row is skipped forever.
        const QString odd =
            dir.makeDb(QStringLiteral("odd.db"),
                       kDrizzleTable + QStringLiteral(" INSERT INTO __drizzle_migrations (hash, "
                                                      "created_at) VALUES ('x', 'soon');"));
        s = statusOf(migrations, odd);
        QVERIFY(s);
        QCOMPARE(s->count(MigrationState::Pending), 0);
        QCOMPARE(s->count(MigrationState::OutOfOrder), 6);
        QCOMPARE(s->count(MigrationState::RecordedButMissing), 1);
    }

    void customTableName()
    {
        TempDir dir;
        const QString table = QStringLiteral("my \"mig\"");
        const QString db = dir.makeDb(
            QStringLiteral("c.db"),
            QStringLiteral(
                "CREATE TABLE \"my \"\"mig\"\"\" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at "
                "numeric); INSERT INTO \"my \"\"mig\"\"\" (hash, created_at) VALUES ('%1', 1795303295616);")
                .arg(QString::fromLatin1(fileSha256(demoDir() + QStringLiteral("/drizzle/0000_init.sql")))
                         .toLower()));
        auto s = statusOf(QDir(demoDir()).filePath(QStringLiteral("drizzle")), db, table);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message()));
        QCOMPARE(s->count(MigrationState::Applied), 1);
        QCOMPARE(s->count(MigrationState::Pending), 5);
    }

    void malformedJournal()
    {
        TempDir dir;
        putFile(
            dir.path(QString()), QStringLiteral("m/meta/_journal.json"),
            "{\n  \"version\": \"7\",\n  \"entries\": [\n    { \"tag\": \"0000_x\" \"when\": 1 }\n  ]\n}");
        auto f = readMigrationFolder(dir.path(QStringLiteral("m")));
        QVERIFY(!f);
        QCOMPARE(f.error().line, 4);
        QVERIFY(f.error().message().contains(QStringLiteral("_journal.json")));
        QVERIFY(f.error().message().contains(QStringLiteral("line 4")));

        putFile(dir.path(QString()), QStringLiteral("n/meta/_journal.json"),
                "{\"entries\": [{\"tag\": \"a\"}]}");
        f = readMigrationFolder(dir.path(QStringLiteral("n")));
        QVERIFY(!f);
        QVERIFY(f.error().message().contains(QStringLiteral("\"when\"")));

        putFile(dir.path(QString()), QStringLiteral("o/0000_x.sql"), "SELECT 1;");
        f = readMigrationFolder(dir.path(QStringLiteral("o")));
        QVERIFY(!f);
        QVERIFY(f.error().message().contains(QStringLiteral("Can't find meta/_journal.json")));

        f = readMigrationFolder(dir.path(QStringLiteral("nope")));
        QVERIFY(!f);
        QVERIFY(f.error().message().contains(QStringLiteral("does not exist")));
    }

    void dialectAndDuplicates()
    {
        TempDir dir;
        const QString root = dir.path(QStringLiteral("m"));
        putFile(root, QStringLiteral("meta/_journal.json"),
                "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[\n"
                "                "
                "{\"idx\":0,\"version\":\"7\",\"when\":10,\"tag\":\"0000_a\",\"breakpoints\":true},\n"
                "                "
                "{\"idx\":1,\"version\":\"7\",\"when\":20,\"tag\":\"0000_a\",\"breakpoints\":true}]}");
        putFile(root, QStringLiteral("0000_a.sql"), "SELECT 1;");
        auto f = readMigrationFolder(root);
        QVERIFY(f);
        QVERIFY(f->hasProblem(FolderProblem::Kind::WrongDialect));
        QVERIFY(f->hasProblem(FolderProblem::Kind::DuplicateTag));
        QCOMPARE(f->migrations.size(), 2); // drizzle-orm reads the file once per entry
    }

    void folderPerMigrationLayout()
    {
        TempDir dir;
        const QString root = dir.path(QStringLiteral("m"));
        putFile(root, QStringLiteral("20250101120000_init/migration.sql"),
                "CREATE TABLE a (x);--> statement-breakpoint\nCREATE TABLE b (y);");
        putFile(root, QStringLiteral("20250101120000_init/snapshot.json"), "{}");
        putFile(root, QStringLiteral("20250203080910_second/migration.sql"), "CREATE TABLE c (z);");
        QDir().mkpath(root + QStringLiteral("/20250301000000_empty"));
        auto f = readMigrationFolder(root);
        QVERIFY2(f, f ? "" : qPrintable(f.error().message()));
        QCOMPARE(f->layout, MigrationLayout::FolderPerMigration);
        QCOMPARE(f->migrations.size(), 2);
        QCOMPARE(f->migrations[0].name, QStringLiteral("20250101120000_init"));
        QCOMPARE(f->migrations[0].createdAt, Q_INT64_C(1735732800000)); // 2025-01-01T12:00:00Z
        QCOMPARE(f->migrations[0].chunks.size(), 2);
        QCOMPARE(f->migrations[1].createdAt, Q_INT64_C(1738570150000)); // 2025-02-03T08:09:10Z
        QCOMPARE(f->snapshots.size(), 1);
        QVERIFY(f->hasProblem(FolderProblem::Kind::FolderWithoutSql));

        // drizzle 1.0's table: pending is decided by name.
        const QString hash0 = f->migrations[0].hash;
        const QString db = dir.makeDb(
            QStringLiteral("v1.db"),
            QStringLiteral(
                "CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at "
                "numeric, name text, applied_at TEXT); INSERT INTO __drizzle_migrations (hash, created_at, "
                "name, applied_at) VALUES ('%1', 1, '20250101120000_init', '2025-01-02 00:00:00');")
                .arg(hash0));
        auto s = statusOf(root, db);
        QVERIFY(s);
        QCOMPARE(stateOf(*s, QStringLiteral("20250101120000_init")), MigrationState::Applied);
        QCOMPARE(stateOf(*s, QStringLiteral("20250203080910_second")), MigrationState::Pending);
        QCOMPARE(s->items[0].appliedAt, QStringLiteral("2025-01-02 00:00:00"));

        // A newer folder applied while an older one is not: by name, the older one is still pending
        // (no out-of-order state in this layout).
        const QString db2 = dir.makeDb(
            QStringLiteral("v1b.db"),
            QStringLiteral(
                "CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at "
                "numeric, name text, applied_at TEXT); INSERT INTO __drizzle_migrations (hash, created_at, "
                "name) VALUES ('%1', 1738570150000, '20250203080910_second');")
                .arg(f->migrations[1].hash));
        s = statusOf(root, db2);
        QVERIFY(s);
        QCOMPARE(stateOf(*s, QStringLiteral("20250101120000_init")), MigrationState::Pending);
        QCOMPARE(stateOf(*s, QStringLiteral("20250203080910_second")), MigrationState::Applied);

        // An old-style table (no name column): rows matched as drizzle 1.0's upgrade does, by
        // created_at in seconds, then by hash.
        const QString old = dir.makeDb(
            QStringLiteral("old.db"),
            kDrizzleTable +
                QStringLiteral(" INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('%1', "
                               "1735732800123);")
                    .arg(QString(64, QLatin1Char('b'))));
        s = statusOf(root, old);
        QVERIFY(s);
        QCOMPARE(stateOf(*s, QStringLiteral("20250101120000_init")), MigrationState::AppliedButEdited);
        QCOMPARE(stateOf(*s, QStringLiteral("20250203080910_second")), MigrationState::Pending);
    }

    // formatToMillis of drizzle-orm 1.0.0-rc.5-5935859, values printed by node.
    void drizzle1FolderMillis()
    {
        QCOMPARE(drizzleFolderMillis(QStringLiteral("20250101120000_init")), Q_INT64_C(1735732800000));
        QCOMPARE(drizzleFolderMillis(QStringLiteral("20251301000000_m13")), Q_INT64_C(1767225600000));
        QCOMPARE(drizzleFolderMillis(QStringLiteral("00990101000000_y99")), Q_INT64_C(915148800000));
        QCOMPARE(drizzleFolderMillis(QStringLiteral("20250230250000_x")), Q_INT64_C(1740963600000));
        QCOMPARE(drizzleFolderMillis(QStringLiteral("2025-1-01000000")), Q_INT64_C(1730368800000));
        QVERIFY(!drizzleFolderMillis(QStringLiteral("2025ab01000000_x")));
        QVERIFY(!drizzleFolderMillis(QStringLiteral("202501011200")));
    }

    // `names.sort((a, b) => a.localeCompare(b))` in node 20 (ICU 78, en-US), printed by node.
    void drizzle1FolderOrder()
    {
        const QStringList node{QStringLiteral("20250101000000__z"), QStringLiteral("20250101000000_1"),
                               QStringLiteral("20250101000000_a"),  QStringLiteral("20250101000000_A"),
                               QStringLiteral("20250101000000_b"),  QStringLiteral("20250101000000_Z"),
                               QStringLiteral("20250101000000-x"),  QStringLiteral("20250101000000x"),
                               QStringLiteral("2025010100000a")};
        QStringList shuffled = node;
        std::reverse(shuffled.begin(), shuffled.end());
        std::stable_sort(shuffled.begin(), shuffled.end(), drizzleNameLess);
        QCOMPARE(shuffled, node);

        TempDir dir;
        const QString root = dir.path(QStringLiteral("m"));
        for (const QString& n : node)
            putFile(root, n + QStringLiteral("/migration.sql"), "SELECT 1;");
        putFile(root, QStringLiteral(".hidden/migration.sql"), "SELECT 2;"); // readdirSync lists it too
        auto f = readMigrationFolder(root);
        QVERIFY(f);
        QStringList read;
        for (const MigrationSource& m : f->migrations)
            read << m.name;
        QCOMPARE(read, QStringList{QStringLiteral(".hidden")} + node);
        QVERIFY(f->migrations.first().createdAtIsNull); // ".hidden": NaN, stored as NULL
        QVERIFY(!f->migrations.last().createdAtIsNull); // "2025010100000a": parseInt("0a") is 0
        QCOMPARE(f->migrations.last().createdAt, Q_INT64_C(1735689600000));
        QVERIFY(!f->migrations.at(1).createdAtIsNull);
    }

    // drizzle 1.0's upgrade of a 0.x table: each row named by its second, by hash among several
    // migrations of the same second, by hash alone; an unmatched row refuses everything.
    void legacyTableUpgrade()
    {
        TempDir dir;
        const QString root = dir.path(QStringLiteral("m"));
        putFile(root, QStringLiteral("20250101120000_a/migration.sql"), "CREATE TABLE a (x);");
        putFile(root, QStringLiteral("20250101120000_b/migration.sql"), "CREATE TABLE b (x);");
        putFile(root, QStringLiteral("20250102000000_c/migration.sql"), "CREATE TABLE c (x);");
        putFile(root, QStringLiteral("20250103000000_d/migration.sql"), "CREATE TABLE d (x);");
        auto f = readMigrationFolder(root);
        QVERIFY(f);
        const QString hashB = f->migrations[1].hash, hashC = f->migrations[2].hash;
        // Row 1: the second of a and b, with b's hash. Row 2: c's second plus 456 ms (a journal `when`).
        // Row 3: a created_at no folder has, with c's hash: drizzle matches by hash without using it up,
        // so row 3 names c too.
        const QString db = dir.makeDb(
            QStringLiteral("old.db"),
            kDrizzleTable + QStringLiteral(" INSERT INTO __drizzle_migrations (hash, created_at) VALUES "
                                           "('%1', 1735732800999), ('x', 1735776000456), ('%2', 5);")
                                .arg(hashB, hashC));
        auto c = Connection::open(db, {});
        QVERIFY(c);
        auto applied = readAppliedMigrations(**c);
        QVERIFY(applied);
        QVERIFY(!applied->hasNameColumn);
        const MigrationsTableUpgrade up = planMigrationsTableUpgrade(f->migrations, *applied);
        QVERIFY(up.needed);
        QCOMPARE(up.unmatched.size(), 0);
        QCOMPARE(up.matches.size(), 3);
        QCOMPARE(up.matches[0].name, QStringLiteral("20250101120000_b"));
        QCOMPARE(up.matches[0].by, LegacyRowMatch::By::Hash);
        QCOMPARE(up.matches[1].name, QStringLiteral("20250102000000_c"));
        QCOMPARE(up.matches[1].by, LegacyRowMatch::By::Millis);
        QCOMPARE(up.matches[1].createdAtText, QStringLiteral("1735776000456"));
        QCOMPARE(up.matches[2].name, QStringLiteral("20250102000000_c"));

        auto run = pendingRun(*f, *applied);
        QVERIFY2(run, run ? "" : qPrintable(run.error().message()));
        QCOMPARE(run->names(),
                 (QStringList{QStringLiteral("20250101120000_a"), QStringLiteral("20250103000000_d")}));
        QCOMPARE(run->planOptions.bookkeeping, DrizzleBookkeeping::V1);
        QCOMPARE(run->planOptions.tableUpgrade.size(), 2 + 3);

        // Applying writes the upgrade first, then rows with name and applied_at.
        DrizzlePlanOptions options = run->planOptions;
        options.appliedAt = QStringLiteral("2026-01-02T03:04:05.678Z");
        auto plan = DrizzlePlanner::plan(run->pending, options);
        QVERIFY(plan);
        auto ran = PlanRunner::run(**c, *plan);
        QVERIFY2(ran, ran ? "" : qPrintable(ran.error().message()));
        const QString rows =
            queryRaw(db, QStringLiteral(
                             "SELECT group_concat(r, ' | ') FROM (SELECT quote(id) || ',' || hash || ',' || "
                             "created_at || ',' || quote(name) || ',' || quote(applied_at) AS r FROM "
                             "__drizzle_migrations ORDER BY rowid)"));
        QCOMPARE(rows, QStringLiteral("NULL,%1,1735732800999,'20250101120000_b',NULL | "
                                      "NULL,x,1735776000456,'20250102000000_c',NULL | "
                                      "NULL,%2,5,'20250102000000_c',NULL | "
                                      "NULL,%3,1735732800000,'20250101120000_a','2026-01-02T03:04:05.678Z' | "
                                      "NULL,%4,1735862400000,'20250103000000_d','2026-01-02T03:04:05.678Z'")
                           .arg(hashB, hashC, f->migrations[0].hash, f->migrations[3].hash));
        QCOMPARE(
            queryRaw(db, QStringLiteral("SELECT sql FROM sqlite_schema WHERE name = '__drizzle_migrations'")),
            kDrizzleTable.chopped(1).replace(
                QStringLiteral("created_at numeric)"),
                QStringLiteral("created_at numeric, \"name\" text, \"applied_at\" TEXT)")));

        // A row that matches no folder: drizzle 1.0 refuses to migrate, and so does Sluice.
        const QString bad =
            dir.makeDb(QStringLiteral("bad.db"),
                       kDrizzleTable + QStringLiteral(" INSERT INTO __drizzle_migrations (hash, "
                                                      "created_at) VALUES ('nope', 42);"));
        auto cb = Connection::open(bad, {});
        QVERIFY(cb);
        auto appliedBad = readAppliedMigrations(**cb);
        QVERIFY(appliedBad);
        auto refused = pendingRun(*f, *appliedBad);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message().contains(QStringLiteral("match no migration folder")),
                 qPrintable(refused.error().message()));
        auto st = statusOf(root, bad);
        QVERIFY(st);
        QCOMPARE(st->count(MigrationState::RecordedButMissing), 1);
        QVERIFY(st->items.last().detail.contains(QStringLiteral("drizzle 1.0 refuses")));
    }

    // Between reading the table and BEGIN IMMEDIATE another process records a migration: the run
    // refuses under the write lock instead of applying it twice (both layouts).
    void pendingRecheckedUnderTheWriteLock_data()
    {
        QTest::addColumn<bool>("folderLayout");
        QTest::newRow("journal (0.x)") << false;
        QTest::newRow("folder-per-migration (1.0)") << true;
    }
    void pendingRecheckedUnderTheWriteLock()
    {
        QFETCH(bool, folderLayout);
        TempDir dir;
        const QString root = dir.path(QStringLiteral("m"));
        if (folderLayout) {
            putFile(root, QStringLiteral("20250101120000_a/migration.sql"), "CREATE TABLE a (x);");
            putFile(root, QStringLiteral("20250102120000_b/migration.sql"), "CREATE TABLE b (x);");
        } else {
            putFile(root, QStringLiteral("0000_a.sql"), "CREATE TABLE a (x);");
            putFile(root, QStringLiteral("0001_b.sql"), "CREATE TABLE b (x);");
            putFile(root, QStringLiteral("meta/_journal.json"),
                    R"({"version":"7","dialect":"sqlite","entries":[)"
                    R"({"idx":0,"version":"6","when":1700000000000,"tag":"0000_a","breakpoints":true},)"
                    R"({"idx":1,"version":"6","when":1700000001000,"tag":"0001_b","breakpoints":true}]})");
        }
        auto f = readMigrationFolder(root);
        QVERIFY(f);
        const QString db = dir.makeDb(QStringLiteral("t.db"), QStringLiteral("CREATE TABLE keep (k);"));
        auto c = Connection::open(db, {});
        QVERIFY(c);
        auto applied = readAppliedMigrations(**c);
        QVERIFY(applied);
        auto run = pendingRun(*f, *applied);
        QVERIFY(run);
        QCOMPARE(run->pending.size(), 2);
        auto plan = DrizzlePlanner::plan(run->pending, run->planOptions);
        QVERIFY(plan);

        // "Another process": its own connection applies the first migration completely.
        {
            auto other = Connection::open(db, {});
            QVERIFY(other);
            auto otherPlan = DrizzlePlanner::plan({run->pending.first()}, run->planOptions);
            QVERIFY(otherPlan);
            QVERIFY(PlanRunner::run(**other, *otherPlan));
        }
        const QString before = queryRaw(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema"));
        PlanRunOptions options;
        const QStringList expected = run->names();
        options.afterBegin = [&](Connection& locked) {
            return recheckPending(locked, *f, run->planOptions.migrationsTable, expected);
        };
        auto ran = PlanRunner::run(**c, *plan, nullptr, options);
        QVERIFY(!ran);
        QVERIFY2(ran.error().message().contains(QStringLiteral("applied by someone else")),
                 qPrintable(ran.error().message()));
        QVERIFY(ran.error().message().contains(run->pending.first().name));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name) FROM sqlite_schema")), before);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations")),
                 QStringLiteral("1"));

        // Unchanged table: the same check lets the run through.
        auto again = readAppliedMigrations(**c);
        QVERIFY(again);
        auto rest = pendingRun(*f, *again);
        QVERIFY(rest);
        QCOMPARE(rest->pending.size(), 1);
        auto restPlan = DrizzlePlanner::plan(rest->pending, rest->planOptions);
        QVERIFY(restPlan);
        const QStringList restNames = rest->names();
        options.afterBegin = [&](Connection& locked) {
            return recheckPending(locked, *f, rest->planOptions.migrationsTable, restNames);
        };
        auto ok = PlanRunner::run(**c, *restPlan, nullptr, options);
        QVERIFY2(ok, ok ? "" : qPrintable(ok.error().message()));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM __drizzle_migrations")),
                 QStringLiteral("2"));
    }
};

QTEST_GUILESS_MAIN(TestDrizzleStatus)
#include "tst_drizzle_status.moc"
