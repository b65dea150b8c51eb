// verify: every stream's positions, ids and order.
#include "Commands.h"
#include "app/mdbctl/Output.h"
#include "model/MessageJson.h"
#include "model/StoreVerifier.h"

namespace mdbctl::commands {

namespace {

int runVerify(Context& c)
{
    mdb::StoreVerifier verifier(*c.store, c.ns);
    verifier.setCategories(c.arguments());
    const mdb::Result<mdb::VerifyReport> report = verifier.run();
    if (!report)
        return fail(report.error());
    for (const mdb::Violation& v : report->violations) {
        if (c.json)
            out() << "{\"violation\":" << mdb::MessageJson::quote(mdb::violationKindName(v.kind))
                  << ",\"stream_name\":" << mdb::MessageJson::quote(v.streamName)
                  << ",\"detail\":" << mdb::MessageJson::quote(v.detail) << "}\n";
        else
            out() << mdb::violationLine(v) << "\n";
    }
    if (c.json)
        out() << "{\"categories\":" << report->categories << ",\"streams\":" << report->streams
              << ",\"messages\":" << report->messages << ",\"violations\":" << report->violationCount
              << ",\"verified\":" << (report->ok() ? "true" : "false") << "}\n";
    else
        out() << (report->ok() ? "verified: " : "NOT verified: ") << report->categories << " categories, "
              << report->streams << " streams, " << report->messages << " messages, "
              << report->violationCount << " violations\n";
    return report->ok() ? Ok : Failure;
}

} // namespace

Command verify()
{
    return {
        QStringLiteral("verify"),
        {{QStringLiteral("verify [CATEGORY...]"),
          QStringLiteral("check every stream's positions, ids and order"),
          QStringLiteral("Check the namespace (or the given categories): every stream's positions run from 0 "
                         "without gaps or duplicates in global order, and no message id appears twice. Each "
                         "violation is printed; exits 1 if there is any.")}},
        {},
        {},
        true,
        runVerify};
}

} // namespace mdbctl::commands
