-- Private XML storage (XEP-0049): any number of elements per account, one per (namespace, element name).
-- bytes is the UTF-8 length of xml, kept so the per-account limit is a sum rather than a scan of the text.

CREATE TABLE private_xml (
    host       TEXT    NOT NULL,
    username   TEXT    NOT NULL,
    namespace  TEXT    NOT NULL CHECK (length(namespace) > 0),
    name       TEXT    NOT NULL CHECK (length(name) > 0),
    xml        TEXT    NOT NULL,
    bytes      INTEGER NOT NULL CHECK (bytes >= 0),
    updated_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (host, username, namespace, name),
    FOREIGN KEY (host, username) REFERENCES users (host, username) ON DELETE CASCADE
) STRICT;
