-- Accounts of the local virtual hosts and their SCRAM keys (DESIGN §5: passwords are never stored).
-- Each migration runs inside one transaction: no BEGIN/COMMIT here, and nothing that cannot run in a transaction.

CREATE TABLE users (
    host       TEXT NOT NULL,
    username   TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (host, username)
) STRICT, WITHOUT ROWID;

-- One row per hash, so PLAIN can be checked against any of them and accounts imported from Prosody or
-- ejabberd keep the hashes they came with (RFC 5802 §3).
CREATE TABLE scram_credentials (
    host       TEXT    NOT NULL,
    username   TEXT    NOT NULL,
    hash       TEXT    NOT NULL CHECK (hash IN ('SHA-1', 'SHA-256', 'SHA-512')),
    salt       BLOB    NOT NULL CHECK (length(salt) > 0),
    iterations INTEGER NOT NULL CHECK (iterations > 0),
    stored_key BLOB    NOT NULL CHECK (length(stored_key) > 0),
    server_key BLOB    NOT NULL CHECK (length(server_key) = length(stored_key)),
    PRIMARY KEY (host, username, hash),
    FOREIGN KEY (host, username) REFERENCES users (host, username) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
