#include "DatabaseSession.h"

#include "schema/SchemaReader.h"

namespace sluice::ui {

Result<std::unique_ptr<DatabaseSession>> DatabaseSession::open(const QString& path)
{
    OpenOptions options;
    options.mode = OpenOptions::Mode::ReadWrite;
    options.busyTimeoutMs = kGuiBusyTimeoutMs;
    // Display connection: refuse single values above 256 MiB rather than exhaust memory.
    options.maxValueBytes = 256 * 1024 * 1024;
    auto c = Connection::open(path, options);
    if (!c)
        return c.error();
    std::unique_ptr<DatabaseSession> s(new DatabaseSession);
    s->m_connection = std::move(c.value());
    if (Status st = s->reloadSchema(); !st)
        return st.error();
    return s;
}

DatabaseSession::~DatabaseSession()
{
    m_countWorker.reset(); // stop counting before the connection goes
}

OpenOptions DatabaseSession::workerOptions() const
{
    OpenOptions o;
    o.mode = m_connection->isReadOnly() ? OpenOptions::Mode::ReadOnly : OpenOptions::Mode::ReadWrite;
    o.busyTimeoutMs = 5000;
    return o;
}

std::unique_ptr<DbWorker> DatabaseSession::makeWorker() const
{
    return std::make_unique<DbWorker>(m_connection->path(), workerOptions());
}

Status DatabaseSession::reloadSchema()
{
    auto r = readSchema(*m_connection);
    if (!r)
        return r.error();
    m_schema = r->schema;
    m_problems = r->problems;
    resetCounts();
    Q_EMIT schemaChanged();
    return {};
}

void DatabaseSession::resetCounts()
{
    ++m_countGeneration;
    if (m_countWorker && m_countJob)
        m_countWorker->cancel(m_countJob);
    m_countJob = 0;
    m_counting.clear();
    m_countQueue.clear();
    m_counts.clear();
}

void DatabaseSession::notifyDataChanged()
{
    resetCounts();
    Q_EMIT dataChanged();
}

std::optional<qint64> DatabaseSession::cachedRowCount(const QString& table) const
{
    const auto it = m_counts.constFind(table);
    return it == m_counts.constEnd() ? std::nullopt : std::optional<qint64>(*it);
}

bool DatabaseSession::isCounting(const QString& table) const
{
    return m_counting == table || m_countQueue.contains(table);
}

void DatabaseSession::requestRowCount(const QString& table, bool urgent)
{
    if (m_counts.contains(table) || m_counting == table) {
        if (m_counts.contains(table))
            Q_EMIT rowCountReady(table, m_counts.value(table));
        return;
    }
    if (urgent) {
        m_countQueue.removeAll(table);
        m_countQueue.prepend(table);
    } else if (!m_countQueue.contains(table)) {
        m_countQueue.append(table);
    }
    if (m_counting.isEmpty())
        startNextCount();
}

void DatabaseSession::cancelRowCount(const QString& table)
{
    m_countQueue.removeAll(table);
    if (m_counting == table && m_countWorker && m_countJob)
        m_countWorker->cancel(m_countJob); // its result arrives as "cancelled"
}

void DatabaseSession::startNextCount()
{
    if (m_countQueue.isEmpty())
        return;
    if (!m_countWorker)
        m_countWorker = makeWorker();
    m_counting = m_countQueue.takeFirst();
    const QString table = m_counting;
    const quint64 generation = m_countGeneration;
    m_countJob = m_countWorker->submit<qint64>(
        this, [table](Connection& c, JobControl&) { return countRows(c, table); },
        [this, table, generation](Result<qint64> r) {
            if (generation != m_countGeneration)
                return;
            m_countJob = 0;
            m_counting.clear();
            if (r) {
                m_counts.insert(table, *r);
                Q_EMIT rowCountReady(table, *r);
            } else {
                Q_EMIT rowCountFailed(table, r.error());
            }
            startNextCount();
        });
}

} // namespace sluice::ui
