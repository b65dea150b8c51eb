#include "app/mdbctl/Output.h"

#include "app/mdbctl/Command.h"
#include "model/MessageJson.h"

namespace mdbctl {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

int usage(const QString& problem)
{
    out().flush();
    err() << "mdbctl: " << problem << "\n"
          << "Try 'mdbctl --help'.\n";
    err().flush();
    return Usage;
}

int fail(const mdb::StoreError& e)
{
    out().flush();
    err() << "mdbctl: " << e.message << "\n";
    if (!e.detail.isEmpty())
        err() << "DETAIL: " << e.detail << "\n";
    err().flush();
    return e.kind == mdb::ErrorKind::WrongExpectedVersion ? WrongVersion : Failure;
}

QString jsonOrNull(const std::optional<QString>& s)
{
    return s ? mdb::MessageJson::quote(*s) : QStringLiteral("null");
}

QString numberOrNull(const std::optional<qint64>& v)
{
    return v ? QString::number(*v) : QStringLiteral("null");
}

void printMessages(const mdb::MessageList& messages, bool json)
{
    if (json) {
        for (const mdb::Message& m : messages)
            out() << mdb::MessageJson::line(m) << "\n";
        return;
    }
    for (const mdb::Message& m : messages) {
        out() << m.globalPosition << "\t" << m.position << "\t" << m.timeText() << "\t" << m.streamName
              << "\t" << m.type << "\t" << m.data.value_or(QStringLiteral("null")) << "\t"
              << m.metadata.value_or(QStringLiteral("null")) << "\t" << m.id << "\n";
    }
}

} // namespace mdbctl
