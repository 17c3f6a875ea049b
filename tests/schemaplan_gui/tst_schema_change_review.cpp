// The schema change review on real files, offscreen: what it shows (data-loss marks, rename
// questions, warnings), what its buttons do (dry run, apply with a verified backup, rollback), and
// the ways into it from the main window (Compare Schema With…, Check Drift, Health's Review Fix).
#include "DatabaseSession.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "PlanTestSupport.h"
#include "RecentFiles.h"
#include "TestSupport.h"
#include "UiApplication.h"
#include "common/SqlTextEdit.h"
#include "health/HealthPanel.h"
#include "health/HealthReport.h"
#include "health/SchemaAdvice.h"
#include "migrate/Plan.h"
#include "migrations/ApplyDialog.h"
#include "migrations/DataImpactView.h"
#include "migrations/MigrationSqlView.h"
#include "migrations/SchemaDiffView.h"
#include "schemaplan/SchemaChangeReview.h"
#include "schemaplan/SchemaReviewLaunch.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace sluice;
using namespace sluice::test;
using namespace sluice::ui;

// The review plans on its worker: wait until the plan asked for last (the constructor's or an
// answer's) is shown.
#define WAIT_FOR_PLAN(review) QTRY_VERIFY_WITH_TIMEOUT(!(review).isPlanning(), 30000)

namespace {

std::unique_ptr<DatabaseSession> openSession(const QString& db)
{
    auto s = DatabaseSession::open(db);
    if (!s)
        qFatal("%s", qPrintable(s.error().message()));
    return std::move(s.value());
}

QString planSql(const SchemaChangeReview& review)
{
    return planText(review.plan().plan);
}

Schema liveSchema(const QString& db)
{
    auto c = Connection::open(db);
    if (!c)
        qFatal("%s", qPrintable(c.error().message()));
    return schemaOfDb(*c.value());
}

// Apply, Dry Run, Save as Migration, Copy SQL and Save SQL: what acts on the plan shown.
QList<QPushButton*> planActions(const SchemaChangeReview& review)
{
    return {review.applyButton(), review.dryRunButton(), review.saveMigrationButton(), review.copySqlButton(),
            review.saveSqlButton()};
}

bool anyEnabled(const QList<QPushButton*>& buttons)
{
    return std::any_of(buttons.begin(), buttons.end(), [](QPushButton* b) { return b->isEnabled(); });
}

QList<SchemaChangeReview*> openReviews()
{
    QList<SchemaChangeReview*> out;
    for (QWidget* w : QApplication::topLevelWidgets())
        if (auto* r = qobject_cast<SchemaChangeReview*>(w); r && r->isVisible())
            out << r;
    return out;
}

void closeReviews()
{
    for (SchemaChangeReview* r : openReviews())
        r->close();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

} // namespace

class TestSchemaChangeReview : public QObject
{
    Q_OBJECT

    TempDir m_dir;
    int m_n = 0;

    QString usersDb()
    {
        return m_dir.makeDb(
            QStringLiteral("u%1.db").arg(++m_n),
            QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, nickname "
                           "TEXT);"
                           "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"
                           "INSERT INTO users VALUES (1,'ada','a'),(2,'grace','g'),(3,'alan',NULL);"
                           "INSERT INTO audit VALUES (1,'x'),(2,'y');"));
    }

    // A copy of the blog fixture's project with a database built from its migrations.
    QString blogProject(const QString& name)
    {
        const QString source = sourceDir() + QStringLiteral("/tests/fixtures/drizzle/blog");
        const QString project = m_dir.path(name);
        QDir().mkpath(project + QStringLiteral("/drizzle/meta"));
        QFile::copy(source + QStringLiteral("/drizzle.config.ts"),
                    project + QStringLiteral("/drizzle.config.ts"));
        QString all;
        for (const QString& sub : {QStringLiteral("drizzle"), QStringLiteral("drizzle/meta")}) {
            const QDir from(source + QLatin1Char('/') + sub);
            for (const QString& f : from.entryList(QDir::Files, QDir::Name)) {
                if (!QFile::copy(from.filePath(f), project + QLatin1Char('/') + sub + QLatin1Char('/') + f))
                    qFatal("cannot copy %s", qPrintable(f));
                if (f.endsWith(QStringLiteral(".sql"))) {
                    QFile file(from.filePath(f));
                    if (!file.open(QIODevice::ReadOnly))
                        qFatal("cannot read %s", qPrintable(f));
                    all += QString::fromUtf8(file.readAll()) + QStringLiteral(";\n");
                }
            }
        }
        QDir().mkpath(project + QStringLiteral("/data"));
        const QString db = project + QStringLiteral("/data/app.db");
        TempDir scratch;
        const QString built =
            scratch.makeDb(QStringLiteral("b.db"),
                           all + QStringLiteral("CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY "
                                                "KEY, hash text NOT NULL, created_at numeric);"));
        if (!QFile::copy(built, db))
            qFatal("cannot copy the database");
        return project;
    }

private Q_SLOTS:
    void initTestCase()
    {
        setUpApplication(*qApp);
        RecentFiles::clear();
    }

    void cleanup() { closeReviews(); }

    void droppedColumnIsMarkedAndNeedsConfirmation()
    {
        const QString db = usersDb();
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.title = QStringLiteral("Drop nickname");
        request.target =
            schemaOf(QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                                    "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"));
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);
        QVERIFY(review.plan().losesData);
        QCOMPARE(review.dataLosses().size(), 1);
        QVERIFY2(review.dataLosses().first().contains(QStringLiteral("nickname")),
                 qPrintable(review.dataLosses().first()));
        // Marked in the margin on the statement's line, listed with its description.
        QCOMPARE(review.sqlView()->findings().size(), 1);
        const int line = review.sqlView()->findings().first().line;
        QVERIFY(review.sqlView()->editor()->hasMarker(line, SqlTextEdit::MarkKind::Error));
        QVERIFY(review.sqlView()
                    ->editor()
                    ->text()
                    .section(QLatin1Char('\n'), line - 1, line - 1)
                    .contains(QStringLiteral("DROP COLUMN")));
        QVERIFY(review.sqlView()->findings().first().title.contains(QStringLiteral("nickname")));
        QCOMPARE(review.schemaDiff()->diff().changed, 1);

        // Without the confirmation nothing happens.
        QSignalSpy applied(&review, &SchemaChangeReview::applyFinished);
        review.applyWith(false, {}, false);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.first().first().toBool(), false);
        QVERIFY2(review.messageBar()->text().contains(QStringLiteral("not confirmed")),
                 qPrintable(review.messageBar()->text()));
        QVERIFY(review.messageBar()->text().contains(QStringLiteral("nickname")));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(nickname) FROM users")), QStringLiteral("2"));

        // Through the buttons: the Apply dialog, then a confirmation that names what is lost;
        // refusing it applies nothing.
        QString confirmation;
        bool sawApplyDialog = false;
        QTimer driver;
        driver.setInterval(50);
        connect(&driver, &QTimer::timeout, [&] {
            QWidget* modal = QApplication::activeModalWidget();
            if (auto* dialog = qobject_cast<ApplyDialog*>(modal)) {
                sawApplyDialog = dialog->windowTitle() == QStringLiteral("Apply Schema Change");
                dialog->backupCheckBox()->setChecked(false);
                dialog->applyButton()->click();
            } else if (auto* box = qobject_cast<QMessageBox*>(modal)) {
                confirmation = box->text() + QLatin1Char('\n') + box->informativeText();
                box->button(QMessageBox::Cancel)->click();
            }
        });
        driver.start();
        review.applyButton()->click();
        driver.stop();
        QVERIFY(sawApplyDialog);
        QVERIFY2(confirmation.contains(QStringLiteral("nickname")), qPrintable(confirmation));
        QVERIFY(confirmation.contains(QStringLiteral("No backup will be taken")));
        QCOMPARE(applied.count(), 1); // nothing started
        QVERIFY(!review.isBusy());
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(nickname) FROM users")), QStringLiteral("2"));

        // Confirmed, with a backup: the backup holds the column, the database has the target schema.
        const QString backups = m_dir.path(QStringLiteral("backups%1").arg(m_n));
        review.applyWith(true, backups, true);
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 2, 60000);
        QVERIFY2(applied.last().first().toBool(), qPrintable(review.messageBar()->text()));
        QVERIFY(review.applied());
        QVERIFY(QFile::exists(review.lastBackupPath()));
        QVERIFY(review.lastBackupPath().startsWith(backups));
        QVERIFY(review.messageBar()->text().contains(QDir::toNativeSeparators(review.lastBackupPath())));
        QVERIFY(review.openBackupButton()->isVisible() || !review.isVisible());
        QCOMPARE(queryRaw(review.lastBackupPath(), QStringLiteral("SELECT count(nickname) FROM users")),
                 QStringLiteral("2"));
        QCOMPARE(schemaShape(liveSchema(db)), schemaShape(request.target));
        QCOMPARE(schemaShape(session->schema()), schemaShape(request.target)); // the session reloaded
        QVERIFY(!review.applyButton()->isEnabled());
    }

    void triggerLeftBrokenBlocksApplyAndSave()
    {
        // The target keeps a trigger that still names the dropped column: SQLite would accept the
        // plan and the trigger would fail at its next firing, so neither Apply nor Save may run it.
        const QString db = usersDb();
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.title = QStringLiteral("Drop nickname, keep its trigger");
        request.target =
            schemaOf(QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                                    "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"
                                    "CREATE TRIGGER users_nick AFTER INSERT ON users BEGIN "
                                    "INSERT INTO audit(what) VALUES (new.nickname); END;"));
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);
        QVERIFY(review.plan().needsAttention());
        QVERIFY(!review.applyButton()->isEnabled());
        QVERIFY2(review.applyButton()->toolTip().contains(QStringLiteral("users_nick")),
                 qPrintable(review.applyButton()->toolTip()));
        QVERIFY(!review.saveMigrationButton()->isEnabled());

        QSignalSpy applied(&review, &SchemaChangeReview::applyFinished);
        review.applyWith(false, {}, true);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.first().first().toBool(), false);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(nickname) FROM users")), QStringLiteral("2"));
        auto saved = review.saveAsMigration(m_dir.path(QStringLiteral("nowhere")), QStringLiteral("x"));
        QVERIFY(!saved.ok());
    }

    void renameAnswerReplansAndKeepsData()
    {
        const QString db = usersDb();
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.title = QStringLiteral("Rename name");
        request.target = schemaOf(
            QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, nickname "
                           "TEXT);"
                           "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"));
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);
        QCOMPARE(review.renameQuestions().size(), 1);
        QCOMPARE(review.renameQuestions().first().from, QStringLiteral("name"));
        QComboBox* question = review.renameQuestion(0);
        QVERIFY(question);
        QCOMPARE(question->currentIndex(), 1); // unanswered: dropped and created
        // The question says why the two look alike, as the planner words it.
        QVERIFY(!review.renameQuestions().first().reason.isEmpty());
        bool saysWhy = false;
        for (QLabel* label : review.findChildren<QLabel*>())
            saysWhy =
                saysWhy || (label->text().contains(QStringLiteral("full_name")) &&
                            label->text().contains(review.renameQuestions().first().reason.toHtmlEscaped()));
        QVERIFY(saysWhy);
        QVERIFY(review.plan().losesData);
        QVERIFY(!planSql(review).contains(QStringLiteral("RENAME COLUMN")));

        QSignalSpy planned(&review, &SchemaChangeReview::planned);
        question->setCurrentIndex(0); // "renamed from name"
        QVERIFY(review.isPlanning());
        QTRY_COMPARE_WITH_TIMEOUT(planned.count(), 1, 30000);
        QVERIFY(!review.isPlanning());
        QVERIFY2(planSql(review).contains(QStringLiteral("RENAME COLUMN \"name\" TO \"full_name\"")),
                 qPrintable(planSql(review)));
        QVERIFY(!review.plan().losesData);
        QVERIFY(review.sqlView()->findings().isEmpty());
        QCOMPARE(review.renameQuestions().size(), 1); // still asked, now answered

        QSignalSpy applied(&review, &SchemaChangeReview::applyFinished);
        review.applyWith(false, {}, false); // nothing lost: no confirmation needed
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 60000);
        QVERIFY2(applied.first().first().toBool(), qPrintable(review.messageBar()->text()));
        QCOMPARE(queryRaw(db, QStringLiteral(
                                  "SELECT group_concat(full_name, ',') FROM (SELECT full_name FROM users "
                                  "ORDER BY id)")),
                 QStringLiteral("ada,grace,alan"));
        QVERIFY(review.messageBar()->text().contains(QStringLiteral("No backup was taken")));
    }

    void conflictingRenameAnswersAndLossExplanations()
    {
        // full_name appears while name and nickname disappear: either could be its old name.
        const QString db = usersDb();
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.target =
            schemaOf(QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, full_name TEXT NOT NULL);"
                                    "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"));
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);
        QCOMPARE(review.renameQuestions().size(), 2);
        // A rebuild's copy statement loses the columns it leaves out: the mark says which.
        QVERIFY(!review.sqlView()->findings().isEmpty());
        QString explanations;
        for (const LintFinding& f : review.sqlView()->findings())
            explanations += f.explanation;
        QVERIFY2(explanations.contains(QStringLiteral("users.nickname")), qPrintable(explanations));

        int fromName = review.renameQuestions().at(0).from == QStringLiteral("name") ? 0 : 1;
        review.renameQuestion(fromName)->setCurrentIndex(0);
        WAIT_FOR_PLAN(review);
        QVERIFY(planSql(review).contains(QStringLiteral("RENAME COLUMN \"name\" TO \"full_name\"")) ||
                planSql(review).contains(QStringLiteral("\"name\"")));
        // Answering the other one "renamed" takes the first answer back.
        review.renameQuestion(1 - fromName)->setCurrentIndex(0);
        QCOMPARE(review.renameQuestion(fromName)->currentIndex(), 1);
        WAIT_FOR_PLAN(review);
        QCOMPARE(review.hints().columns.value(QStringLiteral("users")).size(), 1);
        QCOMPARE(review.hints().columns.value(QStringLiteral("users")).value(QStringLiteral("nickname")),
                 QStringLiteral("full_name"));
        // alan has no nickname, and full_name is NOT NULL: the copy fails, everything rolls back.
        QSignalSpy applied(&review, &SchemaChangeReview::applyFinished);
        review.applyWith(false, {}, true);
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 60000);
        QCOMPARE(applied.first().first().toBool(), false);
        QVERIFY2(review.messageBar()->text().contains(QStringLiteral("NOT NULL constraint failed")),
                 qPrintable(review.messageBar()->text()));
        QCOMPARE(review.tabs()->currentWidget(), review.sqlView());
        // The dry run foresees it, and marks the statement.
        QSignalSpy rehearsed(&review, &SchemaChangeReview::dryRunFinished);
        review.startDryRun();
        QTRY_VERIFY_WITH_TIMEOUT(rehearsed.count() == 1, 60000);
        QCOMPARE(rehearsed.first().first().toBool(), false);
        QVERIFY2(review.dataImpact()->verdict().startsWith(QStringLiteral("This change FAILS")),
                 qPrintable(review.dataImpact()->verdict()));
        QVERIFY(review.messageBar()->text().contains(QStringLiteral("The database was not touched")));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(nickname) FROM users")), QStringLiteral("2"));
    }

    void dryRunShowsCounts()
    {
        const QString db = usersDb();
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.target =
            schemaOf(QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                    "nickname TEXT);"));
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);
        QSignalSpy done(&review, &SchemaChangeReview::dryRunFinished);
        review.startDryRun();
        QVERIFY(review.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 120000);
        QVERIFY(done.first().first().toBool());
        QVERIFY(review.dryRunResult().has_value());
        const TableCount* audit = review.dryRunResult()->count(QStringLiteral("audit"));
        QVERIFY(audit);
        QCOMPARE(audit->before, 2);
        QCOMPARE(audit->after, -1);
        QCOMPARE(review.dryRunResult()->count(QStringLiteral("users"))->after, 3);
        QVERIFY2(
            review.dataImpact()->reportText().contains(QStringLiteral("audit is dropped with its 2 rows")),
            qPrintable(review.dataImpact()->reportText()));
        QCOMPARE(review.tabs()->currentWidget(), review.dataImpact());
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM audit")),
                 QStringLiteral("2")); // copy only
    }

    void cancelStopsDryRunAndApply()
    {
        // Enough rows that the copy and the rebuild take a while.
        const QString db = m_dir.makeDb(
            QStringLiteral("c%1.db").arg(++m_n),
            QStringLiteral("CREATE TABLE big(id INTEGER PRIMARY KEY, a TEXT, b TEXT);"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
                           "INSERT INTO big SELECT i, hex(randomblob(16)), hex(randomblob(16)) FROM n;"));
        const QByteArray bytesBefore = fileSha256(db);
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.target =
            schemaOf(QStringLiteral("CREATE TABLE big(id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT "
                                    "'', b TEXT);"));
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);
        QVERIFY(!review.plan().isEmpty());

        QSignalSpy rehearsed(&review, &SchemaChangeReview::dryRunFinished);
        review.startDryRun();
        review.cancelJob();
        QTRY_VERIFY_WITH_TIMEOUT(rehearsed.count() == 1, 60000);
        QCOMPARE(rehearsed.first().first().toBool(), false);
        QVERIFY(!review.isBusy());
        QVERIFY(!review.dryRunResult().has_value());
        QVERIFY(review.dryRunButton()->isEnabled());

        QSignalSpy applied(&review, &SchemaChangeReview::applyFinished);
        review.applyWith(false, {}, false);
        review.cancelJob();
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 60000);
        QCOMPARE(applied.first().first().toBool(), false);
        QVERIFY2(review.messageBar()->text().contains(QStringLiteral("not changed")),
                 qPrintable(review.messageBar()->text()));
        QVERIFY(!review.applied());
        QCOMPARE(fileSha256(db), bytesBefore);
    }

    void failingApplyRollsBack_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not null without default")
            << QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, nickname TEXT, "
                              "email TEXT NOT NULL);"
                              "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);")
            << QStringLiteral("NOT NULL");
        QTest::newRow("unique over duplicates")
            << QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, nickname TEXT);"
                              "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"
                              "CREATE UNIQUE INDEX users_first ON users(substr(name, 1, 1));")
            << QStringLiteral("UNIQUE");
    }

    void failingApplyRollsBack()
    {
        QFETCH(QString, target);
        QFETCH(QString, reason);
        const QString db = usersDb();
        const Schema before = liveSchema(db);
        const QByteArray bytesBefore = fileSha256(db);
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.target = schemaOf(target);
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);
        QVERIFY(!review.plan().isEmpty());
        QSignalSpy applied(&review, &SchemaChangeReview::applyFinished);
        review.applyWith(false, {}, true);
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 60000);
        QCOMPARE(applied.first().first().toBool(), false);
        const QString text = review.messageBar()->text();
        QVERIFY2(text.contains(reason) && text.contains(QStringLiteral("not changed")), qPrintable(text));
        QVERIFY(!review.applied());
        QCOMPARE(schemaShape(liveSchema(db)), schemaShape(before));
        QCOMPARE(fileSha256(db), bytesBefore);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(*) FROM users")), QStringLiteral("3"));
        QVERIFY(review.applyButton()->isEnabled()); // can be tried again after fixing the data
    }

    void rollbackRestoresTheSchema()
    {
        const QString db = usersDb();
        const Schema original = liveSchema(db);
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.title = QStringLiteral("Change");
        request.target =
            schemaOf(QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, full_name TEXT NOT NULL);"
                                    "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"));
        auto hints = RenameHints::parse({QStringLiteral("users.name=full_name")}, {});
        QVERIFY(hints.ok());
        request.hints = hints.value();
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);

        // Before the change runs, the rollback can be read but not run.
        {
            SchemaChangeReview* preview = review.generateRollback();
            QVERIFY(preview);
            WAIT_FOR_PLAN(*preview);
            QVERIFY(!preview->plansFromLiveSchema());
            QVERIFY(!preview->applyButton()->isEnabled());
            QVERIFY(planSql(*preview).contains(QStringLiteral("RENAME COLUMN \"full_name\" TO \"name\"")));
            delete preview;
        }

        QSignalSpy applied(&review, &SchemaChangeReview::applyFinished);
        review.applyWith(true, m_dir.path(QStringLiteral("rb-backups")), true);
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 60000);
        QVERIFY2(applied.first().first().toBool(), qPrintable(review.messageBar()->text()));

        SchemaChangeReview* rollback = review.generateRollback();
        QVERIFY(rollback);
        WAIT_FOR_PLAN(*rollback);
        QVERIFY(rollback->plansFromLiveSchema());
        QVERIFY2(planSql(*rollback).contains(QStringLiteral("RENAME COLUMN \"full_name\" TO \"name\"")),
                 qPrintable(planSql(*rollback)));
        bool named = false;
        for (int i = 0; i < rollback->warningsList()->count(); ++i) {
            const QString w = rollback->warningsList()->item(i)->text();
            named = named || (w.contains(QStringLiteral("users.nickname")) &&
                              w.contains(QDir::toNativeSeparators(review.lastBackupPath())));
        }
        QVERIFY(named);
        QSignalSpy rolledBack(rollback, &SchemaChangeReview::applyFinished);
        rollback->applyWith(false, {}, false);
        QTRY_VERIFY_WITH_TIMEOUT(rolledBack.count() == 1, 60000);
        QVERIFY2(rolledBack.first().first().toBool(), qPrintable(rollback->messageBar()->text()));
        QCOMPARE(schemaShape(liveSchema(db)), schemaShape(original));
        QCOMPARE(
            queryRaw(db, QStringLiteral(
                             "SELECT group_concat(name, ',') FROM (SELECT name FROM users ORDER BY id)")),
            QStringLiteral("ada,grace,alan"));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(nickname) FROM users")), QStringLiteral("0"));
        delete rollback;
    }

    void compareWithSqlFile()
    {
        const QString db = usersDb();
        auto session = openSession(db);
        MessageBar bar;
        const QString target = m_dir.writeFile(
            QStringLiteral("target.sql"),
            QByteArrayLiteral(
                "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, nickname TEXT);\n"
                "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);\n"
                "CREATE TABLE tags(id INTEGER PRIMARY KEY, label TEXT UNIQUE);\n"));
        SchemaChangeReview* review = compareSchemaWith(*session, target, &bar, nullptr);
        QVERIFY(review);
        QVERIFY(review->isVisible());
        WAIT_FOR_PLAN(*review);
        QVERIFY(review->windowTitle().contains(QStringLiteral("target.sql")));
        QVERIFY2(planSql(*review).contains(QStringLiteral("CREATE TABLE \"tags\"")) ||
                     planSql(*review).contains(QStringLiteral("CREATE TABLE tags")),
                 qPrintable(planSql(*review)));
        QVERIFY(!review->plan().losesData);

        const QString bad = m_dir.writeFile(QStringLiteral("bad.sql"),
                                            QByteArrayLiteral("CREATE TABLE a (x);\nCREATE TABLE oops (;\n"));
        QVERIFY(!compareSchemaWith(*session, bad, &bar, nullptr));
        QVERIFY2(bar.level() == MessageBar::Level::Error && bar.text().contains(QStringLiteral("line 2")) &&
                     bar.text().contains(QStringLiteral("bad.sql")),
                 qPrintable(bar.text()));
        QVERIFY(!compareSchemaWith(*session, m_dir.path(QStringLiteral("missing.db")), &bar, nullptr));
        QCOMPARE(bar.level(), MessageBar::Level::Error);

        // Closing the database closes its reviews.
        QPointer<SchemaChangeReview> alive(review);
        session.reset();
        QTRY_VERIFY(alive.isNull());
    }

    void checkDriftOnAProject()
    {
        const QString project = blogProject(QStringLiteral("blog"));
        const QString db = project + QStringLiteral("/data/app.db");
        const QString migrations = project + QStringLiteral("/drizzle");
        auto session = openSession(db);
        MessageBar bar;
        QVERIFY(!checkDrift(*session, migrations, &bar, nullptr));
        QVERIFY2(bar.level() == MessageBar::Level::Info && bar.text().contains(QStringLiteral("No drift")),
                 qPrintable(bar.text()));

        execRaw(db,
                QStringLiteral("ALTER TABLE users ADD COLUMN nickname TEXT; DROP INDEX posts_author_idx;"));
        QVERIFY(session->reloadSchema().ok());
        SchemaChangeReview* review = checkDrift(*session, migrations, &bar, nullptr);
        QVERIFY2(review, qPrintable(bar.text()));
        WAIT_FOR_PLAN(*review);
        const QString sql = planSql(*review);
        QVERIFY2(sql.contains(QStringLiteral("DROP COLUMN \"nickname\"")), qPrintable(sql));
        QVERIFY(sql.contains(QStringLiteral("posts_author_idx")));
        QVERIFY(!sql.contains(QStringLiteral("__drizzle_migrations")));
        QVERIFY(review->plan().losesData);
    }

    void saveAsMigrationWritesTheNextCustomMigration()
    {
        const QString project = blogProject(QStringLiteral("blog-save"));
        const QString db = project + QStringLiteral("/data/app.db");
        const QString migrations = project + QStringLiteral("/drizzle");
        auto session = openSession(db);
        SchemaChangeRequest request;
        Schema target = session->schema();
        Table audit;
        audit.name = QStringLiteral("audit");
        audit.sql = QStringLiteral("CREATE TABLE audit (id integer PRIMARY KEY NOT NULL, what text)");
        target.tables << audit;
        request.target = schemaOf(schemaCreateScript(target));
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);
        QVERIFY(review.saveMigrationButton() && review.saveMigrationButton()->isEnabled());
        QCOMPARE(QFileInfo(review.defaultMigrationsFolder()), QFileInfo(migrations));

        const QStringList before = QDir(migrations).entryList(QDir::Files);
        auto refused = review.saveAsMigration(migrations, QStringLiteral("a/b"));
        QVERIFY(!refused.ok());
        QCOMPARE(QDir(migrations).entryList(QDir::Files), before);

        auto saved = review.saveAsMigration(migrations, QStringLiteral("add_audit"));
        QVERIFY2(saved.ok(), qPrintable(saved.ok() ? QString() : saved.error().message()));
        QCOMPARE(saved->tag, QStringLiteral("0010_add_audit"));
        QFile sql(saved->sqlPath);
        QVERIFY(sql.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(sql.readAll()).contains(QStringLiteral("CREATE TABLE")));
        QFile journal(migrations + QStringLiteral("/meta/_journal.json"));
        QVERIFY(journal.open(QIODevice::ReadOnly));
        QVERIFY(journal.readAll().contains("0010_add_audit"));
        QVERIFY(QFile::exists(saved->snapshotPath));
    }

    void fixOnASchemaWithVirtualTables()
    {
        const QString db = m_dir.makeDb(QStringLiteral("v%1.db").arg(++m_n),
                                        QStringLiteral("CREATE VIRTUAL TABLE docs USING fts5(title, body);"
                                                       "CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT);"
                                                       "CREATE VIEW tv AS SELECT x FROM t;"
                                                       "INSERT INTO docs VALUES ('a', 'b');"));
        auto session = openSession(db);
        auto fixed = schemaWithFix(session->schema(), QStringLiteral("CREATE INDEX t_x ON t(x);"));
        QVERIFY2(fixed.ok(), qPrintable(fixed.ok() ? QString() : fixed.error().message()));
        QVERIFY(fixed->has_value());
        auto planned = planSchemaChange(session->schema(), **fixed);
        QVERIFY(planned.ok());
        QCOMPARE(planned->plan.statements.size(), 1);
        QVERIFY(planned->plan.statements.first().sql.contains(QStringLiteral("CREATE INDEX")));
        // Not a schema change: no target.
        auto analyze = schemaWithFix(session->schema(), QStringLiteral("ANALYZE;"));
        QVERIFY(analyze.ok());
        QVERIFY(!analyze->has_value());
    }

    void healthReviewFixOpensTheReview()
    {
        const QString db = m_dir.makeDb(
            QStringLiteral("h%1.db").arg(++m_n),
            QStringLiteral(
                "CREATE TABLE posts(id INTEGER PRIMARY KEY, title TEXT);"
                "CREATE TABLE comments(id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts(id), body "
                "TEXT);"
                "INSERT INTO posts VALUES (1,'a');INSERT INTO comments VALUES (1,1,'x');"));
        QString fixSql;
        QString fixTitle;
        {
            auto c = Connection::open(db);
            QVERIFY(c.ok());
            auto advice = adviseSchema(*c.value());
            QVERIFY(advice.ok());
            for (const AdviceFinding& f : *advice)
                if (f.code == QLatin1String("fk-without-index")) {
                    fixSql = f.fixSql;
                    fixTitle = f.title;
                }
        }
        QVERIFY(fixSql.contains(QStringLiteral("CREATE INDEX")));

        MainWindow w;
        QVERIFY(w.openDatabase(db));
        HealthReport report;
        report.title = QStringLiteral("Schema Advice");
        report.columns = {QStringLiteral("Table"), QStringLiteral("Finding")};
        HealthRow row;
        row.cells = {QStringLiteral("comments"), fixTitle};
        row.fixSql = fixSql;
        row.fixTitle = fixTitle;
        report.rows << row;
        HealthRow analyze;
        analyze.cells = {QString(), QStringLiteral("analyze")};
        analyze.fixSql = QStringLiteral("ANALYZE");
        analyze.fixTitle = QStringLiteral("Analyze");
        report.rows << analyze;
        w.healthPanel()->showReport(report);
        auto* table = w.healthPanel()->findChild<QTableWidget*>();
        QVERIFY(table);
        table->setCurrentCell(0, 0);
        w.healthPanel()->reviewButton()->click();
        QList<SchemaChangeReview*> reviews = openReviews();
        QCOMPARE(reviews.size(), 1);
        WAIT_FOR_PLAN(*reviews.first());
        const QString sql = planSql(*reviews.first());
        QVERIFY2(sql.contains(QStringLiteral("CREATE INDEX")) && sql.contains(QStringLiteral("post_id")),
                 qPrintable(sql));
        QCOMPARE(reviews.first()->plan().plan.statements.size(), 1);
        QVERIFY(!reviews.first()->plan().losesData);
        QSignalSpy applied(reviews.first(), &SchemaChangeReview::applyFinished);
        reviews.first()->applyWith(false, {}, false);
        QTRY_VERIFY_WITH_TIMEOUT(applied.count() == 1, 60000);
        QVERIFY(applied.first().first().toBool());
        QCOMPARE(
            queryRaw(db, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type='index' AND sql LIKE "
                                        "'%post_id%'")),
            QStringLiteral("1"));
        closeReviews();

        // A fix that is no schema change still goes to the SQL editor.
        table->setCurrentCell(1, 0);
        w.healthPanel()->reviewButton()->click();
        QVERIFY(openReviews().isEmpty());
    }
    void firstPlanArrivesAndEnablesTheButtons()
    {
        const QString db = usersDb();
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.target =
            schemaOf(QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                    "nickname TEXT, email TEXT);"
                                    "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"));
        SchemaChangeReview review(*session, request);
        // Opt-in pictures of what a person sees, planning and planned (SLUICE_SCREENSHOT_DIR, e.g. Xvfb).
        const QString shots = qEnvironmentVariable("SLUICE_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            review.resize(1100, 750);
            review.show();
            QVERIFY(review.grab().save(shots + QStringLiteral("/review-planning.png")));
        }
        // The constructor only asks for the plan: nothing to act on until it is shown.
        QVERIFY(review.isPlanning());
        QVERIFY(review.plan().isEmpty());
        QVERIFY(!anyEnabled(planActions(review)));
        QVERIFY(!review.rollbackButton()->isEnabled());
        QVERIFY2(review.sqlView()->editor()->text().contains(QStringLiteral("Planning")),
                 qPrintable(review.sqlView()->editor()->text()));
        QVERIFY(!review.generateRollback());
        QSignalSpy planned(&review, &SchemaChangeReview::planned);
        QVERIFY(planned.wait(30000));
        QCOMPARE(planned.count(), 1);
        QVERIFY(!review.isPlanning());
        QVERIFY2(planSql(review).contains(QStringLiteral("ADD COLUMN email")), qPrintable(planSql(review)));
        QVERIFY(!review.sqlView()->editor()->text().contains(QStringLiteral("Planning")));
        QVERIFY(review.sqlView()->isEnabled());
        for (QPushButton* b : planActions(review))
            QVERIFY2(b->isEnabled(), qPrintable(b->text()));
        QVERIFY(review.planThread() != nullptr);
        QVERIFY(review.planThread() != QThread::currentThreadId());
        if (!shots.isEmpty())
            QVERIFY(review.grab().save(shots + QStringLiteral("/review-planned.png")));
    }

    void largeSchemaIsPlannedOffTheGuiThread()
    {
        // 600 tables, each gaining a column: the plan takes a while, the GUI thread does not wait.
        constexpr int tables = 600;
        QString live;
        QString target;
        for (int i = 0; i < tables; ++i) {
            const QString columns = QStringLiteral("id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INTEGER, c "
                                                   "REAL, d BLOB, parent INTEGER REFERENCES t%1(id)")
                                        .arg(i > 0 ? i - 1 : 0);
            live += QStringLiteral("CREATE TABLE t%1(%2);CREATE INDEX t%1_b ON t%1(b);").arg(i).arg(columns);
            target += QStringLiteral("CREATE TABLE t%1(%2, e TEXT);CREATE INDEX t%1_b ON t%1(b);")
                          .arg(i)
                          .arg(columns);
        }
        const QString db = m_dir.makeDb(QStringLiteral("large%1.db").arg(++m_n), live);
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.target = schemaOf(target);

        QElapsedTimer clock;
        clock.start();
        SchemaChangeReview review(*session, request);
        const qint64 constructMs = clock.elapsed();
        QVERIFY(review.isPlanning());
        QVERIFY(!anyEnabled(planActions(review)));
        // The event loop keeps turning while the worker plans.
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(1);
        connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
        ticker.start();
        QSignalSpy planned(&review, &SchemaChangeReview::planned);
        QVERIFY(planned.wait(60000));
        const qint64 plannedMs = clock.elapsed();
        ticker.stop();
        QVERIFY(review.planThread() != nullptr);
        QVERIFY(review.planThread() != QThread::currentThreadId());
        QVERIFY2(review.planError().isEmpty(), qPrintable(review.planError()));
        QCOMPARE(review.plan().plan.statements.size(), tables);
        QVERIFY(review.applyButton()->isEnabled());
        // For the record: what the GUI thread used to spend on the same plan before showing the review.
        clock.restart();
        const bool plannedHere = planSchemaChange(session->schema(), request.target).ok();
        const qint64 syncMs = clock.elapsed();
        QVERIFY(plannedHere);
        qInfo("%d tables: constructor %lld ms, plan shown after %lld ms (%d timer ticks meanwhile); the same "
              "plan on the GUI thread takes %lld ms",
              tables, constructMs, plannedMs, ticks, syncMs);
        QVERIFY(ticks > 0);
    }

    void quickAnswersEndOnTheLastAnswersPlan()
    {
        // full_name appears while name and nickname disappear: two questions about the same column.
        const QString db = usersDb();
        auto session = openSession(db);
        SchemaChangeRequest request;
        request.target =
            schemaOf(QStringLiteral("CREATE TABLE users(id INTEGER PRIMARY KEY, full_name TEXT NOT NULL);"
                                    "CREATE TABLE audit(id INTEGER PRIMARY KEY, what TEXT);"));
        SchemaChangeReview review(*session, request);
        WAIT_FOR_PLAN(review);
        QCOMPARE(review.renameQuestions().size(), 2);
        const int fromName = review.renameQuestions().at(0).from == QStringLiteral("name") ? 0 : 1;

        // What each answer plans, computed here: they differ, so showing the first would be seen.
        const Schema before = session->schema();
        auto planWith = [&](const QString& hint) {
            auto hints = RenameHints::parse({hint}, {});
            if (!hints)
                qFatal("%s", qPrintable(hints.error().message()));
            SchemaPlanOptions options;
            options.columnOrderMatters = request.columnOrderMatters;
            auto p = planSchemaChange(before, request.target, hints.value(), options);
            if (!p)
                qFatal("%s", qPrintable(p.error().message()));
            return planText(p->plan);
        };
        const QString firstAnswersPlan = planWith(QStringLiteral("users.name=full_name"));
        const QString lastAnswersPlan = planWith(QStringLiteral("users.nickname=full_name"));
        QVERIFY(firstAnswersPlan != lastAnswersPlan);

        QStringList shown;
        connect(&review, &SchemaChangeReview::planned, &review, [&] { shown << planSql(review); });
        QSignalSpy applied(&review, &SchemaChangeReview::applyFinished);
        review.renameQuestion(fromName)->setCurrentIndex(0);
        QVERIFY(review.isPlanning());
        QVERIFY(!anyEnabled(planActions(review)));
        // The first answer's plan may be computed already; the second answer must still win.
        QThread::msleep(50);
        review.renameQuestion(1 - fromName)->setCurrentIndex(0);
        QVERIFY(review.isPlanning());
        QVERIFY(!anyEnabled(planActions(review)));
        // Nothing acts on the plan while it is being computed.
        review.applyWith(false, {}, true);
        QCOMPARE(applied.count(), 1);
        QCOMPARE(applied.first().first().toBool(), false);
        QVERIFY2(review.messageBar()->text().contains(QStringLiteral("being updated")),
                 qPrintable(review.messageBar()->text()));
        QVERIFY(!review.saveAsMigration(m_dir.path(QStringLiteral("nowhere")), QStringLiteral("x")).ok());
        QSignalSpy rehearsed(&review, &SchemaChangeReview::dryRunFinished);
        review.startDryRun();
        QVERIFY(!review.isBusy());

        WAIT_FOR_PLAN(review);
        QTest::qWait(200); // a stale result arriving late would show here
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.first(), lastAnswersPlan);
        QCOMPARE(planSql(review), lastAnswersPlan);
        QCOMPARE(review.hints().columns.value(QStringLiteral("users")).value(QStringLiteral("nickname")),
                 QStringLiteral("full_name"));
        QCOMPARE(review.renameQuestion(fromName)->currentIndex(), 1);
        QCOMPARE(review.renameQuestion(1 - fromName)->currentIndex(), 0);
        QVERIFY(review.applyButton()->isEnabled());
        QVERIFY(review.dryRunButton()->isEnabled());
        QCOMPARE(rehearsed.count(), 0);
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT count(nickname) FROM users")), QStringLiteral("2"));
    }
};

QTEST_MAIN(TestSchemaChangeReview)
#include "tst_schema_change_review.moc"
