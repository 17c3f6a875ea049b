#include "SchemaAdvice.h"

#include "core/Connection.h"
#include "core/Identifiers.h"
#include "schema/SchemaReader.h"
#include "schema/SqlTokenizer.h"
#include "worker/DbWorker.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace sluice {

namespace {

const QString kOperation = QStringLiteral("Reading the schema for advice");

QSet<QString> lowered(const QStringList& names)
{
    QSet<QString> out;
    for (const QString& n : names)
        out.insert(n.toLower());
    return out;
}

// The leading columns of an index, as long as they are plain columns.
QStringList leadingColumns(const Index& index, int count)
{
    QStringList out;
    for (const IndexColumn& c : index.columns) {
        if (out.size() == count || c.isExpression() || c.cid < 0)
            break;
        out.append(c.name);
    }
    return out;
}

// SQLite can use an index for a foreign key lookup when the key's columns are its leading columns, in
// any order (foreignkeys.html §3.2 asks for an index whose leading columns are the child key).
bool isIndexedBy(const Table& t, const QStringList& columns)
{
    const QSet<QString> wanted = lowered(columns);
    if (const auto alias = t.rowidAlias(); alias && columns.size() == 1 && wanted.contains(alias->toLower()))
        return true;
    if (t.withoutRowid && lowered(t.primaryKey().mid(0, columns.size())) == wanted)
        return true;
    return std::any_of(t.indexes.begin(), t.indexes.end(), [&](const Index& i) {
        return !i.partial && lowered(leadingColumns(i, int(columns.size()))) == wanted;
    });
}

// A parent key must be the parent's primary key or carry a UNIQUE index on exactly those columns.
bool isUniqueKey(const Table& parent, const QStringList& columns)
{
    const QSet<QString> wanted = lowered(columns);
    if (!parent.primaryKey().isEmpty() && lowered(parent.primaryKey()) == wanted)
        return true;
    return std::any_of(parent.indexes.begin(), parent.indexes.end(), [&](const Index& i) {
        if (!i.unique || i.partial || i.columns.size() != columns.size())
            return false;
        return lowered(leadingColumns(i, int(columns.size()))) == wanted;
    });
}

QString freeName(const Schema& schema, const QString& wanted)
{
    auto taken = [&](const QString& n) {
        if (!schema.sqlOf(n).isEmpty() || schema.table(n))
            return true;
        return std::any_of(schema.indexes.begin(), schema.indexes.end(),
                           [&](const Index& i) { return i.name.compare(n, Qt::CaseInsensitive) == 0; });
    };
    QString name = wanted;
    for (int i = 2; taken(name); ++i)
        name = QStringLiteral("%1_%2").arg(wanted).arg(i);
    return name;
}

bool mentions(const QString& sql, const QString& name)
{
    const QList<SqlToken> tokens = tokenizeSql(sql);
    return std::any_of(tokens.begin(), tokens.end(), [&](const SqlToken& t) {
        return (t.kind == SqlToken::Kind::Word || t.kind == SqlToken::Kind::QuotedName) &&
               t.name().compare(name, Qt::CaseInsensitive) == 0;
    });
}

// The CREATE TABLE text with another name and without AUTOINCREMENT; "" when the text is not the
// shape expected (then no SQL is offered rather than a guess).
QString withoutAutoincrement(const QString& createSql, const QString& newName)
{
    const QList<SqlToken> tokens = tokenizeSql(createSql);
    int i = 0;
    auto at = [&](int k) -> const SqlToken* { return k < tokens.size() ? &tokens[k] : nullptr; };
    if (!at(i) || !at(i)->is("CREATE"))
        return {};
    ++i;
    if (at(i) && (at(i)->is("TEMP") || at(i)->is("TEMPORARY")))
        return {};
    if (!at(i) || !at(i)->is("TABLE"))
        return {};
    ++i;
    if (at(i) && at(i)->is("IF"))
        i += 3; // IF NOT EXISTS
    int nameStart = i;
    if (at(i + 1) && at(i + 1)->isPunct(QLatin1Char('.')))
        i += 2; // schema.name
    if (!at(i))
        return {};
    const int nameBegin = tokens[nameStart].begin;
    const int nameEnd = tokens[i].end;
    int autoBegin = -1;
    int autoEnd = -1;
    for (int k = i + 1; k < tokens.size(); ++k)
        if (tokens[k].is("AUTOINCREMENT")) {
            if (autoBegin >= 0)
                return {};
            autoBegin = tokens[k - 1].end; // with the space before it
            autoEnd = tokens[k].end;
        }
    if (autoBegin < 0)
        return {};
    QString out = createSql;
    out.remove(autoBegin, autoEnd - autoBegin);
    out.replace(nameBegin, nameEnd - nameBegin, quoteIdentifier(newName));
    return out;
}

// DESIGN §5's rebuild (sqlite.org lang_altertable §7): foreign keys off before BEGIN; create the new
// table, copy, drop, rename; recreate the indexes and triggers; views and other tables' triggers that
// name the table are dropped first and recreated, because RENAME re-checks them while the table is gone.
QString autoincrementRebuild(const Schema& schema, const Table& t, bool foreignKeysOn)
{
    const QString newName = freeName(schema, QStringLiteral("new_") + t.name);
    const QString create = withoutAutoincrement(t.sql, newName);
    if (create.isEmpty())
        return {};
    QStringList columns;
    for (const Column& c : t.columns)
        if (!c.isGenerated())
            columns.append(c.name);
    QStringList dependents; // CREATE statements of views and foreign triggers to put back
    QStringList drops;
    for (const View& v : schema.views)
        if (mentions(v.sql, t.name)) {
            drops.append(QStringLiteral("DROP VIEW %1").arg(quoteIdentifier(v.name)));
            dependents.append(v.sql);
        }
    QStringList ownTriggers;
    for (const Trigger& tr : schema.triggers) {
        if (tr.table.compare(t.name, Qt::CaseInsensitive) == 0)
            ownTriggers.append(tr.sql); // dropped with the table
        else if (mentions(tr.sql, t.name)) {
            drops.append(QStringLiteral("DROP TRIGGER %1").arg(quoteIdentifier(tr.name)));
            dependents.append(tr.sql);
        }
    }
    QStringList s;
    s << QStringLiteral("PRAGMA foreign_keys = OFF") << QStringLiteral("BEGIN");
    s << drops;
    s << create;
    s << QStringLiteral("INSERT INTO %1 (%2) SELECT %2 FROM %3")
             .arg(quoteIdentifier(newName), quoteIdentifiers(columns), quoteIdentifier(t.name));
    s << QStringLiteral("DROP TABLE %1").arg(quoteIdentifier(t.name));
    s << QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(quoteIdentifier(newName), quoteIdentifier(t.name));
    for (const Index& i : t.indexes)
        if (!i.isAutomatic())
            s << i.sql;
    s << ownTriggers << dependents;
    // Scoped to the rebuilt table: the copy changes no data, and an unrelated broken constraint elsewhere
    // ("foreign key mismatch") must not make this fix fail.
    s << QStringLiteral("PRAGMA foreign_key_check(%1)").arg(quoteIdentifier(t.name))
      << QStringLiteral("COMMIT");
    if (foreignKeysOn)
        s << QStringLiteral("PRAGMA foreign_keys = ON");
    return s.join(QStringLiteral(";\n")) + QLatin1Char(';');
}

AdviceFinding make(const QString& code, HealthSeverity severity, const Table& t, const QStringList& columns,
                   const QString& title, const QString& explanation, const QString& fixSql = {})
{
    AdviceFinding f;
    f.code = code;
    f.severity = severity;
    f.table = t.name;
    f.columns = columns;
    f.title = title;
    f.explanation = explanation;
    f.fixSql = fixSql;
    return f;
}

QString columnsText(const QString& table, const QStringList& columns)
{
    return columns.size() == 1 ? table + QLatin1Char('.') + columns.first()
                               : QStringLiteral("%1(%2)").arg(table, columns.join(QStringLiteral(", ")));
}

void adviseForeignKeys(const Schema& schema, const Table& t, QList<AdviceFinding>& out,
                       QStringList& plannedIndexes)
{
    for (const ForeignKey& fk : t.foreignKeys) {
        if (!isIndexedBy(t, fk.fromColumns)) {
            const QString key =
                t.name.toLower() + QLatin1Char('|') + lowered(fk.fromColumns).values().join(',');
            if (!plannedIndexes.contains(key)) {
                plannedIndexes.append(key);
                const QString name = freeName(
                    schema, QStringLiteral("%1_%2_idx").arg(t.name, fk.fromColumns.join(QLatin1Char('_'))));
                out.append(
                    make(QStringLiteral("fk-without-index"), HealthSeverity::Warning, t, fk.fromColumns,
                         QStringLiteral("%1 has no index").arg(columnsText(t.name, fk.fromColumns)),
                         QStringLiteral(
                             "%1 references %2, but no index starts with %3. Every DELETE in %2, and every "
                             "change of its key, then scans the whole of %4 to find the rows that point at "
                             "it (with foreign keys on, and for ON DELETE actions). An index makes that a "
                             "lookup; it costs some space and a little time on each write to %4.")
                             .arg(columnsText(t.name, fk.fromColumns), fk.targetTable,
                                  fk.fromColumns.size() == 1 ? QStringLiteral("this column")
                                                             : QStringLiteral("these columns"),
                                  t.name),
                         QStringLiteral("CREATE INDEX %1 ON %2 (%3);")
                             .arg(quoteIdentifier(name), quoteIdentifier(t.name),
                                  quoteIdentifiers(fk.fromColumns))));
            }
        }
        const Table* parent = schema.table(fk.targetTable);
        if (!parent || std::any_of(fk.targetColumns.begin(), fk.targetColumns.end(),
                                   [](const QString& c) { return c.isEmpty(); }))
            continue; // a missing parent or an implicit primary-key reference: nothing to index
        if (!isUniqueKey(*parent, fk.targetColumns)) {
            const QString name = freeName(
                schema,
                QStringLiteral("%1_%2_key").arg(parent->name, fk.targetColumns.join(QLatin1Char('_'))));
            out.append(make(
                QStringLiteral("fk-parent-not-unique"), HealthSeverity::Error, t, fk.fromColumns,
                QStringLiteral("%1 references %2, which is not a key")
                    .arg(columnsText(t.name, fk.fromColumns), columnsText(parent->name, fk.targetColumns)),
                QStringLiteral(
                    "A foreign key must point at the parent's PRIMARY KEY or at columns with a UNIQUE "
                    "index. %1 is neither, so with foreign keys on every insert, update or delete that "
                    "involves %2 fails with “foreign key mismatch”. The fix adds a UNIQUE index; it "
                    "fails if %3 already holds duplicate values, which must be resolved first.")
                    .arg(columnsText(parent->name, fk.targetColumns), t.name, parent->name),
                QStringLiteral("CREATE UNIQUE INDEX %1 ON %2 (%3);")
                    .arg(quoteIdentifier(name), quoteIdentifier(parent->name),
                         quoteIdentifiers(fk.targetColumns))));
        }
    }
}

Result<QStringList> textDateSamples(Connection& c, const Table& t, const Column& col)
{
    static const QRegularExpression isoDate(
        QStringLiteral(R"(^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$)"));
    // Bounded: the first 200 rows, whatever the table's size.
    auto rows =
        c.rows(QStringLiteral("SELECT v FROM (SELECT %1 AS v FROM %2 LIMIT 200) WHERE typeof(v) = 'text' "
                              "LIMIT 20")
                   .arg(quoteIdentifier(col.name), quoteIdentifier(t.name)),
               {}, kOperation);
    if (!rows)
        return rows.error();
    QStringList samples;
    for (const QVariantList& r : *rows) {
        const QString v = r.at(0).toString();
        if (!isoDate.match(v).hasMatch())
            return QStringList();
        samples.append(v);
    }
    return samples;
}

} // namespace

Result<QList<AdviceFinding>> adviseSchema(Connection& connection, JobControl* control)
{
    auto read = readSchema(connection);
    if (!read)
        return read.error();
    const Schema& schema = read->schema;
    auto fkSetting = connection.scalar(QStringLiteral("PRAGMA foreign_keys"), {}, kOperation);
    const bool foreignKeysOn = fkSetting && fkSetting->toInt() == 1;

    QList<AdviceFinding> out;
    QStringList plannedIndexes;
    for (const Table& t : schema.tables) {
        if (control && control->isCancelled())
            return DbWorker::cancelledError();
        if (t.isVirtual)
            continue;
        adviseForeignKeys(schema, t, out, plannedIndexes);

        if (!t.withoutRowid && t.primaryKey().isEmpty())
            out.append(
                make(QStringLiteral("no-primary-key"), HealthSeverity::Warning, t, {},
                     QStringLiteral("%1 has no primary key").arg(t.name),
                     QStringLiteral("Rows of %1 are identified only by SQLite's hidden rowid, which VACUUM "
                                    "may renumber, so nothing outside the database can refer to a row "
                                    "reliably, and duplicates cannot be told apart. Declare a PRIMARY KEY "
                                    "(an INTEGER PRIMARY KEY costs nothing: it becomes the rowid). No SQL is "
                                    "offered: which columns identify a row is the schema author's choice, "
                                    "and adding a key means rebuilding the table.")
                         .arg(t.name)));

        if (t.autoincrement) {
            const QString fix = autoincrementRebuild(schema, t, foreignKeysOn);
            const auto alias = t.rowidAlias();
            out.append(make(
                QStringLiteral("autoincrement"), HealthSeverity::Info, t,
                alias ? QStringList{*alias} : QStringList{},
                QStringLiteral("%1 uses AUTOINCREMENT").arg(t.name),
                QStringLiteral(
                    "With AUTOINCREMENT SQLite keeps the highest id ever used in sqlite_sequence and "
                    "reads and updates that row on every INSERT, an extra b-tree write each time. Its "
                    "only effect is that ids of deleted rows are never reused; a plain INTEGER PRIMARY "
                    "KEY already hands out max(id)+1 and reuses an id only after the highest row was "
                    "deleted. Keep it if something outside the database must never see an id again. "
                    "The fix rebuilds the table (copying every row) following the documented procedure.%1")
                    .arg(fix.isEmpty()
                             ? QStringLiteral(" Its CREATE TABLE text has a shape this advice does not "
                                              "rewrite, so no SQL is offered.")
                             : QString()),
                fix));
        }

        if (t.name.startsWith(QLatin1String("__drizzle")))
            continue; // drizzle's own bookkeeping is not the application's to change
        for (const Column& col : t.columns) {
            if (col.isGenerated() || (col.affinity != Affinity::Text && col.affinity != Affinity::Numeric &&
                                      col.affinity != Affinity::Blob))
                continue;
            auto samples = textDateSamples(connection, t, col);
            if (!samples) {
                if (control && control->isCancelled())
                    return DbWorker::cancelledError();
                return samples.error();
            }
            if (samples->isEmpty())
                continue;
            AdviceFinding f =
                make(QStringLiteral("text-dates"), HealthSeverity::Info, t, {col.name},
                     QStringLiteral("%1.%2 holds dates as text").arg(t.name, col.name),
                     QStringLiteral(
                         "The sampled values of %1.%2 are all ISO-8601 date text (%3 of the first rows). "
                         "That works — SQLite's date functions read it, and it sorts correctly while every "
                         "value has the same format and time zone — but each value takes 10 to 30 bytes, "
                         "and mixed formats or zones compare wrongly. INTEGER unix time (seconds or "
                         "milliseconds) is smaller and compares exactly. This is advice only: changing the "
                         "storage changes what the application reads and writes, so no SQL is offered.")
                         .arg(t.name, col.name)
                         .arg(samples->size()));
            f.samples = samples->mid(0, 5);
            out.append(f);
        }
    }
    return out;
}

} // namespace sluice
