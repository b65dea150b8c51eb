// mdbctl end to end: one scripted scenario against an SQLite namespace, an mdbstudio PostgreSQL
// namespace and the official Message DB gives identical messages, versions, errors and exit codes.

// The scenario below reads best as plain string literals.
#undef QT_NO_CAST_FROM_ASCII
#include "TestStores.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSet>
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

// Times and global positions differ between stores by nature; everything else must not.
QString normalized(QString text)
{
    static const QRegularExpression time(QStringLiteral("\"time\":\"[^\"]*\""));
    static const QRegularExpression global(QStringLiteral("\"global_position\":\\d+"));
    text.replace(time, QStringLiteral("\"time\":T"));
    text.replace(global, QStringLiteral("\"global_position\":G"));
    static const QRegularExpression tableRow(QStringLiteral("^\\d+\t(\\d+)\t[^\t]+\t"),
                                             QRegularExpression::MultilineOption);
    text.replace(tableRow, QStringLiteral("G\t\\1\tT\t"));
    return text;
}

} // namespace

class MdbctlTest : public QObject
{
    Q_OBJECT

    struct Target
    {
        QString name;
        QStringList storeArgs;
    };
    QList<Target> m_targets;
    QTemporaryDir m_sqliteDir;
    QString m_pgNamespace;

private Q_SLOTS:
    void initTestCase()
    {
        m_targets << Target{QStringLiteral("sqlite"), {QStringLiteral("--store"), m_sqliteDir.path()}};
        QCOMPARE(mdbctl(m_targets.first().storeArgs + QStringList{QStringLiteral("namespace"),
                                                                  QStringLiteral("create"),
                                                                  QStringLiteral("message_store")})
                     .exitCode,
                 0);
        if (mdbtest::postgresUrl().isEmpty()) {
            if (mdbtest::postgresRequired())
                QFAIL("MDBSTUDIO_TEST_PG_URL is not set");
            qWarning("no test PostgreSQL: comparing SQLite alone");
            return;
        }
        m_pgNamespace = mdbtest::uniqueName(QStringLiteral("cli_"));
        const QStringList pg{QStringLiteral("--store"), mdbtest::postgresUrl()};
        const Outcome created =
            mdbctl(pg + QStringList{QStringLiteral("namespace"), QStringLiteral("create"), m_pgNamespace});
        QVERIFY2(created.exitCode == 0, qPrintable(describe(created)));
        m_targets << Target{QStringLiteral("postgres"),
                            pg + QStringList{QStringLiteral("--ns"), m_pgNamespace}};
        m_targets << Target{QStringLiteral("official"), {QStringLiteral("--store"), mdbtest::officialUrl()}};
    }

    void cleanupTestCase()
    {
        if (!m_pgNamespace.isEmpty())
            mdbctl({QStringLiteral("--store"), mdbtest::postgresUrl(), QStringLiteral("namespace"),
                    QStringLiteral("drop"), m_pgNamespace, QStringLiteral("--yes")});
    }

    void sameScenarioSameAnswers()
    {
        const QString c = mdbtest::uniqueName(QStringLiteral("cli"));
        const QString s1 = c + QStringLiteral("-1");
        const QString s2 = c + QStringLiteral("-2+x");
        const QString id1 = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString id2 = QUuid::createUuid().toString(QUuid::WithoutBraces).toUpper();
        const QString id3 = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QList<QStringList> scenario{
            {"write", s1, "Opened", R"({"b":1,"a":2.50,"é":"\u00e9"})", "--id", id1, "--expected-version",
             "-1"},
            {"write", s1, "Deposited", R"({"amount": 10.00, "n": 1e3})", "--metadata",
             R"({"correlationStreamName":"corr-9"})", "--id", id2},
            {"write", s1, "Withdrawn", "{}", "--expected-version", "0"},
            {"write", s2, "Opened", "{bad"},
            {"write", s2, "Opened", "{}", "--id", "not-a-uuid"},
            {"write", s2, "Opened", "{}", "--id", id1},
            {"write", s2, "Opened", "[]", "--expected-version", "-1", "--id", id3},
            {"--json", "stream", s1},
            {"stream", s1, "--position", "1"},
            {"--json", "stream", s1, "--batch-size", "0"},
            {"stream", s1, "--batch-size", "-2"},
            {"stream", c},
            {"--json", "category", c},
            {"--json", "category", c, "--correlation", "corr"},
            {"category", c, "--correlation", "corr-9"},
            {"category", c, "--member", "1"},
            {"category", c, "--size", "2"},
            {"category", c, "--member", "2", "--size", "2"},
            {"category", c, "--member", "0", "--size", "0"},
            {"category", c, "--member", "0", "--size", "40000"},
            {"--json", "category", c, "--member", "0", "--size", "2"},
            {"--json", "category", c, "--member", "1", "--size", "2"},
            {"category", s1},
            {"category", c, "--condition", "position >= 1"},
            {"--json", "last", s1, "--type", "Opened"},
            {"--json", "last", s1, "--type", "Nope"},
            {"--json", "version", s1},
            {"--json", "version", c + QStringLiteral("-404")},
            {"version", s2},
            {"export", c},
            {"export", s1, "--type", "Opened"},
            {"export", c, "--correlation", "corr"},
            {"partition", c, "--size", "2"},
            {"--json", "partition", c, "--size", "3"},
            {"--json", "partition", c, "--size", "1", "--to", "2"},
            {"partition", c, "--size", "0"},
            {"partition", c, "--size", "40000"},
            {"partition", s1, "--size", "2"},
            {"partition", c},
        };
        for (const QStringList& step : scenario) {
            QList<Outcome> outcomes;
            for (const Target& t : std::as_const(m_targets)) {
                Outcome o = mdbctl(t.storeArgs + step);
                o.out = normalized(o.out);
                outcomes << o;
            }
            for (qsizetype i = 1; i < outcomes.size(); ++i) {
                QVERIFY2(outcomes.at(i) == outcomes.first(),
                         qPrintable(QStringLiteral("%1 differs on %2 from %3:\n%4\n---\n%5")
                                        .arg(step.join(u' '), m_targets.at(i).name, m_targets.first().name,
                                             describe(outcomes.at(i)), describe(outcomes.first()))));
            }
        }
        // And the answers are Message DB's.
        const QStringList sqlite = m_targets.first().storeArgs;
        const Outcome conflict = mdbctl(
            sqlite + QStringList{QStringLiteral("write"), s1, QStringLiteral("X"), QStringLiteral("{}"),
                                 QStringLiteral("--expected-version"), QStringLiteral("0")});
        QCOMPARE(conflict.exitCode, 3);
        QCOMPARE(
            conflict.err,
            QStringLiteral("mdbctl: Wrong expected version: 0 (Stream: %1, Stream Version: 1)\n").arg(s1));
        const Outcome stream =
            mdbctl(sqlite + QStringList{QStringLiteral("--json"), QStringLiteral("stream"), s1});
        QVERIFY2(stream.out.contains(QStringLiteral("\"data\":{\"a\": 2.50, \"b\": 1, \"é\": \"é\"}")),
                 qPrintable(stream.out));
        QVERIFY(stream.out.contains(QStringLiteral("\"id\":\"%1\"").arg(id2.toLower())));
        const Outcome json = mdbctl(
            sqlite + QStringList{QStringLiteral("write"), s2, QStringLiteral("X"), QStringLiteral("{bad")});
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(json.err,
                 QStringLiteral(
                     "mdbctl: invalid input syntax for type json\nDETAIL: Token \"bad\" is invalid.\n"));
    }

    void hashAndMember()
    {
        Outcome h = mdbctl({QStringLiteral("--json"), QStringLiteral("hash"), QStringLiteral("account"),
                            QString::fromUtf8("äöü")});
        QCOMPARE(h.exitCode, 0);
        QCOMPARE(h.out, QString::fromUtf8("{\"value\":\"account\",\"hash_64\":-2132379389342958165}\n"
                                          "{\"value\":\"äöü\",\"hash_64\":723346632877524233}\n"));
        Outcome m = mdbctl({QStringLiteral("--json"), QStringLiteral("member"),
                            QStringLiteral("cgdemo-123+456"), QStringLiteral("cgdemo"),
                            QStringLiteral("edge-"), QStringLiteral("--size"), QStringLiteral("3")});
        QCOMPARE(m.exitCode, 0);
        QCOMPARE(m.out,
                 QStringLiteral("{\"stream_name\":\"cgdemo-123+456\",\"category\":\"cgdemo\",\"cardinal_id\":"
                                "\"123\",\"hash_64\":2318431741638412123,\"member\":1}\n"
                                "{\"stream_name\":\"cgdemo\",\"category\":\"cgdemo\",\"cardinal_id\":null,"
                                "\"hash_64\":null,\"member\":null}\n"
                                "{\"stream_name\":\"edge-\",\"category\":\"edge\",\"cardinal_id\":\"\","
                                "\"hash_64\":-3162216497309240828,\"member\":2}\n"));
        QCOMPARE(mdbctl({QStringLiteral("member"), QStringLiteral("a-1"), QStringLiteral("--size"),
                         QStringLiteral("0")})
                     .exitCode,
                 1);
        QCOMPARE(mdbctl({QStringLiteral("member"), QStringLiteral("a-1")}).exitCode, 2);
    }

    // What `partition` prints for each member is what that member's category read returns.
    void partitionAgreesWithCategoryReads()
    {
        for (const Target& t : std::as_const(m_targets)) {
            const QString c = mdbtest::uniqueName(QStringLiteral("part"));
            for (int i = 0; i < 24; ++i)
                QCOMPARE(mdbctl(t.storeArgs + QStringList{"write", c + u'-' + QString::number(i % 11), "E"})
                             .exitCode,
                         0);
            QCOMPARE(mdbctl(t.storeArgs + QStringList{"write", c, "E"}).exitCode, 0); // no id: no member
            const Outcome partition =
                mdbctl(t.storeArgs + QStringList{"--json", "partition", c, "--size", "3"});
            QCOMPARE(partition.exitCode, 0);
            QString expected;
            for (int m = 0; m < 3; ++m) {
                const Outcome read = mdbctl(t.storeArgs + QStringList{"--json", "category", c, "--member",
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
            }
            QCOMPARE(partition.out, expected);
            // Moves from 3 to 4: each line names a stream whose member changes, as `member` says.
            const Outcome moves =
                mdbctl(t.storeArgs + QStringList{"partition", c, "--size", "3", "--to", "4"});
            QCOMPARE(moves.exitCode, 0);
            QVERIFY(!moves.out.isEmpty());
            for (QStringView line : QStringView(moves.out).split(u'\n', Qt::SkipEmptyParts)) {
                const QList<QStringView> fields = line.split(u'\t');
                QCOMPARE(fields.size(), 3);
                const Outcome three = mdbctl({"member", fields.at(0).toString(), "--size", "3"});
                const Outcome four = mdbctl({"member", fields.at(0).toString(), "--size", "4"});
                QVERIFY(three.out.endsWith(u'\t' + fields.at(1).toString() + u'\n'));
                QVERIFY(four.out.endsWith(u'\t' + fields.at(2).toString() + u'\n'));
            }
        }
    }

    // --streams sets how many streams each writer cycles through, on both backends.
    void stressStreamsPerWriter()
    {
        for (const Target& target : std::as_const(m_targets)) {
            if (target.name == QStringLiteral("official"))
                continue; // its namespace holds other suites' stress streams
            const Outcome run =
                mdbctl(target.storeArgs + QStringList{"--json", "stress", "--writers", "2", "--mode",
                                                      "distinct", "--count", "60", "--streams", "3"});
            QVERIFY2(run.exitCode == 0 && run.out.contains("\"verified\":true"), qPrintable(describe(run)));
            const Outcome streams = mdbctl(target.storeArgs + QStringList{"--json", "summary", "stream"});
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
            QCOMPARE(messages, 60);
        }
    }

    void usageErrors()
    {
        QCOMPARE(mdbctl({}).exitCode, 2);
        QCOMPARE(mdbctl({QStringLiteral("frobnicate")}).exitCode, 2);
        const QStringList sqlite = m_targets.first().storeArgs;
        QCOMPARE(mdbctl(sqlite + QStringList{QStringLiteral("stream")}).exitCode, 2);
        QCOMPARE(mdbctl(sqlite + QStringList{QStringLiteral("stream"), QStringLiteral("a-1"),
                                             QStringLiteral("--position"), QStringLiteral("x")})
                     .exitCode,
                 2);
        const Outcome drop = mdbctl(sqlite + QStringList{QStringLiteral("namespace"), QStringLiteral("drop"),
                                                         QStringLiteral("message_store")});
        QCOMPARE(drop.exitCode, 2);
        QVERIFY(drop.err.contains(QStringLiteral("--yes")));
        QCOMPARE(mdbctl({QStringLiteral("--help")}).exitCode, 0);
        const Outcome unknown =
            mdbctl(sqlite + QStringList{QStringLiteral("--ns"), QStringLiteral("nope"),
                                        QStringLiteral("version"), QStringLiteral("a-1")});
        QCOMPARE(unknown.exitCode, 1);
        QCOMPARE(unknown.err, QStringLiteral("mdbctl: namespace \"nope\" does not exist\n"));
    }
};

QTEST_GUILESS_MAIN(MdbctlTest)
#include "tst_mdbctl.moc"
