#include "CliVerbs.h"
#include "core/Connection.h"
#include "schema/SchemaJson.h"
#include "schema/SchemaReader.h"

#include <QJsonDocument>

namespace sluice::cli {

static QString terminated(const QString& sql)
{
    QString s = sql.trimmed();
    if (!s.endsWith(QLatin1Char(';')))
        s += QLatin1Char(';');
    return s;
}

static int runSchema(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DB"), QStringLiteral("The SQLite database file."));
    parser.addPositionalArgument(QStringLiteral("OBJECT"),
                                 QStringLiteral("A table, view, index or trigger (default: everything)."),
                                 QStringLiteral("[OBJECT]"));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Print the schema model (columns, indexes, foreign keys …) as JSON."));
    parser.addOption(json);
    if (int stop = parseVerbArguments(parser, verb, args, io, 1, 2); stop >= 0)
        return stop;

    OpenOptions options;
    options.mode = OpenOptions::Mode::ReadOnly;
    auto connection = Connection::open(parser.positionalArguments().at(0), options);
    if (!connection) {
        io.err << "sluice schema: " << connection.error().message() << "\n";
        return Failed;
    }
    auto read = readSchema(**connection);
    if (!read) {
        io.err << "sluice schema: " << read.error().message() << "\n";
        return Failed;
    }
    const Schema& schema = read->schema;
    for (const QString& p : read->problems)
        io.err << "sluice schema: warning: " << p << "\n";
    const QString object = parser.positionalArguments().value(1);

    if (parser.isSet(json)) {
        QJsonDocument doc;
        if (object.isEmpty()) {
            doc = QJsonDocument(schemaToJson(schema));
        } else if (const Table* t = schema.table(object)) {
            doc = QJsonDocument(tableToJson(*t));
        } else if (schema.sqlOf(object).isEmpty()) {
            io.err << "sluice schema: no table, view, index or trigger named “" << object << "”.\n";
            return Failed;
        } else {
            doc = QJsonDocument(
                QJsonObject{{QStringLiteral("name"), object}, {QStringLiteral("sql"), schema.sqlOf(object)}});
        }
        io.out << doc.toJson(QJsonDocument::Indented);
        return Ok;
    }

    QStringList statements;
    if (object.isEmpty()) {
        statements = schema.createStatements();
    } else {
        const QString sql = schema.sqlOf(object);
        if (sql.isEmpty()) {
            io.err << "sluice schema: no table, view, index or trigger named “" << object
                   << "” (names are listed by `sluice tables`).\n";
            return Failed;
        }
        statements << sql;
        if (const Table* t = schema.table(object)) {
            for (const Index& i : t->indexes)
                if (!i.isAutomatic())
                    statements << i.sql;
            for (const Trigger& tr : schema.triggers)
                if (tr.table.compare(t->name, Qt::CaseInsensitive) == 0)
                    statements << tr.sql;
        }
    }
    for (const QString& s : statements)
        io.out << terminated(s) << "\n";
    return Ok;
}

Verb schemaVerb()
{
    Verb v;
    v.name = QStringLiteral("schema");
    v.synopsis = QStringLiteral("schema DB [OBJECT] [--json]");
    v.summary = QStringLiteral("Print the CREATE statements (or the schema model as JSON).");
    v.run = [v](const QStringList& args, Io& io) { return runSchema(v, args, io); };
    return v;
}

} // namespace sluice::cli
