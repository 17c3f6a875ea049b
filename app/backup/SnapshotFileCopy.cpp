#include "SnapshotFileCopy.h"

#include "BackupService.h"
#include "RawQuery.h"
#include "ReadTrackingVfs.h"
#include "Sha256.h"
#include "worker/DbWorker.h"

#include <QFile>
#include <QScopeGuard>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <mutex>
#include <sched.h>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sluice {

namespace {

const QString kOp = QStringLiteral("Backing up the database");
const QString kVerify = QStringLiteral("Verifying the backup");

// Written at a time by one writer, hashed at a time: with two writers, 64 MiB of writes queued (a plain
// `dd oflag=direct` writes faster in larger blocks here). Against 8 MiB no difference could be shown
// through this disk's noise (docs/benchmarks.md, Backup).
constexpr qint64 kWindow = 32 << 20;
constexpr qint64 kRelease = 64 << 20;       // the source's mapping is released this much at a time
constexpr qint64 kReadAheadPiece = 8 << 20; // one POSIX_FADV_WILLNEED request
// Reads asked for and not yet in the page cache, at most. Asking for the whole file at once (the first
// version) queued ~400 requests that the device completed in no useful order: the writes, the check
// and the hash all waited about a second for their first pages, and the CPU-bound check and hash then
// ran after the reads instead of during them. 64 MiB keeps the device as busy as `cp`'s read-ahead
// does and brings pages in order (docs/benchmarks.md, Backup: 32, 64, 128 MiB and the whole file
// measured with one stream); readAhead()'s two streams have half each.
constexpr qint64 kReadsInFlight = 64 << 20;
constexpr qint64 kDirectAlign = 4096; // O_DIRECT offsets and lengths: a multiple of the block size
// Windows being written at once, each by a thread of its own. With one, the device idled while the
// thread mapped and pinned the next window and whenever the check and the hash kept it off the CPU
// after a write completed; with two, a write is queued meanwhile (docs/benchmarks.md, Backup).
constexpr int kWritesInFlight = 2;

std::atomic<qint64> readAheadLimitOverride{0}; // testing::setSnapshotReadAheadLimit()

// How far ahead of the copy the source is read: an eighth of the memory, between 64 MiB and 4 GiB.
qint64 readAheadLimit()
{
    if (const qint64 limit = readAheadLimitOverride.load())
        return limit;
    const qint64 memory = qint64(::sysconf(_SC_PHYS_PAGES)) * qint64(::sysconf(_SC_PAGESIZE));
    return qBound<qint64>(qint64(64) << 20, memory / 8, qint64(4) << 30);
}

struct RawDb
{
    sqlite3* db = nullptr;
    ~RawDb()
    {
        if (db)
            sqlite3_close_v2(db);
    }
};

DbError sqliteError(sqlite3* db, int rc, const QString& operation, const QString& path)
{
    const int code = sqlite3_extended_errcode(db);
    return DbError::fromSqlite(code ? code : rc, QString::fromUtf8(sqlite3_errmsg(db)), operation, path);
}

// Names the calling thread as `top -H`, `perf` and debuggers show it (at most 15 characters).
void nameThread(const char* name)
{
    ::pthread_setname_np(::pthread_self(), name);
}

int stopWhenAsked(void* flag)
{
    return static_cast<std::atomic_bool*>(flag)->load(std::memory_order_relaxed) ? 1 : 0;
}

// What the copy's threads share and report back.
struct CopyState
{
    const char* source = nullptr; // the source's first `total` bytes, mapped once (see progressed())
    qint64 total = 0;
    std::atomic<qint64> copied{0}; // bytes written so far
    std::atomic_bool finished{false};
    std::atomic_bool stop{false}; // cancel, or a failure on any side: stop copying
    std::atomic_bool directIo{false};
    std::atomic_bool writeNow{false};                   // the writers wait for the reads (see readAhead())
    const std::atomic<qint64>* checkPosition = nullptr; // the check's last read, when known (readAhead())
    // Set by the first thread that fails (under mutex); read once the threads are joined.
    int error = 0;         // errno of the failure (-1: the source is shorter than its pages)
    bool declined = false; // this platform or filesystem cannot do it: use the backup API
    QByteArray firstPage;  // the source's first page as copied, to compare with the copy
    QString sha256;        // the source's bytes, when asked for and complete

    // Where each writer and the hash have got to (under mutex): the mapping is released behind all
    // of them.
    std::mutex mutex;
    std::array<qint64, kWritesInFlight> writerAt{};
    qint64 hashedTo = -1; // -1: no hash
    qint64 released = 0;

    void fail(int code, bool decline = false)
    {
        {
            std::lock_guard lock(mutex);
            if (!error && !declined) {
                error = code;
                declined = decline;
            }
        }
        stop = true;
    }
    // Records progress and drops the mapping's page-table entries behind every writer and the hash
    // (MADV_DONTNEED on a file mapping leaves the page cache alone): the mapping holds only the part of
    // the file between the slowest and the fastest of them, however large the file is.
    void progressed(int writer, qint64 at)
    {
        qint64 from = 0, to = 0;
        {
            std::lock_guard lock(mutex);
            if (writer >= 0)
                writerAt[size_t(writer)] = at;
            else
                hashedTo = at;
            qint64 behind = *std::min_element(writerAt.begin(), writerAt.end());
            if (hashedTo >= 0)
                behind = qMin(behind, hashedTo);
            behind -= behind % kRelease;
            if (behind <= released)
                return;
            from = released;
            to = released = behind;
        }
        ::madvise(const_cast<char*>(source) + from, size_t(to - from), MADV_DONTNEED);
    }
};

// The SHA-256 of the snapshot's bytes — those the writers write — in file order, as soon as the
// read-ahead brings them in: it does not wait for the writes, so the hash (the slowest part, ~1.1 GB/s)
// runs while the device is still reading and finishes with the copy rather than after it. It reads the
// writers' mapping, so each page is mapped once for both. Leaves sha256 empty when stopped.
void hashSource(Sha256& hash, CopyState& state)
{
    nameThread("backup-hash");
    for (qint64 offset = 0; offset < state.total; offset += kWindow) {
        if (state.stop)
            return;
        const qint64 length = qMin(kWindow, state.total - offset);
        hash.add(state.source + offset, length);
        state.progressed(-1, offset + length);
    }
    state.sha256 = hash.hexDigest();
}

// One writer: windows `writer`, `writer + kWritesInFlight`, … of the source, each written at its offset
// with O_DIRECT.
void writeWindows(int out, int writer, qint64 pageSize, CopyState& state)
{
    nameThread("backup-write");
    const qint64 total = state.total;
    const qint64 windows = (total + kWindow - 1) / kWindow;
    auto dropDirect = [&] { // clears O_DIRECT on the descriptor the writers share
        state.directIo = false;
        return ::fcntl(out, F_SETFL, ::fcntl(out, F_GETFL) & ~O_DIRECT) == 0;
    };
    while (!state.writeNow && !state.stop) // see readAhead()
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    for (qint64 index = writer; index < windows && !state.stop; index += kWritesInFlight) {
        const qint64 offset = index * kWindow;
        const qint64 length = qMin(kWindow, total - offset);
        const char* bytes = state.source + offset;
        if (index == 0)
            state.firstPage = QByteArray(bytes, int(qMin(pageSize, length)));
        if (state.directIo && length % kDirectAlign != 0)
            dropDirect(); // the last, partial block (a database of small pages) goes through the cache
        for (qint64 written = 0; written < length;) {
            const ssize_t n = ::pwrite(out, bytes + written, size_t(length - written), offset + written);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && errno == EINVAL && state.directIo && dropDirect())
                continue; // O_DIRECT refused on this filesystem after all
            if (n <= 0) {
                state.fail(n < 0 ? errno : EIO);
                return;
            }
            written += n;
        }
        if (!state.directIo)
            ::sync_file_range(out, offset, length, SYNC_FILE_RANGE_WRITE); // start the writeback now
        state.copied += length;
        state.progressed(writer, qMin(total, (index + kWritesInFlight) * kWindow));
    }
    state.progressed(writer, total);
}

// Reads the source into the page cache ahead of its consumers, and tells the writers when to start.
// Two streams share the reads, alternating 8 MiB pieces:
// - one from the start of the file up, for the hash (and later the writers), which go in file order;
// - one just ahead of quick_check, which reads the file in its own order: each b-tree from its last key
//   to its first (for pages allocated as rows were added, from the tree's end down), one tree after the
//   other, then a forward scan of each table. Where the check is comes from the VFS its connection
//   reads through (ReadTrackingVfs): the stream asks for the pieces below the check's last read while
//   it goes down, above it while it goes up. Without that position it goes from the end of the file
//   down. With one stream from the start, the check got its first pages only near the end of the
//   reads and then ran on long after the copy; with a stream from the end, it waited while that stream
//   read the indexes that the check visits after the table.
// Each stream keeps at most half of kReadsInFlight outstanding (watched with mincore, which tells whether
// the pages of the mapping are in the page cache). The writers wait until the whole file is in (or the
// read-ahead has used up its lead, readAheadLimit(), on a file larger than that): the device's reads and
// writes share its bandwidth, so writing during the reads only delays the pages that the hash and the
// check, the CPU-bound part, are waiting for; written after them, the writes overlap the check instead.
// The check's stream takes at most half of the lead, so on a large file the writers' stream always
// has the rest. One POSIX_FADV_WILLNEED reads at most the device's read-ahead size, so it is asked piece by
// piece. Measured in docs/benchmarks.md (Backup, sixth and seventh sessions).
void readAhead(int in, qint64 total, const std::atomic_bool& ended, CopyState& state)
{
    nameThread("backup-read");
    const qint64 lead = readAheadLimit();
    const qint64 page = ::sysconf(_SC_PAGESIZE);
    const qint64 pieces = (total + kReadAheadPiece - 1) / kReadAheadPiece;
    constexpr qint64 kPerStream = kReadsInFlight / kReadAheadPiece / 2; // pieces outstanding per stream
    // How far below (or above) the check's position its stream reads: twice what it keeps outstanding.
    constexpr qint64 kCheckReach = 2 * kPerStream;
    auto length = [&](qint64 piece) { return qMin(kReadAheadPiece, total - piece * kReadAheadPiece); };
    // Whether a piece has been read: its first, middle and last pages are (a page under reading is not
    // counted). Sampling three pages instead of all 2048 keeps this loop's CPU time, which the hash and
    // the check need, small (mincore looks each page up in the page cache).
    auto isCached = [&](qint64 piece) {
        const qint64 offset = piece * kReadAheadPiece;
        // Already written (all but the other writer's window is a contiguous prefix): done with it, even
        // if memory pressure has evicted some of its pages since — else the read-ahead would stall there.
        if (offset + length(piece) <= state.copied - kWindow)
            return true;
        const qint64 last = (length(piece) - 1) / page * page;
        for (const qint64 at : {last, last / 2 / page * page, qint64(0)}) {
            unsigned char residency = 0;
            if (::mincore(const_cast<char*>(state.source) + offset + at, size_t(page), &residency) != 0)
                return true;
            if (!(residency & 1))
                return false;
        }
        return true;
    };
    std::vector<bool> asked(size_t(pieces), false);
    qint64 askedCount = 0, checkAsked = 0;
    // Asked for and not yet seen in the page cache, oldest first, per stream.
    std::deque<qint64> upPending, checkPending;
    qint64 up = 0; // the up stream's next piece (pieces below it are asked)
    // The check's stream: where it is (a piece), which way it goes, and its own cursor when there is
    // no position to follow (from the end down).
    qint64 checkAt = pieces, lastCheckPiece = -1, ownCursor = pieces;
    bool checkGoesUp = false;
    bool upTurn = true;
    auto startWriters = qScopeGuard([&] { state.writeNow = true; });
    auto lastIn = std::chrono::steady_clock::now();
    auto ask = [&](qint64 piece, std::deque<qint64>& pending) {
        ::posix_fadvise(in, piece * kReadAheadPiece, length(piece), POSIX_FADV_WILLNEED);
        asked[size_t(piece)] = true;
        ++askedCount;
        pending.push_back(piece);
    };
    // The check stream's next piece to ask for, or -1: the nearest not asked within its reach (the piece
    // the check reads now first).
    auto checkNext = [&]() -> qint64 {
        if (!state.checkPosition) {
            while (ownCursor > 0 && asked[size_t(ownCursor - 1)])
                --ownCursor;
            return ownCursor > 0 ? ownCursor - 1 : -1;
        }
        for (qint64 step = 0; step < kCheckReach; ++step) {
            const qint64 piece = checkGoesUp ? checkAt + step : checkAt - step;
            if (piece < 0 || piece >= pieces)
                return -1;
            if (!asked[size_t(piece)])
                return piece;
        }
        return -1;
    };
    while (askedCount < pieces || !upPending.empty() || !checkPending.empty()) {
        if (ended)
            break;
        const auto now = std::chrono::steady_clock::now();
        for (auto* pending : {&upPending, &checkPending}) {
            if (!pending->empty() && isCached(pending->front())) {
                pending->pop_front();
                lastIn = now;
            }
        }
        if (state.checkPosition) {
            const qint64 at = state.checkPosition->load(std::memory_order_relaxed);
            if (at >= 0) {
                const qint64 piece = qMin(at / kReadAheadPiece, pieces - 1);
                // A step to the next piece up is a forward scan; any step down, or a jump (the next tree's
                // root or its last pages), is taken as going down, as b-tree walks do.
                if (piece != lastCheckPiece && lastCheckPiece >= 0)
                    checkGoesUp = piece == lastCheckPiece + 1;
                lastCheckPiece = checkAt = piece;
            }
        }
        while (up < pieces && asked[size_t(up)])
            ++up;
        const qint64 ahead = askedCount * kReadAheadPiece - state.copied; // read, not yet written
        // All asked for and nothing more arriving (pages evicted under memory pressure): start anyway.
        if (ahead >= lead || (askedCount == pieces && now - lastIn > std::chrono::milliseconds(200)))
            state.writeNow = true;
        const qint64 checkPiece = checkNext();
        if (checkPiece >= 0 && checkPiece == checkAt && state.checkPosition) {
            // The check is waiting for this piece (it jumped to another tree or part of one): first.
            ask(checkPiece, checkPending);
            ++checkAsked;
            continue;
        }
        const bool upCan = up < pieces && qint64(upPending.size()) < kPerStream && ahead < lead;
        const bool checkCan = checkPiece >= 0 && qint64(checkPending.size()) < kPerStream && ahead < lead &&
                              checkAsked * kReadAheadPiece < lead / 2;
        if (upCan && (upTurn || !checkCan)) {
            ask(up, upPending);
            upTurn = false;
        } else if (checkCan) {
            ask(checkPiece, checkPending);
            ++checkAsked;
            upTurn = true;
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
}

// The copy itself, on a thread of its own. Its file descriptors live in a private descriptor table
// (unshare(CLONE_FILES)): closing a descriptor of the database file would otherwise drop every POSIX
// lock this process holds on that file — the read lock of the snapshot connection and the locks of any
// other connection of Sluice (a WAL database's connections hold one for as long as they are open).
// On Linux those locks belong to the descriptor table, so closing ours in a private table leaves them.
// The threads it starts (read-ahead, hash, writers) share that private table.
void copyThread(const QByteArray& sourceFile, const QByteArray& tempFile, qint64 total, qint64 pageSize,
                bool computeSha256, CopyState& state)
{
    nameThread("backup-copy");
    auto done = qScopeGuard([&] { state.finished = true; });
    if (::unshare(CLONE_FILES) != 0) {
        state.fail(0, true);
        return;
    }
    const int in = ::open(sourceFile.constData(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        state.fail(0, true);
        return;
    }
    auto closeIn = qScopeGuard([&] { ::close(in); });
    struct stat st = {};
    if (::fstat(in, &st) != 0 || st.st_size < total) {
        // Mapping past the end would fault; SQLite would report the missing pages as corruption.
        state.fail(-1);
        return;
    }
    int out = ::open(tempFile.constData(), O_WRONLY | O_CLOEXEC | O_DIRECT);
    state.directIo = out >= 0;
    if (out < 0 && errno == EINVAL) // a filesystem without O_DIRECT (tmpfs before Linux 6.6): buffered
        out = ::open(tempFile.constData(), O_WRONLY | O_CLOEXEC);
    if (out < 0) {
        state.fail(errno);
        return;
    }
    auto closeOut = qScopeGuard([&] { ::close(out); });
    void* source = ::mmap(nullptr, size_t(total), PROT_READ, MAP_SHARED, in, 0);
    if (source == MAP_FAILED) {
        state.fail(0, true); // nothing written: the backup API can still do it
        return;
    }
    auto unmap = qScopeGuard([&] { ::munmap(source, size_t(total)); });
    state.source = static_cast<const char*>(source);
    state.total = total;
    // Made before the first read is asked for: libcrypto reads its configuration file on first use,
    // and on a cold start that small read waited ~0.2 s behind the read-ahead's queue, the hash with it.
    Sha256 hash;
    std::atomic_bool copyEnded{false};
    std::thread prefetcher(readAhead, in, total, std::cref(copyEnded), std::ref(state));
    std::thread hasher;
    if (computeSha256) {
        state.hashedTo = 0;
        hasher = std::thread(hashSource, std::ref(hash), std::ref(state));
    }
    std::vector<std::thread> writers;
    for (int writer = 0; writer < kWritesInFlight; ++writer)
        writers.emplace_back(writeWindows, out, writer, pageSize, std::ref(state));
    for (std::thread& writer : writers)
        writer.join();
    copyEnded = true;
    prefetcher.join();
    // O_DIRECT data is on the device already; this flushes its cache and the file's size and extents.
    if (!state.stop && ::fdatasync(out) != 0)
        state.fail(errno);
    if (hasher.joinable())
        hasher.join();
}

// The copy's size and its first page read back from the file (after the flush) against the source.
QString copyMismatch(const QString& tempPath, qint64 total, const QByteArray& firstPage)
{
    QFile copy(tempPath);
    if (!copy.open(QIODevice::ReadOnly))
        return QStringLiteral("the copy cannot be read back: %1").arg(copy.errorString());
    if (copy.size() != total)
        return QStringLiteral("the copy has %1 bytes instead of %2").arg(copy.size()).arg(total);
    if (copy.read(firstPage.size()) != firstPage)
        return QStringLiteral("the copy's first page differs from the source's");
    return {};
}

} // namespace

void testing::setSnapshotReadAheadLimit(qint64 bytes)
{
    readAheadLimitOverride = bytes;
}

Result<std::optional<SnapshotCopy>> copySnapshotFile(sqlite3* source, const QString& tempPath,
                                                     const QString& finalPath, JobControl* control,
                                                     bool computeSha256)
{
    using Outcome = std::optional<SnapshotCopy>;
    const char* mainFile = sqlite3_db_filename(source, "main");
    if (!mainFile || !*mainFile || !sqlite3_get_autocommit(source))
        return Outcome{}; // in memory, temporary, or inside the caller's transaction
    const QString sourcePath = QFile::decodeName(mainFile);

    // The snapshot: a connection of our own, so that its read transaction can be shared by the copy
    // (which needs no SQLite) and quick_check (which runs on it on another thread).
    RawDb snap;
    const int access =
        sqlite3_db_readonly(source, "main") == 1 ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    // Through the VFS that tells where quick_check reads, for the read-ahead to go there first.
    int rc = sqlite3_open_v2(mainFile, &snap.db, access | SQLITE_OPEN_NOMUTEX, readTrackingVfsName());
    if (rc != SQLITE_OK)
        return Outcome{};
    sqlite3_db_config(snap.db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(snap.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_busy_timeout(snap.db, 5000);
    // quick_check reads every page, most of them twice (the b-tree walk, then the NOT NULL/CHECK scan):
    // through SQLite's memory-mapped I/O it reads them where the copy's read-ahead put them, in the page
    // cache, instead of copying each one with pread — about a third less CPU for the check. The mapped
    // pages count in this process's RSS (up to SQLite's 2 GiB mapping limit) but are the page cache
    // itself, not memory of its own.
    sqlite3_exec(snap.db, "PRAGMA mmap_size=2147418112", nullptr, nullptr, nullptr);
    QString value;
    // BEGIN and a first read take the shared lock (and roll back a hot journal, as any reader would).
    if ((rc = sqlite3_exec(snap.db, "BEGIN", nullptr, nullptr, nullptr)) != SQLITE_OK ||
        (rc = scalarText(snap.db, "SELECT count(*) FROM sqlite_schema", value)) != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_BUSY)
            return sqliteError(snap.db, rc, kOp, sourcePath);
        return Outcome{}; // the backup API on the caller's connection reports it properly
    }
    sqlite3_exec(snap.db, "PRAGMA query_only=1", nullptr, nullptr, nullptr);
    QString pageSize, pageCount, journalMode;
    if (scalarText(snap.db, "PRAGMA main.page_size", pageSize) != SQLITE_OK ||
        scalarText(snap.db, "PRAGMA main.page_count", pageCount) != SQLITE_OK ||
        scalarText(snap.db, "PRAGMA main.journal_mode", journalMode) != SQLITE_OK)
        return Outcome{};
    SnapshotCopy copy;
    copy.pageSize = pageSize.toLongLong();
    copy.pageCount = pageCount.toLongLong();
    if (copy.pageSize <= 0 || copy.pageCount <= 0)
        return Outcome{};
    if (journalMode.compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0) {
        // The main file is this snapshot only if every frame of the WAL is already in it. A passive
        // checkpoint (the caller's connection, which is not in a transaction) moves what it can; if it
        // reports everything moved, no frame is newer than the main file, and the snapshot now held stops
        // any later checkpoint from writing frames past it into the main file.
        int logFrames = -1, checkpointed = -1;
        rc = sqlite3_wal_checkpoint_v2(source, "main", SQLITE_CHECKPOINT_PASSIVE, &logFrames, &checkpointed);
        if (rc != SQLITE_OK || logFrames != checkpointed)
            return Outcome{};
    }

    const qint64 total = copy.pageCount * copy.pageSize;
    // quick_check in the same snapshot, on its own thread, while the pages are copied.
    std::atomic_bool stopCheck{false};
    std::atomic_bool checkDone{false};
    QString checkText;
    int checkRc = SQLITE_OK;
    sqlite3_progress_handler(snap.db, 10000, stopWhenAsked, &stopCheck);
    std::thread checker([&] {
        nameThread("backup-check");
        checkRc = quickCheck(snap.db, checkText);
        checkDone = true;
    });

    CopyState state;
    state.checkPosition = lastReadOffset(snap.db);
    std::thread copier(copyThread, QByteArray(mainFile), QFile::encodeName(tempPath), total, copy.pageSize,
                       computeSha256, std::ref(state));
    bool cancelled = false;
    bool checkStoppedForCopy = false; // the copy failed: the check's answer no longer matters
    auto checkFailed = [&] {
        return checkDone && (checkRc != SQLITE_OK || checkText != QLatin1String("ok"));
    };
    // Progress and cancel; either side failing stops the other.
    while (!state.finished || !checkDone) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (control) {
            if (!state.finished)
                control->progress(state.copied / copy.pageSize, copy.pageCount,
                                  QStringLiteral("Copying pages"));
            else
                control->progress(copy.pageCount, copy.pageCount, QStringLiteral("Checking the database"));
            if (control->isCancelled() && !cancelled) {
                cancelled = true;
                state.stop = true;
                stopCheck = true;
            }
        }
        if (checkFailed())
            state.stop = true;
        if (state.finished && (state.error || state.declined) && !checkDone) {
            checkStoppedForCopy = true;
            stopCheck = true;
        }
    }
    copier.join();
    checker.join();
    sqlite3_progress_handler(snap.db, 0, nullptr, nullptr);
    const QString sha = state.sha256; // the copy's threads are joined
    const DbError checkError =
        checkRc != SQLITE_OK ? sqliteError(snap.db, checkRc, kVerify, sourcePath) : DbError();
    sqlite3_exec(snap.db, "COMMIT", nullptr, nullptr, nullptr); // writers may go on

    if (cancelled)
        return DbWorker::cancelledError();
    if (!checkStoppedForCopy && checkRc != SQLITE_OK)
        return checkError;
    if (!checkStoppedForCopy && checkText != QLatin1String("ok"))
        return DbError::plain(kVerify,
                              QStringLiteral("quick_check of the database reported: %1").arg(checkText),
                              QStringLiteral("Run Health ▸ Integrity Check and repair the database before "
                                             "backing it up."),
                              sourcePath);
    if (state.declined)
        return Outcome{};
    if (state.error == -1)
        return DbError::plain(
            kOp, QStringLiteral("%1 is shorter than its %2 pages").arg(sourcePath).arg(copy.pageCount),
            QStringLiteral("Run an integrity check on the database."), sourcePath);
    if (state.error)
        return BackupService::writeFailure(state.error, finalPath);
    if (const QString why = copyMismatch(tempPath, total, state.firstPage); !why.isEmpty())
        return DbError::plain(kVerify, why, {}, finalPath);
    if (computeSha256 && sha.isEmpty())
        return DbError::plain(kOp, QStringLiteral("the checksum of the copy could not be computed"), {},
                              finalPath);
    copy.sha256 = sha;
    copy.directIo = state.directIo;
    return Outcome(copy);
}

} // namespace sluice
