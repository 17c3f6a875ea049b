#pragma once
// Which editor each column of the open database gets, for the grid's delegate and the cell detail
// panel alike: the engine's columnEditorKind() over the session's schema, with the hints of the
// Drizzle project the database belongs to. Those are read once, on a worker, when this is made
// (hintsReady() tells when they arrive; until then the database's own CHECKs and types decide).
// The worker also serves the editors' slow file work (loading and saving BLOBs).
#include "edit/ColumnEditorKind.h"
#include "edit/DrizzleProjectHints.h"
#include "worker/DbWorker.h"

#include <QObject>

#include <memory>

namespace sluice::ui {

class DatabaseSession;

class ColumnEditors : public QObject
{
    Q_OBJECT
public:
    explicit ColumnEditors(DatabaseSession& session, QObject* parent = nullptr);
    ~ColumnEditors() override;

    DatabaseSession& session() const { return m_session; }
    // The editor of table.column; Any when the table or column is unknown (a view, an expression).
    ColumnEditor editorFor(const QString& table, const QString& column) const;
    const Table* table(const QString& name) const;
    const Column* column(const QString& table, const QString& column) const;

    bool hintsLoaded() const { return m_loaded; }
    const DrizzleProjectHints& project() const { return m_project; }
    // Replaces the project's hints (tests, or a project chosen by hand).
    void setHints(const DrizzleHints& hints);

    DbWorker& worker();

Q_SIGNALS:
    void hintsReady();

private:
    DatabaseSession& m_session;
    std::unique_ptr<DbWorker> m_worker;
    DrizzleProjectHints m_project;
    bool m_loaded = false;
};

} // namespace sluice::ui
