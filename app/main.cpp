// The one file that sees both faces of Sluice: with a verb (or --help / --version) it runs the
// headless command line on a QCoreApplication; otherwise it opens the desktop window.
//
// It is built twice. `sluice`, the command users type, links the engine only (Qt Core, Qt Sql,
// SQLite): the command line never loads Qt Gui, Qt Widgets or QScintilla, which from a cold cache made
// every `sluice backup` in a cron job or a container entrypoint start ~70 ms later (docs/benchmarks.md).
// Asked for the window, it replaces itself (execv, same arguments) with `sluice-gui`, this same file
// built with SLUICE_DESKTOP, which links the widgets too and is installed beside it (build folder) or in
// libexec (package).
#include "cli/Cli.h"

#include <QCoreApplication>

#include <cstdio>

#ifdef SLUICE_DESKTOP
#include "MainWindow.h"
#include "UiApplication.h"

#include <QApplication>
#else
#include <QByteArray>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <unistd.h>
#endif

namespace {

#ifndef SLUICE_DESKTOP
// Hands over to the desktop window: sluice-gui beside this executable (a build folder), else where the
// package installs it (SLUICE_GUI_FROM_BINDIR, relative to this executable's folder). Returns only when
// neither can be started.
int startDesktop(char** argv)
{
    const QString folder = QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget()).path();
    const QStringList candidates{folder + QStringLiteral("/sluice-gui"),
                                 folder + QStringLiteral("/" SLUICE_GUI_FROM_BINDIR "/sluice-gui")};
    QString tried;
    for (const QString& candidate : candidates) {
        const QByteArray path = QFile::encodeName(QFileInfo(candidate).absoluteFilePath());
        ::execv(path.constData(), argv);
        tried += QStringLiteral("\n  %1: %2")
                     .arg(QFile::decodeName(path), QString::fromLocal8Bit(std::strerror(errno)));
    }
    std::fprintf(stderr,
                 "sluice: cannot open the desktop window: its program, sluice-gui, could not be started:%s\n"
                 "Reinstall Sluice to get it back; the command line works without it (sluice --help).\n",
                 qPrintable(tried));
    return 2;
}
#endif

} // namespace

int main(int argc, char** argv)
{
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    if (sluice::cli::isCliInvocation(arguments)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("sluice"));
        QCoreApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));
        QTextStream out(stdout);
        QTextStream err(stderr);
        sluice::cli::Io io{out, err};
        const int code = sluice::cli::run(arguments, io);
        out.flush();
        err.flush();
        return code;
    }

#ifdef SLUICE_DESKTOP
    QApplication app(argc, argv);
    sluice::ui::setUpApplication(app);
    sluice::ui::MainWindow window;
    window.show();
    const QStringList files = arguments.mid(1);
    if (!files.isEmpty())
        window.openDatabase(files.first());
    return app.exec();
#else
    return startDesktop(argv);
#endif
}
