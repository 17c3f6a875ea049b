#pragma once
#include <QMainWindow>

#include <memory>

class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;

namespace sluice::ui {

class BackupController;
class BackupsPanel;
class DatabaseSession;
class DatabaseWorkspace;
class HealthController;
class HealthPanel;
class MessageBar;
class WelcomePage;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a database. On failure the reason is shown in the message bar and whatever was open
    // before stays open.
    bool openDatabase(const QString& path);
    void closeDatabase();

    DatabaseSession* session() const { return m_session.get(); }
    DatabaseWorkspace* workspace() const { return m_workspace; }
    MessageBar* messageBar() const { return m_messages; }
    BackupController* backups() const { return m_backup; }
    BackupsPanel* backupsPanel() const { return m_backupsPanel; }
    QDockWidget* backupsDock() const { return m_backupsDock; }
    HealthController* health() const { return m_health; }
    HealthPanel* healthPanel() const { return m_healthPanel; }
    QDockWidget* healthDock() const { return m_healthDock; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createBackupAndHealth(QMenu* file, QMenu* view);
    void showHealthFinding(const QString& table, const QVariant& rowid);
    void reviewSql(const QString& sql, const QString& title);
    void chooseAndOpen();
    void rebuildRecentMenu();
    void updateTitle();

    std::unique_ptr<DatabaseSession> m_session;
    QStackedWidget* m_stack;
    WelcomePage* m_welcome;
    DatabaseWorkspace* m_workspace = nullptr;
    MessageBar* m_messages;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_modeLabel;
    QAction* m_closeAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_cellDetailsAction = nullptr;
    QAction* m_childrenAction = nullptr;
    QAction* m_backupAction = nullptr;
    QList<QAction*> m_databaseActions; // enabled only while a database is open
    BackupController* m_backup = nullptr;
    BackupsPanel* m_backupsPanel = nullptr;
    QDockWidget* m_backupsDock = nullptr;
    HealthController* m_health = nullptr;
    HealthPanel* m_healthPanel = nullptr;
    QDockWidget* m_healthDock = nullptr;
};

} // namespace sluice::ui
