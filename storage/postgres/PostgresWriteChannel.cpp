// PostgresStore::Channel: the store's WriteChannel, PQsendQueryPrepared on a QPSQL connection of
// its own.
#include "storage/postgres/PostgresSession.h"
#include "storage/postgres/PostgresStore.h"
#include "storage/postgres/PostgresSupport.h"

#include "storage/MessageDbRules.h"
#include "storage/eventodb/EventoDbNames.h"

namespace mdb {

using namespace postgres;

// Single-message writes to one namespace on a connection of their own, each sent without waiting
// for its answer; the same checks, statement, error texts and pooler rules as writeMessages.
class PostgresStore::Channel final : public WriteChannel
{
public:
    Channel(PostgresStore& store, QString ns, QString key);
    ~Channel() override;
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    Status open() override;
    Status send(const WriteRequest& request) override;
    int socket() const override;
    bool inFlight() const override { return m_inFlight; }
    std::optional<Result<qint64>> receive() override;

private:
    Status sendPrepared();
    StoreError failed(const QSqlError& e);

    struct Parameters;
    PostgresStore& m_store;
    const QString m_ns;
    const QString m_key;
    const QByteArray m_statement; // the write statement's name
    QSqlDatabase m_db;
    StoreLayout m_layout;
    PGconn* m_conn = nullptr;
    WriteRequest m_request;                   // the write in flight, kept to send again
    std::unique_ptr<Parameters> m_parameters; // and its parameters
    bool m_inFlight = false;
    bool m_sentAgain = false;
};

StoreCapabilities PostgresStore::capabilities() const
{
    // Writes go by bound parameters on this store only when no settings travel in front of each
    // statement and no transaction pooler has been seen to lose prepared statements.
    StoreCapabilities c;
    c.writeChannels = m_preparedWrites.load() && m_transactionSettings.isEmpty();
    return c;
}

std::unique_ptr<WriteChannel> PostgresStore::writeChannel(const QString& ns)
{
    return std::unique_ptr<WriteChannel>(
        new Channel(*this, ns, QStringLiteral("channel-%1").arg(++m_channels)));
}

struct PostgresStore::Channel::Parameters : TextParameters
{
    using TextParameters::TextParameters;
};

PostgresStore::Channel::Channel(PostgresStore& store, QString ns, QString key)
    : m_store(store)
    , m_ns(std::move(ns))
    , m_key(std::move(key))
    , m_statement(writeStatementName(m_ns).toLatin1())
{}

PostgresStore::Channel::~Channel()
{
    m_conn = nullptr;
    m_db = QSqlDatabase();
    m_store.m_connections.discard(m_key);
}

Status PostgresStore::Channel::open()
{
    if (m_conn)
        return Done{};
    Result<QSqlDatabase> db = m_store.connection(m_key);
    if (!db)
        return db.error();
    Result<StoreLayout> layout = m_store.namespaceLayout(*db, m_ns);
    if (!layout)
        return layout.error();
    if (layout->writesRefused)
        return eventodb::timescaleWritesRefused(m_ns);
    const NamespaceHandle target{*db, *layout};
    Session s(m_store, target);
    PGconn* const conn = s.boundParameterConnection();
    if (!conn)
        return StoreError::make(
            ErrorKind::Internal,
            QStringLiteral("This store's writes cannot be sent without waiting: its settings "
                           "travel in front of each statement"));
    if (const Status made = m_store.prepareWrite(s, m_ns, target); !made)
        return made;
    m_db = *db;
    m_layout = *layout;
    m_conn = conn;
    return Done{};
}

int PostgresStore::Channel::socket() const
{
    return m_conn ? PQsocket(m_conn) : -1;
}

Status PostgresStore::Channel::send(const WriteRequest& request)
{
    Q_ASSERT(!m_inFlight);
    if (Status text = MessageDbRules::checkWriteRequest(request); !text)
        return text;
    if (Status opened = open(); !opened)
        return opened;
    m_request = request;
    m_parameters = std::make_unique<Parameters>(writeValues(request));
    m_sentAgain = false;
    return sendPrepared();
}

Status PostgresStore::Channel::sendPrepared()
{
    if (!PQsendQueryPrepared(m_conn, m_statement.constData(), m_parameters->count(),
                             m_parameters->pointers.constData(), nullptr, nullptr, 0))
        return failed(libpqError(m_conn, nullptr));
    m_inFlight = true;
    return Done{};
}

std::optional<Result<qint64>> PostgresStore::Channel::receive()
{
    if (!m_inFlight)
        return std::nullopt;
    if (!PQconsumeInput(m_conn)) {
        m_inFlight = false;
        return Result<qint64>(failed(libpqError(m_conn, nullptr)));
    }
    if (PQisBusy(m_conn))
        return std::nullopt;
    const LibpqResult r(PQgetResult(m_conn), &PQclear);
    while (PGresult* rest = PQgetResult(m_conn))
        PQclear(rest);
    m_inFlight = false;
    if (PQresultStatus(r.get()) == PGRES_TUPLES_OK && PQntuples(r.get()) >= 1 && PQnfields(r.get()) >= 1)
        return Result<qint64>(QByteArray(PQgetvalue(r.get(), 0, 0)).toLongLong());
    const QSqlError e = libpqError(m_conn, r.get());
    // As writePrepared: a lost statement is prepared again and the write sent once more; lost
    // twice, the store gives up prepared writes and this write goes as a plain statement, waiting
    // for its answer.
    if (writeStatementLost(toStoreError(e), m_ns, m_db.connectionName())) {
        if (m_sentAgain) {
            m_store.m_preparedWrites = false;
            Result<QList<qint64>> written = m_store.writeMessages(m_ns, {m_request});
            if (!written)
                return Result<qint64>(written.error());
            return Result<qint64>(written->constFirst());
        }
        const NamespaceHandle target{m_db, m_layout};
        Session s(m_store, target);
        if (const Status made = m_store.prepareWrite(s, m_ns, target); !made)
            return Result<qint64>(made.error());
        m_sentAgain = true;
        if (const Status sent = sendPrepared(); !sent)
            return Result<qint64>(sent.error());
        return std::nullopt;
    }
    return Result<qint64>(failed(e));
}

StoreError PostgresStore::Channel::failed(const QSqlError& e)
{
    if (isConnectionLoss(e)) {
        // Made again by the next send; every thread's connections are suspect too.
        forgetWriteStatements(m_db.connectionName());
        m_conn = nullptr;
        m_inFlight = false;
        m_db = QSqlDatabase();
        m_store.m_connections.discardEverywhere(m_key);
    }
    return toStoreError(e);
}

} // namespace mdb
