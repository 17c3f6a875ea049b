#pragma once
// Shared by every test suite: real SQLite files in a temporary folder, and the sluice binary.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace sluice::test {

// A temporary folder that holds real database files for one test; removed afterwards.
class TempDir
{
public:
    TempDir();
    QString path(const QString& name) const;
    // Creates `name` with the sqlite3 C API and runs `sql` (several statements allowed) in it.
    // Fails the test (QFAIL-style message via qFatal) when the SQL is wrong.
    QString makeDb(const QString& name, const QString& sql) const;
    QString writeFile(const QString& name, const QByteArray& bytes) const;

private:
    QTemporaryDir m_dir;
};

// Runs a raw statement list on a file with the sqlite3 C API (bypassing Sluice), for set-up and
// for checking results independently of the code under test.
void execRaw(const QString& dbPath, const QString& sql);
// The first column of the first row, as text ("" for NULL), read with the sqlite3 C API.
QString queryRaw(const QString& dbPath, const QString& sql);
QByteArray fileSha256(const QString& path);
// RFC 4180 CSV (quoted cells, doubled quotes, CRLF row ends), for checking exports independently of
// the writer under test.
QList<QStringList> parseCsv(const QByteArray& bytes);

struct ProcessResult
{
    int exitCode = -1;
    QString out;
    QString err;
};
// Runs the built sluice binary (path from $SLUICE_BINARY) with arguments.
ProcessResult runSluice(const QStringList& arguments, int timeoutMs = 60000);

QString sourceDir(); // $SLUICE_SOURCE_DIR

} // namespace sluice::test
