#include "ColumnEditors.h"

#include "DatabaseSession.h"

namespace sluice::ui {

ColumnEditors::ColumnEditors(DatabaseSession& session, QObject* parent) : QObject(parent), m_session(session)
{
    const QString path = session.path();
    worker().submit<DrizzleProjectHints>(
        this,
        [path](Connection&, JobControl&) -> Result<DrizzleProjectHints> {
            return drizzleHintsForDatabase(path);
        },
        [this](Result<DrizzleProjectHints> r) {
            if (r && !m_loaded) {
                m_project = std::move(*r);
                m_loaded = true;
                Q_EMIT hintsReady();
            }
        });
}

ColumnEditors::~ColumnEditors() = default;

DbWorker& ColumnEditors::worker()
{
    if (!m_worker)
        m_worker = m_session.makeWorker();
    return *m_worker;
}

void ColumnEditors::setHints(const DrizzleHints& hints)
{
    m_project.hints = hints;
    m_loaded = true;
    Q_EMIT hintsReady();
}

const Table* ColumnEditors::table(const QString& name) const
{
    return m_session.schema().table(name);
}

const Column* ColumnEditors::column(const QString& tableName, const QString& columnName) const
{
    const Table* t = table(tableName);
    return t ? t->column(columnName) : nullptr;
}

ColumnEditor ColumnEditors::editorFor(const QString& tableName, const QString& columnName) const
{
    const Table* t = table(tableName);
    const Column* c = t ? t->column(columnName) : nullptr;
    if (!c)
        return {};
    return columnEditorKind(*t, *c, m_project.hints.find(t->name, c->name));
}

} // namespace sluice::ui
