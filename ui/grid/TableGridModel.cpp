#include "TableGridModel.h"

#include "CellFormatter.h"
#include "DatabaseSession.h"
#include "core/Identifiers.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFont>
#include <QLocale>

#include <algorithm>
#include <climits>

namespace sluice::ui {

namespace {

constexpr int kWantedLimit = 16;    // pages remembered as wanted (the most recently painted ones)
constexpr int kGuiBudgetMs = 30;    // GUI-thread reading per event-loop turn
constexpr int kGuiReadLimitMs = 60; // one GUI-thread read past this is interrupted and moved to a worker
constexpr int kRetryBusyMs = 250;   // wait before retrying a read that found the database locked

} // namespace

TableGridModel::TableGridModel(DatabaseSession& session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session)
{
    m_fetchTimer.setSingleShot(true);
    m_fetchTimer.setInterval(0);
    connect(&m_fetchTimer, &QTimer::timeout, this, &TableGridModel::processWanted);
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(kRetryBusyMs);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        m_locked = false;
        Q_EMIT statusChanged();
        processWanted();
    });
    connect(&m_session, &DatabaseSession::dataChanged, this, [this] {
        if (m_source)
            reload();
    });
    connect(&m_session, &DatabaseSession::rowCountReady, this, [this](const QString& table, qint64 n) {
        if (m_sharedCountPending && m_source && m_source->name() == table) {
            m_sharedCountPending = false;
            applyExactCount(n);
        }
    });
    connect(&m_session, &DatabaseSession::rowCountFailed, this,
            [this](const QString& table, const DbError& e) {
                if (!m_sharedCountPending || !m_source || m_source->name() != table)
                    return;
                m_sharedCountPending = false;
                if (e.isInterrupted())
                    m_countCancelled = true;
                else
                    setError(e);
                Q_EMIT statusChanged();
            });
}

TableGridModel::~TableGridModel() = default;

DbWorker& TableGridModel::pageWorker()
{
    if (!m_pageWorker)
        m_pageWorker = m_session.makeWorker();
    return *m_pageWorker;
}

DbWorker& TableGridModel::jobWorker()
{
    if (!m_jobWorker)
        m_jobWorker = m_session.makeWorker();
    return *m_jobWorker;
}

bool TableGridModel::setSource(const QString& tableOrView)
{
    std::optional<RowSource> src = RowSource::fromSchema(m_session.schema(), tableOrView);
    if (!src) {
        clear();
        return false;
    }
    m_source = std::move(src);
    m_sort = {};
    m_filters.clear();
    m_estimate.reset();
    m_rowidRange.reset();
    if (auto range = readRowidRange(m_session.connection(), *m_source); range && *range)
        m_rowidRange = *range;
    m_estimate = estimateRowCount(m_session.connection(), *m_source);
    resetQuery();
    return true;
}

void TableGridModel::clear()
{
    beginResetModel();
    ++m_generation;
    if (m_pageWorker)
        m_pageWorker->cancelAll();
    if (m_jobWorker)
        m_jobWorker->cancelAll();
    m_source.reset();
    m_pager.reset();
    m_sort = {};
    m_filters.clear();
    m_rows = 0;
    m_exact = -1;
    m_pages.clear();
    m_wanted.clear();
    m_inflight.clear();
    m_pageJobs.clear();
    m_countJob = m_indexJob = 0;
    m_sharedCountPending = false;
    m_index.reset();
    m_error.clear();
    endResetModel();
    Q_EMIT statusChanged();
}

void TableGridModel::setSort(const SortSpec& sort)
{
    setQuery(sort, m_filters);
}

void TableGridModel::setFilters(const QList<ColumnFilter>& filters)
{
    setQuery(m_sort, filters);
}

void TableGridModel::setQuery(const SortSpec& sort, const QList<ColumnFilter>& filters)
{
    if (!m_source)
        return;
    m_sort = sort;
    m_filters = filters;
    resetQuery();
}

void TableGridModel::reload()
{
    if (!m_source)
        return;
    if (auto range = readRowidRange(m_session.connection(), *m_source); range)
        m_rowidRange = *range;
    m_estimate = estimateRowCount(m_session.connection(), *m_source);
    resetQuery();
}

void TableGridModel::resetQuery()
{
    beginResetModel();
    ++m_generation;
    if (m_pageWorker)
        m_pageWorker->cancelAll();
    if (m_jobWorker)
        m_jobWorker->cancelAll();
    m_pages.clear();
    m_wanted.clear();
    m_inflight.clear();
    m_pageJobs.clear();
    m_countJob = m_indexJob = 0;
    m_sharedCountPending = false;
    m_index.reset();
    m_tailPage.reset();
    m_pendingEnd = false;
    m_exact = -1;
    m_dense = false;
    m_locked = false;
    m_countCancelled = m_indexCancelled = false;
    m_indexPercent = 0;
    m_error.clear();
    m_pager.emplace(RowQueryBuilder(*m_source, m_sort, m_filters));
    if (!m_pager->builder().problem().isEmpty()) {
        m_error = m_pager->builder().problem();
        m_pager.reset();
        m_rows = 0;
        endResetModel();
        Q_EMIT statusChanged();
        return;
    }
    // Until the count arrives: the estimate for the whole table, one page for a filtered one.
    qint64 rows = 0;
    if (m_source->isKeyed())
        rows = m_filters.isEmpty() ? m_estimate.value_or(kPageSize)
                                   : qMin<qint64>(m_estimate.value_or(kPageSize), kPageSize);
    m_rows = int(qMin<qint64>(rows, INT_MAX));
    // The first page now, when it is cheap, so the grid never flashes placeholders for it.
    bool firstTooSlow = false;
    if (readIsCheap()) {
        Result<RowPage> first =
            readOnGuiThread(PageRequest{PageRequest::Mode::First, {}, 0, kPageSize}, firstTooSlow);
        if (firstTooSlow) {
            // judged cheap but was not: the worker reads it (below)
        } else if (first) {
            if (first->reachedEnd) {
                m_exact = first->rows.size();
                m_rows = int(m_exact);
            } else {
                m_rows = qMax(m_rows, int(first->rows.size()));
            }
            m_pages.insert(0, CachedPage{std::move(first.value()), ++m_tick});
        } else if (first.error().isBusy()) {
            m_locked = true;
            m_retryTimer.start();
        } else {
            m_error = first.error().message();
        }
    }
    endResetModel();
    if (m_exact >= 0)
        applyExactCount(m_exact);
    else
        startCount();
    if (!m_pages.contains(0) && m_pager && !m_locked) {
        if (readIsCheap() && !firstTooSlow)
            want(0);
        else // a sort or a scan: on the worker at once, so the status can say so
            submitPage(0, PageRequest{PageRequest::Mode::First, {}, 0, kPageSize});
    }
    Q_EMIT statusChanged();
}

bool TableGridModel::isSmall() const
{
    const qint64 n = m_exact >= 0 ? m_exact : m_estimate.value_or(LLONG_MAX);
    return n <= kSmallTable;
}

bool TableGridModel::orderIsIndexed() const
{
    return m_pager && m_pager->builder().orderIsIndexed();
}

bool TableGridModel::readIsCheap() const
{
    if (!m_pager || !m_source->isKeyed())
        return false; // a view's query can be anything: its pages are read on a worker
    if (isSmall())
        return true;
    if (!orderIsIndexed())
        return false;
    // Filters bound the work only when they narrow the very index walked: the rowid (natural order)
    // or the sort column.
    for (const ColumnFilter& f : m_filters) {
        const bool comparison = f.op == ColumnFilter::Op::Equals || f.op == ColumnFilter::Op::Less ||
                                f.op == ColumnFilter::Op::Greater;
        const bool onRowid = m_sort.isNatural() && m_source->rowidAlias() &&
                             m_source->rowidAlias()->compare(f.column, Qt::CaseInsensitive) == 0;
        const bool onSort = !m_sort.isNatural() && m_sort.column.compare(f.column, Qt::CaseInsensitive) == 0;
        if (!comparison || !(onRowid || onSort))
            return false;
    }
    return true;
}

int TableGridModel::rowsInPage(qint64 page) const
{
    if (m_exact < 0)
        return kPageSize;
    return int(std::clamp<qint64>(m_exact - page * kPageSize, 0, kPageSize));
}

std::optional<PageRequest> TableGridModel::planFor(qint64 page) const
{
    using Mode = PageRequest::Mode;
    const qint64 start = page * kPageSize;
    if (page == 0)
        return PageRequest{Mode::First, {}, 0, kPageSize};
    if (!m_source->isKeyed()) // views: OFFSET is all there is
        return PageRequest{Mode::Offset, {}, start, kPageSize};
    if (m_dense && m_rowidRange) {
        RowKey k;
        k.locator = {m_rowidRange->min + start};
        return PageRequest{Mode::From, k, 0, kPageSize};
    }
    if (auto prev = m_pages.constFind(page - 1);
        prev != m_pages.constEnd() && prev->page.rows.size() == kPageSize && !prev->page.keys.isEmpty())
        return PageRequest{Mode::After, prev->page.keys.last(), 0, kPageSize};
    if (auto next = m_pages.constFind(page + 1); next != m_pages.constEnd() && !next->page.keys.isEmpty())
        return PageRequest{Mode::Before, next->page.keys.first(), 0, kPageSize};
    if (m_index) {
        if (auto seek = m_index->seek(start))
            return PageRequest{Mode::From, seek->key, seek->skip, kPageSize};
    }
    if (start < kShortHop || isSmall())
        return PageRequest{Mode::Offset, {}, start, kPageSize};
    if (m_exact >= 0) {
        const int n = rowsInPage(page);
        const qint64 fromEnd = m_exact - (start + n);
        if (n > 0 && fromEnd <= kShortHop)
            return PageRequest{Mode::OffsetFromEnd, {}, fromEnd, n};
    }
    return std::nullopt; // wait for the position index
}

void TableGridModel::want(qint64 page) const
{
    m_wanted.removeOne(page);
    m_wanted.append(page);
    if (!m_fetchTimer.isActive())
        m_fetchTimer.start();
}

void TableGridModel::processWanted()
{
    if (!m_pager || m_locked)
        return;
    // Forget pages asked for long ago; nudge the view so the ones still on screen ask again.
    while (m_wanted.size() > kWantedLimit) {
        const qint64 p = m_wanted.takeFirst();
        const int first = int(p * kPageSize);
        if (first < m_rows && columnCount() > 0)
            Q_EMIT dataChanged(index(first, 0),
                               index(qMin(m_rows - 1, first + kPageSize - 1), columnCount() - 1));
    }
    const bool cheap = readIsCheap();
    QElapsedTimer timer;
    timer.start();
    const QList<qint64> order(m_wanted.rbegin(), m_wanted.rend()); // most recent first
    for (const qint64 p : order) {
        if (m_pages.contains(p) || m_inflight.contains(p) || p * kPageSize >= qMax<qint64>(m_rows, 1)) {
            m_wanted.removeOne(p);
            continue;
        }
        const std::optional<PageRequest> plan = planFor(p);
        if (!plan)
            continue; // reachable once the position index is ready
        if (cheap) {
            bool tooSlow = false;
            Result<RowPage> r = readOnGuiThread(*plan, tooSlow);
            if (tooSlow) {
                m_wanted.removeOne(p);
                submitPage(p, *plan);
                continue;
            }
            if (!r) {
                if (r.error().isBusy()) {
                    m_locked = true;
                    m_retryTimer.start();
                    Q_EMIT statusChanged();
                    return;
                }
                m_wanted.removeOne(p);
                setError(r.error());
                continue;
            }
            m_wanted.removeOne(p);
            storePage(p, std::move(r.value()));
            if (timer.elapsed() > kGuiBudgetMs) {
                m_fetchTimer.start();
                return;
            }
        } else if (m_pageJobs.size() < kMaxWorkerPages) {
            m_wanted.removeOne(p);
            submitPage(p, *plan);
        }
    }
}

Result<RowPage> TableGridModel::readOnGuiThread(const PageRequest& request, bool& tooSlow)
{
    Connection::TimeBudget budget(m_session.connection(), kGuiReadLimitMs);
    Result<RowPage> r = request.run(m_session.connection(), *m_pager);
    tooSlow = !r && budget.exceeded();
    return r;
}

void TableGridModel::submitPage(qint64 page, const PageRequest& request)
{
    m_inflight.insert(page);
    const KeysetPager pager = *m_pager;
    const quint64 gen = m_generation;
    auto job = std::make_shared<JobId>(0);
    const JobId id = pageWorker().submit<RowPage>(
        this, [pager, request](Connection& c, JobControl&) { return request.run(c, pager); },
        [this, gen, page, job](Result<RowPage> r) {
            if (gen != m_generation)
                return;
            m_pageJobs.remove(*job);
            m_inflight.remove(page);
            if (!r) {
                if (!r.error().isInterrupted())
                    setError(r.error());
            } else {
                storePage(page, std::move(r.value()));
            }
            Q_EMIT statusChanged();
            if (!m_wanted.isEmpty())
                m_fetchTimer.start();
        });
    *job = id;
    m_pageJobs.insert(id, page);
    Q_EMIT statusChanged();
}

void TableGridModel::storePage(qint64 page, RowPage rows)
{
    const qint64 start = page * kPageSize;
    const qint64 end = start + rows.rows.size();
    if (m_exact < 0) {
        // Pages are read at exact positions, so a short page or one beyond the estimate tells the size.
        if (rows.reachedEnd)
            applyExactCount(end);
        else if (end > m_rows)
            setRows(end);
    }
    if (rows.rows.isEmpty())
        return;
    m_pages.insert(page, CachedPage{std::move(rows), ++m_tick});
    evict();
    const int last = int(qMin<qint64>(end, m_rows)) - 1;
    if (last >= start && columnCount() > 0)
        Q_EMIT dataChanged(index(int(start), 0), index(last, columnCount() - 1));
}

void TableGridModel::evict()
{
    while (m_pages.size() > kMaxCachedPages) {
        auto oldest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it)
            if (it->used < oldest->used)
                oldest = it;
        m_pages.erase(oldest);
    }
}

void TableGridModel::setRows(qint64 n)
{
    const int rows = int(qMin<qint64>(n, INT_MAX));
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    } else if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    }
}

void TableGridModel::applyExactCount(qint64 n)
{
    m_exact = n;
    for (auto it = m_pages.begin(); it != m_pages.end();) {
        if (it.key() * kPageSize >= n)
            it = m_pages.erase(it);
        else
            ++it;
    }
    setRows(n);
    m_dense = m_sort.isNatural() && m_filters.isEmpty() && m_source->kind() == RowSource::Kind::RowidTable &&
              m_rowidRange && m_rowidRange->span() == n;
    if (m_tailPage && n > 0) {
        // The last page read from the end before the count was known: now its position is exact.
        const qint64 lastPage = (n - 1) / kPageSize;
        const int need = rowsInPage(lastPage);
        RowPage tail = *m_tailPage;
        m_tailPage.reset();
        if (tail.rows.size() >= need) {
            tail.rows = tail.rows.mid(tail.rows.size() - need);
            tail.keys = tail.keys.mid(tail.keys.size() - need);
            tail.reachedEnd = true;
            m_pages.insert(lastPage, CachedPage{std::move(tail), ++m_tick});
            evict();
            if (columnCount() > 0)
                Q_EMIT dataChanged(index(int(lastPage * kPageSize), 0), index(int(n - 1), columnCount() - 1));
        }
    }
    if (m_pendingEnd) {
        m_pendingEnd = false;
        if (n > 0)
            Q_EMIT lastRowReady(int(qMin<qint64>(n, INT_MAX)) - 1);
    }
    maybeStartIndex();
    Q_EMIT statusChanged();
    if (!m_wanted.isEmpty())
        m_fetchTimer.start();
}

void TableGridModel::startCount()
{
    if (m_filters.isEmpty() && m_source->kind() != RowSource::Kind::Unkeyed && !m_source->isView()) {
        // The whole table's count is the session's, shared with the schema tree: counted once.
        if (const std::optional<qint64> known = m_session.cachedRowCount(m_source->name())) {
            applyExactCount(*known);
            return;
        }
        m_sharedCountPending = true;
        m_session.requestRowCount(m_source->name(), /*urgent=*/true);
        return;
    }
    const quint64 gen = m_generation;
    const RowQueryBuilder builder = m_pager->builder();
    m_countJob = jobWorker().submit<qint64>(
        this, [builder](Connection& c, JobControl&) { return exactRowCount(c, builder); },
        [this, gen](Result<qint64> r) {
            if (gen != m_generation)
                return;
            m_countJob = 0;
            if (r)
                applyExactCount(*r);
            else if (r.error().isInterrupted())
                m_countCancelled = true;
            else
                setError(r.error());
            Q_EMIT statusChanged();
        });
}

void TableGridModel::maybeStartIndex()
{
    if (m_index || m_indexJob || m_indexCancelled || !m_source->isKeyed() || m_dense || isSmall() ||
        m_exact <= 2 * kShortHop)
        return;
    const quint64 gen = m_generation;
    const RowQueryBuilder builder = m_pager->builder();
    const qint64 expected = m_exact;
    m_indexPercent = 0;
    m_indexJob = jobWorker().submit<PositionIndex>(
        this,
        [builder, expected](Connection& c, JobControl& control) {
            return PositionIndex::build(c, builder, &control, expected);
        },
        [this, gen](Result<PositionIndex> r) {
            if (gen != m_generation)
                return;
            m_indexJob = 0;
            if (r) {
                m_index = std::make_shared<const PositionIndex>(std::move(r.value()));
                if (m_index->rowCount() != m_exact)
                    applyExactCount(m_index->rowCount());
            } else if (r.error().isInterrupted()) {
                m_indexCancelled = true;
            } else {
                setError(r.error());
            }
            Q_EMIT statusChanged();
            if (!m_wanted.isEmpty())
                m_fetchTimer.start();
        },
        [this, gen](qint64 done, qint64 total, const QString&) {
            if (gen != m_generation || total <= 0)
                return;
            m_indexPercent = int(done * 100 / total);
            Q_EMIT statusChanged();
        });
    Q_EMIT statusChanged();
}

void TableGridModel::setError(const DbError& e)
{
    m_error = e.message();
    Q_EMIT statusChanged();
}

void TableGridModel::requestLastRow()
{
    if (!m_pager)
        return;
    if (m_exact >= 0) {
        if (m_exact > 0)
            Q_EMIT lastRowReady(m_rows - 1);
        return;
    }
    m_pendingEnd = true;
    if (m_source->isKeyed() && readIsCheap() && !m_tailPage) {
        bool tooSlow = false; // then the count and the index bring the end instead
        Result<RowPage> r = readOnGuiThread(PageRequest{PageRequest::Mode::Last, {}, 0, kPageSize}, tooSlow);
        if (r)
            m_tailPage = std::move(r.value());
    }
    if (!m_countJob && !m_sharedCountPending)
        startCount();
}

void TableGridModel::locateRowid(qint64 rowid)
{
    if (!m_source || m_source->kind() != RowSource::Kind::RowidTable || !m_sort.isNatural() ||
        !m_filters.isEmpty())
        return;
    const quint64 gen = m_generation;
    const QString table = quoteIdentifier(m_source->name());
    const QString rid = m_source->rowidSql();
    jobWorker().submit<qint64>(
        this,
        [table, rid, rowid](Connection& c, JobControl&) -> Result<qint64> {
            Result<QVariant> found =
                c.scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE %2 = ?").arg(table, rid), {rowid},
                         QStringLiteral("find the row"));
            if (!found)
                return found.error();
            if (found->toLongLong() == 0)
                return qint64(-1);
            Result<QVariant> before =
                c.scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE %2 < ?").arg(table, rid), {rowid},
                         QStringLiteral("find the row's position"));
            if (!before)
                return before.error();
            return before->toLongLong();
        },
        [this, gen, rowid](Result<qint64> r) {
            if (gen != m_generation)
                return;
            if (!r) {
                setError(r.error());
                return;
            }
            if (*r < 0) {
                m_error = QStringLiteral("there is no row with rowid %1").arg(rowid);
                Q_EMIT statusChanged();
                return;
            }
            if (*r >= m_rows)
                setRows(*r + 1);
            Q_EMIT rowLocated(int(*r));
        });
}

bool TableGridModel::canCancel() const
{
    return m_countJob || m_sharedCountPending || m_indexJob || !m_pageJobs.isEmpty();
}

void TableGridModel::cancel()
{
    const bool sorting = !m_pageJobs.isEmpty() && !orderIsIndexed() && !m_sort.isNatural();
    if (m_sharedCountPending)
        m_session.cancelRowCount(m_source->name());
    if (m_countJob) {
        jobWorker().cancel(m_countJob);
    }
    if (m_indexJob)
        jobWorker().cancel(m_indexJob);
    if (m_pageWorker)
        m_pageWorker->cancelAll();
    if (sorting) {
        setQuery({}, m_filters);
        Q_EMIT sortReverted();
    }
    Q_EMIT statusChanged();
}

QString TableGridModel::statusText() const
{
    if (!m_source)
        return {};
    QStringList parts;
    const QLocale locale;
    if (m_exact >= 0)
        parts << (m_exact == 1 ? QStringLiteral("1 row")
                               : QStringLiteral("%1 rows").arg(locale.toString(m_exact)));
    else if (m_countCancelled)
        parts << QStringLiteral("about %1 rows (count cancelled)").arg(locale.toString(qint64(m_rows)));
    else if (m_filters.isEmpty() && m_estimate)
        parts << QStringLiteral("about %1 rows, counting\u2026").arg(locale.toString(*m_estimate));
    else
        parts << QStringLiteral("counting\u2026");
    if (!m_filters.isEmpty())
        parts.last() += QStringLiteral(" (filtered)");
    if (!m_pageJobs.isEmpty() && !orderIsIndexed())
        parts << QStringLiteral("sorting\u2026");
    else if (!m_pageJobs.isEmpty())
        parts << QStringLiteral("loading\u2026");
    if (m_indexJob)
        parts << QStringLiteral("indexing positions %1%").arg(m_indexPercent);
    else if (m_indexCancelled)
        parts << QStringLiteral("positions not indexed: scroll from either end");
    if (m_locked)
        parts << QStringLiteral("database is locked, retrying\u2026");
    if (!m_error.isEmpty())
        parts << m_error;
    return parts.join(QStringLiteral(" \u00b7 "));
}

int TableGridModel::cachedRowCount() const
{
    int n = 0;
    for (const CachedPage& p : m_pages)
        n += int(p.page.rows.size());
    return n;
}

int TableGridModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int TableGridModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_source ? 0 : int(m_source->columns().size());
}

const Cell* TableGridModel::cellAt(int row, int column) const
{
    if (row < 0 || row >= m_rows || column < 0 || column >= columnCount())
        return nullptr;
    auto it = m_pages.find(row / kPageSize);
    if (it == m_pages.end())
        return nullptr;
    const int i = row % kPageSize;
    if (i >= it->page.rows.size())
        return nullptr;
    it->used = ++m_tick;
    return &it->page.rows.at(i).at(column);
}

const RowKey* TableGridModel::keyAt(int row) const
{
    auto it = m_pages.constFind(row / kPageSize);
    if (row < 0 || it == m_pages.constEnd() || row % kPageSize >= it->page.keys.size())
        return nullptr;
    return &it->page.keys.at(row % kPageSize);
}

QVariant TableGridModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_source)
        return {};
    const Cell* cell = cellAt(index.row(), index.column());
    if (!cell) {
        if (role == Qt::DisplayRole || role == Qt::ForegroundRole)
            want(index.row() / kPageSize); // loaded after this paint, never during it
        if (role == Qt::DisplayRole)
            return CellFormatter::placeholderText();
        if (role == Qt::ForegroundRole)
            return CellFormatter::dimmedColor(QApplication::palette());
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return CellFormatter::displayText(*cell);
    case Qt::ToolTipRole:
        return CellFormatter::toolTip(*cell, m_source->columns().at(index.column()));
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(CellFormatter::alignment(*cell));
    case Qt::FontRole:
        if (CellFormatter::isItalic(*cell)) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        if (cell->isNull())
            return CellFormatter::dimmedColor(QApplication::palette());
        return {};
    default:
        return {};
    }
}

QVariant TableGridModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return section + 1;
        return {};
    }
    if (!m_source || section < 0 || section >= m_source->columns().size())
        return {};
    const BrowseColumn& c = m_source->columns().at(section);
    if (role == Qt::DisplayRole)
        return c.name;
    if (role == Qt::ToolTipRole)
        return CellFormatter::headerToolTip(c);
    return {};
}

} // namespace sluice::ui
