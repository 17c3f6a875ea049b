#include "CliVerbs.h"
#include "core/Connection.h"
#include "schema/SchemaReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::cli {

static int runTables(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DB"), QStringLiteral("The SQLite database file."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON instead of a table."));
    const QCommandLineOption noCount(QStringLiteral("no-count"),
                                     QStringLiteral("Do not count rows (counting scans each table)."));
    parser.addOptions({json, noCount});
    if (int stop = parseVerbArguments(parser, verb, args, io, 1, 1); stop >= 0)
        return stop;

    OpenOptions options;
    options.mode = OpenOptions::Mode::ReadOnly;
    auto connection = Connection::open(parser.positionalArguments().first(), options);
    if (!connection) {
        io.err << "sluice tables: " << connection.error().message() << "\n";
        return Failed;
    }
    Connection& c = **connection;
    auto read = readSchema(c);
    if (!read) {
        io.err << "sluice tables: " << read.error().message() << "\n";
        return Failed;
    }
    const Schema& schema = read->schema;
    for (const QString& p : read->problems)
        io.err << "sluice tables: warning: " << p << "\n";

    struct Row
    {
        QString name, type;
        qsizetype columns;
        std::optional<qint64> rows;
        QString note;
    };
    QList<Row> rows;
    int exit = Ok;
    for (const Table& t : schema.tables) {
        Row r{t.name, QStringLiteral("table"), t.columns.size(), std::nullopt, {}};
        QStringList notes;
        if (t.withoutRowid)
            notes << QStringLiteral("WITHOUT ROWID");
        if (t.strict)
            notes << QStringLiteral("STRICT");
        if (t.isVirtual)
            notes << QStringLiteral("virtual");
        r.note = notes.join(QLatin1Char(' '));
        if (!parser.isSet(noCount)) {
            auto n = countRows(c, t.name);
            if (n) {
                r.rows = *n;
            } else {
                io.err << "sluice tables: " << n.error().message() << "\n";
                exit = Failed;
            }
        }
        rows << r;
    }
    for (const View& v : schema.views)
        rows << Row{v.name, QStringLiteral("view"), v.columns.size(), std::nullopt, {}};

    if (parser.isSet(json)) {
        QJsonArray arr;
        for (const Row& r : rows) {
            QJsonObject o{{QStringLiteral("name"), r.name},
                          {QStringLiteral("type"), r.type},
                          {QStringLiteral("columns"), qint64(r.columns)}};
            if (r.rows)
                o.insert(QStringLiteral("rows"), *r.rows);
            if (const Table* t = schema.table(r.name); t && r.type == QLatin1String("table")) {
                o.insert(QStringLiteral("withoutRowid"), t->withoutRowid);
                o.insert(QStringLiteral("strict"), t->strict);
            }
            arr << o;
        }
        io.out << QJsonDocument(arr).toJson(QJsonDocument::Indented);
        return exit;
    }
    int width = 4;
    for (const Row& r : rows)
        width = qMax(width, int(r.name.size()));
    io.out << QStringLiteral("name").leftJustified(width) << "  type   columns        rows\n";
    for (const Row& r : rows) {
        io.out << r.name.leftJustified(width) << "  " << r.type.leftJustified(5) << "  "
               << QString::number(r.columns).rightJustified(7) << "  "
               << (r.rows ? QString::number(*r.rows) : QStringLiteral("-")).rightJustified(10);
        if (!r.note.isEmpty())
            io.out << "  " << r.note;
        io.out << "\n";
    }
    return exit;
}

Verb tablesVerb()
{
    Verb v;
    v.name = QStringLiteral("tables");
    v.synopsis = QStringLiteral("tables DB [--json]");
    v.summary = QStringLiteral("List tables and views with column and row counts.");
    v.run = [v](const QStringList& args, Io& io) { return runTables(v, args, io); };
    return v;
}

} // namespace sluice::cli
