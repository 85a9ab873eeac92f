-- fgcode project schema, version 1.
-- Offsets: every *_cp column counts Unicode code points, every *_b column
-- counts UTF-8 bytes; ranges are 0-based and half-open [start, end), and
-- index into source.text (the stored text: BOM removed, CRLF/CR -> LF).
-- Times are ISO 8601 UTC strings ("2026-12-03T16:00:00Z").

CREATE TABLE project_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- A focus group (a row of the study's roster).
CREATE TABLE focus_group (
  id          INTEGER PRIMARY KEY,
  fg          TEXT NOT NULL UNIQUE,     -- group number as written ("3")
  city        TEXT,
  date        TEXT,                     -- as written by the researcher
  language    TEXT,
  facilitator TEXT,
  size        INTEGER,                  -- declared number of participants
  created_at  TEXT NOT NULL
) STRICT;

-- Free attributes of a focus group (roster "published" cells, city_alias, ...).
CREATE TABLE group_attr (
  group_id INTEGER NOT NULL REFERENCES focus_group(id) ON DELETE CASCADE,
  key      TEXT NOT NULL,
  value    TEXT NOT NULL,
  PRIMARY KEY (group_id, key)
) STRICT;

CREATE TABLE participant (
  id         INTEGER PRIMARY KEY,
  group_id   INTEGER REFERENCES focus_group(id) ON DELETE CASCADE,
  pid        TEXT NOT NULL,             -- id / pseudonym, unique within a group
  gender     TEXT,
  age        INTEGER,
  profession TEXT,
  UNIQUE (group_id, pid)
) STRICT;

CREATE TABLE participant_attr (
  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
  key            TEXT NOT NULL,
  value          TEXT NOT NULL,
  PRIMARY KEY (participant_id, key)
) STRICT;

-- A transcript.  text is the body exactly as stored; front_matter the
-- verbatim YAML between the --- fences (NULL when absent).
CREATE TABLE source (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL,          -- file name (basename)
  path          TEXT NOT NULL,          -- path as given on import
  file_sha256   TEXT NOT NULL UNIQUE,   -- SHA-256 of the original file bytes
  text_sha256   TEXT NOT NULL,          -- SHA-256 of text
  text          TEXT NOT NULL,
  n_cp          INTEGER NOT NULL,
  n_bytes       INTEGER NOT NULL,
  body_line     INTEGER NOT NULL,       -- file line number of text's first line
  front_matter  TEXT,
  encoding      TEXT NOT NULL,          -- encoding of the original file
  had_bom       INTEGER NOT NULL,
  crlf_count    INTEGER NOT NULL,       -- CRLF pairs turned into LF
  cr_count      INTEGER NOT NULL,       -- lone CRs turned into LF
  profile       TEXT NOT NULL,
  group_id      INTEGER REFERENCES focus_group(id),
  language      TEXT,
  imported_at   TEXT NOT NULL,
  imported_by   TEXT NOT NULL
) STRICT;
CREATE INDEX source_name ON source(name);

-- Top-level front-matter keys of a source (also the --set values).
CREATE TABLE source_attr (
  source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
  key       TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (source_id, key)
) STRICT;

-- A speaker turn.  [start_cp, end_cp) covers the utterance (label excluded,
-- continuation lines included); line_start/line_end are file line numbers.
CREATE TABLE turn (
  id             INTEGER PRIMARY KEY,
  source_id      INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,      -- 1-based turn number in the source
  speaker        TEXT NOT NULL,         -- normalised label
  speaker_raw    TEXT NOT NULL,         -- label as written
  participant_id INTEGER REFERENCES participant(id),
  timestamp      TEXT,
  start_cp       INTEGER NOT NULL,
  end_cp         INTEGER NOT NULL,
  start_b        INTEGER NOT NULL,
  end_b          INTEGER NOT NULL,
  line_start     INTEGER NOT NULL,
  line_end       INTEGER NOT NULL,
  UNIQUE (source_id, seq)
) STRICT;
CREATE INDEX turn_span ON turn(source_id, start_cp, end_cp);

-- Lines attached to a turn as notes by a profile (e.g. spacelog _comment:).
CREATE TABLE turn_note (
  id      INTEGER PRIMARY KEY,
  turn_id INTEGER NOT NULL REFERENCES turn(id) ON DELETE CASCADE,
  line    INTEGER NOT NULL,
  text    TEXT NOT NULL
) STRICT;

CREATE TABLE code (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT NOT NULL UNIQUE,
  parent_id   INTEGER REFERENCES code(id) ON DELETE RESTRICT,
  description TEXT,
  inclusion   TEXT,
  exclusion   TEXT,
  colour      TEXT,
  sort        INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE code_example (
  code_id INTEGER NOT NULL REFERENCES code(id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  text    TEXT NOT NULL,
  PRIMARY KEY (code_id, seq)
) STRICT;

-- AUTOINCREMENT: an id, once cited in a memo or a paper, never comes back
-- for another coding after a removal.
CREATE TABLE coding (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  source_id      INTEGER NOT NULL REFERENCES source(id) ON DELETE RESTRICT,
  code_id        INTEGER NOT NULL REFERENCES code(id) ON DELETE RESTRICT,
  start_cp       INTEGER NOT NULL,
  end_cp         INTEGER NOT NULL,
  start_b        INTEGER NOT NULL,
  end_b          INTEGER NOT NULL,
  excerpt        TEXT NOT NULL,         -- exact text of the range
  excerpt_sha256 TEXT NOT NULL,
  coder          TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  memo           TEXT,
  CHECK (start_cp < end_cp AND start_b < end_b)
) STRICT;
CREATE INDEX coding_source ON coding(source_id, start_cp);
CREATE INDEX coding_code ON coding(code_id);
