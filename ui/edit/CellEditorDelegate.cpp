#include "CellEditorDelegate.h"

#include "ColumnEditors.h"
#include "DatabaseSession.h"
#include "EditorValue.h"
#include "TypedValue.h"
#include "grid/CellFormatter.h"
#include "grid/TableGridModel.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QToolTip>

namespace sluice::ui {

namespace {

// Editor state kept on the widget itself: several editors may exist at once (persistent editors).
constexpr const char* kWasNull = "sluiceWasNull";
constexpr const char* kTouched = "sluiceTouched";
constexpr const char* kAccepted = "sluiceAccepted";

bool isLong(const QString& s)
{
    return s.size() > CellEditorDelegate::kLongText || s.contains(QLatin1Char('\n'));
}

bool askKeepInvalidJson(QWidget* parent, const QString& message)
{
    QMessageBox box(QMessageBox::Warning, QObject::tr("Not valid JSON"), message, QMessageBox::NoButton,
                    parent);
    QPushButton* keep = box.addButton(QObject::tr("Keep as Text"), QMessageBox::AcceptRole);
    box.addButton(QObject::tr("Edit Again"), QMessageBox::RejectRole);
    box.exec();
    return box.clickedButton() == keep;
}

} // namespace

CellEditorDelegate::CellEditorDelegate(ColumnEditors& editors, TableGridModel& model, QObject* parent)
    : QStyledItemDelegate(parent), m_editors(editors), m_model(model), m_prompt(askKeepInvalidJson)
{
    connect(&editors, &ColumnEditors::hintsReady, this, [this] {
        invalidate();
        widenTypedColumns();
    });
    connect(&editors.session(), &DatabaseSession::schemaChanged, this, &CellEditorDelegate::invalidate);
    connect(&model, &QAbstractItemModel::modelReset, this, &CellEditorDelegate::invalidate);
}

void CellEditorDelegate::invalidate()
{
    m_cacheTable.clear();
    m_cache.clear();
    if (auto* view = qobject_cast<QAbstractItemView*>(parent()))
        view->viewport()->update(); // booleans and timestamps may read differently now
}

void CellEditorDelegate::widenTypedColumns()
{
    // Hints arrive after the grid sized its columns for the raw numbers: a date-time is wider.
    auto* view = qobject_cast<QTableView*>(parent());
    if (!view || !m_model.source())
        return;
    for (int c = 0; c < m_model.columnCount(); ++c) {
        const EditorKind kind = editorOf(c).kind;
        if (kind != EditorKind::Boolean && kind != EditorKind::TimestampSeconds &&
            kind != EditorKind::TimestampMillis)
            continue;
        const int want = qMin(static_cast<QAbstractItemView*>(view)->sizeHintForColumn(c), kMaxWidenedWidth);
        if (want > view->columnWidth(c))
            view->setColumnWidth(c, want);
    }
}

ColumnEditor CellEditorDelegate::editorOf(int column) const
{
    const auto& source = m_model.source();
    if (!source || column < 0 || column >= source->columns().size())
        return {};
    if (m_cacheTable != source->name() || m_cache.size() != source->columns().size()) {
        m_cacheTable = source->name();
        m_cache.clear();
        for (const BrowseColumn& c : source->columns())
            m_cache << m_editors.editorFor(source->name(), c.name);
    }
    return m_cache.at(column);
}

QString CellEditorDelegate::typedDisplayText(const QModelIndex& index) const
{
    const EditorKind kind = editorOf(index.column()).kind;
    if (kind != EditorKind::Boolean && kind != EditorKind::TimestampSeconds &&
        kind != EditorKind::TimestampMillis)
        return {};
    const std::optional<SqlValue> v = m_model.valueAt(index.row(), index.column());
    if (!v || v->storage() != SqlValue::Storage::Integer)
        return {};
    if (kind == EditorKind::Boolean)
        return CellFormatter::booleanText(v->toInteger());
    return CellFormatter::localDateTime(v->toInteger(), kind == EditorKind::TimestampMillis);
}

void CellEditorDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QString typed = typedDisplayText(index);
    if (!typed.isEmpty())
        option->text = typed;
}

bool CellEditorDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                   const QStyleOptionViewItem& option, const QModelIndex& index)
{
    const EditorKind kind = editorOf(index.column()).kind;
    if (event->type() == QEvent::ToolTip &&
        (kind == EditorKind::TimestampSeconds || kind == EditorKind::TimestampMillis) &&
        m_model.problemAt(index.row(), index.column()).isEmpty()) {
        const std::optional<SqlValue> v = m_model.valueAt(index.row(), index.column());
        if (v && v->storage() == SqlValue::Storage::Integer) {
            QToolTip::showText(
                event->globalPos(),
                CellFormatter::unixTimeToolTip(v->toInteger(), kind == EditorKind::TimestampMillis), view);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

QWidget* CellEditorDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem&,
                                          const QModelIndex& index) const
{
    const ColumnEditor ed = editorOf(index.column());
    const std::optional<SqlValue> current = m_model.valueAt(index.row(), index.column());
    QWidget* editor = nullptr;
    switch (ed.kind) {
    case EditorKind::Boolean: {
        auto* box = new QCheckBox(parent);
        box->setObjectName(QStringLiteral("booleanEditor"));
        box->setAutoFillBackground(true);
        connect(box, &QCheckBox::toggled, box, [box](bool on) {
            box->setProperty(kTouched, true);
            box->setText(on ? QStringLiteral("true") : QStringLiteral("false"));
        });
        editor = box;
        break;
    }
    case EditorKind::TimestampSeconds:
    case EditorKind::TimestampMillis: {
        auto* dt = new QDateTimeEdit(parent);
        dt->setObjectName(QStringLiteral("timestampEditor"));
        dt->setCalendarPopup(true);
        dt->setDisplayFormat(ed.kind == EditorKind::TimestampMillis
                                 ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                                 : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        dt->setToolTip(tr("Local time; stored as unix time in %1")
                           .arg(ed.kind == EditorKind::TimestampMillis ? tr("milliseconds") : tr("seconds")));
        connect(dt, &QDateTimeEdit::dateTimeChanged, dt, [dt] { dt->setProperty(kTouched, true); });
        editor = dt;
        break;
    }
    case EditorKind::Enum: {
        auto* combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("enumEditor"));
        combo->setToolTip(ed.reason);
        connect(combo, &QComboBox::currentIndexChanged, combo,
                [combo] { combo->setProperty(kTouched, true); });
        editor = combo;
        break;
    }
    case EditorKind::Integer:
    case EditorKind::Real:
    case EditorKind::Blob: {
        auto* line = new QLineEdit(parent);
        line->setObjectName(ed.kind == EditorKind::Integer ? QStringLiteral("integerEditor")
                            : ed.kind == EditorKind::Real  ? QStringLiteral("realEditor")
                                                           : QStringLiteral("textEditor"));
        line->setFrame(false);
        editor = line;
        break;
    }
    case EditorKind::Json:
    case EditorKind::Text:
    case EditorKind::Any: {
        const bool json = ed.kind == EditorKind::Json;
        if (current && isLong(editableText(*current))) {
            auto* plain = new QPlainTextEdit(parent);
            plain->setObjectName(json ? QStringLiteral("jsonMultiLineEditor")
                                      : QStringLiteral("multiLineEditor"));
            plain->setToolTip(tr("Ctrl+Enter stages the text; Escape cancels"));
            plain->setTabChangesFocus(true);
            editor = plain;
        } else {
            auto* line = new QLineEdit(parent);
            line->setObjectName(json ? QStringLiteral("jsonEditor") : QStringLiteral("textEditor"));
            line->setFrame(false);
            editor = line;
        }
        break;
    }
    }
    editor->setProperty("sluiceKind", int(ed.kind));
    return editor;
}

void CellEditorDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    const ColumnEditor ed = editorOf(index.column());
    const std::optional<SqlValue> v = m_model.valueAt(index.row(), index.column());
    const bool isNull = !v || v->isNull();
    editor->setProperty(kWasNull, isNull);
    editor->setProperty(kTouched, false);
    const QSignalBlocker block(editor);
    if (auto* box = qobject_cast<QCheckBox*>(editor)) {
        const bool on = v && !isNull && editableText(*v) != QLatin1String("0") && !editableText(*v).isEmpty();
        box->setChecked(on);
        box->setText(isNull ? tr("NULL (toggle to set)")
                     : on   ? QStringLiteral("true")
                            : QStringLiteral("false"));
    } else if (auto* dt = qobject_cast<QDateTimeEdit*>(editor)) {
        const bool ms = ed.kind == EditorKind::TimestampMillis;
        QDateTime when = QDateTime::currentDateTime();
        if (v && v->storage() == SqlValue::Storage::Integer)
            when = ms ? QDateTime::fromMSecsSinceEpoch(v->toInteger())
                      : QDateTime::fromSecsSinceEpoch(v->toInteger());
        else if (v && v->storage() == SqlValue::Storage::Real)
            when = ms ? QDateTime::fromMSecsSinceEpoch(qint64(v->toReal()))
                      : QDateTime::fromSecsSinceEpoch(qint64(v->toReal()));
        if (!ms) // the editor shows no milliseconds: neither may the value it stages
            when = QDateTime::fromSecsSinceEpoch(when.toSecsSinceEpoch());
        dt->setDateTime(when.toLocalTime());
    } else if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        combo->clear();
        const QString cur = v && !isNull ? editableText(*v) : QString();
        if (v && !isNull && !ed.enumValues.contains(cur)) {
            // Kept even though the list does not allow it: choosing it again changes nothing.
            combo->addItem(tr("%1 (not in the list)").arg(cur), cur);
        }
        if (isNull)
            combo->addItem(CellFormatter::nullText(), QVariant());
        for (const QString& value : ed.enumValues)
            combo->addItem(value, value);
        combo->setCurrentIndex(qMax(0, combo->findData(isNull ? QVariant() : QVariant(cur))));
    } else if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        line->setText(v ? editableText(*v) : QString());
        line->setPlaceholderText(isNull ? CellFormatter::nullText() : QString());
        line->setModified(false);
    } else if (auto* plain = qobject_cast<QPlainTextEdit*>(editor)) {
        plain->setPlainText(v ? editableText(*v) : QString());
        plain->document()->setModified(false);
    }
}

EditorVerdict CellEditorDelegate::verdict(QWidget* editor, const QModelIndex& index) const
{
    const ColumnEditor ed = editorOf(index.column());
    const QString tableName = m_model.sourceName();
    const QString columnName =
        m_model.source() ? m_model.source()->columns().at(index.column()).name : QString();
    const Table* table = m_editors.table(tableName);
    const Column* column = table ? table->column(columnName) : nullptr;
    // A view edited through its INSTEAD OF triggers has no schema column: its text is converted by
    // the affinity the view reports, and no STRICT rule applies.
    const Affinity viewAffinity =
        m_model.source() ? m_model.source()->columns().at(index.column()).affinity : Affinity::Blob;
    const auto judgeText = [&](const QString& text) {
        return table && column ? verdictForText(text, ed, *table, *column)
                               : EditorVerdict{valueFromText(text, viewAffinity), {}, {}};
    };
    const auto judgeValue = [&](const SqlValue& v) {
        return table && column ? verdictForValue(v, *table, *column) : EditorVerdict{v, {}, {}};
    };
    const bool wasNull = editor->property(kWasNull).toBool();
    const bool touched = editor->property(kTouched).toBool();
    if (auto* box = qobject_cast<QCheckBox*>(editor)) {
        if (wasNull && !touched)
            return {};
        return judgeValue(SqlValue::integer(box->isChecked() ? 1 : 0));
    }
    if (auto* dt = qobject_cast<QDateTimeEdit*>(editor)) {
        if (wasNull && !touched)
            return {};
        const QDateTime when = dt->dateTime();
        return judgeValue(SqlValue::integer(
            ed.kind == EditorKind::TimestampMillis ? when.toMSecsSinceEpoch() : when.toSecsSinceEpoch()));
    }
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        const QVariant data = combo->currentData();
        if ((wasNull && !touched) || !data.isValid())
            return {};
        return judgeText(data.toString());
    }
    if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        if (wasNull && !line->isModified() && line->text().isEmpty())
            return {};
        return judgeText(line->text());
    }
    if (auto* plain = qobject_cast<QPlainTextEdit*>(editor)) {
        if (wasNull && !plain->document()->isModified() && plain->toPlainText().isEmpty())
            return {};
        return judgeText(plain->toPlainText());
    }
    return {};
}

void CellEditorDelegate::report(QWidget* editor, const QString& message, bool refused) const
{
    m_lastMessage = message;
    auto* self = const_cast<CellEditorDelegate*>(this);
    if (refused)
        Q_EMIT self->editRefused(message);
    else
        Q_EMIT self->editWarned(message);
    if (editor && editor->isVisible())
        QToolTip::showText(editor->mapToGlobal(QPoint(0, editor->height())), message, editor);
}

void CellEditorDelegate::setModelData(QWidget* editor, QAbstractItemModel*, const QModelIndex& index) const
{
    const EditorVerdict v = verdict(editor, index);
    if (!v.refusal.isEmpty()) {
        report(editor, v.refusal, true);
        return;
    }
    if (!v.warning.isEmpty() && !editor->property(kAccepted).toBool())
        report(editor, v.warning, false); // left by focus: kept as text, but said so
    else
        m_lastMessage.clear();
    if (v.value)
        m_model.stageValue(index.row(), index.column(), *v.value);
}

bool CellEditorDelegate::acceptCommit(QWidget* editor)
{
    auto* view = qobject_cast<QAbstractItemView*>(parent());
    const QModelIndex index = view ? view->currentIndex() : QModelIndex();
    if (!index.isValid())
        return true;
    const EditorVerdict v = verdict(editor, index);
    if (!v.refusal.isEmpty()) {
        report(editor, v.refusal, true);
        return false;
    }
    if (!v.warning.isEmpty() && !editor->property(kAccepted).toBool()) {
        m_lastMessage = v.warning;
        Q_EMIT editWarned(v.warning);
        if (!m_prompt || !m_prompt(editor, v.warning))
            return false;
        editor->setProperty(kAccepted, true);
    }
    return true;
}

bool CellEditorDelegate::eventFilter(QObject* object, QEvent* event)
{
    auto* editor = qobject_cast<QWidget*>(object);
    if (editor && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        const bool tab = key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab;
        if (qobject_cast<QPlainTextEdit*>(editor)) {
            // Enter is a line break here; Ctrl+Enter stages.
            if (enter && (key->modifiers() & Qt::ControlModifier)) {
                if (acceptCommit(editor)) {
                    Q_EMIT commitData(editor);
                    Q_EMIT closeEditor(editor, QAbstractItemDelegate::NoHint);
                }
                return true;
            }
            if (tab && !acceptCommit(editor))
                return true;
        } else if ((enter || tab) && !acceptCommit(editor)) {
            return true; // the editor stays open with the message
        }
    }
    return QStyledItemDelegate::eventFilter(object, event);
}

void CellEditorDelegate::updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                                              const QModelIndex& index) const
{
    QRect r = option.rect;
    if (qobject_cast<QPlainTextEdit*>(editor)) {
        r.setWidth(qMax(r.width(), 360));
        r.setHeight(qMax(r.height() * 8, 160));
    } else if (qobject_cast<QDateTimeEdit*>(editor) || qobject_cast<QComboBox*>(editor) ||
               qobject_cast<QCheckBox*>(editor)) {
        r.setWidth(qMax(r.width(), editor->sizeHint().width()));
        r.setHeight(qMax(r.height(), editor->sizeHint().height()));
    } else {
        QStyledItemDelegate::updateEditorGeometry(editor, option, index);
        return;
    }
    // Kept inside the viewport so a tall editor near the bottom opens upwards.
    if (const QWidget* area = editor->parentWidget()) {
        if (r.bottom() > area->height())
            r.moveBottom(qMax(r.height() - 1, area->height() - 1));
        if (r.right() > area->width())
            r.moveRight(qMax(r.width() - 1, area->width() - 1));
    }
    editor->setGeometry(r);
}

} // namespace sluice::ui
