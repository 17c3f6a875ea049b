#pragma once
// A SQLite VFS that is the default VFS plus one thing: it records where in a main database file the
// connection last read (xRead, or xFetch with memory-mapped I/O). The backup's read-ahead uses it to
// bring in the pages just ahead of its quick_check, wherever the check's b-tree walk has got to (see
// SnapshotFileCopy.cpp): SQLite tells nothing else about the order in which a check visits pages.
//
// Everything else is passed through to the default VFS unchanged (locks, WAL shared memory, sync), so
// a connection opened through it behaves like any other, including toward this process's other
// connections to the same file.
#include <QtGlobal>

#include <atomic>

struct sqlite3;

namespace sluice {

// The name to give sqlite3_open_v2() as its zVfs, registered on first use (not as the default VFS);
// nullptr when it cannot be registered, which opens through the default VFS.
const char* readTrackingVfsName();

// The byte offset of the last read of `db`'s main database file (-1 before the first), updated as the
// connection reads; nullptr when that file was not opened through readTrackingVfsName(). Valid while
// the connection is open; any thread may load it.
const std::atomic<qint64>* lastReadOffset(sqlite3* db);

} // namespace sluice
