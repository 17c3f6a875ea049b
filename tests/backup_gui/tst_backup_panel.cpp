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
#include <QFileInfo>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
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

    void unwritableFolderSaysWhy()
    {
        if (::geteuid() == 0)
            QSKIP("root can write anywhere");
        TempDir tmp;
        const QString db = tmp.makeDb(QStringLiteral("ro.db"), QString::fromLatin1(kSchema));
        const QString locked = tmp.path(QStringLiteral("locked"));
        QVERIFY(QDir().mkpath(locked));
        QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
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
        QVERIFY(QDir(locked).isEmpty());
        QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
};

QTEST_MAIN(TestBackupPanel)
#include "tst_backup_panel.moc"
