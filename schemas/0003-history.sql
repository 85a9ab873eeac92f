-- 0003-history.sql: the tamper-evident history of a project and the
-- citations stored for the audit (see src/core/history.h, fgcode-audit(7)).

-- One row per change, appended in the same transaction as the change, in a
-- hash chain: hash is the SHA-256 of a canonical serialisation of id, at,
-- who, kind, subject, detail and prev_hash (history.h gives it byte for
-- byte), and prev_hash is the hash of the event before (64 zeros for the
-- first).  Ids run 1, 2, 3, ... without gaps.
CREATE TABLE event (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,            -- ISO 8601 UTC, as on the rows changed
  who       TEXT NOT NULL,            -- the coder running fgcode
  kind      TEXT NOT NULL,            -- "coding.add", "source.import", ...
  subject   TEXT NOT NULL,            -- "quote/Q-...", "source/SHA256", ...
  detail    TEXT NOT NULL,            -- a JSON object, compact, keys sorted
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX event_subject ON event(subject);

-- fgcode never changes or deletes an event; these triggers stop it being
-- done by mistake with another tool (fgcode audit reports them missing).
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN
  SELECT RAISE(ABORT, 'fgcode history events cannot be changed');
END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN
  SELECT RAISE(ABORT, 'fgcode history events cannot be deleted');
END;

-- Citations kept for the audit ("fgcode cite --store FILE"), such as the
-- footnotes of a manuscript: fgcode audit checks each against the roster.
CREATE TABLE citation (
  id         INTEGER PRIMARY KEY,
  label      TEXT NOT NULL UNIQUE,    -- "footnote 22", or as given
  text       TEXT NOT NULL,           -- "FG 3, female participants aged ..."
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

-- A project that already holds data when it gets this schema starts its
-- history with a "history.adopt" event recording that data as found; the
-- first change appends it (history.c).
INSERT INTO project_meta (key, value)
  SELECT 'history.adopt', 'pending'
  WHERE EXISTS (SELECT 1 FROM source) OR EXISTS (SELECT 1 FROM coding)
     OR EXISTS (SELECT 1 FROM code) OR EXISTS (SELECT 1 FROM focus_group);
