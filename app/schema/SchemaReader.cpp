#include "SchemaReader.h"

#include "CreateStatementParser.h"
#include "core/Connection.h"
#include "core/Identifiers.h"

#include <sqlite3.h>

#include <algorithm>

namespace sluice {

namespace {

const QString kReading = QStringLiteral("Reading the schema");

void readColumns(Connection& c, Table& t, QStringList& problems)
{
    auto rows = c.rows(QStringLiteral("SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden "
                                      "FROM pragma_table_xinfo(?) ORDER BY cid"),
                       {t.name}, kReading);
    if (!rows) {
        problems << QStringLiteral("%1: columns could not be read: %2").arg(t.name, rows.error().message());
        return;
    }
    for (const QVariantList& r : *rows) {
        Column col;
        col.cid = r[0].toInt();
        col.name = r[1].toString();
        col.declaredType = r[2].toString();
        col.affinity = affinityOf(col.declaredType);
        col.notNull = r[3].toInt() != 0;
        if (!r[4].isNull())
            col.defaultSql = r[4].toString();
        col.pkPosition = r[5].toInt();
        switch (r[6].toInt()) {
        case 1:
            col.kind = Column::Kind::Hidden;
            break;
        case 2:
            col.kind = Column::Kind::GeneratedVirtual;
            break;
        case 3:
            col.kind = Column::Kind::GeneratedStored;
            break;
        default:
            col.kind = Column::Kind::Normal;
            break;
        }
        t.columns << col;
    }
}

// `indexSql`: every index's CREATE text by name, read once (joining sqlite_schema here would scan
// it once per table: quadratic on a schema of hundreds of tables).
void readIndexes(Connection& c, Table& t, const QHash<QString, QString>& indexSql, QStringList& problems)
{
    auto list = c.rows(QStringLiteral("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) "
                                      "ORDER BY name"),
                       {t.name}, kReading);
    if (!list) {
        problems << QStringLiteral("%1: indexes could not be read: %2").arg(t.name, list.error().message());
        return;
    }
    for (const QVariantList& r : *list) {
        Index idx;
        idx.name = r[0].toString();
        idx.table = t.name;
        idx.unique = r[1].toInt() != 0;
        idx.origin = r[2].toString();
        idx.partial = r[3].toInt() != 0;
        idx.sql = indexSql.value(idx.name);
        const ParsedCreateIndex parsed = idx.sql.isEmpty() ? ParsedCreateIndex{} : parseCreateIndex(idx.sql);
        if (parsed.ok)
            idx.where = parsed.where;
        auto cols =
            c.rows(QStringLiteral("SELECT seqno, cid, name, \"desc\", coll FROM pragma_index_xinfo(?) "
                                  "WHERE key = 1 ORDER BY seqno"),
                   {idx.name}, kReading);
        if (cols) {
            for (const QVariantList& cr : *cols) {
                IndexColumn ic;
                ic.cid = cr[1].toInt();
                ic.name = cr[2].toString();
                ic.descending = cr[3].toInt() != 0;
                ic.collation = cr[4].toString();
                const int seq = cr[0].toInt();
                if (ic.isExpression() && parsed.ok && seq < parsed.columnTexts.size())
                    ic.name = parsed.columnTexts.at(seq);
                idx.columns << ic;
            }
        }
        t.indexes << idx;
    }
}

void readForeignKeys(Connection& c, Table& t, const ParsedCreateTable& parsed, QStringList& problems)
{
    auto rows =
        c.rows(QStringLiteral("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" "
                              "FROM pragma_foreign_key_list(?) ORDER BY id, seq"),
               {t.name}, kReading);
    if (!rows) {
        problems
            << QStringLiteral("%1: foreign keys could not be read: %2").arg(t.name, rows.error().message());
        return;
    }
    for (const QVariantList& r : *rows) {
        const int id = r[0].toInt();
        if (t.foreignKeys.isEmpty() || t.foreignKeys.last().id != id) {
            ForeignKey fk;
            fk.id = id;
            fk.targetTable = r[2].toString();
            fk.onUpdate = r[5].toString();
            fk.onDelete = r[6].toString();
            fk.match = r[7].toString();
            t.foreignKeys << fk;
        }
        ForeignKey& fk = t.foreignKeys.last();
        fk.fromColumns << r[3].toString();
        fk.targetColumns << r[4].toString();
    }
    // SQLite lists foreign keys last-declared first; DEFERRABLE is only in the SQL text. Match each
    // by its columns and target.
    for (ForeignKey& fk : t.foreignKeys) {
        for (const ParsedForeignKey& p : parsed.foreignKeys) {
            if (p.targetTable.compare(fk.targetTable, Qt::CaseInsensitive) == 0 &&
                QStringList(p.fromColumns)
                        .join(QChar(0))
                        .compare(fk.fromColumns.join(QChar(0)), Qt::CaseInsensitive) == 0) {
                fk.deferrable = p.deferrable;
                fk.initiallyDeferred = p.initiallyDeferred;
                break;
            }
        }
    }
    std::sort(t.foreignKeys.begin(), t.foreignKeys.end(),
              [](const ForeignKey& a, const ForeignKey& b) { return a.id > b.id; });
}

// Reads the whole schema inside one read transaction when the connection is not in one already: a
// consistent snapshot, and one shared lock instead of a lock, unlock and change-counter check per
// PRAGMA query (hundreds of them on a large schema).
class ReadTransaction
{
public:
    explicit ReadTransaction(Connection& c) : m_db(c.handle())
    {
        m_own = m_db && sqlite3_get_autocommit(m_db) &&
                sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    ~ReadTransaction()
    {
        if (m_own)
            sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    sqlite3* m_db = nullptr;
    bool m_own = false;
};

} // namespace

Result<SchemaReadResult> readSchema(Connection& c)
{
    ReadTransaction snapshot(c);
    SchemaReadResult out;
    auto objects = c.rows(QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"),
                          {}, kReading);
    if (!objects)
        return objects.error();

    // pragma_table_list (3.37+) says which tables are WITHOUT ROWID, STRICT or virtual.
    struct TableFlags
    {
        QString type;
        bool wr = false;
        bool strict = false;
    };
    QHash<QString, TableFlags> flags;
    if (auto tl = c.rows(
            QStringLiteral("SELECT name, type, wr, strict FROM pragma_table_list WHERE schema = 'main'"), {},
            kReading)) {
        for (const QVariantList& r : *tl)
            flags.insert(r[0].toString(), {r[1].toString(), r[2].toInt() != 0, r[3].toInt() != 0});
    } else {
        out.problems << tl.error().message();
    }

    QHash<QString, qint64> sequences;
    QHash<QString, QString> indexSql;
    bool hasSequence = false;
    for (const QVariantList& r : *objects) {
        if (r[1].toString() == QLatin1String("sqlite_sequence"))
            hasSequence = true;
        if (r[0].toString() == QLatin1String("index") && !r[3].isNull())
            indexSql.insert(r[1].toString(), r[3].toString());
    }
    if (hasSequence) {
        if (auto seq = c.rows(QStringLiteral("SELECT name, seq FROM sqlite_sequence"), {}, kReading))
            for (const QVariantList& r : *seq)
                sequences.insert(r[0].toString(), r[1].toLongLong());
    }

    for (const QVariantList& r : *objects) {
        const QString type = r[0].toString();
        const QString name = r[1].toString();
        const QString sql = r[3].toString();
        if (type == QLatin1String("table")) {
            if (name.startsWith(QLatin1String("sqlite_"), Qt::CaseInsensitive)) {
                out.schema.internalTables << name;
                continue;
            }
            Table t;
            t.name = name;
            t.sql = sql;
            const TableFlags f = flags.value(name);
            t.withoutRowid = f.wr;
            t.strict = f.strict;
            t.isVirtual = f.type == QLatin1String("virtual") ||
                          sql.startsWith(QLatin1String("CREATE VIRTUAL"), Qt::CaseInsensitive);
            const ParsedCreateTable parsed = parseCreateTable(sql);
            readColumns(c, t, out.problems);
            if (parsed.ok) {
                t.checks = parsed.tableChecks;
                t.autoincrement = parsed.autoincrement;
                for (const ParsedColumnDef& pc : parsed.columns) {
                    for (Column& col : t.columns) {
                        if (col.name.compare(pc.name, Qt::CaseInsensitive) == 0) {
                            col.collation = pc.collation;
                            col.generatedExpression = pc.generatedExpression;
                            col.check = pc.check;
                        }
                    }
                }
            }
            if (sequences.contains(name))
                t.sequence = sequences.value(name);
            if (!t.isVirtual) {
                readIndexes(c, t, indexSql, out.problems);
                readForeignKeys(c, t, parsed, out.problems);
            }
            out.schema.indexes << t.indexes;
            out.schema.tables << t;
        } else if (type == QLatin1String("view")) {
            View v;
            v.name = name;
            v.sql = sql;
            if (auto cols =
                    c.rows(QStringLiteral("SELECT name FROM pragma_table_info(?)"), {name}, kReading)) {
                for (const QVariantList& cr : *cols)
                    v.columns << cr[0].toString();
            } else {
                out.problems << QStringLiteral("view %1: %2").arg(name, cols.error().message());
            }
            out.schema.views << v;
        } else if (type == QLatin1String("trigger")) {
            out.schema.triggers << Trigger{name, r[2].toString(), sql};
        }
    }
    return out;
}

Result<qint64> countRows(Connection& c, const QString& tableOrView)
{
    auto v = c.scalar(QStringLiteral("SELECT count(*) FROM %1").arg(quoteIdentifier(tableOrView)), {},
                      QStringLiteral("Counting the rows of %1").arg(tableOrView));
    if (!v)
        return v.error();
    return v->toLongLong();
}

} // namespace sluice
