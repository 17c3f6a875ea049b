// The one file that sees both faces of Sluice: with a verb (or --help / --version) it runs the
// headless command line on a QCoreApplication; otherwise it opens the desktop window.
#include "MainWindow.h"
#include "UiApplication.h"
#include "cli/Cli.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>

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

    QApplication app(argc, argv);
    sluice::ui::setUpApplication(app);
    sluice::ui::MainWindow window;
    window.show();
    const QStringList files = arguments.mid(1);
    if (!files.isEmpty())
        window.openDatabase(files.first());
    return app.exec();
}
