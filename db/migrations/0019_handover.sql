-- 0019: 交接 — what happens when someone leaves (issue 21, item 4).
--
-- 1. handover: one row per 交接 (who left, who handed over, when, to whom, what moved: the counts
--    of the preview as they were at the moment of the move, as JSON), so the 交接单 can be printed
--    again later and shows what was true then.
-- 2. handover_customer: which customer went to whom in that 交接 (one row per customer; the 交接单's
--    list reads it in pages, per recipient, from its primary key).
-- 3. delegation_from: the open delegations a member of staff gave (a 交接's preview counts them
--    without walking their customers).

CREATE TABLE handover (
  id          INTEGER PRIMARY KEY,
  from_id     INTEGER NOT NULL REFERENCES staff (id),
  by_id       INTEGER NOT NULL REFERENCES staff (id),
  at          TEXT NOT NULL,
  mode        TEXT NOT NULL CHECK (mode IN ('colleagues', 'pool')),
  to_ids      TEXT NOT NULL,            -- JSON array of staff ids, in the round-robin's order
  customers   INTEGER NOT NULL,
  summary     TEXT NOT NULL             -- JSON: the HandoverCounts moved (core/contract/handover.ts)
);
CREATE INDEX handover_from ON handover (from_id, at);

CREATE TABLE handover_customer (
  handover_id INTEGER NOT NULL REFERENCES handover (id),
  to_id       INTEGER REFERENCES staff (id),   -- NULL: to the 公海
  customer_id INTEGER NOT NULL REFERENCES customer (id),
  PRIMARY KEY (handover_id, to_id, customer_id)
);
CREATE INDEX handover_customer_customer ON handover_customer (customer_id);

CREATE INDEX delegation_from ON delegation (from_id, end_on) WHERE revoked_at IS NULL;
