#include "SchemaChangeReview.h"

#include "DatabaseSession.h"
#include "MessageBar.h"
#include "common/SqlTextEdit.h"
#include "diff/SchemaTextDiff.h"
#include "drizzle/MigrationsLocation.h"
#include "migrations/ApplyDialog.h"
#include "migrations/DataImpactView.h"
#include "migrations/MigrationSqlView.h"
#include "migrations/SchemaDiffView.h"
#include "schema/SchemaReader.h"
#include "schemaplan/PlanScript.h"
#include "schemaplan/RollbackPlan.h"
#include "schemaplan/SchemaChangeApply.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSplitter>
#include <QTabWidget>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

const QString kSourceName = QStringLiteral("schema change");

QString candidateText(const RenameCandidate& c)
{
    QString text =
        c.kind == RenameCandidate::Kind::Table
            ? SchemaChangeReview::tr("Table <b>%1</b> appears and <b>%2</b> disappears: renamed from %2, or "
                                     "dropped and created?")
                  .arg(c.to.toHtmlEscaped(), c.from.toHtmlEscaped())
            : SchemaChangeReview::tr(
                  "Column <b>%1.%2</b> appears and <b>%3</b> disappears: renamed from %3, or "
                  "dropped and created?")
                  .arg(c.table.toHtmlEscaped(), c.to.toHtmlEscaped(), c.from.toHtmlEscaped());
    if (!c.reason.isEmpty())
        text += QStringLiteral(" <i>(%1)</i>").arg(c.reason.toHtmlEscaped());
    return text;
}

bool sameCandidate(const RenameCandidate& a, const RenameCandidate& b)
{
    return a.kind == b.kind && a.table.compare(b.table, Qt::CaseInsensitive) == 0 &&
           a.from.compare(b.from, Qt::CaseInsensitive) == 0 && a.to.compare(b.to, Qt::CaseInsensitive) == 0;
}

bool isAnswered(const RenameHints& hints, const RenameCandidate& c)
{
    if (c.kind == RenameCandidate::Kind::Table)
        return hints.tables.value(c.from.toLower()).compare(c.to, Qt::CaseInsensitive) == 0;
    return hints.columns.value(c.table.toLower())
               .value(c.from.toLower())
               .compare(c.to, Qt::CaseInsensitive) == 0;
}

// What one planning job hands back to the GUI thread.
struct PlanOutcome
{
    // Set by the first job only: the schema the review plans from, and the before/after diff (it
    // does not depend on the rename answers).
    std::optional<Schema> before;
    bool fromLive = true;
    std::optional<SchemaDiff> diff;
    SchemaPlan plan;
    QString error;
    Qt::HANDLE thread = nullptr;
};

} // namespace

SchemaChangeReview::SchemaChangeReview(DatabaseSession& session, const SchemaChangeRequest& request,
                                       QWidget* parent)
    : QDialog(parent), m_session(session), m_request(request), m_hints(request.hints),
      m_messages(new MessageBar(this)), m_summary(new QLabel(this)), m_questionsBox(new QWidget(this)),
      m_questionsLayout(new QVBoxLayout(m_questionsBox)), m_warnings(new QListWidget(this)),
      m_tabs(new QTabWidget(this)), m_sql(new MigrationSqlView(this)), m_diff(new SchemaDiffView(this)),
      m_impact(new DataImpactView(this)), m_progressRow(new QWidget(this)), m_progressLabel(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_dryRunButton(new QPushButton(tr("&Dry Run"), this)), m_apply(new QPushButton(tr("&Apply…"), this)),
      m_copy(new QPushButton(tr("&Copy SQL"), this)), m_save(new QPushButton(tr("&Save SQL…"), this)),
      m_saveMigration(new QPushButton(tr("Save as &Migration…"), this)),
      m_rollback(new QPushButton(tr("Generate &Rollback"), this)),
      m_openBackup(new QPushButton(tr("Show &Backup"), this))
{
    setModal(false);
    setWindowFlag(Qt::WindowMaximizeButtonHint, true);
    setWindowTitle(request.title.isEmpty() ? tr("Review Schema Change") : request.title);
    resize(1000, 720);

    m_path = session.path();
    m_readOnly = session.isReadOnly();
    m_readOnlyReason = session.readOnlyReason();
    m_live = &session;
    // Closing or replacing the database ends its reviews (a running apply is cancelled and rolls back).
    connect(&session, &QObject::destroyed, this, [this] {
        if (m_job != 0 && m_worker)
            m_worker->cancel(m_job);
        if (m_planJob != 0 && m_worker)
            m_worker->cancel(m_planJob);
        m_applying = false;
        close();
    });
    m_before = m_session.schema(); // a rollback's first plan may replace it with request.from

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_messages);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextBrowserInteraction);
    layout->addWidget(m_summary);

    m_questionsLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_questionsBox);

    m_warnings->setMaximumHeight(96);
    m_warnings->setWordWrap(true);
    m_warnings->setToolTip(tr("What the change loses or what may fail, from the planner"));
    layout->addWidget(m_warnings);

    m_tabs->addTab(m_sql, tr("SQL"));
    m_tabs->addTab(m_diff, tr("Schema Before / After"));
    m_tabs->addTab(m_impact, tr("Data Impact"));
    m_impact->setDescribesOneChange(true);
    m_impact->clear(tr("Press Dry Run to rehearse the change on a copy of the database."));
    layout->addWidget(m_tabs, 1);

    auto* progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(m_progressLabel);
    progressLayout->addWidget(m_progress, 1);
    progressLayout->addWidget(m_cancel);
    m_progressRow->hide();
    layout->addWidget(m_progressRow);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_copy);
    buttons->addWidget(m_save);
    buttons->addWidget(m_saveMigration);
    buttons->addWidget(m_rollback);
    buttons->addWidget(m_openBackup);
    buttons->addStretch(1);
    buttons->addWidget(m_dryRunButton);
    buttons->addWidget(m_apply);
    auto* close = new QPushButton(tr("Close"), this);
    buttons->addWidget(close);
    layout->addLayout(buttons);
    m_openBackup->hide();
    m_apply->setDefault(false);
    m_apply->setAutoDefault(false);
    close->setAutoDefault(false);

    m_copy->setToolTip(tr("Copy the change as a script the sqlite3 shell runs as it is"));
    m_save->setToolTip(tr("Save the change as a script for the sqlite3 shell"));
    m_rollback->setToolTip(tr("The reverse change (after → before), and what it cannot bring back"));
    m_dryRunButton->setToolTip(tr("Rehearse the change on a copy of the database: row counts, rows lost"));
    m_apply->setToolTip(applyToolTip());

    connect(m_cancel, &QPushButton::clicked, this, &SchemaChangeReview::cancelJob);
    connect(m_dryRunButton, &QPushButton::clicked, this, &SchemaChangeReview::startDryRun);
    connect(m_apply, &QPushButton::clicked, this, &SchemaChangeReview::apply);
    connect(m_copy, &QPushButton::clicked, this, &SchemaChangeReview::copySql);
    connect(m_save, &QPushButton::clicked, this, &SchemaChangeReview::saveSql);
    connect(m_saveMigration, &QPushButton::clicked, this, &SchemaChangeReview::chooseAndSaveMigration);
    m_saveMigration->setToolTip(saveMigrationToolTip());
    connect(m_rollback, &QPushButton::clicked, this, [this] {
        if (SchemaChangeReview* review = generateRollback())
            review->show();
    });
    connect(m_openBackup, &QPushButton::clicked, this, [this] {
        if (!m_backupPath.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_backupPath).absolutePath()));
    });
    connect(close, &QPushButton::clicked, this, &SchemaChangeReview::reject);

    replan();
}

SchemaChangeReview::~SchemaChangeReview() = default;

DbWorker& SchemaChangeReview::worker()
{
    if (!m_worker)
        m_worker = m_session.makeWorker();
    return *m_worker;
}

QComboBox* SchemaChangeReview::renameQuestion(int question) const
{
    return question >= 0 && question < m_questionCombos.size() ? m_questionCombos.at(question) : nullptr;
}

void SchemaChangeReview::setRollbackContext(const QStringList& notRestorable, const QString& backupPath)
{
    m_notRestorable = notRestorable;
    m_rollbackBackup = backupPath;
    if (!isPlanning()) // otherwise the plan shows them when it comes
        showPlan();
}

void SchemaChangeReview::answerRename(int question, bool renamed)
{
    if (question < 0 || question >= m_questions.size() || isBusy() || m_applied)
        return;
    const RenameCandidate c = m_questions.at(question);
    if (renamed) {
        // One name can be renamed into one other only: a question about the same disappearing or the
        // same appearing name is answered "dropped and created" by this answer.
        for (int i = 0; i < m_questions.size(); ++i) {
            const RenameCandidate& other = m_questions.at(i);
            if (i == question || other.kind != c.kind ||
                other.table.compare(c.table, Qt::CaseInsensitive) != 0)
                continue;
            if (other.from.compare(c.from, Qt::CaseInsensitive) != 0 &&
                other.to.compare(c.to, Qt::CaseInsensitive) != 0)
                continue;
            if (other.kind == RenameCandidate::Kind::Table) {
                m_hints.tables.remove(other.from.toLower());
            } else if (m_hints.columns.contains(other.table.toLower())) {
                m_hints.columns[other.table.toLower()].remove(other.from.toLower());
                if (m_hints.columns.value(other.table.toLower()).isEmpty())
                    m_hints.columns.remove(other.table.toLower());
            }
            if (QComboBox* combo = renameQuestion(i)) {
                const QSignalBlocker block(combo);
                combo->setCurrentIndex(1);
            }
        }
    }
    if (c.kind == RenameCandidate::Kind::Table) {
        if (renamed)
            m_hints.tables.insert(c.from.toLower(), c.to);
        else
            m_hints.tables.remove(c.from.toLower());
    } else {
        QMap<QString, QString>& columns = m_hints.columns[c.table.toLower()];
        if (renamed)
            columns.insert(c.from.toLower(), c.to);
        else
            columns.remove(c.from.toLower());
        if (columns.isEmpty())
            m_hints.columns.remove(c.table.toLower());
    }
    if (QComboBox* combo = renameQuestion(question)) {
        const QSignalBlocker block(combo);
        combo->setCurrentIndex(renamed ? 0 : 1);
    }
    // An earlier dry run was of the other plan.
    m_dryRun.reset();
    m_impact->clear(tr("The plan changed: press Dry Run to rehearse it."));
    replan();
}

void SchemaChangeReview::replan()
{
    // Like the table designer: the plan is computed on the worker, each request numbered, and only
    // the newest one's result is shown (two quick answers never end on the first answer's plan).
    if (m_planJob != 0)
        m_worker->cancel(m_planJob); // dropped if still queued; a running plan just finishes unseen
    const quint64 generation = ++m_planGeneration;
    SchemaPlanOptions options;
    options.columnOrderMatters = m_request.columnOrderMatters;
    const bool first = !m_startKnown;
    const Schema before = m_before;
    const std::optional<Schema> from = first ? m_request.from : std::nullopt;
    const Schema target = m_request.target;
    const RenameHints hints = m_hints;
    m_planJob = worker().submit<PlanOutcome>(
        this,
        [first, before, from, target, hints, options](Connection&, JobControl&) -> Result<PlanOutcome> {
            PlanOutcome out;
            out.thread = QThread::currentThreadId();
            Schema start = before;
            if (first) {
                if (from) {
                    // The rollback of a change that has not run yet: shown from the schema the change
                    // leads to. Once the database has that schema (the change was applied meanwhile),
                    // plan from it as usual.
                    auto same = planSchemaChange(before, *from, {}, {});
                    out.fromLive = same && same->isEmpty();
                    if (!out.fromLive)
                        start = *from;
                }
                out.before = start;
                out.diff = diffSchemas(start, target);
            }
            auto planned = planSchemaChange(start, target, hints, options);
            if (planned)
                out.plan = planned.value();
            else
                out.error = planned.error().message();
            return out;
        },
        [this, generation](Result<PlanOutcome> r) {
            if (generation != m_planGeneration)
                return; // a later answer's plan is on its way
            m_planJob = 0;
            if (!r) {
                // The worker could not start (its connection did not open): say so as the plan's error.
                m_plan = SchemaPlan();
                m_planError = r.error().message();
            } else {
                if (r->before) {
                    m_before = *r->before;
                    m_fromLive = r->fromLive;
                    m_startKnown = true;
                }
                if (r->diff)
                    m_diff->setDiff(*r->diff);
                m_planThread = r->thread;
                if (r->error.isEmpty()) {
                    m_plan = r->plan;
                    m_planError.clear();
                    // Questions are kept once asked (answering one removes it from the next plan's
                    // candidates), and new ones are added (a renamed table can raise questions about
                    // its columns).
                    for (const RenameCandidate& c : m_plan.renameCandidates) {
                        bool known = false;
                        for (const RenameCandidate& q : m_questions)
                            known = known || sameCandidate(c, q);
                        if (!known)
                            m_questions << c;
                    }
                } else {
                    m_plan = SchemaPlan();
                    m_planError = r->error;
                }
            }
            rebuildQuestions();
            showPlan();
            Q_EMIT planned();
        });
    showPlanning();
}

void SchemaChangeReview::showPlanning()
{
    // The previous plan stays readable but greyed out, and every action that would use it waits.
    if (m_plan.isEmpty() && m_planError.isEmpty()) {
        m_sql->clear();
        m_sql->editor()->setText(tr("-- Planning the change…\n"));
    }
    m_sql->setEnabled(false);
    m_warnings->setEnabled(false);
    m_summary->setText(tr("<i>Planning the change…</i>"));
    updateActions();
}

void SchemaChangeReview::rebuildQuestions()
{
    // Rows are only ever added: this runs from inside a combo box's signal when an answer re-plans,
    // so the existing rows (and that combo box) must stay alive.
    if (m_questionCombos.isEmpty() && !m_questions.isEmpty()) {
        auto* title = new QLabel(tr("<b>Renames Sluice cannot guess</b> — answer each one; the SQL follows:"),
                                 m_questionsBox);
        m_questionsLayout->addWidget(title);
    }
    for (int i = int(m_questionCombos.size()); i < m_questions.size(); ++i) {
        const RenameCandidate& c = m_questions.at(i);
        auto* row = new QWidget(m_questionsBox);
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(12, 0, 0, 0);
        auto* text = new QLabel(candidateText(c), row);
        text->setTextFormat(Qt::RichText);
        text->setWordWrap(true); // the planner's reason can be long: wrap rather than clip it
        auto* combo = new QComboBox(row);
        combo->addItem(tr("Renamed from %1 (its values are kept)").arg(c.from));
        combo->addItem(tr("Dropped and created (the values of %1 are lost)").arg(c.from));
        combo->setCurrentIndex(isAnswered(m_hints, c) ? 0 : 1);
        connect(combo, &QComboBox::currentIndexChanged, this,
                [this, i](int index) { answerRename(i, index == 0); });
        rowLayout->addWidget(text, 1);
        rowLayout->addWidget(combo);
        m_questionsLayout->addWidget(row);
        m_questionCombos << combo;
    }
    m_questionsBox->setVisible(!m_questions.isEmpty());
}

QStringList SchemaChangeReview::lossWarningsFor(const PlanStatement& statement) const
{
    // The planner words what is lost per table in its warnings; a statement's are those naming a
    // table the statement touches (a rebuild's copy names the table, not the columns it leaves out).
    static const QRegularExpression quoted(QStringLiteral("\"((?:[^\"]|\"\")+)\""));
    static const QRegularExpression loss(QStringLiteral("\\b(lost|lose|loses|dropped|deleted)\\b"),
                                         QRegularExpression::CaseInsensitiveOption);
    QStringList tables;
    for (auto it = quoted.globalMatch(statement.sql); it.hasNext();) {
        const QString name = it.next().captured(1).replace(QStringLiteral("\"\""), QStringLiteral("\""));
        if (m_before.table(name) || m_request.target.table(name))
            tables << name;
    }
    QStringList out;
    for (const QString& warning : m_plan.warnings) {
        if (!loss.match(warning).hasMatch())
            continue;
        for (const QString& table : std::as_const(tables)) {
            const QRegularExpression word(
                QStringLiteral("(^|[\\s\"'`(])%1([.\\s\"'`:,)]|$)").arg(QRegularExpression::escape(table)),
                QRegularExpression::CaseInsensitiveOption);
            if (word.match(warning).hasMatch()) {
                out << warning;
                break;
            }
        }
    }
    return out;
}

QStringList SchemaChangeReview::dataLosses() const
{
    QStringList losses;
    for (const PlanStatement& s : m_plan.plan.statements)
        if (s.losesData)
            losses << (s.description.isEmpty() ? s.sql.simplified().left(120) : s.description);
    return losses;
}

void SchemaChangeReview::showPlan()
{
    // The SQL view: each statement under a comment saying what it does, so the margin marks and the
    // failure marks land on the statement itself.
    QString text;
    int line = 1;
    auto append = [&](const QString& chunk) {
        text += chunk;
        line += int(chunk.count(QLatin1Char('\n')));
    };
    m_statementLines.clear();
    QList<LintFinding> findings;
    if (m_plan.plan.foreignKeysOff)
        append(tr(
            "-- Foreign keys are turned off before BEGIN and checked before COMMIT (table rebuilds).\n\n"));
    for (const PlanStatement& s : m_plan.plan.statements) {
        if (!s.description.isEmpty())
            append(QStringLiteral("-- %1\n").arg(s.description));
        m_statementLines << line;
        if (s.losesData) {
            LintFinding f;
            f.line = line;
            f.severity = LintSeverity::Danger;
            f.code = QStringLiteral("loses-data");
            f.title = s.description.isEmpty() ? tr("This statement loses data") : s.description;
            const QStringList what = lossWarningsFor(s);
            f.explanation =
                (what.isEmpty() ? QString() : what.join(QLatin1Char(' ')) + QLatin1Char(' ')) +
                tr("The data it removes is gone after Apply; only the pre-change backup keeps it.");
            findings << f;
        }
        append(s.sql.trimmed() + QStringLiteral(";\n\n"));
    }
    MigrationSource source;
    source.name = kSourceName;
    source.sql = text;
    source.chunks = QStringList{text};
    m_sql->setMigrations({source});
    m_sql->setFindings(findings);

    m_warnings->clear();
    for (const QString& w : m_plan.warnings)
        m_warnings->addItem(w);
    for (const QString& n : m_plan.plan.notes)
        m_warnings->addItem(n);
    for (const QString& what : m_notRestorable)
        m_warnings->addItem(
            tr("Cannot bring back %1: the forward change dropped it; its data is only in the pre-change "
               "backup%2.")
                .arg(what, m_rollbackBackup.isEmpty()
                               ? QString()
                               : QStringLiteral(" (%1)").arg(QDir::toNativeSeparators(m_rollbackBackup))));
    m_warnings->setVisible(m_warnings->count() > 0);
    m_sql->setEnabled(true);
    m_warnings->setEnabled(true);

    QString summary;
    const QString source2 = m_request.sourceDescription.isEmpty()
                                ? QString()
                                : tr(" to match <b>%1</b>").arg(m_request.sourceDescription.toHtmlEscaped());
    const QString db = QFileInfo(m_path).fileName().toHtmlEscaped();
    if (!m_planError.isEmpty()) {
        summary = tr("No plan: %1").arg(m_planError.toHtmlEscaped());
    } else if (m_plan.isEmpty()) {
        summary = tr("No change: <b>%1</b> already has this schema%2.").arg(db, source2);
    } else {
        summary =
            tr("Changing <b>%1</b>%2: %3 statement(s)").arg(db, source2).arg(m_plan.plan.statements.size());
        const QStringList losses = dataLosses();
        if (!losses.isEmpty())
            summary +=
                QStringLiteral(", <span style='color:#d13b3b'><b>%1</b></span>")
                    .arg(losses.size() == 1 ? tr("1 loses data") : tr("%1 lose data").arg(losses.size()));
        summary += QLatin1Char('.');
    }
    if (!m_fromLive)
        summary +=
            QStringLiteral("<br>") +
            tr("This plan starts from the schema after the change, which the database does not have yet: "
               "apply the change first, then review its rollback again to run it.");
    if (!m_rollbackBackup.isEmpty())
        summary +=
            QStringLiteral("<br>") + tr("Pre-change backup: <a href=\"%1\">%2</a>")
                                         .arg(QUrl::fromLocalFile(m_rollbackBackup).toString(),
                                              QDir::toNativeSeparators(m_rollbackBackup).toHtmlEscaped());
    m_summary->setText(summary);
    m_summary->setOpenExternalLinks(true);
    updateActions();
}

QString SchemaChangeReview::applyToolTip() const
{
    return tr("Back up the database, then run the change in one transaction");
}

QString SchemaChangeReview::saveMigrationToolTip() const
{
    return tr("Write the change into the Drizzle migrations folder as the next custom migration");
}

void SchemaChangeReview::updateActions()
{
    // While planning, m_plan is the previous plan: nothing may run, copy or save it.
    const bool hasPlan = !isPlanning() && m_planError.isEmpty() && !m_plan.isEmpty();
    const bool canRun = hasPlan && m_fromLive && !m_applied && !isBusy();
    m_dryRunButton->setEnabled(canRun);
    // Blockers (triggers or views the change would leave broken) must be resolved first: the plan
    // would apply, and then fail whenever they fire or are read.
    const bool blocked = hasPlan && m_plan.needsAttention();
    m_apply->setEnabled(canRun && !m_readOnly && !blocked);
    // The tooltip says why Apply is disabled, and goes back to what it does once it no longer is.
    if (m_readOnly)
        m_apply->setToolTip(tr("The database is open read-only (%1).").arg(m_readOnlyReason));
    else if (blocked)
        m_apply->setToolTip(tr("Not possible as planned: %1").arg(m_plan.blockers.first()));
    else
        m_apply->setToolTip(applyToolTip());
    m_copy->setEnabled(hasPlan);
    m_save->setEnabled(hasPlan);
    m_saveMigration->setEnabled(hasPlan && !blocked);
    m_saveMigration->setToolTip(blocked ? tr("Not possible as planned: %1").arg(m_plan.blockers.first())
                                        : saveMigrationToolTip());
    m_rollback->setEnabled(hasPlan && !isBusy());
    for (QComboBox* combo : std::as_const(m_questionCombos))
        combo->setEnabled(!isBusy() && !m_applied);
    m_openBackup->setVisible(!m_backupPath.isEmpty());
}

QString SchemaChangeReview::sqliteScript() const
{
    QString header = QStringLiteral("-- %1\n").arg(windowTitle());
    if (!m_request.sourceDescription.isEmpty())
        header += QStringLiteral("-- Target: %1\n").arg(m_request.sourceDescription);
    header += QStringLiteral("-- Database: %1\n").arg(m_path);
    return renderSqliteScript(m_plan.plan, header);
}

void SchemaChangeReview::copySql()
{
    if (isPlanning())
        return;
    QApplication::clipboard()->setText(sqliteScript());
    m_messages->showMessage(MessageBar::Level::Info,
                            tr("Copied the script (for the sqlite3 shell: sqlite3 app.db < change.sql)."));
}

void SchemaChangeReview::saveSql()
{
    if (isPlanning())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save SQL"), QFileInfo(m_path).absolutePath(),
                                                      tr("SQL scripts (*.sql);;All files (*)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(sqliteScript().toUtf8()) < 0 || !file.commit()) {
        m_messages->showMessage(MessageBar::Level::Error,
                                tr("Could not save %1: %2. Nothing was written; choose another place.")
                                    .arg(QDir::toNativeSeparators(path), file.errorString()));
        return;
    }
    m_messages->showMessage(MessageBar::Level::Info, tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
}

QString SchemaChangeReview::defaultMigrationsFolder() const
{
    auto location = locateMigrations(m_path, {}, {}, false);
    return location && QFileInfo(location->migrationsDir).isDir() ? location->migrationsDir : QString();
}

Result<SavedMigration> SchemaChangeReview::saveAsMigration(const QString& migrationsFolder,
                                                           const QString& name)
{
    if (isPlanning())
        return DbError::plain(QStringLiteral("Saving as a migration"),
                              QStringLiteral("the plan is being updated"),
                              QStringLiteral("Wait for the new plan to be shown, then save it."));
    if (m_plan.isEmpty())
        return DbError::plain(QStringLiteral("Saving as a migration"),
                              QStringLiteral("there is nothing to save"),
                              QStringLiteral("The database already has the target schema."));
    if (m_plan.needsAttention())
        return DbError::plain(QStringLiteral("Saving as a migration"), m_plan.blockers.first(),
                              QStringLiteral("Change the target so the trigger or view no longer needs "
                                             "what the change removes, then review it again."));
    return saveCustomMigration(migrationsFolder, name, renderDrizzleMigration(m_plan.plan));
}

void SchemaChangeReview::chooseAndSaveMigration()
{
    QString folder = defaultMigrationsFolder();
    if (folder.isEmpty()) {
        folder = QFileDialog::getExistingDirectory(this, tr("Drizzle Migrations Folder"),
                                                   QFileInfo(m_path).absolutePath());
        if (folder.isEmpty())
            return;
    }
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Save as Migration"),
                              tr("Name of the migration in %1:").arg(QDir::toNativeSeparators(folder)),
                              QLineEdit::Normal, QStringLiteral("schema_change"), &ok)
            .trimmed();
    if (!ok || name.isEmpty())
        return;
    auto saved = saveAsMigration(folder, name);
    if (!saved) {
        m_messages->showMessage(MessageBar::Level::Error, tr("Not saved: %1").arg(saved.error().message()));
        return;
    }
    m_messages->showMessage(
        MessageBar::Level::Info,
        tr("Saved as migration %1 (%2). Apply it from the Migrations tab, so that it is recorded as "
           "applied; drizzle-orm's migrator runs it on the other databases.")
            .arg(saved->tag, QDir::toNativeSeparators(saved->sqlPath)));
}

void SchemaChangeReview::beginJob(const QString& text)
{
    m_progressLabel->setText(text);
    m_progress->setRange(0, 0);
    m_cancel->setEnabled(true);
    m_progressRow->show();
}

void SchemaChangeReview::endJob()
{
    m_job = 0;
    m_applying = false;
    m_progressRow->hide();
    updateActions();
}

void SchemaChangeReview::onProgress(qint64 done, qint64 total, const QString& what)
{
    if (total > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000.0 * double(done) / double(total)));
    } else {
        m_progress->setRange(0, 0);
    }
    if (!what.isEmpty())
        m_progressLabel->setText(what);
}

void SchemaChangeReview::cancelJob()
{
    if (m_job != 0 && m_worker) {
        m_worker->cancel(m_job);
        m_progressLabel->setText(tr("Cancelling…"));
        m_cancel->setEnabled(false);
    }
}

void SchemaChangeReview::startDryRun()
{
    if (!m_live || isBusy() || isPlanning() || m_plan.isEmpty() || !m_fromLive || m_applied)
        return;
    DryRunInput input;
    input.plan = m_plan.plan;
    DryRunOptions options;
    options.simulateDrizzle = false; // a generated plan: no drizzle migrator replays it
    m_dryRun.reset();
    m_impact->clear(tr("Dry run on a copy…"));
    m_messages->clear();
    beginJob(tr("Dry run on a copy…"));
    m_job = worker().submit<DryRunResult>(
        this,
        [input, options](Connection& c, JobControl& control) {
            return runDryRun(c, input, options, &control);
        },
        [this](Result<DryRunResult> r) {
            endJob();
            if (!r) {
                m_impact->clear(
                    tr("The dry run was cancelled or could not run. Press Dry Run to start it again."));
                if (!r.error().isInterrupted() && r.error().message() != DbWorker::cancelledError().message())
                    m_messages->showMessage(MessageBar::Level::Error, r.error().message());
                Q_EMIT dryRunFinished(false);
                return;
            }
            m_dryRun = r.value();
            m_impact->setResult(*m_dryRun);
            m_tabs->setCurrentWidget(m_impact);
            if (m_dryRun->failure) {
                const DryRunFailure& f = *m_dryRun->failure;
                const QString why = f.sqliteMessage.isEmpty() ? f.message : f.sqliteMessage;
                if (f.statement >= 0 && f.statement < m_statementLines.size())
                    m_sql->markFailure(kSourceName, m_statementLines.at(f.statement),
                                       tr("The dry run fails here: %1").arg(why));
                m_messages->showMessage(
                    MessageBar::Level::Warning,
                    tr("Dry run: this change would fail — %1. The database was not touched.").arg(why));
            }
            Q_EMIT dryRunFinished(m_dryRun->ok);
        },
        [this](qint64 done, qint64 total, const QString& what) { onProgress(done, total, what); });
}

void SchemaChangeReview::apply()
{
    if (isBusy() || isPlanning() || m_plan.isEmpty() || !m_fromLive || m_applied || m_plan.needsAttention())
        return;
    ApplyDialog dialog(m_path, {windowTitle()}, ApplyDialog::defaultBackupFolder(m_path, {}), this,
                       ApplyDialog::Subject::SchemaChange);
    if (dialog.exec() != QDialog::Accepted)
        return;
    bool confirmLoss = false;
    const QStringList losses = dataLosses();
    if (!losses.isEmpty()) {
        QMessageBox box(QMessageBox::Warning, tr("This Change Loses Data"),
                        tr("Applying this change permanently removes:"), QMessageBox::Cancel, this);
        box.setInformativeText(QStringLiteral("• ") + losses.join(QStringLiteral("\n• ")) +
                               (dialog.backupFirst() ? tr("\n\nThe data stays only in the pre-change backup.")
                                                     : tr("\n\nNo backup will be taken.")));
        QPushButton* go = box.addButton(tr("Apply and Lose This Data"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != go)
            return;
        confirmLoss = true;
    }
    applyWith(dialog.backupFirst(), dialog.backupFolder(), confirmLoss);
}

void SchemaChangeReview::applyWith(bool backup, const QString& backupFolder, bool confirmLoss)
{
    if (isBusy() || m_applied)
        return;
    auto refuse = [this](const QString& why) {
        m_messages->showMessage(MessageBar::Level::Error, tr("Not applied: %1").arg(why));
        Q_EMIT applyFinished(false);
    };
    if (isPlanning())
        return refuse(tr("the plan is being updated; apply once the new plan is shown."));
    if (!m_planError.isEmpty())
        return refuse(m_planError);
    if (m_plan.isEmpty())
        return refuse(tr("there is nothing to change."));
    if (m_plan.needsAttention())
        return refuse(m_plan.blockers.first());
    if (!m_fromLive)
        return refuse(tr("this plan starts from a schema the database does not have yet."));
    if (!m_live)
        return refuse(tr("the database was closed."));
    if (m_readOnly)
        return refuse(tr("the database is open read-only (%1).").arg(m_readOnlyReason));
    if (!dataLosses().isEmpty() && !confirmLoss)
        return refuse(tr("this change loses data (%1) and that was not confirmed.")
                          .arg(dataLosses().join(QStringLiteral("; "))));
    if (backup) {
        if (const QString why = ApplyDialog::whyNotUsable(backupFolder); !why.isEmpty())
            return refuse(tr("the pre-change backup cannot be written (%1). Choose another folder or apply "
                             "without a backup.")
                              .arg(why));
    }
    m_messages->clear();
    m_applying = true;
    beginJob(backup ? tr("Backing up…") : tr("Applying…"));
    const SchemaPlan plan = m_plan;
    const Schema plannedFrom = m_before;
    SchemaChangeApplyOptions options;
    if (backup)
        options.backupFolder = backupFolder;
    m_job = worker().submit<SchemaChangeApplied>(
        this,
        [plan, plannedFrom, options](Connection& c, JobControl& control) {
            return applySchemaPlan(c, plan, plannedFrom, options, &control);
        },
        [this](Result<SchemaChangeApplied> r) {
            endJob();
            if (!r) {
                // A backup taken before the failure is named in the error's hint.
                showApplyError(r.error());
                Q_EMIT applyFinished(false);
                return;
            }
            m_applied = true;
            m_backupPath = r->backupPath;
            m_appliedBefore = m_before;
            if (!m_live)
                return;
            if (Status s = m_session.reloadSchema(); !s)
                m_messages->showMessage(MessageBar::Level::Warning, s.error().message());
            m_session.notifyDataChanged();
            QString text =
                tr("Applied in %1 ms (%2 statements).").arg(r->run.elapsedMs).arg(r->run.statementsRun);
            if (!r->backupPath.isEmpty())
                text += QLatin1Char(' ') +
                        tr("Pre-change backup: %1").arg(QDir::toNativeSeparators(r->backupPath));
            else
                text += QLatin1Char(' ') + tr("No backup was taken.");
            m_messages->showMessage(MessageBar::Level::Info, text);
            updateActions();
            Q_EMIT applyFinished(true);
        },
        [this](qint64 done, qint64 total, const QString& what) { onProgress(done, total, what); });
}

void SchemaChangeReview::showApplyError(const DbError& e)
{
    int failed = -1;
    for (int i = 0; i < m_plan.plan.statements.size() && !e.statement.isEmpty(); ++i)
        if (m_plan.plan.statements.at(i).sql.trimmed() == e.statement.trimmed())
            failed = i;
    QString text = tr("Applying failed: %1").arg(e.message());
    if (failed >= 0) {
        m_sql->markFailure(
            kSourceName, m_statementLines.at(failed),
            tr("Failed here: %1").arg(e.sqliteMessage.isEmpty() ? e.message() : e.sqliteMessage));
        m_tabs->setCurrentWidget(m_sql);
    }
    text += QStringLiteral("\n") + tr("The database was not changed.");
    m_messages->showMessage(MessageBar::Level::Error, text);
}

SchemaChangeReview* SchemaChangeReview::generateRollback()
{
    if (!m_live || isPlanning() || !m_planError.isEmpty() || m_plan.isEmpty())
        return nullptr;
    SchemaChangeRequest request;
    request.title = tr("Rollback of: %1").arg(windowTitle());
    request.target = m_before;
    request.hints = invertRenameHints(m_hints, m_before);
    request.columnOrderMatters = m_request.columnOrderMatters;
    request.sourceDescription = tr("the schema before the change");
    if (!m_applied)
        request.from = m_request.target;
    auto* review = new SchemaChangeReview(m_session, request, parentWidget());
    review->setAttribute(Qt::WA_DeleteOnClose);
    review->setRollbackContext(droppedByChange(m_before, m_request.target, m_hints), m_backupPath);
    return review;
}

void SchemaChangeReview::reject()
{
    if (m_applying) {
        m_messages->showMessage(
            MessageBar::Level::Warning,
            tr("The change is being applied: wait for it, or press Cancel to roll it back."));
        return;
    }
    QDialog::reject();
}

void SchemaChangeReview::closeEvent(QCloseEvent* event)
{
    if (m_applying) {
        event->ignore();
        reject();
        return;
    }
    QDialog::closeEvent(event);
}

} // namespace sluice::ui
