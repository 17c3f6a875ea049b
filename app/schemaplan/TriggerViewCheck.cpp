#include "TriggerViewCheck.h"

#include "core/Connection.h"
#include "core/Identifiers.h"
#include "schema/SqlTokenizer.h"

#include <sqlite3.h>

namespace sluice {
namespace {

// Identifier tokens of a SQL text, lower case.
QSet<QString> namesIn(const QString& sql)
{
    QSet<QString> out;
    for (const SqlToken& t : tokenizeSql(sql))
        if (t.kind == SqlToken::Kind::Word || t.kind == SqlToken::Kind::QuotedName)
            out.insert(t.name().toLower());
    return out;
}

bool run(sqlite3* db, const QString& sql)
{
    return sqlite3_exec(db, sql.toUtf8().constData(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

// SQLite's message for preparing `sql`, or an empty string when it compiles.
QString prepareError(sqlite3* db, const QString& sql)
{
    sqlite3_stmt* st = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    const int rc = sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &st, nullptr);
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? QString() : QString::fromUtf8(sqlite3_errmsg(db));
}

// Statements that fire every trigger on `table` (an INSERT, a DELETE, an UPDATE of every writable
// column). Preparing one compiles the trigger programs it would run.
QStringList firingStatements(Connection& db, const QString& table)
{
    QStringList sets;
    auto cols = db.rows(QStringLiteral("SELECT name, hidden FROM pragma_table_xinfo(?)"), {table});
    if (cols)
        for (const QVariantList& c : cols.value())
            if (c.value(1).toInt() == 0) // an ordinary column (generated ones cannot be SET)
                sets << QStringLiteral("%1 = %1").arg(quoteIdentifier(c.value(0).toString()));
    const QString t = quoteIdentifier(table);
    QStringList out{QStringLiteral("INSERT INTO %1 DEFAULT VALUES").arg(t),
                    QStringLiteral("DELETE FROM %1").arg(t)};
    if (!sets.isEmpty())
        out << QStringLiteral("UPDATE %1 SET %2").arg(t, sets.join(QStringLiteral(", ")));
    return out;
}

// The tables and views `sql` names, and those the named views name, transitively: what must exist
// for it to compile. Views come back in an order that creates the ones they select from first.
void closure(const Schema& s, const QString& sql, QSet<QString>& tables, QStringList& views)
{
    for (const QString& n : namesIn(sql)) {
        if (const Table* t = s.table(n); t && !tables.contains(t->name.toLower())) {
            tables.insert(t->name.toLower());
        } else if (const View* v = s.view(n); v && !views.contains(v->name, Qt::CaseInsensitive)) {
            views.prepend(v->name); // claimed before recursing, so a cycle ends
            closure(s, v->sql, tables, views);
        }
    }
}

} // namespace

QSet<QString> objectsNamingRemovedThings(const Schema& from, const Schema& to)
{
    QSet<QString> goneObjects;                 // tables and views of `from` that `to` lacks
    QHash<QString, QSet<QString>> goneColumns; // table → columns it lost
    for (const Table& a : from.tables) {
        const Table* b = to.table(a.name);
        if (!b) {
            goneObjects.insert(a.name.toLower());
            continue;
        }
        for (const Column& c : a.columns)
            if (!b->column(c.name))
                goneColumns[a.name.toLower()].insert(c.name.toLower());
    }
    for (const View& v : from.views)
        if (!to.view(v.name))
            goneObjects.insert(v.name.toLower());

    QSet<QString> out;
    auto consider = [&](const QString& name, const QString& sql, const QString& onTable) {
        const QSet<QString> names = namesIn(sql);
        bool hit = names.intersects(goneObjects);
        for (auto it = goneColumns.constBegin(); !hit && it != goneColumns.constEnd(); ++it)
            hit = (names.contains(it.key()) || onTable.toLower() == it.key()) && names.intersects(it.value());
        if (hit)
            out.insert(name.toLower());
    };
    for (const View& v : to.views)
        consider(v.name, v.sql, {});
    for (const Trigger& t : to.triggers)
        consider(t.name, t.sql, t.table);
    return out;
}

QList<BrokenObject> brokenTriggersAndViews(const Schema& target, const QSet<QString>& objects)
{
    QList<const View*> views;
    QList<const Trigger*> triggers;
    QSet<QString> neededTables;
    QStringList neededViews;
    for (const View& v : target.views)
        if (objects.contains(v.name.toLower())) {
            views << &v;
            closure(target, v.sql, neededTables, neededViews);
            if (!neededViews.contains(v.name, Qt::CaseInsensitive))
                neededViews << v.name;
        }
    for (const Trigger& t : target.triggers)
        if (objects.contains(t.name.toLower())) {
            triggers << &t;
            closure(target, t.sql, neededTables, neededViews);
        }
    if (views.isEmpty() && triggers.isEmpty())
        return {};

    auto opened = Connection::openMemory();
    if (!opened || !opened.value()->handle())
        return {};
    Connection& db = *opened.value();
    sqlite3* h = db.handle();
    // Foreign keys off: a parent table that is not built must not stop an INSERT from compiling.
    if (!run(h, QStringLiteral("PRAGMA foreign_keys=OFF; BEGIN")))
        return {};
    for (const Table& t : target.tables)
        if (neededTables.contains(t.name.toLower()) && !run(h, t.sql))
            return {};
    // `neededViews` lists dependencies first, except that a view named by two others may come late:
    // retry until a pass makes no progress.
    QStringList pending = neededViews;
    while (!pending.isEmpty()) {
        QStringList failed;
        for (const QString& v : pending)
            if (!run(h, target.view(v)->sql))
                failed << v;
        if (failed.size() == pending.size())
            return {};
        pending = failed;
    }

    QList<BrokenObject> problems;
    for (const View* v : views) {
        const QString error =
            prepareError(h, QStringLiteral("SELECT * FROM %1").arg(quoteIdentifier(v->name)));
        if (!error.isEmpty())
            problems << BrokenObject{
                v->name, v->sql,
                QStringLiteral("View %1 does not work with the new schema: SQLite says “%2” "
                               "when it is read. The plan recreates it as the target has it, "
                               "which SQLite accepts, and every query of the view then "
                               "fails; change or drop the view in the target schema.")
                    .arg(v->name, error)};
    }
    // Each trigger alone, so that a message belongs to the trigger being compiled.
    for (const Trigger* t : triggers) {
        const QStringList statements = firingStatements(db, t->table);
        QList<bool> compiledBefore;
        for (const QString& sql : statements)
            compiledBefore << prepareError(h, sql).isEmpty();
        if (!run(h, t->sql))
            continue;
        for (int i = 0; i < statements.size(); ++i) {
            if (!compiledBefore.at(i))
                continue; // fails without the trigger too (an INSERT into a view without INSTEAD OF)
            const QString error = prepareError(h, statements.at(i));
            if (!error.isEmpty()) {
                problems << BrokenObject{
                    t->name, t->sql,
                    QStringLiteral(
                        "Trigger %1 on %2 does not work with the new schema: SQLite says “%3” when it "
                        "fires. The plan recreates it as the target has it, which SQLite accepts, and "
                        "every statement that fires it then fails; change or drop the trigger in the "
                        "target schema.")
                        .arg(t->name, t->table, error)};
                break;
            }
        }
        if (!run(h, QStringLiteral("DROP TRIGGER %1").arg(quoteIdentifier(t->name))))
            break;
    }
    return problems;
}

} // namespace sluice
