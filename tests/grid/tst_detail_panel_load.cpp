// The cell detail panel with values too large to read on the GUI thread, offscreen on real files:
// a 12 MB PNG is read and decoded on the panel's worker while the event loop keeps running; moving
// on before a slow read ends shows the new cell and never the old value; a large text becomes
// editable only once it is whole, and Apply writes exactly the edited whole; a short read that meets
// another connection's write lock waits on the worker; long JSON is pretty-printed there; errors
// (a row deleted meanwhile) reach the note.
#include "DatabaseSession.h"
#include "core/Connection.h"
#include "edit/GridEdits.h"
#include "edit/JsonText.h"
#include "grid/BlobPreview.h"
#include "grid/CellDetailPanel.h"
#include "grid/TableGridModel.h"
#include "grid/TableGridView.h"

#include "TestSupport.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QImage>
#include <QImageWriter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTableView>
#include <QTextDocument>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

using namespace sluice;
using namespace sluice::ui;
using sluice::test::TempDir;

namespace {

// A PNG of random pixels: nothing to compress, so 2048×2048 RGB is just over 12 MB.
QByteArray bigPng()
{
    QImage img(2048, 2048, QImage::Format_RGB888);
    QRandomGenerator gen(7);
    for (int y = 0; y < img.height(); ++y)
        gen.fillRange(reinterpret_cast<quint32*>(img.scanLine(y)), img.bytesPerLine() / 4);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    writer.setQuality(100); // no deflate effort: random pixels would not shrink anyway
    if (!writer.write(img))
        qFatal("PNG not written: %s", qPrintable(writer.errorString()));
    return bytes;
}

// Lines numbered so that any cut or shift shows, ending in a marker a test can replace.
QString bigText(const QString& name, int lines, const QString& end)
{
    QString t;
    t.reserve(lines * 40);
    for (int i = 0; i < lines; ++i)
        t += QStringLiteral("%1 line %2 of the long text \u00e9\u00e8\n")
                 .arg(name)
                 .arg(i, 7, 10, QLatin1Char('0'));
    return t + end;
}

void insert(const QString& db, const QString& sql, const QVariantList& binds)
{
    auto c = Connection::open(db);
    if (!c)
        qFatal("%s", qPrintable(c.error().message()));
    const Status s = (*c)->exec(sql, binds);
    if (!s)
        qFatal("%s", qPrintable(s.error().message()));
}

struct Opened
{
    std::unique_ptr<DatabaseSession> session;
    std::unique_ptr<TableGridView> view;
    TableGridModel* model = nullptr;
    CellDetailPanel* panel = nullptr;
    void select(int row, int column) { view->tableView()->setCurrentIndex(model->index(row, column)); }
};

Opened open(const QString& db, const QString& table, int rows)
{
    Opened o;
    auto s = DatabaseSession::open(db);
    if (!s)
        qFatal("%s", qPrintable(s.error().message()));
    o.session = std::move(s.value());
    o.view = std::make_unique<TableGridView>(*o.session);
    o.view->resize(1000, 600);
    o.view->setDetailPanelVisible(true);
    o.view->show();
    o.view->showTable(table);
    o.model = o.view->model();
    o.panel = o.view->detailPanel();
    QElapsedTimer t;
    t.start();
    while (!o.model->isRowLoaded(rows - 1) && t.elapsed() < 10000)
        QTest::qWait(10);
    return o;
}

// The longest time the GUI thread went without running its event loop, seen by a 5 ms timer.
class StallMeter
{
public:
    StallMeter()
    {
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_longest = qMax(m_longest, m_since.elapsed());
            m_since.restart();
        });
        m_timer.start();
        m_since.start();
    }
    qint64 longestMs() const { return qMax(m_longest, m_since.elapsed()); }

private:
    QTimer m_timer;
    QElapsedTimer m_since;
    qint64 m_longest = 0;
};

bool applyEdits(TableGridView& view)
{
    QSignalSpy done(&view, &TableGridView::applyFinished);
    view.applyEdits();
    return done.wait(20000) && done.first().first().toBool();
}

} // namespace

class TestDetailPanelLoad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void largePictureLoadsOnTheWorker();
    void movingOnDropsTheSlowRead();
    void largeTextEditableOnlyWhenWhole();
    void errorsReachTheNote();
    void smallReadUnderALockWaitsOnTheWorker();
    void largeJsonPrettyOnceLoaded();

private:
    TempDir m_tmp;
};

void TestDetailPanelLoad::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SluiceTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_detail_panel_load"));
}

void TestDetailPanelLoad::largePictureLoadsOnTheWorker()
{
    const QByteArray png = bigPng();
    QVERIFY2(png.size() >= 12 * 1024 * 1024, qPrintable(QString::number(png.size())));
    QVERIFY(png.size() <= CellDetailPanel::kMaxImageBytes);
    const QString db =
        m_tmp.makeDb(QStringLiteral("picture.db"),
                     QStringLiteral("CREATE TABLE pics(id INTEGER PRIMARY KEY, name TEXT, pic BLOB);"
                                    "INSERT INTO pics VALUES (2, 'none', NULL);"));
    insert(db, QStringLiteral("INSERT INTO pics VALUES (1, 'big', ?)"), {png});
    Opened o = open(db, QStringLiteral("pics"), 2);
    QVERIFY(o.model->isRowLoaded(1));

    // A timer on the GUI thread counts its ticks while the panel is loading.
    int ticksWhileLoading = 0;
    qint64 longestGapMs = 0;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        if (o.panel->isLoading()) {
            ++ticksWhileLoading;
            longestGapMs = qMax(longestGapMs, sinceTick.elapsed());
        }
        sinceTick.restart();
    });
    ticker.start();
    sinceTick.start();

    QSignalSpy loaded(o.panel, &CellDetailPanel::cellLoaded);
    QElapsedTimer t;
    t.start();
    o.select(0, 2);
    const qint64 selectMs = t.elapsed();
    // Nothing decoded yet: the selection returned before the 12 MB were read.
    QVERIFY(o.panel->isShowingBlob());
    QVERIFY(o.panel->isLoading());
    QVERIFY(!o.panel->blobPreview()->hasImage());
    QVERIFY2(o.panel->noteText().startsWith(QStringLiteral("Loading")), qPrintable(o.panel->noteText()));
    QVERIFY2(o.panel->blobPreview()->infoText().contains(QStringLiteral("(%1 bytes)").arg(png.size())),
             qPrintable(o.panel->blobPreview()->infoText()));
    // Opt-in pictures of what a person sees, loading and loaded (SLUICE_SCREENSHOT_DIR, e.g. under Xvfb).
    const QString shots = qEnvironmentVariable("SLUICE_SCREENSHOT_DIR");
    if (!shots.isEmpty())
        QVERIFY(o.view->grab().save(shots + QStringLiteral("/detail-loading.png")));
    QVERIFY(loaded.wait(60000));
    const qint64 loadMs = t.elapsed();
    if (!shots.isEmpty()) {
        QTest::qWait(100); // the layout settles in the next turns of the event loop, as on screen
        QVERIFY(o.view->grab().save(shots + QStringLiteral("/detail-loaded.png")));
    }
    QVERIFY(!o.panel->isLoading());
    QVERIFY(o.panel->blobPreview()->hasImage());
    QCOMPARE(o.panel->blobPreview()->imageSize(), QSize(2048, 2048));
    QVERIFY2(o.panel->blobPreview()->infoText().startsWith(QStringLiteral("PNG image 2048\u00d72048")),
             qPrintable(o.panel->blobPreview()->infoText()));
    QVERIFY(o.panel->blobPreview()->hexText().startsWith(QStringLiteral("00000000  89 50 4e 47")));
    QVERIFY2(o.panel->noteText().isEmpty(), qPrintable(o.panel->noteText()));
    // The event loop ran during the load: the GUI thread was not the one reading and decoding.
    QVERIFY2(ticksWhileLoading >= 1, qPrintable(QString::number(ticksWhileLoading)));
    // For comparison: what decoding alone costs the thread that does it.
    t.restart();
    const BlobPreview::Rendering r = BlobPreview::render(png, png.size());
    const qint64 renderMs = t.elapsed();
    QCOMPARE(r.imageSize, QSize(2048, 2048));
    qInfo("12 MB PNG: selection returned in %lld ms, picture shown after %lld ms, %d timer ticks during "
          "the load, longest gap between ticks %lld ms; decoding and scaling alone take %lld ms",
          selectMs, loadMs, ticksWhileLoading, longestGapMs, renderMs);

    // The same picture loaded from a file into the NULL cell: staged in memory, decoded on the worker.
    const QString file = m_tmp.writeFile(QStringLiteral("big.png"), png);
    o.select(1, 2);
    QVERIFY(!o.panel->isLoading());
    QSignalSpy staged(o.panel, &CellDetailPanel::blobLoaded);
    QSignalSpy decoded(o.panel, &CellDetailPanel::cellLoaded);
    o.panel->loadBlobFromFile(file);
    QVERIFY(staged.wait(30000));
    QVERIFY2(staged.first().first().toBool(), qPrintable(staged.first().at(1).toString()));
    QVERIFY(o.panel->isLoading());
    QVERIFY(!o.panel->blobPreview()->hasImage());
    QVERIFY(decoded.wait(30000));
    QVERIFY(o.panel->blobPreview()->hasImage());
    QCOMPARE(o.panel->blobPreview()->imageSize(), QSize(2048, 2048));
    QVERIFY2(o.panel->noteText().startsWith(QStringLiteral("Staged")), qPrintable(o.panel->noteText()));
}

void TestDetailPanelLoad::movingOnDropsTheSlowRead()
{
    const QString a = bigText(QStringLiteral("A"), 60000, QStringLiteral("END OF A"));
    const QString db = m_tmp.makeDb(QStringLiteral("moving.db"),
                                    QStringLiteral("CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT);"
                                                   "INSERT INTO docs VALUES (2, 'small B');"));
    insert(db, QStringLiteral("INSERT INTO docs VALUES (1, ?)"), {a});
    insert(db, QStringLiteral("INSERT INTO docs VALUES (3, ?)"),
           {bigText(QStringLiteral("C"), 20000, QStringLiteral("END OF C"))});
    Opened o = open(db, QStringLiteral("docs"), 3);
    QVERIFY(o.model->isRowLoaded(2));

    // What the panel shows at every turn of the event loop from here on (the start and the end of
    // the text: enough to tell A from B and C).
    QStringList shownTexts;
    bool recording = false;
    QTimer watcher;
    watcher.setInterval(1);
    QObject::connect(&watcher, &QTimer::timeout, [&] {
        if (recording) {
            const QString t = o.panel->text();
            shownTexts << t.left(100) + QLatin1Char('|') + t.right(20);
        }
    });
    watcher.start();

    // Another process holds the write lock: the worker's read of A waits for it (slowly).
    auto locker = Connection::open(db);
    QVERIFY(locker);
    QVERIFY((*locker)->exec(QStringLiteral("BEGIN EXCLUSIVE")));
    o.select(0, 1);
    QVERIFY(o.panel->isLoading());
    QVERIFY(!o.panel->isEditable());
    QTest::qWait(150); // the read is under way, waiting for the lock
    QVERIFY(o.panel->isLoading());

    recording = true;
    o.select(1, 1); // moving on before A's read ends
    QVERIFY(!o.panel->isLoading());
    QCOMPARE(o.panel->text(), QStringLiteral("small B"));
    QCOMPARE(o.panel->titleText(), QStringLiteral("body \u00b7 row 2"));
    QVERIFY(o.panel->isEditable());
    // The lock goes away: A's read can end now, and its result must not reach the panel.
    QVERIFY((*locker)->exec(QStringLiteral("COMMIT")));
    QTest::qWait(300);
    QCOMPARE(o.panel->text(), QStringLiteral("small B"));
    QCOMPARE(o.panel->titleText(), QStringLiteral("body \u00b7 row 2"));
    QVERIFY(o.panel->noteText().isEmpty());

    // C is read after A on the same worker, so once C is shown A's result has been delivered too.
    QSignalSpy loaded(o.panel, &CellDetailPanel::cellLoaded);
    o.select(2, 1);
    QVERIFY(o.panel->isLoading());
    QVERIFY(loaded.wait(30000));
    QCOMPARE(loaded.size(), 1); // C only: A's result was dropped
    QVERIFY(o.panel->text().endsWith(QStringLiteral("END OF C")));
    QCOMPARE(o.panel->titleText(), QStringLiteral("body \u00b7 row 3"));
    QTest::qWait(100);
    QVERIFY(o.panel->text().endsWith(QStringLiteral("END OF C")));
    for (const QString& t : std::as_const(shownTexts))
        QVERIFY2(!t.contains(QStringLiteral("END OF A")) && !t.startsWith(a.left(100)),
                 "A's value reached the panel after the person moved on");
    QVERIFY(!shownTexts.isEmpty());
}

void TestDetailPanelLoad::largeTextEditableOnlyWhenWhole()
{
    const QString whole =
        bigText(QStringLiteral("whole"), 80000, QStringLiteral("THE END")); // ~3.3 MB of UTF-8
    const QString tooLong =
        bigText(QStringLiteral("long"), 130000, QStringLiteral("BEYOND THE LIMIT")); // > 4 MB
    QVERIFY(whole.toUtf8().size() > 3 * 1024 * 1024);
    QVERIFY(tooLong.toUtf8().size() > CellDetailPanel::kMaxTextBytes);
    const QString db = m_tmp.makeDb(QStringLiteral("text.db"),
                                    QStringLiteral("CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT);"));
    insert(db, QStringLiteral("INSERT INTO docs VALUES (1, ?), (2, ?)"), {whole, tooLong});
    Opened o = open(db, QStringLiteral("docs"), 2);
    QVERIFY(o.model->isRowLoaded(1));

    QSignalSpy loaded(o.panel, &CellDetailPanel::cellLoaded);
    std::optional<StallMeter> stall(std::in_place);
    o.select(0, 1);
    // Only the grid's prefix is here: shown, but read-only and refused by Apply.
    QVERIFY(o.panel->isLoading());
    QVERIFY(!o.panel->isEditable());
    QVERIFY(o.panel->textEdit()->isReadOnly());
    QVERIFY(!o.panel->applyButton()->isVisible());
    QVERIFY(whole.startsWith(o.panel->text()));
    QVERIFY(o.panel->text().size() < whole.size());
    QVERIFY(!o.panel->applyText());
    QVERIFY2(o.panel->noteText().startsWith(QStringLiteral("Still loading")),
             qPrintable(o.panel->noteText()));
    QCOMPARE(o.view->edits()->pendingCount(), 0);

    QVERIFY(loaded.wait(30000));
    qInfo("%lld KB of text: the GUI thread's longest stall from selecting the cell to the editable text: "
          "%lld ms",
          qint64(whole.toUtf8().size() / 1024), stall->longestMs());
    stall.reset();
    QVERIFY(!o.panel->isLoading());
    QCOMPARE(o.panel->text(), whole);
    QVERIFY(o.panel->isEditable());
    QVERIFY(!o.panel->textEdit()->isReadOnly());
    QVERIFY(!o.panel->applyButton()->isEnabled()); // nothing typed yet
    QVERIFY2(o.panel->noteText().isEmpty(), qPrintable(o.panel->noteText()));

    const QString edited = QString(whole).replace(QStringLiteral("THE END"), QStringLiteral("EDITED END"));
    o.panel->textEdit()->setPlainText(edited);
    QVERIFY(o.panel->applyButton()->isEnabled());
    const int steps = o.view->edits()->undoStack()->count();
    QElapsedTimer applyTimer;
    applyTimer.start();
    QVERIFY(o.panel->applyText());
    qInfo("Apply to Cell of the whole text (staged, shown again from memory): %lld ms", applyTimer.elapsed());
    QCOMPARE(o.view->edits()->undoStack()->count(), steps + 1); // through GridEdits: undoable
    QCOMPARE(o.panel->text(), edited);
    QVERIFY(!o.panel->applyButton()->isEnabled()); // the staged value is what the editor shows
    QCOMPARE(*o.model->valueAt(0, 1), SqlValue::text(edited));
    QVERIFY(applyEdits(*o.view));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT body FROM docs WHERE id = 1")), edited);

    // Longer than the panel reads: the prefix arrives, and stays read-only.
    QTRY_VERIFY(o.model->isRowLoaded(1));
    QSignalSpy loaded2(o.panel, &CellDetailPanel::cellLoaded);
    o.select(1, 1);
    QVERIFY(o.panel->isLoading());
    QVERIFY(loaded2.wait(30000));
    QVERIFY(!o.panel->isEditable());
    QVERIFY(o.panel->textEdit()->isReadOnly());
    QVERIFY(tooLong.startsWith(o.panel->text().left(o.panel->text().size() - 1))); // a cut character
    QVERIFY(o.panel->text().size() > 1000000);
    QVERIFY2(o.panel->noteText().startsWith(QStringLiteral("First ")), qPrintable(o.panel->noteText()));
    QVERIFY(!o.panel->applyText());
    QCOMPARE(o.view->edits()->pendingCount(), 0);
}

void TestDetailPanelLoad::errorsReachTheNote()
{
    const QString db = m_tmp.makeDb(QStringLiteral("errors.db"),
                                    QStringLiteral("CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT);"));
    insert(db, QStringLiteral("INSERT INTO docs VALUES (1, ?), (2, ?)"),
           {bigText(QStringLiteral("one"), 10000, {}), bigText(QStringLiteral("two"), 10000, {})});
    Opened o = open(db, QStringLiteral("docs"), 2);
    QVERIFY(o.model->isRowLoaded(1));
    // Deleted by another program after the grid read its page.
    test::execRaw(db, QStringLiteral("DELETE FROM docs WHERE id = 2"));
    QSignalSpy loaded(o.panel, &CellDetailPanel::cellLoaded);
    o.select(1, 1);
    QVERIFY(o.panel->isLoading());
    QVERIFY(loaded.wait(30000));
    QVERIFY2(o.panel->noteText().contains(QStringLiteral("no longer exists")),
             qPrintable(o.panel->noteText()));
    QVERIFY(!o.panel->isEditable());
    QVERIFY(!o.panel->text().isEmpty()); // the grid's prefix stays in view
}

void TestDetailPanelLoad::smallReadUnderALockWaitsOnTheWorker()
{
    // 5,000 characters: more than the grid holds, few enough to be read at once on the GUI thread.
    const QString text = bigText(QStringLiteral("short"), 150, QStringLiteral("END"));
    QVERIFY(text.size() > 1000 && 4 * text.size() <= CellDetailPanel::kInlineBytes);
    const QString db = m_tmp.makeDb(QStringLiteral("locked.db"),
                                    QStringLiteral("CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT);"));
    insert(db, QStringLiteral("INSERT INTO docs VALUES (1, ?)"), {text});
    Opened o = open(db, QStringLiteral("docs"), 1);
    QVERIFY(o.model->isRowLoaded(0));
    auto locker = Connection::open(db);
    QVERIFY(locker);
    QVERIFY((*locker)->exec(QStringLiteral("BEGIN EXCLUSIVE")));
    QSignalSpy loaded(o.panel, &CellDetailPanel::cellLoaded);
    o.select(0, 1);
    // The GUI connection gave up after its 80 ms; the worker waits for the lock instead.
    QVERIFY(o.panel->isLoading());
    QVERIFY(!o.panel->isEditable());
    QVERIFY2(o.panel->noteText().startsWith(QStringLiteral("Loading")), qPrintable(o.panel->noteText()));
    QTimer::singleShot(300, [&] { QVERIFY((*locker)->exec(QStringLiteral("COMMIT"))); });
    QVERIFY(loaded.wait(30000));
    QCOMPARE(o.panel->text(), text);
    QVERIFY(o.panel->isEditable());
    QVERIFY2(o.panel->noteText().isEmpty(), qPrintable(o.panel->noteText()));
}

void TestDetailPanelLoad::largeJsonPrettyOnceLoaded()
{
    QString json = QStringLiteral("[");
    for (int i = 0; i < 4000; ++i)
        json += QStringLiteral("%1{\"id\":%2,\"name\":\"item %2\"}")
                    .arg(i ? QStringLiteral(",") : QString())
                    .arg(i);
    json += QStringLiteral("]");
    QVERIFY(4 * json.size() > CellDetailPanel::kInlineBytes);
    const QString db = m_tmp.makeDb(
        QStringLiteral("json.db"),
        QStringLiteral("CREATE TABLE docs(id INTEGER PRIMARY KEY, doc TEXT CHECK (json_valid(doc)));"));
    insert(db, QStringLiteral("INSERT INTO docs VALUES (1, ?)"), {json});
    Opened o = open(db, QStringLiteral("docs"), 1);
    QVERIFY(o.model->isRowLoaded(0));
    QSignalSpy loaded(o.panel, &CellDetailPanel::cellLoaded);
    o.select(0, 1);
    QVERIFY(o.panel->isLoading());
    QVERIFY(!o.panel->isShowingJson()); // the prefix is shown as it is, read-only
    QVERIFY(loaded.wait(30000));
    QVERIFY(o.panel->isShowingJson());
    QVERIFY(o.panel->isEditable());
    QCOMPARE(o.panel->text(), prettyJson(json));
    QVERIFY2(o.panel->noteText().startsWith(QStringLiteral("Valid JSON")), qPrintable(o.panel->noteText()));
    QCOMPARE(o.panel->textEdit()->document()->defaultFont().family(),
             QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
}

QTEST_MAIN(TestDetailPanelLoad)
#include "tst_detail_panel_load.moc"
