// The planner's correctness property on generated schema pairs (seeded, so a failure reproduces):
// for a random schema A with data and a random edit B of it, applying plan(A, B) yields a schema
// equal to B, keeps every row of every kept table, keeps the values of every kept column whose type
// did not change, and leaves foreign_key_check and integrity_check clean.
#include "PlanTestSupport.h"
#include "TestSupport.h"
#include "core/Identifiers.h"

#include <QFileInfo>
#include <QRandomGenerator>

using namespace sluice;
using namespace sluice::test;

namespace {

struct GCol
{
    QString name;
    QString type; // INTEGER, TEXT, REAL, BLOB, NUMERIC, ""
    bool notNull = false;
    QString defaultSql;
    bool unique = false;
    QString check;
    QString collate;
    QString references; // parent table (its id), empty when none
    QString onDelete = QStringLiteral("CASCADE");
};

struct GIndex
{
    QString name;
    QString column;
    bool unique = false;
    bool partial = false;
};

struct GTable
{
    QString name;
    enum class Key { RowidAlias, Autoincrement, TextWithoutRowid, ImplicitRowid } key = Key::RowidAlias;
    bool strict = false;
    QList<GCol> cols;
    QList<GIndex> indexes;
    QStringList checks;
};

struct GSchema
{
    QList<GTable> tables;
    QStringList views;    // table names with a view v_<table>
    QStringList triggers; // table names with a trigger tr_<table>

    GTable* table(const QString& n)
    {
        for (GTable& t : tables)
            if (t.name == n)
                return &t;
        return nullptr;
    }
    bool isReferenced(const QString& n) const
    {
        for (const GTable& t : tables)
            for (const GCol& c : t.cols)
                if (c.references == n)
                    return true;
        return false;
    }
};

QString render(const GSchema& s)
{
    QStringList out;
    for (const GTable& t : s.tables) {
        QStringList defs;
        switch (t.key) {
        case GTable::Key::RowidAlias:
            defs << QStringLiteral("id INTEGER PRIMARY KEY");
            break;
        case GTable::Key::Autoincrement:
            defs << QStringLiteral("id INTEGER PRIMARY KEY AUTOINCREMENT");
            break;
        case GTable::Key::TextWithoutRowid:
            defs << QStringLiteral("id TEXT PRIMARY KEY");
            break;
        case GTable::Key::ImplicitRowid:
            defs << QStringLiteral("id INTEGER NOT NULL UNIQUE");
            break;
        }
        for (const GCol& c : t.cols) {
            QString d = QStringLiteral("\"%1\"").arg(c.name);
            if (!c.type.isEmpty())
                d += QLatin1Char(' ') + c.type;
            if (c.notNull)
                d += QStringLiteral(" NOT NULL");
            if (!c.defaultSql.isEmpty())
                d += QStringLiteral(" DEFAULT ") + c.defaultSql;
            if (c.unique)
                d += QStringLiteral(" UNIQUE");
            if (!c.collate.isEmpty())
                d += QStringLiteral(" COLLATE ") + c.collate;
            if (!c.check.isEmpty())
                d += QStringLiteral(" CHECK (%1)").arg(c.check);
            if (!c.references.isEmpty())
                d += QStringLiteral(" REFERENCES %1(id) ON DELETE %2").arg(c.references, c.onDelete);
            defs << d;
        }
        for (const QString& ch : t.checks)
            defs << QStringLiteral("CHECK (%1)").arg(ch);
        QString options;
        if (t.key == GTable::Key::TextWithoutRowid)
            options = QStringLiteral(" WITHOUT ROWID");
        if (t.strict)
            options += options.isEmpty() ? QStringLiteral(" STRICT") : QStringLiteral(", STRICT");
        out << QStringLiteral("CREATE TABLE %1 (%2)%3;")
                   .arg(t.name, defs.join(QStringLiteral(", ")), options);
        for (const GIndex& i : t.indexes)
            out << QStringLiteral("CREATE %1INDEX %2 ON %3(\"%4\")%5;")
                       .arg(i.unique ? QStringLiteral("UNIQUE ") : QString(), i.name, t.name, i.column,
                            i.partial ? QStringLiteral(" WHERE \"%1\" IS NOT NULL").arg(i.column)
                                      : QString());
    }
    for (const QString& v : s.views)
        out << QStringLiteral("CREATE VIEW v_%1 AS SELECT id FROM %1;").arg(v);
    for (const QString& t : s.triggers)
        out << QStringLiteral("CREATE TRIGGER tr_%1 AFTER UPDATE ON %1 BEGIN SELECT 1; END;").arg(t);
    return out.join(QLatin1Char('\n'));
}

class Generator
{
public:
    explicit Generator(quint32 seed) : m_rng(seed) {}

    int pick(int n) { return int(m_rng.bounded(n)); }
    bool chance(int percent) { return pick(100) < percent; }

    QString type(bool strict)
    {
        static const QStringList loose{QStringLiteral("INTEGER"), QStringLiteral("TEXT"),
                                       QStringLiteral("REAL"),    QStringLiteral("BLOB"),
                                       QStringLiteral("NUMERIC"), QString()};
        static const QStringList strictTypes{QStringLiteral("INTEGER"), QStringLiteral("TEXT"),
                                             QStringLiteral("REAL"), QStringLiteral("BLOB"),
                                             QStringLiteral("ANY")};
        return strict ? strictTypes.at(pick(strictTypes.size())) : loose.at(pick(loose.size()));
    }

    GCol column(const QString& name, bool strict, const QStringList& parents)
    {
        GCol c;
        c.name = name;
        c.type = type(strict);
        if (chance(30)) {
            c.notNull = true;
            c.defaultSql = defaultFor(c.type);
        } else if (chance(20)) {
            c.defaultSql = defaultFor(c.type);
        }
        if (chance(10))
            c.unique = true;
        if (c.type == QLatin1String("TEXT") && chance(20))
            c.collate = QStringLiteral("NOCASE");
        if (chance(15))
            c.check = QStringLiteral("\"%1\" IS NULL OR length(\"%1\") >= 0").arg(name);
        if (!parents.isEmpty() && chance(25) && !c.unique) {
            c.references = parents.at(pick(parents.size()));
            c.type = strict ? QStringLiteral("INTEGER") : QStringLiteral("INTEGER");
            c.notNull = false;
            c.defaultSql.clear();
            c.onDelete = chance(50) ? QStringLiteral("CASCADE") : QStringLiteral("SET NULL");
        }
        return c;
    }

    QString defaultFor(const QString& type)
    {
        if (type == QLatin1String("TEXT"))
            return QStringLiteral("'d'");
        if (type == QLatin1String("BLOB"))
            return QStringLiteral("X'00'");
        if (type == QLatin1String("REAL"))
            return QStringLiteral("0.5");
        return QStringLiteral("0");
    }

    GSchema schema()
    {
        GSchema s;
        const int tables = 2 + pick(4);
        QStringList parents;
        for (int i = 0; i < tables; ++i) {
            GTable t;
            t.name = QStringLiteral("t%1").arg(i);
            t.key = GTable::Key(pick(4));
            t.strict = chance(20);
            const int cols = 1 + pick(5);
            QStringList rowidParents;
            for (const QString& p : parents)
                if (s.table(p)->key != GTable::Key::TextWithoutRowid &&
                    s.table(p)->key != GTable::Key::ImplicitRowid)
                    rowidParents << p;
            for (int c = 0; c < cols; ++c)
                t.cols << column(QStringLiteral("c%1").arg(c), t.strict, rowidParents);
            if (!t.cols.isEmpty() && chance(40)) {
                const GCol& c = t.cols.at(pick(t.cols.size()));
                t.indexes << GIndex{QStringLiteral("i_%1_%2").arg(t.name, c.name), c.name, c.unique,
                                    chance(30)};
            }
            if (chance(15))
                t.checks << QStringLiteral("id IS NOT NULL");
            s.tables << t;
            parents << t.name;
            if (chance(25))
                s.views << t.name;
            if (chance(25))
                s.triggers << t.name;
        }
        return s;
    }

    // Rows that satisfy A (and, by construction of the edits, B): parents first, unique values
    // where a column is UNIQUE, references to existing parent ids.
    QString data(const GSchema& s)
    {
        QStringList out;
        for (const GTable& t : s.tables) {
            const int rows = pick(6);
            for (int r = 1; r <= rows; ++r) {
                QStringList names{QStringLiteral("id")};
                QStringList values{t.key == GTable::Key::TextWithoutRowid ? QStringLiteral("'k%1'").arg(r)
                                                                          : QString::number(r)};
                for (const GCol& c : t.cols) {
                    names << QStringLiteral("\"%1\"").arg(c.name);
                    values << value(c, r, s);
                }
                out << QStringLiteral("INSERT INTO %1 (%2) VALUES (%3);")
                           .arg(t.name, names.join(QLatin1Char(',')), values.join(QLatin1Char(',')));
            }
        }
        return out.join(QLatin1Char('\n'));
    }

    QString value(const GCol& c, int row, const GSchema&)
    {
        if (!c.references.isEmpty())
            return chance(30) ? QStringLiteral("NULL")
                              : QStringLiteral("(SELECT max(id) FROM %1)").arg(c.references);
        if (!c.notNull && chance(20))
            return QStringLiteral("NULL");
        const QString& ty = c.type;
        if (ty == QLatin1String("INTEGER") || ty == QLatin1String("NUMERIC"))
            return QString::number(c.unique ? row : qint64(pick(1000)) * 4611686018427LL);
        if (ty == QLatin1String("REAL"))
            return QString::number(row * 1.25 + (c.unique ? 0 : pick(10)));
        if (ty == QLatin1String("BLOB"))
            return QStringLiteral("X'%1'").arg(
                QString::number(row * 7919 + pick(50), 16).rightJustified(8, QLatin1Char('0')));
        return QStringLiteral("'v%1é%2'").arg(row).arg(c.unique ? 0 : pick(9));
    }

    // Returns B and the renames to pass (column renames given as hints).
    GSchema edit(const GSchema& a, QStringList& columnRenames)
    {
        GSchema b = a;
        const int edits = 1 + pick(3);
        for (int e = 0; e < edits; ++e) {
            GTable& t = b.tables[pick(b.tables.size())];
            switch (pick(12)) {
            case 0: { // add a column at the end
                GCol c = column(QStringLiteral("n%1").arg(pick(1000)), t.strict, {});
                c.unique = false;
                if (t.cols.end() == std::find_if(t.cols.begin(), t.cols.end(),
                                                 [&](const GCol& x) { return x.name == c.name; }))
                    t.cols << c;
                break;
            }
            case 1: // add a column in the middle (rebuild)
                if (!t.cols.isEmpty()) {
                    GCol c = column(QStringLiteral("m%1").arg(pick(1000)), t.strict, {});
                    c.unique = false;
                    if (t.cols.end() == std::find_if(t.cols.begin(), t.cols.end(),
                                                     [&](const GCol& x) { return x.name == c.name; }))
                        t.cols.insert(0, c);
                }
                break;
            case 2: // drop a column (and its indexes)
                if (!t.cols.isEmpty()) {
                    const QString name = t.cols.takeAt(pick(t.cols.size())).name;
                    t.indexes.removeIf([&](const GIndex& i) { return i.column == name; });
                }
                break;
            case 3: // change a type (non-STRICT tables: a STRICT column refuses what does not convert)
                if (!t.cols.isEmpty() && !t.strict) {
                    GCol& c = t.cols[pick(t.cols.size())];
                    if (c.references.isEmpty())
                        c.type = type(false);
                }
                break;
            case 4: // NOT NULL with a default (NULLs take the default in the rebuild), or drop NOT NULL
                if (!t.cols.isEmpty()) {
                    GCol& c = t.cols[pick(t.cols.size())];
                    if (!c.references.isEmpty())
                        break;
                    if (c.notNull) {
                        c.notNull = false;
                    } else {
                        c.notNull = true;
                        c.defaultSql = defaultFor(c.type);
                    }
                }
                break;
            case 5: // an index added or removed
                if (!t.indexes.isEmpty())
                    t.indexes.removeLast();
                else if (!t.cols.isEmpty()) {
                    const GCol& c = t.cols.at(pick(t.cols.size()));
                    t.indexes << GIndex{QStringLiteral("j_%1_%2").arg(t.name, c.name), c.name, false,
                                        chance(50)};
                }
                break;
            case 6: { // a new table, maybe a child of an existing one
                GTable n;
                n.name = QStringLiteral("new%1").arg(pick(1000));
                if (b.table(n.name))
                    break;
                n.cols << column(QStringLiteral("a"), false, {});
                if (t.key == GTable::Key::RowidAlias || t.key == GTable::Key::Autoincrement) {
                    GCol ref;
                    ref.name = QStringLiteral("parent");
                    ref.type = QStringLiteral("INTEGER");
                    ref.references = t.name;
                    n.cols << ref;
                }
                b.tables << n;
                break;
            }
            case 7: // drop a table nobody references
                if (b.tables.size() > 1 && !b.isReferenced(t.name)) {
                    const QString name = t.name;
                    b.views.removeAll(name);
                    b.triggers.removeAll(name);
                    b.tables.removeIf([&](const GTable& x) { return x.name == name; });
                }
                break;
            case 8: // a table CHECK that holds
                t.checks << QStringLiteral("length(id) > 0");
                break;
            case 9: // a foreign key's action changes
                for (GCol& c : t.cols)
                    if (!c.references.isEmpty()) {
                        c.onDelete = c.onDelete == QLatin1String("CASCADE") ? QStringLiteral("SET NULL")
                                                                            : QStringLiteral("CASCADE");
                        break;
                    }
                break;
            case 10: // a view or trigger added or removed
                if (b.views.contains(t.name))
                    b.views.removeAll(t.name);
                else
                    b.views << t.name;
                if (chance(50)) {
                    if (b.triggers.contains(t.name))
                        b.triggers.removeAll(t.name);
                    else
                        b.triggers << t.name;
                }
                break;
            case 11: // a column renamed, and the rename given as a hint
                if (!t.cols.isEmpty()) {
                    GCol& c = t.cols[pick(t.cols.size())];
                    const QString to = c.name + QStringLiteral("_r");
                    if (std::any_of(t.cols.begin(), t.cols.end(),
                                    [&](const GCol& x) { return x.name == to; }))
                        break;
                    columnRenames << QStringLiteral("%1.%2=%3").arg(t.name, c.name, to);
                    for (GIndex& i : t.indexes)
                        if (i.column == c.name)
                            i.column = to;
                    if (!c.check.isEmpty())
                        c.check = QStringLiteral("\"%1\" IS NULL OR length(\"%1\") >= 0").arg(to);
                    c.name = to;
                }
                break;
            }
        }
        return b;
    }

private:
    QRandomGenerator m_rng;
};

} // namespace

class TestSchemaPlanRandom : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Hundreds of small databases, each committed with fsync: on a RAM-backed folder the test
        // measures the planner, not the disk.
        if (QFileInfo(QStringLiteral("/dev/shm")).isWritable())
            qputenv("TMPDIR", "/dev/shm");
    }

    void generatedPairsKeepTheProperty()
    {
        TempDir dir;
        const int pairs = qEnvironmentVariableIntValue("SLUICE_RANDOM_PAIRS") > 0
                              ? qEnvironmentVariableIntValue("SLUICE_RANDOM_PAIRS")
                              : 300;
        int rebuilds = 0;
        int alters = 0;
        for (int seed = 1; seed <= pairs; ++seed) {
            Generator g{quint32(seed)};
            const GSchema a = g.schema();
            QStringList renames;
            // A column edited twice in one pair can make a rename hint stale; keep hints only for
            // columns that still exist under the new name.
            const GSchema b = g.edit(a, renames);
            QStringList validRenames;
            for (const QString& r : renames) {
                const QString table = r.section(QLatin1Char('.'), 0, 0);
                const QString to = r.section(QLatin1Char('='), 1);
                const QString from = r.section(QLatin1Char('.'), 1).section(QLatin1Char('='), 0, 0);
                const GTable* bt = nullptr;
                for (const GTable& t : b.tables)
                    if (t.name == table)
                        bt = &t;
                bool toExists = bt && std::any_of(bt->cols.begin(), bt->cols.end(),
                                                  [&](const GCol& c) { return c.name == to; });
                bool fromGone = bt && std::none_of(bt->cols.begin(), bt->cols.end(),
                                                   [&](const GCol& c) { return c.name == from; });
                if (toExists && fromGone)
                    validRenames << r;
            }
            const QString aSql = render(a);
            const QString bSql = render(b);
            const QString data = g.data(a);
            const QString context = QStringLiteral("seed %1\nA:\n%2\nB:\n%3\nrenames: %4\n")
                                        .arg(seed)
                                        .arg(aSql, bSql, validRenames.join(QLatin1Char(' ')));

            const QString path =
                dir.makeDb(QStringLiteral("r%1.db").arg(seed), aSql + QLatin1Char('\n') + data);
            auto c = Connection::open(path);
            QVERIFY2(c.ok(), qPrintable(context));
            QVERIFY(c.value()->exec(QStringLiteral("PRAGMA foreign_keys=ON")).ok());
            const Schema before = schemaOfDb(*c.value());
            auto hints = RenameHints::parse(validRenames, {});
            QVERIFY2(hints.ok(), qPrintable(context));
            auto planned = planSchemaChange(before, schemaOf(bSql), hints.value());
            QVERIFY2(planned.ok(),
                     qPrintable(context + (planned.ok() ? QString() : planned.error().message())));
            const QString planSql = planText(planned->plan);
            // The generated views and triggers name only what their target has: never a blocker.
            QVERIFY2(planned->blockers.isEmpty(),
                     qPrintable(context + planned->blockers.join(QLatin1Char('\n'))));

            // What must survive: per kept table, row count and the values of kept, same-typed columns.
            QMap<QString, QString> expected;
            for (const GTable& bt : b.tables) {
                const GTable* at = nullptr;
                for (const GTable& t : a.tables)
                    if (t.name == bt.name)
                        at = &t;
                if (!at)
                    continue;
                expected[bt.name + QStringLiteral("#")] =
                    queryRaw(path, QStringLiteral("SELECT count(*) FROM %1").arg(bt.name));
                for (const GCol& bc : bt.cols) {
                    QString fromName = bc.name;
                    for (const QString& r : validRenames)
                        if (r.startsWith(bt.name + QLatin1Char('.')) &&
                            r.endsWith(QLatin1Char('=') + bc.name))
                            fromName = r.section(QLatin1Char('.'), 1).section(QLatin1Char('='), 0, 0);
                    const GCol* ac = nullptr;
                    for (const GCol& x : at->cols)
                        if (x.name == fromName)
                            ac = &x;
                    if (!ac || ac->type != bc.type || (bc.notNull && !ac->notNull) ||
                        !bc.references.isEmpty())
                        continue;
                    expected[bt.name + QLatin1Char('.') + bc.name] =
                        queryRaw(path, QStringLiteral("SELECT group_concat(quote(\"%1\"), '|') FROM (SELECT "
                                                      "\"%1\" FROM %2 ORDER BY id)")
                                           .arg(fromName, bt.name));
                }
            }

            auto ran = PlanRunner::run(*c.value(), planned->plan);
            if (!ran.ok())
                QFAIL(qPrintable(context + QStringLiteral("plan:\n") + planSql + QStringLiteral("\nerror: ") +
                                 ran.error().message()));
            const QStringList got = schemaShape(schemaOfDb(*c.value()));
            const QStringList want = schemaShape(schemaOf(bSql));
            if (got != want) {
                QStringList diff;
                for (const QString& l : got)
                    if (!want.contains(l))
                        diff << QStringLiteral("+ ") + l;
                for (const QString& l : want)
                    if (!got.contains(l))
                        diff << QStringLiteral("- ") + l;
                QFAIL(qPrintable(context + QStringLiteral("plan:\n") + planSql +
                                 QStringLiteral("\nshape differs:\n") + diff.join(QLatin1Char('\n'))));
            }
            for (auto it = expected.constBegin(); it != expected.constEnd(); ++it) {
                QString now;
                if (it.key().endsWith(QLatin1Char('#')))
                    now = queryRaw(path, QStringLiteral("SELECT count(*) FROM %1").arg(it.key().chopped(1)));
                else
                    now = queryRaw(path, QStringLiteral("SELECT group_concat(quote(\"%1\"), '|') FROM "
                                                        "(SELECT \"%1\" FROM %2 ORDER BY id)")
                                             .arg(it.key().section(QLatin1Char('.'), 1),
                                                  it.key().section(QLatin1Char('.'), 0, 0)));
                if (now != it.value())
                    QFAIL(qPrintable(context + QStringLiteral("plan:\n") + planSql +
                                     QStringLiteral("\n%1: was %2, now %3").arg(it.key(), it.value(), now)));
            }
            QCOMPARE(queryRaw(path, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
            // ... and every view of the result can be read.
            {
                auto after = Connection::open(path);
                QVERIFY(after.ok());
                for (const View& v : schemaOfDb(*after.value()).views) {
                    auto read = after.value()->scalar(
                        QStringLiteral("SELECT count(*) FROM %1").arg(quoteIdentifier(v.name)));
                    QVERIFY2(read.ok(), qPrintable(context + v.name));
                }
            }
            if (queryRaw(path, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")) !=
                QLatin1String("0"))
                QFAIL(qPrintable(context + planSql));
            rebuilds += planSql.contains(QStringLiteral("__sluice_new_")) ? 1 : 0;
            alters += planSql.contains(QStringLiteral("ALTER TABLE")) ? 1 : 0;
        }
        qInfo("%d pairs: %d with a rebuild, %d with an ALTER", pairs, rebuilds, alters);
        QVERIFY(rebuilds > pairs / 10);
        QVERIFY(alters > pairs / 10);
    }
};

QTEST_GUILESS_MAIN(TestSchemaPlanRandom)
#include "tst_schemaplan_random.moc"
