-- 0003-history.sql: the tamper-evident history (being written).
SELECT 1;
