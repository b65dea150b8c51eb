// mdbctl end to end, on three targets (an SQLite namespace, an mdbstudio PostgreSQL namespace and the
// official Message DB), each a row of its own: every command is run and its exit code, standard output
// and standard error are held against what they must be, on every target; then the targets' answers to
// the same scenario are compared with each other.

// The scenario below reads best as plain string literals. Raw string literals stay out of macro
// arguments (QStringLiteral, QCOMPARE): moc cannot read them there and would drop the test slots.
#undef QT_NO_CAST_FROM_ASCII
#include "TestStores.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

namespace {

struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
    bool operator==(const Outcome& o) const { return exitCode == o.exitCode && out == o.out && err == o.err; }
};

QString describe(const Outcome& o)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(o.exitCode).arg(o.out, o.err);
}

Outcome mdbctl(const QStringList& args)
{
    QProcess p;
    p.setProgram(QStringLiteral(MDBCTL_PATH));
    p.setArguments(args);
    p.start();
    p.waitForFinished(60000);
    Outcome o;
    o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    o.out = QString::fromUtf8(p.readAllStandardOutput());
    o.err = QString::fromUtf8(p.readAllStandardError());
    return o;
}

// A message's time as mdbctl prints it: UTC with microseconds.
const QString TimeText = QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");

// Times and global positions differ between stores by nature; everything else must not. Only
// well-formed times are replaced, so that a malformed one shows in the comparison.
QString normalized(QString text)
{
    static const QRegularExpression time(QStringLiteral("\"time\":\"%1\"").arg(TimeText));
    static const QRegularExpression global(QStringLiteral("\"global_position\":\\d+"));
    static const QRegularExpression tableRow(QStringLiteral("^\\d+\t(\\d+)\t%1\t").arg(TimeText),
                                             QRegularExpression::MultilineOption);
    static const QRegularExpression csvRow(QStringLiteral("^\\d+,(\\d+),%1,").arg(TimeText),
                                           QRegularExpression::MultilineOption);
    text.replace(time, QStringLiteral("\"time\":T"));
    text.replace(global, QStringLiteral("\"global_position\":G"));
    text.replace(tableRow, QStringLiteral("G\t\\1\tT\t"));
    text.replace(csvRow, QStringLiteral("G,\\1,T,"));
    return text;
}

// The global positions an output shows, in the order it shows them.
QList<qint64> globalPositions(const QString& text)
{
    static const QRegularExpression position(
        QStringLiteral("(?:\"global_position\":(\\d+))|(?:^(\\d+)[\t,]\\d+[\t,]%1)").arg(TimeText),
        QRegularExpression::MultilineOption);
    QList<qint64> positions;
    for (auto it = position.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        positions << (m.captured(1).isEmpty() ? m.captured(2) : m.captured(1)).toLongLong();
    }
    return positions;
}

bool rising(const QList<qint64>& positions)
{
    for (qsizetype i = 1; i < positions.size(); ++i) {
        if (positions.at(i) <= positions.at(i - 1))
            return false;
    }
    return true;
}

// What mdbctl prints for a store's error, and for a usage error.
QString failure(const QString& text)
{
    return QStringLiteral("mdbctl: ") + text + u'\n';
}

QString usageFailure(const QString& text)
{
    return failure(text) + QStringLiteral("Try 'mdbctl --help'.\n");
}

QStringList lines(const QString& text)
{
    return text.split(u'\n', Qt::SkipEmptyParts);
}

// A summary's text lines as (key, count, percent), with the key holding both keys of category-type.
struct SummaryLine
{
    QString key;
    qint64 count = 0;
    QString percent;
};

QList<SummaryLine> summaryLines(const QString& text)
{
    QList<SummaryLine> rows;
    for (const QString& line : lines(text)) {
        QStringList fields = line.split(u'\t');
        const QString percent = fields.takeLast();
        const qint64 count = fields.takeLast().toLongLong();
        rows << SummaryLine{fields.join(u'\t'), count, percent};
    }
    return rows;
}

// The percentage mdbctl prints for `count` of `total`.
QString percentOf(qint64 count, qint64 total)
{
    return QString::number(100.0 * double(count) / double(total), 'f', 2);
}

QString readFile(const QString& fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("(cannot read %1)").arg(fileName);
    return QString::fromUtf8(file.readAll());
}

// Runs `args` and compares its outcome with the expected one, normalised; the mismatch, if any.
QString mismatch(const QStringList& args, const Outcome& expected)
{
    Outcome o = mdbctl(args);
    o.out = normalized(o.out);
    if (o == expected)
        return {};
    return QStringLiteral("mdbctl %1\n--- expected:\n%2\n--- got:\n%3\n")
        .arg(args.join(u' '), describe(expected), describe(o));
}

} // namespace

#define CHECK_RUN(args, expected)                                                                            \
    do {                                                                                                     \
        const QString runMismatch = mismatch(args, expected);                                                \
        QVERIFY2(runMismatch.isEmpty(), qPrintable(runMismatch));                                            \
    } while (false)

// Fetches the row's target; a PostgreSQL target without a test server skips, or fails when required.
#define FETCH_TARGET(store)                                                                                  \
    QFETCH(QString, target);                                                                                 \
    const TargetStore store = storeOf(target);                                                               \
    if (!store.problem.isEmpty()) {                                                                          \
        if (!mdbtest::postgresRequired())                                                                    \
            QSKIP(qPrintable(store.problem));                                                                \
        QFAIL(qPrintable(store.problem));                                                                    \
    }

class MdbctlTest : public QObject
{
    Q_OBJECT

    // The options that point mdbctl at a target's store and namespace, or why there is none.
    struct TargetStore
    {
        QString target;
        QStringList args;
        QString problem;
        bool scratchable() const { return target != QStringLiteral("official"); }
    };

    QTemporaryDir m_sqliteDir;
    QString m_pgNamespace;
    QString m_pgProblem;
    QStringList m_pgScratch; // PostgreSQL namespaces made by the tests, dropped at the end
    // Each target's normalised answers to the same commands, by what was asked, in order.
    QMap<QString, QList<std::pair<QString, Outcome>>> m_answers;
    // Names shared by every target's scenario, so that their outputs compare equal.
    const QString m_category = mdbtest::uniqueName(QStringLiteral("cli"));
    // Fresh for each run, as the official install keeps every id it was ever given.
    const QStringList m_ids{QUuid::createUuid().toString(QUuid::WithoutBraces),
                            QUuid::createUuid().toString(QUuid::WithoutBraces).toUpper(),
                            QUuid::createUuid().toString(QUuid::WithoutBraces)};

    TargetStore storeOf(const QString& target) const
    {
        if (target == QStringLiteral("sqlite"))
            return {target, {"--store", m_sqliteDir.path(), "--ns", "message_store"}, {}};
        if (mdbtest::postgresUrl().isEmpty())
            return {target, {}, QStringLiteral("MDBSTUDIO_TEST_PG_URL is not set: no %1 target").arg(target)};
        if (target == QStringLiteral("postgres")) {
            if (!m_pgProblem.isEmpty())
                return {target, {}, m_pgProblem};
            return {target, {"--store", mdbtest::postgresUrl(), "--ns", m_pgNamespace}, {}};
        }
        if (mdbtest::officialUrl().isEmpty())
            return {target, {}, QStringLiteral("MDBSTUDIO_TEST_OFFICIAL_URL is not set")};
        return {target, {"--store", mdbtest::officialUrl(), "--ns", "message_store"}, {}};
    }

    // A new, empty namespace of the target's store (never of the official install); empty if none.
    QStringList scratchNamespace(const TargetStore& store, QString* name = nullptr)
    {
        const QString ns = mdbtest::uniqueName(QStringLiteral("cli_"));
        const QString url =
            store.target == QStringLiteral("sqlite") ? m_sqliteDir.path() : mdbtest::postgresUrl();
        const Outcome created = mdbctl({"--store", url, "namespace", "create", ns});
        if (created != Outcome{0, "created " + ns + u'\n', {}}) {
            qWarning("%s", qPrintable(describe(created)));
            return {};
        }
        if (store.target != QStringLiteral("sqlite"))
            m_pgScratch << ns;
        if (name)
            *name = ns;
        return {"--store", url, "--ns", ns};
    }

    static void addTargets(const QStringList& targets)
    {
        QTest::addColumn<QString>("target");
        for (const QString& t : targets)
            QTest::newRow(qPrintable(t)) << t;
    }
    static void allTargets() { addTargets({"sqlite", "postgres", "official"}); }
    // Targets whose store may take namespaces of the test's own: not the shared official install.
    static void scratchTargets() { addTargets({"sqlite", "postgres"}); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_sqliteDir.isValid());
        CHECK_RUN(QStringList({"--store", m_sqliteDir.path(), "namespace", "create", "message_store"}),
                  (Outcome{0, "created message_store\n", {}}));
        if (mdbtest::postgresUrl().isEmpty())
            return; // the PostgreSQL rows skip or fail, each on its own
        m_pgNamespace = mdbtest::uniqueName(QStringLiteral("cli_"));
        const Outcome created =
            mdbctl({"--store", mdbtest::postgresUrl(), "namespace", "create", m_pgNamespace});
        if (created != Outcome{0, "created " + m_pgNamespace + u'\n', {}}) {
            m_pgProblem = "cannot create the test namespace:\n" + describe(created);
            m_pgNamespace.clear();
        }
    }

    // Namespaces a test has dropped already are refused here, which does no harm.
    void cleanupTestCase()
    {
        QStringList namespaces = m_pgScratch;
        if (!m_pgNamespace.isEmpty())
            namespaces << m_pgNamespace;
        for (const QString& ns : std::as_const(namespaces))
            mdbctl({"--store", mdbtest::postgresUrl(), "namespace", "drop", ns, "--yes"});
    }

    void scenario_data() { allTargets(); }
    // Writes, reads, errors and exports, each step with its own expected outcome.
    void scenario()
    {
        FETCH_TARGET(store);
        const QString c = m_category;
        const QString s1 = c + QStringLiteral("-1");
        const QString s2 = c + QStringLiteral("-2+x");
        // The ids are given, so that the expected outputs can name them; the second is upper case,
        // and Message DB gives it back in lower case.
        const QString& id1 = m_ids.at(0);
        const QString& id2 = m_ids.at(1);
        const QString& id3 = m_ids.at(2);
        const QString opened1 =
            QString::fromUtf8(
                R"({"global_position":G,"position":0,"time":T,"stream_name":"%1","type":"Opened",)"
                R"("data":{"a": 2.50, "b": 1, "é": "é"},"metadata":null,"id":"%2"})"
                "\n")
                .arg(s1, id1);
        const QString deposited =
            QString::fromUtf8(
                R"({"global_position":G,"position":1,"time":T,"stream_name":"%1","type":"Deposited",)"
                R"("data":{"n": 1000, "amount": 10.00},"metadata":{"correlationStreamName": "corr-9"},)"
                R"("id":"%2"})"
                "\n")
                .arg(s1, id2.toLower());
        const QString opened2 =
            QString::fromUtf8(
                R"({"global_position":G,"position":0,"time":T,"stream_name":"%1","type":"Opened",)"
                R"("data":[],"metadata":null,"id":"%2"})"
                "\n")
                .arg(s2, id3);
        const QString depositedRow =
            QStringLiteral("G\t1\tT\t%1\tDeposited\t{\"n\": 1000, \"amount\": 10.00}\t"
                           "{\"correlationStreamName\": \"corr-9\"}\t%2\n")
                .arg(s1, id2.toLower());
        const QString csv =
            QString::fromUtf8("global_position,position,time,stream_name,type,data,metadata,id\n"
                              R"(G,0,T,%1,Opened,"{""a"": 2.50, ""b"": 1, ""é"": ""é""}",,%2)"
                              "\n"
                              R"(G,1,T,%1,Deposited,"{""n"": 1000, ""amount"": 10.00}",)"
                              R"("{""correlationStreamName"": ""corr-9""}",%3)"
                              "\n"
                              "G,0,T,%4,Opened,[],,%5\n")
                .arg(s1, id1, id2.toLower(), s2, id3);
        const QString notActivated = failure("Retrieval with SQL condition is not activated");
        const QString sizeTooSmall = failure(
            "Consumer group size must not be less than 1 (Consumer Group Member: 0, Consumer Group Size: 0)");

        struct Step
        {
            QStringList args;
            Outcome expected;
        };
        const QList<Step> steps{
            {{"write", s1, "Opened", R"({"b":1,"a":2.50,"é":"\u00e9"})", "--id", id1, "--expected-version",
              "-1"},
             {0, "0\n", {}}},
            {{"write", s1, "Deposited", R"({"amount": 10.00, "n": 1e3})", "--metadata",
              R"({"correlationStreamName":"corr-9"})", "--id", id2},
             {0, "1\n", {}}},
            {{"write", s1, "Withdrawn", "{}", "--expected-version", "0"},
             {3, {}, failure("Wrong expected version: 0 (Stream: " + s1 + ", Stream Version: 1)")}},
            {{"write", s2, "Opened", "{bad"},
             {1, {}, failure("invalid input syntax for type json\nDETAIL: Token \"bad\" is invalid.")}},
            {{"write", s2, "Opened", "{}", "--id", "not-a-uuid"},
             {1, {}, failure("invalid input syntax for type uuid: \"not-a-uuid\"")}},
            {{"write", s2, "Opened", "{}", "--id", id1},
             {1,
              {},
              failure("duplicate key value violates unique constraint \"messages_id\"\nDETAIL: Key (id)=(" +
                      id1 + ") already exists.")}},
            {{"write", s2, "Opened", "[]", "--expected-version", "-1", "--id", id3}, {0, "0\n", {}}},
            {{"--json", "stream", s1}, {0, opened1 + deposited, {}}},
            {{"stream", s1, "--position", "1"}, {0, depositedRow, {}}},
            {{"--json", "stream", s1, "--batch-size", "0"}, {0, {}, {}}},
            {{"stream", s1, "--batch-size", "-2"}, {1, {}, failure("LIMIT must not be negative")}},
            {{"stream", c}, {1, {}, failure("Must be a stream name: " + c)}},
            {{"--json", "category", c}, {0, opened1 + deposited + opened2, {}}},
            {{"--json", "category", c, "--correlation", "corr"}, {0, deposited, {}}},
            {{"category", c, "--correlation", "corr-9"},
             {1, {}, failure("Correlation must be a category (Correlation: corr-9)")}},
            {{"category", c, "--member", "1"},
             {1,
              {},
              failure("Consumer group member and size must be specified (Consumer Group Member: 1, Consumer "
                      "Group Size: <NULL>)")}},
            {{"category", c, "--size", "2"},
             {1,
              {},
              failure("Consumer group member and size must be specified (Consumer Group Member: <NULL>, "
                      "Consumer Group Size: 2)")}},
            {{"category", c, "--member", "2", "--size", "2"},
             {1,
              {},
              failure("Consumer group member must be less than the group size (Consumer Group Member: 2, "
                      "Consumer Group Size: 2)")}},
            {{"category", c, "--member", "0", "--size", "0"}, {1, {}, sizeTooSmall}},
            {{"category", c, "--member", "0", "--size", "40000"}, {1, {}, failure("smallint out of range")}},
            // hash_64("1") is in member 0 of 2, hash_64("2") in member 1.
            {{"--json", "category", c, "--member", "0", "--size", "2"}, {0, opened1 + deposited, {}}},
            {{"--json", "category", c, "--member", "1", "--size", "2"}, {0, opened2, {}}},
            {{"category", s1}, {1, {}, failure("Must be a category: " + s1)}},
            {{"category", c, "--condition", "position >= 1"}, {1, {}, notActivated}},
            {{"stream", s1, "--condition", "position >= 1"}, {1, {}, notActivated}},
            {{"--enable-conditions", "category", c, "--condition", "position >= 1"}, {0, depositedRow, {}}},
            {{"--enable-conditions", "stream", s1, "--condition", "position >= 1"}, {0, depositedRow, {}}},
            {{"--enable-conditions", "--json", "stream", s1, "--condition", "type = 'Opened'"},
             {0, opened1, {}}},
            {{"--json", "last", s1, "--type", "Opened"}, {0, opened1, {}}},
            {{"--json", "last", s1, "--type", "Nope"}, {0, {}, {}}},
            {{"--json", "last", s1}, {0, deposited, {}}},
            {{"--json", "version", s1}, {0, "{\"stream_name\":\"" + s1 + "\",\"version\":1}\n", {}}},
            {{"--json", "version", c + QStringLiteral("-404")},
             {0, "{\"stream_name\":\"" + c + "-404\",\"version\":null}\n", {}}},
            {{"version", s2}, {0, "0\n", {}}},
            {{"export", c}, {0, opened1 + deposited + opened2, {}}},
            {{"export", s1, "--type", "Opened"}, {0, opened1, {}}},
            {{"export", c, "--correlation", "corr"}, {0, deposited, {}}},
            {{"export", c, "--format", "csv"}, {0, csv, {}}},
            {{"partition", c, "--size", "2"}, {0, "0\t1\t2\t66.67\n1\t1\t1\t33.33\n", {}}},
            {{"--json", "partition", c, "--size", "3"},
             {0,
              "{\"member\":0,\"streams\":1,\"messages\":2}\n{\"member\":1,\"streams\":1,\"messages\":1}\n"
              "{\"member\":2,\"streams\":0,\"messages\":0}\n",
              {}}},
            {{"--json", "partition", c, "--size", "1", "--to", "2"},
             {0, "{\"stream_name\":\"" + s2 + "\",\"from\":0,\"to\":1}\n", {}}},
            {{"partition", c, "--size", "0"}, {1, {}, sizeTooSmall}},
            {{"partition", c, "--size", "40000"}, {1, {}, failure("smallint out of range")}},
            {{"partition", s1, "--size", "2"}, {1, {}, failure("Must be a category: " + s1)}},
            {{"partition", c}, {2, {}, usageFailure("partition needs CATEGORY and --size N")}},
        };
        // Every step runs, so that one report lists all the steps that went wrong.
        QStringList problems;
        QList<std::pair<QString, Outcome>>& answers = m_answers[store.target];
        answers.clear();
        for (const Step& step : steps) {
            const Outcome raw = mdbctl(store.args + step.args);
            Outcome o = raw;
            o.out = normalized(o.out);
            answers.append({step.args.join(u' '), o});
            if (o != step.expected)
                problems << QStringLiteral("%1\n--- expected:\n%2\n--- got:\n%3\n")
                                .arg(step.args.join(u' '), describe(step.expected), describe(o));
            else if (!rising(globalPositions(raw.out)))
                problems << QStringLiteral("%1: global positions not in rising order:\n%2")
                                .arg(step.args.join(u' '), raw.out);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void exportFormatsAndFiles_data() { allTargets(); }
    void exportFormatsAndFiles()
    {
        FETCH_TARGET(store);
        const QString e = mdbtest::uniqueName(QStringLiteral("exp"));
        const QString idA = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString idB = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString idC = QUuid::createUuid().toString(QUuid::WithoutBraces);
        // A comma and quotes, which CSV must quote (and double).
        const QStringList writeA{"write", e + "-1", "A", "{\"k\": \"a,b\"}", "--id", idA};
        const QStringList writeB{"write",      e + "-1",
                                 "B",          "{\"q\": \"hi\"}",
                                 "--metadata", "{\"correlationStreamName\": \"corr-1\"}",
                                 "--id",       idB};
        CHECK_RUN(store.args + writeA, (Outcome{0, "0\n", {}}));
        CHECK_RUN(store.args + writeB, (Outcome{0, "1\n", {}}));
        CHECK_RUN(store.args + QStringList({"write", e + "-2", "A", "{}", "--id", idC}),
                  (Outcome{0, "0\n", {}}));
        const QString header =
            QStringLiteral("global_position,position,time,stream_name,type,data,metadata,id\n");
        const QString rowA = QString::fromUtf8(R"(G,0,T,%1-1,A,"{""k"": ""a,b""}",,%2)"
                                               "\n")
                                 .arg(e, idA);
        const QString rowB = QString::fromUtf8(R"(G,1,T,%1-1,B,"{""q"": ""hi""}",)"
                                               R"("{""correlationStreamName"": ""corr-1""}",%2)"
                                               "\n")
                                 .arg(e, idB);
        const QString rowC = QStringLiteral("G,0,T,%1-2,A,{},,%2\n").arg(e, idC);
        CHECK_RUN(store.args + QStringList({"export", e, "--format", "csv"}),
                  (Outcome{0, header + rowA + rowB + rowC, {}}));
        // hash_64("1") is in member 0 of 2.
        CHECK_RUN(store.args + QStringList({"export", e, "--format", "csv", "--member", "0", "--size", "2"}),
                  (Outcome{0, header + rowA + rowB, {}}));

        QTemporaryDir dir;
        const QString csvFile = dir.filePath("out.csv");
        {
            // A longer file already there is replaced, not overwritten in part.
            QFile old(csvFile);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write(QByteArray(4096, 'x'));
        }
        CHECK_RUN(store.args + QStringList({"export", e, "--format", "csv", "--output", csvFile}),
                  (Outcome{0, {}, "3 messages written to " + csvFile + u'\n'}));
        QCOMPARE(normalized(readFile(csvFile)), header + rowA + rowB + rowC);

        const QString jsonFile = dir.filePath("out.jsonl");
        CHECK_RUN(store.args + QStringList({"export", e + "-1", "--type", "B", "--output", jsonFile}),
                  (Outcome{0, {}, "1 messages written to " + jsonFile + u'\n'}));
        const QString jsonB =
            QString::fromUtf8(R"({"global_position":G,"position":1,"time":T,"stream_name":"%1-1","type":"B",)"
                              R"("data":{"q": "hi"},"metadata":{"correlationStreamName": "corr-1"},)"
                              R"("id":"%2"})"
                              "\n")
                .arg(e, idB);
        QCOMPARE(normalized(readFile(jsonFile)), jsonB);

        CHECK_RUN(store.args + QStringList({"export", e, "--correlation", "corr", "--format", "csv"}),
                  (Outcome{0, header + rowB, {}}));
        CHECK_RUN(store.args + QStringList({"export", e, "--format", "xml"}),
                  (Outcome{2, {}, usageFailure("--format is jsonl or csv")}));
        CHECK_RUN(store.args + QStringList({"export"}),
                  (Outcome{2, {}, usageFailure("export needs a STREAM or a CATEGORY")}));
        const QString unwritable = dir.filePath("missing/out.csv");
        CHECK_RUN(store.args + QStringList({"export", e, "--output", unwritable}),
                  (Outcome{1, {}, failure("Cannot write " + unwritable + ": No such file or directory")}));
    }

    void namespacesListedDescribedAndDropped_data() { allTargets(); }
    void namespacesListedDescribedAndDropped()
    {
        FETCH_TARGET(store);
        const QStringList storeOnly = store.args.mid(0, 2);
        if (!store.scratchable()) {
            // The official install is shared: described, never changed.
            const Outcome listed = mdbctl(storeOnly + QStringList{"namespaces"});
            QCOMPARE(listed.exitCode, 0);
            QVERIFY2(lines(listed.out).contains("message_store\tmessage-db\t1.3.0"),
                     qPrintable(describe(listed)));
            const Outcome info = mdbctl(storeOnly + QStringList{"namespace", "info", "message_store"});
            QCOMPARE(info.exitCode, 0);
            QCOMPARE(info.err, QString());
            static const QRegularExpression officialInfo(
                "^name:      message_store\n"
                "kind:      message-db\n"
                "layout:    Message DB's own install\n"
                "version:   1\\.3\\.0\n"
                "location:  schema message_store\n"
                "rules:     Message DB's\n"
                "indexes:   messages_category, messages_id, messages_pkey, messages_stream\n"
                "messages:  ~\\d+\n"
                "last global position: \\d+\n$");
            QVERIFY2(officialInfo.match(info.out).hasMatch(), qPrintable(info.out));
            const Outcome json =
                mdbctl(storeOnly + QStringList{"--json", "namespace", "info", "message_store"});
            QCOMPARE(json.exitCode, 0);
            static const QRegularExpression officialJson(
                "^\\{\"name\":\"message_store\",\"kind\":\"message-db\",\"message_store_version\":\"1\\.3\\."
                "0\","
                "\"location\":\"schema message_store\",\"indexes\":\\[\"messages_category\",\"messages_id\","
                "\"messages_pkey\",\"messages_stream\"\\],\"approximate_message_count\":\\d+,"
                "\"last_global_position\":\\d+,\"layout\":null,\"current_layout\":null\\}\n$");
            QVERIFY2(officialJson.match(json.out).hasMatch(), qPrintable(json.out));
            return;
        }

        // SQLite in a store directory of its own, so that the whole list is known.
        QTemporaryDir ownDir;
        const bool sqlite = store.target == QStringLiteral("sqlite");
        const QStringList at = sqlite ? QStringList{"--store", ownDir.path()} : storeOnly;
        const QString ns = mdbtest::uniqueName(QStringLiteral("cli_ns"));
        CHECK_RUN(at + QStringList({"namespace", "create", ns}), (Outcome{0, "created " + ns + u'\n', {}}));
        if (!sqlite)
            m_pgScratch << ns;
        CHECK_RUN(at + QStringList({"namespace", "create", ns}),
                  (Outcome{1, {}, failure("namespace \"" + ns + "\" already exists")}));
        CHECK_RUN(at + QStringList({"--ns", ns, "write", "nsx-1", "E"}), (Outcome{0, "0\n", {}}));

        const QString listLine = ns + "\tmdbstudio\t1.3.0";
        const QString location = sqlite ? ownDir.filePath(ns + ".db") : "schema " + ns;
        const QString indexes = sqlite ? "messages_category, messages_id, messages_stream"
                                       : "messages_category, messages_id, messages_pkey, messages_stream";
        const QString layout = sqlite ? "1" : "2";
        const Outcome listed = mdbctl(at + QStringList{"namespaces"});
        QCOMPARE(listed.exitCode, 0);
        QCOMPARE(listed.err, QString());
        if (sqlite)
            QCOMPARE(listed.out, listLine + u'\n');
        else // the test database holds other suites' namespaces too
            QVERIFY2(lines(listed.out).contains(listLine), qPrintable(listed.out));

        // PostgreSQL's count is an estimate from its statistics, which may not have seen the message yet.
        const QString count = sqlite ? "1" : "\\d+";
        const QRegularExpression jsonLine(
            "^" +
                QRegularExpression::escape(
                    QStringLiteral(
                        "{\"name\":\"%1\",\"kind\":\"mdbstudio\",\"message_store_version\":\"1.3.0\","
                        "\"location\":%2,\"indexes\":[%3],\"approximate_message_count\":")
                        .arg(ns, "\"" + location + "\"",
                             "\"" + QString(indexes).replace(", ", "\",\"") + "\"")) +
                count +
                QRegularExpression::escape(
                    QStringLiteral(",\"last_global_position\":1,\"layout\":%1,\"current_layout\":%1}")
                        .arg(layout)) +
                "$",
            QRegularExpression::MultilineOption);
        const Outcome listedJson = mdbctl(at + QStringList{"--json", "namespaces"});
        QCOMPARE(listedJson.exitCode, 0);
        QVERIFY2(jsonLine.match(listedJson.out).hasMatch(), qPrintable(listedJson.out));
        if (sqlite)
            QCOMPARE(lines(listedJson.out).size(), 1);
        const Outcome infoJson = mdbctl(at + QStringList{"--json", "namespace", "info", ns});
        QCOMPARE(infoJson.exitCode, 0);
        QCOMPARE(lines(infoJson.out).size(), 1);
        QVERIFY2(jsonLine.match(infoJson.out).hasMatch(), qPrintable(infoJson.out));

        const Outcome info = mdbctl(at + QStringList{"namespace", "info", ns});
        QCOMPARE(info.exitCode, 0);
        QCOMPARE(info.err, QString());
        const QRegularExpression infoText(QRegularExpression::anchoredPattern(
            QRegularExpression::escape(QStringLiteral("name:      %1\n"
                                                      "kind:      mdbstudio\n"
                                                      "layout:    mdbstudio layout %2 (current)\n"
                                                      "version:   1.3.0\n"
                                                      "location:  %3\n"
                                                      "rules:     Message DB's\n"
                                                      "indexes:   %4\n"
                                                      "messages:  ~")
                                           .arg(ns, layout, location, indexes)) +
            count + QRegularExpression::escape(QStringLiteral("\nlast global position: 1\n"))));
        QVERIFY2(infoText.match(info.out).hasMatch(), qPrintable(info.out));

        CHECK_RUN(at + QStringList({"namespace", "drop", ns}),
                  (Outcome{2,
                           {},
                           usageFailure("dropping namespace \"" + ns +
                                        "\" deletes all its messages; add --yes to confirm")}));
        CHECK_RUN(at + QStringList({"namespace", "drop", ns, "--yes"}),
                  (Outcome{0, "dropped " + ns + u'\n', {}}));
        const Outcome after = mdbctl(at + QStringList{"namespaces"});
        QCOMPARE(after.exitCode, 0);
        QVERIFY2(!after.out.contains(ns), qPrintable(after.out));
        if (sqlite)
            QCOMPARE(after.out, QString());
        const QString gone = failure("namespace \"" + ns + "\" does not exist");
        CHECK_RUN(at + QStringList({"namespace", "info", ns}), (Outcome{1, {}, gone}));
        CHECK_RUN(at + QStringList({"--ns", ns, "categories"}), (Outcome{1, {}, gone}));
        CHECK_RUN(at + QStringList({"namespace", "drop", ns, "--yes"}), (Outcome{1, {}, gone}));

        // The JSON forms of create and drop.
        const QString other = mdbtest::uniqueName(QStringLiteral("cli_ns"));
        CHECK_RUN(at + QStringList({"--json", "namespace", "create", other}),
                  (Outcome{0, "{\"created\":\"" + other + "\"}\n", {}}));
        if (!sqlite)
            m_pgScratch << other;
        CHECK_RUN(at + QStringList({"--json", "namespace", "drop", other, "--yes"}),
                  (Outcome{0, "{\"dropped\":\"" + other + "\"}\n", {}}));

        CHECK_RUN(
            at + QStringList({"namespace", "info"}),
            (Outcome{
                2, {}, usageFailure("namespace needs an action (create, drop, info, upgrade) and a NAME")}));
        CHECK_RUN(at + QStringList({"namespace", "frob", ns}),
                  (Outcome{2, {}, usageFailure("unknown namespace action \"frob\"")}));
        CHECK_RUN(
            at + QStringList({"namespace", "create", "bad-name"}),
            (Outcome{1,
                     {},
                     failure("Invalid namespace name \"bad-name\": only lowercase letters, digits and '_' "
                             "are allowed")}));
    }

    void sampleFillsCategories_data() { scratchTargets(); }
    // A seeded sample: what it prints, the categories it makes and counts that add up to what it wrote.
    void sampleFillsCategories()
    {
        FETCH_TARGET(store);
        const QStringList ns = scratchNamespace(store);
        QVERIFY(!ns.isEmpty());
        constexpr qint64 Messages = 200;
        const QStringList sample{"sample",       "--messages", QString::number(Messages),
                                 "--categories", "3",          "--streams",
                                 "20",           "--seed",     "7"};
        const Outcome written = mdbctl(ns + sample);
        QCOMPARE(written.exitCode, 0);
        QCOMPARE(written.out, QString::number(Messages) + u'\n');
        // Progress on standard error, each report over the last, ending with all of them.
        static const QRegularExpression progress("^(\r\\d+ / 200 messages)*\r200 / 200 messages\n$");
        QVERIFY2(progress.match(written.err).hasMatch(), qPrintable(written.err));

        const QStringList categories{"account", "account:command", "account:position"};
        CHECK_RUN(ns + QStringList({"categories"}), (Outcome{0, categories.join(u'\n') + u'\n', {}}));
        CHECK_RUN(ns + QStringList({"--json", "categories"}),
                  (Outcome{0,
                           "{\"category\":\"account\"}\n{\"category\":\"account:command\"}\n"
                           "{\"category\":\"account:position\"}\n",
                           {}}));

        // Every kind of summary adds up to the sample, largest first, each percentage its share.
        QMap<QString, QList<SummaryLine>> byKind;
        for (const QString& kind : QStringList{"category", "type", "stream", "category-type"}) {
            const Outcome summary = mdbctl(ns + QStringList{"summary", kind});
            QCOMPARE(summary.exitCode, 0);
            QCOMPARE(summary.err, QString());
            const QList<SummaryLine> rows = summaryLines(summary.out);
            qint64 total = 0;
            for (qsizetype i = 0; i < rows.size(); ++i) {
                total += rows.at(i).count;
                QCOMPARE(rows.at(i).percent, percentOf(rows.at(i).count, Messages));
                if (i > 0)
                    QVERIFY2(rows.at(i).count <= rows.at(i - 1).count, qPrintable(summary.out));
            }
            QCOMPARE(total, Messages);
            byKind.insert(kind, rows);
            m_answers[store.target].append({"sample, then summary " + kind, summary});
        }
        QStringList summarised;
        for (const SummaryLine& row : byKind.value("category"))
            summarised << row.key;
        summarised.sort();
        QCOMPARE(summarised, categories);

        // verify reads each category through and finds the summary's counts.
        qint64 streams = 0;
        for (const SummaryLine& row : byKind.value("category")) {
            qint64 inCategory = 0;
            for (const SummaryLine& s : byKind.value("stream"))
                inCategory += s.key.section(u'-', 0, 0) == row.key ? 1 : 0;
            streams += inCategory;
            CHECK_RUN(
                ns + QStringList({"verify", row.key}),
                (Outcome{0,
                         QStringLiteral("verified: 1 categories, %1 streams, %2 messages, 0 violations\n")
                             .arg(inCategory)
                             .arg(row.count),
                         {}}));
        }
        QCOMPARE(streams, byKind.value("stream").size());
        CHECK_RUN(ns + QStringList({"--json", "verify"}),
                  (Outcome{0,
                           QStringLiteral("{\"categories\":3,\"streams\":%1,\"messages\":%2,\"violations\":0,"
                                          "\"verified\":true}\n")
                               .arg(streams)
                               .arg(Messages),
                           {}}));

        // The same seed writes the same sample again; another seed, another one.
        const QStringList again = scratchNamespace(store);
        QVERIFY(!again.isEmpty());
        QCOMPARE(mdbctl(again + sample).exitCode, 0);
        const Outcome first = mdbctl(ns + QStringList{"export", "account"});
        const Outcome second = mdbctl(again + QStringList{"export", "account"});
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(normalized(second.out), normalized(first.out));
        for (const SummaryLine& row : byKind.value("category")) {
            if (row.key == QStringLiteral("account"))
                QCOMPARE(lines(first.out).size(), row.count);
        }
        const QStringList other = scratchNamespace(store);
        QVERIFY(!other.isEmpty());
        QStringList otherSeed = sample;
        otherSeed.last() = "8";
        QCOMPARE(mdbctl(other + otherSeed).exitCode, 0);
        QVERIFY(normalized(mdbctl(other + QStringList{"export", "account"}).out) != normalized(first.out));

        CHECK_RUN(other + QStringList({"--json", "sample", "--messages", "5", "--categories", "1",
                                       "--streams", "1", "--seed", "3"}),
                  (Outcome{0, "{\"messages\":5}\n", "\r5 / 5 messages\n"}));
        CHECK_RUN(
            other + QStringList({"sample", "--messages", "0"}),
            (Outcome{
                2, {}, usageFailure("sample needs --messages, --categories and --streams of at least 1")}));
        CHECK_RUN(other + QStringList({"sample", "--seed", "x"}),
                  (Outcome{2, {}, usageFailure("--seed needs a whole number, not \"x\"")}));
    }

    void summaryOfEveryKind_data() { allTargets(); }
    void summaryOfEveryKind()
    {
        FETCH_TARGET(store);
        // The official namespace holds other suites' messages: there, only our lines and counts are known.
        const bool whole = store.scratchable();
        const QStringList ns = whole ? scratchNamespace(store) : store.args;
        QVERIFY(!ns.isEmpty());
        const QString u = mdbtest::uniqueName(QString());
        const QString a = "suma" + u;
        const QString b = "sumb" + u;
        const QString x = "X" + u;
        const QString y = "Y" + u;
        const QString z = "Z" + u;
        // Counts without ties, so that the order is known: 3, 2, 1 by stream and by type.
        for (const auto& [stream, type] : QList<std::pair<QString, QString>>{
                 {a + "-1", x}, {a + "-1", x}, {a + "-1", y}, {a + "-2", x}, {a + "-2", y}, {b + "-1", z}})
            QCOMPARE(mdbctl(ns + QStringList{"write", stream, type}).exitCode, 0);
        const QMap<QString, QString> expected{
            {"category", a + "\t5\t83.33\n" + b + "\t1\t16.67\n"},
            {"type", x + "\t3\t50.00\n" + y + "\t2\t33.33\n" + z + "\t1\t16.67\n"},
            {"stream", a + "-1\t3\t50.00\n" + a + "-2\t2\t33.33\n" + b + "-1\t1\t16.67\n"},
            {"category-type", a + u'\t' + x + "\t3\t50.00\n" + a + u'\t' + y + "\t2\t33.33\n" + b + u'\t' +
                                  z + "\t1\t16.67\n"},
        };
        const QMap<QString, QString> expectedJson{
            {"category", QStringLiteral("{\"key\":\"%1\",\"message_count\":5,\"percent\":83.33}\n"
                                        "{\"key\":\"%2\",\"message_count\":1,\"percent\":16.67}\n")
                             .arg(a, b)},
            {"category-type",
             QStringLiteral("{\"key\":\"%1\",\"type\":\"%2\",\"message_count\":3,\"percent\":50.00}\n"
                            "{\"key\":\"%1\",\"type\":\"%3\",\"message_count\":2,\"percent\":33.33}\n"
                            "{\"key\":\"%4\",\"type\":\"%5\",\"message_count\":1,\"percent\":16.67}\n")
                 .arg(a, x, y, b, z)},
        };
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            const Outcome text = mdbctl(ns + QStringList{"summary", it.key()});
            QVERIFY2(text.exitCode == 0 && text.err.isEmpty(), qPrintable(describe(text)));
            if (whole) {
                QCOMPARE(text.out, it.value());
            } else {
                // Our lines, with our counts, in our order; the percentages are of the whole namespace.
                QStringList ours;
                for (const QString& line : lines(text.out)) {
                    if (line.contains(u))
                        ours << line.section(u'\t', 0, -2);
                }
                QStringList wanted;
                for (const QString& line : lines(it.value()))
                    wanted << line.section(u'\t', 0, -2);
                QCOMPARE(ours, wanted);
            }
            if (!expectedJson.contains(it.key()))
                continue;
            const Outcome json = mdbctl(ns + QStringList{"--json", "summary", it.key()});
            QCOMPARE(json.exitCode, 0);
            if (whole) {
                QCOMPARE(json.out, expectedJson.value(it.key()));
            } else {
                static const QRegularExpression percent(",\"percent\":\\d+\\.\\d\\d\\}$");
                QStringList ours;
                for (const QString& line : lines(json.out)) {
                    if (line.contains(u)) {
                        QVERIFY2(percent.match(line).hasMatch(), qPrintable(line));
                        ours << line.section(",\"percent\"", 0, 0);
                    }
                }
                QStringList wanted;
                for (const QString& line : lines(expectedJson.value(it.key())))
                    wanted << line.section(",\"percent\"", 0, 0);
                QCOMPARE(ours, wanted);
            }
        }
        const QString needsKind = usageFailure("summary needs category, type, stream or category-type");
        CHECK_RUN(ns + QStringList({"summary", "bogus"}), (Outcome{2, {}, needsKind}));
        CHECK_RUN(ns + QStringList({"summary"}), (Outcome{2, {}, needsKind}));
        CHECK_RUN(ns + QStringList({"summary", "type", "stream"}), (Outcome{2, {}, needsKind}));
    }

    void verifyCategories_data() { allTargets(); }
    void verifyCategories()
    {
        FETCH_TARGET(store);
        const QString v = mdbtest::uniqueName(QStringLiteral("ver"));
        for (const QString& stream : QStringList{v + "-1", v + "-1", v + "-1", v + "-2"})
            QCOMPARE(mdbctl(store.args + QStringList{"write", stream, "E"}).exitCode, 0);
        CHECK_RUN(store.args + QStringList({"verify", v}),
                  (Outcome{0, "verified: 1 categories, 2 streams, 4 messages, 0 violations\n", {}}));
        CHECK_RUN(
            store.args + QStringList({"--json", "verify", v}),
            (Outcome{0,
                     "{\"categories\":1,\"streams\":2,\"messages\":4,\"violations\":0,\"verified\":true}\n",
                     {}}));
        CHECK_RUN(store.args + QStringList({"verify", v, v + "none"}),
                  (Outcome{0, "verified: 2 categories, 2 streams, 4 messages, 0 violations\n", {}}));
        if (!store.scratchable())
            return; // a fault is planted only in a namespace of our own

        // A stream with a position missing: verify names it and exits 1.
        QString name;
        const QStringList ns = scratchNamespace(store, &name);
        QVERIFY(!ns.isEmpty());
        const QString s = v + "-1";
        for (int i = 0; i < 3; ++i)
            QCOMPARE(mdbctl(ns + QStringList{"write", s, "E"}).exitCode, 0);
        const QList<qint64> globals = globalPositions(mdbctl(ns + QStringList{"--json", "stream", s}).out);
        QCOMPARE(globals.size(), 3);
        {
            const bool sqlite = store.target == QStringLiteral("sqlite");
            QSqlDatabase db = sqlite ? QSqlDatabase::addDatabase("QSQLITE", "plant")
                                     : mdbtest::directPostgresConnection("plant");
            if (sqlite)
                db.setDatabaseName(QDir(m_sqliteDir.path()).filePath(name + ".db"));
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            QSqlQuery remove(db);
            const bool removed = remove.exec(QStringLiteral("DELETE FROM %1messages WHERE position = 1")
                                                 .arg(sqlite ? QString() : name + u'.'));
            const QString error = remove.lastError().text();
            remove = QSqlQuery();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase("plant");
            QVERIFY2(removed, qPrintable(error));
        }
        const QString detail =
            QStringLiteral("positions 1 to 1 are missing (next message at global position %1)")
                .arg(globals.at(2));
        CHECK_RUN(ns + QStringList({"verify"}),
                  (Outcome{1,
                           "gap\t" + s + u'\t' + detail +
                               "\nNOT verified: 1 categories, 1 streams, 2 messages, 1 violations\n",
                           {}}));
        CHECK_RUN(ns + QStringList({"--json", "verify", v}),
                  (Outcome{1,
                           "{\"violation\":\"gap\",\"stream_name\":\"" + s + "\",\"detail\":\"" + detail +
                               "\"}\n{\"categories\":1,\"streams\":1,\"messages\":2,\"violations\":1,"
                               "\"verified\":false}\n",
                           {}}));
    }

    void stressRuns_data() { scratchTargets(); }
    // The text report of short runs in each mode, the acknowledgement log and --no-verify.
    void stressRuns()
    {
        FETCH_TARGET(store);
        const QStringList ns = scratchNamespace(store);
        QVERIFY(!ns.isEmpty());
        static const QRegularExpression report(
            "^writes (\\d+) in (\\d+\\.\\d) s \\(\\d+/s\\), conflicts (\\d+), errors 0\n"
            "latency ms: p50 (\\d+\\.\\d\\d), p95 (\\d+\\.\\d\\d), p99 (\\d+\\.\\d\\d), max (\\d+\\.\\d\\d)\n"
            "(?:verified: (\\d+) messages, (\\d+) acknowledged writes checked, 0 violations\n)?$");
        const auto run = [&](const QStringList& options) {
            const Outcome o = mdbctl(ns + QStringList{"stress"} + options);
            QRegularExpressionMatch m = report.match(o.out);
            if (o.exitCode != 0 || !o.err.isEmpty() || !m.hasMatch()) {
                qWarning("%s", qPrintable(describe(o)));
                return QRegularExpressionMatch();
            }
            const double p50 = m.captured(4).toDouble(), p95 = m.captured(5).toDouble(),
                         p99 = m.captured(6).toDouble(), max = m.captured(7).toDouble();
            if (!(p50 <= p95 && p95 <= p99 && p99 <= max)) {
                qWarning("latencies out of order: %s", qPrintable(o.out));
                return QRegularExpressionMatch();
            }
            return m;
        };

        QTemporaryDir dir;
        const QString ackLog = dir.filePath("ack.jsonl");
        QRegularExpressionMatch m = run({"--writers", "2", "--mode", "same-category", "--count", "40",
                                         "--streams", "2", "--ack-log", ackLog});
        QVERIFY(m.hasMatch());
        QCOMPARE(m.captured(1), "40");
        QCOMPARE(m.captured(3), "0");
        QCOMPARE(m.captured(8), "40");
        QCOMPARE(m.captured(9), "40");
        // Each acknowledged write once, in one of 2 writers × 2 streams, positions from 0 without gaps.
        QMap<QString, QList<qint64>> positions;
        QSet<QString> ids;
        for (const QString& line : lines(readFile(ackLog))) {
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
            QCOMPARE(o.size(), 3);
            QVERIFY2(!QUuid::fromString(o.value("id").toString()).isNull(), qPrintable(line));
            ids << o.value("id").toString();
            positions[o.value("stream_name").toString()] << o.value("position").toInteger(-1);
        }
        QCOMPARE(ids.size(), 40);
        QCOMPARE(positions.size(), 4);
        QString summary;
        for (auto it = positions.begin(); it != positions.end(); ++it) {
            static const QRegularExpression name("^stress[0-9a-f]+-w[01]s[01]$");
            QVERIFY2(name.match(it.key()).hasMatch(), qPrintable(it.key()));
            std::sort(it->begin(), it->end());
            for (qsizetype i = 0; i < it->size(); ++i)
                QCOMPARE(it->at(i), qint64(i));
            summary += it.key() + u'\t' + QString::number(it->size()) + u'\n';
        }
        // The store holds what the log says: the same streams with the same counts.
        Outcome streams = mdbctl(ns + QStringList{"summary", "stream"});
        QCOMPARE(streams.exitCode, 0);
        QStringList stored;
        for (const SummaryLine& row : summaryLines(streams.out))
            stored << row.key + u'\t' + QString::number(row.count);
        stored.sort();
        QCOMPARE(stored.join(u'\n') + u'\n', summary);

        // Racing for one stream: every write lands, conflicts or not.
        m = run({"--writers", "2", "--mode", "same-stream", "--count", "20"});
        QVERIFY(m.hasMatch());
        QCOMPARE(m.captured(1), "20");
        QCOMPARE(m.captured(8), "20");
        QCOMPARE(m.captured(9), "20");

        // A second's run with a reader; every write it made is verified.
        m = run({"--writers", "2", "--mode", "mixed", "--duration", "1", "--readers", "1", "--payload-bytes",
                 "10", "--threads", "1"});
        QVERIFY(m.hasMatch());
        QVERIFY(m.captured(1).toLongLong() > 0);
        QVERIFY2(m.captured(2).toDouble() >= 0.9 && m.captured(2).toDouble() < 10, qPrintable(m.captured(2)));
        QCOMPARE(m.captured(8), m.captured(1));
        QCOMPARE(m.captured(9), m.captured(1));

        // Without the verification there is no verdict.
        m = run({"--writers", "1", "--mode", "distinct", "--count", "5", "--no-verify"});
        QVERIFY(m.hasMatch());
        QCOMPARE(m.captured(1), "5");
        QVERIFY(m.captured(8).isEmpty());

        const Outcome json = mdbctl(
            ns + QStringList{"--json", "stress", "--writers", "1", "--mode", "distinct", "--count", "5"});
        static const QRegularExpression jsonReport(
            "^\\{\"writes\":5,\"conflicts\":0,\"errors\":0,\"seconds\":[\\d.]+,\"writes_per_second\":[\\d.]+,"
            "\"p50_ms\":[\\d.]+,\"p95_ms\":[\\d.]+,\"p99_ms\":[\\d.]+,\"max_ms\":[\\d.]+,\"verified\":true,"
            "\"violations\":0\\}\n$");
        QVERIFY2(json.exitCode == 0 && jsonReport.match(json.out).hasMatch(), qPrintable(describe(json)));
    }

    void stressStreamsPerWriter_data() { scratchTargets(); }
    // --streams sets how many streams each writer cycles through, on both backends.
    void stressStreamsPerWriter()
    {
        FETCH_TARGET(store);
        const QStringList ns = scratchNamespace(store);
        QVERIFY(!ns.isEmpty());
        const Outcome run = mdbctl(ns + QStringList{"--json", "stress", "--writers", "2", "--mode",
                                                    "distinct", "--count", "60", "--streams", "3"});
        QVERIFY2(run.exitCode == 0 && run.out.contains("\"verified\":true"), qPrintable(describe(run)));
        const Outcome streams = mdbctl(ns + QStringList{"--json", "summary", "stream"});
        QCOMPARE(streams.exitCode, 0);
        QSet<QString> writers;
        int stressStreams = 0;
        qint64 messages = 0;
        static const QRegularExpression line(
            QStringLiteral("\"key\":\"(stress[0-9a-f]+w(\\d+))-\\d+\",\"message_count\":(\\d+)"));
        for (auto m = line.globalMatch(streams.out); m.hasNext();) {
            const QRegularExpressionMatch match = m.next();
            writers << match.captured(2);
            ++stressStreams;
            messages += match.captured(3).toLongLong();
        }
        QCOMPARE(writers.size(), 2);
        QCOMPARE(stressStreams, 6);
        QCOMPARE(lines(streams.out).size(), 6);
        QCOMPARE(messages, 60);
    }

    void stressRefusesBadOptions()
    {
        const QStringList sqlite = storeOf("sqlite").args;
        const QList<std::pair<QStringList, QString>> refused{
            {{"--mode", "distinct", "--count", "5"}, "stress needs --writers N (1 to 256)"},
            {{"--writers", "0", "--mode", "distinct", "--count", "5"}, "stress needs --writers N (1 to 256)"},
            {{"--writers", "257", "--mode", "distinct", "--count", "5"},
             "stress needs --writers N (1 to 256)"},
            {{"--writers", "1", "--mode", "bogus", "--count", "5"},
             "stress needs --mode distinct, same-stream, same-category or mixed"},
            {{"--writers", "1", "--mode", "distinct"}, "stress needs either --duration SECONDS or --count N"},
            {{"--writers", "1", "--mode", "distinct", "--count", "5", "--duration", "1"},
             "stress needs either --duration SECONDS or --count N"},
            {{"--writers", "1", "--mode", "distinct", "--count", "0"},
             "stress needs either --duration SECONDS or --count N"},
            {{"--writers", "1", "--mode", "distinct", "--count", "5", "--streams", "0"},
             "stress --streams takes 1 to 1000000 streams per writer"},
            {{"--writers", "1", "--mode", "distinct", "--count", "5", "--threads", "0"},
             "stress --threads takes 1 to 256 threads"},
            {{"--writers", "x", "--mode", "distinct", "--count", "5"},
             "--writers needs a whole number, not \"x\""},
        };
        for (const auto& [options, problem] : refused)
            CHECK_RUN(sqlite + QStringList{"stress"} + options, (Outcome{2, {}, usageFailure(problem)}));
        QTemporaryDir dir;
        const QString log = dir.filePath("missing/ack.jsonl");
        CHECK_RUN(
            sqlite + QStringList({"stress", "--writers", "1", "--mode", "distinct", "--count", "5",
                                  "--ack-log", log}),
            (Outcome{1,
                     {},
                     failure("Cannot open the acknowledgement log " + log + ": No such file or directory")}));
    }

    void hashAndMember()
    {
        CHECK_RUN(QStringList({"--json", "hash", "account", QString::fromUtf8("äöü")}),
                  (Outcome{0,
                           QString::fromUtf8("{\"value\":\"account\",\"hash_64\":-2132379389342958165}\n"
                                             "{\"value\":\"äöü\",\"hash_64\":723346632877524233}\n"),
                           {}}));
        CHECK_RUN(QStringList({"--json", "member", "cgdemo-123+456", "cgdemo", "edge-", "--size", "3"}),
                  (Outcome{0,
                           "{\"stream_name\":\"cgdemo-123+456\",\"category\":\"cgdemo\",\"cardinal_id\":"
                           "\"123\",\"hash_64\":2318431741638412123,\"member\":1}\n"
                           "{\"stream_name\":\"cgdemo\",\"category\":\"cgdemo\",\"cardinal_id\":null,"
                           "\"hash_64\":null,\"member\":null}\n"
                           "{\"stream_name\":\"edge-\",\"category\":\"edge\",\"cardinal_id\":\"\","
                           "\"hash_64\":-3162216497309240828,\"member\":2}\n",
                           {}}));
        CHECK_RUN(QStringList({"member", "a-1", "--size", "0"}),
                  (Outcome{1,
                           {},
                           failure("Consumer group size must not be less than 1 (Consumer Group Member: 0, "
                                   "Consumer Group Size: 0)")}));
        CHECK_RUN(QStringList({"member", "a-1"}), (Outcome{2, {}, usageFailure("member needs --size N")}));
    }

    void partitionAgreesWithCategoryReads_data() { allTargets(); }
    // What `partition` prints for each member is what that member's category read returns.
    void partitionAgreesWithCategoryReads()
    {
        FETCH_TARGET(store);
        const QString c = mdbtest::uniqueName(QStringLiteral("part"));
        for (int i = 0; i < 24; ++i)
            QCOMPARE(
                mdbctl(store.args + QStringList{"write", c + u'-' + QString::number(i % 11), "E"}).exitCode,
                0);
        QCOMPARE(mdbctl(store.args + QStringList{"write", c, "E"}).exitCode, 0); // no id: no member
        const Outcome partition = mdbctl(store.args + QStringList{"--json", "partition", c, "--size", "3"});
        QCOMPARE(partition.exitCode, 0);
        QString expected;
        qint64 inMembers = 0;
        for (int m = 0; m < 3; ++m) {
            const Outcome read = mdbctl(store.args + QStringList{"--json", "category", c, "--member",
                                                                 QString::number(m), "--size", "3"});
            const QList<QStringView> lines = QStringView(read.out).split(u'\n', Qt::SkipEmptyParts);
            QSet<QString> streams;
            static const QRegularExpression name(QStringLiteral("\"stream_name\":\"([^\"]+)\""));
            for (QStringView line : lines)
                streams.insert(name.match(line).captured(1));
            expected += QStringLiteral("{\"member\":%1,\"streams\":%2,\"messages\":%3}\n")
                            .arg(m)
                            .arg(streams.size())
                            .arg(lines.size());
            inMembers += lines.size();
        }
        QCOMPARE(partition.out, expected);
        QCOMPARE(inMembers, 24); // every message with an id, and only those
        // Moves from 3 to 4: each line names a stream whose member changes, as `member` says.
        const Outcome moves = mdbctl(store.args + QStringList{"partition", c, "--size", "3", "--to", "4"});
        QCOMPARE(moves.exitCode, 0);
        QVERIFY(!moves.out.isEmpty());
        for (QStringView line : QStringView(moves.out).split(u'\n', Qt::SkipEmptyParts)) {
            const QList<QStringView> fields = line.split(u'\t');
            QCOMPARE(fields.size(), 3);
            QVERIFY(fields.at(1) != fields.at(2));
            const Outcome three = mdbctl({"member", fields.at(0).toString(), "--size", "3"});
            const Outcome four = mdbctl({"member", fields.at(0).toString(), "--size", "4"});
            QVERIFY(three.out.endsWith(u'\t' + fields.at(1).toString() + u'\n'));
            QVERIFY(four.out.endsWith(u'\t' + fields.at(2).toString() + u'\n'));
        }
    }

    void helpListsEveryCommand()
    {
        const Outcome help = mdbctl({"--help"});
        QCOMPARE(help.exitCode, 0);
        QCOMPARE(help.err, QString());
        QVERIFY(help.out.startsWith("Usage: mdbctl [--store URL] [--ns NAME] [--json] COMMAND ...\n"));
        QVERIFY(help.out.endsWith("\nExit codes: 0 ok, 1 error, 2 usage, 3 wrong expected version.\n"));
        QSet<QString> listed;
        for (const QString& line : lines(help.out)) {
            if (line.startsWith("  ") && !line.startsWith("   "))
                listed << line.mid(2).section(u' ', 0, 0);
        }
        for (const QString& command :
             QStringList{"namespaces", "namespace", "categories", "write", "stream", "category", "find",
                         "seek", "trace", "last", "version", "hash", "member", "partition", "stress",
                         "verify", "export", "summary", "sample"})
            QVERIFY2(listed.contains(command), qPrintable(command + " is not in:\n" + help.out));
        for (const QString& option : QStringList{"--store URL", "--ns NAME", "--json", "--read-only",
                                                 "--enable-conditions", "--help", "--version"})
            QVERIFY2(listed.contains(option.section(u' ', 0, 0)),
                     qPrintable(option + " is not in:\n" + help.out));
        const Outcome version = mdbctl({"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(QRegularExpression("^mdbctl \\d+\\.\\d+\\.\\d+\\S*\n$").match(version.out).hasMatch(),
                 qPrintable(version.out));
    }

    void usageErrors()
    {
        CHECK_RUN(QStringList(), (Outcome{2, {}, usageFailure("no command given")}));
        CHECK_RUN(QStringList({"frobnicate"}),
                  (Outcome{2, {}, usageFailure("unknown command \"frobnicate\"")}));
        CHECK_RUN(QStringList({"--frob", "stream"}), (Outcome{2, {}, usageFailure("unknown option --frob")}));
        CHECK_RUN(QStringList({"stream", "a-1", "--position"}),
                  (Outcome{2, {}, usageFailure("option --position needs a value")}));
        const QStringList sqlite = storeOf("sqlite").args;
        CHECK_RUN(sqlite + QStringList({"stream"}), (Outcome{2, {}, usageFailure("stream needs STREAM")}));
        CHECK_RUN(sqlite + QStringList({"category"}),
                  (Outcome{2, {}, usageFailure("category needs CATEGORY")}));
        CHECK_RUN(sqlite + QStringList({"write", "a-1"}),
                  (Outcome{2, {}, usageFailure("write needs STREAM TYPE [DATA_JSON]")}));
        CHECK_RUN(sqlite + QStringList({"stream", "a-1", "--position", "x"}),
                  (Outcome{2, {}, usageFailure("--position needs a whole number, not \"x\"")}));
        CHECK_RUN(sqlite + QStringList({"write", "a-1", "E", "--expected-version=one"}),
                  (Outcome{2, {}, usageFailure("--expected-version needs a whole number, not \"one\"")}));
        CHECK_RUN(QStringList({"--store", m_sqliteDir.path(), "--ns", "nope", "version", "a-1"}),
                  (Outcome{1, {}, failure("namespace \"nope\" does not exist")}));
        // A missing store directory is made, except for a read-only store, which has nothing to read.
        const QString absent = m_sqliteDir.filePath("absent");
        CHECK_RUN(QStringList({"--read-only", "--store", absent, "version", "a-1"}),
                  (Outcome{1, {}, failure("The store directory " + absent + " does not exist")}));
        QVERIFY(!QFileInfo::exists(absent));
    }

    // Each target answered the same commands alike (after the scenario and the sample have run).
    void sameAnswersOnEveryTarget()
    {
        if (m_answers.size() < 2) {
            const QString why = QStringLiteral("only %1 answered: nothing to compare with")
                                    .arg(m_answers.keys().join(QStringLiteral(", ")));
            if (mdbtest::postgresRequired())
                QFAIL(qPrintable(why));
            QSKIP(qPrintable(why));
        }
        const QString first = m_answers.firstKey();
        const QList<std::pair<QString, Outcome>>& reference = m_answers.first();
        for (auto it = m_answers.cbegin(); it != m_answers.cend(); ++it) {
            QMap<QString, Outcome> byQuestion;
            for (const auto& [question, answer] : it.value())
                byQuestion.insert(question, answer);
            qsizetype compared = 0;
            for (const auto& [question, answer] : reference) {
                if (!byQuestion.contains(question))
                    continue;
                ++compared;
                QVERIFY2(byQuestion.value(question) == answer,
                         qPrintable(QStringLiteral("%1 differs on %2 from %3:\n%4\n---\n%5")
                                        .arg(question, it.key(), first, describe(byQuestion.value(question)),
                                             describe(answer))));
            }
            QVERIFY2(compared > 0,
                     qPrintable(it.key() + QStringLiteral(" shares no question with ") + first));
        }
    }
};

QTEST_GUILESS_MAIN(MdbctlTest)
#include "tst_mdbctl.moc"
