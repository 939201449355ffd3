-- Offline messages (XEP-0160): kept in arrival order (id) until delivered to a resource of the account.
-- stamp is when the server accepted the message (XEP-0203), UTC, yyyy-MM-ddTHH:mm:ss.fffZ; xml is the stanza as
-- Parley's serializer wrote it, parsed again when it is delivered.

CREATE TABLE offline_messages (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    host      TEXT NOT NULL,
    username  TEXT NOT NULL,
    stamp     TEXT NOT NULL,
    xml       TEXT NOT NULL,
    FOREIGN KEY (host, username) REFERENCES users (host, username) ON DELETE CASCADE
) STRICT;

CREATE INDEX offline_messages_by_account ON offline_messages (host, username, id);
