// Backup Now on a real database, the Backups panel listing it, Restore after the database
// changed, and Undo restore; the confirmation names the database and the backup's time.
#include "DatabaseSession.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "RecentFiles.h"
#include "TestSupport.h"
#include "UiApplication.h"
#include "backup/BackupController.h"
#include "backup/BackupSettings.h"
#include "backup/BackupsPanel.h"
#include "core/Connection.h"
#include "formats/JsonBackup.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <unistd.h>

using namespace sluice;
using namespace sluice::test;
using namespace sluice::ui;

namespace {

QAction* menuAction(QMainWindow& w, const QString& menuText, const QString& actionText)
{
    for (QAction* m : w.menuBar()->actions())
        if (m->menu() && m->text().remove(QLatin1Char('&')) == menuText)
            for (QAction* a : m->menu()->actions())
                if (a->text().remove(QLatin1Char('&')) == actionText)
                    return a;
    return nullptr;
}

QPushButton* messageButton(MainWindow& w, const QString& text)
{
    for (QPushButton* b : w.messageBar()->findChildren<QPushButton*>())
        if (b->text() == text && !b->isHidden())
            return b;
    return nullptr;
}

const char* const kSchema = "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                            "INSERT INTO items(name) VALUES ('alpha'), ('beta'), ('gamma');";

} // namespace

class TestBackupPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        setUpApplication(*qApp);
        RecentFiles::clear();
        QSettings().remove(QStringLiteral("backup"));
    }

    void backupRestoreUndo()
    {
        TempDir tmp;
        const QString db = tmp.makeDb(QStringLiteral("shop.db"), QString::fromLatin1(kSchema));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        const QString folder = QFileInfo(db).absolutePath() + QStringLiteral("/backups");
        QCOMPARE(w.backups()->backupFolder(), folder);

        // File ▸ Backup Now… with its shortcut, on the toolbar too.
        QAction* backupNow = menuAction(w, QStringLiteral("File"), QStringLiteral("Backup Now…"));
        QVERIFY(backupNow);
        QCOMPARE(backupNow->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+B")));
        QVERIFY(backupNow->isEnabled());
        QSignalSpy backedUp(w.backups(), &BackupController::backupFinished);
        backupNow->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(backedUp.size(), 1, 20000);
        QVERIFY(backedUp.first().at(0).toBool());
        const QString backup = backedUp.first().at(1).toString();
        QCOMPARE(QFileInfo(backup).absolutePath(), folder);
        QVERIFY(QFileInfo(backup).fileName().startsWith(QLatin1String("shop-")));
        QCOMPARE(queryRaw(backup, QStringLiteral("SELECT group_concat(name, ',') FROM items")),
                 QStringLiteral("alpha,beta,gamma"));
        QVERIFY2(w.messageBar()->text().contains(QDir::toNativeSeparators(backup)),
                 qPrintable(w.messageBar()->text()));
        QTRY_VERIFY(messageButton(w, QStringLiteral("Show in Folder")));

        // The Backups panel lists it.
        QAction* panelToggle = w.backupsDock()->toggleViewAction();
        panelToggle->trigger();
        QVERIFY(w.backupsDock()->isVisible());
        BackupsPanel* panel = w.backupsPanel();
        QCOMPARE(panel->list()->topLevelItemCount(), 1);
        QCOMPARE(panel->entries().first().path, QFileInfo(backup).absoluteFilePath());
        QCOMPARE(panel->entries().first().format, QStringLiteral("SQLite"));
        QCOMPARE(panel->list()->topLevelItem(0)->text(5), QFileInfo(backup).fileName());
        // The sidecar vouches for it.
        QVERIFY(QFileInfo::exists(backup + QStringLiteral(".json")));
        QVERIFY(panel->entries().first().verified);
        QCOMPARE(panel->list()->topLevelItem(0)->text(3), QStringLiteral("Verified"));

        // The database changes after the backup...
        execRaw(db, QStringLiteral(
                        "DELETE FROM items WHERE name = 'beta'; UPDATE items SET name = 'changed' WHERE "
                        "name = 'alpha';"));
        w.session()->notifyDataChanged();

        // ...and Restore puts the backup's content back, after a confirmation naming both.
        QString question;
        w.backups()->confirm = [&question](const QString&, const QString& q) {
            question = q;
            return true;
        };
        QSignalSpy restored(w.backups(), &BackupController::restoreFinished);
        panel->list()->setCurrentItem(panel->list()->topLevelItem(0));
        QVERIFY(panel->restoreButton()->isEnabled());
        QTest::mouseClick(panel->restoreButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(restored.size(), 1, 20000);
        QVERIFY2(restored.first().at(0).toBool(), qPrintable(w.messageBar()->text()));
        QVERIFY2(question.contains(QDir::toNativeSeparators(db)), qPrintable(question));
        QVERIFY2(question.contains(QLocale().toString(panel->entries().isEmpty()
                                                          ? QDateTime()
                                                          : describeBackupFile(backup).created.toLocalTime(),
                                                      QLocale::LongFormat)),
                 qPrintable(question));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name, ',') FROM items")),
                 QStringLiteral("alpha,beta,gamma"));
        QCOMPARE(queryRaw(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        // The window's own connection sees the restored rows.
        auto count = w.session()->connection().scalar(QStringLiteral("SELECT count(*) FROM items"));
        QVERIFY(count);
        QCOMPARE(count->toInt(), 3);
        QVERIFY2(w.messageBar()->text().contains(QLatin1String("Restored")),
                 qPrintable(w.messageBar()->text()));
        const QString safety = w.backups()->safetyBackup();
        QVERIFY(QFileInfo::exists(safety));
        QCOMPARE(queryRaw(safety, QStringLiteral("SELECT group_concat(name, ',') FROM items")),
                 QStringLiteral("changed,gamma"));
        // The safety backup is listed too.
        QTRY_COMPARE(panel->list()->topLevelItemCount(), 2);

        // Undo restore brings back the state before the restore.
        QTRY_VERIFY(messageButton(w, QStringLiteral("Undo Restore")));
        QPushButton* undo = messageButton(w, QStringLiteral("Undo Restore"));
        QTest::mouseClick(undo, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(restored.size(), 2, 20000);
        QVERIFY2(restored.at(1).at(0).toBool(), qPrintable(w.messageBar()->text()));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name, ',') FROM items")),
                 QStringLiteral("changed,gamma"));
        QVERIFY2(w.messageBar()->text().contains(QLatin1String("undone")),
                 qPrintable(w.messageBar()->text()));
        QTRY_VERIFY(!messageButton(w, QStringLiteral("Undo Restore")));
    }

    void restoreJsonBackup()
    {
        TempDir tmp;
        const QString db = tmp.makeDb(QStringLiteral("json.db"), QString::fromLatin1(kSchema));
        const QString json = tmp.path(QStringLiteral("json-export.json"));
        {
            auto c = Connection::open(db);
            QVERIFY(c);
            QVERIFY(writeJsonBackup(**c, json));
        }
        execRaw(db, QStringLiteral("DELETE FROM items; INSERT INTO items(name) VALUES ('other');"));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        QCOMPARE(describeBackupFile(json).format, QStringLiteral("JSON"));
        w.backups()->confirm = [](const QString&, const QString&) { return true; };
        QSignalSpy restored(w.backups(), &BackupController::restoreFinished);
        w.backups()->restore(describeBackupFile(json));
        QTRY_COMPARE_WITH_TIMEOUT(restored.size(), 1, 20000);
        QVERIFY2(restored.first().at(0).toBool(), qPrintable(w.messageBar()->text()));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name, ',') FROM items")),
                 QStringLiteral("alpha,beta,gamma"));
        QCOMPARE(queryRaw(w.backups()->safetyBackup(),
                          QStringLiteral("SELECT group_concat(name, ',') FROM items")),
                 QStringLiteral("other"));
    }

    void refusedRestoreChangesNothing()
    {
        TempDir tmp;
        const QString db = tmp.makeDb(QStringLiteral("keep.db"), QString::fromLatin1(kSchema));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        const QByteArray before = fileSha256(db);
        // Saying no to the confirmation writes nothing, not even a safety backup.
        bool asked = false;
        w.backups()->confirm = [&asked](const QString&, const QString&) {
            asked = true;
            return false;
        };
        const QString good =
            tmp.makeDb(QStringLiteral("other.sqlite3"), QStringLiteral("CREATE TABLE t(x);"));
        w.backups()->restore(describeBackupFile(good));
        QVERIFY(asked);
        QVERIFY(!w.backups()->isBusy());
        QCOMPARE(fileSha256(db), before);
        QVERIFY(!QFileInfo::exists(QFileInfo(db).absolutePath() + QStringLiteral("/backups")));

        // A file that is not a database is refused with a message, the live database untouched.
        w.backups()->confirm = [](const QString&, const QString&) { return true; };
        const QString junk = tmp.writeFile(QStringLiteral("junk.sqlite3"), QByteArray(8192, 'x'));
        QSignalSpy restored(w.backups(), &BackupController::restoreFinished);
        w.backups()->restore(describeBackupFile(junk));
        QTRY_COMPARE_WITH_TIMEOUT(restored.size(), 1, 20000);
        QVERIFY(!restored.first().at(0).toBool());
        QCOMPARE(w.messageBar()->level(), MessageBar::Level::Error);
        QVERIFY2(w.messageBar()->text().contains(QLatin1String("not changed")),
                 qPrintable(w.messageBar()->text()));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name, ',') FROM items")),
                 QStringLiteral("alpha,beta,gamma"));
    }

    // Restore while another process (the sqlite3 shell) is in the middle of a write transaction:
    // the restore waits for the busy timeout, then says the database is locked and was not changed.
    void restoreWhileAnotherProcessHoldsTheWriteLock()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("needs the sqlite3 shell to hold a lock from another process");
        TempDir tmp;
        const QString db = tmp.makeDb(QStringLiteral("busy.db"), QString::fromLatin1(kSchema));
        const QString backup =
            tmp.makeDb(QStringLiteral("other.sqlite3"),
                       QStringLiteral("CREATE TABLE items(id INTEGER PRIMARY KEY, name "
                                      "TEXT NOT NULL); INSERT INTO items(name) VALUES ('x');"));
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        QProcess holder;
        holder.start(QStringLiteral("sqlite3"), {db});
        QVERIFY(holder.waitForStarted());
        holder.write("BEGIN IMMEDIATE;\nINSERT INTO items(name) VALUES ('uncommitted');\nSELECT 'locked';\n");
        QVERIFY(holder.waitForReadyRead(10000));
        w.backups()->confirm = [](const QString&, const QString&) { return true; };
        QSignalSpy restored(w.backups(), &BackupController::restoreFinished);
        QElapsedTimer t;
        t.start();
        w.backups()->restore(describeBackupFile(backup));
        QTRY_COMPARE_WITH_TIMEOUT(restored.size(), 1, 60000);
        QVERIFY(!restored.first().at(0).toBool());
        QVERIFY(t.elapsed() >= 4000); // it waited for the busy timeout first
        QCOMPARE(w.messageBar()->level(), MessageBar::Level::Error);
        QVERIFY2(w.messageBar()->text().contains(QLatin1String("locked")),
                 qPrintable(w.messageBar()->text()));
        QVERIFY2(w.messageBar()->text().contains(QLatin1String("not changed")),
                 qPrintable(w.messageBar()->text()));
        holder.write("ROLLBACK;\n.quit\n");
        QVERIFY(holder.waitForFinished(10000));
        QCOMPARE(queryRaw(db, QStringLiteral("SELECT group_concat(name, ',') FROM items")),
                 QStringLiteral("alpha,beta,gamma"));
    }

    void unwritableFolderSaysWhy()
    {
        // Root may write into any folder: as root, re-run just this test as `nobody` (setpriv), with
        // a folder that user may not write to.
        if (::geteuid() == 0) {
            const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
            if (setpriv.isEmpty())
                QSKIP("needs setpriv to run as an unprivileged user");
            QTemporaryDir dir(QStringLiteral("/tmp/sluice-backup-ro-XXXXXX"));
            QVERIFY(dir.isValid());
            QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                  QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                                  QFile::WriteOther | QFile::ExeOther);
            const QString db = dir.filePath(QStringLiteral("ro.db"));
            execRaw(db, QString::fromLatin1(kSchema));
            QFile::setPermissions(db, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                          QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther);
            const QString locked = dir.filePath(QStringLiteral("locked"));
            QVERIFY(QDir().mkpath(locked));
            QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                              QFile::ReadOther | QFile::ExeOther); // not writable by others
            const QByteArray before = fileSha256(db);
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("SLUICE_UNWRITABLE_DB"), db);
            env.insert(QStringLiteral("SLUICE_UNWRITABLE_FOLDER"), locked);
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
            env.insert(QStringLiteral("HOME"), dir.path());
            p.setProcessEnvironment(env);
            p.start(setpriv, {QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=nogroup"),
                              QStringLiteral("--clear-groups"), QCoreApplication::applicationFilePath(),
                              QStringLiteral("unwritableFolderSaysWhy")});
            QVERIFY(p.waitForFinished(120000));
            const QByteArray out = p.readAllStandardOutput() + p.readAllStandardError();
            QVERIFY2(p.exitCode() == 0, out.constData());
            QVERIFY2(out.contains("PASS   : TestBackupPanel::unwritableFolderSaysWhy()"), out.constData());
            QVERIFY(QDir(locked).isEmpty());
            QCOMPARE(fileSha256(db), before);
            return;
        }
        TempDir tmp;
        QString db = qEnvironmentVariable("SLUICE_UNWRITABLE_DB");
        QString locked = qEnvironmentVariable("SLUICE_UNWRITABLE_FOLDER");
        const bool own = db.isEmpty();
        if (own) {
            db = tmp.makeDb(QStringLiteral("ro.db"), QString::fromLatin1(kSchema));
            locked = tmp.path(QStringLiteral("locked"));
            QVERIFY(QDir().mkpath(locked));
            QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
        }
        BackupSettings settings;
        settings.folder = locked;
        settings.save(db);
        MainWindow w;
        w.show();
        QVERIFY(w.openDatabase(db));
        QSignalSpy backedUp(w.backups(), &BackupController::backupFinished);
        w.backups()->backupNow();
        QTRY_COMPARE(backedUp.size(), 1);
        QVERIFY(!backedUp.first().at(0).toBool());
        QCOMPARE(w.messageBar()->level(), MessageBar::Level::Error);
        QVERIFY2(w.messageBar()->text().contains(QDir::toNativeSeparators(locked)),
                 qPrintable(w.messageBar()->text()));
        QVERIFY2(w.messageBar()->text().contains(QLatin1String("not writable")),
                 qPrintable(w.messageBar()->text()));
        QVERIFY(QDir(locked).isEmpty());
        if (own)
            QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
};

QTEST_MAIN(TestBackupPanel)
#include "tst_backup_panel.moc"
