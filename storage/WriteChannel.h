#pragma once

#include "storage/Message.h"
#include "storage/Result.h"

#include <optional>

namespace mdb {

// Single-message writes sent without waiting for their answers, on a connection of the channel's
// own, so that one thread can keep several connections busy, as pgbench's -j does. One write in
// flight at a time; the same checks, statement and error texts as Store::writeMessages. Used on
// the thread that made it. A store offers them when StoreCapabilities::writeChannels says so.
class WriteChannel
{
public:
    virtual ~WriteChannel() = default;

    // Connects and gets ready to write; send() does so too when it has to.
    virtual Status open() = 0;
    // Sends the write. A request Message DB would refuse is refused here in its words, and nothing
    // is sent; so is any write after a lost connection until the connection is made again.
    virtual Status send(const WriteRequest& request) = 0;
    // The socket to wait on (poll) for the answer; -1 when not connected.
    virtual int socket() const = 0;
    virtual bool inFlight() const = 0;
    // The write's outcome once its answer has arrived, without blocking; nothing before.
    virtual std::optional<Result<qint64>> receive() = 0;
};

} // namespace mdb
