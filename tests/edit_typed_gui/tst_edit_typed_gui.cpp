// The grid's typed cell editors and the cell detail panel as an editor, offscreen on real files:
// each column kind gets its editor and stages the right SQLite type, STRICT and JSON columns refuse
// or warn before anything is staged, NULL stays distinct from '', a 50 MB file goes into a BLOB and
// back out byte for byte, and Drizzle hints (the demo project, and a project written here) choose
// the editors.
#include "DatabaseSession.h"
#include "core/Connection.h"
#include "edit/CellEditorDelegate.h"
#include "edit/ColumnEditors.h"
#include "edit/GridEdits.h"
#include "edit/JsonText.h"
#include "grid/BlobPreview.h"
#include "grid/CellDetailPanel.h"
#include "grid/TableGridModel.h"
#include "grid/TableGridView.h"

#include "TestSupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDateTimeEdit>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTableView>
#include <QToolTip>
#include <QUndoStack>
#include <QtTest>

using namespace sluice;
using namespace sluice::ui;
using sluice::test::TempDir;

namespace {

const char* kSchema = R"(
CREATE TABLE strict_t(id INTEGER PRIMARY KEY, qty INTEGER, price REAL, note TEXT) STRICT;
INSERT INTO strict_t VALUES (1, 5, 1.5, 'a');
CREATE TABLE typed(
  id INTEGER PRIMARY KEY,
  flag INTEGER CHECK (flag IN (0, 1)),
  status TEXT CHECK (status IN ('draft', 'live')),
  doc TEXT CHECK (json_valid(doc)),
  loose JSON,
  body TEXT,
  data BLOB
);
INSERT INTO typed VALUES (1, 0, 'draft', '{"a":1,"b":[1,2]}', '[1]', 'line one
line two', NULL);
INSERT INTO typed VALUES (2, NULL, NULL, '{}', NULL, NULL, NULL);
INSERT INTO typed VALUES (3, 1, 'live', '1', 'x', 'short', X'0102');
CREATE VIEW typed_bodies AS SELECT id, body FROM typed;
CREATE TRIGGER typed_bodies_update INSTEAD OF UPDATE ON typed_bodies
BEGIN UPDATE typed SET body = NEW.body WHERE id = OLD.id; END;
)";

int columnOf(const TableGridModel* m, const QString& name)
{
    for (int c = 0; c < m->columnCount(); ++c)
        if (m->source()->columns().at(c).name == name)
            return c;
    return -1;
}

// The process's peak resident size (VmHWM), in KB; 0 where /proc is not there.
qint64 peakRssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

struct Opened
{
    std::unique_ptr<DatabaseSession> session;
    std::unique_ptr<TableGridView> view;
    TableGridModel* model = nullptr;
    CellEditorDelegate* delegate = nullptr;
};

// Copies a folder tree (the demo project, so the test never writes into resources/).
void copyTree(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    const QDir src(from);
    for (const QFileInfo& fi : src.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (fi.fileName() == QLatin1String("node_modules") || fi.fileName() == QLatin1String("data"))
            continue;
        if (fi.isDir())
            copyTree(fi.absoluteFilePath(), to + QLatin1Char('/') + fi.fileName());
        else
            QVERIFY(QFile::copy(fi.absoluteFilePath(), to + QLatin1Char('/') + fi.fileName()));
    }
}

} // namespace

class TestEditTypedGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jsonCheckNamesPosition();
    void strictIntegerRefusesText();
    void booleanAndEnumFromCheck();
    void jsonConstrainedRefusedLooseWarned();
    void multiLineTextEditor();
    void viewEditedThroughTrigger();
    void nullStaysDistinctFromEmpty();
    void detailPanelEditsJsonAndText();
    void blobFileLoadApplySave();
    void drizzleDemoHintsPickEditors();
    void writtenProjectTimestampMsAndJson();

private:
    Opened open(const QString& db, const QString& table)
    {
        Opened o;
        auto s = DatabaseSession::open(db);
        if (!s)
            qFatal("%s", qPrintable(s.error().message()));
        o.session = std::move(s.value());
        o.view = std::make_unique<TableGridView>(*o.session);
        o.view->resize(1000, 600);
        o.view->setDetailPanelVisible(true);
        o.view->showTable(table);
        o.model = o.view->model();
        o.delegate = qobject_cast<CellEditorDelegate*>(o.view->tableView()->itemDelegate());
        return o;
    }
    bool apply(TableGridView& view)
    {
        QSignalSpy done(&view, &TableGridView::applyFinished);
        view.applyEdits();
        return done.wait(20000) && done.first().first().toBool();
    }
    QWidget* editorFor(Opened& o, int row, int col)
    {
        QStyleOptionViewItem option;
        const QModelIndex idx = o.model->index(row, col);
        QWidget* ed = o.delegate->createEditor(o.view->tableView()->viewport(), option, idx);
        o.delegate->setEditorData(ed, idx);
        return ed;
    }
    TempDir m_tmp;
};

void TestEditTypedGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SluiceTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_edit_typed_gui"));
}

void TestEditTypedGui::jsonCheckNamesPosition()
{
    QVERIFY(checkJson(QStringLiteral("42")).valid); // json_valid('42') is 1 in SQLite too
    QVERIFY(checkJson(QStringLiteral("\"x\"")).valid);
    QVERIFY(checkJson(QStringLiteral("{\"a\": [1, 2]}")).valid);
    QVERIFY(!checkJson(QString()).valid);
    QVERIFY(!checkJson(QStringLiteral("1, 2")).valid);
    const JsonCheck bad = checkJson(QStringLiteral("{\n  \"a\": 1,\n  \"b\" 2\n}"));
    QVERIFY(!bad.valid);
    QCOMPARE(bad.line, 3);
    QVERIFY2(bad.message().contains(QStringLiteral("line 3")), qPrintable(bad.message()));
    QCOMPARE(prettyJson(QStringLiteral("{\"a\":1}")), QStringLiteral("{\n  \"a\": 1\n}"));
    // Keys keep their order, big integers their digits, strings their spaces and escapes.
    const QString mixed = QStringLiteral("{\"b\":12345678901234567890,\"a\":[\"x, y:\\\"z\\\"\",{}, []]}");
    const QString laidOut = QStringLiteral(
        "{\n  \"b\": 12345678901234567890,\n  \"a\": [\n    \"x, y:\\\"z\\\"\",\n    {},\n    []\n  ]\n}");
    QCOMPARE(prettyJson(mixed), laidOut);
    QCOMPARE(prettyJson(QStringLiteral("not json")), QStringLiteral("not json"));
}

void TestEditTypedGui::strictIntegerRefusesText()
{
    const QString db = m_tmp.makeDb(QStringLiteral("strict.db"), QString::fromLatin1(kSchema));
    Opened o = open(db, QStringLiteral("strict_t"));
    QVERIFY(o.delegate);
    QTRY_VERIFY(o.model->isRowLoaded(0));
    const int qty = columnOf(o.model, QStringLiteral("qty"));
    const int price = columnOf(o.model, QStringLiteral("price"));

    // Through the real edit path: the view opens the editor, Enter tries to commit.
    o.view->show();
    QVERIFY(QTest::qWaitForWindowExposed(o.view.get()));
    QTableView* table = o.view->tableView();
    const QModelIndex idx = o.model->index(0, qty);
    table->setCurrentIndex(idx);
    table->edit(idx);
    auto* line = table->viewport()->findChild<QLineEdit*>(QStringLiteral("integerEditor"));
    QVERIFY(line);
    QSignalSpy refused(o.delegate, &CellEditorDelegate::editRefused);
    QSignalSpy closed(o.delegate, &QAbstractItemDelegate::closeEditor);
    line->selectAll();
    QTest::keyClicks(line, QStringLiteral("abc"));
    QTest::keyClick(line, Qt::Key_Return);
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.first().first().toString().contains(QStringLiteral("STRICT")),
             qPrintable(refused.first().first().toString()));
    QVERIFY(refused.first().first().toString().contains(QStringLiteral("abc")));
    QCOMPARE(o.view->edits()->pendingCount(), 0);
    QVERIFY(line->isVisible()); // still open, so the person can fix it
    QCOMPARE(closed.size(), 0);
    line->selectAll();
    QTest::keyClicks(line, QStringLiteral("42"));
    QTest::keyClick(line, Qt::Key_Return); // the view commits on its next event loop turn
    QTRY_COMPARE(o.view->edits()->pendingCount(), 1);
    QCOMPARE(*o.model->valueAt(0, qty), SqlValue::integer(42));

    // Leaving a refused editor by other means stages nothing either.
    QWidget* ed = editorFor(o, 0, price);
    QCOMPARE(ed->objectName(), QStringLiteral("realEditor"));
    static_cast<QLineEdit*>(ed)->setText(QStringLiteral("cheap"));
    static_cast<QLineEdit*>(ed)->setModified(true);
    o.delegate->setModelData(ed, o.model, o.model->index(0, price));
    QVERIFY(o.delegate->lastMessage().contains(QStringLiteral("REAL")));
    QCOMPARE(*o.model->valueAt(0, price), SqlValue::real(1.5));
    static_cast<QLineEdit*>(ed)->setText(QStringLiteral("2.25"));
    o.delegate->setModelData(ed, o.model, o.model->index(0, price));
    QCOMPARE(*o.model->valueAt(0, price), SqlValue::real(2.25));
    delete ed;
    QVERIFY(apply(*o.view));
    QCOMPARE(
        test::queryRaw(db, QStringLiteral("SELECT typeof(qty) || ':' || qty || ':' || price FROM strict_t")),
        QStringLiteral("integer:42:2.25"));
}

void TestEditTypedGui::booleanAndEnumFromCheck()
{
    const QString db = m_tmp.makeDb(QStringLiteral("bool.db"), QString::fromLatin1(kSchema));
    Opened o = open(db, QStringLiteral("typed"));
    QTRY_VERIFY(o.model->isRowLoaded(2));
    const int flag = columnOf(o.model, QStringLiteral("flag"));
    const int status = columnOf(o.model, QStringLiteral("status"));
    QCOMPARE(o.delegate->editorOf(flag).kind, EditorKind::Boolean);
    QVERIFY(o.delegate->typedDisplayText(o.model->index(0, flag)).contains(QStringLiteral("false")));
    QVERIFY(o.delegate->typedDisplayText(o.model->index(2, flag)).contains(QStringLiteral("true")));

    QWidget* ed = editorFor(o, 0, flag);
    auto* box = qobject_cast<QCheckBox*>(ed);
    QVERIFY(box);
    QVERIFY(!box->isChecked());
    box->setChecked(true);
    o.delegate->setModelData(ed, o.model, o.model->index(0, flag));
    QCOMPARE(*o.model->valueAt(0, flag), SqlValue::integer(1));
    delete ed;

    ed = editorFor(o, 0, status);
    auto* combo = qobject_cast<QComboBox*>(ed);
    QVERIFY(combo);
    QCOMPARE(combo->count(), 2);
    QCOMPARE(combo->currentText(), QStringLiteral("draft"));
    combo->setCurrentIndex(combo->findData(QStringLiteral("live")));
    o.delegate->setModelData(ed, o.model, o.model->index(0, status));
    QCOMPARE(*o.model->valueAt(0, status), SqlValue::text(QStringLiteral("live")));
    delete ed;

    // On NULL the list offers NULL first; leaving it untouched stages nothing.
    ed = editorFor(o, 1, status);
    combo = qobject_cast<QComboBox*>(ed);
    QCOMPARE(combo->count(), 3);
    QCOMPARE(combo->currentText(), QStringLiteral("NULL"));
    const int before = o.view->edits()->undoStack()->count();
    o.delegate->setModelData(ed, o.model, o.model->index(1, status));
    QCOMPARE(o.view->edits()->undoStack()->count(), before);
    delete ed;

    QVERIFY(apply(*o.view));
    QCOMPARE(
        test::queryRaw(db, QStringLiteral("SELECT typeof(flag) || ':' || flag || ':' || status FROM typed "
                                          "WHERE id = 1")),
        QStringLiteral("integer:1:live"));
}

void TestEditTypedGui::jsonConstrainedRefusedLooseWarned()
{
    const QString db = m_tmp.makeDb(QStringLiteral("json.db"), QString::fromLatin1(kSchema));
    Opened o = open(db, QStringLiteral("typed"));
    QTRY_VERIFY(o.model->isRowLoaded(2));
    const int doc = columnOf(o.model, QStringLiteral("doc"));
    const int loose = columnOf(o.model, QStringLiteral("loose"));
    QCOMPARE(o.delegate->editorOf(doc).kind, EditorKind::Json);
    QVERIFY(o.delegate->editorOf(doc).constrained);
    QCOMPARE(o.delegate->editorOf(loose).kind, EditorKind::Json);
    QVERIFY(!o.delegate->editorOf(loose).constrained);

    QWidget* ed = editorFor(o, 2, doc);
    QCOMPARE(ed->objectName(), QStringLiteral("jsonEditor"));
    static_cast<QLineEdit*>(ed)->setText(QStringLiteral("{\"a\": }"));
    o.delegate->setModelData(ed, o.model, o.model->index(2, doc));
    QVERIFY2(o.delegate->lastMessage().contains(QStringLiteral("at line 1, column ")),
             qPrintable(o.delegate->lastMessage()));
    QVERIFY(o.delegate->lastMessage().contains(QStringLiteral("nothing was staged")));
    QCOMPARE(o.view->edits()->pendingCount(), 0);
    delete ed;

    // Unconstrained: Enter asks; "Edit Again" keeps the editor open, "Keep as Text" stages it.
    o.view->show();
    QVERIFY(QTest::qWaitForWindowExposed(o.view.get()));
    QStringList asked;
    bool keep = false;
    o.delegate->setInvalidJsonPrompt([&](QWidget*, const QString& message) {
        asked << message;
        return keep;
    });
    QTableView* table = o.view->tableView();
    const QModelIndex idx = o.model->index(2, loose);
    table->setCurrentIndex(idx);
    table->edit(idx);
    auto* line = table->viewport()->findChild<QLineEdit*>(QStringLiteral("jsonEditor"));
    QVERIFY(line);
    line->selectAll();
    QTest::keyClicks(line, QStringLiteral("not json"));
    QTest::keyClick(line, Qt::Key_Return);
    QCOMPARE(asked.size(), 1);
    QVERIFY(asked.first().contains(QStringLiteral("plain text")));
    QCOMPARE(o.view->edits()->pendingCount(), 0);
    keep = true;
    QTest::keyClick(line, Qt::Key_Return);
    QCOMPARE(asked.size(), 2);
    QTRY_COMPARE(o.view->edits()->pendingCount(), 1);
    QCOMPARE(*o.model->valueAt(2, loose), SqlValue::text(QStringLiteral("not json")));
    QVERIFY(apply(*o.view));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT loose FROM typed WHERE id = 3")),
             QStringLiteral("not json"));
}

void TestEditTypedGui::multiLineTextEditor()
{
    const QString db = m_tmp.makeDb(QStringLiteral("text.db"), QString::fromLatin1(kSchema));
    Opened o = open(db, QStringLiteral("typed"));
    QTRY_VERIFY(o.model->isRowLoaded(2));
    const int body = columnOf(o.model, QStringLiteral("body"));
    QWidget* ed = editorFor(o, 0, body);
    auto* plain = qobject_cast<QPlainTextEdit*>(ed);
    QVERIFY(plain);
    QCOMPARE(plain->toPlainText(),
             QStringLiteral("line one\nline two")); // the whole value, not the grid's line
    plain->setPlainText(QStringLiteral("line one\nline 2\nline 3"));
    o.delegate->setModelData(ed, o.model, o.model->index(0, body));
    QCOMPARE(*o.model->valueAt(0, body), SqlValue::text(QStringLiteral("line one\nline 2\nline 3")));
    delete ed;
    ed = editorFor(o, 2, body);
    QCOMPARE(ed->objectName(), QStringLiteral("textEditor"));
    QVERIFY(qobject_cast<QLineEdit*>(ed));
    delete ed;
    QVERIFY(apply(*o.view));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT body FROM typed WHERE id = 1")),
             QStringLiteral("line one\nline 2\nline 3"));
}

void TestEditTypedGui::viewEditedThroughTrigger()
{
    const QString db = m_tmp.makeDb(QStringLiteral("view.db"), QString::fromLatin1(kSchema));
    Opened o = open(db, QStringLiteral("typed_bodies"));
    QTRY_VERIFY(o.model->isRowLoaded(2));
    const int body = columnOf(o.model, QStringLiteral("body"));
    QVERIFY(o.model->flags(o.model->index(2, body)) & Qt::ItemIsEditable);
    QWidget* ed = editorFor(o, 2, body);
    auto* line = qobject_cast<QLineEdit*>(ed);
    QVERIFY(line);
    line->setText(QStringLiteral("via the view"));
    line->setModified(true);
    o.delegate->setModelData(ed, o.model, o.model->index(2, body));
    delete ed;
    QCOMPARE(*o.model->valueAt(2, body), SqlValue::text(QStringLiteral("via the view")));
    // The detail panel edits view cells through the same trigger.
    o.view->tableView()->setCurrentIndex(o.model->index(0, body));
    CellDetailPanel* panel = o.view->detailPanel();
    QVERIFY(panel->isEditable());
    panel->textEdit()->setPlainText(QStringLiteral("from the panel"));
    QVERIFY(panel->applyText());
    QVERIFY(apply(*o.view));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT body FROM typed WHERE id = 3")),
             QStringLiteral("via the view"));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT body FROM typed WHERE id = 1")),
             QStringLiteral("from the panel"));
}

void TestEditTypedGui::nullStaysDistinctFromEmpty()
{
    const QString db = m_tmp.makeDb(QStringLiteral("null.db"), QString::fromLatin1(kSchema));
    Opened o = open(db, QStringLiteral("typed"));
    QTRY_VERIFY(o.model->isRowLoaded(2));
    const int body = columnOf(o.model, QStringLiteral("body"));
    const int flag = columnOf(o.model, QStringLiteral("flag"));
    // Opening editors on NULL cells and leaving them untouched stages nothing.
    for (int col : {body, flag}) {
        QWidget* ed = editorFor(o, 1, col);
        o.delegate->setModelData(ed, o.model, o.model->index(1, col));
        delete ed;
    }
    QCOMPARE(o.view->edits()->pendingCount(), 0);
    // The detail panel shows NULL as NULL, and Apply on the untouched editor stages nothing.
    o.view->tableView()->setCurrentIndex(o.model->index(1, body));
    CellDetailPanel* panel = o.view->detailPanel();
    QCOMPARE(panel->text(), QStringLiteral("NULL"));
    QCOMPARE(panel->textEdit()->toPlainText(), QString()); // NULL is the placeholder, not the text
    QCOMPARE(panel->textEdit()->placeholderText(), QStringLiteral("NULL"));
    QVERIFY(panel->noteText().contains(QStringLiteral("not empty text")));
    QVERIFY(!panel->applyText());
    QCOMPARE(o.view->edits()->pendingCount(), 0);

    // Empty text is a value of its own: typed into row 3, it is staged and written as ''.
    QWidget* ed = editorFor(o, 2, body);
    auto* line = qobject_cast<QLineEdit*>(ed);
    line->clear();
    line->setModified(true);
    o.delegate->setModelData(ed, o.model, o.model->index(2, body));
    delete ed;
    QCOMPARE(*o.model->valueAt(2, body), SqlValue::text(QString()));
    QVERIFY(apply(*o.view));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT typeof(body) FROM typed WHERE id = 2")),
             QStringLiteral("null"));
    QCOMPARE(test::queryRaw(
                 db, QStringLiteral("SELECT typeof(body) || ':' || length(body) FROM typed WHERE id = 3")),
             QStringLiteral("text:0"));
}

void TestEditTypedGui::detailPanelEditsJsonAndText()
{
    const QString db = m_tmp.makeDb(QStringLiteral("panel.db"), QString::fromLatin1(kSchema));
    Opened o = open(db, QStringLiteral("typed"));
    QTRY_VERIFY(o.model->isRowLoaded(2));
    CellDetailPanel* panel = o.view->detailPanel();
    panel->setInvalidJsonPrompt([](QWidget*, const QString&) { return false; });
    const int doc = columnOf(o.model, QStringLiteral("doc"));
    o.view->tableView()->setCurrentIndex(o.model->index(0, doc));
    QVERIFY(panel->isShowingJson());
    QCOMPARE(panel->text(), prettyJson(QStringLiteral("{\"a\":1,\"b\":[1,2]}")));
    QVERIFY(panel->text().contains(QLatin1Char('\n')));
    QVERIFY2(panel->noteText().startsWith(QStringLiteral("Valid JSON")), qPrintable(panel->noteText()));
    QVERIFY(!panel->applyButton()->isEnabled()); // nothing typed yet

    panel->textEdit()->setPlainText(QStringLiteral("{\"a\": 1,\n \"b\": }"));
    QVERIFY2(panel->noteText().contains(QStringLiteral("line 2")), qPrintable(panel->noteText()));
    QVERIFY(panel->applyButton()->isEnabled());
    QVERIFY(!panel->applyText());
    QVERIFY(panel->noteText().contains(QStringLiteral("nothing was staged")));
    QCOMPARE(o.view->edits()->pendingCount(), 0);

    panel->textEdit()->setPlainText(QStringLiteral("{\"a\": 2}"));
    const int steps = o.view->edits()->undoStack()->count();
    QVERIFY(panel->applyText());
    QCOMPARE(o.view->edits()->undoStack()->count(), steps + 1); // through GridEdits: undoable
    QCOMPARE(*o.model->valueAt(0, doc), SqlValue::text(QStringLiteral("{\"a\": 2}")));

    // Timestamps read as dates in the note even without hints when the column says so.
    const int body = columnOf(o.model, QStringLiteral("body"));
    o.view->tableView()->setCurrentIndex(o.model->index(0, body));
    QCOMPARE(panel->text(), QStringLiteral("line one\nline two"));
    panel->textEdit()->setPlainText(QStringLiteral("changed\nin the panel"));
    QVERIFY(panel->applyText());
    o.view->edits()->undoStack()->undo();
    QCOMPARE(*o.model->valueAt(0, body), SqlValue::text(QStringLiteral("line one\nline two")));
    o.view->edits()->undoStack()->redo();
    QVERIFY(apply(*o.view));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT body FROM typed WHERE id = 1")),
             QStringLiteral("changed\nin the panel"));
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT json_extract(doc, '$.a') FROM typed WHERE id = 1")),
             QStringLiteral("2"));
}

void TestEditTypedGui::blobFileLoadApplySave()
{
    const QString db = m_tmp.makeDb(QStringLiteral("blob.db"), QString::fromLatin1(kSchema));
    // 50 MB that no compressor or pattern check could shortcut.
    QByteArray bytes(50 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator gen(42);
    gen.fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
    const QString file = m_tmp.writeFile(QStringLiteral("big.bin"), bytes);
    const QByteArray sha = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);

    Opened o = open(db, QStringLiteral("typed"));
    QTRY_VERIFY(o.model->isRowLoaded(2));
    const int data = columnOf(o.model, QStringLiteral("data"));
    CellDetailPanel* panel = o.view->detailPanel();
    o.view->tableView()->setCurrentIndex(o.model->index(0, data));
    QSignalSpy loaded(panel, &CellDetailPanel::blobLoaded);
    const qint64 peakBefore = peakRssKb();
    QElapsedTimer t;
    t.start();
    panel->loadBlobFromFile(file);
    QVERIFY(loaded.wait(30000));
    const qint64 loadMs = t.elapsed();
    // Read into one buffer of the final size and staged without copies: about one file's worth.
    const qint64 loadGrowthMb = (peakRssKb() - peakBefore) / 1024;
    QVERIFY2(loaded.first().first().toBool(), qPrintable(loaded.first().at(1).toString()));
    QCOMPARE(o.model->valueAt(0, data)->toBlob().size(), bytes.size());
    QVERIFY(panel->isShowingBlob());
    QVERIFY2(panel->blobPreview()->infoText().contains(QStringLiteral("52428800 bytes")),
             qPrintable(panel->blobPreview()->infoText()));
    // The hex view is bounded: the first 4 KB with their offsets, not 50 MB of text.
    QVERIFY(panel->blobPreview()->hexText().size() < 40000);
    QVERIFY(panel->blobPreview()->hexText().startsWith(QStringLiteral("00000000  ")));
    t.restart();
    QVERIFY(apply(*o.view));
    const qint64 applyMs = t.elapsed();
    const qint64 peakGrowthMb = (peakRssKb() - peakBefore) / 1024;
    QCOMPARE(test::queryRaw(db, QStringLiteral("SELECT length(data) FROM typed WHERE id = 1")),
             QString::number(bytes.size()));
    {
        auto c = Connection::open(db);
        QVERIFY(c);
        Result<QVariant> v = (*c)->scalar(QStringLiteral("SELECT data FROM typed WHERE id = 1"));
        QVERIFY(v);
        QCOMPARE(QCryptographicHash::hash(v->toByteArray(), QCryptographicHash::Sha256), sha);
    }
    // Save to file reads the applied value back from the database (the grid has only a prefix).
    QTRY_VERIFY(o.model->isRowLoaded(0));
    o.view->tableView()->setCurrentIndex(o.model->index(1, data));
    o.view->tableView()->setCurrentIndex(o.model->index(0, data));
    QVERIFY(!o.model->valueAt(0, data)); // not held whole in the grid
    QSignalSpy saved(panel, &CellDetailPanel::blobSaved);
    const QString out = m_tmp.path(QStringLiteral("out.bin"));
    panel->saveCellToFile(out);
    QVERIFY(saved.wait(30000));
    QVERIFY2(saved.first().first().toBool(), qPrintable(saved.first().at(1).toString()));
    QCOMPARE(test::fileSha256(out), test::fileSha256(file));
    qInfo("50 MB BLOB: load+stage %lld ms (peak memory +%lld MB), apply %lld ms (peak +%lld MB in all)",
          loadMs, loadGrowthMb, applyMs, peakGrowthMb);
#if !defined(__SANITIZE_ADDRESS__) // its quarantine keeps freed buffers alive
    QVERIFY2(loadGrowthMb < 90, qPrintable(QString::number(loadGrowthMb))); // one 50 MB buffer, not two
#endif

    // A small BLOB staged in memory saves without a database read.
    o.view->tableView()->setCurrentIndex(o.model->index(2, data));
    QSignalSpy saved2(panel, &CellDetailPanel::blobSaved);
    panel->saveCellToFile(m_tmp.path(QStringLiteral("small.bin")));
    QVERIFY(saved2.wait(10000));
    QFile small(m_tmp.path(QStringLiteral("small.bin")));
    QVERIFY(small.open(QIODevice::ReadOnly));
    QCOMPARE(small.readAll(), QByteArray("\x01\x02", 2));
    // A missing file is refused with its name and nothing is staged.
    QSignalSpy failed(panel, &CellDetailPanel::blobLoaded);
    panel->loadBlobFromFile(m_tmp.path(QStringLiteral("missing.bin")));
    QVERIFY(failed.wait(10000));
    QVERIFY(!failed.first().first().toBool());
    QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("missing.bin")));
    QCOMPARE(o.view->edits()->pendingCount(), 0);
}

void TestEditTypedGui::drizzleDemoHintsPickEditors()
{
    const QString demo = m_tmp.path(QStringLiteral("demo"));
    copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), demo);
    // The demo database as its migrations make it (the demo's data/ is built, not committed).
    QString sql;
    for (const QFileInfo& fi : QDir(demo + QStringLiteral("/drizzle"))
                                   .entryInfoList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name)) {
        QFile f(fi.absoluteFilePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        sql +=
            QString::fromUtf8(f.readAll()) + QStringLiteral(";\n"); // "--> statement-breakpoint" is a comment
    }
    QVERIFY2(sql.contains(QStringLiteral("CREATE TABLE `users`")), qPrintable(demo));
    QDir().mkpath(demo + QStringLiteral("/data"));
    // A role outside the enum (no CHECK enforces Drizzle's enum): kept in the drop-down.
    sql += QStringLiteral("INSERT INTO users(email, name, role, is_active, created_at) "
                          "VALUES ('a@example.com', 'Ann', 'ghost', 1, 1600000000);");
    const QString db = m_tmp.makeDb(QStringLiteral("demo/data/demo.db"), sql);
    Opened o = open(db, QStringLiteral("users"));
    QTRY_VERIFY(o.model->isRowLoaded(0));
    auto* editors = o.view->findChild<ColumnEditors*>();
    QVERIFY(editors);
    QTRY_VERIFY(editors->hintsLoaded());
    QCOMPARE(editors->project().snapshotPath, latestSnapshotPath(demo + QStringLiteral("/drizzle")));
    QVERIFY(editors->project().snapshotPath.endsWith(QStringLiteral("_snapshot.json")));
    const int created = columnOf(o.model, QStringLiteral("created_at"));
    const int active = columnOf(o.model, QStringLiteral("is_active"));
    const int role = columnOf(o.model, QStringLiteral("role"));
    QCOMPARE(o.delegate->editorOf(created).kind, EditorKind::TimestampSeconds);
    QCOMPARE(o.delegate->editorOf(active).kind, EditorKind::Boolean);
    QCOMPARE(o.delegate->editorOf(role).kind, EditorKind::Enum);

    // The grid shows the local date-time; the editor stages unix seconds.
    const qint64 stored = o.model->valueAt(0, created)->toInteger();
    QCOMPARE(o.delegate->typedDisplayText(o.model->index(0, created)),
             QDateTime::fromSecsSinceEpoch(stored).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    QWidget* ed = editorFor(o, 0, created);
    auto* dt = qobject_cast<QDateTimeEdit*>(ed);
    QVERIFY(dt);
    QCOMPARE(dt->dateTime().toSecsSinceEpoch(), stored);
    dt->setDateTime(QDateTime::fromSecsSinceEpoch(1700000000));
    o.delegate->setModelData(ed, o.model, o.model->index(0, created));
    QCOMPARE(*o.model->valueAt(0, created), SqlValue::integer(1700000000));
    delete ed;

    ed = editorFor(o, 0, active);
    auto* box = qobject_cast<QCheckBox*>(ed);
    QVERIFY(box);
    box->setChecked(!box->isChecked());
    const qint64 want = box->isChecked() ? 1 : 0;
    o.delegate->setModelData(ed, o.model, o.model->index(0, active));
    QCOMPARE(*o.model->valueAt(0, active), SqlValue::integer(want));
    delete ed;

    ed = editorFor(o, 0, role);
    auto* combo = qobject_cast<QComboBox*>(ed);
    QVERIFY(combo);
    QCOMPARE(combo->count(), 5);
    QVERIFY(combo->currentText().startsWith(QStringLiteral("ghost")));
    o.delegate->setModelData(ed, o.model, o.model->index(0, role)); // kept: nothing staged for it
    QVERIFY(!o.model->isCellChanged(0, role));
    combo->setCurrentIndex(combo->findData(QStringLiteral("editor")));
    o.delegate->setModelData(ed, o.model, o.model->index(0, role));
    QCOMPARE(*o.model->valueAt(0, role), SqlValue::text(QStringLiteral("editor")));
    delete ed;

    // The detail panel decodes the timestamp.
    o.view->tableView()->setCurrentIndex(o.model->index(0, created));
    QVERIFY2(o.view->detailPanel()->noteText().contains(QStringLiteral("UTC: 2023-11-14 22:13:20")),
             qPrintable(o.view->detailPanel()->noteText()));
    QVERIFY(apply(*o.view));
    QCOMPARE(test::queryRaw(
                 db, QStringLiteral("SELECT typeof(created_at) || ':' || created_at || ':' || is_active "
                                    "|| ':' || role FROM users ORDER BY id LIMIT 1")),
             QStringLiteral("integer:1700000000:%1:editor").arg(want));
}

void TestEditTypedGui::writtenProjectTimestampMsAndJson()
{
    const QString dir = m_tmp.path(QStringLiteral("proj"));
    QDir().mkpath(dir + QStringLiteral("/drizzle/meta"));
    QDir().mkpath(dir + QStringLiteral("/src"));
    m_tmp.writeFile(QStringLiteral("proj/drizzle.config.ts"),
                    "export default { dialect: 'sqlite', schema: './src/schema.ts', out: './drizzle',\n"
                    "  dbCredentials: { url: 'file:./app.db' } };\n");
    m_tmp.writeFile(QStringLiteral("proj/src/schema.ts"),
                    "export const events = sqliteTable('events', {\n"
                    "  id: integer('id').primaryKey(),\n"
                    "  seenAt: integer('seen_ms', { mode: 'timestamp_ms' }),\n"
                    "  meta: text('meta', { mode: 'json' }),\n"
                    "});\n");
    // Only the snapshot knows this one: a boolean-mode column keeps its default as JSON true.
    m_tmp.writeFile(QStringLiteral("proj/drizzle/meta/0000_snapshot.json"),
                    R"({"version":"6","dialect":"sqlite","tables":{"events":{"name":"events","columns":{
                       "id":{"name":"id","type":"integer","primaryKey":true,"notNull":true},
                       "done":{"name":"done","type":"integer","primaryKey":false,"notNull":true,"default":true}}}}})");
    const QString db =
        m_tmp.makeDb(QStringLiteral("proj/app.db"),
                     QStringLiteral("CREATE TABLE events(id INTEGER PRIMARY KEY, seen_ms INTEGER, "
                                    "meta TEXT, done INTEGER NOT NULL DEFAULT 1);"
                                    "INSERT INTO events VALUES (1, 1700000000123, '{}', 1);"));
    Opened o = open(db, QStringLiteral("events"));
    QTRY_VERIFY(o.model->isRowLoaded(0));
    auto* editors = o.view->findChild<ColumnEditors*>();
    QTRY_VERIFY(editors->hintsLoaded());
    const int seen = columnOf(o.model, QStringLiteral("seen_ms"));
    const int meta = columnOf(o.model, QStringLiteral("meta"));
    const int done = columnOf(o.model, QStringLiteral("done"));
    QCOMPARE(o.delegate->editorOf(seen).kind, EditorKind::TimestampMillis);
    QCOMPARE(o.delegate->editorOf(meta).kind, EditorKind::Json);
    QCOMPARE(o.delegate->editorOf(done).kind, EditorKind::Boolean);
    QVERIFY(o.delegate->typedDisplayText(o.model->index(0, seen)).endsWith(QStringLiteral(".123")));

    // The tooltip gives the raw number and the UTC time.
    o.view->show();
    QVERIFY(QTest::qWaitForWindowExposed(o.view.get()));
    QTableView* table = o.view->tableView();
    const QRect cellRect = table->visualRect(o.model->index(0, seen));
    QHelpEvent help(QEvent::ToolTip, cellRect.center(), table->viewport()->mapToGlobal(cellRect.center()));
    QStyleOptionViewItem option;
    option.rect = cellRect;
    QVERIFY(o.delegate->helpEvent(&help, table, option, o.model->index(0, seen)));
    QVERIFY2(QToolTip::text().contains(QStringLiteral("1700000000123 (unix time in milliseconds)")),
             qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().contains(QStringLiteral("UTC: 2023-11-14 22:13:20.123")));

    QWidget* ed = editorFor(o, 0, seen);
    auto* dt = qobject_cast<QDateTimeEdit*>(ed);
    QVERIFY(dt);
    QCOMPARE(dt->dateTime().toMSecsSinceEpoch(), 1700000000123LL);
    dt->setDateTime(QDateTime::fromMSecsSinceEpoch(1800000000456LL));
    o.delegate->setModelData(ed, o.model, o.model->index(0, seen));
    QCOMPARE(*o.model->valueAt(0, seen), SqlValue::integer(1800000000456LL));
    delete ed;

    // Drizzle's mode 'json' without a CHECK: invalid JSON is warned about and kept as text.
    ed = editorFor(o, 0, meta);
    QCOMPARE(ed->objectName(), QStringLiteral("jsonEditor"));
    static_cast<QLineEdit*>(ed)->setText(QStringLiteral("{oops"));
    o.delegate->setModelData(ed, o.model, o.model->index(0, meta));
    QVERIFY(o.delegate->lastMessage().contains(QStringLiteral("Not valid JSON")));
    QCOMPARE(*o.model->valueAt(0, meta), SqlValue::text(QStringLiteral("{oops")));
    delete ed;
    QVERIFY(apply(*o.view));
    QCOMPARE(test::queryRaw(
                 db, QStringLiteral("SELECT typeof(seen_ms) || ':' || seen_ms || ':' || meta FROM events")),
             QStringLiteral("integer:1800000000456:{oops"));
}

QTEST_MAIN(TestEditTypedGui)
#include "tst_edit_typed_gui.moc"
