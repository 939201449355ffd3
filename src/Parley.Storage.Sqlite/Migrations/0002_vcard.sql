-- vCards (XEP-0054): one per account, kept as the XML text Parley's serializer wrote, and parsed again on every
-- read so that nothing a client sent leaves the server byte for byte.
-- A rowid table, not WITHOUT ROWID: a vCard with a photo is tens of kilobytes, far past a page.

CREATE TABLE vcards (
    host       TEXT NOT NULL,
    username   TEXT NOT NULL,
    xml        TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (host, username),
    FOREIGN KEY (host, username) REFERENCES users (host, username) ON DELETE CASCADE
) STRICT;
