#include "QueryResultModel.h"

#include <QApplication>
#include <QFont>
#include <QLocale>
#include <QPalette>

namespace sluice::ui {

namespace {

constexpr int kBlobPreviewBytes = 16;

QString realText(double d)
{
    // As SQLite prints a REAL: 15 significant digits, and "2.0" rather than "2".
    QString s = QString::number(d, 'g', 15);
    if (!s.contains(QLatin1Char('.')) && !s.contains(QLatin1Char('e')) && !s.contains(QLatin1String("inf")) &&
        !s.contains(QLatin1String("nan")))
        s += QLatin1String(".0");
    return s;
}

} // namespace

QueryResultModel::QueryResultModel(QObject* parent) : QAbstractTableModel(parent) {}

void QueryResultModel::setResult(StatementResult result)
{
    beginResetModel();
    m_result = std::move(result);
    endResetModel();
}

void QueryResultModel::clear()
{
    setResult({});
}

int QueryResultModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_result.rows.size());
}

int QueryResultModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_result.columns.size());
}

QString QueryResultModel::displayText(const ResultCell& cell)
{
    switch (cell.type) {
    case ResultCell::Type::Null:
        return QStringLiteral("NULL");
    case ResultCell::Type::Integer:
        return QString::number(cell.value.toLongLong());
    case ResultCell::Type::Real:
        return realText(cell.value.toDouble());
    case ResultCell::Type::Text: {
        // One line per cell: line breaks are shown as a visible mark.
        QString s = cell.value.toString();
        s.replace(QLatin1String("\r\n"), QStringLiteral("⏎"));
        s.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
        s.replace(QLatin1Char('\r'), QStringLiteral("⏎"));
        if (cell.truncated)
            s += QStringLiteral("…");
        return s;
    }
    case ResultCell::Type::Blob: {
        const QByteArray b = cell.value.toByteArray();
        QString hex = QString::fromLatin1(b.left(kBlobPreviewBytes).toHex());
        if (cell.fullBytes > kBlobPreviewBytes)
            hex += QStringLiteral("…");
        return QStringLiteral("x'%1' (%2 bytes)").arg(hex, QLocale().toString(cell.fullBytes));
    }
    }
    return {};
}

QVariant QueryResultModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_result.rows.size() || index.column() >= m_result.columns.size())
        return {};
    const ResultRow& row = m_result.rows.at(index.row());
    if (index.column() >= row.size())
        return {};
    const ResultCell& cell = row.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(cell);
    case Qt::FontRole:
        if (cell.isNull()) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        if (cell.isNull() || cell.type == ResultCell::Type::Blob)
            return QApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::TextAlignmentRole:
        if (cell.type == ResultCell::Type::Integer || cell.type == ResultCell::Type::Real)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (cell.truncated)
            return tr("%1 of %2 bytes shown")
                .arg(QLocale().toString(cell.type == ResultCell::Type::Text
                                            ? qint64(cell.value.toString().toUtf8().size())
                                            : qint64(cell.value.toByteArray().size())),
                     QLocale().toString(cell.fullBytes));
        if (cell.isNull())
            return tr("NULL (no value)");
        if (cell.type == ResultCell::Type::Text && cell.value.toString().isEmpty())
            return tr("Empty text");
        return {};
    case IsNullRole:
        return cell.isNull();
    case CellTypeRole:
        return int(cell.type);
    case ValueRole:
        return cell.value;
    case FullBytesRole:
        return cell.fullBytes;
    case TruncatedRole:
        return cell.truncated;
    default:
        return {};
    }
}

QVariant QueryResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Horizontal)
        return section < m_result.columns.size() ? QVariant(m_result.columns.at(section)) : QVariant();
    return section + 1;
}

} // namespace sluice::ui
