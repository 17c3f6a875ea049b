#include "DrizzleSnapshotSchema.h"

#include "SchemaSource.h"
#include "core/Identifiers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace sluice {

namespace {

DbError refuse(const QString& fileName, const QString& what, const QString& hint)
{
    return DbError::plain(QStringLiteral("Reading the Drizzle snapshot"), what, hint, fileName);
}

QString quotedList(const QJsonArray& names)
{
    QStringList out;
    for (const QJsonValue& n : names)
        out << quoteIdentifier(n.toString());
    return out.join(QStringLiteral(", "));
}

// "\"users\".\"name\"" → {"users", "name"}
QStringList splitQualified(const QString& s)
{
    QStringList parts;
    QString current;
    bool inQuote = false;
    for (QChar c : s) {
        if (c == QLatin1Char('"')) {
            inQuote = !inQuote;
        } else if (c == QLatin1Char('.') && !inQuote) {
            parts << current;
            current.clear();
        } else {
            current += c;
        }
    }
    parts << current;
    return parts;
}

QString columnSql(const QJsonObject& c)
{
    QString sql = quoteIdentifier(c.value(QStringLiteral("name")).toString()) + QLatin1Char(' ') +
                  c.value(QStringLiteral("type")).toString();
    if (c.value(QStringLiteral("primaryKey")).toBool())
        sql += QStringLiteral(" PRIMARY KEY");
    if (c.value(QStringLiteral("autoincrement")).toBool())
        sql += QStringLiteral(" AUTOINCREMENT");
    if (c.contains(QStringLiteral("default"))) {
        const QJsonValue d = c.value(QStringLiteral("default"));
        // drizzle-kit writes a boolean default as the keyword (DEFAULT false), numbers as written.
        QString text = d.isString() ? d.toString()
                       : d.isBool() ? (d.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                    : QString::number(d.toDouble(), 'g', 17);
        sql += QStringLiteral(" DEFAULT ") + text;
    }
    if (c.contains(QStringLiteral("generated"))) {
        const QJsonObject g = c.value(QStringLiteral("generated")).toObject();
        QString as = g.value(QStringLiteral("as")).toString().trimmed();
        if (!as.startsWith(QLatin1Char('(')))
            as = QLatin1Char('(') + as + QLatin1Char(')');
        sql += QStringLiteral(" GENERATED ALWAYS AS ") + as +
               (g.value(QStringLiteral("type")).toString() == QLatin1String("stored")
                    ? QStringLiteral(" STORED")
                    : QStringLiteral(" VIRTUAL"));
    }
    if (c.value(QStringLiteral("notNull")).toBool())
        sql += QStringLiteral(" NOT NULL");
    return sql;
}

// The keys of a table's "columns" object in the order the file has them (drizzle-kit output: the
// table's key, then its "columns" object, each column as "<key>": {). Keys not found keep their
// sorted place at the end.
QStringList keysInFileOrder(const QByteArray& json, const QString& tableKey, const QStringList& keys)
{
    qsizetype at = json.indexOf(QByteArray("\"") + tableKey.toUtf8() + "\": {");
    at = at < 0 ? -1 : json.indexOf("\"columns\"", at);
    if (at < 0)
        return keys;
    QList<QPair<qsizetype, QString>> found;
    QStringList missing;
    for (const QString& k : keys) {
        const qsizetype pos = json.indexOf(QByteArray("\"") + k.toUtf8() + "\": {", at);
        if (pos < 0)
            missing << k;
        else
            found << qMakePair(pos, k);
    }
    std::sort(found.begin(), found.end());
    QStringList out;
    for (const auto& f : found)
        out << f.second;
    return out + missing;
}

// Foreign keys may point at tables created later in the script: SQLite checks them only when rows
// are written, so the order of CREATE TABLE does not matter here.
Status buildSchema(SnapshotSchema& out, const QString& fileName)
{
    auto schema = schemaFromScript(out.script, fileName);
    if (!schema) {
        DbError e = schema.error();
        e.operation = QStringLiteral("Reading the Drizzle snapshot");
        e.explanation = QStringLiteral("the schema it describes does not build in SQLite");
        return e;
    }
    out.schema = schema.value();
    return {};
}

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

QStringList strings(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& s : v.toArray())
        out << s.toString();
    return out;
}

QString quotedNames(const QStringList& names)
{
    QStringList out;
    for (const QString& n : names)
        out << quoteIdentifier(n);
    return out.join(QStringLiteral(", "));
}

// drizzle-kit 1.0's snapshot (version 7): a flat "ddl" list of entities (tables, columns, pks, fks,
// uniques, checks, indexes, views), each naming its table. The CREATE statements follow drizzle-kit
// 1.0's own create-table rules: a one-column primary key inline (NOT NULL left out for INTEGER, as a
// rowid alias), a one-column unique inline, the rest as table constraints.
Result<SnapshotSchema> fromDdlSnapshot(const QJsonObject& root, const QString& fileName)
{
    QStringList tableOrder;
    QMap<QString, QList<QJsonObject>> byTable; // table → its entities in file order
    QList<QJsonObject> views;
    for (const QJsonValue& v : root.value(QStringLiteral("ddl")).toArray()) {
        const QJsonObject e = v.toObject();
        const QString type = str(e, "entityType");
        if (type == QLatin1String("tables"))
            tableOrder << str(e, "name");
        else if (type == QLatin1String("views"))
            views << e;
        else if (!str(e, "table").isEmpty())
            byTable[str(e, "table")] << e;
        else
            return refuse(fileName,
                          QStringLiteral("its ddl holds an entity Sluice does not know: “%1” (“%2”)")
                              .arg(type, str(e, "name")),
                          QStringLiteral("Give a SQLite snapshot.json written by drizzle-kit 1.0."));
    }
    QStringList statements;
    for (const QString& table : tableOrder) {
        const QList<QJsonObject> entities = byTable.value(table);
        auto ofType = [&](const char* type) {
            QList<QJsonObject> out;
            for (const QJsonObject& e : entities)
                if (str(e, "entityType") == QLatin1String(type))
                    out << e;
            return out;
        };
        const QList<QJsonObject> pks = ofType("pks");
        const QJsonObject pk = pks.isEmpty() ? QJsonObject() : pks.first();
        const QStringList pkColumns = strings(pk.value(QStringLiteral("columns")));
        const bool pkExplicit = pk.value(QStringLiteral("nameExplicit")).toBool();
        const QList<QJsonObject> uniques = ofType("uniques");
        QStringList defs;
        for (const QJsonObject& c : ofType("columns")) {
            const QString name = str(c, "name");
            const QString type = str(c, "type");
            const bool inlinePk = pkColumns.size() == 1 && pkColumns.first() == name;
            QString sql = quoteIdentifier(name) + QLatin1Char(' ') + type;
            if (inlinePk && !pkExplicit)
                sql += QStringLiteral(" PRIMARY KEY");
            if (c.value(QStringLiteral("autoincrement")).toBool())
                sql += QStringLiteral(" AUTOINCREMENT");
            if (!str(c, "default").isEmpty())
                sql += QStringLiteral(" DEFAULT ") + str(c, "default");
            const QJsonObject generated = c.value(QStringLiteral("generated")).toObject();
            if (!generated.isEmpty())
                sql += QStringLiteral(" GENERATED ALWAYS AS %1 %2")
                           .arg(str(generated, "as"), str(generated, "type").toUpper());
            if (c.value(QStringLiteral("notNull")).toBool() &&
                !(inlinePk && type.startsWith(QLatin1String("int"), Qt::CaseInsensitive)))
                sql += QStringLiteral(" NOT NULL");
            for (const QJsonObject& u : uniques) {
                const QStringList cols = strings(u.value(QStringLiteral("columns")));
                if (cols.size() == 1 && cols.first() == name)
                    sql += u.value(QStringLiteral("nameExplicit")).toBool()
                               ? QStringLiteral(" CONSTRAINT %1 UNIQUE").arg(quoteIdentifier(str(u, "name")))
                               : QStringLiteral(" UNIQUE");
            }
            defs << sql;
        }
        if (!pk.isEmpty() && (pkColumns.size() > 1 || pkExplicit))
            defs << QStringLiteral("CONSTRAINT %1 PRIMARY KEY(%2)")
                        .arg(quoteIdentifier(str(pk, "name")), quotedNames(pkColumns));
        for (const QJsonObject& fk : ofType("fks"))
            defs << QStringLiteral(
                        "CONSTRAINT %1 FOREIGN KEY (%2) REFERENCES %3(%4) ON UPDATE %5 ON DELETE %6")
                        .arg(quoteIdentifier(str(fk, "name")),
                             quotedNames(strings(fk.value(QStringLiteral("columns")))),
                             quoteIdentifier(str(fk, "tableTo")),
                             quotedNames(strings(fk.value(QStringLiteral("columnsTo")))),
                             fk.value(QStringLiteral("onUpdate")).toString(QStringLiteral("NO ACTION")),
                             fk.value(QStringLiteral("onDelete")).toString(QStringLiteral("NO ACTION")));
        for (const QJsonObject& u : uniques)
            if (strings(u.value(QStringLiteral("columns"))).size() > 1)
                defs << QStringLiteral("CONSTRAINT %1 UNIQUE(%2)")
                            .arg(quoteIdentifier(str(u, "name")),
                                 quotedNames(strings(u.value(QStringLiteral("columns")))));
        for (const QJsonObject& c : ofType("checks"))
            defs << QStringLiteral("CONSTRAINT %1 CHECK(%2)")
                        .arg(quoteIdentifier(str(c, "name")), str(c, "value"));
        statements << QStringLiteral("CREATE TABLE %1 (\n\t%2\n);")
                          .arg(quoteIdentifier(table), defs.join(QStringLiteral(",\n\t")));
        for (const QJsonObject& idx : ofType("indexes")) {
            // "auto" indexes are the ones SQLite makes for UNIQUE/PRIMARY KEY itself.
            if (str(idx, "origin") == QLatin1String("auto"))
                continue;
            QStringList terms;
            for (const QJsonValue& t : idx.value(QStringLiteral("columns")).toArray()) {
                const QJsonObject term = t.toObject();
                terms << (term.value(QStringLiteral("isExpression")).toBool()
                              ? str(term, "value")
                              : quoteIdentifier(str(term, "value")));
            }
            QString sql = QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)")
                              .arg(idx.value(QStringLiteral("isUnique")).toBool() ? QStringLiteral("UNIQUE ")
                                                                                  : QString(),
                                   quoteIdentifier(str(idx, "name")), quoteIdentifier(table),
                                   terms.join(QLatin1Char(',')));
            if (!str(idx, "where").isEmpty())
                sql += QStringLiteral(" WHERE ") + str(idx, "where");
            statements << sql + QLatin1Char(';');
        }
    }
    for (const QJsonObject& v : views)
        if (!v.value(QStringLiteral("isExisting")).toBool() && !str(v, "definition").isEmpty())
            statements << QStringLiteral("CREATE VIEW %1 AS %2;")
                              .arg(quoteIdentifier(str(v, "name")), str(v, "definition"));

    SnapshotSchema out;
    out.script = statements.join(QLatin1Char('\n'));
    if (Status built = buildSchema(out, fileName); !built)
        return built.error();

    // "renames": the answers drizzle-kit was given, as "old->new" (tables) and "table.old->table.new"
    // (columns); only those naming a table or column of this schema are taken.
    for (const QJsonValue& r : root.value(QStringLiteral("renames")).toArray()) {
        const QStringList sides = r.toString().split(QStringLiteral("->"));
        if (sides.size() != 2)
            continue;
        const qsizetype fromDot = sides[0].indexOf(QLatin1Char('.'));
        const qsizetype toDot = sides[1].indexOf(QLatin1Char('.'));
        if (fromDot < 0 && toDot < 0) {
            if (tableOrder.contains(sides[1]))
                out.renames.tables.insert(sides[0].toLower(), sides[1]);
        } else if (fromDot > 0 && toDot > 0) {
            const QString table = sides[1].left(toDot);
            const QString column = sides[1].mid(toDot + 1);
            bool known = false;
            for (const QJsonObject& e : byTable.value(table))
                known =
                    known || (str(e, "entityType") == QLatin1String("columns") && str(e, "name") == column);
            if (known)
                out.renames.columns[table.toLower()][sides[0].mid(fromDot + 1).toLower()] = column;
        }
    }
    return out;
}

} // namespace

bool looksLikeDrizzleSnapshot(const QByteArray& head)
{
    const QByteArray t = head.trimmed();
    return t.startsWith('{') && t.contains("\"dialect\"") &&
           (t.contains("\"tables\"") || t.contains("\"ddl\""));
}

Result<SnapshotSchema> schemaFromDrizzleSnapshot(const QByteArray& json, const QString& fileName)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return refuse(fileName,
                      QStringLiteral("it is not valid JSON: %1 at offset %2")
                          .arg(parseError.errorString())
                          .arg(parseError.offset),
                      QStringLiteral("Give a meta/NNNN_snapshot.json written by drizzle-kit."));
    const QJsonObject root = doc.object();
    const QString dialect = root.value(QStringLiteral("dialect")).toString();
    const QString version = root.value(QStringLiteral("version")).toString();
    if (dialect != QLatin1String("sqlite") && dialect != QLatin1String("turso"))
        return refuse(fileName,
                      QStringLiteral("it is a snapshot for the “%1” dialect, not SQLite").arg(dialect),
                      QStringLiteral("Use a snapshot of a drizzle-kit project whose dialect is sqlite."));
    if (version != QLatin1String("5") && version != QLatin1String("6") && version != QLatin1String("7"))
        return refuse(fileName,
                      QStringLiteral("its snapshot version “%1” is not one Sluice reads (5 and 6, written by "
                                     "drizzle-kit 0.2x–0.31; 7, written by drizzle-kit 1.0)")
                          .arg(version),
                      QStringLiteral("Regenerate the snapshot with drizzle-kit 0.31 or 1.0."));
    if (version == QLatin1String("7") && !root.value(QStringLiteral("ddl")).isArray())
        return refuse(fileName, QStringLiteral("it is a version 7 snapshot without its \"ddl\" array"),
                      QStringLiteral("Give a snapshot.json written by drizzle-kit 1.0."));

    SnapshotSchema out;
    if (version == QLatin1String("7"))
        return fromDdlSnapshot(root, fileName);

    QStringList statements;
    const QJsonObject tables = root.value(QStringLiteral("tables")).toObject();
    for (auto t = tables.constBegin(); t != tables.constEnd(); ++t) {
        const QJsonObject table = t.value().toObject();
        const QString name = table.value(QStringLiteral("name")).toString(t.key());
        QStringList defs;
        const QJsonObject columns = table.value(QStringLiteral("columns")).toObject();
        // QJsonObject sorts its keys, but a table created from the snapshot should have its columns
        // in the order drizzle-kit writes them (declaration order): take it from the raw text.
        const QStringList order = keysInFileOrder(json, t.key(), columns.keys());
        for (const QString& key : order)
            defs << columnSql(columns.value(key).toObject());
        const QJsonObject pks = table.value(QStringLiteral("compositePrimaryKeys")).toObject();
        for (auto pk = pks.constBegin(); pk != pks.constEnd(); ++pk)
            defs << QStringLiteral("PRIMARY KEY(%1)")
                        .arg(quotedList(pk.value().toObject().value(QStringLiteral("columns")).toArray()));
        const QJsonObject fks = table.value(QStringLiteral("foreignKeys")).toObject();
        for (auto fk = fks.constBegin(); fk != fks.constEnd(); ++fk) {
            const QJsonObject f = fk.value().toObject();
            defs << QStringLiteral("FOREIGN KEY (%1) REFERENCES %2(%3) ON UPDATE %4 ON DELETE %5")
                        .arg(quotedList(f.value(QStringLiteral("columnsFrom")).toArray()),
                             quoteIdentifier(f.value(QStringLiteral("tableTo")).toString()),
                             quotedList(f.value(QStringLiteral("columnsTo")).toArray()),
                             f.value(QStringLiteral("onUpdate")).toString(QStringLiteral("no action")),
                             f.value(QStringLiteral("onDelete")).toString(QStringLiteral("no action")));
        }
        const QJsonObject uniques = table.value(QStringLiteral("uniqueConstraints")).toObject();
        for (auto u = uniques.constBegin(); u != uniques.constEnd(); ++u)
            defs << QStringLiteral("CONSTRAINT %1 UNIQUE(%2)")
                        .arg(quoteIdentifier(u.key()),
                             quotedList(u.value().toObject().value(QStringLiteral("columns")).toArray()));
        const QJsonObject checks = table.value(QStringLiteral("checkConstraints")).toObject();
        for (auto c = checks.constBegin(); c != checks.constEnd(); ++c)
            defs << QStringLiteral("CONSTRAINT %1 CHECK(%2)")
                        .arg(quoteIdentifier(c.key()),
                             c.value().toObject().value(QStringLiteral("value")).toString());
        statements << QStringLiteral("CREATE TABLE %1 (\n\t%2\n);")
                          .arg(quoteIdentifier(name), defs.join(QStringLiteral(",\n\t")));
        const QJsonObject indexes = table.value(QStringLiteral("indexes")).toObject();
        for (auto i = indexes.constBegin(); i != indexes.constEnd(); ++i) {
            const QJsonObject idx = i.value().toObject();
            QStringList terms;
            for (const QJsonValue& c : idx.value(QStringLiteral("columns")).toArray()) {
                const QString term = c.toString();
                // drizzle-kit stores plain column names, and expressions as their SQL text.
                const bool plain = !term.contains(QLatin1Char('(')) && !term.contains(QLatin1Char(' '));
                terms << (plain ? quoteIdentifier(term) : term);
            }
            QString sql = QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)")
                              .arg(idx.value(QStringLiteral("isUnique")).toBool() ? QStringLiteral("UNIQUE ")
                                                                                  : QString(),
                                   quoteIdentifier(idx.value(QStringLiteral("name")).toString(i.key())),
                                   quoteIdentifier(name), terms.join(QLatin1Char(',')));
            if (idx.contains(QStringLiteral("where")))
                sql += QStringLiteral(" WHERE ") + idx.value(QStringLiteral("where")).toString();
            statements << sql + QLatin1Char(';');
        }
    }
    const QJsonObject views = root.value(QStringLiteral("views")).toObject();
    for (auto v = views.constBegin(); v != views.constEnd(); ++v) {
        const QJsonObject view = v.value().toObject();
        if (view.value(QStringLiteral("isExisting")).toBool())
            continue; // declared in TypeScript over a view drizzle-kit does not manage
        statements << QStringLiteral("CREATE VIEW %1 AS %2;")
                          .arg(quoteIdentifier(view.value(QStringLiteral("name")).toString(v.key())),
                               view.value(QStringLiteral("definition")).toString());
    }

    out.script = statements.join(QLatin1Char('\n'));
    if (Status built = buildSchema(out, fileName); !built)
        return built.error();

    const QJsonObject meta = root.value(QStringLiteral("_meta")).toObject();
    const QJsonObject tableRenames = meta.value(QStringLiteral("tables")).toObject();
    for (auto r = tableRenames.constBegin(); r != tableRenames.constEnd(); ++r)
        out.renames.tables.insert(splitQualified(r.key()).last().toLower(),
                                  splitQualified(r.value().toString()).last());
    const QJsonObject columnRenames = meta.value(QStringLiteral("columns")).toObject();
    for (auto r = columnRenames.constBegin(); r != columnRenames.constEnd(); ++r) {
        const QStringList from = splitQualified(r.key());
        const QStringList to = splitQualified(r.value().toString());
        if (from.size() >= 2 && to.size() >= 2)
            out.renames.columns[to.at(to.size() - 2).toLower()][from.last().toLower()] = to.last();
    }
    return out;
}

} // namespace sluice
