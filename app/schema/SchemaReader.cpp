#include "SchemaReader.h"

#include "CreateStatementParser.h"
#include "core/Connection.h"
#include "core/Identifiers.h"

#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <string_view>

namespace sluice {

namespace {

const QString kReading = QStringLiteral("Reading the schema");

// Every row of a schema query. On the raw handle when there is one: Qt Sql's per-row caching and
// UTF-16 round trip were ~5 % of a diff of two 500-table schemas (thousands of small rows). Integers come
// back as qlonglong, text as QString, NULL as a null QVariant, as from Connection::rows, which is the path
// when the raw handle is unavailable.
Result<QList<QVariantList>> readRows(Connection& c, const QString& sql, const QVariantList& binds = {})
{
    sqlite3* db = c.handle();
    if (!db)
        return c.rows(sql, binds, kReading);
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &st, nullptr) != SQLITE_OK) {
        DbError e = c.lastRawError(kReading);
        e.statement = sql;
        return e;
    }
    for (int i = 0; i < binds.size(); ++i) {
        const QByteArray text = binds.at(i).toString().toUtf8();
        sqlite3_bind_text(st, i + 1, text.constData(), int(text.size()), SQLITE_TRANSIENT);
    }
    QList<QVariantList> out;
    const int n = sqlite3_column_count(st);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        QVariantList row;
        row.reserve(n);
        for (int i = 0; i < n; ++i) {
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_NULL:
                row << QVariant();
                break;
            case SQLITE_INTEGER:
                row << QVariant(qlonglong(sqlite3_column_int64(st, i)));
                break;
            default:
                row << QVariant(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, i)),
                                                  sqlite3_column_bytes(st, i)));
                break;
            }
        }
        out << std::move(row);
    }
    if (rc != SQLITE_DONE) {
        DbError e = c.lastRawError(kReading);
        e.statement = sql;
        sqlite3_finalize(st);
        return e;
    }
    sqlite3_finalize(st);
    return out;
}

// The rows of one query over every table (or view) at once, grouped by its first column (the
// object's name), which is removed from each row; nullopt when the query fails. One query per kind
// of detail instead of one per object: on a schema of hundreds of tables, preparing the per-object
// PRAGMA queries was most of the read. When a batch fails (one table's details cannot be read: a
// virtual table whose module is missing, a view over a dropped table), that kind is read object by
// object, so the problem is pinned on the object, as before.
std::optional<QHash<QString, QList<QVariantList>>> groupedRows(Connection& c, const QString& sql)
{
    auto rows = readRows(c, sql);
    if (!rows)
        return std::nullopt;
    QHash<QString, QList<QVariantList>> out;
    for (QVariantList& r : *rows) {
        const QString key = r.takeFirst().toString();
        out[key] << std::move(r);
    }
    return out;
}

// A batch when there is one, else the object's own query (`problem` set when that fails).
QList<QVariantList> detailRows(Connection& c, const std::optional<QHash<QString, QList<QVariantList>>>& batch,
                               const QString& name, const QString& perObjectSql, QString& problem)
{
    if (batch)
        return batch->value(name);
    auto rows = readRows(c, perObjectSql, {name});
    if (!rows) {
        problem = rows.error().message();
        return {};
    }
    return *rows;
}

// Every query below reads the main schema only (an unqualified pragma function would find a temp
// table of the same name first). Columns of each query's rows after the object's name match the
// per-object query, so one function fills a table from either.
const QString kColumnsBatch =
    QStringLiteral("SELECT s.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
                   "FROM main.sqlite_schema AS s, pragma_table_xinfo(s.name, 'main') AS p "
                   "WHERE s.type = 'table' ORDER BY s.name, p.cid");
const QString kColumnsOne = QStringLiteral("SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden "
                                           "FROM pragma_table_xinfo(?, 'main') ORDER BY cid");
const QString kIndexesBatch =
    QStringLiteral("SELECT s.name, p.name, p.\"unique\", p.origin, p.partial "
                   "FROM main.sqlite_schema AS s, pragma_index_list(s.name, 'main') AS p "
                   "WHERE s.type = 'table' ORDER BY s.name, p.name");
const QString kIndexesOne = QStringLiteral("SELECT name, \"unique\", origin, partial "
                                           "FROM pragma_index_list(?, 'main') ORDER BY name");
const QString kIndexColumnsBatch =
    QStringLiteral("SELECT i.name, x.seqno, x.cid, x.name, x.\"desc\", x.coll "
                   "FROM main.sqlite_schema AS s, pragma_index_list(s.name, 'main') AS i, "
                   "pragma_index_xinfo(i.name, 'main') AS x "
                   "WHERE s.type = 'table' AND x.key = 1 ORDER BY i.name, x.seqno");
const QString kIndexColumnsOne = QStringLiteral("SELECT seqno, cid, name, \"desc\", coll "
                                                "FROM pragma_index_xinfo(?, 'main') "
                                                "WHERE key = 1 ORDER BY seqno");
const QString kForeignKeysBatch = QStringLiteral(
    "SELECT s.name, p.id, p.seq, p.\"table\", p.\"from\", p.\"to\", p.on_update, p.on_delete, p.\"match\" "
    "FROM main.sqlite_schema AS s, pragma_foreign_key_list(s.name, 'main') AS p "
    "WHERE s.type = 'table' ORDER BY s.name, p.id, p.seq");
const QString kForeignKeysOne =
    QStringLiteral("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" "
                   "FROM pragma_foreign_key_list(?, 'main') ORDER BY id, seq");
const QString kViewColumnsBatch = QStringLiteral(
    "SELECT s.name, p.name FROM main.sqlite_schema AS s, pragma_table_info(s.name, 'main') AS p "
    "WHERE s.type = 'view' ORDER BY s.name, p.cid");
const QString kViewColumnsOne = QStringLiteral("SELECT name FROM pragma_table_info(?, 'main') ORDER BY cid");

struct Batches
{
    std::optional<QHash<QString, QList<QVariantList>>> columns, indexes, indexColumns, foreignKeys,
        viewColumns;
};

void readColumns(Connection& c, const Batches& b, Table& t, QStringList& problems)
{
    QString problem;
    const QList<QVariantList> rows = detailRows(c, b.columns, t.name, kColumnsOne, problem);
    if (!problem.isEmpty()) {
        problems << QStringLiteral("%1: columns could not be read: %2").arg(t.name, problem);
        return;
    }
    for (const QVariantList& r : rows) {
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
void readIndexes(Connection& c, const Batches& b, Table& t, const QHash<QString, QString>& indexSql,
                 QStringList& problems)
{
    QString problem;
    const QList<QVariantList> list = detailRows(c, b.indexes, t.name, kIndexesOne, problem);
    if (!problem.isEmpty()) {
        problems << QStringLiteral("%1: indexes could not be read: %2").arg(t.name, problem);
        return;
    }
    for (const QVariantList& r : list) {
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
        QString columnsProblem;
        const QList<QVariantList> cols =
            detailRows(c, b.indexColumns, idx.name, kIndexColumnsOne, columnsProblem);
        for (const QVariantList& cr : cols) {
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
        t.indexes << idx;
    }
}

void readForeignKeys(Connection& c, const Batches& b, Table& t, const ParsedCreateTable& parsed,
                     QStringList& problems)
{
    QString problem;
    const QList<QVariantList> rows = detailRows(c, b.foreignKeys, t.name, kForeignKeysOne, problem);
    if (!problem.isEmpty()) {
        problems << QStringLiteral("%1: foreign keys could not be read: %2").arg(t.name, problem);
        return;
    }
    for (const QVariantList& r : rows) {
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
    auto objects =
        readRows(c, QStringLiteral("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"));
    if (!objects)
        return objects.error();

    // pragma_table_list (3.37+) says which tables are WITHOUT ROWID, STRICT or virtual.
    struct TableFlags
    {
        QString type;
        bool wr = false;
        bool strict = false;
    };
    // It also resolves every view's columns, which costs as much as reading all the columns: it is
    // only asked when a table's text holds one of the two words (keywords cannot be spelt any other
    // way, so without them no table can be WITHOUT ROWID or STRICT). Virtual tables are known from
    // their text, which SQLite always stores as "CREATE VIRTUAL TABLE …".
    QHash<QString, TableFlags> flags;
    // A plain ASCII comparison: QString's case-insensitive search took a third of what is saved.
    auto containsWord = [](const QString& text, std::string_view lowerWord) {
        return std::search(text.cbegin(), text.cend(), lowerWord.cbegin(), lowerWord.cend(),
                           [](QChar a, char b) { return (a.unicode() | 0x20) == b; }) != text.cend();
    };
    const bool mayHaveOptions = std::any_of(objects->cbegin(), objects->cend(), [&](const QVariantList& r) {
        const QString sql = r[3].toString();
        return r[0].toString() == QLatin1String("table") &&
               (containsWord(sql, "without") || containsWord(sql, "strict"));
    });
    if (mayHaveOptions) {
        if (auto tl = readRows(c, QStringLiteral("SELECT name, type, wr, strict FROM pragma_table_list "
                                                 "WHERE schema = 'main'"))) {
            for (const QVariantList& r : *tl)
                flags.insert(r[0].toString(), {r[1].toString(), r[2].toInt() != 0, r[3].toInt() != 0});
        } else {
            out.problems << tl.error().message();
        }
    }

    Batches batches;
    batches.columns = groupedRows(c, kColumnsBatch);
    batches.indexes = groupedRows(c, kIndexesBatch);
    batches.indexColumns = groupedRows(c, kIndexColumnsBatch);
    batches.foreignKeys = groupedRows(c, kForeignKeysBatch);
    batches.viewColumns = groupedRows(c, kViewColumnsBatch);

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
        if (auto seq = readRows(c, QStringLiteral("SELECT name, seq FROM sqlite_sequence")))
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
            readColumns(c, batches, t, out.problems);
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
                readIndexes(c, batches, t, indexSql, out.problems);
                readForeignKeys(c, batches, t, parsed, out.problems);
            }
            out.schema.indexes << t.indexes;
            out.schema.tables << t;
        } else if (type == QLatin1String("view")) {
            View v;
            v.name = name;
            v.sql = sql;
            QString problem;
            for (const QVariantList& cr : detailRows(c, batches.viewColumns, name, kViewColumnsOne, problem))
                v.columns << cr[0].toString();
            if (!problem.isEmpty())
                out.problems << QStringLiteral("view %1: %2").arg(name, problem);
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
