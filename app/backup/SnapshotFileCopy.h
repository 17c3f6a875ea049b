#pragma once
// A copy of a database's main file taken under a read transaction, checked and hashed while it is
// written — the fast path of BackupService.
//
// Why the main file can be copied as bytes: a connection of our own holds a read transaction for the
// whole copy. In rollback-journal mode its shared lock keeps every writer out of the main file, so the
// first page_count pages of the file are exactly that snapshot. In WAL mode the snapshot is the main
// file only when every frame of the -wal file is already in it; a passive checkpoint is run after the
// read transaction starts and the path is used only when it reports the WAL completely checkpointed
// (the held snapshot then stops any further checkpoint from writing the main file). Otherwise — frames
// newer than the main file, an in-memory database, the caller's own open transaction — it declines
// and BackupService uses SQLite's online backup API.
//
// Why it is fast: the copy, its check and its checksum overlap instead of following one another. A
// read-ahead thread brings the source into the page cache with a bounded number of reads outstanding, in
// two streams: from the start up for the hash, and just ahead of quick_check wherever its walk is (its
// connection reads through ReadTrackingVfs, which reports where it reads). A hash thread computes the SHA-256
// of the file in order as its pages arrive, and `PRAGMA quick_check` runs on the snapshot connection on
// another thread, in the same snapshot: it checks exactly the bytes that are being copied. Once the file is
// read (or the read-ahead has gone as far ahead as memory allows), two writer threads take alternate 32 MiB
// windows of the source and write them to the copy with O_DIRECT (the device reads the pages straight from
// the page cache: no second copy in memory, no writeback afterwards; one write is always queued while the
// other writer maps and pins its next window), while the check and the hash finish. After the flush the
// copy's size and its first page, read back from the disk, are compared with the source's.
#include "core/Result.h"

#include <QString>

#include <optional>

struct sqlite3;

namespace sluice {

class JobControl;

struct SnapshotCopy
{
    qint64 pageSize = 0;
    qint64 pageCount = 0;
    QString sha256;        // lowercase hex, when asked for
    bool directIo = false; // written with O_DIRECT (false: buffered writes, e.g. tmpfs)
};

// Copies the database of `source` (its "main" file) into `tempPath`, an existing empty file, and
// flushes it; errors name `finalPath`, the name the copy will be given. Returns the copy; std::nullopt when
// this database cannot be copied this way (the caller falls back to the backup API; `tempPath` is left
// empty); or an error: cancelled, locked, the disk full, quick_check not ok, the file shorter than its page
// count (the caller removes `tempPath`).
Result<std::optional<SnapshotCopy>> copySnapshotFile(sqlite3* source, const QString& tempPath,
                                                     const QString& finalPath, JobControl* control,
                                                     bool computeSha256);

namespace testing {
// Caps how far the copy reads ahead of its writes (0: the default, an eighth of the memory), so that a
// test can take the path of a database larger than that limit with a small file.
void setSnapshotReadAheadLimit(qint64 bytes);
} // namespace testing

} // namespace sluice
