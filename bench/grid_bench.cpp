// Grid benchmark on the real main window: grid_bench DB [--table big] [--runs 5] [--positions 200]
// (a) open -> first rows painted, (b) Ctrl+End -> last row painted, (c) random scrolling, then peak
// and current RSS. Prints "RESULT key value" lines (medians over fresh windows) for bench/run-all.sh
// and a readable log on stderr. Not a test: it measures, it does not judge.
//
// "Painted" means: a paint event of the table's viewport ran while every row in view was loaded
// (the model returns real values, not the placeholder); the clock stops when that paint is done.
#include "DatabaseWorkspace.h"
#include "MainWindow.h"
#include "UiApplication.h"
#include "grid/CellFormatter.h"
#include "grid/TableGridModel.h"
#include "grid/TableGridView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QKeyEvent>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QWindow>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>

using namespace sluice::ui;

namespace {

struct Rss
{
    long hwmKb = -1, rssKb = -1, anonKb = -1, fileKb = -1;
};

Rss readRss()
{
    QFile f(QStringLiteral("/proc/self/status"));
    Rss r;
    if (!f.open(QIODevice::ReadOnly))
        return r;
    for (const QByteArray& line : f.readAll().split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() < 2)
            continue;
        const long kb = parts.at(1).toLong();
        if (parts.at(0) == "VmHWM:")
            r.hwmKb = kb;
        else if (parts.at(0) == "VmRSS:")
            r.rssKb = kb;
        else if (parts.at(0) == "RssAnon:")
            r.anonKb = kb;
        else if (parts.at(0) == "RssFile:")
            r.fileKb = kb;
    }
    return r;
}

double median(QList<double> v)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    return n % 2 ? v.at(n / 2) : (v.at(n / 2 - 1) + v.at(n / 2)) / 2;
}

double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    return v.at(qMin(v.size() - 1, qsizetype(p * double(v.size() - 1) + 0.5)));
}

QString list(const QList<double>& v)
{
    QStringList s;
    for (double d : v)
        s << QString::number(d, 'f', 1);
    return s.join(QLatin1Char(' '));
}

void result(const char* key, double value)
{
    std::printf("RESULT %s %.1f\n", key, value);
    std::fflush(stdout);
}

void note(const QString& s)
{
    std::fprintf(stderr, "%s\n", qPrintable(s));
}

// Stops the clock after the first viewport paint that happens while ready() holds.
class PaintWatch : public QObject
{
public:
    PaintWatch(QWidget* viewport, std::function<bool()> ready)
        : m_viewport(viewport), m_ready(std::move(ready))
    {
        m_viewport->installEventFilter(this);
    }
    ~PaintWatch() override { m_viewport->removeEventFilter(this); }

    // Milliseconds on `clock` when the ready paint finished, or -1 after timeoutMs.
    double wait(const QElapsedTimer& clock, int timeoutMs = 30000)
    {
        m_loop = new QEventLoop;
        m_clock = &clock;
        m_done = -1;
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, m_loop, &QEventLoop::quit);
        timeout.start(timeoutMs);
        m_loop->exec();
        delete m_loop;
        m_loop = nullptr;
        return m_done;
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_viewport && event->type() == QEvent::Paint && m_loop && m_done < 0 && m_ready()) {
            // Let the paint run, then stop the clock from the next turn of the loop.
            QTimer::singleShot(0, m_loop, [this] {
                if (m_done < 0 && m_clock)
                    m_done = double(m_clock->nsecsElapsed()) / 1e6;
                m_loop->quit();
            });
        }
        return false;
    }

private:
    QWidget* m_viewport;
    std::function<bool()> m_ready;
    QEventLoop* m_loop = nullptr;
    const QElapsedTimer* m_clock = nullptr;
    double m_done = -1;
};

// Every row in view has its real values (not the placeholder).
bool viewLoaded(QTableView* table, TableGridModel* model)
{
    if (model->rowCount() == 0 || model->columnCount() == 0)
        return false;
    const int top = table->rowAt(0);
    if (top < 0)
        return false;
    int bottom = table->rowAt(table->viewport()->height() - 1);
    if (bottom < 0)
        bottom = model->rowCount() - 1;
    for (int r = top; r <= bottom; ++r)
        if (!model->isRowLoaded(r))
            return false;
    const QString shown = model->data(model->index(top, 0)).toString();
    return shown != CellFormatter::placeholderText();
}

bool lastRowShown(QTableView* table, TableGridModel* model)
{
    if (!model->isCountExact() || !viewLoaded(table, model))
        return false;
    const int last = model->rowCount() - 1;
    const int bottom = table->rowAt(table->viewport()->height() - 1);
    return (bottom < 0 || bottom >= last) && table->rowAt(0) <= last;
}

void sendKey(QWidget* w, int key, Qt::KeyboardModifiers mods)
{
    QKeyEvent press(QEvent::KeyPress, key, mods);
    QApplication::sendEvent(w, &press);
    QKeyEvent release(QEvent::KeyRelease, key, mods);
    QApplication::sendEvent(w, &release);
}

bool waitExposed(QWidget* w)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 10000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (w->windowHandle() && w->windowHandle()->isExposed())
            return true;
    }
    return false;
}

// Lets the background work settle (the count; the position index, if any) so the next step is not
// measured against a busy worker.
bool waitIdle(TableGridModel* model, int timeoutMs = 120000)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (model->isCountExact() && !model->canCancel())
            return true;
    }
    return false;
}

struct RunFigures
{
    double openReturn = -1; // openDatabase() returned (schema read, workspace built, first page read)
    double firstPaint = -1; // first rows painted
    double endCold = -1;    // Ctrl+End right after the first rows, count maybe still running
    bool countKnownAtCold = false;
    double countReady = -1; // the exact count arrived (from the start of openDatabase)
    double endWarm = -1;    // Ctrl+End with the count known
};

} // namespace

int main(int argc, char** argv)
{
    // Own settings folder: remembered geometry or recent files of a real profile must not leak in.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    setUpApplication(app);

    QStringList args = app.arguments().mid(1);
    QString db, tableName = QStringLiteral("big");
    int runs = 5, positions = 200;
    for (int i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        if (a == QLatin1String("--table") && i + 1 < args.size())
            tableName = args.at(++i);
        else if (a == QLatin1String("--runs") && i + 1 < args.size())
            runs = qMax(1, args.at(++i).toInt());
        else if (a == QLatin1String("--positions") && i + 1 < args.size())
            positions = qMax(0, args.at(++i).toInt());
        else
            db = a;
    }
    if (db.isEmpty()) {
        note(QStringLiteral("usage: grid_bench DB [--table big] [--runs 5] [--positions 200]"));
        return 2;
    }
    note(QStringLiteral("grid_bench: %1, table %2, %3 runs, %4 random positions, platform %5")
             .arg(db, tableName)
             .arg(runs)
             .arg(positions)
             .arg(QGuiApplication::platformName()));

    QList<RunFigures> all;
    Rss afterOpen, afterScroll;
    for (int run = 0; run < runs; ++run) {
        auto* window = new MainWindow;
        window->show();
        if (!waitExposed(window)) {
            note(QStringLiteral("the main window was never exposed"));
            return 1;
        }
        RunFigures f;
        QElapsedTimer clock;
        clock.start();
        if (!window->openDatabase(db)) {
            note(QStringLiteral("could not open %1").arg(db));
            return 1;
        }
        f.openReturn = double(clock.nsecsElapsed()) / 1e6;
        DatabaseWorkspace* ws = window->workspace();
        if (ws->currentObject() != tableName)
            ws->selectObject(tableName);
        TableGridView* grid = ws->grid();
        QTableView* table = grid->tableView();
        TableGridModel* model = grid->model();
        QObject::connect(model, &TableGridModel::statusChanged, model, [&f, &clock, model] {
            if (f.countReady < 0 && model->isCountExact())
                f.countReady = double(clock.nsecsElapsed()) / 1e6;
        });
        if (model->isCountExact())
            f.countReady = f.openReturn;

        {
            PaintWatch watch(table->viewport(), [=] { return viewLoaded(table, model); });
            f.firstPaint = watch.wait(clock);
        }
        if (f.firstPaint < 0) {
            note(QStringLiteral("run %1: the first rows never appeared (%2)")
                     .arg(run + 1)
                     .arg(model->statusText()));
            return 1;
        }
        if (run == 0)
            afterOpen = readRss();

        // (b) cold: Ctrl+End at once, as someone would right after the rows appear.
        table->setFocus();
        f.countKnownAtCold = model->isCountExact();
        {
            PaintWatch watch(table->viewport(), [=] { return lastRowShown(table, model); });
            QElapsedTimer t;
            t.start();
            sendKey(table, Qt::Key_End, Qt::ControlModifier);
            f.endCold = watch.wait(t);
        }
        if (!waitIdle(model)) {
            note(QStringLiteral("run %1: background work did not finish (%2)")
                     .arg(run + 1)
                     .arg(model->statusText()));
            return 1;
        }
        // (b) warm: back to the top, then Ctrl+End with the row count known.
        {
            PaintWatch watch(table->viewport(),
                             [=] { return table->rowAt(0) == 0 && viewLoaded(table, model); });
            QElapsedTimer t;
            t.start();
            sendKey(table, Qt::Key_Home, Qt::ControlModifier);
            watch.wait(t);
        }
        {
            PaintWatch watch(table->viewport(), [=] { return lastRowShown(table, model); });
            QElapsedTimer t;
            t.start();
            sendKey(table, Qt::Key_End, Qt::ControlModifier);
            f.endWarm = watch.wait(t);
        }
        note(QStringLiteral(
                 "run %1: openDatabase returned %2 ms, first rows painted %3 ms, count exact at %4 ms; "
                 "Ctrl+End at once %5 ms (count %6 at the press), Ctrl+End with count known %7 ms; %8")
                 .arg(run + 1)
                 .arg(f.openReturn, 0, 'f', 1)
                 .arg(f.firstPaint, 0, 'f', 1)
                 .arg(f.countReady, 0, 'f', 1)
                 .arg(f.endCold, 0, 'f', 1)
                 .arg(f.countKnownAtCold ? QStringLiteral("known") : QStringLiteral("not yet known"))
                 .arg(f.endWarm, 0, 'f', 1)
                 .arg(model->statusText()));

        // (c) in the first window only, so the peak is that of one window scrolled everywhere.
        if (run == 0 && positions > 0) {
            std::mt19937_64 rng(20240601);
            const int rows = model->rowCount();
            std::uniform_int_distribution<int> pick(0, rows - 1);
            QList<double> lat;
            QScrollBar* bar = table->verticalScrollBar();
            auto goTo = [&](int value) {
                PaintWatch watch(table->viewport(), [=] {
                    return bar->value() == qMin(value, bar->maximum()) && viewLoaded(table, model);
                });
                QElapsedTimer t;
                t.start();
                bar->setValue(value);
                return watch.wait(t);
            };
            int failed = 0;
            for (int i = 0; i < positions; ++i) {
                const double ms = goTo(pick(rng));
                if (ms < 0)
                    ++failed;
                else
                    lat << ms;
            }
            const double toEnd = goTo(bar->maximum());
            const double toTop = goTo(0);
            afterScroll = readRss();
            note(QStringLiteral("scroll: %1 positions (%2 never loaded), to end %3 ms, back to top %4 ms, "
                                "%5 pages cached (%6 rows)")
                     .arg(lat.size())
                     .arg(failed)
                     .arg(toEnd, 0, 'f', 1)
                     .arg(toTop, 0, 'f', 1)
                     .arg(model->cachedPageCount())
                     .arg(model->cachedRowCount()));
            result("scroll_median_ms", median(lat));
            result("scroll_p95_ms", percentile(lat, 0.95));
            result("scroll_max_ms", percentile(lat, 1.0));
            result("scroll_failed", failed);
            result("scroll_cached_rows", model->cachedRowCount());
        }
        all << f;
        window->close();
        delete window;
        QCoreApplication::processEvents();
    }

    QList<double> openReturn, firstPaint, endCold, endWarm, countReady;
    for (const RunFigures& f : all) {
        openReturn << f.openReturn;
        firstPaint << f.firstPaint;
        if (f.endCold >= 0)
            endCold << f.endCold;
        if (f.endWarm >= 0)
            endWarm << f.endWarm;
        countReady << f.countReady;
    }
    note(QStringLiteral("first rows painted (ms): %1").arg(list(firstPaint)));
    note(QStringLiteral("Ctrl+End at once (ms): %1").arg(list(endCold)));
    note(QStringLiteral("Ctrl+End, count known (ms): %1").arg(list(endWarm)));
    result("runs", all.size());
    result("open_return_ms", median(openReturn));
    result("first_rows_ms", median(firstPaint));
    result("first_rows_max_ms", percentile(firstPaint, 1.0));
    result("count_ready_ms", median(countReady));
    result("last_row_cold_ms", median(endCold));
    result("last_row_ms", median(endWarm));
    result("last_row_max_ms", percentile(endWarm, 1.0));
    const Rss end = readRss();
    result("rss_after_open_mb", double(afterOpen.rssKb) / 1024.0);
    result("rss_after_scroll_mb", double(afterScroll.rssKb) / 1024.0);
    result("rss_anon_after_scroll_mb", double(afterScroll.anonKb) / 1024.0);
    result("rss_file_after_scroll_mb", double(afterScroll.fileKb) / 1024.0);
    result("peak_rss_after_scroll_mb", double(afterScroll.hwmKb) / 1024.0);
    result("peak_rss_end_mb", double(end.hwmKb) / 1024.0);
    result("rss_end_mb", double(end.rssKb) / 1024.0);
    return 0;
}
