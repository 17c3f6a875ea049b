#pragma once
#include <QMainWindow>

#include <memory>

namespace sluice::ui {

class DatabaseSession;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a database; on failure shows the reason and keeps whatever was open before.
    bool openDatabase(const QString& path);
    DatabaseSession* session() const { return m_session.get(); }

private:
    std::unique_ptr<DatabaseSession> m_session;
};

} // namespace sluice::ui
