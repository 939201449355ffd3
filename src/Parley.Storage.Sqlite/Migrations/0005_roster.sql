-- Rosters and presence subscriptions (RFC 6121 §2, §3).

-- One row per account with a roster: its version (§2.6). A version is "epoch-number": the number counts changes,
-- the epoch is drawn at random when the row is made, so a roster deleted and made again never repeats a version a
-- client may have cached. Items removed at or below horizon are forgotten: older versions get the whole roster.
CREATE TABLE roster_versions (
    host     TEXT    NOT NULL,
    username TEXT    NOT NULL,
    epoch    TEXT    NOT NULL,
    version  INTEGER NOT NULL CHECK (version >= 0),
    horizon  INTEGER NOT NULL DEFAULT 0 CHECK (horizon >= 0),
    PRIMARY KEY (host, username),
    FOREIGN KEY (host, username) REFERENCES users (host, username) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Roster items. A removed item stays as a row with removed = 1 (a tombstone) so that a client can be told of the
-- removal as a change since its version. groups is a JSON array of strings, in the order the client gave them.
CREATE TABLE roster_items (
    host         TEXT    NOT NULL,
    username     TEXT    NOT NULL,
    contact      TEXT    NOT NULL CHECK (length(contact) > 0),
    name         TEXT,
    subscription TEXT    NOT NULL CHECK (subscription IN ('none', 'to', 'from', 'both')),
    ask          INTEGER NOT NULL CHECK (ask IN (0, 1)),
    approved     INTEGER NOT NULL CHECK (approved IN (0, 1)),
    groups       TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    removed      INTEGER NOT NULL CHECK (removed IN (0, 1)),
    PRIMARY KEY (host, username, contact),
    FOREIGN KEY (host, username) REFERENCES users (host, username) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX roster_items_by_version ON roster_items (host, username, version);

-- Subscription requests waiting for the user's answer (§3.1.3), whether or not the contact is in the roster,
-- with the stanza as received, delivered again at each login until answered.
CREATE TABLE subscription_requests (
    host        TEXT NOT NULL,
    username    TEXT NOT NULL,
    contact     TEXT NOT NULL CHECK (length(contact) > 0),
    stanza      TEXT NOT NULL,
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (host, username, contact),
    FOREIGN KEY (host, username) REFERENCES users (host, username) ON DELETE CASCADE
) STRICT;
