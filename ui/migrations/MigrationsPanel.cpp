#include "MigrationsPanel.h"

#include "ApplyDialog.h"
#include "DataImpactView.h"
#include "DatabaseRestore.h"
#include "DatabaseSession.h"
#include "DoctorView.h"
#include "MessageBar.h"
#include "MigrationSqlView.h"
#include "MigrationStateStyle.h"
#include "MigrationStatusModel.h"
#include "SchemaDiffView.h"
#include "backup/BackupService.h"
#include "common/SqlTextEdit.h"
#include "drizzle/AppliedMigrations.h"
#include "drizzle/DrizzleProject.h"
#include "drizzle/PendingMigrations.h"
#include "migrate/DrizzlePlanner.h"
#include "migrate/MigrationLint.h"
#include "migrate/PlanRunner.h"
#include "schemaplan/RollbackPlan.h"
#include "schemaplan/SchemaChangeReview.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

QString folderKey(const QString& databasePath)
{
    // A path is no good as a QSettings key ('/' nests groups): key by a stable digest.
    return QStringLiteral("migrationsFolder/") +
           QString::fromLatin1(
               QCryptographicHash::hash(databasePath.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
}

struct ApplyOutcome
{
    QString backupPath;
    qint64 backupMs = 0;
    std::optional<PlanRunResult> run;
    std::optional<DbError> runError; // the run failed after the backup was taken
};

const MigrationStatus kNoStatus;

} // namespace

QString MigrationsPanel::rememberedFolder(const QString& databasePath)
{
    return QSettings().value(folderKey(databasePath)).toString();
}

void MigrationsPanel::rememberFolder(const QString& databasePath, const QString& folder)
{
    QSettings().setValue(folderKey(databasePath), folder);
}

MigrationsPanel::MigrationsPanel(DatabaseSession& session, QWidget* parent)
    : QWidget(parent), m_session(session), m_messages(new MessageBar(this)),
      m_restore(new QPushButton(tr("Restore the pre-migration backup"), this)),
      m_stack(new QStackedWidget(this)), m_noProject(new QWidget(this)), m_noProjectText(new QLabel(this)),
      m_chooseFolder(new QPushButton(tr("Choose Migrations Folder…"), this)),
      m_projectLabel(new QLabel(this)), m_refreshButton(new QToolButton(this)),
      m_folderButton(new QToolButton(this)), m_dryRunButton(new QPushButton(tr("Dry Run"), this)),
      m_applyButton(new QPushButton(tr("Apply Pending…"), this)),
      m_rollbackButton(new QPushButton(tr("Generate Rollback…"), this)),
      m_model(new MigrationStatusModel(this)), m_list(new QListView(this)), m_summary(new QLabel(this)),
      m_reviewTitle(new QLabel(this)), m_reviewTabs(new QTabWidget(this)), m_sql(new MigrationSqlView(this)),
      m_diff(new SchemaDiffView(this)), m_impact(new DataImpactView(this)), m_progressRow(new QWidget(this)),
      m_progress(new QProgressBar(this)), m_progressLabel(new QLabel(this)),
      m_cancel(new QPushButton(tr("Cancel"), this))
{
    // The "no project" page.
    m_noProjectText->setWordWrap(true);
    m_noProjectText->setAlignment(Qt::AlignCenter);
    m_noProjectText->setTextFormat(Qt::RichText);
    m_chooseFolder->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    connect(m_chooseFolder, &QPushButton::clicked, this, &MigrationsPanel::chooseMigrationsFolder);
    auto* np = new QVBoxLayout(m_noProject);
    np->addStretch(1);
    np->addWidget(m_noProjectText);
    np->addSpacing(12);
    np->addWidget(m_chooseFolder, 0, Qt::AlignHCenter);
    np->addStretch(2);

    // The project page: header, status list | review.
    auto* page = new QWidget(this);
    m_projectLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_projectLabel->setTextFormat(Qt::RichText);
    m_refreshButton->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_refreshButton->setToolTip(tr("Refresh the status"));
    m_refreshButton->setAutoRaise(true);
    connect(m_refreshButton, &QToolButton::clicked, this, &MigrationsPanel::refreshStatus);
    m_folderButton->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));
    m_folderButton->setToolTip(tr("Choose another migrations folder for this database"));
    m_folderButton->setAutoRaise(true);
    connect(m_folderButton, &QToolButton::clicked, this, &MigrationsPanel::chooseMigrationsFolder);
    m_dryRunButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_dryRunButton->setToolTip(tr("Rehearse the reviewed migrations on a temporary copy of the database"));
    connect(m_dryRunButton, &QPushButton::clicked, this, &MigrationsPanel::startDryRun);
    m_applyButton->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
    m_applyButton->setToolTip(
        tr("Back up the database, then apply every pending migration in one transaction"));
    connect(m_applyButton, &QPushButton::clicked, this, &MigrationsPanel::applyPending);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(8, 6, 8, 6);
    header->addWidget(m_projectLabel, 1);
    header->addWidget(m_folderButton);
    header->addWidget(m_refreshButton);
    header->addSpacing(8);
    header->addWidget(m_dryRunButton);
    header->addWidget(m_applyButton);
    m_rollbackButton->setToolTip(tr(
        "The SQL that takes the schema back from after these migrations to before them (from the dry run)"));
    m_rollbackButton->setEnabled(false);
    connect(m_rollbackButton, &QPushButton::clicked, this, [this] {
        if (SchemaChangeReview* review = generateRollback())
            review->show();
    });
    header->addWidget(m_rollbackButton);

    m_list->setModel(m_model);
    m_list->setIconSize(QSize(16, 16));
    m_list->setSpacing(2);
    m_list->setUniformItemSizes(false);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAccessibleName(tr("Migrations"));
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MigrationsPanel::onSelectionChanged);
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(4, 2, 4, 2);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addWidget(m_summary);
    leftLayout->addWidget(m_list, 1);

    QFont titleFont = m_reviewTitle->font();
    titleFont.setBold(true);
    m_reviewTitle->setFont(titleFont);
    m_reviewTitle->setContentsMargins(4, 2, 4, 2);
    m_reviewTabs->addTab(m_sql, tr("SQL"));
    m_reviewTabs->addTab(m_diff, tr("Schema"));
    m_reviewTabs->addTab(m_impact, tr("Data impact"));
    m_reviewTabs->setDocumentMode(true);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(4);
    rightLayout->addWidget(m_reviewTitle);
    rightLayout->addWidget(m_reviewTabs, 1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({300, 900});
    split->setChildrenCollapsible(false);

    auto* progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(8, 2, 8, 4);
    progressLayout->addWidget(m_progressLabel);
    progressLayout->addWidget(m_progress, 1);
    progressLayout->addWidget(m_cancel);
    m_progressRow->hide();
    connect(m_cancel, &QPushButton::clicked, this, &MigrationsPanel::cancelJob);

    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(0);
    pageLayout->addLayout(header);
    // The doctor checks the project's files (config, env, compose, Dockerfile), not the migrations.
    m_pageTabs = new QTabWidget(this);
    m_pageTabs->setDocumentMode(true);
    m_doctor = new DoctorView(this);
    m_pageTabs->addTab(split, tr("Migrations"));
    m_pageTabs->addTab(m_doctor, tr("Project doctor"));
    connect(m_doctor, &DoctorView::checked, this, [this](int findings) {
        m_pageTabs->setTabIcon(1, findings ? DoctorView::severityIcon(DoctorView::Severity::Error)
                                           : DoctorView::okIcon());
        m_pageTabs->setTabText(1, findings ? tr("Project doctor (%1)").arg(findings) : tr("Project doctor"));
    });
    pageLayout->addWidget(m_pageTabs, 1);
    pageLayout->addWidget(m_progressRow);

    m_stack->addWidget(m_noProject);
    m_stack->addWidget(page);

    m_restore->setIcon(style()->standardIcon(QStyle::SP_DialogResetButton));
    m_restore->hide();
    connect(m_restore, &QPushButton::clicked, this, &MigrationsPanel::restoreBackup);
    auto* messageRow = new QHBoxLayout;
    messageRow->setContentsMargins(0, 0, 0, 0);
    messageRow->addWidget(m_messages, 1);
    messageRow->addWidget(m_restore, 0, Qt::AlignVCenter);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(messageRow);
    layout->addWidget(m_stack, 1);

    // DDL run elsewhere (the SQL editor) can apply or undo migrations by hand.
    connect(&m_session, &DatabaseSession::schemaChanged, this, [this] {
        if (!isBusy())
            refreshStatus();
    });
    locateProject();
    refreshStatus();
}

MigrationsPanel::~MigrationsPanel()
{
    // Jobs report to this object: stop them before the views go.
    m_worker.reset();
}

DbWorker& MigrationsPanel::worker()
{
    if (!m_worker)
        m_worker = m_session.makeWorker();
    return *m_worker;
}

const MigrationStatus& MigrationsPanel::status() const
{
    return m_model ? m_model->status() : kNoStatus;
}

QString MigrationsPanel::summaryText() const
{
    return m_summary->text();
}

QString MigrationsPanel::defaultBackupFolder() const
{
    return ApplyDialog::defaultBackupFolder(m_session.path(), m_projectDir);
}

void MigrationsPanel::locateProject()
{
    m_projectDir.clear();
    m_migrationsDir.clear();
    m_table = QStringLiteral("__drizzle_migrations");
    m_projectNote.clear();
    const QString dir = findDrizzleProjectDir(m_session.path());
    if (!dir.isEmpty()) {
        auto project = loadDrizzleProject(dir);
        if (project) {
            m_projectDir = project->dir;
            m_migrationsDir = project->migrationsDir;
            m_table = project->migrationsTable;
            m_projectNote = project->notes.join(QLatin1Char('\n'));
        } else {
            m_projectNote = project.error().message();
        }
    }
    // A folder the user chose for this database wins over discovery.
    const QString chosen = rememberedFolder(m_session.path());
    if (!chosen.isEmpty() && QFileInfo(chosen).isDir())
        m_migrationsDir = chosen;
    m_doctor->setProjectDir(m_projectDir);
}

QList<MigrationSource> MigrationsPanel::pendingMigrations() const
{
    QList<MigrationSource> out;
    if (!m_folder)
        return out;
    for (const MigrationStatusItem& i : status().items) {
        if (i.state != MigrationState::Pending)
            continue;
        for (const MigrationSource& m : m_folder->migrations)
            if (m.name == i.name)
                out << m;
    }
    return out;
}

Result<PendingRun> MigrationsPanel::decidePending() const
{
    if (!m_folder)
        return DbError::plain(tr("Deciding which migrations are pending"),
                              tr("the migrations folder cannot be read"));
    auto applied = readAppliedMigrations(m_session.connection(), m_table);
    if (!applied)
        return applied.error();
    return pendingRun(*m_folder, *applied);
}

QList<MigrationSource> MigrationsPanel::pendingPrefixThrough(const QStringList& names) const
{
    // A pending migration can only run after the pending ones before it.
    QList<MigrationSource> out;
    const QList<MigrationSource> pending = pendingMigrations();
    int last = -1;
    for (int i = 0; i < pending.size(); ++i)
        if (names.contains(pending.at(i).name))
            last = i;
    for (int i = 0; i <= last; ++i)
        out << pending.at(i);
    return out;
}

void MigrationsPanel::refreshStatus()
{
    if (m_migrationsDir.isEmpty()) {
        m_folder.reset();
        m_model->setStatus(MigrationStatus());
        m_noProjectText->setText(
            tr("<h3>No Drizzle project found</h3><p>There is no <code>drizzle.config.ts</code> (or .js, "
               ".json) "
               "beside <b>%1</b> or in the folders above it.</p><p>Point Sluice at the migrations folder "
               "drizzle-kit generates (the one with <code>meta/_journal.json</code>, or with one "
               "<code>&lt;timestamp&gt;_name/migration.sql</code> folder per migration for drizzle-kit 1.0) "
               "to see which migrations this database has.</p>")
                .arg(QDir::toNativeSeparators(m_session.path()).toHtmlEscaped()));
        m_stack->setCurrentWidget(m_noProject);
        if (!m_projectNote.isEmpty())
            m_messages->showMessage(MessageBar::Level::Warning, m_projectNote);
        updateActions();
        Q_EMIT statusRefreshed();
        return;
    }
    m_stack->setCurrentIndex(1);
    const QString allPending = QStringLiteral("\x01all");
    QString prevName;
    if (const QModelIndex cur = m_list->currentIndex(); cur.isValid()) {
        const int item = cur.data(MigrationStatusModel::ItemIndexRole).toInt();
        prevName = item < 0 ? allPending : status().items.value(item).name;
    }

    QString where = QDir::toNativeSeparators(m_migrationsDir).toHtmlEscaped();
    if (!m_projectDir.isEmpty())
        m_projectLabel->setText(
            tr("<b>Drizzle project</b> %1<br><span>Migrations: %2 · table <code>%3</code></span>")
                .arg(QDir::toNativeSeparators(m_projectDir).toHtmlEscaped(), where, m_table.toHtmlEscaped()));
    else
        m_projectLabel->setText(
            tr("<b>Migrations folder</b> %1<br>table <code>%2</code>").arg(where, m_table.toHtmlEscaped()));

    auto folder = readMigrationFolder(m_migrationsDir);
    if (!folder) {
        m_folder.reset();
        m_model->setStatus(MigrationStatus());
        m_summary->setText(tr("Cannot read the migrations folder."));
        m_messages->showMessage(MessageBar::Level::Error, folder.error().message());
        updateActions();
        Q_EMIT statusRefreshed();
        return;
    }
    m_folder = folder.value();
    AppliedMigrations applied;
    applied.table = m_table;
    auto rows = readAppliedMigrations(m_session.connection(), m_table);
    if (!rows) {
        m_messages->showMessage(MessageBar::Level::Error, rows.error().message());
    } else {
        applied = rows.value();
    }
    const MigrationStatus st = computeMigrationStatus(*m_folder, applied);
    m_model->setStatus(st);

    QStringList parts;
    parts << tr("%1 applied").arg(st.count(MigrationState::Applied))
          << tr("%1 pending").arg(st.count(MigrationState::Pending));
    for (MigrationState s : {MigrationState::AppliedButEdited, MigrationState::RecordedButMissing,
                             MigrationState::JournalEntryWithoutFile, MigrationState::FileWithoutJournalEntry,
                             MigrationState::OutOfOrder})
        if (int n = st.count(s))
            parts << QStringLiteral("%1 %2").arg(n).arg(migrationStateLabel(s).toLower());
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    m_summary->setToolTip(st.clean() ? tr("Up to date.") : QString());

    QStringList problems;
    if (!m_projectNote.isEmpty())
        problems << m_projectNote;
    for (const FolderProblem& p : st.problems)
        problems << p.message;
    if (rows && !problems.isEmpty())
        m_messages->showMessage(MessageBar::Level::Warning, problems.join(QLatin1Char('\n')));
    else if (rows && m_messages->level() != MessageBar::Level::Info && !m_restore->isVisible())
        m_messages->clear();

    // Keep what was selected; else show the pending migrations; else the newest one.
    QModelIndex select;
    if (prevName == allPending)
        select = m_model->indexOfItem(-1);
    else if (!prevName.isEmpty())
        select = m_model->indexOfName(prevName);
    if (!select.isValid() && st.count(MigrationState::Pending) > 0) {
        select = m_model->indexOfItem(-1);
        if (!select.isValid())
            for (int i = 0; i < st.items.size() && !select.isValid(); ++i)
                if (st.items.at(i).state == MigrationState::Pending)
                    select = m_model->indexOfItem(i);
    }
    if (!select.isValid() && m_model->rowCount() > 0)
        select = m_model->index(m_model->rowCount() - 1);
    if (select.isValid()) {
        m_list->setCurrentIndex(select);
        onSelectionChanged(); // the same row again: the reviewed set may still have changed
    } else {
        showReview({}, false, false);
    }
    updateActions();
    Q_EMIT statusRefreshed();
}

void MigrationsPanel::onSelectionChanged()
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return;
    const int item = current.data(MigrationStatusModel::ItemIndexRole).toInt();
    if (item < 0)
        reviewAllPending();
    else
        reviewItem(item);
}

void MigrationsPanel::reviewAllPending()
{
    if (m_list->currentIndex() != m_model->indexOfItem(-1) && m_model->indexOfItem(-1).isValid()) {
        m_list->setCurrentIndex(m_model->indexOfItem(-1)); // comes back here through the selection
        return;
    }
    const QList<MigrationSource> pending = pendingMigrations();
    if (pending.isEmpty()) {
        showReview({}, false, false);
        m_reviewTitle->setText(tr("Nothing pending: the database has every migration of the folder."));
        return;
    }
    showReview(pending, true, true);
}

void MigrationsPanel::reviewItem(int item)
{
    if (item < 0 || item >= status().items.size())
        return;
    const MigrationStatusItem& i = status().items.at(item);
    if (m_list->currentIndex() != m_model->indexOfItem(item)) {
        m_list->setCurrentIndex(m_model->indexOfItem(item));
        return;
    }
    std::optional<MigrationSource> source;
    if (m_folder)
        for (const MigrationSource& m : m_folder->migrations)
            if (m.name == i.name && !i.name.isEmpty())
                source = m;
    if (!source && !i.path.isEmpty() && QFileInfo(i.path).isFile()) {
        auto read = readDrizzleMigrationFile(i.path, i.name, i.createdAt);
        if (read)
            source = read.value();
    }
    if (!source) {
        showReview({}, false, false);
        m_reviewTitle->setText(QStringLiteral("%1 — %2").arg(
            i.name.isEmpty() ? tr("(row %1)").arg(i.rowid) : i.name, migrationStateLabel(i.state)));
        m_sql->editor()->setText(
            QStringLiteral("-- %1\n-- %2\n").arg(migrationStateExplanation(i.state), i.detail));
        return;
    }
    showReview({*source}, i.state == MigrationState::Pending, i.state == MigrationState::Pending);
    m_reviewTitle->setText(QStringLiteral("%1 — %2").arg(i.name, migrationStateLabel(i.state)));
    m_reviewTitle->setToolTip(migrationStateExplanation(i.state));
}

void MigrationsPanel::showReview(const QList<MigrationSource>& migrations, bool pending, bool startJobs)
{
    QStringList names;
    for (const MigrationSource& m : migrations)
        names << m.name;
    const bool same = names == m_reviewedNames && pending == m_reviewedPending && !names.isEmpty();
    if (same && (m_dryRun || isBusy()))
        return; // already shown (a refresh that changed nothing)
    if (m_jobKind == JobKind::Review)
        abandonJob();
    m_reviewed = migrations;
    m_reviewedNames = names;
    m_reviewedPending = pending;
    m_dryRun.reset();
    m_sql->setMigrations(migrations);
    m_reviewTitle->setToolTip(QString());
    if (migrations.size() > 1)
        m_reviewTitle->setText(
            tr("All %1 pending migrations, in the order they would run").arg(migrations.size()));
    else if (migrations.isEmpty())
        m_reviewTitle->clear();
    if (pending) {
        m_diff->clear(tr("The dry run on a copy of the database shows the schema afterwards."));
        m_impact->clear();
    } else {
        const QString note =
            migrations.isEmpty() ? QString() : tr("Already applied: there is nothing to rehearse.");
        m_diff->clear(note);
        m_impact->clear(note);
    }
    m_reviewJobsWanted = pending && startJobs;
    if (m_reviewJobsWanted && isVisible())
        startReviewJobs();
    updateActions();
}

void MigrationsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_reviewJobsWanted && !isBusy() && !m_dryRun)
        startReviewJobs();
}

void MigrationsPanel::startDryRun()
{
    if (isBusy())
        return;
    if (!m_reviewedPending || m_reviewed.isEmpty()) {
        reviewAllPending();
        if (isBusy() || m_reviewed.isEmpty())
            return;
    }
    startReviewJobs();
}

void MigrationsPanel::startReviewJobs()
{
    if (isBusy() || m_reviewed.isEmpty() || !m_reviewedPending)
        return;
    m_reviewJobsWanted = false;
    const QList<MigrationSource> run = pendingPrefixThrough(m_reviewedNames);
    if (run.isEmpty())
        return;
    const int firstShown = int(run.size() - m_reviewed.size());
    const Schema schema = m_session.schema();
    beginJob(JobKind::Review, tr("Checking the SQL…"));

    // Risk marks, with row counts from the database (full scans: on the worker).
    m_jobs << worker().submit<QList<LintFinding>>(
        this,
        [run, schema](Connection& c, JobControl&) -> Result<QList<LintFinding>> {
            LintOptions options;
            options.data = &c;
            return lintMigrations(run, schema, options);
        },
        [this, firstShown, gen = m_generation](Result<QList<LintFinding>> r) {
            if (!r || gen != m_generation)
                return;
            QList<LintFinding> shown;
            for (LintFinding f : r.value()) {
                if (f.migration < firstShown)
                    continue;
                f.migration -= firstShown;
                shown << f;
            }
            m_sql->setFindings(shown);
            m_progressLabel->setText(tr("Dry run on a copy…"));
        });

    DryRunInput input;
    input.migrations = run;
    input.planOptions.migrationsTable = m_table;
    // The bookkeeping of this folder's drizzle-orm (1.0: name, applied_at, the upgrade of a 0.x table).
    if (auto decided = decidePending())
        input.planOptions = decided->planOptions;
    const QString db = m_session.path();
    m_jobs << worker().submit<DryRunResult>(
        this, [input](Connection& c, JobControl& control) { return runDryRun(c, input, {}, &control); },
        [this, gen = m_generation](Result<DryRunResult> r) {
            if (gen != m_generation)
                return;
            endJob();
            if (!r) {
                if (!r.error().isInterrupted() && r.error().message() != DbWorker::cancelledError().message())
                    m_messages->showMessage(MessageBar::Level::Error,
                                            tr("The dry run could not run: %1").arg(r.error().message()));
                m_impact->clear(
                    tr("The dry run was cancelled or could not run. Press Dry Run to start it again."));
                m_diff->clear(tr("The dry run was cancelled or could not run."));
            } else {
                showDryRun(r.value());
            }
            Q_EMIT reviewFinished();
        },
        [this, gen = m_generation](qint64 done, qint64 total, const QString& what) {
            if (gen == m_generation)
                onProgress(done, total, what);
        });
}

void MigrationsPanel::showDryRun(const DryRunResult& result)
{
    m_dryRun = result;
    if (result.ok && result.planError.isEmpty())
        m_rollbackSource =
            RollbackSource{result.schemaBefore, result.schemaAfter, m_reviewedNames, QString()};
    updateActions();
    m_impact->setResult(result);
    if (!result.planError.isEmpty())
        m_diff->clear(tr("Nothing ran: %1").arg(result.planError));
    else
        m_diff->setDiff(result.schemaDiff);
    if (result.failure) {
        const DryRunFailure& f = *result.failure;
        const QString tip =
            tr("The dry run fails here: %1").arg(f.sqliteMessage.isEmpty() ? f.message : f.sqliteMessage);
        m_sql->markFailure(f.migration, f.line, tip);
        m_messages->showMessage(
            MessageBar::Level::Warning,
            tr("Dry run: these migrations would fail — %1 line %2: %3. The database was not "
               "touched.")
                .arg(f.migration)
                .arg(f.line)
                .arg(f.sqliteMessage.isEmpty() ? f.message : f.sqliteMessage));
    }
}

void MigrationsPanel::applyPending()
{
    if (isBusy())
        return;
    const QList<MigrationSource> pending = pendingMigrations();
    if (pending.isEmpty()) {
        m_messages->showMessage(MessageBar::Level::Info, tr("Nothing to apply: no migration is pending."));
        return;
    }
    QStringList names;
    for (const MigrationSource& m : pending)
        names << m.name;
    ApplyDialog dialog(m_session.path(), names, defaultBackupFolder(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    applyPendingWith(dialog.backupFirst(), dialog.backupFolder());
}

void MigrationsPanel::applyPendingWith(bool backup, const QString& backupFolder)
{
    if (isBusy()) {
        if (m_jobKind != JobKind::Review)
            return;
        abandonJob();
    }
    auto refuse = [this](const QString& why) {
        m_messages->showMessage(MessageBar::Level::Error, tr("Not applied: %1").arg(why));
        Q_EMIT applyFinished(false);
    };
    if (m_session.isReadOnly())
        return refuse(tr("the database is open read-only (%1).").arg(m_session.readOnlyReason()));
    if (!m_folder)
        return refuse(tr("the migrations folder cannot be read."));
    // Decided afresh from the table, exactly as this layout's drizzle-orm decides it.
    auto decided = decidePending();
    if (!decided)
        return refuse(decided.error().message());
    const QList<MigrationSource> pending = decided->pending;
    if (pending.isEmpty())
        return refuse(tr("no migration is pending."));
    if (backup) {
        if (const QString why = ApplyDialog::whyNotUsable(backupFolder); !why.isEmpty())
            return refuse(
                tr("the pre-migration backup cannot be written (%1). Choose another folder or apply "
                   "without a backup.")
                    .arg(why));
    }
    auto plan = DrizzlePlanner::plan(pending, decided->planOptions);
    if (!plan) {
        showApplyError(plan.error(), QString());
        return;
    }
    // Show what is being applied, so a failure can be marked on its statement.
    if (m_reviewedNames.size() != pending.size() || !m_reviewedPending) {
        if (m_model->indexOfItem(-1).isValid()) {
            const QSignalBlocker block(m_list->selectionModel());
            m_list->setCurrentIndex(m_model->indexOfItem(-1));
        }
        showReview(pending, true, false);
    }
    m_restore->hide();
    m_messages->clear();
    beginJob(JobKind::Apply, backup ? tr("Backing up…") : tr("Applying…"));
    const Plan p = plan.value();
    const int count = int(pending.size());
    const MigrationFolder folder = *m_folder;
    const QString table = m_table;
    const QStringList expected = decided->names();
    m_jobs << worker().submit<ApplyOutcome>(
        this,
        [p, backup, backupFolder, folder, table, expected](Connection& c,
                                                           JobControl& control) -> Result<ApplyOutcome> {
            ApplyOutcome out;
            if (backup) {
                QDir().mkpath(backupFolder);
                auto b = BackupService::backup(c, backupFolder, &control);
                if (!b)
                    return b.error();
                out.backupPath = b->path;
                out.backupMs = b->elapsedMs;
            }
            // Another process may have migrated since the status was read: check under the write lock.
            PlanRunOptions options;
            options.afterBegin = [&](Connection& locked) {
                return recheckPending(locked, folder, table, expected);
            };
            auto ran = PlanRunner::run(c, p, &control, options);
            if (ran)
                out.run = ran.value();
            else
                out.runError = ran.error();
            return out;
        },
        [this, count, gen = m_generation](Result<ApplyOutcome> r) {
            if (gen != m_generation)
                return;
            endJob();
            if (!r) {
                showApplyError(r.error(), QString());
                Q_EMIT applyFinished(false);
                return;
            }
            if (r->runError) {
                showApplyError(*r->runError, r->backupPath);
                Q_EMIT applyFinished(false);
                return;
            }
            m_lastBackup = r->backupPath;
            if (m_rollbackSource)
                m_rollbackSource->backupPath = r->backupPath;
            m_reviewed.clear(); // the status changes: review afresh
            m_reviewedNames.clear();
            if (Status s = m_session.reloadSchema(); !s)
                m_messages->showMessage(MessageBar::Level::Warning, s.error().message());
            m_session.notifyDataChanged();
            refreshStatus();
            QString text = tr("Applied %1 in %2 ms (%3 statements).")
                               .arg(count == 1 ? tr("1 migration") : tr("%1 migrations").arg(count))
                               .arg(r->run->elapsedMs)
                               .arg(r->run->statementsRun);
            if (!r->backupPath.isEmpty())
                text += QLatin1Char(' ') +
                        tr("Pre-migration backup: %1").arg(QDir::toNativeSeparators(r->backupPath));
            else
                text += QLatin1Char(' ') + tr("No backup was taken.");
            m_messages->showMessage(MessageBar::Level::Info, text);
            m_restore->setVisible(!r->backupPath.isEmpty());
            updateActions();
            Q_EMIT applyFinished(true);
        },
        [this, gen = m_generation](qint64 done, qint64 total, const QString& what) {
            if (gen == m_generation)
                onProgress(done, total, what);
        });
}

void MigrationsPanel::showApplyError(const DbError& e, const QString& backupPath)
{
    QString migration;
    for (const MigrationSource& m : m_reviewed)
        if (!e.path.isEmpty() && QFileInfo(m.path) == QFileInfo(e.path))
            migration = m.name;
    QString text;
    if (!migration.isEmpty()) {
        text = tr("Applying failed in %1.sql%2: %3")
                   .arg(migration, e.line > 0 ? tr(" line %1").arg(e.line) : QString(),
                        e.sqliteMessage.isEmpty() ? e.explanation : e.sqliteMessage);
        if (!e.statement.isEmpty())
            text += QStringLiteral("\n") + tr("Statement: %1").arg(e.statement.simplified().left(200));
        text += QStringLiteral("\n") + e.message();
        m_sql->markFailure(
            migration, e.line,
            tr("Failed here: %1").arg(e.sqliteMessage.isEmpty() ? e.message() : e.sqliteMessage));
        m_reviewTabs->setCurrentWidget(m_sql);
    } else {
        text = tr("Applying failed: %1").arg(e.message());
    }
    text += QStringLiteral("\n") + tr("The database was not changed.");
    if (!backupPath.isEmpty())
        text +=
            QLatin1Char(' ') + tr("(A backup had been taken: %1)").arg(QDir::toNativeSeparators(backupPath));
    m_messages->showMessage(MessageBar::Level::Error, text);
    // The same migrations are still pending: keep their SQL (and its mark) on screen.
    QStringList names;
    for (const MigrationSource& m : m_reviewed)
        names << m.name;
    m_reviewedNames = names;
    m_reviewedPending = true;
    updateActions();
}

void MigrationsPanel::restoreBackup()
{
    if (isBusy() || m_lastBackup.isEmpty())
        return;
    const QString path = m_lastBackup;
    beginJob(JobKind::Restore, tr("Restoring the backup…"));
    m_jobs << worker().submit<RestoreResult>(
        this,
        [path](Connection& c, JobControl& control) { return restoreDatabaseFromBackup(c, path, &control); },
        [this, path, gen = m_generation](Result<RestoreResult> r) {
            if (gen != m_generation)
                return;
            endJob();
            if (!r) {
                m_messages->showMessage(MessageBar::Level::Error,
                                        tr("Restoring the backup failed: %1").arg(r.error().message()));
                Q_EMIT restoreFinished(false);
                return;
            }
            m_restore->hide();
            m_lastBackup.clear();
            m_reviewed.clear();
            m_reviewedNames.clear();
            if (Status s = m_session.reloadSchema(); !s)
                m_messages->showMessage(MessageBar::Level::Warning, s.error().message());
            m_session.notifyDataChanged();
            refreshStatus();
            m_messages->showMessage(MessageBar::Level::Info,
                                    tr("Restored the database from %1 (%2 pages, %3 ms); quick_check: ok.")
                                        .arg(QDir::toNativeSeparators(path))
                                        .arg(r->pages)
                                        .arg(r->elapsedMs));
            Q_EMIT restoreFinished(true);
        },
        [this, gen = m_generation](qint64 done, qint64 total, const QString& what) {
            if (gen == m_generation)
                onProgress(done, total, what);
        });
}

void MigrationsPanel::chooseMigrationsFolder()
{
    const QString start =
        !m_migrationsDir.isEmpty() ? m_migrationsDir : QFileInfo(m_session.path()).absolutePath();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose Migrations Folder"), start);
    if (dir.isEmpty())
        return;
    rememberFolder(m_session.path(), dir);
    locateProject();
    m_reviewed.clear();
    m_reviewedNames.clear();
    refreshStatus();
}

void MigrationsPanel::cancelJob()
{
    if (m_worker)
        for (JobId id : m_jobs)
            m_worker->cancel(id);
    if (m_jobKind == JobKind::Review)
        m_progressLabel->setText(tr("Cancelling…"));
}

void MigrationsPanel::abandonJob()
{
    if (m_worker)
        for (JobId id : m_jobs)
            m_worker->cancel(id);
    ++m_generation;
    endJob();
}

void MigrationsPanel::beginJob(JobKind kind, const QString& text)
{
    ++m_generation;
    m_jobKind = kind;
    m_jobs.clear();
    m_progressLabel->setText(text);
    m_progress->setRange(0, 0);
    m_cancel->setEnabled(true);
    m_cancel->setToolTip(kind == JobKind::Apply ? tr("Stop: everything done so far is rolled back")
                                                : tr("Stop"));
    m_progressRow->show();
    updateActions();
}

void MigrationsPanel::endJob()
{
    m_jobKind = JobKind::None;
    m_jobs.clear();
    m_progressRow->hide();
    updateActions();
}

void MigrationsPanel::onProgress(qint64 done, qint64 total, const QString& what)
{
    if (total > 0) {
        // QProgressBar holds ints: scale large totals.
        const double f = double(done) / double(total);
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(f * 1000));
    } else {
        m_progress->setRange(0, 0);
    }
    if (!what.isEmpty())
        m_progressLabel->setText(what);
}

void MigrationsPanel::updateActions()
{
    const bool pending = status().count(MigrationState::Pending) > 0;
    m_dryRunButton->setEnabled(!isBusy() && pending);
    m_applyButton->setEnabled(!isBusy() && pending && !m_session.isReadOnly());
    m_applyButton->setToolTip(m_session.isReadOnly()
                                  ? tr("The database is open read-only: %1").arg(m_session.readOnlyReason())
                                  : tr("Back up the database, then apply every pending migration in one "
                                       "transaction"));
    m_refreshButton->setEnabled(!isBusy());
    m_folderButton->setEnabled(!isBusy());
    m_restore->setEnabled(!isBusy());
    m_rollbackButton->setEnabled(!isBusy() && m_rollbackSource.has_value());
}

SchemaChangeReview* MigrationsPanel::generateRollback()
{
    if (!m_rollbackSource)
        return nullptr;
    const RollbackSource& source = *m_rollbackSource;
    const QString names = source.names.join(QStringLiteral(", "));
    SchemaChangeRequest request;
    request.title = tr("Rollback of %1").arg(names.isEmpty() ? tr("the migrations") : names);
    request.target = source.before;
    // Until the migrations run, the rollback can be read but not run (the review says so).
    request.from = source.after;
    request.sourceDescription = tr("the schema before %1; the migrations table keeps their rows")
                                    .arg(names.isEmpty() ? tr("them") : names);
    auto* review = new SchemaChangeReview(m_session, request, window());
    review->setAttribute(Qt::WA_DeleteOnClose);
    review->setRollbackContext(droppedByChange(source.before, source.after, {}), source.backupPath);
    return review;
}

} // namespace sluice::ui
