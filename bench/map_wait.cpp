// Launches a program and waits, on X11 events rather than by polling, until its first top-level window
// is mapped: map_wait [--settle MS] -- PROGRAM [ARGS...]
// Prints one line: map_ms=<launch to MapNotify> rss_kb=<VmRSS at that moment> [settled_rss_kb=<VmRSS MS
// later>] then stops the program. `xdotool search --sync` polls every 0.5 s, too coarse for start-up times of
// a few hundred milliseconds; this listens for MapNotify on the root window instead (no window manager under
// Xvfb, so top-level windows are children of the root) and matches _NET_WM_PID.
#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace {

double nowMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

long statusKb(pid_t pid, const char* field)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    const size_t n = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':')
            return std::atol(line.c_str() + n + 1);
    return -1;
}

long windowPid(Display* dpy, Window w, Atom netWmPid)
{
    Atom type = None;
    int format = 0;
    unsigned long count = 0, after = 0;
    unsigned char* data = nullptr;
    long pid = -1;
    if (XGetWindowProperty(dpy, w, netWmPid, 0, 1, False, XA_CARDINAL, &type, &format, &count, &after,
                           &data) == Success &&
        data) {
        if (type == XA_CARDINAL && format == 32 && count == 1)
            pid = *reinterpret_cast<unsigned long*>(data);
        XFree(data);
    }
    return pid;
}

void stop(pid_t pid)
{
    kill(pid, SIGTERM);
    for (int i = 0; i < 300; ++i) {
        if (waitpid(pid, nullptr, WNOHANG) == pid)
            return;
        usleep(10000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
}

int ignoreXErrors(Display*, XErrorEvent*)
{
    return 0; // a window may vanish between MapNotify and the property read
}

} // namespace

int main(int argc, char** argv)
{
    int settleMs = 0;
    int i = 1;
    for (; i < argc; ++i) {
        if (std::strcmp(argv[i], "--settle") == 0 && i + 1 < argc)
            settleMs = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--") == 0) {
            ++i;
            break;
        } else
            break;
    }
    if (i >= argc) {
        std::fprintf(stderr, "usage: map_wait [--settle MS] -- PROGRAM [ARGS...]\n");
        return 2;
    }
    Display* dpy = XOpenDisplay(nullptr);
    if (!dpy) {
        std::fprintf(stderr, "map_wait: cannot open display\n");
        return 2;
    }
    XSetErrorHandler(ignoreXErrors);
    const Window root = DefaultRootWindow(dpy);
    const Atom netWmPid = XInternAtom(dpy, "_NET_WM_PID", False);
    XSelectInput(dpy, root, SubstructureNotifyMask);
    XSync(dpy, False);

    const double start = nowMs();
    const pid_t child = fork();
    if (child == 0) {
        execvp(argv[i], argv + i);
        _exit(127);
    }
    double mapped = -1;
    long rss = -1;
    const double deadline = start + 60000;
    while (mapped < 0 && nowMs() < deadline) {
        while (XPending(dpy) && mapped < 0) {
            XEvent ev;
            XNextEvent(dpy, &ev);
            if (ev.type != MapNotify || ev.xmap.override_redirect)
                continue;
            const double at = nowMs();
            const long kb = statusKb(child, "VmRSS");
            if (windowPid(dpy, ev.xmap.window, netWmPid) == child) {
                mapped = at - start;
                rss = kb;
            }
        }
        if (mapped >= 0)
            break;
        if (waitpid(child, nullptr, WNOHANG) == child) {
            std::fprintf(stderr, "map_wait: %s exited before mapping a window\n", argv[i]);
            return 1;
        }
        pollfd p{ConnectionNumber(dpy), POLLIN, 0};
        poll(&p, 1, 50);
    }
    if (mapped < 0) {
        std::fprintf(stderr, "map_wait: no window from %s within 60 s\n", argv[i]);
        stop(child);
        return 1;
    }
    long settled = -1;
    if (settleMs > 0) {
        usleep(useconds_t(settleMs) * 1000);
        settled = statusKb(child, "VmRSS");
    }
    stop(child);
    XCloseDisplay(dpy);
    std::printf("map_ms=%.1f rss_kb=%ld", mapped, rss);
    if (settleMs > 0)
        std::printf(" settled_rss_kb=%ld", settled);
    std::printf("\n");
    return 0;
}
