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

DatabaseSession::~DatabaseSession() = default;

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
    Q_EMIT schemaChanged();
    return {};
}

} // namespace sluice::ui
