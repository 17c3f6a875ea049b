#include "DeleteImpact.h"

#include "BoundStatement.h"
#include "core/Identifiers.h"
#include "worker/DbWorker.h"

#include <QHash>

#include <sqlite3.h>

namespace sluice {

namespace {

QString rowValue(const QStringList& parts)
{
    return parts.size() == 1 ? parts.first()
                             : QLatin1Char('(') + parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

// The working sets of one table in the walk: TEMP tables keyed by the table's row locator.
struct Node
{
    const Table* table = nullptr;
    RowLocator locator;
    QString del, fresh, current, setNull, setDefault, blocking; // quoted temp.* names
    QStringList keyColumns;                                     // k0, k1, …
};

} // namespace

qint64 DeleteImpact::totalCascaded() const
{
    qint64 n = 0;
    for (const TableImpact& t : tables)
        n += t.deleted;
    return n;
}

bool DeleteImpact::wouldFail() const
{
    for (const TableImpact& t : tables)
        if (t.blocking > 0)
            return true;
    return false;
}

const TableImpact* DeleteImpact::find(const QString& table) const
{
    for (const TableImpact& t : tables)
        if (t.table.compare(table, Qt::CaseInsensitive) == 0)
            return &t;
    return nullptr;
}

QString DeleteImpact::summary() const
{
    QStringList del, other, block;
    for (const TableImpact& t : tables) {
        if (t.deleted)
            del << QStringLiteral("%1 in %2").arg(t.deleted).arg(t.table);
        if (t.setNull)
            other
                << QStringLiteral("sets foreign keys of %1 row(s) in %2 to NULL").arg(t.setNull).arg(t.table);
        if (t.setDefault)
            other << QStringLiteral("sets foreign keys of %1 row(s) in %2 to their default")
                         .arg(t.setDefault)
                         .arg(t.table);
        if (t.blocking)
            block << QStringLiteral("%1 row(s) in %2").arg(t.blocking).arg(t.table);
    }
    QStringList parts;
    if (!del.isEmpty())
        parts << QStringLiteral("also deletes %1 row(s): %2")
                     .arg(totalCascaded())
                     .arg(del.join(QStringLiteral(", ")));
    parts << other;
    if (!block.isEmpty())
        parts << QStringLiteral("fails: still referenced by %1").arg(block.join(QStringLiteral(", ")));
    if (parts.isEmpty())
        return QStringLiteral("No other rows are affected.");
    QString s = parts.join(QStringLiteral("; "));
    s[0] = s[0].toUpper();
    return s + QLatin1Char('.');
}

Result<DeleteImpact> countDeleteImpact(Connection& connection, const Schema& schema, const QString& tableName,
                                       const QList<RowIdentity>& rows, JobControl* control)
{
    const QString op = QStringLiteral("Counting the rows the deletion affects");
    const Table* start = schema.table(tableName);
    if (!start)
        return DbError::plain(op, QStringLiteral("there is no table named %1").arg(tableName));
    sqlite3* db = connection.handle();
    if (!db)
        return DbError::plain(op, connection.rawHandleProblem());

    auto exec = [&](const QString& sql, const SqlValueList& binds = {}) -> Result<qint64> {
        BoundStatement st(connection, sql, op);
        if (!st.ok())
            return st.error();
        if (Status b = st.bind(binds); !b)
            return b.error();
        if (Status r = st.run(); !r)
            return r.error();
        return qint64(sqlite3_changes64(db));
    };
    auto count = [&](const QString& sql) -> Result<qint64> {
        BoundStatement st(connection, sql, op);
        if (!st.ok())
            return st.error();
        Result<bool> r = st.step();
        if (!r)
            return r.error();
        return st.value(0).toInteger();
    };

    // Everything happens inside a savepoint that is always rolled back: the TEMP tables vanish
    // with it, and every count reads one consistent snapshot of the database.
    if (Result<qint64> sp = exec(QStringLiteral("SAVEPOINT sluice_delete_impact")); !sp)
        return sp.error();
    auto finish = [&] {
        sqlite3_exec(db, "ROLLBACK TO sluice_delete_impact; RELEASE sluice_delete_impact", nullptr, nullptr,
                     nullptr);
    };

    QList<Node> nodes;
    QHash<QString, int> nodeOf; // lower-case table name → index
    auto nodeFor = [&](const Table& t) -> Result<int> {
        const QString key = t.name.toLower();
        if (nodeOf.contains(key))
            return nodeOf.value(key);
        Result<RowLocator> l = RowLocator::forTable(t);
        if (!l)
            return l.error();
        Node n;
        n.table = &t;
        n.locator = l.value();
        const int i = int(nodes.size());
        for (int k = 0; k < n.locator.sqlTerms.size(); ++k)
            n.keyColumns << QStringLiteral("k%1").arg(k);
        const QString keys = n.keyColumns.join(QStringLiteral(", "));
        QString* names[] = {&n.del, &n.fresh, &n.current, &n.setNull, &n.setDefault, &n.blocking};
        const char* kinds[] = {"del", "new", "cur", "setnull", "setdefault", "blocking"};
        for (int k = 0; k < 6; ++k) {
            *names[k] = QStringLiteral("temp.") +
                        quoteIdentifier(QStringLiteral("sluice_impact_%1_%2").arg(kinds[k]).arg(i));
            if (Result<qint64> r = exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(*names[k])); !r)
                return r.error();
            if (Result<qint64> r = exec(QStringLiteral("CREATE TABLE %1(%2, PRIMARY KEY(%2)) WITHOUT ROWID")
                                            .arg(*names[k], keys));
                !r)
                return r.error();
        }
        nodes << n;
        nodeOf.insert(key, i);
        return i;
    };

    DeleteImpact impact;
    Result<int> first = nodeFor(*start);
    if (!first) {
        finish();
        return first.error();
    }
    {
        const Node& n = nodes.at(first.value());
        const QString sql = QStringLiteral("INSERT OR IGNORE INTO %1 SELECT %2 FROM %3 WHERE %4")
                                .arg(n.del, n.locator.sqlTerms.join(QStringLiteral(", ")),
                                     quoteIdentifier(start->name), n.locator.whereSql());
        for (const RowIdentity& r : rows) {
            if (r.key.size() != n.locator.sqlTerms.size())
                continue;
            Result<qint64> ins = exec(sql, r.key);
            if (!ins) {
                finish();
                return ins.error();
            }
            impact.requested += ins.value();
        }
        if (Result<qint64> r = exec(QStringLiteral("INSERT INTO %1 SELECT * FROM %2").arg(n.fresh, n.del));
            !r) {
            finish();
            return r.error();
        }
    }

    QList<int> queue{first.value()};
    int rounds = 0;
    while (!queue.isEmpty()) {
        if (control) {
            if (control->isCancelled()) {
                finish();
                return DbWorker::cancelledError();
            }
            control->progress(rounds, rounds + queue.size(), QStringLiteral("Following foreign keys"));
        }
        ++rounds;
        const int pi = queue.takeFirst();
        {
            const Node& p = nodes.at(pi);
            for (const QString& sql :
                 {QStringLiteral("DELETE FROM %1").arg(p.current),
                  QStringLiteral("INSERT INTO %1 SELECT * FROM %2").arg(p.current, p.fresh),
                  QStringLiteral("DELETE FROM %1").arg(p.fresh)})
                if (Result<qint64> r = exec(sql); !r) {
                    finish();
                    return r.error();
                }
        }
        const Table& parent = *nodes.at(pi).table;
        for (const Table& child : schema.tables) {
            for (const ForeignKey& fk : child.foreignKeys) {
                if (fk.targetTable.compare(parent.name, Qt::CaseInsensitive) != 0)
                    continue;
                QStringList parentColumns;
                const QStringList pk = parent.primaryKey();
                for (int k = 0; k < fk.fromColumns.size(); ++k) {
                    const QString target = fk.targetColumns.value(k);
                    parentColumns << (target.isEmpty() ? pk.value(k) : target);
                }
                if (parentColumns.contains(QString()))
                    continue; // SQLite reports such a key as a "foreign key mismatch"; it cannot match rows
                Result<int> ci = nodeFor(child);
                if (!ci) {
                    finish();
                    return ci.error();
                }
                const Node& p = nodes.at(pi);
                const Node& c = nodes.at(ci.value());
                QStringList quotedParent, quotedChild;
                for (const QString& s : parentColumns)
                    quotedParent << quoteIdentifier(s);
                for (const QString& s : fk.fromColumns)
                    quotedChild << quoteIdentifier(s);
                // Child rows whose key matches a parent row deleted in this round.
                const QString matching =
                    QStringLiteral(
                        "SELECT %1 FROM %2 WHERE %3 IN (SELECT %4 FROM %5 WHERE %6 IN (SELECT * FROM %7))")
                        .arg(c.locator.sqlTerms.join(QStringLiteral(", ")), quoteIdentifier(child.name),
                             rowValue(quotedChild), quotedParent.join(QStringLiteral(", ")),
                             quoteIdentifier(parent.name), rowValue(p.locator.sqlTerms), p.current);
                const QString action = fk.onDelete.toUpper();
                QStringList sqls;
                if (action == QLatin1String("CASCADE")) {
                    sqls << QStringLiteral("INSERT OR IGNORE INTO %1 %2 EXCEPT SELECT * FROM %3")
                                .arg(c.fresh, matching, c.del)
                         << QStringLiteral("INSERT OR IGNORE INTO %1 SELECT * FROM %2").arg(c.del, c.fresh);
                } else if (action == QLatin1String("SET NULL")) {
                    sqls << QStringLiteral("INSERT OR IGNORE INTO %1 %2").arg(c.setNull, matching);
                } else if (action == QLatin1String("SET DEFAULT")) {
                    sqls << QStringLiteral("INSERT OR IGNORE INTO %1 %2").arg(c.setDefault, matching);
                } else {
                    sqls << QStringLiteral("INSERT OR IGNORE INTO %1 %2").arg(c.blocking, matching);
                }
                qint64 added = 0;
                for (const QString& sql : sqls) {
                    Result<qint64> r = exec(sql);
                    if (!r) {
                        finish();
                        return r.error();
                    }
                    added = r.value();
                }
                if (action == QLatin1String("CASCADE") && added > 0 && !queue.contains(ci.value()))
                    queue << ci.value();
            }
        }
    }

    for (int i = 0; i < nodes.size(); ++i) {
        const Node& n = nodes.at(i);
        TableImpact t;
        t.table = n.table->name;
        const QString notDeleted =
            QStringLiteral(" WHERE %1 NOT IN (SELECT * FROM %2)").arg(rowValue(n.keyColumns), n.del);
        Result<qint64> d = count(QStringLiteral("SELECT count(*) FROM %1").arg(n.del));
        Result<qint64> sn = count(QStringLiteral("SELECT count(*) FROM %1").arg(n.setNull) + notDeleted);
        Result<qint64> sd = count(QStringLiteral("SELECT count(*) FROM %1").arg(n.setDefault) + notDeleted);
        Result<qint64> b = count(QStringLiteral("SELECT count(*) FROM %1").arg(n.blocking) + notDeleted);
        for (const Result<qint64>* r : {&d, &sn, &sd, &b})
            if (!*r) {
                finish();
                return r->error();
            }
        t.deleted = d.value() - (i == first.value() ? impact.requested : 0);
        t.setNull = sn.value();
        t.setDefault = sd.value();
        t.blocking = b.value();
        if (t.deleted || t.setNull || t.setDefault || t.blocking)
            impact.tables << t;
    }
    finish();
    return impact;
}

} // namespace sluice
