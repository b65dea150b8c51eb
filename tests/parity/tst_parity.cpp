// Backend parity scenarios, run on each backend (MDBSTUDIO_TEST_TARGET): namespace isolation,
// concurrent writers, optimistic locking under a race.
#include "TestStores.h"

#include <QAtomicInt>
#include <QList>
#include <QMutex>
#include <QSet>
#include <QTest>
#include <QThread>

#include <functional>

using namespace mdb;
using mdbtest::uniqueName;

namespace {

WriteRequest request(const QString& stream, std::optional<qint64> expected = std::nullopt)
{
    WriteRequest r;
    r.streamName = stream;
    r.type = QStringLiteral("Raced");
    r.data = QStringLiteral("{}");
    r.expectedVersion = expected;
    return r;
}

// Runs `work(i)` on `count` threads released together.
void runConcurrently(int count, const std::function<void(int)>& work)
{
    QAtomicInt ready = 0;
    QAtomicInt go = 0;
    QList<QThread*> threads;
    for (int i = 0; i < count; ++i) {
        threads << QThread::create([&, i] {
            ready.fetchAndAddOrdered(1);
            while (go.loadAcquire() == 0)
                QThread::yieldCurrentThread();
            work(i);
        });
        threads.last()->start();
    }
    while (ready.loadAcquire() < count)
        QThread::yieldCurrentThread();
    go.storeRelease(1);
    for (QThread* t : threads) {
        t->wait();
        delete t;
    }
}

} // namespace

class ParityTest : public QObject
{
    Q_OBJECT

    mdbtest::Target m_target = mdbtest::targetFromEnvironment();

private Q_SLOTS:
    void namespacesAreIsolated()
    {
        // On the official target, the second namespace is an mdbstudio one beside message_store.
        MDB_OPEN_TARGET(a, m_target);
        const QString other = uniqueName(QStringLiteral("iso_"));
        QVERIFY(a->createNamespace(other));
        // A category no earlier run used: the official install's namespace outlives test runs.
        const QString category = uniqueName(QStringLiteral("account"));
        const QString s = category + QStringLiteral("-1");
        QCOMPARE(*a->writeMessage(a.ns, request(s)), 0);
        QCOMPARE(*a->writeMessage(a.ns, request(s)), 1);
        QCOMPARE(*a->writeMessage(other, request(s, -1)), 0);
        QCOMPARE(*a->streamVersion(a.ns, s), std::optional<qint64>(1));
        QCOMPARE(*a->streamVersion(other, s), std::optional<qint64>(0));
        Result<MessageList> inOther = a->categoryMessages(other, {category, {}, {}, {}, {}, {}, {}});
        QCOMPARE(inOther->size(), 1);
        QCOMPARE(inOther->first().globalPosition, 1); // each namespace has its own global order
        QCOMPARE(a->describeNamespace(other)->kind, NamespaceKind::Mdbstudio);
        QVERIFY(a->listNamespaces()->contains(other));
        QVERIFY(a->dropNamespace(other));
        QVERIFY(!a->listNamespaces()->contains(other));
        QCOMPARE(a->streamVersion(other, s).error().kind, ErrorKind::NotFound);
        QCOMPARE(*a->streamVersion(a.ns, s), std::optional<qint64>(1));
    }

    void describeNamespace()
    {
        MDB_OPEN_TARGET(t, m_target);
        Result<NamespaceInfo> info = t->describeNamespace(t.ns);
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message));
        QCOMPARE(info->kind, m_target == mdbtest::Target::Official ? NamespaceKind::OfficialMessageDb
                                                                   : NamespaceKind::Mdbstudio);
        QCOMPARE(info->messageStoreVersion, QStringLiteral("1.3.0"));
        for (const char* index : {"messages_category", "messages_id", "messages_stream"})
            QVERIFY2(info->indexes.contains(QLatin1String(index)), index);
        QVERIFY(t->listNamespaces()->contains(t.ns));
    }

    void categoriesAreListed()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString a = uniqueName(QStringLiteral("lista"));
        const QString b = uniqueName(QStringLiteral("listb"));
        QVERIFY(t->writeMessage(t.ns, request(a + QStringLiteral("-1"))));
        QVERIFY(t->writeMessage(t.ns, request(a + QStringLiteral("-2"))));
        QVERIFY(t->writeMessage(t.ns, request(b + QStringLiteral("-1"))));
        Result<QStringList> categories = t->listCategories(t.ns);
        QVERIFY(categories);
        QVERIFY(categories->contains(a));
        QVERIFY(categories->contains(b));
        QCOMPARE(categories->count(a), 1);
    }

    void tenWritersOneExpectedVersion()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString s = uniqueName(QStringLiteral("race")) + QStringLiteral("-1");
        QCOMPARE(*t->writeMessage(t.ns, request(s)), 0);
        for (int round = 0; round < 3; ++round) {
            const qint64 expected = round;
            QAtomicInt wins = 0;
            QAtomicInt conflicts = 0;
            QStringList otherErrors;
            QMutex mutex;
            runConcurrently(10, [&](int) {
                Result<qint64> r = t->writeMessage(t.ns, request(s, expected));
                if (r) {
                    wins.fetchAndAddOrdered(1);
                } else if (r.error().kind == ErrorKind::WrongExpectedVersion &&
                           r.error().message ==
                               QStringLiteral("Wrong expected version: %1 (Stream: %2, Stream Version: %3)")
                                   .arg(expected)
                                   .arg(s)
                                   .arg(expected + 1)) {
                    conflicts.fetchAndAddOrdered(1);
                } else {
                    QMutexLocker lock(&mutex);
                    otherErrors << r.error().message;
                }
            });
            QVERIFY2(otherErrors.isEmpty(), qPrintable(otherErrors.join(u'\n')));
            QCOMPARE(wins.loadRelaxed(), 1);
            QCOMPARE(conflicts.loadRelaxed(), 9);
        }
        Result<MessageList> rows = t->streamMessages(t.ns, {s, {}, -1, {}});
        QList<qint64> positions;
        for (const Message& m : *rows)
            positions << m.position;
        QCOMPARE(positions, (QList<qint64>{0, 1, 2, 3}));
    }

    void concurrentWritersToDistinctStreams()
    {
        MDB_OPEN_TARGET(t, m_target);
        const QString c = uniqueName(QStringLiteral("conc"));
        constexpr int Writers = 8;
        constexpr int PerWriter = 25;
        QStringList errors;
        QMutex mutex;
        runConcurrently(Writers, [&](int i) {
            for (int n = 0; n < PerWriter; ++n) {
                Result<qint64> r = t->writeMessage(t.ns, request(c + u'-' + QString::number(i), n - 1));
                if (!r || *r != n) {
                    QMutexLocker lock(&mutex);
                    errors << (r ? QStringLiteral("position %1").arg(*r) : r.error().message);
                }
            }
        });
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        Result<MessageList> all = t->categoryMessages(t.ns, {c, {}, -1, {}, {}, {}, {}});
        QCOMPARE(all->size(), Writers * PerWriter);
        QSet<qint64> globals;
        for (const Message& m : *all)
            globals.insert(m.globalPosition);
        QCOMPARE(globals.size(), Writers * PerWriter);
    }

    void concurrentWritersInDifferentNamespaces()
    {
        MDB_OPEN_TARGET(t, m_target);
        QStringList namespaces;
        for (int i = 0; i < 3; ++i) {
            namespaces << uniqueName(QStringLiteral("par_"));
            QVERIFY(t->createNamespace(namespaces.last()));
        }
        QStringList errors;
        QMutex mutex;
        runConcurrently(6, [&](int i) {
            const QString ns = namespaces.at(i % 3);
            for (int n = 0; n < 20; ++n) {
                Result<qint64> r = t->writeMessage(ns, request(QStringLiteral("shared-%1").arg(i / 3)));
                if (!r) {
                    QMutexLocker lock(&mutex);
                    errors << r.error().message;
                }
            }
        });
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        for (const QString& ns : namespaces) {
            QCOMPARE(*t->streamVersion(ns, QStringLiteral("shared-0")), std::optional<qint64>(19));
            QCOMPARE(*t->streamVersion(ns, QStringLiteral("shared-1")), std::optional<qint64>(19));
            QVERIFY(t->dropNamespace(ns));
        }
    }
};

QTEST_GUILESS_MAIN(ParityTest)
#include "tst_parity.moc"
