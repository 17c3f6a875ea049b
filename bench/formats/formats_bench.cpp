// Runs one JSON/SQL export or restore of app/formats and prints its figures; bench/formats/run.sh
// times it against the sqlite3 shell with hyperfine and /usr/bin/time.
//   formats_bench json|sql DB OUTFILE          export (OUTFILE must not exist)
//   formats_bench restore-json|restore-sql DB FILE
#include "formats/JsonBackup.h"
#include "formats/SqlDump.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace sluice;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTextStream err(stderr), out(stdout);
    if (args.size() != 4) {
        err << "usage: formats_bench json|sql|restore-json|restore-sql DB FILE\n";
        return 2;
    }
    auto c = Connection::open(args[2]);
    if (!c) {
        err << c.error().message() << '\n';
        return 2;
    }
    const QString mode = args[1];
    if (mode == QLatin1String("json") || mode == QLatin1String("sql")) {
        auto r = mode == QLatin1String("json") ? writeJsonBackup(**c, args[3]) : writeSqlDump(**c, args[3]);
        if (!r) {
            err << r.error().message() << '\n';
            return 1;
        }
        out << mode << ": " << r->tables << " tables, " << r->rows << " rows, " << r->bytes << " bytes, "
            << r->elapsedMs << " ms\n";
        return 0;
    }
    if (mode == QLatin1String("restore-json") || mode == QLatin1String("restore-sql")) {
        auto r = mode == QLatin1String("restore-json") ? restoreJsonBackup(**c, args[3])
                                                       : restoreSqlDump(**c, args[3]);
        if (!r) {
            err << r.error().message() << '\n';
            return 1;
        }
        out << mode << ": " << r->tables << " tables, " << r->rows << " rows, " << r->elapsedMs << " ms\n";
        return 0;
    }
    err << "unknown mode " << mode << '\n';
    return 2;
}
