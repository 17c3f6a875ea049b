#include "CliVerbs.h"
#include "browse/RowQueryBuilder.h"
#include "browse/RowSource.h"
#include "core/Connection.h"
#include "edit/TableExport.h"
#include "schema/SchemaReader.h"

#include <QFile>
#include <QStringDecoder>
#include <QTemporaryDir>

namespace sluice::cli {

static int runExport(const Verb& verb, const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DB"), QStringLiteral("The SQLite database file."));
    parser.addPositionalArgument(QStringLiteral("TABLE"), QStringLiteral("The table or view to export."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("csv (default; RFC 4180, header row, NULL as an empty "
                                                   "field), json (an array of objects) or sql (INSERT "
                                                   "statements)."),
                                    QStringLiteral("FORMAT"), QStringLiteral("csv"));
    const QCommandLineOption where(QStringLiteral("where"),
                                   QStringLiteral("Only rows where COLUMN equals VALUE (repeatable; all "
                                                  "must hold). A number compares as a number unless the "
                                                  "column has TEXT affinity."),
                                   QStringLiteral("COLUMN=VALUE"));
    const QCommandLineOption orderBy(QStringLiteral("order-by"),
                                     QStringLiteral("Sort by COLUMN (default: the table's own order)."),
                                     QStringLiteral("COLUMN"));
    const QCommandLineOption desc(QStringLiteral("desc"), QStringLiteral("Sort --order-by descending."));
    const QCommandLineOption to(QStringLiteral("to"),
                                QStringLiteral("Write to FILE (written under a temporary name and renamed "
                                               "when complete) instead of standard output."),
                                QStringLiteral("FILE"));
    parser.addOptions({format, where, orderBy, desc, to});
    if (int stop = parseVerbArguments(parser, verb, args, io, 2, 2); stop >= 0)
        return stop;
    const auto fail = [&io](const QString& message) {
        io.err << "sluice export: " << message << "\n";
        return Failed;
    };

    ExportOptions options;
    const QString fmt = parser.value(format).toLower();
    if (fmt == QLatin1String("csv"))
        options.format = ExportOptions::Format::Csv;
    else if (fmt == QLatin1String("json"))
        options.format = ExportOptions::Format::Json;
    else if (fmt == QLatin1String("sql"))
        options.format = ExportOptions::Format::SqlInserts;
    else
        return fail(QStringLiteral("unknown --format '%1': use csv, json or sql.").arg(parser.value(format)));
    if (parser.isSet(desc) && !parser.isSet(orderBy))
        return fail(QStringLiteral("--desc needs --order-by COLUMN."));

    OpenOptions open;
    open.mode = OpenOptions::Mode::ReadOnly;
    const QString dbPath = parser.positionalArguments().at(0);
    const QString name = parser.positionalArguments().at(1);
    auto connection = Connection::open(dbPath, open);
    if (!connection)
        return fail(connection.error().message());
    auto read = readSchema(**connection);
    if (!read)
        return fail(read.error().message());
    const std::optional<RowSource> source = RowSource::fromSchema(read->schema, name);
    if (!source)
        return fail(
            QStringLiteral("%1 has no table or view named '%2' (see: sluice tables %1).").arg(dbPath, name));

    QList<ColumnFilter> filters;
    for (const QString& w : parser.values(where)) {
        const qsizetype eq = w.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(QStringLiteral("--where '%1' is not COLUMN=VALUE.").arg(w));
        ColumnFilter f;
        f.column = w.left(eq);
        f.op = ColumnFilter::Op::Equals;
        f.value = w.mid(eq + 1);
        if (source->columnIndex(f.column) < 0)
            return fail(
                QStringLiteral("--where: %1 has no column named '%2'.").arg(source->name(), f.column));
        filters << f;
    }
    SortSpec sort;
    if (parser.isSet(orderBy)) {
        sort.column = parser.value(orderBy);
        sort.ascending = !parser.isSet(desc);
        if (source->columnIndex(sort.column) < 0)
            return fail(
                QStringLiteral("--order-by: %1 has no column named '%2'.").arg(source->name(), sort.column));
    }
    const RowQueryBuilder builder(*source, sort, filters);
    if (!builder.problem().isEmpty())
        return fail(builder.problem());

    // Standard output gets the same bytes through a private temporary file, so one code path
    // (streamed, flat memory) serves both.
    QTemporaryDir scratch;
    const bool toStdout = !parser.isSet(to);
    if (toStdout && !scratch.isValid())
        return fail(QStringLiteral("no temporary folder to export through: %1").arg(scratch.errorString()));
    options.path = toStdout ? scratch.filePath(QStringLiteral("export")) : parser.value(to);
    Result<ExportReport> report = exportRows(**connection, builder, options);
    if (!report)
        return fail(report.error().message());
    if (toStdout) {
        QFile file(options.path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("reading back %1 failed: %2").arg(options.path, file.errorString()));
        QStringDecoder utf8(QStringDecoder::Utf8);
        while (!file.atEnd()) {
            const QByteArray chunk = file.read(1 << 16);
            io.out << utf8.decode(chunk);
        }
        io.out.flush();
    } else {
        io.err << "sluice export: " << report->rows << (report->rows == 1 ? " row" : " rows") << " ("
               << report->bytes << " bytes) written to " << options.path << "\n";
    }
    return Ok;
}

Verb exportVerb()
{
    Verb v;
    v.name = QStringLiteral("export");
    v.synopsis = QStringLiteral(
        "export DB TABLE [--format csv|json|sql] [--where COLUMN=VALUE ...] [--order-by COLUMN [--desc]] "
        "[--to FILE]");
    v.summary = QStringLiteral("Export a table's or view's rows (filtered, sorted) as CSV, JSON or INSERTs.");
    v.run = [v](const QStringList& args, Io& io) { return runExport(v, args, io); };
    return v;
}

} // namespace sluice::cli
