-- 0002-wvs.sql: regression models on survey data, fitted by fgcode from a
-- model spec (fgcode wvs fit) or transcribed from a publication (fgcode
-- wvs load-table).  Read them through src/core/model.h.
--
-- A model_set is one spec or one published table; it holds one or more
-- models (the columns of a regression table), each with its terms (the
-- rows).  Numbers are stored as REAL (IEEE double); for a published table
-- the text exactly as printed is stored beside them (*_text), and that
-- text is what fgcode shows for it.  Missing numbers are NULL.

CREATE TABLE model_set (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,   -- "kaz-2018", "seed-table3"
  title         TEXT,                   -- caption of the table
  source        TEXT NOT NULL CHECK (source IN ('fitted', 'published')),
  note          TEXT,                   -- footnote (significance legend)
  citation      TEXT,                   -- published: where the table is from
  spec_path     TEXT NOT NULL,          -- the spec / table file as given
  spec_text     TEXT NOT NULL,          -- its whole text
  spec_sha256   TEXT NOT NULL,          -- SHA-256 of spec_text's bytes
  data_path     TEXT,                   -- fitted: the CSV file read
  data_sha256   TEXT,                   -- fitted: SHA-256 of its bytes
  data_rows     INTEGER,                -- fitted: data records read
  filtered_rows INTEGER,                -- fitted: records passing filters
  weight        TEXT,                   -- fitted: weight column, or NULL
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  CHECK (source = 'published' OR (data_path IS NOT NULL AND
    data_sha256 IS NOT NULL))
) STRICT;

-- One model: a column of the table.  The dependent variable declares its
-- scale and which end means what, so that a reader can tell the sign of
-- an effect: scale_min means scale_low, scale_max means scale_high, and
-- direction says in words what a higher value means.
CREATE TABLE model (
  id            INTEGER PRIMARY KEY,
  set_id        INTEGER NOT NULL REFERENCES model_set(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,       -- 1-based column order
  name          TEXT NOT NULL,          -- "m1", unique within the set
  title         TEXT NOT NULL,          -- column heading: "Model 1"
  dv_column     TEXT NOT NULL,          -- survey item: "Q185"
  dv_label      TEXT NOT NULL,          -- "Divorce justifiable"
  dv_definition TEXT NOT NULL,          -- "Q185", "6 - Q36" (reversed)
  scale_min     REAL,
  scale_max     REAL,
  scale_low     TEXT,                   -- meaning of scale_min
  scale_high    TEXT,                   -- meaning of scale_max
  direction     TEXT NOT NULL,          -- "higher means ..."
  n             INTEGER,                -- observations used
  dropped       INTEGER,                -- fitted: rows passing the filters
                                        -- but dropped for missing values
  r2            REAL,
  adj_r2        REAL,
  sigma         REAL,                   -- residual standard deviation
  f             REAL,
  f_p           REAL,
  df_model      INTEGER,
  df_resid      INTEGER,
  r2_text       TEXT,                   -- published: as printed
  adj_r2_text   TEXT,
  n_text        TEXT,
  UNIQUE (set_id, seq),
  UNIQUE (set_id, name)
) STRICT;

-- One term (a row) of a model.  stars: '', '*', '**' or '***' (p < .05,
-- .01, .001); for a fitted model computed from p, for a published one as
-- printed.  t and p are NULL for a published table (not printed there).
CREATE TABLE model_term (
  model_id      INTEGER NOT NULL REFERENCES model(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,       -- 1-based row order
  name          TEXT NOT NULL,          -- "(Intercept)", "female", ...
  label         TEXT NOT NULL,          -- "Intercept", "Gender (f)"
  definition    TEXT,                   -- fitted: "Q260 == 2", "Q262"
  estimate      REAL NOT NULL,
  se            REAL,
  t             REAL,
  p             REAL,
  stars         TEXT NOT NULL CHECK (stars IN ('', '*', '**', '***')),
  estimate_text TEXT,                   -- published: "5.299"
  se_text       TEXT,                   -- published: "0.600"
  cell_text     TEXT,                   -- published: "5.299 *** (0.600)"
  PRIMARY KEY (model_id, seq),
  UNIQUE (model_id, name)
) STRICT;
