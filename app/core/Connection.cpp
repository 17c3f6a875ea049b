#include "Connection.h"

#include "InnocuousJson.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>

#include <sqlite3.h>

#include <unistd.h>

#include <mutex>

namespace sluice {

namespace {

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("sluice-%1").arg(counter.fetchAndAddRelaxed(1));
}

int progressCallback(void* state)
{
    auto* s = static_cast<Connection::ProgressState*>(state);
    if (s->cancel && s->cancel->load(std::memory_order_relaxed))
        return 1;
    if (s->deadlineNs > 0 && s->clock.nsecsElapsed() > s->deadlineNs) {
        s->budgetHit = true;
        return 1;
    }
    return 0;
}

const QString kOpening = QStringLiteral("Opening the database");

// Process-wide SQLite settings, applied once before the library initialises (sqlite3_config
// refuses them afterwards). Memory-use statistics cost a mutex on every allocation, and Sluice never
// reads them: with them off, schema-heavy work such as applying hundreds of migrations (SQLite
// re-parses the schema after every ALTER/DROP) spends measurably less time in malloc.
void configureLibraryOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

} // namespace

Result<std::unique_ptr<Connection>> Connection::open(const QString& path, const OpenOptions& options)
{
    const QFileInfo info(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (path.isEmpty())
        return DbError::plain(kOpening, QStringLiteral("no file was given"),
                              QStringLiteral("Choose a database file."));
    if (info.isDir())
        return DbError::plain(kOpening, QStringLiteral("the path is a folder, not a database file"),
                              QStringLiteral("Choose the database file inside it."), shown);
    if (!info.exists() && options.mode != OpenOptions::Mode::Create)
        return DbError::plain(
            kOpening, QStringLiteral("the file does not exist"),
            QStringLiteral("Check the path (and, in a container, that the volume is mounted)."), shown);
    if (info.exists() && !info.isFile())
        return DbError::plain(kOpening, QStringLiteral("the path is not a regular file"),
                              QStringLiteral("Choose an SQLite database file."), shown);
    if (info.exists() && !info.isReadable())
        return DbError::plain(kOpening, QStringLiteral("the file is not readable by this user"),
                              QStringLiteral("Check its permissions."), shown);
    if (!info.exists()) {
        const QFileInfo dir(info.absolutePath());
        if (!dir.isDir())
            return DbError::plain(kOpening,
                                  QStringLiteral("the folder %1 does not exist").arg(dir.filePath()),
                                  QStringLiteral("Create the folder first."), shown);
        if (!dir.isWritable())
            return DbError::plain(
                kOpening,
                QStringLiteral("the folder %1 is not writable, so the database cannot be created")
                    .arg(dir.filePath()),
                QStringLiteral("Check the folder's permissions."), shown);
    }

    configureLibraryOnce();
    std::unique_ptr<Connection> c(new Connection);
    c->m_name = nextConnectionName();
    c->m_path = info.exists() ? info.absoluteFilePath() : QFileInfo(path).absoluteFilePath();

    bool readOnly = options.mode == OpenOptions::Mode::ReadOnly;
    if (options.mode == OpenOptions::Mode::ReadWrite) {
        // SQLite needs to write the file and, for its journal, the folder beside it.
        if (info.exists()) {
            c->m_readOnlyReason = whyNotWritable(c->m_path);
            readOnly = !c->m_readOnlyReason.isEmpty();
        }
    }

    c->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), c->m_name);
    if (!c->m_db.isValid())
        return DbError::plain(
            kOpening, QStringLiteral("Qt's SQLite driver (QSQLITE) is not installed"),
            QStringLiteral("Install the package that provides it (Debian: libqt6sql6-sqlite)."), shown);
    c->m_db.setDatabaseName(c->m_path);
    QStringList opts{QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeoutMs)};
    if (readOnly)
        opts << QStringLiteral("QSQLITE_OPEN_READONLY");
    c->m_db.setConnectOptions(opts.join(QLatin1Char(';')));
    if (!c->m_db.open()) {
        const QSqlError err = c->m_db.lastError();
        return DbError::fromSqlite(err.nativeErrorCode().toInt(), err.databaseText(), kOpening, shown);
    }
    c->m_readOnly = readOnly;
    if (Status s = c->configure(options); !s)
        return s.error();
    if (options.mode == OpenOptions::Mode::ReadWrite && !c->m_readOnly && c->m_handle &&
        sqlite3_db_readonly(c->m_handle, "main") == 1) {
        c->m_readOnly = true;
        c->m_readOnlyReason = QStringLiteral("SQLite could only open it for reading");
    }

    // SQLite opens lazily: read the schema now so a file that is not a database, or is locked,
    // fails here with a clear message rather than on the first click.
    Result<QVariant> probe = c->scalar(QStringLiteral("SELECT count(*) FROM sqlite_schema"), {}, kOpening);
    if (!probe) {
        DbError e = probe.error();
        e.path = shown;
        if (e.primaryCode() != SQLITE_CORRUPT) // a damaged file is still opened: what can be read, is
            return e;
    }
    return c;
}

Result<std::unique_ptr<Connection>> Connection::openMemory()
{
    configureLibraryOnce();
    std::unique_ptr<Connection> c(new Connection);
    c->m_name = nextConnectionName();
    c->m_path = QStringLiteral(":memory:");
    c->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), c->m_name);
    c->m_db.setDatabaseName(QStringLiteral(":memory:"));
    if (!c->m_db.open()) {
        const QSqlError err = c->m_db.lastError();
        return DbError::fromSqlite(err.nativeErrorCode().toInt(), err.databaseText(),
                                   QStringLiteral("Opening an in-memory database"));
    }
    if (Status s = c->configure({}); !s)
        return s.error();
    return c;
}

Status Connection::configure(const OpenOptions& options)
{
    const QVariant v = m_db.driver()->handle();
    if (v.isValid() && qstrcmp(v.typeName(), "sqlite3*") == 0)
        m_handle = *static_cast<sqlite3* const*>(v.constData());
    if (!m_handle) {
        m_rawProblem = QStringLiteral("Qt's SQLite driver did not provide its sqlite3 handle");
    } else {
        // The raw handle is only safe to use when Qt's plugin and Sluice share one libsqlite3.
        const QString pluginId = pluginSourceId();
        const QString ourId = QString::fromUtf8(sqlite3_sourceid());
        if (pluginId == ourId) {
            m_rawOk = true;
        } else {
            m_rawProblem =
                QStringLiteral("Qt's SQLite driver uses a different SQLite build (%1) from the one "
                               "Sluice links (%2); backup, cancel and other features that need the "
                               "raw connection are disabled. Use a Qt built with the system SQLite.")
                    .arg(pluginId, ourId);
        }
    }
    if (m_rawOk) {
        int done = 0;
        sqlite3_db_config(m_handle, SQLITE_DBCONFIG_DEFENSIVE, 1, &done);
        sqlite3_db_config(m_handle, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &done);
        registerInnocuousJsonFunctions(m_handle);
        sqlite3_db_config(m_handle, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &done);
        sqlite3_enable_load_extension(m_handle, 0);
        if (options.maxValueBytes > 0)
            sqlite3_limit(m_handle, SQLITE_LIMIT_LENGTH, options.maxValueBytes);
    } else {
        // Without the raw handle, at least what a pragma can do.
        if (Status s = exec(QStringLiteral("PRAGMA trusted_schema=OFF")); !s)
            return s;
    }
    return {};
}

QString Connection::whyNotWritable(const QString& path)
{
    const QFileInfo info(path);
    if (::access(QFile::encodeName(info.absoluteFilePath()).constData(), W_OK) != 0)
        return QStringLiteral("the file is not writable by this user");
    if (::access(QFile::encodeName(info.absolutePath()).constData(), W_OK) != 0)
        return QStringLiteral(
            "its folder is not writable, so SQLite cannot create the journal it needs to write");
    return {};
}

Connection::~Connection()
{
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

QString Connection::displayName() const
{
    return QFileInfo(m_path).fileName();
}

QString Connection::libraryVersion()
{
    return QString::fromUtf8(sqlite3_libversion());
}

QString Connection::pluginSourceId()
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT sqlite_source_id()")) && q.next())
        return q.value(0).toString();
    return {};
}

DbError Connection::errorOf(const QSqlQuery& query, const QString& operation) const
{
    const QSqlError err = query.lastError();
    bool ok = false;
    int code = err.nativeErrorCode().toInt(&ok);
    if (!ok)
        code = SQLITE_ERROR;
    DbError e = DbError::fromSqlite(code, err.databaseText(),
                                    operation.isEmpty() ? QStringLiteral("The statement") : operation);
    e.statement = query.lastQuery();
    if (e.sqliteMessage.isEmpty())
        e.sqliteMessage = err.text();
    return e;
}

DbError Connection::lastRawError(const QString& operation) const
{
    if (!m_handle)
        return DbError::plain(operation, m_rawProblem);
    return DbError::fromSqlite(sqlite3_extended_errcode(m_handle),
                               QString::fromUtf8(sqlite3_errmsg(m_handle)), operation);
}

Result<QSqlQuery> Connection::prepare(const QString& sql, const QVariantList& binds, const QString& operation)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return errorOf(q, operation);
    for (int i = 0; i < binds.size(); ++i)
        q.bindValue(i, binds.at(i));
    return q;
}

Result<QSqlQuery> Connection::run(const QString& sql, const QVariantList& binds, const QString& operation)
{
    Result<QSqlQuery> q = prepare(sql, binds, operation);
    if (!q)
        return q;
    if (!q->exec())
        return errorOf(*q, operation);
    return q;
}

Status Connection::exec(const QString& sql, const QVariantList& binds, const QString& operation)
{
    Result<QSqlQuery> q = run(sql, binds, operation);
    if (!q)
        return q.error();
    return {};
}

Result<QVariant> Connection::scalar(const QString& sql, const QVariantList& binds, const QString& operation)
{
    Result<QSqlQuery> q = run(sql, binds, operation);
    if (!q)
        return q.error();
    QVariant v;
    if (q->next())
        v = q->value(0);
    else if (q->lastError().isValid())
        return errorOf(*q, operation);
    return v;
}

Result<QList<QVariantList>> Connection::rows(const QString& sql, const QVariantList& binds,
                                             const QString& operation)
{
    Result<QSqlQuery> q = run(sql, binds, operation);
    if (!q)
        return q.error();
    QList<QVariantList> out;
    const int n = q->record().count();
    while (q->next()) {
        QVariantList row;
        row.reserve(n);
        for (int i = 0; i < n; ++i)
            row << q->value(i);
        out << row;
    }
    if (q->lastError().isValid())
        return errorOf(*q, operation);
    return out;
}

void Connection::interrupt()
{
    if (m_handle)
        sqlite3_interrupt(m_handle);
}

void Connection::setCancelFlag(const std::atomic_bool* flag)
{
    m_progress.cancel = flag;
    updateProgressHandler();
}

void Connection::setTimeBudget(int milliseconds)
{
    m_progress.budgetHit = false;
    if (milliseconds > 0) {
        m_progress.clock.start();
        m_progress.deadlineNs = qint64(milliseconds) * 1000000;
    } else {
        m_progress.deadlineNs = 0;
    }
    updateProgressHandler();
}

void Connection::updateProgressHandler()
{
    if (!handle())
        return;
    if (m_progress.cancel || m_progress.deadlineNs > 0)
        sqlite3_progress_handler(m_handle, 4000, &progressCallback, &m_progress);
    else
        sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
}

} // namespace sluice
