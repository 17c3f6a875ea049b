#include "MainWindow.h"

#include "DatabaseSession.h"
#include "DatabaseWorkspace.h"
#include "MessageBar.h"
#include "RecentFiles.h"
#include "WelcomePage.h"
#include "backup/BackupController.h"
#include "backup/BackupsPanel.h"
#include "core/Connection.h"
#include "grid/TableGridView.h"
#include "health/HealthController.h"
#include "health/HealthPanel.h"
#include "migrations/MigrationsPanel.h"
#include "schemaplan/SchemaReviewLaunch.h"
#include "sql/SqlEditorTab.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QVBoxLayout>

namespace sluice::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_stack(new QStackedWidget(this)), m_welcome(new WelcomePage(this)),
      m_messages(new MessageBar(this)), m_modeLabel(new QLabel(this))
{
    setAcceptDrops(true);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_messages);
    layout->addWidget(m_stack, 1);
    m_stack->addWidget(m_welcome);
    setCentralWidget(central);
    connect(m_welcome, &WelcomePage::openRequested, this, &MainWindow::chooseAndOpen);
    connect(m_welcome, &WelcomePage::openFileRequested, this, &MainWindow::openDatabase);

    createActions();
    statusBar()->addPermanentWidget(m_modeLabel);
    statusBar()->addPermanentWidget(new QLabel(tr("SQLite %1").arg(Connection::libraryVersion()), this));

    resize(1280, 800);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    updateTitle();
}

MainWindow::~MainWindow()
{
    // The workspace's views hold references to the session: they go first.
    delete m_workspace;
    m_workspace = nullptr;
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open Database…"),
                                    this, &MainWindow::chooseAndOpen);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Open an SQLite database file"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    m_closeAction = file->addAction(tr("&Close Database"), this, [this] {
        if (!m_workspace || m_workspace->grid()->confirmDropEdits())
            closeDatabase();
    });
    m_closeAction->setShortcut(QKeySequence::Close);
    // The Data tab's current view, with its filter and sort.
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    const auto addExport = [this, exportMenu](const QString& text, ExportOptions::Format format) {
        QAction* a = exportMenu->addAction(text, this, [this, format] {
            if (m_workspace) {
                m_workspace->showDataTab();
                m_workspace->grid()->chooseAndExport(format);
            }
        });
        m_databaseActions << a;
    };
    addExport(tr("&CSV\u2026"), ExportOptions::Format::Csv);
    addExport(tr("&JSON\u2026"), ExportOptions::Format::Json);
    addExport(tr("&SQL INSERT Statements\u2026"), ExportOptions::Format::SqlInserts);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_refreshAction =
        view->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Reload Schema"), this, [this] {
            if (m_session) {
                if (Status s = m_session->reloadSchema(); !s)
                    m_messages->showMessage(MessageBar::Level::Error, s.error().message());
            }
        });
    m_refreshAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    view->addSeparator();
    QAction* data = view->addAction(tr("&Data"), this, [this] {
        if (m_workspace)
            m_workspace->showDataTab();
    });
    data->setShortcut(QKeySequence(Qt::ALT | Qt::Key_1));
    QAction* ddl = view->addAction(tr("&Schema (DDL)"), this, [this] {
        if (m_workspace)
            m_workspace->showDdlTab();
    });
    ddl->setShortcut(QKeySequence(Qt::ALT | Qt::Key_2));
    QAction* sql = view->addAction(tr("S&QL Editor"), this, [this] {
        if (m_workspace)
            m_workspace->showSqlTab();
    });
    sql->setShortcut(QKeySequence(Qt::ALT | Qt::Key_3));
    QAction* migrationsTab = view->addAction(tr("&Migrations"), this, [this] {
        if (m_workspace)
            m_workspace->showMigrationsTab();
    });
    migrationsTab->setShortcut(QKeySequence(Qt::ALT | Qt::Key_4));
    view->addSeparator();
    createBackupAndHealth(file, view);
    view->addSeparator();
    // The grid's own checkable action, reached through the menu too (it is per workspace, so the
    // menu item forwards to whichever database is open).
    m_cellDetailsAction = view->addAction(tr("&Cell Details Panel"), this, [this](bool on) {
        if (m_workspace && m_workspace->grid()->detailPanelAction()->isChecked() != on)
            m_workspace->grid()->detailPanelAction()->trigger();
    });
    m_cellDetailsAction->setCheckable(true);
    m_cellDetailsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_childrenAction = view->addAction(tr("&Referenced By Panel"), this, [this](bool on) {
        if (m_workspace && m_workspace->grid()->childrenPanelAction()->isChecked() != on)
            m_workspace->grid()->childrenPanelAction()->trigger();
    });
    m_childrenAction->setCheckable(true);
    connect(view, &QMenu::aboutToShow, this, [this] {
        m_childrenAction->setEnabled(m_workspace != nullptr);
        if (m_workspace)
            m_childrenAction->setChecked(m_workspace->grid()->childrenPanelAction()->isChecked());
    });
    connect(view, &QMenu::aboutToShow, this, [this] {
        m_cellDetailsAction->setEnabled(m_workspace != nullptr);
        if (m_workspace)
            m_cellDetailsAction->setChecked(m_workspace->grid()->detailPanelAction()->isChecked());
    });

    // Each action shows the Migrations tab, then does its thing there.
    QMenu* migrations = menuBar()->addMenu(tr("&Migrations"));
    auto onPanel = [this](void (MigrationsPanel::*what)()) {
        return [this, what] {
            if (!m_workspace)
                return;
            m_workspace->showMigrationsTab();
            (m_workspace->migrations()->*what)();
        };
    };
    migrations->addAction(tr("&Refresh Status"), this, onPanel(&MigrationsPanel::refreshStatus));
    migrations->addAction(tr("Re&view Pending…"), this, onPanel(&MigrationsPanel::reviewAllPending));
    migrations->addAction(tr("&Dry Run"), this, onPanel(&MigrationsPanel::startDryRun));
    migrations->addAction(tr("&Apply Pending…"), this, onPanel(&MigrationsPanel::applyPending));
    migrations->addSeparator();
    migrations->addAction(tr("&Open Migrations Folder…"), this,
                          onPanel(&MigrationsPanel::chooseMigrationsFolder));
    migrations->addSeparator();
    migrations->addAction(tr("&Compare Schema With…"), this, [this] {
        if (!m_session)
            return;
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Compare Schema With"), QFileInfo(m_session->path()).absolutePath(),
            tr("Schemas (*.sqlite *.sqlite3 *.db *.sql *.json);;All files (*)"));
        if (!path.isEmpty())
            compareSchemaWith(*m_session, path, m_messages, this);
    });
    migrations->addAction(tr("Check D&rift"), this, [this] {
        if (m_session && m_workspace)
            checkDrift(*m_session, m_workspace->migrations()->migrationsDir(), m_messages, this);
    });
    connect(migrations, &QMenu::aboutToShow, this, [this, migrations] {
        for (QAction* a : migrations->actions())
            a->setEnabled(m_workspace != nullptr);
    });

    QMenu* table = menuBar()->addMenu(tr("&Table"));
    QAction* createTable = table->addAction(tr("&Create Table…"), this, [this] {
        if (m_workspace)
            m_workspace->openTableDesigner();
    });
    QAction* modifyTable = table->addAction(tr("&Modify Table…"), this, [this] {
        if (m_workspace && m_session && m_session->schema().table(m_workspace->currentObject()))
            m_workspace->openTableDesigner(m_workspace->currentObject());
    });
    connect(table, &QMenu::aboutToShow, this, [this, createTable, modifyTable] {
        createTable->setEnabled(m_workspace != nullptr);
        modifyTable->setEnabled(m_workspace && m_session->schema().table(m_workspace->currentObject()));
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Sluice"), this, [this] {
        QMessageBox::about(
            this, tr("About Sluice"),
            tr("<h3>Sluice %1</h3><p>A desktop studio for SQLite databases and Drizzle migrations.</p>"
               "<p>SQLite %2, Qt %3</p>")
                .arg(QStringLiteral(SLUICE_VERSION), Connection::libraryVersion(),
                     QString::fromLatin1(qVersion())));
    });
    about->setMenuRole(QAction::AboutRole);

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->addAction(open);
    bar->addAction(m_refreshAction);
    bar->addAction(m_backupAction);
}

void MainWindow::createBackupAndHealth(QMenu* file, QMenu* view)
{
    // File ▸ backup entries go between Close Database and Quit.
    QAction* quit = file->actions().constLast();
    m_backup = new BackupController(this, m_messages);
    m_backupAction =
        new QAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Backup Now…"), this);
    m_backupAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_backupAction->setStatusTip(tr("Copy the open database into its backups folder, verified"));
    m_backupAction->setIconText(tr("Backup"));
    connect(m_backupAction, &QAction::triggered, m_backup, &BackupController::backupNow);
    QAction* restore = new QAction(tr("Restore from Bac&kup…"), this);
    restore->setStatusTip(tr("Replace the open database with a backup (a safety backup is taken first)"));
    connect(restore, &QAction::triggered, m_backup, &BackupController::chooseAndRestore);
    QAction* settings = new QAction(tr("Backup Se&ttings…"), this);
    connect(settings, &QAction::triggered, m_backup, &BackupController::editSettings);
    file->insertActions(quit, {m_backupAction, restore, settings});
    file->insertSeparator(quit);
    m_databaseActions << m_backupAction << restore << settings;

    m_backupsPanel = new BackupsPanel(*m_backup, this);
    m_backupsDock = new QDockWidget(tr("Backups"), this);
    m_backupsDock->setObjectName(QStringLiteral("backupsDock"));
    m_backupsDock->setWidget(m_backupsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_backupsDock);
    m_backupsDock->hide();
    QAction* backupsToggle = m_backupsDock->toggleViewAction();
    backupsToggle->setText(tr("&Backups Panel"));
    backupsToggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key_5));
    view->addAction(backupsToggle);

    m_healthPanel = new HealthPanel(this);
    m_healthDock = new QDockWidget(tr("Health"), this);
    m_healthDock->setObjectName(QStringLiteral("healthDock"));
    m_healthDock->setWidget(m_healthPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_healthDock);
    tabifyDockWidget(m_backupsDock, m_healthDock);
    m_healthDock->hide();
    QAction* healthToggle = m_healthDock->toggleViewAction();
    healthToggle->setText(tr("&Health Panel"));
    healthToggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key_6));
    view->addAction(healthToggle);

    m_health = new HealthController(this, m_healthPanel);
    connect(m_health, &HealthController::panelNeeded, this, [this] {
        m_healthDock->show();
        m_healthDock->raise();
    });
    connect(m_healthPanel, &HealthPanel::rowActivated, this, &MainWindow::showHealthFinding);
    connect(m_healthPanel, &HealthPanel::reviewSqlRequested, this, &MainWindow::reviewSql);

    QMenu* health = menuBar()->addMenu(tr("Hea&lth"));
    auto add = [this, health](const QString& text, void (HealthController::*what)()) {
        QAction* a = health->addAction(text, m_health, what);
        m_databaseActions << a;
        return a;
    };
    add(tr("&Integrity Check"), &HealthController::integrityCheck);
    add(tr("&Quick Check"), &HealthController::quickCheck);
    add(tr("&Foreign Key Check"), &HealthController::foreignKeyCheck);
    add(tr("Validate &Migrations Table"), &HealthController::validateMigrationsTable);
    health->addSeparator();
    add(tr("Database &Statistics"), &HealthController::statistics);
    add(tr("Schema &Advice"), &HealthController::schemaAdvice);
    health->addSeparator();
    add(tr("&VACUUM…"), &HealthController::vacuum);
    add(tr("A&NALYZE"), &HealthController::analyze);
    add(tr("&Optimize"), &HealthController::optimize);
    health->addSeparator();
    QAction* cancel = health->addAction(tr("&Cancel Check"), m_health, &HealthController::cancel);
    connect(health, &QMenu::aboutToShow, this, [this, cancel] { cancel->setEnabled(m_health->isBusy()); });
}

void MainWindow::showHealthFinding(const QString& table, const QVariant& rowid)
{
    if (!m_workspace)
        return;
    m_workspace->openTableFiltered(table, QStringLiteral("rowid"), rowid);
}

void MainWindow::reviewSql(const QString& sql, const QString& title)
{
    if (!m_workspace)
        return;
    // A schema change is reviewed like any other (SQL, schema diff, dry run, apply with backup);
    // anything else (ANALYZE, VACUUM…) goes to the end of the SQL editor, unrun.
    bool isSchemaChange = false;
    if (reviewHealthFix(*m_session, sql, title, m_messages, this, &isSchemaChange) || isSchemaChange)
        return;
    SqlEditorTab* editor = m_workspace->sqlEditor();
    const QString before = editor->text();
    editor->setText(
        (before.trimmed().isEmpty() ? QString() : before + QStringLiteral("\n\n")) +
        QStringLiteral("-- %1 (from Health ▸ Schema Advice; review before running)\n%2\n").arg(title, sql));
    m_workspace->showSqlTab();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = RecentFiles::list();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files.at(i);
        QAction* a =
            m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(path)),
                                    this, [this, path] { openDatabase(path); });
        a->setEnabled(QFileInfo::exists(path));
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu
        ->addAction(tr("Clear List"), this,
                    [this] {
                        RecentFiles::clear();
                        m_welcome->refresh();
                    })
        ->setEnabled(!files.isEmpty());
}

void MainWindow::chooseAndOpen()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("lastOpenDir"), QDir::homePath()).toString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Database"), dir,
        tr("SQLite databases (*.db *.sqlite *.sqlite3 *.db3 *.s3db *.sl3);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastOpenDir"), QFileInfo(path).absolutePath());
    openDatabase(path);
}

bool MainWindow::openDatabase(const QString& path)
{
    auto s = DatabaseSession::open(path);
    if (!s) {
        m_messages->showMessage(MessageBar::Level::Error, s.error().message());
        return false;
    }
    if (m_workspace && !m_workspace->grid()->confirmDropEdits())
        return false; // pending edits on the open database: the person chose to stay
    closeDatabase();
    m_session = std::move(s.value());
    m_backup->setSession(m_session.get());
    m_health->setSession(m_session.get());
    m_backupsPanel->refresh();
    m_workspace = new DatabaseWorkspace(*m_session, this);
    m_stack->addWidget(m_workspace);
    m_stack->setCurrentWidget(m_workspace);
    RecentFiles::add(m_session->path());
    m_welcome->refresh();

    QStringList notes;
    if (m_session->isReadOnly())
        notes << tr("Opened read-only: %1.")
                     .arg(m_session->readOnlyReason().isEmpty() ? tr("as requested")
                                                                : m_session->readOnlyReason());
    if (QFileInfo(m_session->path()).size() == 0)
        notes << tr("The file is empty: SQLite treats it as a new database with no tables.");
    if (!m_session->connection().rawHandleProblem().isEmpty())
        notes << m_session->connection().rawHandleProblem();
    for (const QString& p : m_session->schemaProblems())
        notes << p;
    if (notes.isEmpty())
        m_messages->clear();
    else
        m_messages->showMessage(m_session->schemaProblems().isEmpty() ? MessageBar::Level::Info
                                                                      : MessageBar::Level::Warning,
                                notes.join(QLatin1Char('\n')));
    // Show what was shown last time for this file; else the first table.
    if (!m_workspace->selectObject(DatabaseWorkspace::rememberedObject(m_session->path())) &&
        !m_session->schema().tables.isEmpty())
        m_workspace->selectObject(m_session->schema().tables.first().name);
    updateTitle();
    return true;
}

void MainWindow::closeDatabase()
{
    if (m_workspace) {
        m_stack->removeWidget(m_workspace);
        delete m_workspace;
        m_workspace = nullptr;
    }
    // The controllers' workers hold the file open: they stop before the session goes.
    m_backup->setSession(nullptr);
    m_health->setSession(nullptr);
    m_backupsPanel->refresh();
    m_session.reset();
    m_stack->setCurrentWidget(m_welcome);
    updateTitle();
}

void MainWindow::updateTitle()
{
    const bool open = m_session != nullptr;
    m_closeAction->setEnabled(open);
    m_refreshAction->setEnabled(open);
    for (QAction* a : m_databaseActions)
        a->setEnabled(open);
    if (!open) {
        setWindowTitle(QStringLiteral("Sluice"));
        setWindowFilePath(QString());
        m_modeLabel->clear();
        return;
    }
    setWindowFilePath(m_session->path());
    setWindowTitle(QStringLiteral("%1%2 — Sluice")
                       .arg(QFileInfo(m_session->path()).fileName(),
                            m_session->isReadOnly() ? tr(" [read-only]") : QString()));
    m_modeLabel->setText(m_session->isReadOnly() ? tr("Read-only") : tr("Read-write"));
    m_modeLabel->setToolTip(m_session->isReadOnly() ? m_session->readOnlyReason() : m_session->path());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_workspace && !m_workspace->grid()->confirmDropEdits()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    if (m_workspace)
        m_workspace->saveState();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QMimeData* mime = event->mimeData();
    if (mime->hasUrls() && !mime->urls().isEmpty() && mime->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        event->acceptProposedAction();
        openDatabase(urls.first().toLocalFile());
    }
}

} // namespace sluice::ui
