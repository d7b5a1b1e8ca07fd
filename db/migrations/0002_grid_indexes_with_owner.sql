-- 0002: indexes for 1,000,000 customers, measured with scripts/bench.ts.
--
-- 1. The grid's sort indexes of 0001 also carry owner_id, so a salesperson's visibility check
--    (owner_id = me, or a delegation) is answered from the index entry while the grid pages and
--    sorts, instead of reading every customer row the index walks past (a salesperson's page at
--    offset 60,000 read ~480,000 rows: 180 ms → 35 ms; sort by 地区 at offset 100,000: 1.35 s → 70 ms).
-- 2. customer_status_owner: a narrow index holding deleted_at, so counting customers (the 客户状态
--    tree, 全部客户, withTotal, a status's customers before it is deleted) reads this index only,
--    never the table (a salesperson's tree: 2.2 s → 65 ms; status filter + total: 640 ms → 20 ms).
--    Not partial on purpose: statuses.delete counts soft-deleted customers too.
-- Same names as in 0001, so the comments there still apply.

DROP INDEX customer_live_created;
CREATE INDEX customer_live_created ON customer (created_on, id, owner_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_name;
CREATE INDEX customer_live_name ON customer (name, id, owner_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_keyword;
CREATE INDEX customer_live_keyword ON customer (keyword, id, owner_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_phone;
CREATE INDEX customer_live_phone ON customer (phone, id, owner_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_region;
CREATE INDEX customer_live_region ON customer (region, id, owner_id) WHERE deleted_at IS NULL;

DROP INDEX customer_live_status_created;
CREATE INDEX customer_live_status_created ON customer (status_id, created_on, id, owner_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_status_name;
CREATE INDEX customer_live_status_name ON customer (status_id, name, id, owner_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_status_keyword;
CREATE INDEX customer_live_status_keyword ON customer (status_id, keyword, id, owner_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_status_phone;
CREATE INDEX customer_live_status_phone ON customer (status_id, phone, id, owner_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_status_region;
CREATE INDEX customer_live_status_region ON customer (status_id, region, id, owner_id) WHERE deleted_at IS NULL;

CREATE INDEX customer_status_owner ON customer (status_id, owner_id, deleted_at);
