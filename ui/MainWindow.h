#pragma once
#include <QMainWindow>

#include <memory>

class QLabel;
class QMenu;
class QStackedWidget;

namespace sluice::ui {

class DatabaseSession;
class DatabaseWorkspace;
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

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
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
};

} // namespace sluice::ui
