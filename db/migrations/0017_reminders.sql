-- 0017: reminders that ring at the minute (issue 22, part 3).
--
-- 1. record.next_time: the time of a 维护记录's 下次跟进 ('HH:MM', the office host's local time);
--    NULL with a date means 09:00 (core/contract/reminders.ts followupMinute).
-- 2. reminder: what the office host rings, one line per (person, customer, kind) — the newest
--    wins, reminders never pile up. Kinds: followup (the 下次跟进 minute, to the customer's
--    业务员), overdue (a follow-up N days late, to the 业务员's 销售经理 or the administrators),
--    instalment (an open 回款计划 instalment, 提前提醒天数 before), fee (a 年服务费 running out in
--    the 年费提前提醒天数 window), delegation (a customer delegated to you or taken back),
--    transfer (a customer transferred to you).
--    due_at is the host's local minute 'YYYY-MM-DD HH:MM' the data calls for, ring_at the minute
--    it rings (due_at, or later after 稍后提醒 — a later write that leaves due_at as it was does
--    not undo a snooze); fired_at is set
--    once, by the host that claims the reminder (UPDATE … WHERE fired_at IS NULL), so on several
--    servers one reminder rings once. state: waiting (not rung yet), unread (rung), snoozed
--    (稍后提醒: rings again at due_at), done (已处理).
-- Indexes: the minute's reminders of the people signed in are one seek per person
-- (reminder_due); the bell's list and unread count one more (reminder_inbox).

ALTER TABLE record ADD COLUMN next_time TEXT
  CHECK (next_time IS NULL OR (length(next_time) = 5 AND substr(next_time, 3, 1) = ':'));

CREATE TABLE reminder (
  id          INTEGER PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('followup', 'overdue', 'instalment', 'fee', 'delegation', 'transfer')),
  due_at      TEXT NOT NULL,
  ring_at     TEXT NOT NULL,
  source_id   INTEGER,
  text        TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'unread', 'snoozed', 'done')),
  fired_at    TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (staff_id, customer_id, kind)
);
CREATE INDEX reminder_due ON reminder (staff_id, ring_at) WHERE fired_at IS NULL;
CREATE INDEX reminder_inbox ON reminder (staff_id, state, fired_at) WHERE state IN ('unread', 'snoozed');
CREATE INDEX reminder_customer ON reminder (customer_id, kind);

-- The open follow-ups still to come ring at their date's 09:00 (those already past are on
-- 工作台's 待跟进; ringing them all at once would bury the day's reminders). The wording is
-- the host's when it rings (db/reminders/fire.ts).
INSERT INTO reminder (staff_id, customer_id, kind, due_at, ring_at, source_id, text, state, created_at, updated_at)
SELECT f.owner_id, f.customer_id, 'followup', f.next_on || ' 09:00', f.next_on || ' 09:00', f.record_id,
  '跟进客户“' || c.name || '”（下次跟进 ' || f.next_on || ' 09:00）', 'waiting',
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM followup_due f JOIN customer c ON c.id = f.customer_id
WHERE f.live = 1 AND f.next_on >= date('now', 'localtime');
