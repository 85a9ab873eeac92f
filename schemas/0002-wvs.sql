-- 0002-wvs.sql: survey models (being written).
SELECT 1;
