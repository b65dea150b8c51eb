// TLS to the test cluster, whose certificate a throwaway CA issued for localhost and 127.0.0.1
// (MDBSTUDIO_TEST_PG_CA): verify-full connects and the session is encrypted; a CA that did not
// issue it, a missing CA file and a host name the certificate does not name are refused in libpq's
// own words.
#include "TestStores.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace mdb;

namespace {

const QString Password = QStringLiteral("tls-secret-7c1f");

// Passes only rows read over an encrypted session: pg_stat_ssl describes the reading session.
const QString EncryptedCondition =
    QStringLiteral("(SELECT ssl AND version LIKE 'TLS%' FROM pg_stat_ssl WHERE pid = pg_backend_pid())");

QString storeUrl(const QString& host, const QString& query)
{
    return QStringLiteral("postgresql://postgres:%1@%2:%3/mdbstudio_test?%4")
        .arg(Password, host, qEnvironmentVariable("MDBSTUDIO_TEST_PG_PORT"), query);
}

QString ca()
{
    return qEnvironmentVariable("MDBSTUDIO_TEST_PG_CA");
}

} // namespace

class TlsTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_otherCa; // a CA that never issued the server's certificate

    // Writes one message into a fresh namespace and reads it back with the probe; the number of
    // rows the probe let through.
    qsizetype encryptedReads(const QString& url)
    {
        Result<std::unique_ptr<Store>> opened = Store::openNamed(url, {false, true});
        if (!opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return -1;
        }
        Store& store = *opened.value();
        const QString ns = mdbtest::uniqueName(QStringLiteral("tls_"));
        if (!store.createNamespace(ns))
            return -1;
        WriteRequest w;
        w.streamName = QStringLiteral("secret-1");
        w.type = QStringLiteral("Sent");
        w.data = QStringLiteral("{}");
        qsizetype rows = -1;
        if (store.writeMessage(ns, w)) {
            Result<MessageList> read = store.streamMessages(ns, {w.streamName, {}, {}, EncryptedCondition});
            rows = read ? read->size() : -1;
        }
        (void)store.dropNamespace(ns);
        return rows;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (ca().isEmpty() || qEnvironmentVariableIsEmpty("MDBSTUDIO_TEST_PG_PORT")) {
            if (mdbtest::postgresRequired())
                QFAIL("MDBSTUDIO_TEST_PG_CA or MDBSTUDIO_TEST_PG_PORT is not set");
            QSKIP("no test PostgreSQL with TLS (run scripts/test.sh)");
        }
        QVERIFY(m_dir.isValid());
        m_otherCa = m_dir.filePath(QStringLiteral("other-ca.crt"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                       QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                       QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=another CA"), QStringLiteral("-keyout"),
                       m_dir.filePath(QStringLiteral("other-ca.key")), QStringLiteral("-out"), m_otherCa});
        QVERIFY2(openssl.waitForFinished(30000) && openssl.exitCode() == 0,
                 qPrintable(openssl.errorString() + QString::fromLocal8Bit(openssl.readAllStandardError())));
    }

    void verifiedSessionIsEncrypted_data()
    {
        QTest::addColumn<QString>("host");
        QTest::newRow("localhost") << QStringLiteral("localhost");
        QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1");
    }

    void verifiedSessionIsEncrypted()
    {
        QFETCH(QString, host);
        QCOMPARE(encryptedReads(storeUrl(host, QStringLiteral("sslmode=verify-full&sslrootcert=") + ca())),
                 1);
    }

    void probeTellsAPlainSession()
    {
        QCOMPARE(encryptedReads(storeUrl(QStringLiteral("127.0.0.1"), QStringLiteral("sslmode=disable"))), 0);
    }

    void refusedInLibpqsWords_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("cause");
        const QString missing = m_dir.filePath(QStringLiteral("missing-ca.crt"));
        QTest::newRow("a CA that did not issue the certificate")
            << QStringLiteral("localhost") << QStringLiteral("sslmode=verify-full&sslrootcert=") + m_otherCa
            << QStringLiteral("SSL error: certificate verify failed");
        QTest::newRow("a missing CA file")
            << QStringLiteral("localhost") << QStringLiteral("sslmode=verify-full&sslrootcert=") + missing
            << QStringLiteral("root certificate file \"%1\" does not exist").arg(missing);
        // The name is not in the certificate; the address it is reached at is.
        QTest::newRow("a host name the certificate does not name")
            << QStringLiteral("db.invalid")
            << QStringLiteral("sslmode=verify-full&hostaddr=127.0.0.1&sslrootcert=") + ca()
            << QStringLiteral(
                   "server certificate for \"localhost\" (and 1 other name) does not match host name "
                   "\"db.invalid\"");
    }

    void refusedInLibpqsWords()
    {
        QFETCH(QString, host);
        QFETCH(QString, query);
        QFETCH(QString, cause);
        Result<std::unique_ptr<Store>> opened = Store::openNamed(storeUrl(host, query));
        QVERIFY(!opened);
        const StoreError& e = opened.error();
        qInfo("%s", qPrintable(e.message));
        QCOMPARE(e.kind, ErrorKind::Connection);
        QVERIFY2(e.message.contains(cause), qPrintable(e.message));
        QVERIFY2(!e.message.contains(Password) && !e.detail.contains(Password), qPrintable(e.message));
        // Exactly one problem, the one this row made.
        int causes = 0;
        for (const QString& any :
             {QStringLiteral("certificate verify failed"), QStringLiteral("does not exist"),
              QStringLiteral("does not match host name")})
            causes += e.message.contains(any) ? 1 : 0;
        QCOMPARE(causes, 1);
    }
};

QTEST_GUILESS_MAIN(TlsTest)
#include "tst_tls.moc"
