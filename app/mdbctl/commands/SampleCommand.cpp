// sample: a realistic sample of messages.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/SampleGenerator.h"

#include <algorithm>

namespace mdbctl::commands {

namespace {

int runSample(Context& c)
{
    const CommandLine& cl = c.commandLine;
    QString problem;
    mdb::SampleSpec spec;
    spec.messages = cl.number(QStringLiteral("messages"), problem).value_or(spec.messages);
    spec.categories = int(cl.number(QStringLiteral("categories"), problem).value_or(spec.categories));
    spec.streams = cl.number(QStringLiteral("streams"), problem).value_or(spec.streams);
    spec.seed = quint32(cl.number(QStringLiteral("seed"), problem).value_or(0));
    if (!problem.isEmpty())
        return usage(problem);
    if (spec.messages < 1 || spec.categories < 1 || spec.streams < 1)
        return usage(QStringLiteral("sample needs --messages, --categories and --streams of at least 1"));
    const qint64 step = std::max<qint64>(spec.messages / 20, 1);
    qint64 nextReport = step;
    mdb::Result<mdb::SampleProgress> done =
        mdb::writeSample(*c.store, c.ns, spec, [&nextReport, step](const mdb::SampleProgress& p) {
            if (p.written >= nextReport || p.written == p.total) {
                err() << "\r" << p.written << " / " << p.total << " messages" << Qt::flush;
                nextReport = p.written + step;
            }
        });
    err() << "\n" << Qt::flush;
    if (!done)
        return fail(done.error());
    out() << (c.json ? QStringLiteral("{\"messages\":%1}").arg(done->written)
                     : QString::number(done->written))
          << "\n";
    return Ok;
}

} // namespace

Command sample()
{
    return {QStringLiteral("sample"),
            {{QStringLiteral("sample [--messages N] [--categories K] [--streams N] [--seed S]"),
              QStringLiteral("write a realistic sample (accounts, transfers, ...)"),
              QStringLiteral("Write a realistic sample of messages (accounts, transfers, commands, position "
                             "streams).")}},
            {{QStringLiteral("messages"), QStringLiteral("N"), QStringLiteral("how many messages")},
             {QStringLiteral("categories"), QStringLiteral("K"), QStringLiteral("how many categories")},
             {QStringLiteral("streams"), QStringLiteral("N"), QStringLiteral("how many streams")},
             {QStringLiteral("seed"), QStringLiteral("S"),
              QStringLiteral("the random seed, for the same sample again")}},
            {},
            true,
            runSample};
}

} // namespace mdbctl::commands
