-- 0003: deleting a contact (联系人 tab, '保存') makes SQLite check record.contact_id, the foreign
-- key of 维护记录 to contact. Without an index that check reads the whole record table for every
-- contact deleted (tens of milliseconds per contact at a few million records); with it, a look-up.
-- Partial: most records (every 操作日志) have no contact.
CREATE INDEX record_contact ON record (contact_id) WHERE contact_id IS NOT NULL;
