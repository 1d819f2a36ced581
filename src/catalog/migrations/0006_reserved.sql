-- coffer catalog, schema version 6: reserved for another branch's migration
-- (branch `wal` took 0007). At merge this file is replaced by the real 0006;
-- it changes nothing.
SELECT 1;
