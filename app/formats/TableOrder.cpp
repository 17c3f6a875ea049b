#include "TableOrder.h"

#include "RawStatement.h"

#include <QHash>
#include <QSet>

namespace sluice {

Result<QStringList> parentsFirst(sqlite3* db, const QStringList& tables, const QString& path)
{
    const QSet<QString> wanted(tables.begin(), tables.end());
    QHash<QString, QSet<QString>> parentsOf;
    for (const QString& t : tables) {
        RawStatement st;
        if (st.prepare(db, QStringLiteral("SELECT \"table\" FROM pragma_foreign_key_list(?1)")) != SQLITE_OK)
            return sqliteError(db, QStringLiteral("Reading foreign keys"), path);
        const QByteArray name = t.toUtf8();
        sqlite3_bind_text(st, 1, name.constData(), int(name.size()), SQLITE_TRANSIENT);
        QSet<QString>& parents = parentsOf[t];
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const QString parent =
                QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
            // The parent's name as written in the REFERENCES clause: match it without case.
            for (const QString& candidate : tables)
                if (candidate != t && candidate.compare(parent, Qt::CaseInsensitive) == 0)
                    parents.insert(candidate);
        }
        if (rc != SQLITE_DONE)
            return sqliteError(db, QStringLiteral("Reading foreign keys"), path);
    }
    // Repeatedly take every table whose parents are all placed; what is left is a cycle.
    QStringList order, remaining = tables;
    QSet<QString> placed;
    while (!remaining.isEmpty()) {
        QStringList next;
        for (const QString& t : remaining) {
            bool ready = true;
            for (const QString& p : parentsOf.value(t))
                if (!placed.contains(p))
                    ready = false;
            if (ready)
                next << t;
        }
        if (next.isEmpty())
            next = remaining; // a cycle: keep the given order
        for (const QString& t : next) {
            order << t;
            placed.insert(t);
            remaining.removeOne(t);
        }
    }
    return order;
}

} // namespace sluice
