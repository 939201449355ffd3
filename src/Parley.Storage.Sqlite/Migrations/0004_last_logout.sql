-- Last activity (XEP-0012 §3): when each account last logged out, and the status of its unavailable presence.

CREATE TABLE last_logout (
    host          TEXT NOT NULL,
    username      TEXT NOT NULL,
    logged_out_at TEXT NOT NULL,  -- UTC, yyyy-MM-ddTHH:mm:ss.fffZ
    status        TEXT,
    PRIMARY KEY (host, username),
    FOREIGN KEY (host, username) REFERENCES users (host, username) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
