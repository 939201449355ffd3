-- Blocklists (XEP-0191): the JIDs each account blocks, normalized (RFC 7622).

CREATE TABLE blocklist (
    host       TEXT NOT NULL,
    username   TEXT NOT NULL,
    jid        TEXT NOT NULL CHECK (length(jid) > 0),
    blocked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (host, username, jid),
    FOREIGN KEY (host, username) REFERENCES users (host, username) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
