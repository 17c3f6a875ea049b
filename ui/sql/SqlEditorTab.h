#pragma once
#include "query/QueryPlan.h"
#include "query/StatementResult.h"
#include "worker/DbWorker.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;

namespace sluice::ui {

class DatabaseSession;
class QueryPlanView;
class QueryResultModel;
class SqlTextEdit;

// The SQL editor tab: the editor above; below, the last result set, a log of every statement run
// (time, rows, rows affected) and the query plan. Everything runs on the tab's own DbWorker, never
// on the GUI thread; the editor stays usable while a script runs and Cancel interrupts it.
// Errors are shown and their line marked in the editor's margin. After DDL the session's schema
// is reloaded. A script that leaves a transaction open gets a bar offering Commit / Roll back.
//
// Keys: F5 or Ctrl+Shift+Enter run all; Ctrl+Enter runs the selection or the statement under the
// cursor; Esc cancels; Ctrl+E explains the statement under the cursor.
class SqlEditorTab : public QWidget
{
    Q_OBJECT
public:
    SqlEditorTab(DatabaseSession& session, QWidget* parent = nullptr);
    ~SqlEditorTab() override;

    void setText(const QString& sql);
    QString text() const;

    bool isRunning() const { return m_job != 0; }
    // The busy indicator shown while something runs.
    QProgressBar* busyIndicator() const { return m_busy; }
    bool isTransactionOpen() const { return m_transactionOpen; }
    // The outcome of the last run (Run all / Run current), empty before the first.
    const ScriptResult& lastResult() const { return m_lastResult; }
    // The summary line under the editor: "3 statements · 12 ms · 5 rows" or the error message.
    QString messageText() const;
    // The statement log (one entry per statement run, newest last).
    QString logText() const;

    SqlTextEdit* editor() const { return m_editor; }
    QueryResultModel* resultModel() const { return m_model; }
    QTableView* resultView() const { return m_table; }
    QueryPlanView* planView() const { return m_plan; }
    QAction* runAllAction() const { return m_runAll; }
    QAction* runCurrentAction() const { return m_runCurrent; }
    QAction* cancelAction() const { return m_cancel; }
    QAction* explainAction() const { return m_explain; }

    // Rows kept per statement for display (more are reported, not kept).
    void setMaxRows(int rows) { m_options.maxRows = rows; }

public Q_SLOTS:
    void runAll();
    // The selection when there is one, else the statement under the cursor.
    void runCurrent();
    void cancel();
    void explainCurrent();
    void commitTransaction();
    void rollbackTransaction();

Q_SIGNALS:
    void runningChanged(bool running);
    // A run, an explain or a commit/rollback finished (successfully or not).
    void finished();
    void transactionOpenChanged(bool open);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Piece
    {
        QString sql;
        int lineOffset = 0; // lines before the piece's first line in the editor
    };
    Piece currentPiece() const;
    void run(const Piece& piece);
    void showResult(const ScriptResult& result);
    void showPlan(const Result<QueryPlan>& plan, int lineOffset);
    void endTransaction(bool commit);
    void setRunning(JobId job, const QString& what);
    void setMessage(const QString& text, bool error);
    void appendLog(const QString& line);
    void setTransactionOpen(bool open);
    void reloadSchema();
    void updateBusyText();

    DatabaseSession& m_session;
    std::unique_ptr<DbWorker> m_worker;
    RunOptions m_options;
    JobId m_job = 0;
    bool m_transactionOpen = false;
    ScriptResult m_lastResult;
    QElapsedTimer m_runClock;
    QString m_busyWhat;

    SqlTextEdit* m_editor = nullptr;
    QTabWidget* m_bottom = nullptr;
    QTableView* m_table = nullptr;
    QueryResultModel* m_model = nullptr;
    QPlainTextEdit* m_log = nullptr;
    QueryPlanView* m_plan = nullptr;
    QLabel* m_message = nullptr;
    QProgressBar* m_busy = nullptr;
    QLabel* m_busyLabel = nullptr;
    QTimer* m_busyTimer = nullptr;
    QWidget* m_transactionBar = nullptr;
    QAction* m_runAll = nullptr;
    QAction* m_runCurrent = nullptr;
    QAction* m_cancel = nullptr;
    QAction* m_explain = nullptr;
};

} // namespace sluice::ui
