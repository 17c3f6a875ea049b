// Around the staged edits: the delete impact (multi-level cascades, cycles, SET NULL, RESTRICT),
// related rows, the editor chosen per column, pre-filled defaults and the TSV clipboard.
#include "core/Connection.h"
#include "edit/ColumnEditorKind.h"
#include "edit/DeleteImpact.h"
#include "edit/DrizzleHints.h"
#include "edit/InsertDefaults.h"
#include "edit/Relations.h"
#include "edit/TsvClipboard.h"
#include "schema/SchemaReader.h"

#include "TestSupport.h"

#include <QtTest>

using namespace sluice;
using sluice::test::fileSha256;
using sluice::test::queryRaw;
using sluice::test::TempDir;

namespace {

struct Opened
{
    std::unique_ptr<Connection> connection;
    Schema schema;
    const Table& table(const QString& name) const
    {
        const Table* t = schema.table(name);
        if (!t)
            qFatal("no table %s", qPrintable(name));
        return *t;
    }
};

Opened openDb(const QString& path)
{
    auto c = Connection::open(path);
    if (!c)
        qFatal("open failed: %s", qPrintable(c.error().message()));
    auto s = readSchema(**c);
    if (!s)
        qFatal("schema failed: %s", qPrintable(s.error().message()));
    return {std::move(c.value()), s->schema};
}

// What SQLite really does: delete on a copy with foreign keys on, count per table.
QString actualAfterDelete(const QString& db, const QString& deleteSql, const QStringList& tables)
{
    sluice::test::execRaw(db, QStringLiteral("PRAGMA foreign_keys=ON; ") + deleteSql);
    QStringList counts;
    for (const QString& t : tables)
        counts << t + QLatin1Char('=') + queryRaw(db, QStringLiteral("SELECT count(*) FROM \"%1\"").arg(t));
    return counts.join(QLatin1Char(' '));
}

} // namespace

class TestEditRelations : public QObject
{
    Q_OBJECT
    TempDir m_tmp;

private Q_SLOTS:
    void cascadeThreeLevels();
    void cascadeCycle();
    void restrictBlocks();
    void childrenAndParentLinks();
    void editorKinds();
    void insertDefaultsOnlyConstants();
    void drizzleHintsFromDemoProject();
    void tsvRoundTrip();
    void pasteTooWide();
};

static const char* kThreeLevels = R"(
    CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);
    CREATE TABLE posts(id INTEGER PRIMARY KEY, author INT REFERENCES users(id) ON DELETE CASCADE,
                       editor INT REFERENCES users(id) ON DELETE SET NULL);
    CREATE TABLE comments(id INTEGER PRIMARY KEY, post INT REFERENCES posts(id) ON DELETE CASCADE,
                          "by user" INT REFERENCES users(id) ON DELETE CASCADE);
    CREATE TABLE "comment likes"(comment INT REFERENCES comments(id) ON DELETE CASCADE, who TEXT,
                                 PRIMARY KEY(comment, who)) WITHOUT ROWID;
    INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c');
    INSERT INTO posts VALUES (10, 1, 2), (11, 1, NULL), (12, 2, 1), (13, 3, 1);
    -- comment 100 is reached twice (post 10 of user 1, and written by user 1): counted once
    INSERT INTO comments VALUES (100, 10, 1), (101, 10, 2), (102, 11, 3), (103, 12, 1), (104, 13, 3), (105, 13, 2);
    INSERT INTO "comment likes" VALUES (100, 'x'), (100, 'y'), (101, 'x'), (103, 'z'), (104, 'x'), (105, 'q');
)";

void TestEditRelations::cascadeThreeLevels()
{
    const QString db = m_tmp.makeDb(QStringLiteral("cascade.db"), QString::fromUtf8(kThreeLevels));
    const QByteArray before = fileSha256(db);
    DeleteImpact impact;
    {
        Opened o = openDb(db);
        Result<DeleteImpact> r = countDeleteImpact(*o.connection, o.schema, QStringLiteral("users"),
                                                   {RowIdentity::rowid(1), RowIdentity::rowid(99)});
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message()));
        impact = r.value();
    }
    QCOMPARE(fileSha256(db), before); // counting wrote nothing
    QCOMPARE(impact.requested, 1);
    // user 1: posts 10, 11 (author); comments 100, 101, 102 (posts) + 103 (by user 1);
    // likes of 100 (2), 101 (1), 103 (1); posts 12 and 13 have editor 1 → SET NULL.
    QVERIFY(impact.find(QStringLiteral("posts")));
    QCOMPARE(impact.find(QStringLiteral("posts"))->deleted, 2);
    QCOMPARE(impact.find(QStringLiteral("posts"))->setNull, 2);
    QCOMPARE(impact.find(QStringLiteral("comments"))->deleted, 4);
    QCOMPARE(impact.find(QStringLiteral("comment likes"))->deleted, 4);
    QVERIFY(!impact.find(QStringLiteral("users")));
    QCOMPARE(impact.totalCascaded(), 10);
    QVERIFY(!impact.wouldFail());
    QVERIFY2(impact.summary().contains(QStringLiteral("Also deletes 10 row(s)")),
             qPrintable(impact.summary()));
    // And SQLite agrees.
    QCOMPARE(actualAfterDelete(
                 db, QStringLiteral("DELETE FROM users WHERE id = 1"),
                 {QStringLiteral("posts"), QStringLiteral("comments"), QStringLiteral("comment likes")}),
             QStringLiteral("posts=2 comments=2 comment likes=2"));
    QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM posts WHERE editor IS NULL")),
             QStringLiteral("2"));
}

void TestEditRelations::cascadeCycle()
{
    const QString db = m_tmp.makeDb(QStringLiteral("cycle.db"), QStringLiteral(R"(
        CREATE TABLE node(id INTEGER PRIMARY KEY, parent INT REFERENCES node(id) ON DELETE CASCADE,
                          peer INT REFERENCES other(id) ON DELETE CASCADE);
        CREATE TABLE other(id INTEGER PRIMARY KEY, node INT REFERENCES node(id) ON DELETE CASCADE);
        INSERT INTO node VALUES (1, NULL, NULL), (2, 1, NULL), (3, 2, NULL), (4, 3, NULL), (5, NULL, NULL), (6, 5, 20);
        INSERT INTO other VALUES (10, 4), (11, 1), (20, 3), (21, 5);
        -- a loop: 7 → 8 → 7
        INSERT INTO node VALUES (7, NULL, NULL), (8, 7, NULL);
        UPDATE node SET parent = 8 WHERE id = 7;)"));
    Opened o = openDb(db);
    // node 1 → 2 → 3 → 4 (self), others 10, 11, 20 → node 6 (peer 20) → nothing further.
    Result<DeleteImpact> r =
        countDeleteImpact(*o.connection, o.schema, QStringLiteral("node"), {RowIdentity::rowid(1)});
    QVERIFY(r.ok());
    QCOMPARE(r->find(QStringLiteral("node"))->deleted, 4);  // 2, 3, 4, 6
    QCOMPARE(r->find(QStringLiteral("other"))->deleted, 3); // 10, 11, 20
    Result<DeleteImpact> loop =
        countDeleteImpact(*o.connection, o.schema, QStringLiteral("node"), {RowIdentity::rowid(7)});
    QVERIFY(loop.ok());
    QCOMPARE(loop->find(QStringLiteral("node"))->deleted, 1); // 8, and 7 itself is not counted again
    QCOMPARE(actualAfterDelete(db, QStringLiteral("DELETE FROM node WHERE id = 1"),
                               {QStringLiteral("node"), QStringLiteral("other")}),
             QStringLiteral("node=3 other=1")); // 5 of 8 deleted: 1 asked + 4 counted
}

void TestEditRelations::restrictBlocks()
{
    const QString db = m_tmp.makeDb(QStringLiteral("restrict.db"), QStringLiteral(R"(
        CREATE TABLE a(id INTEGER PRIMARY KEY);
        CREATE TABLE b(id INTEGER PRIMARY KEY, a INT REFERENCES a(id) ON DELETE CASCADE);
        CREATE TABLE c(id INTEGER PRIMARY KEY, b INT REFERENCES b(id) ON DELETE RESTRICT);
        CREATE TABLE d(id INTEGER PRIMARY KEY, b INT REFERENCES b(id));
        INSERT INTO a VALUES (1), (2);
        INSERT INTO b VALUES (10, 1), (11, 2);
        INSERT INTO c VALUES (100, 10);
        INSERT INTO d VALUES (200, 10), (201, 10), (202, 11);)"));
    Opened o = openDb(db);
    Result<DeleteImpact> r =
        countDeleteImpact(*o.connection, o.schema, QStringLiteral("a"), {RowIdentity::rowid(1)});
    QVERIFY(r.ok());
    QVERIFY(r->wouldFail());
    QCOMPARE(r->find(QStringLiteral("b"))->deleted, 1);
    QCOMPARE(r->find(QStringLiteral("c"))->blocking, 1);
    QCOMPARE(r->find(QStringLiteral("d"))->blocking, 2);
    QVERIFY2(r->summary().contains(QStringLiteral("fails: still referenced by 1 row(s) in c, 2 row(s) in d")),
             qPrintable(r->summary()));
}

void TestEditRelations::childrenAndParentLinks()
{
    const QString db = m_tmp.makeDb(QStringLiteral("rel.db"), QString::fromUtf8(kThreeLevels));
    Opened o = openDb(db);
    Result<QList<ChildReference>> refs =
        childReferences(*o.connection, o.schema, o.table(QStringLiteral("users")), {SqlValue::integer(1)});
    QVERIFY(refs.ok());
    QStringList seen;
    for (const ChildReference& c : *refs)
        seen << QStringLiteral("%1.%2=%3 %4")
                    .arg(c.childTable, c.childColumns.join(QLatin1Char(',')))
                    .arg(c.count)
                    .arg(c.onDelete);
    seen.sort();
    QCOMPARE(seen, (QStringList{QStringLiteral("comments.by user=2 CASCADE"),
                                QStringLiteral("posts.author=2 CASCADE"),
                                QStringLiteral("posts.editor=2 SET NULL")}));
    const ChildReference& first = refs->first();
    QCOMPARE(first.open.values, SqlValueList{SqlValue::integer(1)});

    const Table& likes = o.table(QStringLiteral("comment likes"));
    QCOMPARE(foreignKeysOfColumn(likes, QStringLiteral("who")).size(), 0);
    QList<ParentLink> links = parentLinks(o.schema, likes, QStringLiteral("comment"),
                                          {{QStringLiteral("comment"), SqlValue::integer(100)},
                                           {QStringLiteral("who"), SqlValue::text(QStringLiteral("x"))}});
    QCOMPARE(links.size(), 1);
    QCOMPARE(links.first().target.table, QStringLiteral("comments"));
    QCOMPARE(links.first().target.columns, QStringList{QStringLiteral("id")});
    QCOMPARE(links.first().target.values, SqlValueList{SqlValue::integer(100)});
    // NULL references nothing.
    QVERIFY(parentLinks(o.schema, o.table(QStringLiteral("posts")), QStringLiteral("editor"),
                        {{QStringLiteral("editor"), SqlValue::null()}})
                .isEmpty());
}

void TestEditRelations::editorKinds()
{
    const QString db = m_tmp.makeDb(QStringLiteral("kinds.db"), QStringLiteral(R"(
        CREATE TABLE t(i INTEGER, r REAL, n NUMERIC, s TEXT, b BLOB, x,
                       flag INT CHECK (flag IN (0, 1)),
                       status TEXT CHECK (status IN ('draft', 'it''s live')),
                       meta TEXT, created INTEGER, yes BOOLEAN);)"));
    Opened o = openDb(db);
    // A CHECK (json_valid(meta)) cannot be read back through Sluice's connection (trusted_schema=OFF
    // calls json_valid unsafe in a schema), so it is added to the model here.
    Table t = o.table(QStringLiteral("t"));
    t.checks << QStringLiteral("json_valid(\"meta\")");
    auto kind = [&](const char* c, const DrizzleColumnHint* h = nullptr) {
        return columnEditorKind(t, *t.column(QLatin1String(c)), h);
    };
    QCOMPARE(kind("i").kind, EditorKind::Integer);
    QCOMPARE(kind("r").kind, EditorKind::Real);
    QCOMPARE(kind("n").kind, EditorKind::Real);
    QCOMPARE(kind("s").kind, EditorKind::Text);
    QCOMPARE(kind("b").kind, EditorKind::Blob);
    QCOMPARE(kind("x").kind, EditorKind::Any);
    QCOMPARE(kind("flag").kind, EditorKind::Boolean);
    QVERIFY(kind("flag").constrained);
    QCOMPARE(kind("status").kind, EditorKind::Enum);
    QCOMPARE(kind("status").enumValues, (QStringList{QStringLiteral("draft"), QStringLiteral("it's live")}));
    QCOMPARE(kind("meta").kind, EditorKind::Json);
    QCOMPARE(kind("yes").kind, EditorKind::Boolean);
    DrizzleColumnHint ts{QStringLiteral("integer"), QStringLiteral("timestamp"), {}};
    QCOMPARE(kind("created", &ts).kind, EditorKind::TimestampSeconds);
    DrizzleColumnHint ms{QStringLiteral("integer"), QStringLiteral("timestamp_ms"), {}};
    QCOMPARE(kind("created", &ms).kind, EditorKind::TimestampMillis);
    DrizzleColumnHint en{QStringLiteral("text"), {}, {QStringLiteral("a"), QStringLiteral("b")}};
    QCOMPARE(kind("s", &en).kind, EditorKind::Enum);
    QCOMPARE(kind("s", &en).enumValues, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    DrizzleColumnHint js{QStringLiteral("text"), QStringLiteral("json"), {}};
    QCOMPARE(kind("s", &js).kind, EditorKind::Json);
    DrizzleColumnHint bo{QStringLiteral("integer"), QStringLiteral("boolean"), {}};
    QCOMPARE(kind("i", &bo).kind, EditorKind::Boolean);
}

void TestEditRelations::insertDefaultsOnlyConstants()
{
    const QString db = m_tmp.makeDb(QStringLiteral("defaults.db"), QStringLiteral(R"(
        CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, role TEXT DEFAULT 'viewer', n INT DEFAULT (-5),
                       at TEXT DEFAULT CURRENT_TIMESTAMP, s INT DEFAULT (strftime('%s','now')),
                       b BLOB DEFAULT x'00ff', none TEXT, nul TEXT DEFAULT NULL,
                       g INT GENERATED ALWAYS AS (n + 1));)"));
    Opened o = openDb(db);
    Result<QList<InsertDefault>> d = insertDefaults(*o.connection, o.table(QStringLiteral("t")));
    QVERIFY(d.ok());
    QCOMPARE(d->size(), 9);
    using K = InsertDefault::Kind;
    QCOMPARE(d->at(0).kind, K::Assigned);
    QCOMPARE(d->at(1).kind, K::Value);
    QCOMPARE(d->at(1).value, SqlValue::text(QStringLiteral("viewer")));
    QCOMPARE(d->at(2).value, SqlValue::integer(-5));
    QCOMPARE(d->at(3).kind, K::AtInsert);
    QCOMPARE(d->at(4).kind, K::AtInsert);
    QCOMPARE(d->at(5).value, SqlValue::blob(QByteArray("\x00\xff", 2)));
    QCOMPARE(d->at(6).kind, K::None);
    QCOMPARE(d->at(7).kind, K::Value);
    QVERIFY(d->at(7).value.isNull());
    QCOMPARE(d->at(8).kind, K::Assigned);
}

void TestEditRelations::drizzleHintsFromDemoProject()
{
    const QString demo = sluice::test::sourceDir() + QStringLiteral("/resources/demo");
    const QString snapshot = latestSnapshotPath(demo + QStringLiteral("/drizzle"));
    QVERIFY2(snapshot.endsWith(QStringLiteral("_snapshot.json")), qPrintable(snapshot));
    Result<DrizzleHints> fromSnapshot = readDrizzleSnapshotHints(snapshot);
    QVERIFY(fromSnapshot.ok());
    // The snapshot only knows booleans that have a default.
    QVERIFY(fromSnapshot->find(QStringLiteral("users"), QStringLiteral("is_active")));
    QCOMPARE(fromSnapshot->find(QStringLiteral("users"), QStringLiteral("is_active"))->mode,
             QStringLiteral("boolean"));
    QVERIFY(!fromSnapshot->find(QStringLiteral("users"), QStringLiteral("created_at")));

    QFile ts(demo + QStringLiteral("/src/schema.ts"));
    QVERIFY(ts.open(QIODevice::ReadOnly));
    DrizzleHints hints = drizzleSchemaSourceHints(QString::fromUtf8(ts.readAll()));
    hints.merge(fromSnapshot.value());
    QCOMPARE(hints.find(QStringLiteral("users"), QStringLiteral("created_at"))->mode,
             QStringLiteral("timestamp"));
    QCOMPARE(hints.find(QStringLiteral("posts"), QStringLiteral("published"))->mode,
             QStringLiteral("boolean"));
    QCOMPARE(hints.find(QStringLiteral("users"), QStringLiteral("role"))->enumValues,
             (QStringList{QStringLiteral("admin"), QStringLiteral("editor"), QStringLiteral("author"),
                          QStringLiteral("viewer")}));
    QVERIFY(!hints.find(QStringLiteral("users"), QStringLiteral("email")));

    const QString src = QStringLiteral(R"(export const t = sqliteTable("events", {
        at: integer({ mode: 'timestamp_ms' }),
        payload: text('payload', { mode: "json" }),
        nested: text('n').$default(() => integer('x', { mode: 'boolean' })),
      });)");
    const DrizzleHints h = drizzleSchemaSourceHints(src);
    QCOMPARE(h.find(QStringLiteral("events"), QStringLiteral("at"))->mode, QStringLiteral("timestamp_ms"));
    QCOMPARE(h.find(QStringLiteral("events"), QStringLiteral("payload"))->mode, QStringLiteral("json"));
    QVERIFY(!h.find(QStringLiteral("events"), QStringLiteral("x")));
}

void TestEditRelations::tsvRoundTrip()
{
    const QList<SqlValueList> rows{
        {SqlValue::integer(9007199254740993LL), SqlValue::text(QStringLiteral("tab\there")),
         SqlValue::null()},
        {SqlValue::text(QStringLiteral("two\nlines \"q\"")), SqlValue::text(QString()), SqlValue::real(1.5)},
        {SqlValue::text(QStringLiteral("\"starts with quote")), SqlValue::blob(QByteArray("\x01\x02", 2)),
         SqlValue::text(QStringLiteral("ünï"))}};
    const QString tsv = encodeTsv(rows);
    QCOMPARE(tsv.count(QLatin1Char('\n')), 4); // 3 row ends + 1 inside a quoted cell
    const QList<QStringList> back = parseTsv(tsv);
    QCOMPARE(back.size(), 3);
    QCOMPARE(back.at(0),
             (QStringList{QStringLiteral("9007199254740993"), QStringLiteral("tab\there"), QString()}));
    QCOMPARE(back.at(1), (QStringList{QStringLiteral("two\nlines \"q\""), QString(), QStringLiteral("1.5")}));
    QCOMPARE(back.at(2), (QStringList{QStringLiteral("\"starts with quote"), QStringLiteral("0102"),
                                      QStringLiteral("ünï")}));
    // Windows line ends, no trailing newline, a NULL marker.
    QCOMPARE(parseTsv(QStringLiteral("a\tb\r\nc\td")),
             (QList<QStringList>{{QStringLiteral("a"), QStringLiteral("b")},
                                 {QStringLiteral("c"), QStringLiteral("d")}}));
    QCOMPARE(encodeTsv({{SqlValue::null()}}, QStringLiteral("NULL")), QStringLiteral("NULL\n"));
}

void TestEditRelations::pasteTooWide()
{
    const QList<QStringList> pasted = parseTsv(QStringLiteral("1\t2\t3\n4\t5\t6\n"));
    QVERIFY(checkPasteFits(pasted, 0, 3).ok());
    const Status st = checkPasteFits(pasted, 1, 3);
    QVERIFY(!st.ok());
    QVERIFY2(st.error().message().contains(QStringLiteral("has 3 columns, but only 2")),
             qPrintable(st.error().message()));
}

QTEST_GUILESS_MAIN(TestEditRelations)
#include "tst_edit_relations.moc"
