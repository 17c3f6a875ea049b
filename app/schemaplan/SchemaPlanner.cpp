#include "SchemaPlanner.h"

#include "CreateTableText.h"
#include "SchemaShape.h"
#include "SqlNormalizer.h"
#include "TriggerViewCheck.h"
#include "core/Identifiers.h"
#include "schema/SqlTokenizer.h"

#include <QHash>
#include <QSet>

#include <functional>

namespace sluice {

namespace {

const Table* findTable(const Schema& s, const QString& name)
{
    for (const Table& t : s.tables)
        if (t.name.compare(name, Qt::CaseInsensitive) == 0)
            return &t;
    return nullptr;
}

const Column* findColumn(const Table& t, const QString& name)
{
    for (const Column& c : t.columns)
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return &c;
    return nullptr;
}

// Identifier tokens of a SQL fragment, lower case (for "does this CHECK mention column x?").
QSet<QString> identifiersIn(const QString& sql)
{
    QSet<QString> out;
    for (const SqlToken& t : tokenizeSql(sql))
        if (t.kind == SqlToken::Kind::Word || t.kind == SqlToken::Kind::QuotedName)
            out.insert(t.name().toLower());
    return out;
}

// A fragment normalised, with identifiers renamed (old lower → new): what RENAME COLUMN / RENAME
// TO would make of it.
// Renames (old → new) in an order SQLite accepts: one onto a name that another rename gives up runs
// after it, and a cycle (two columns swapping names) goes through a temporary name.
QList<QPair<QString, QString>> orderedRenames(QList<QPair<QString, QString>> pending)
{
    QList<QPair<QString, QString>> out;
    int temps = 0;
    while (!pending.isEmpty()) {
        int free = -1;
        for (int i = 0; i < pending.size() && free < 0; ++i) {
            bool waits = false;
            for (int j = 0; j < pending.size() && !waits; ++j)
                waits = j != i && pending[j].first.compare(pending[i].second, Qt::CaseInsensitive) == 0;
            if (!waits)
                free = i;
        }
        if (free >= 0) {
            out << pending.takeAt(free);
            continue;
        }
        // Every rename waits for another: move one aside and finish it last.
        const QString temp = QStringLiteral("__sluice_rename_%1").arg(++temps);
        out << qMakePair(pending.first().first, temp);
        pending.first().first = temp;
    }
    return out;
}

// The original name of the rename that ends at `to` (for describing a step that starts from a
// temporary name).
QString originalNameOf(const QList<QPair<QString, QString>>& renames, const QString& to)
{
    for (const auto& [from, target] : renames)
        if (target.compare(to, Qt::CaseInsensitive) == 0)
            return from;
    return to;
}

QString normalizedRenamed(const QString& sql, const QMap<QString, QString>& renames)
{
    if (renames.isEmpty())
        return normalizeSql(sql);
    QString out;
    qsizetype last = 0;
    for (const SqlToken& t : tokenizeSql(sql)) {
        if (t.kind != SqlToken::Kind::Word && t.kind != SqlToken::Kind::QuotedName)
            continue;
        auto it = renames.constFind(t.name().toLower());
        if (it == renames.constEnd())
            continue;
        out += sql.mid(last, t.begin - last) + quoteIdentifier(it.value());
        last = t.end;
    }
    out += sql.mid(last);
    return normalizeSql(out);
}

bool isCurrentTimeDefault(const QString& d)
{
    const QString n = normalizeSql(d);
    return n == QLatin1String("current_time") || n == QLatin1String("current_date") ||
           n == QLatin1String("current_timestamp");
}

// Names in an order where every name comes after those it depends on (dependencies outside the
// set are ignored; a cycle is broken in name order, which is fine with foreign keys off).
QStringList dependencyOrder(const QStringList& names,
                            const std::function<QStringList(const QString&)>& dependsOn)
{
    QStringList out;
    QSet<QString> done;
    QSet<QString> visiting;
    QSet<QString> wanted;
    for (const QString& n : names)
        wanted.insert(n.toLower());
    std::function<void(const QString&)> visit = [&](const QString& n) {
        const QString key = n.toLower();
        if (done.contains(key) || visiting.contains(key))
            return;
        visiting.insert(key);
        for (const QString& d : dependsOn(n))
            for (const QString& candidate : names)
                if (candidate.compare(d, Qt::CaseInsensitive) == 0 && wanted.contains(candidate.toLower()))
                    visit(candidate);
        visiting.remove(key);
        done.insert(key);
        out << n;
    };
    for (const QString& n : names)
        visit(n);
    return out;
}

QStringList uniqueSets(const Table& t, const QMap<QString, QString>& renames)
{
    QStringList out;
    for (const Index& i : t.indexes) {
        if (i.origin != QLatin1String("u"))
            continue;
        QStringList cols;
        for (const IndexColumn& c : i.columns)
            cols << renames.value(c.name.toLower(), c.name).toLower();
        out << cols.join(QLatin1Char(','));
    }
    out.sort();
    return out;
}

QString fkShape(const ForeignKey& fk, const QMap<QString, QString>& columnRenames,
                const QMap<QString, QString>& tableRenames)
{
    QStringList from;
    for (const QString& c : fk.fromColumns)
        from << columnRenames.value(c.toLower(), c).toLower();
    QStringList to;
    for (const QString& c : fk.targetColumns)
        to << c.toLower();
    return QStringLiteral("(%1)>%2(%3) u:%4 d:%5 %6%7")
        .arg(from.join(QLatin1Char(',')),
             tableRenames.value(fk.targetTable.toLower(), fk.targetTable).toLower(),
             to.join(QLatin1Char(',')), fk.onUpdate.toLower(), fk.onDelete.toLower())
        .arg(fk.deferrable ? 1 : 0)
        .arg(fk.initiallyDeferred ? 1 : 0);
}

struct TablePair
{
    const Table* a = nullptr;
    const Table* b = nullptr;
    bool renamed = false;
    QMap<QString, QString> columnRenames; // A column (lower) → B name, for columns whose name changes
    QMap<QString, QString> keptFromA;     // B column (lower) → A column name
    QStringList added;                    // B columns with no A column
    QStringList dropped;                  // A columns with no B column
    enum class Mode { Same, Alter, Rebuild, Recreate } mode = Mode::Same;
    QStringList rebuildReasons;
};

class Planner
{
public:
    Planner(const Schema& a, const Schema& b, const RenameHints& hints, const SchemaPlanOptions& options)
        : m_a(a), m_b(b), m_hints(hints), m_options(options)
    {}

    Result<SchemaPlan> run()
    {
        if (auto st = pairTables(); !st)
            return st.error();
        for (TablePair& p : m_pairs)
            decide(p);
        findRenameCandidates();
        emitAll();
        m_result.plan.steps = {PlanStep{QStringLiteral("schema change"), QString()}};
        return m_result;
    }

private:
    const Schema& m_a;
    const Schema& m_b;
    const RenameHints& m_hints;
    const SchemaPlanOptions& m_options;
    QList<TablePair> m_pairs;
    QList<const Table*> m_droppedTables;
    QList<const Table*> m_createdTables;
    QMap<QString, QString> m_tableRenames; // A table (lower) → B name
    SchemaPlan m_result;

    void add(const QString& sql, const QString& description, bool losesData = false,
             const QVariantList& binds = {})
    {
        PlanStatement s;
        s.sql = sql;
        s.binds = binds;
        s.source = QStringLiteral("schema diff");
        s.step = 0;
        s.description = description;
        s.losesData = losesData;
        m_result.plan.statements << s;
        if (losesData)
            m_result.losesData = true;
    }

    Status pairTables()
    {
        QSet<QString> usedA;
        QSet<QString> usedB;
        for (auto it = m_hints.tables.constBegin(); it != m_hints.tables.constEnd(); ++it) {
            const Table* a = findTable(m_a, it.key());
            const Table* b = findTable(m_b, it.value());
            if (!a || !b)
                return DbError::plain(
                    QStringLiteral("Planning the schema change"),
                    QStringLiteral("the table rename %1 → %2 does not match the schemas: %3")
                        .arg(it.key(), it.value(),
                             !a ? QStringLiteral("there is no table “%1” before").arg(it.key())
                                : QStringLiteral("there is no table “%1” after").arg(it.value())),
                    QStringLiteral("Check the names given to --rename-table."));
            TablePair p;
            p.a = a;
            p.b = b;
            p.renamed = a->name.compare(b->name, Qt::CaseInsensitive) != 0;
            if (p.renamed)
                m_tableRenames.insert(a->name.toLower(), b->name);
            m_pairs << p;
            usedA.insert(a->name.toLower());
            usedB.insert(b->name.toLower());
        }
        for (const Table& b : m_b.tables) {
            if (usedB.contains(b.name.toLower()))
                continue;
            const Table* a = findTable(m_a, b.name);
            if (a && !usedA.contains(a->name.toLower())) {
                TablePair p;
                p.a = a;
                p.b = &b;
                m_pairs << p;
                usedA.insert(a->name.toLower());
            } else {
                m_createdTables << &b;
            }
        }
        for (const Table& a : m_a.tables)
            if (!usedA.contains(a.name.toLower()))
                m_droppedTables << &a;
        for (TablePair& p : m_pairs)
            if (auto st = mapColumns(p); !st)
                return st;
        return {};
    }

    Status mapColumns(TablePair& p)
    {
        QMap<QString, QString> hints = m_hints.columns.value(p.b->name.toLower());
        const QMap<QString, QString> byOldName = m_hints.columns.value(p.a->name.toLower());
        for (auto it = byOldName.constBegin(); it != byOldName.constEnd(); ++it)
            hints.insert(it.key(), it.value());
        for (auto it = hints.constBegin(); it != hints.constEnd(); ++it) {
            if (!findColumn(*p.a, it.key()) || !findColumn(*p.b, it.value()))
                return DbError::plain(
                    QStringLiteral("Planning the schema change"),
                    QStringLiteral("the column rename %1.%2 → %3 does not match the schemas")
                        .arg(p.b->name, it.key(), it.value()),
                    QStringLiteral("Check the names given to --rename."));
        }
        QSet<QString> takenB;
        for (const Column& ac : p.a->columns) {
            if (ac.kind == Column::Kind::Hidden)
                continue;
            QString target;
            if (hints.contains(ac.name.toLower()))
                target = findColumn(*p.b, hints.value(ac.name.toLower()))->name;
            else if (const Column* bc = findColumn(*p.b, ac.name); bc && !hints.values().contains(bc->name))
                target = bc->name;
            if (target.isEmpty() || takenB.contains(target.toLower())) {
                p.dropped << ac.name;
                continue;
            }
            takenB.insert(target.toLower());
            p.keptFromA.insert(target.toLower(), ac.name);
            if (ac.name.compare(target, Qt::CaseInsensitive) != 0)
                p.columnRenames.insert(ac.name.toLower(), target);
        }
        for (const Column& bc : p.b->columns)
            if (bc.kind != Column::Kind::Hidden && !takenB.contains(bc.name.toLower()))
                p.added << bc.name;
        return {};
    }

    void decide(TablePair& p)
    {
        const Table& a = *p.a;
        const Table& b = *p.b;
        if (a.isVirtual || b.isVirtual) {
            const bool same = a.isVirtual && b.isVirtual &&
                              normalizeSql(withTableName(a.sql, QStringLiteral("t"))) ==
                                  normalizeSql(withTableName(b.sql, QStringLiteral("t")));
            p.mode = same ? TablePair::Mode::Same : TablePair::Mode::Recreate;
            return;
        }
        auto rebuild = [&](const QString& why) { p.rebuildReasons << why; };

        if (a.withoutRowid != b.withoutRowid)
            rebuild(b.withoutRowid ? QStringLiteral("becomes WITHOUT ROWID")
                                   : QStringLiteral("gets a rowid"));
        if (a.strict != b.strict)
            rebuild(b.strict ? QStringLiteral("becomes STRICT") : QStringLiteral("is no longer STRICT"));
        if (a.autoincrement != b.autoincrement)
            rebuild(b.autoincrement ? QStringLiteral("gets AUTOINCREMENT")
                                    : QStringLiteral("loses AUTOINCREMENT"));

        // Kept columns: same definition (after the rename) and same relative order; added ones last.
        int lastKept = -1;
        int firstAdded = INT_MAX;
        int previousA = -1;
        for (int i = 0; i < b.columns.size(); ++i) {
            const Column& bc = b.columns.at(i);
            if (bc.kind == Column::Kind::Hidden)
                continue;
            if (!p.keptFromA.contains(bc.name.toLower())) {
                firstAdded = std::min(firstAdded, i);
                continue;
            }
            lastKept = i;
            const Column* ac = findColumn(a, p.keptFromA.value(bc.name.toLower()));
            int aIndex = int(ac - a.columns.constData());
            if (aIndex < previousA && m_options.columnOrderMatters)
                rebuild(QStringLiteral("changes the column order"));
            previousA = aIndex;
            Column renamed = *ac;
            renamed.name = bc.name;
            renamed.check = ac->check.isEmpty() ? QString() : normalizedRenamed(ac->check, p.columnRenames);
            renamed.generatedExpression = ac->generatedExpression.isEmpty()
                                              ? QString()
                                              : normalizedRenamed(ac->generatedExpression, p.columnRenames);
            if (columnShape(renamed) != columnShape(bc))
                rebuild(QStringLiteral("changes column %1").arg(bc.name));
        }
        if (firstAdded < lastKept && m_options.columnOrderMatters)
            rebuild(QStringLiteral("adds a column between existing ones"));

        // Table constraints must be unchanged (ADD COLUMN may only bring its own REFERENCES).
        QStringList checksA;
        for (const QString& c : a.checks)
            checksA << normalizedRenamed(c, p.columnRenames);
        QStringList checksB;
        for (const QString& c : b.checks)
            checksB << normalizeSql(c);
        checksA.sort();
        checksB.sort();
        if (checksA != checksB)
            rebuild(QStringLiteral("changes a CHECK constraint"));
        if (uniqueSets(a, p.columnRenames) != uniqueSets(b, {}))
            rebuild(QStringLiteral("changes a UNIQUE constraint"));
        QSet<QString> addedLower;
        for (const QString& c : p.added)
            addedLower.insert(c.toLower());
        QStringList fksA;
        for (const ForeignKey& fk : a.foreignKeys)
            fksA << fkShape(fk, p.columnRenames, m_tableRenames);
        QStringList fksB;
        for (const ForeignKey& fk : b.foreignKeys) {
            bool onAddedColumn =
                fk.fromColumns.size() == 1 && addedLower.contains(fk.fromColumns.first().toLower());
            if (!onAddedColumn)
                fksB << fkShape(fk, {}, {});
        }
        fksA.sort();
        fksB.sort();
        if (fksA != fksB)
            rebuild(QStringLiteral("changes a foreign key"));

        // ADD COLUMN's limits (DESIGN §5).
        const QStringList defs = columnDefinitionTexts(b.sql);
        for (const QString& name : p.added) {
            const Column* c = findColumn(b, name);
            const bool hasDefault = c->defaultSql && normalizeSql(*c->defaultSql) != QLatin1String("null");
            bool isReference = false;
            for (const ForeignKey& fk : b.foreignKeys)
                isReference = isReference || fk.fromColumns.contains(c->name, Qt::CaseInsensitive);
            bool inUnique = false;
            for (const Index& i : b.indexes)
                if (i.origin == QLatin1String("u"))
                    for (const IndexColumn& ic : i.columns)
                        inUnique = inUnique || ic.name.compare(c->name, Qt::CaseInsensitive) == 0;
            if (c->pkPosition > 0)
                rebuild(QStringLiteral("adds primary-key column %1").arg(name));
            else if (inUnique)
                rebuild(QStringLiteral("adds UNIQUE column %1").arg(name));
            else if (c->kind == Column::Kind::GeneratedStored)
                rebuild(QStringLiteral("adds STORED generated column %1").arg(name));
            else if (c->defaultSql && (isCurrentTimeDefault(*c->defaultSql) ||
                                       c->defaultSql->trimmed().startsWith(QLatin1Char('('))))
                rebuild(QStringLiteral("adds column %1 with a non-constant default").arg(name));
            else if (c->notNull && !hasDefault && !c->isGenerated())
                rebuild(QStringLiteral("adds NOT NULL column %1 without a default").arg(name));
            else if (isReference && hasDefault)
                rebuild(QStringLiteral("adds column %1 that references another table and has a default")
                            .arg(name));
        }
        if (!p.added.isEmpty() &&
            defs.size() != b.columns.size() -
                               std::count_if(b.columns.begin(), b.columns.end(),
                                             [](const Column& c) { return c.kind == Column::Kind::Hidden; }))
            rebuild(QStringLiteral("has a CREATE TABLE text the planner cannot split into columns"));

        // DROP COLUMN's limits (DESIGN §5).
        for (const QString& name : p.dropped) {
            const Column* c = findColumn(a, name);
            const QString key = name.toLower();
            bool used = c->pkPosition > 0;
            for (const Index& i : a.indexes)
                if (i.origin == QLatin1String("u") || i.origin == QLatin1String("pk"))
                    for (const IndexColumn& ic : i.columns)
                        used = used || ic.name.compare(name, Qt::CaseInsensitive) == 0;
            for (const ForeignKey& fk : a.foreignKeys)
                used = used || fk.fromColumns.contains(name, Qt::CaseInsensitive);
            for (const QString& check : a.checks)
                used = used || identifiersIn(check).contains(key);
            for (const Column& other : a.columns) {
                if (other.name.compare(name, Qt::CaseInsensitive) == 0)
                    continue;
                used = used || identifiersIn(other.check).contains(key) ||
                       identifiersIn(other.generatedExpression).contains(key);
            }
            // Other tables' foreign keys that target this column.
            for (const Table& t : m_a.tables)
                for (const ForeignKey& fk : t.foreignKeys)
                    if (fk.targetTable.compare(a.name, Qt::CaseInsensitive) == 0)
                        used = used || fk.targetColumns.contains(name, Qt::CaseInsensitive);
            if (used)
                rebuild(QStringLiteral("drops column %1, which a key, constraint or generated column uses")
                            .arg(name));
        }

        if (!p.rebuildReasons.isEmpty())
            p.mode = TablePair::Mode::Rebuild;
        else if (!p.added.isEmpty() || !p.dropped.isEmpty() || !p.columnRenames.isEmpty())
            p.mode = TablePair::Mode::Alter;
        else
            p.mode = TablePair::Mode::Same;
    }

    // What a dropped and an added column share, in words (the affinity always: it is what pairs them).
    static QString columnLikeness(const Column& d, const Column& n)
    {
        QStringList same;
        if (d.declaredType.compare(n.declaredType, Qt::CaseInsensitive) == 0 && !d.declaredType.isEmpty())
            same << QStringLiteral("both declared %1").arg(n.declaredType);
        else
            same << QStringLiteral("the same type affinity (%1 and %2)")
                        .arg(d.declaredType.isEmpty() ? QStringLiteral("no type") : d.declaredType,
                             n.declaredType.isEmpty() ? QStringLiteral("no type") : n.declaredType);
        if (d.notNull && n.notNull)
            same << QStringLiteral("both NOT NULL");
        if (d.defaultSql && n.defaultSql && normalizeSql(*d.defaultSql) == normalizeSql(*n.defaultSql))
            same << QStringLiteral("the same default %1").arg(*n.defaultSql);
        if (!d.collation.isEmpty() && d.collation.compare(n.collation, Qt::CaseInsensitive) == 0)
            same << QStringLiteral("the same collation %1").arg(n.collation);
        if (d.cid == n.cid)
            same << QStringLiteral("the same position (column %1)").arg(n.cid + 1);
        return same.join(QStringLiteral(", "));
    }

    void findRenameCandidates()
    {
        for (const TablePair& p : m_pairs) {
            for (const QString& d : p.dropped) {
                const Column* dc = findColumn(*p.a, d);
                for (const QString& n : p.added) {
                    const Column* nc = findColumn(*p.b, n);
                    if (dc->affinity == nc->affinity) {
                        m_result.renameCandidates << RenameCandidate{RenameCandidate::Kind::Column, p.b->name,
                                                                     d, n, columnLikeness(*dc, *nc)};
                        break;
                    }
                }
            }
        }
        for (const Table* d : m_droppedTables) {
            for (const Table* n : m_createdTables) {
                QStringList common;
                for (const Column& c : d->columns)
                    if (findColumn(*n, c.name))
                        common << c.name;
                if (common.size() * 2 >= std::max(d->columns.size(), n->columns.size())) {
                    m_result.renameCandidates
                        << RenameCandidate{RenameCandidate::Kind::Table, QString(), d->name, n->name,
                                           QStringLiteral("%1 of %2 columns in common: %3")
                                               .arg(common.size())
                                               .arg(std::max(d->columns.size(), n->columns.size()))
                                               .arg(common.join(QStringLiteral(", ")))};
                    break;
                }
            }
        }
    }

    bool isDisruptive() const
    {
        if (!m_droppedTables.isEmpty() || !m_tableRenames.isEmpty())
            return true;
        for (const TablePair& p : m_pairs)
            if (p.mode == TablePair::Mode::Rebuild || p.mode == TablePair::Mode::Recreate ||
                !p.dropped.isEmpty() || !p.columnRenames.isEmpty())
                return true;
        return false;
    }

    const TablePair* pairForB(const QString& bName) const
    {
        for (const TablePair& p : m_pairs)
            if (p.b->name.compare(bName, Qt::CaseInsensitive) == 0)
                return &p;
        return nullptr;
    }

    const TablePair* pairForA(const QString& aName) const
    {
        for (const TablePair& p : m_pairs)
            if (p.a->name.compare(aName, Qt::CaseInsensitive) == 0)
                return &p;
        return nullptr;
    }

    // A table whose indexes and triggers vanish with it in this plan (dropped or rebuilt).
    bool tableGoesAway(const QString& aTable) const
    {
        for (const Table* t : m_droppedTables)
            if (t->name.compare(aTable, Qt::CaseInsensitive) == 0)
                return true;
        const TablePair* p = pairForA(aTable);
        return p && (p->mode == TablePair::Mode::Rebuild || p->mode == TablePair::Mode::Recreate);
    }

    bool tableIsNew(const QString& bTable) const
    {
        for (const Table* t : m_createdTables)
            if (t->name.compare(bTable, Qt::CaseInsensitive) == 0)
                return true;
        const TablePair* p = pairForB(bTable);
        return p && (p->mode == TablePair::Mode::Rebuild || p->mode == TablePair::Mode::Recreate);
    }

    // For each view of `s` (lower-case name), the other views its SQL names: views are created after
    // those they select from. One pass over the views (a lookup per view would be quadratic).
    static QHash<QString, QStringList> viewDependencies(const Schema& s)
    {
        QHash<QString, QString> names;
        for (const View& v : s.views)
            names.insert(v.name.toLower(), v.name);
        QHash<QString, QStringList> out;
        for (const View& v : s.views) {
            QStringList deps;
            for (const QString& id : identifiersIn(v.sql))
                if (id != v.name.toLower() && names.contains(id))
                    deps << names.value(id);
            out.insert(v.name.toLower(), deps);
        }
        return out;
    }

    void emitAll()
    {
        const bool disruptive = isDisruptive();
        auto viewChanged = [&](const View& av) {
            const View* bv = m_b.view(av.name);
            if (!bv)
                for (const View& v : m_b.views)
                    if (v.name.compare(av.name, Qt::CaseInsensitive) == 0)
                        bv = &v;
            return !bv || normalizeSql(bv->sql) != normalizeSql(av.sql);
        };
        auto findTrigger = [](const Schema& s, const QString& name) -> const Trigger* {
            for (const Trigger& t : s.triggers)
                if (t.name.compare(name, Qt::CaseInsensitive) == 0)
                    return &t;
            return nullptr;
        };
        auto findIndex = [](const Schema& s, const QString& name) -> const Index* {
            for (const Index& i : s.indexes)
                if (!i.isAutomatic() && i.name.compare(name, Qt::CaseInsensitive) == 0)
                    return &i;
            return nullptr;
        };

        // 1. Triggers and views first: a rebuild or rename must not trip over a trigger or view
        // that names a table that is, for a moment, gone. Those that survive come back from B.
        QSet<QString> droppedTriggers;
        for (const Trigger& t : m_a.triggers) {
            const Trigger* bt = findTrigger(m_b, t.name);
            if (disruptive || !bt || normalizeSql(bt->sql) != normalizeSql(t.sql)) {
                add(QStringLiteral("DROP TRIGGER %1").arg(quoteIdentifier(t.name)),
                    bt ? QStringLiteral("Drop trigger %1 (recreated below)").arg(t.name)
                       : QStringLiteral("Drop trigger %1").arg(t.name));
                droppedTriggers.insert(t.name.toLower());
            }
        }
        QSet<QString> droppedViews;
        for (const View& v : m_a.views) {
            if (disruptive || viewChanged(v)) {
                const bool kept =
                    m_b.view(v.name) || std::any_of(m_b.views.begin(), m_b.views.end(), [&](const View& x) {
                        return x.name.compare(v.name, Qt::CaseInsensitive) == 0;
                    });
                add(QStringLiteral("DROP VIEW %1").arg(quoteIdentifier(v.name)),
                    kept ? QStringLiteral("Drop view %1 (recreated below)").arg(v.name)
                         : QStringLiteral("Drop view %1").arg(v.name));
                droppedViews.insert(v.name.toLower());
            }
        }

        // 2. Explicit indexes that change or go (those of dropped and rebuilt tables go with them).
        QSet<QString> droppedIndexes;
        for (const Index& i : m_a.indexes) {
            if (i.isAutomatic() || tableGoesAway(i.table))
                continue;
            const Index* bi = findIndex(m_b, i.name);
            const QString movedTable = m_tableRenames.value(i.table.toLower(), i.table);
            if (!bi || indexShape(*bi) != indexShape(i) ||
                bi->table.compare(movedTable, Qt::CaseInsensitive) != 0) {
                add(QStringLiteral("DROP INDEX %1").arg(quoteIdentifier(i.name)),
                    bi ? QStringLiteral("Drop index %1 (recreated below)").arg(i.name)
                       : QStringLiteral("Drop index %1").arg(i.name));
                droppedIndexes.insert(i.name.toLower());
            }
        }

        // 3. Renames the person confirmed.
        QList<QPair<QString, QString>> tableRenames;
        for (const TablePair& p : m_pairs)
            if (p.renamed)
                tableRenames << qMakePair(p.a->name, p.b->name);
        for (const auto& [from, to] : orderedRenames(tableRenames))
            add(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(quoteIdentifier(from), quoteIdentifier(to)),
                to.startsWith(QLatin1String("__sluice_rename_"))
                    ? QStringLiteral("Move table %1 aside under a temporary name (names are swapped)")
                          .arg(from)
                    : QStringLiteral("Rename table %1 to %2 (references from other tables follow)")
                          .arg(from.startsWith(QLatin1String("__sluice_rename_"))
                                   ? originalNameOf(tableRenames, to)
                                   : from,
                               to));
        for (const TablePair& p : m_pairs) {
            if (p.mode != TablePair::Mode::Alter)
                continue;
            QList<QPair<QString, QString>> renames;
            for (auto it = p.columnRenames.constBegin(); it != p.columnRenames.constEnd(); ++it)
                renames << qMakePair(findColumn(*p.a, it.key())->name, it.value());
            for (const auto& [from, to] : orderedRenames(renames))
                add(QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3")
                        .arg(quoteIdentifier(p.b->name), quoteIdentifier(from), quoteIdentifier(to)),
                    to.startsWith(QLatin1String("__sluice_rename_"))
                        ? QStringLiteral("Move column %1.%2 aside under a temporary name (names are swapped)")
                              .arg(p.b->name, from)
                        : QStringLiteral("Rename column %1.%2 to %3")
                              .arg(p.b->name,
                                   from.startsWith(QLatin1String("__sluice_rename_"))
                                       ? originalNameOf(renames, to)
                                       : from,
                                   to));
        }

        // 4. Dropped tables, children before parents.
        QStringList droppedNames;
        for (const Table* t : m_droppedTables)
            droppedNames << t->name;
        const QStringList dropOrder = dependencyOrder(droppedNames, [&](const QString& n) {
            // Reverse order: a parent depends on its children being gone first.
            QStringList children;
            for (const Table* t : m_droppedTables)
                for (const ForeignKey& fk : t->foreignKeys)
                    if (fk.targetTable.compare(n, Qt::CaseInsensitive) == 0 &&
                        t->name.compare(n, Qt::CaseInsensitive) != 0)
                        children << t->name;
            return children;
        });
        for (const QString& n : dropOrder) {
            add(QStringLiteral("DROP TABLE %1").arg(quoteIdentifier(n)),
                QStringLiteral("Drop table %1 and all its rows").arg(n), true);
            m_result.warnings << QStringLiteral("Table %1 is dropped: its rows are lost.").arg(n);
        }
        for (const TablePair& p : m_pairs) {
            if (p.mode != TablePair::Mode::Recreate)
                continue;
            add(QStringLiteral("DROP TABLE %1").arg(quoteIdentifier(p.a->name)),
                QStringLiteral("Drop virtual table %1 to create it anew (its rows are lost)").arg(p.a->name),
                true);
            m_result.warnings
                << QStringLiteral("Virtual table %1 is recreated: its rows are lost.").arg(p.a->name);
        }

        // 5. New tables, parents before children.
        QStringList createdNames;
        for (const Table* t : m_createdTables)
            createdNames << t->name;
        for (const TablePair& p : m_pairs)
            if (p.mode == TablePair::Mode::Recreate)
                createdNames << p.b->name;
        for (const QString& n : dependencyOrder(createdNames, [&](const QString& name) {
                 QStringList parents;
                 if (const Table* t = findTable(m_b, name))
                     for (const ForeignKey& fk : t->foreignKeys)
                         parents << fk.targetTable;
                 return parents;
             }))
            add(findTable(m_b, n)->sql, QStringLiteral("Create table %1").arg(n));

        // 6. Changed tables: ALTER where SQLite allows it, the rebuild otherwise.
        QStringList changedNames;
        for (const TablePair& p : m_pairs)
            if (p.mode == TablePair::Mode::Alter || p.mode == TablePair::Mode::Rebuild)
                changedNames << p.b->name;
        for (const QString& n : dependencyOrder(changedNames, [&](const QString& name) {
                 QStringList parents;
                 for (const ForeignKey& fk : findTable(m_b, name)->foreignKeys)
                     parents << fk.targetTable;
                 return parents;
             })) {
            const TablePair& p = *pairForB(n);
            if (p.mode == TablePair::Mode::Alter)
                emitAlter(p);
            else
                emitRebuild(p);
        }

        // 7. Indexes, views (dependencies first) and triggers of B that are new, changed, or were
        // dropped above.
        for (const Index& i : m_b.indexes) {
            if (i.isAutomatic())
                continue;
            const Index* ai = findIndex(m_a, i.name);
            if (!ai || droppedIndexes.contains(i.name.toLower()) || tableIsNew(i.table))
                add(i.sql, QStringLiteral("Create index %1 on %2").arg(i.name, i.table));
        }
        QStringList viewNames;
        for (const View& v : m_b.views) {
            bool existed = std::any_of(m_a.views.begin(), m_a.views.end(), [&](const View& x) {
                return x.name.compare(v.name, Qt::CaseInsensitive) == 0;
            });
            if (!existed || droppedViews.contains(v.name.toLower()))
                viewNames << v.name;
        }
        const QHash<QString, QStringList> viewDeps = viewDependencies(m_b);
        QHash<QString, QString> viewSql;
        for (const View& v : m_b.views)
            viewSql.insert(v.name.toLower(), v.sql);
        for (const QString& n :
             dependencyOrder(viewNames, [&](const QString& name) { return viewDeps.value(name.toLower()); }))
            add(viewSql.value(n.toLower()), QStringLiteral("Create view %1").arg(n));
        for (const Trigger& t : m_b.triggers) {
            const Trigger* at = findTrigger(m_a, t.name);
            if (!at || droppedTriggers.contains(t.name.toLower()) || tableIsNew(t.table))
                add(t.sql, QStringLiteral("Create trigger %1 on %2").arg(t.name, t.table));
        }

        bool needsForeignKeysOff = !m_droppedTables.isEmpty();
        for (const TablePair& p : m_pairs)
            needsForeignKeysOff = needsForeignKeysOff || p.mode == TablePair::Mode::Rebuild ||
                                  p.mode == TablePair::Mode::Recreate;
        m_result.plan.foreignKeysOff = needsForeignKeysOff;
        if (needsForeignKeysOff)
            m_result.plan.notes << QStringLiteral(
                "Foreign keys are turned off before the transaction (a dropped or "
                "rebuilt table must not cascade into its children) and checked "
                "with PRAGMA foreign_key_check before COMMIT.");
    }

    void emitAlter(const TablePair& p)
    {
        const Table& b = *p.b;
        for (const QString& d : p.dropped) {
            add(QStringLiteral("ALTER TABLE %1 DROP COLUMN %2")
                    .arg(quoteIdentifier(b.name), quoteIdentifier(d)),
                QStringLiteral("Drop column %1.%2 and its values").arg(b.name, d), true);
            m_result.warnings
                << QStringLiteral("Column %1.%2 is dropped: its values are lost.").arg(b.name, d);
        }
        const QStringList defs = columnDefinitionTexts(b.sql);
        int defIndex = 0;
        for (const Column& c : b.columns) {
            if (c.kind == Column::Kind::Hidden)
                continue;
            if (p.added.contains(c.name))
                add(QStringLiteral("ALTER TABLE %1 ADD COLUMN %2")
                        .arg(quoteIdentifier(b.name), defs.value(defIndex)),
                    QStringLiteral("Add column %1.%2").arg(b.name, c.name));
            ++defIndex;
        }
    }

    QString freeName(const QString& base) const
    {
        QString name = base;
        for (int n = 2; findTable(m_a, name) || findTable(m_b, name) || m_a.view(name) || m_b.view(name); ++n)
            name = base + QStringLiteral("_%1").arg(n);
        return name;
    }

    void emitRebuild(const TablePair& p)
    {
        const Table& a = *p.a;
        const Table& b = *p.b;
        const QString current = p.renamed ? b.name : a.name; // renamed in step 3
        const QString temp = freeName(QStringLiteral("__sluice_new_") + b.name);
        const QString why = p.rebuildReasons.join(QStringLiteral(", "));
        add(withTableName(b.sql, temp),
            QStringLiteral("Rebuild %1 (%2): create the new table as %3").arg(b.name, why, temp));

        QStringList into;
        QStringList select;
        if (a.hasRowid() && b.hasRowid() && !b.rowidAlias()) {
            // Implicit rowids are data too (other tables or the app may hold them): keep them.
            into << QStringLiteral("rowid");
            select << QStringLiteral("rowid");
        }
        for (const Column& bc : b.columns) {
            if (bc.isGenerated() || bc.isHidden() || !p.keptFromA.contains(bc.name.toLower()))
                continue;
            const Column* ac = findColumn(a, p.keptFromA.value(bc.name.toLower()));
            QString expr = quoteIdentifier(ac->name);
            // A column that becomes NOT NULL with a default: its NULLs take the default instead of
            // failing the copy. Other values copy as they are: SQLite's column affinity converts
            // them only where no information is lost (a CAST would turn 'abc' into 0).
            if (bc.notNull && !ac->notNull && bc.defaultSql &&
                normalizeSql(*bc.defaultSql) != QLatin1String("null"))
                expr = QStringLiteral("coalesce(%1, %2)").arg(expr, *bc.defaultSql);
            into << quoteIdentifier(bc.name);
            select << expr;
        }
        add(QStringLiteral("INSERT INTO %1 (%2) SELECT %3 FROM %4")
                .arg(quoteIdentifier(temp), into.join(QStringLiteral(", ")),
                     select.join(QStringLiteral(", ")), quoteIdentifier(current)),
            QStringLiteral("Copy the rows of %1 into the new table").arg(b.name), !p.dropped.isEmpty());
        for (const QString& d : p.dropped)
            m_result.warnings
                << QStringLiteral("Column %1.%2 is not copied into the rebuilt table: its values are lost.")
                       .arg(b.name, d);
        for (const QString& n : p.added) {
            const Column* c = findColumn(b, n);
            if (c->notNull && !c->defaultSql && !c->isGenerated())
                m_result.warnings << QStringLiteral(
                                         "Column %1.%2 is NOT NULL without a default: the rebuild fails if "
                                         "%1 has rows.")
                                         .arg(b.name, n);
        }
        if (a.autoincrement && b.autoincrement) {
            add(QStringLiteral("DELETE FROM sqlite_sequence WHERE name = ?"),
                QStringLiteral("Carry the AUTOINCREMENT counter of %1 over").arg(b.name), false, {temp});
            add(QStringLiteral("INSERT INTO sqlite_sequence (name, seq) SELECT ?, seq FROM sqlite_sequence "
                               "WHERE name = ?"),
                QStringLiteral("Carry the AUTOINCREMENT counter of %1 over").arg(b.name), false,
                {temp, current});
        }
        add(QStringLiteral("DROP TABLE %1").arg(quoteIdentifier(current)),
            QStringLiteral("Drop the old %1 (foreign keys are off: nothing cascades)").arg(b.name));
        add(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(quoteIdentifier(temp), quoteIdentifier(b.name)),
            QStringLiteral("Put the new %1 in place").arg(b.name));
    }
};

} // namespace

Result<SchemaPlan> planSchemaChange(const Schema& from, const Schema& to, const RenameHints& hints,
                                    const SchemaPlanOptions& options)
{
    auto planned = Planner(from, to, hints, options).run();
    // A plan that drops, renames or rebuilds anything recreates every trigger and view from the
    // target. Those it (re)creates broken are its doing; one it leaves alone was broken before.
    if (planned && !planned->isEmpty()) {
        QSet<QString> created;
        for (const PlanStatement& s : planned->plan.statements)
            created.insert(s.sql);
        for (const BrokenObject& b : brokenTriggersAndViews(to, objectsNamingRemovedThings(from, to)))
            if (created.contains(b.sql))
                planned->blockers << b.message;
        planned->warnings << planned->blockers;
    }
    return planned;
}

} // namespace sluice
