#include "SchemaSource.h"

#include "DrizzleSnapshotSchema.h"

#include "core/Connection.h"
#include "schema/SchemaReader.h"
#include "sql/StatementSplitter.h"

#include <QFile>
#include <QFileInfo>

namespace sluice {

Result<Schema> schemaFromScript(const QString& script, const QString& fileName)
{
    auto memory = Connection::openMemory();
    if (!memory)
        return memory.error();
    for (const StatementSpan& span : splitStatements(script)) {
        if (Status st = memory.value()->exec(span.text, {}, QStringLiteral("Reading the schema script"));
            !st) {
            DbError e = st.error();
            e.path = fileName;
            e.line = span.firstLine;
            e.statement = span.text;
            e.explanation = QStringLiteral("the statement at line %1 of %2 failed")
                                .arg(span.firstLine)
                                .arg(fileName.isEmpty() ? QStringLiteral("the script") : fileName);
            e.hint = QStringLiteral("Fix the statement and try again; nothing was written anywhere.");
            return e;
        }
    }
    auto read = readSchema(*memory.value());
    if (!read)
        return read.error();
    return read->schema;
}

Result<LoadedSchema> loadSchemaSource(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return DbError::plain(
            QStringLiteral("Reading a schema"),
            QStringLiteral("%1 cannot be opened: %2").arg(path, file.errorString()),
            QStringLiteral("Give the path of a SQLite database, a .sql file or a drizzle-kit "
                           "snapshot."),
            path);
    const QByteArray head = file.peek(16);
    LoadedSchema out;
    out.path = path;
    if (head.startsWith(QByteArrayLiteral("SQLite format 3"))) {
        file.close();
        OpenOptions options;
        options.mode = OpenOptions::Mode::ReadOnly;
        auto db = Connection::open(path, options);
        if (!db)
            return db.error();
        auto read = readSchema(*db.value());
        if (!read)
            return read.error();
        out.kind = LoadedSchema::Kind::Database;
        out.schema = read->schema;
        return out;
    }
    const QByteArray bytes = file.readAll();
    if (bytes.contains('\0'))
        return DbError::plain(QStringLiteral("Reading a schema"),
                              QStringLiteral("%1 is neither a SQLite database nor a SQL text file").arg(path),
                              QStringLiteral("Give the path of a SQLite database or a .sql file."), path);
    if (looksLikeDrizzleSnapshot(bytes.left(4096))) {
        auto snapshot = schemaFromDrizzleSnapshot(bytes, path);
        if (!snapshot)
            return snapshot.error();
        out.kind = LoadedSchema::Kind::DrizzleSnapshot;
        out.schema = snapshot->schema;
        return out;
    }
    auto schema = schemaFromScript(QString::fromUtf8(bytes), QFileInfo(path).fileName());
    if (!schema)
        return schema.error();
    out.kind = LoadedSchema::Kind::SqlScript;
    out.schema = schema.value();
    return out;
}

} // namespace sluice
