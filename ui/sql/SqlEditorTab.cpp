#include "SqlEditorTab.h"

#include <algorithm>

#include "DatabaseSession.h"
#include "QueryPlanView.h"
#include "QueryResultModel.h"
#include "common/SqlTextEdit.h"
#include "query/ScriptRunner.h"
#include "query/StatementAtCursor.h"
#include "sql/StatementSplitter.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

QString duration(qint64 ns)
{
    const double ms = double(ns) / 1e6;
    if (ms < 1)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 2);
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
    return QStringLiteral("%1 s").arg(ms / 1000, 0, 'f', 2);
}

QString rowCountText(qint64 n)
{
    return n == 1 ? QObject::tr("1 row") : QObject::tr("%1 rows").arg(QLocale().toString(n));
}

// What one statement did, for the log and the summary.
QString outcomeText(const StatementResult& s)
{
    if (s.isQuery) {
        QString t = rowCountText(s.rows.size());
        if (s.moreRows)
            t += QObject::tr(" shown (more not fetched)");
        if (s.isModification)
            t += QObject::tr(", %1 affected").arg(rowCountText(s.rowsAffected));
        return t;
    }
    if (s.isModification)
        return QObject::tr("%1 affected").arg(rowCountText(s.rowsAffected));
    return QObject::tr("done");
}

QString oneLine(const QString& sql)
{
    QString s = sql.simplified();
    if (s.size() > 80)
        s = s.left(79) + QStringLiteral("…");
    return s;
}

} // namespace

SqlEditorTab::SqlEditorTab(DatabaseSession& session, QWidget* parent)
    : QWidget(parent), m_session(session), m_worker(session.makeWorker())
{
    m_editor = new SqlTextEdit(this);
    m_editor->setSchema(session.schema());
    m_editor->installEventFilter(this);
    connect(&m_session, &DatabaseSession::schemaChanged, this,
            [this] { m_editor->setSchema(m_session.schema()); });

    // Actions: shortcuts work anywhere in the tab (editor, grid, log).
    auto makeAction = [this](const QString& text, QStyle::StandardPixmap icon,
                             const QList<QKeySequence>& keys, void (SqlEditorTab::*slot)()) {
        auto* a = new QAction(style()->standardIcon(icon), text, this);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        if (!keys.isEmpty())
            a->setToolTip(
                QStringLiteral("%1 (%2)").arg(text, keys.first().toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    m_runAll = makeAction(tr("Run all"), QStyle::SP_MediaPlay,
                          {QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter)},
                          &SqlEditorTab::runAll);
    m_runCurrent =
        makeAction(tr("Run statement"), QStyle::SP_MediaSeekForward,
                   {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)},
                   &SqlEditorTab::runCurrent);
    m_runCurrent->setStatusTip(tr("Run the selection, or the statement under the cursor"));
    m_cancel =
        makeAction(tr("Cancel"), QStyle::SP_MediaStop, {QKeySequence(Qt::Key_Escape)}, &SqlEditorTab::cancel);
    m_cancel->setEnabled(false);
    m_explain = makeAction(tr("Explain"), QStyle::SP_FileDialogDetailedView,
                           {QKeySequence(Qt::CTRL | Qt::Key_E)}, &SqlEditorTab::explainCurrent);
    m_explain->setStatusTip(
        tr("Show how SQLite would run the statement under the cursor (EXPLAIN QUERY PLAN)"));

    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_runAll);
    toolbar->addAction(m_runCurrent);
    toolbar->addAction(m_cancel);
    toolbar->addSeparator();
    toolbar->addAction(m_explain);
    // The busy indicator sits on the message line, beside the summary it will replace.
    m_busyLabel = new QLabel(this);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0); // indeterminate
    m_busy->setMaximumWidth(120);
    m_busy->setMaximumHeight(m_busyLabel->sizeHint().height());
    m_busy->setTextVisible(false);
    m_busy->setVisible(false);
    m_busyTimer = new QTimer(this);
    m_busyTimer->setInterval(100);
    connect(m_busyTimer, &QTimer::timeout, this, &SqlEditorTab::updateBusyText);

    // The transaction bar, shown while a script's transaction is open.
    m_transactionBar = new QWidget(this);
    auto* tl = new QHBoxLayout(m_transactionBar);
    tl->setContentsMargins(6, 2, 6, 2);
    auto* tlabel =
        new QLabel(tr("A transaction is open: its changes are not saved until you commit, and other "
                      "programs may be blocked until it ends."),
                   m_transactionBar);
    tlabel->setWordWrap(true);
    auto* commit = new QPushButton(tr("Commit"), m_transactionBar);
    auto* rollback = new QPushButton(tr("Roll back"), m_transactionBar);
    commit->setObjectName(QStringLiteral("commitButton"));
    rollback->setObjectName(QStringLiteral("rollbackButton"));
    connect(commit, &QPushButton::clicked, this, &SqlEditorTab::commitTransaction);
    connect(rollback, &QPushButton::clicked, this, &SqlEditorTab::rollbackTransaction);
    tl->addWidget(tlabel, 1);
    tl->addWidget(commit);
    tl->addWidget(rollback);
    m_transactionBar->setAutoFillBackground(true);
    m_transactionBar->setBackgroundRole(QPalette::ToolTipBase);
    m_transactionBar->setForegroundRole(QPalette::ToolTipText);
    m_transactionBar->setVisible(false);

    m_model = new QueryResultModel(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setMaximumSectionSize(400);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);

    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setFont(m_editor->font());

    m_plan = new QueryPlanView(this);

    m_bottom = new QTabWidget(this);
    m_bottom->setDocumentMode(true);
    m_bottom->addTab(m_table, tr("Results"));
    m_bottom->addTab(m_log, tr("Messages"));
    m_bottom->addTab(m_plan, tr("Query plan"));

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setContentsMargins(6, 2, 6, 2);

    auto* bottom = new QWidget(this);
    auto* bl = new QVBoxLayout(bottom);
    bl->setContentsMargins(0, 0, 0, 0);
    bl->setSpacing(0);
    auto* messageRow = new QHBoxLayout;
    messageRow->setContentsMargins(0, 0, 6, 0);
    messageRow->addWidget(m_message, 1);
    messageRow->addWidget(m_busyLabel);
    messageRow->addWidget(m_busy);
    bl->addLayout(messageRow);
    bl->addWidget(m_bottom, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_editor);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(m_transactionBar);
    layout->addWidget(splitter, 1);

    if (m_session.isReadOnly())
        setMessage(tr("The database is open read-only%1: statements that change it will be refused.")
                       .arg(m_session.readOnlyReason().isEmpty()
                                ? QString()
                                : QStringLiteral(" (%1)").arg(m_session.readOnlyReason())),
                   false);
}

SqlEditorTab::~SqlEditorTab()
{
    // The worker's destructor cancels what runs and joins its thread; its connection closes there,
    // which rolls back a transaction the user left open.
    m_worker.reset();
}

void SqlEditorTab::setText(const QString& sql)
{
    m_editor->setText(sql);
    m_editor->clearMarks();
}

QString SqlEditorTab::text() const
{
    return m_editor->text();
}

QString SqlEditorTab::messageText() const
{
    return m_message->text();
}

QString SqlEditorTab::logText() const
{
    return m_log->toPlainText();
}

SqlEditorTab::Piece SqlEditorTab::currentPiece() const
{
    if (m_editor->hasSelectedText())
        return {m_editor->selectedText(), m_editor->selectionFirstLine() - 1};
    const QList<StatementSpan> spans = splitStatements(m_editor->text());
    const std::optional<StatementSpan> span =
        statementAt(spans, m_editor->caretUtf8Position(), m_editor->caretLine());
    if (!span)
        return {};
    return {span->text, span->firstLine - 1};
}

void SqlEditorTab::runAll()
{
    run({m_editor->text(), 0});
}

void SqlEditorTab::runCurrent()
{
    run(currentPiece());
}

void SqlEditorTab::run(const Piece& piece)
{
    if (isRunning())
        return;
    m_editor->clearMarks();
    if (isBlankSql(piece.sql)) {
        setMessage(tr("There is no statement to run."), false);
        return;
    }
    RunOptions options = m_options;
    options.lineOffset = piece.lineOffset;
    const QString sql = piece.sql;
    const JobId id = m_worker->submit<ScriptResult>(
        this,
        [sql, options](Connection& c, JobControl& control) -> Result<ScriptResult> {
            return runScript(c, sql, options, &control);
        },
        [this](Result<ScriptResult> r) {
            setRunning(0, {});
            if (!r.ok()) { // the worker could not even open its connection
                ScriptResult failed;
                failed.error = r.error();
                showResult(failed);
            } else {
                showResult(r.value());
            }
            Q_EMIT finished();
        });
    setRunning(id, tr("Running…"));
    appendLog(tr("— %1 —").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
}

void SqlEditorTab::showResult(const ScriptResult& result)
{
    m_lastResult = result;
    for (const StatementResult& s : result.statements)
        appendLog(tr("Line %1: %2 — %3 (%4)")
                      .arg(s.span.firstLine)
                      .arg(oneLine(s.span.text), outcomeText(s), duration(s.elapsedNs)));

    if (const StatementResult* q = result.lastQuery()) {
        m_model->setResult(*q);
        m_table->resizeColumnsToContents();
    } else if (!result.statements.isEmpty()) {
        m_model->clear();
    }

    if (result.error) {
        const DbError& e = *result.error;
        if (result.wasCancelled()) {
            appendLog(tr("Line %1: cancelled").arg(e.line));
            setMessage(tr("Cancelled at line %1 after %2 of %3 statements.")
                           .arg(e.line)
                           .arg(result.statements.size())
                           .arg(result.statementCount),
                       true);
        } else {
            appendLog(tr("Line %1: error — %2").arg(e.line).arg(e.message()));
            setMessage(e.message(), true);
            const int line = result.errorLine > 0 ? result.errorLine : e.line;
            if (line > 0)
                m_editor->markLine(line, SqlTextEdit::MarkKind::Error, e.message());
            m_bottom->setCurrentWidget(m_log);
        }
    } else {
        QStringList parts;
        parts << (result.statements.size() == 1 ? tr("1 statement")
                                                : tr("%1 statements").arg(result.statements.size()));
        parts << duration(result.elapsedNs);
        if (!result.statements.isEmpty())
            parts << outcomeText(result.statements.last());
        setMessage(parts.join(QStringLiteral(" · ")), false);
        m_bottom->setCurrentWidget(result.lastQuery() ? static_cast<QWidget*>(m_table) : m_log);
    }

    const bool wasOpen = m_transactionOpen;
    setTransactionOpen(result.transactionOpen);
    // Another connection sees DDL once it is committed; reload when it may have become visible.
    if (result.schemaChanged || (wasOpen && !result.transactionOpen))
        reloadSchema();
    // Rows changed (and are visible to other connections once committed): counts and open grids
    // are stale.
    const bool modified =
        std::any_of(result.statements.cbegin(), result.statements.cend(),
                    [](const StatementResult& s) { return s.isModification && s.rowsAffected > 0; });
    if (!result.transactionOpen && (modified || (wasOpen && !result.transactionOpen)))
        m_session.notifyDataChanged();
}

void SqlEditorTab::explainCurrent()
{
    if (isRunning())
        return;
    const Piece piece = currentPiece();
    m_editor->clearMarks();
    if (isBlankSql(piece.sql)) {
        setMessage(tr("There is no statement to explain."), false);
        return;
    }
    const QString sql = piece.sql;
    const int offset = piece.lineOffset;
    const JobId id = m_worker->submit<QueryPlan>(
        this, [sql](Connection& c, JobControl&) { return explainQueryPlan(c, sql); },
        [this, offset](Result<QueryPlan> r) {
            setRunning(0, {});
            showPlan(r, offset);
            Q_EMIT finished();
        });
    setRunning(id, tr("Explaining…"));
}

void SqlEditorTab::showPlan(const Result<QueryPlan>& plan, int lineOffset)
{
    if (!plan.ok()) {
        DbError e = plan.error();
        e.line = lineOffset + 1; // the piece's first line in the editor
        setMessage(e.message(), true);
        m_editor->markLine(e.line, SqlTextEdit::MarkKind::Error, e.message());
        appendLog(tr("Explain: error — %1").arg(e.message()));
        return;
    }
    m_plan->setPlan(plan.value());
    m_bottom->setCurrentWidget(m_plan);
    const int scans = int(plan->fullScans().size());
    if (scans > 0) {
        setMessage(scans == 1 ? tr("Query plan: 1 full table scan (no index used).")
                              : tr("Query plan: %1 full table scans (no index used).").arg(scans),
                   false);
        m_editor->markLine(lineOffset + 1, SqlTextEdit::MarkKind::Warning,
                           tr("Full scan — no index used: see the query plan."));
    } else {
        setMessage(tr("Query plan: no full table scan."), false);
    }
}

void SqlEditorTab::cancel()
{
    if (m_job != 0)
        m_worker->cancel(m_job);
}

void SqlEditorTab::commitTransaction()
{
    endTransaction(true);
}

void SqlEditorTab::rollbackTransaction()
{
    endTransaction(false);
}

void SqlEditorTab::endTransaction(bool commit)
{
    if (isRunning() || !m_transactionOpen)
        return;
    const TransactionEnd how = commit ? TransactionEnd::Commit : TransactionEnd::Rollback;
    const JobId id = m_worker->submit<bool>(
        this,
        [how](Connection& c, JobControl&) -> Result<bool> {
            const Status s = sluice::endTransaction(c, how);
            if (!s)
                return s.error();
            return isInTransaction(c);
        },
        [this, commit](Result<bool> r) {
            setRunning(0, {});
            if (!r.ok()) {
                setMessage(r.error().message(), true);
                appendLog(r.error().message());
            } else {
                setTransactionOpen(r.value());
                const QString done = commit ? tr("Committed.") : tr("Rolled back.");
                setMessage(done, false);
                appendLog(done);
                reloadSchema();
                if (commit)
                    m_session.notifyDataChanged();
            }
            Q_EMIT finished();
        });
    setRunning(id, commit ? tr("Committing…") : tr("Rolling back…"));
}

void SqlEditorTab::setRunning(JobId job, const QString& what)
{
    const bool running = job != 0;
    const bool changed = running != isRunning();
    m_job = job;
    m_busyWhat = what;
    m_runAll->setEnabled(!running);
    m_runCurrent->setEnabled(!running);
    m_explain->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_transactionBar->setEnabled(!running);
    m_busy->setVisible(running);
    if (running) {
        m_runClock.start();
        m_busyTimer->start();
    } else {
        m_busyTimer->stop();
    }
    updateBusyText();
    if (changed)
        Q_EMIT runningChanged(running);
}

void SqlEditorTab::updateBusyText()
{
    if (!isRunning()) {
        m_busyLabel->clear();
        return;
    }
    m_busyLabel->setText(
        QStringLiteral("%1 %2 s").arg(m_busyWhat).arg(double(m_runClock.elapsed()) / 1000, 0, 'f', 1));
}

void SqlEditorTab::setMessage(const QString& text, bool error)
{
    m_message->setText(text);
    QPalette p = palette();
    if (error)
        p.setColor(QPalette::WindowText,
                   m_editor->isDarkScheme() ? QColor(0xf7, 0x54, 0x64) : QColor(0xb0, 0x1c, 0x1c));
    m_message->setPalette(p);
}

void SqlEditorTab::appendLog(const QString& line)
{
    m_log->appendPlainText(line);
}

void SqlEditorTab::setTransactionOpen(bool open)
{
    if (open == m_transactionOpen)
        return;
    m_transactionOpen = open;
    m_transactionBar->setVisible(open);
    Q_EMIT transactionOpenChanged(open);
}

void SqlEditorTab::reloadSchema()
{
    if (const Status s = m_session.reloadSchema(); !s)
        appendLog(tr("The schema could not be re-read: %1").arg(s.error().message()));
}

bool SqlEditorTab::eventFilter(QObject* watched, QEvent* event)
{
    // QScintilla claims the keys it has bindings for (Esc among them) before shortcuts see them;
    // give the tab's enabled actions priority.
    if (watched == m_editor && event->type() == QEvent::ShortcutOverride) {
        auto* key = static_cast<QKeyEvent*>(event);
        const QKeySequence pressed(key->keyCombination());
        for (QAction* a : {m_runAll, m_runCurrent, m_cancel, m_explain}) {
            if (!a->isEnabled())
                continue;
            for (const QKeySequence& s : a->shortcuts()) {
                if (s == pressed) {
                    key->ignore();
                    return true;
                }
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace sluice::ui
