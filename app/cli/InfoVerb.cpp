#include "CliVerbs.h"
#include "core/Connection.h"
#include "schema/SchemaReader.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace sluice::cli {

static int runInfo(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DB"), QStringLiteral("The SQLite database file."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOption(json);
    if (int stop = parseVerbArguments(parser, verb, args, io, 1, 1); stop >= 0)
        return stop;

    const QString path = parser.positionalArguments().first();
    OpenOptions options;
    options.mode = OpenOptions::Mode::ReadOnly; // `info` never writes, even to a writable file
    auto connection = Connection::open(path, options);
    if (!connection) {
        io.err << "sluice info: " << connection.error().message() << "\n";
        return Failed;
    }
    Connection& c = **connection;
    auto schema = readSchema(c);
    if (!schema) {
        io.err << "sluice info: " << schema.error().message() << "\n";
        return Failed;
    }
    auto pragma = [&](const char* name) {
        auto v = c.scalar(QStringLiteral("PRAGMA %1").arg(QLatin1String(name)));
        return v ? *v : QVariant();
    };
    const QString notWritable = Connection::whyNotWritable(c.path());
    int userIndexes = 0;
    for (const Index& i : schema->schema.indexes)
        userIndexes += i.isAutomatic() ? 0 : 1;

    QJsonObject o{{QStringLiteral("path"), c.path()},
                  {QStringLiteral("fileSize"), QFileInfo(c.path()).size()},
                  {QStringLiteral("pageSize"), pragma("page_size").toLongLong()},
                  {QStringLiteral("pageCount"), pragma("page_count").toLongLong()},
                  {QStringLiteral("freelistCount"), pragma("freelist_count").toLongLong()},
                  {QStringLiteral("journalMode"), pragma("journal_mode").toString()},
                  {QStringLiteral("encoding"), pragma("encoding").toString()},
                  {QStringLiteral("userVersion"), pragma("user_version").toLongLong()},
                  {QStringLiteral("applicationId"), pragma("application_id").toLongLong()},
                  {QStringLiteral("sqliteVersion"), Connection::libraryVersion()},
                  {QStringLiteral("tables"), qint64(schema->schema.tables.size())},
                  {QStringLiteral("views"), qint64(schema->schema.views.size())},
                  {QStringLiteral("indexes"), userIndexes},
                  {QStringLiteral("triggers"), qint64(schema->schema.triggers.size())},
                  {QStringLiteral("readOnly"), !notWritable.isEmpty()}};
    if (!notWritable.isEmpty())
        o.insert(QStringLiteral("readOnlyReason"), notWritable);

    if (parser.isSet(json)) {
        io.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return Ok;
    }
    const QStringList order{
        QStringLiteral("path"),          QStringLiteral("fileSize"),      QStringLiteral("pageSize"),
        QStringLiteral("pageCount"),     QStringLiteral("freelistCount"), QStringLiteral("journalMode"),
        QStringLiteral("encoding"),      QStringLiteral("userVersion"),   QStringLiteral("applicationId"),
        QStringLiteral("sqliteVersion"), QStringLiteral("tables"),        QStringLiteral("views"),
        QStringLiteral("indexes"),       QStringLiteral("triggers")};
    for (const QString& k : order)
        io.out << (k + QLatin1Char(':')).leftJustified(16) << o.value(k).toVariant().toString() << "\n";
    io.out << QStringLiteral("access:").leftJustified(16)
           << (notWritable.isEmpty() ? QStringLiteral("read-write")
                                     : QStringLiteral("read-only (%1)").arg(notWritable))
           << "\n";
    for (const QString& p : schema->problems)
        io.out << QStringLiteral("warning:").leftJustified(16) << p << "\n";
    return Ok;
}

Verb infoVerb()
{
    Verb v;
    v.name = QStringLiteral("info");
    v.synopsis = QStringLiteral("info DB [--json]");
    v.summary = QStringLiteral("Show file, page and journal facts and whether it is writable.");
    v.run = [v](const QStringList& args, Io& io) { return runInfo(v, args, io); };
    return v;
}

} // namespace sluice::cli
