-- 0013 (PostgreSQL): the baseline — SQLite's schema after migrations 0001–0013, in one file.
-- A PostgreSQL database starts here (db/engine/open-pg.ts); later migrations are written twice.
-- Runs inside the caller's transaction as the database's owner (no superuser, no extension).
--
-- Differences from SQLite, on purpose:
-- - customer_search is a table of tsvectors (GIN), not FTS5; triggers only list the touched
--   customers in customer_search_dirty and the app writes the tokens before COMMIT
--   (refreshSearch in db/engine/open-pg.ts). The view customer_search_text gives text + scope.
-- - Booleans written into INTEGER columns are cast (::int); SQLite stores them as 0/1 as well.
-- - The 操作日志 hash (SHA-256 of log_prev and the row) is computed by the app (db/oplog.ts), as
--   on SQLite; the triggers check only the link's shape and continuity, as SQLite's do.
-- - The schema version is the row schema_meta('user_version'), not PRAGMA user_version;
--   PRAGMA application_id has no equivalent.

-- SQLite's COLLATE NOCASE (staff.login).
CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- ---------------------------------------------------------------------------------------------
-- SQLite functions the app's SQL uses, so simple statements run unchanged.
-- Dates and times: SQLite's parser and the modifiers (NULL, never an error, for bad input).
-- ---------------------------------------------------------------------------------------------

-- A SQLite time value as a UTC timestamp: 'YYYY-MM-DD[ |T]HH:MM[:SS[.fff]][Z|±HH:MM]', 'HH:MM…',
-- 'now', or a Julian day number. NULL when SQLite would return NULL.
CREATE FUNCTION sqlite_time(v text) RETURNS timestamp
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  s text := btrim(v);
  m text[];
  y int; mo int; d int; h int := 0; mi int := 0; sec numeric := 0;
  t timestamp;
BEGIN
  IF s IS NULL OR s = '' THEN RETURN NULL; END IF;
  IF lower(s) = 'now' THEN
    RETURN date_trunc('milliseconds', statement_timestamp() AT TIME ZONE 'UTC');
  END IF;
  IF s ~ '^[0-9]+(\.[0-9]*)?$' THEN
    IF s::numeric > 5373484.499999 THEN RETURN NULL; END IF;
    RETURN timestamp '1970-01-01' + round((s::numeric - 2440587.5) * 86400000) * interval '1 millisecond';
  END IF;
  m := regexp_match(s, '^(?:(\d{4})-(\d{2})-(\d{2}))?(?:(?:^|[T ]\s*|\s+)(\d{2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?)?\s*(?:([Zz])|([+-])(\d{2}):(\d{2}))?$');
  IF m IS NULL OR (m[1] IS NULL AND m[4] IS NULL) THEN RETURN NULL; END IF;
  IF m[1] IS NULL THEN
    y := 2000; mo := 1; d := 1;
  ELSE
    y := m[1]::int; mo := m[2]::int; d := m[3]::int;
  END IF;
  IF m[4] IS NOT NULL THEN
    h := m[4]::int; mi := m[5]::int; sec := coalesce(nullif(rtrim(m[6], '.'), '')::numeric, 0);
  END IF;
  IF y < 1 OR mo NOT BETWEEN 1 AND 12 OR d NOT BETWEEN 1 AND 31 OR h > 24 OR mi > 59 OR sec >= 60 THEN
    RETURN NULL;
  END IF;
  -- SQLite lets the day run past the month's end (02-30 is 03-02).
  t := make_timestamp(y, mo, 1, 0, 0, 0) + (d - 1) * interval '1 day' + h * interval '1 hour'
       + mi * interval '1 minute' + round(sec * 1000) * interval '1 millisecond';
  IF m[8] IS NOT NULL THEN
    IF m[9]::int > 14 OR m[10]::int > 59 THEN RETURN NULL; END IF;
    t := t - (CASE m[8] WHEN '-' THEN -1 ELSE 1 END) * (m[9]::int * interval '1 hour' + m[10]::int * interval '1 minute');
  END IF;
  RETURN t;
END $$;

-- SQLite's modifiers applied in order: ±N day(s)/hour(s)/minute(s)/second(s)/month(s)/year(s),
-- start of day/month/year, weekday N, localtime, utc, unixepoch (first, on a number).
CREATE FUNCTION sqlite_time(v text, mods text[]) RETURNS timestamp
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  t timestamp;
  md text;
  m text[];
  i int := 0;
  n numeric;
  whole int;
  months int;
  base timestamp;
  wd int;
BEGIN
  IF v IS NULL THEN RETURN NULL; END IF;
  IF mods IS NOT NULL AND cardinality(mods) > 0 AND lower(btrim(mods[1])) = 'unixepoch'
     AND btrim(v) ~ '^[-+]?[0-9]+(\.[0-9]*)?$' THEN
    t := timestamp '1970-01-01' + round(btrim(v)::numeric * 1000) * interval '1 millisecond';
    i := 1;
  ELSE
    t := sqlite_time(v);
  END IF;
  IF t IS NULL THEN RETURN NULL; END IF;
  IF mods IS NULL THEN RETURN t; END IF;
  FOR k IN i + 1 .. coalesce(cardinality(mods), 0) LOOP
    md := lower(btrim(mods[k]));
    IF md IS NULL THEN RETURN NULL; END IF;
    IF md = 'localtime' THEN
      t := (t AT TIME ZONE 'UTC') AT TIME ZONE current_setting('TimeZone');
    ELSIF md = 'utc' THEN
      t := (t AT TIME ZONE current_setting('TimeZone')) AT TIME ZONE 'UTC';
    ELSIF md = 'start of day' THEN
      t := date_trunc('day', t);
    ELSIF md = 'start of month' THEN
      t := date_trunc('month', t);
    ELSIF md = 'start of year' THEN
      t := date_trunc('year', t);
    ELSIF md ~ '^weekday [0-6]$' THEN
      wd := substr(md, 9, 1)::int;
      t := t + ((wd - extract(dow FROM t)::int + 7) % 7) * interval '1 day';
    ELSE
      m := regexp_match(md, '^([-+]?[0-9]+(?:\.[0-9]*)?|[-+]?\.[0-9]+)\s*(day|hour|minute|second|month|year)s?$');
      IF m IS NULL THEN RETURN NULL; END IF;
      n := m[1]::numeric;
      IF m[2] IN ('month', 'year') THEN
        whole := trunc(n)::int;
        months := CASE m[2] WHEN 'year' THEN whole * 12 ELSE whole END;
        base := date_trunc('month', t);
        -- SQLite moves the month and keeps the day number, letting it run over (01-31 +1 month = 03-03).
        t := base + months * interval '1 month' + (t - base);
        n := n - whole;
        IF n <> 0 THEN
          t := t + round(n * CASE m[2] WHEN 'year' THEN 365 ELSE 30 END * 86400000) * interval '1 millisecond';
        END IF;
      ELSE
        t := t + round(n * CASE m[2] WHEN 'day' THEN 86400000 WHEN 'hour' THEN 3600000
                                     WHEN 'minute' THEN 60000 ELSE 1000 END) * interval '1 millisecond';
      END IF;
    END IF;
  END LOOP;
  RETURN t;
END $$;

-- Caveats: date('literal') with ONE string literal is a cast to PostgreSQL's date type (an error,
-- not NULL, for bad input): write date('…'::text); a column or a $n parameter reaches date(text).
-- CAST(real AS INTEGER) rounds in PostgreSQL and truncates in SQLite (use trunc() for fractions).
CREATE FUNCTION date() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(sqlite_time('now'), 'YYYY-MM-DD') $$;
CREATE FUNCTION date(v text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(sqlite_time(v), 'YYYY-MM-DD') $$;
CREATE FUNCTION date(v text, VARIADIC mods text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(sqlite_time(v, mods), 'YYYY-MM-DD') $$;

CREATE FUNCTION datetime() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(sqlite_time('now'), 'YYYY-MM-DD HH24:MI:SS') $$;
CREATE FUNCTION datetime(v text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(sqlite_time(v), 'YYYY-MM-DD HH24:MI:SS') $$;
CREATE FUNCTION datetime(v text, VARIADIC mods text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT to_char(sqlite_time(v, mods), 'YYYY-MM-DD HH24:MI:SS') $$;

-- The Julian day as SQLite computes it: whole milliseconds since -4713-11-24 12:00 / 86400000.
CREATE FUNCTION sqlite_julian(t timestamp) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (round(extract(epoch FROM t) * 1000) + 210866760000000)::double precision / 86400000.0 $$;
CREATE FUNCTION julianday(v text) RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT sqlite_julian(sqlite_time(v)) $$;
CREATE FUNCTION julianday(v text, VARIADIC mods text[]) RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT sqlite_julian(sqlite_time(v, mods)) $$;

-- strftime: %Y %m %d %H %M %S %f %j %s %w %u %W %J %% (SQLite's codes); other codes give NULL.
CREATE FUNCTION sqlite_strftime(fmt text, t timestamp) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  out text := '';
  c text;
  i int := 1;
  len int := length(fmt);
BEGIN
  IF fmt IS NULL OR t IS NULL THEN RETURN NULL; END IF;
  WHILE i <= len LOOP
    c := substr(fmt, i, 1);
    IF c <> '%' THEN
      out := out || c;
    ELSE
      i := i + 1;
      c := substr(fmt, i, 1);
      out := out || CASE c
        WHEN 'Y' THEN to_char(t, 'YYYY')
        WHEN 'm' THEN to_char(t, 'MM')
        WHEN 'd' THEN to_char(t, 'DD')
        WHEN 'e' THEN lpad(extract(day FROM t)::int::text, 2, ' ')
        WHEN 'H' THEN to_char(t, 'HH24')
        WHEN 'M' THEN to_char(t, 'MI')
        WHEN 'S' THEN to_char(t, 'SS')
        WHEN 'f' THEN to_char(t, 'SS.MS')
        WHEN 'F' THEN to_char(t, 'YYYY-MM-DD')
        WHEN 'T' THEN to_char(t, 'HH24:MI:SS')
        WHEN 'j' THEN to_char(t, 'DDD')
        WHEN 's' THEN floor(extract(epoch FROM t))::bigint::text
        WHEN 'w' THEN extract(dow FROM t)::int::text
        WHEN 'u' THEN extract(isodow FROM t)::int::text
        WHEN 'W' THEN lpad(((extract(doy FROM t)::int + 6 - ((extract(dow FROM t)::int + 6) % 7)) / 7)::text, 2, '0')
        WHEN 'J' THEN sqlite_julian(t)::text
        WHEN '%' THEN '%'
        ELSE NULL END;
      IF out IS NULL THEN RETURN NULL; END IF;
    END IF;
    i := i + 1;
  END LOOP;
  RETURN out;
END $$;
CREATE FUNCTION strftime(fmt text, v text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT sqlite_strftime(fmt, sqlite_time(v)) $$;
CREATE FUNCTION strftime(fmt text, v text, VARIADIC mods text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT sqlite_strftime(fmt, sqlite_time(v, mods)) $$;

-- Strings and aggregates.
CREATE FUNCTION instr(haystack text, needle text) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT strpos(haystack, needle)::bigint $$;
-- char(31) is a syntax error in PostgreSQL (CHAR is a type): write chr(31). "char"(a, b, …) works.
CREATE FUNCTION "char"(VARIADIC codes integer[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(string_agg(chr(c), '' ORDER BY o), '') FROM unnest(codes) WITH ORDINALITY AS u(c, o) $$;
CREATE FUNCTION ifnull(a anyelement, b anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(a, b) $$;
CREATE FUNCTION iif(cond boolean, a anyelement, b anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN cond THEN a ELSE b END $$;

-- group_concat(x [, separator]): NULLs are skipped, NULL when nothing is left (as SQLite).
CREATE FUNCTION sqlite_group_concat_step(acc text, v anyelement) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v::text ELSE acc || ',' || v::text END $$;
CREATE FUNCTION sqlite_group_concat_step(acc text, v anyelement, sep text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v::text ELSE acc || coalesce(sep, '') || v::text END $$;
CREATE AGGREGATE group_concat(anyelement) (SFUNC = sqlite_group_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(anyelement, text) (SFUNC = sqlite_group_concat_step, STYPE = text);
-- sum(a < b): SQLite's comparisons are the integers 0 and 1, so sum() of one counts where it holds
-- (NULLs skipped, NULL when nothing is left, as SQLite's sum of integers).
CREATE FUNCTION sqlite_sum_bool_step(acc bigint, v boolean) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN v IS NULL THEN acc ELSE coalesce(acc, 0) + v::int END $$;
CREATE AGGREGATE sum(boolean) (SFUNC = sqlite_sum_bool_step, STYPE = bigint);

-- ---------------------------------------------------------------------------------------------
-- Tables (SQLite's columns, order, NOT NULL, defaults, checks and keys).
-- ---------------------------------------------------------------------------------------------

CREATE TABLE staff (
  id                   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name                 text NOT NULL CHECK (length(name) > 0),
  login                text COLLATE nocase UNIQUE,          -- NULL: staff without a login
  password_hash        text,                                 -- scrypt$N$r$p$salt$hash
  must_change_password bigint NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  role                 text NOT NULL CHECK (role IN ('admin', 'sales')),
  department           text NOT NULL DEFAULT '',
  title                text NOT NULL DEFAULT '',
  mobile               text NOT NULL DEFAULT '',
  email                text NOT NULL DEFAULT '',
  hired_on             text,
  active               bigint NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at           text NOT NULL,
  updated_at           text NOT NULL,
  version              bigint NOT NULL DEFAULT 1
);

CREATE TABLE customer_status (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name       text NOT NULL UNIQUE CHECK (length(name) > 0),
  sort_order bigint NOT NULL DEFAULT 0
);

CREATE TABLE customer (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) > 0),
  keyword      text NOT NULL CHECK (length(keyword) > 0),
  name_fold    text NOT NULL,          -- NFKC + lower case: duplicate check and search
  keyword_fold text NOT NULL,
  status_id    bigint NOT NULL REFERENCES customer_status (id),
  owner_id     bigint NOT NULL REFERENCES staff (id),
  created_on   text NOT NULL,          -- 创建日期, editable for back-filled history
  industry     text NOT NULL DEFAULT '',
  source       text NOT NULL DEFAULT '',
  region       text NOT NULL DEFAULT '',
  address      text NOT NULL DEFAULT '',
  phone        text NOT NULL DEFAULT '',
  fax          text NOT NULL DEFAULT '',
  website      text NOT NULL DEFAULT '',
  email        text NOT NULL DEFAULT '',
  note         text NOT NULL DEFAULT '',
  deleted_at   text,                   -- soft delete
  deleted_by   bigint REFERENCES staff (id),
  created_at   text NOT NULL,
  updated_at   text NOT NULL,
  version      bigint NOT NULL DEFAULT 1
);

CREATE TABLE contact (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer (id),
  name        text NOT NULL CHECK (length(name) > 0),
  gender      text NOT NULL DEFAULT '' CHECK (gender IN ('', '男', '女')),
  title       text NOT NULL DEFAULT '',
  mobile      text NOT NULL DEFAULT '',
  phone       text NOT NULL DEFAULT '',
  email       text NOT NULL DEFAULT '',
  im          text NOT NULL DEFAULT '',   -- 微信/QQ
  birthday    text,
  is_primary  bigint NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  note        text NOT NULL DEFAULT '',
  created_at  text NOT NULL,
  updated_at  text NOT NULL,
  version     bigint NOT NULL DEFAULT 1
);

CREATE TABLE record (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id  bigint NOT NULL REFERENCES customer (id),
  kind         text NOT NULL CHECK (kind IN ('log', 'followup')),
  at           text NOT NULL,              -- ISO instant
  method       text NOT NULL DEFAULT '',   -- 电话 上门 微信 邮件 其他
  contact_id   bigint REFERENCES contact (id),
  content      text NOT NULL CHECK (length(content) > 0),
  next_on      text,                       -- 下次跟进
  author_id    bigint REFERENCES staff (id),
  created_at   text NOT NULL,
  updated_at   text NOT NULL,
  version      bigint NOT NULL DEFAULT 1,
  log_seq      bigint,                     -- 操作日志 chain (0006): 1, 2, 3 …
  log_prev     text,                       -- log_hash of row log_seq − 1 (64 zeros for the first)
  log_hash     text                        -- SHA-256 hex, computed by the app (db/oplog.ts)
);

CREATE TABLE supplier (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name         text NOT NULL UNIQUE CHECK (length(name) > 0),
  short_name   text NOT NULL DEFAULT '',
  contact_name text NOT NULL DEFAULT '',
  phone        text NOT NULL DEFAULT '',
  mobile       text NOT NULL DEFAULT '',
  address      text NOT NULL DEFAULT '',
  email        text NOT NULL DEFAULT '',
  bank         text NOT NULL DEFAULT '',
  account      text NOT NULL DEFAULT '',
  note         text NOT NULL DEFAULT '',
  active       bigint NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   text NOT NULL,
  updated_at   text NOT NULL,
  version      bigint NOT NULL DEFAULT 1
);

CREATE TABLE product_category (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name       text NOT NULL UNIQUE CHECK (length(name) > 0),
  sort_order bigint NOT NULL DEFAULT 0
);

CREATE TABLE product (
  id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code              text NOT NULL UNIQUE CHECK (length(code) > 0),   -- 编号
  name              text NOT NULL CHECK (length(name) > 0),
  category_id       bigint NOT NULL REFERENCES product_category (id),
  model             text NOT NULL DEFAULT '',                        -- 规格型号
  unit              text NOT NULL DEFAULT '',
  guide_price_cents bigint NOT NULL DEFAULT 0 CHECK (guide_price_cents >= 0),
  annual_fee_cents  bigint NOT NULL DEFAULT 0 CHECK (annual_fee_cents >= 0),
  supplier_id       bigint REFERENCES supplier (id),
  on_sale           bigint NOT NULL DEFAULT 1 CHECK (on_sale IN (0, 1)),
  note              text NOT NULL DEFAULT '',
  created_at        text NOT NULL,
  updated_at        text NOT NULL,
  version           bigint NOT NULL DEFAULT 1
);

CREATE TABLE purchase (
  id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id        bigint NOT NULL REFERENCES customer (id),
  product_id         bigint NOT NULL REFERENCES product (id),
  purchased_on       text NOT NULL,
  quantity           bigint NOT NULL CHECK (quantity > 0),
  unit_price_cents   bigint NOT NULL CHECK (unit_price_cents >= 0),
  amount_due_cents   bigint NOT NULL CHECK (amount_due_cents = quantity * unit_price_cents),
  amount_paid_cents  bigint NOT NULL DEFAULT 0 CHECK (amount_paid_cents >= 0 AND amount_paid_cents <= amount_due_cents),
  annual_fee_cents   bigint NOT NULL DEFAULT 0 CHECK (annual_fee_cents >= 0),
  annual_fee_remind  bigint NOT NULL DEFAULT 0 CHECK (annual_fee_remind IN (0, 1)),
  service_end_on     text,                                   -- 服务截止期限
  salesperson_id     bigint REFERENCES staff (id),
  note               text NOT NULL DEFAULT '',
  created_at         text NOT NULL,
  updated_at         text NOT NULL,
  version            bigint NOT NULL DEFAULT 1
);

CREATE TABLE payment (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  purchase_id  bigint NOT NULL REFERENCES purchase (id),
  kind         text NOT NULL CHECK (kind IN ('goods', 'annual_fee')),   -- 货款 / 年服务费
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  paid_on      text NOT NULL,
  handled_by   bigint REFERENCES staff (id),                          -- 经手人
  note         text NOT NULL DEFAULT '',
  created_at   text NOT NULL
);

CREATE TABLE quote (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer (id),
  product_id  bigint NOT NULL REFERENCES product (id),
  quoted_on   text NOT NULL,
  quantity    bigint NOT NULL CHECK (quantity > 0),
  price_cents bigint NOT NULL CHECK (price_cents >= 0),
  note        text NOT NULL DEFAULT '',
  quoted_by   bigint REFERENCES staff (id),
  created_at  text NOT NULL,
  updated_at  text NOT NULL,
  version     bigint NOT NULL DEFAULT 1
);

CREATE TABLE delegation (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer (id),
  from_id     bigint NOT NULL REFERENCES staff (id),
  to_id       bigint NOT NULL REFERENCES staff (id),
  start_on    text NOT NULL,
  end_on      text,                   -- optional: the delegation expires by itself after this day
  granted_by  bigint NOT NULL REFERENCES staff (id),
  granted_at  text NOT NULL,
  revoked_at  text,
  revoked_by  bigint REFERENCES staff (id),
  expiry_logged bigint NOT NULL DEFAULT 0 CHECK (expiry_logged IN (0, 1)),
  CHECK (end_on IS NULL OR end_on >= start_on)
);

-- Small key/value settings (company name for printed slips, reminder window …).
-- (SQLite's TEXT PRIMARY KEY allows NULL; PostgreSQL's does not.)
CREATE TABLE setting (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- When the last full integrity check ran and its result (db/integrity.ts).
CREATE TABLE maintenance (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- Search (0005/0012): each customer's tokens as a tsvector (the app's tokens at their positions,
-- db/customers/search-sql.ts; GIN), and the customers whose document the current transaction
-- must rewrite (filled by triggers, emptied by refreshSearch in db/engine/open-pg.ts before COMMIT).
CREATE TABLE customer_search (
  id  bigint PRIMARY KEY,
  doc tsvector NOT NULL
);
CREATE TABLE customer_search_dirty (
  id bigint PRIMARY KEY
);

-- Counters and summaries, kept by the triggers below (0005, 0009–0013). Keys that are another
-- table's id (customer_arrears, fee_due_purchase, followup_due) are never generated.
CREATE TABLE customer_count (
  owner_id  bigint NOT NULL,
  status_id bigint NOT NULL,
  deleted   bigint NOT NULL CHECK (deleted IN (0, 1)),
  n         bigint NOT NULL,
  PRIMARY KEY (owner_id, status_id, deleted)
);

CREATE TABLE followup_due (
  customer_id bigint PRIMARY KEY,
  record_id   bigint NOT NULL,
  next_on     text NOT NULL,
  owner_id    bigint NOT NULL,
  live        bigint NOT NULL CHECK (live IN (0, 1))   -- 0 while the customer is soft-deleted
);

CREATE TABLE followup_day (
  owner_id bigint NOT NULL,
  live     bigint NOT NULL,
  next_on  text NOT NULL,
  n        bigint NOT NULL,
  PRIMARY KEY (owner_id, live, next_on)
);

CREATE TABLE status_change (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  customer_id    bigint NOT NULL,
  at             text NOT NULL,       -- ISO instant (UTC) of the change
  from_status_id bigint,
  to_status_id   bigint NOT NULL
);

CREATE TABLE customer_day (
  live       bigint NOT NULL,
  created_on text NOT NULL,
  owner_id   bigint NOT NULL,
  n          bigint NOT NULL,
  PRIMARY KEY (live, created_on, owner_id)
);

CREATE TABLE customer_arrears (
  customer_id   bigint PRIMARY KEY,
  owner_id      bigint NOT NULL,
  live          bigint NOT NULL CHECK (live IN (0, 1)),
  purchases     bigint NOT NULL,
  due_cents     bigint NOT NULL,
  paid_cents    bigint NOT NULL,
  arrears_cents bigint NOT NULL,
  earliest_on   text NOT NULL
);

CREATE TABLE arrears_count (
  owner_id   bigint NOT NULL,
  live       bigint NOT NULL,
  customers  bigint NOT NULL,
  purchases  bigint NOT NULL,
  due_cents  bigint NOT NULL,
  paid_cents bigint NOT NULL,
  PRIMARY KEY (owner_id, live)
);

CREATE TABLE money_day (
  live            bigint NOT NULL CHECK (live IN (0, 1)),
  day             text NOT NULL,
  owner_id        bigint NOT NULL,
  purchases       bigint NOT NULL DEFAULT 0,
  sales_cents     bigint NOT NULL DEFAULT 0,
  payments        bigint NOT NULL DEFAULT 0,
  collected_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (live, day, owner_id)
);

CREATE TABLE product_month (
  live       bigint NOT NULL CHECK (live IN (0, 1)),
  month      text NOT NULL,
  owner_id   bigint NOT NULL,
  product_id bigint NOT NULL,
  purchases  bigint NOT NULL,
  quantity   bigint NOT NULL,
  cents      bigint NOT NULL,
  PRIMARY KEY (live, month, owner_id, product_id)
);

CREATE TABLE arrears_day (
  live      bigint NOT NULL CHECK (live IN (0, 1)),
  day       text NOT NULL,
  owner_id  bigint NOT NULL,
  purchases bigint NOT NULL,
  cents     bigint NOT NULL,
  PRIMARY KEY (live, day, owner_id)
);

CREATE TABLE followup_activity (
  live      bigint NOT NULL CHECK (live IN (0, 1)),
  day       text NOT NULL,
  owner_id  bigint NOT NULL,
  author_id bigint NOT NULL,
  n         bigint NOT NULL,
  PRIMARY KEY (live, day, owner_id, author_id)
);

CREATE TABLE fee_due_day (
  day       text NOT NULL,
  owner_id  bigint NOT NULL,
  n         bigint NOT NULL,
  fee_cents bigint NOT NULL,
  PRIMARY KEY (day, owner_id)
);

CREATE TABLE fee_due_month (
  month     text NOT NULL,
  owner_id  bigint NOT NULL,
  n         bigint NOT NULL,
  fee_cents bigint NOT NULL,
  PRIMARY KEY (month, owner_id)
);

CREATE TABLE fee_due_purchase (
  purchase_id      bigint PRIMARY KEY,
  customer_id      bigint NOT NULL,
  owner_id         bigint NOT NULL,
  service_end_on   text NOT NULL,
  annual_fee_cents bigint NOT NULL
);

-- The schema's version (SQLite: PRAGMA user_version).
CREATE TABLE schema_meta (
  k text PRIMARY KEY,
  v text NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Indexes (same names; partial and covering as on SQLite).
-- ---------------------------------------------------------------------------------------------

CREATE INDEX arrears_day_owner ON arrears_day (owner_id, live, day, purchases, cents);
CREATE INDEX contact_customer ON contact (customer_id, id);
CREATE UNIQUE INDEX contact_one_primary ON contact (customer_id) WHERE is_primary = 1;
CREATE INDEX customer_arrears_order ON customer_arrears (live, arrears_cents, customer_id, owner_id);
CREATE INDEX customer_deleted ON customer (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX customer_keyword_fold ON customer (keyword_fold) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_created ON customer (created_on, id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_keyword ON customer (keyword, id, owner_id, status_id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_name ON customer (name, id, owner_id, status_id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_owner ON customer (owner_id, status_id, created_on, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_phone ON customer (phone, id, owner_id, status_id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_region ON customer (region, id, owner_id, status_id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_status_created ON customer (status_id, created_on, id, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX delegation_customer ON delegation (customer_id, granted_at);
CREATE INDEX delegation_to ON delegation (to_id, customer_id) WHERE revoked_at IS NULL;
CREATE INDEX fee_due_purchase_customer ON fee_due_purchase (customer_id, owner_id, service_end_on, annual_fee_cents);
CREATE INDEX fee_due_purchase_owner ON fee_due_purchase (owner_id, service_end_on, purchase_id);
CREATE INDEX followup_day_next ON followup_day (live, next_on, n);
CREATE INDEX followup_due_next ON followup_due (live, next_on, customer_id);
CREATE INDEX followup_due_owner ON followup_due (owner_id, live, next_on, customer_id);
CREATE INDEX payment_on ON payment (paid_on, purchase_id, amount_cents);
CREATE INDEX payment_purchase ON payment (purchase_id, paid_on);
CREATE INDEX product_category_idx ON product (category_id, code);
CREATE INDEX product_supplier_idx ON product (supplier_id);
CREATE INDEX purchase_arrears ON purchase (customer_id, purchased_on, amount_due_cents, amount_paid_cents)
  WHERE amount_paid_cents < amount_due_cents;
CREATE INDEX purchase_customer ON purchase (customer_id, purchased_on, id);
CREATE INDEX purchase_fee_due ON purchase (service_end_on, customer_id, annual_fee_cents)
  WHERE annual_fee_remind = 1;
CREATE INDEX purchase_on ON purchase (purchased_on, customer_id, product_id, amount_due_cents, quantity);
CREATE INDEX purchase_product ON purchase (product_id);
CREATE INDEX quote_customer ON quote (customer_id, quoted_on, id);
CREATE INDEX quote_product ON quote (product_id);
CREATE INDEX record_contact ON record (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX record_customer ON record (customer_id, at, id);
CREATE INDEX record_followup_at ON record (at, customer_id, author_id, kind) WHERE kind = 'followup';
CREATE UNIQUE INDEX record_log_seq ON record (log_seq) WHERE log_seq IS NOT NULL;
CREATE INDEX record_log_unsealed ON record (id) WHERE kind = 'log' AND log_seq IS NULL;
CREATE INDEX status_change_at ON status_change (at, to_status_id, customer_id);

CREATE INDEX customer_search_tokens ON customer_search USING gin (doc);

-- ---------------------------------------------------------------------------------------------
-- What the search indexes per customer (0005/0012): `text` is SQLite's string exactly (fields
-- separated by chr(31), contacts in id order); the app turns it into tokens (searchTokens in
-- core/fold.ts) and appends `scope`: live ␀l, owner ␀o<id>, each delegate ␀d<id> (␀ = U+E000).
-- ---------------------------------------------------------------------------------------------
CREATE VIEW customer_search_text AS
SELECT c.id AS id,
       c.name || chr(31) || c.keyword || chr(31) || c.phone || chr(31) || c.region || chr(31) ||
       coalesce((SELECT string_agg(k.name || ' ' || k.mobile || ' ' || k.phone, ' ' ORDER BY k.id)
                 FROM contact k WHERE k.customer_id = c.id), '') AS text,
       CASE WHEN c.deleted_at IS NULL THEN
         ' ' || chr(57344) || 'l ' || chr(57344) || 'o' || c.owner_id ||
         coalesce((SELECT string_agg(' ' || chr(57344) || 'd' || t.to_id, '' ORDER BY t.to_id)
                   FROM (SELECT DISTINCT d.to_id FROM delegation d
                         WHERE d.customer_id = c.id AND d.revoked_at IS NULL) t), '')
       ELSE '' END AS scope
FROM customer c;

-- ---------------------------------------------------------------------------------------------
-- The counters' changes as deltas (PostgreSQL only). A counter row updated again and again in one
-- transaction (a 业务员's customers transferred one by one, an import of thousands of rows) keeps
-- every version of that row until the transaction ends, and each update walks them all: the
-- transaction grows with the square of its rows (10,000 customers transferred: 64 s). So the
-- triggers below add each change to <counter>_delta (rows appended, never updated), and the first
-- one in a transaction queues one fold at COMMIT (a deferred trigger) that adds them up into the
-- counters in one statement per counter. The counters are as SQLite's once a transaction has
-- committed; a statement inside the writing transaction sees them as they were before it.
-- ---------------------------------------------------------------------------------------------
CREATE UNLOGGED TABLE customer_count_delta (LIKE customer_count INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE followup_day_delta (LIKE followup_day INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE customer_day_delta (LIKE customer_day INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE arrears_count_delta (LIKE arrears_count INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE money_day_delta (LIKE money_day INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE product_month_delta (LIKE product_month INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE arrears_day_delta (LIKE arrears_day INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE followup_activity_delta (LIKE followup_activity INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE fee_due_day_delta (LIKE fee_due_day INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE fee_due_month_delta (LIKE fee_due_month INCLUDING DEFAULTS);

-- One row per transaction with deltas; its deferred trigger folds them at COMMIT.
CREATE UNLOGGED TABLE counters_fold_queue (queued bigint NOT NULL);

CREATE FUNCTION counters_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Once per transaction (the setting is local to it, and undone with a savepoint rolled back).
  IF current_setting('kehu.counters_pending', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('kehu.counters_pending', 'on', true);
    INSERT INTO counters_fold_queue (queued) VALUES (1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER customer_count_delta_pending AFTER INSERT ON customer_count_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();
CREATE TRIGGER followup_day_delta_pending AFTER INSERT ON followup_day_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();
CREATE TRIGGER customer_day_delta_pending AFTER INSERT ON customer_day_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();
CREATE TRIGGER arrears_count_delta_pending AFTER INSERT ON arrears_count_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();
CREATE TRIGGER money_day_delta_pending AFTER INSERT ON money_day_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();
CREATE TRIGGER product_month_delta_pending AFTER INSERT ON product_month_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();
CREATE TRIGGER arrears_day_delta_pending AFTER INSERT ON arrears_day_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();
CREATE TRIGGER followup_activity_delta_pending AFTER INSERT ON followup_activity_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();
CREATE TRIGGER fee_due_day_delta_pending AFTER INSERT ON fee_due_day_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();
CREATE TRIGGER fee_due_month_delta_pending AFTER INSERT ON fee_due_month_delta FOR EACH STATEMENT EXECUTE FUNCTION counters_pending();

CREATE FUNCTION counters_fold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A change made after this fold (by another deferred trigger) queues the next one.
  PERFORM set_config('kehu.counters_pending', '', true);
  DELETE FROM counters_fold_queue;
  WITH d AS (DELETE FROM customer_count_delta RETURNING *)
  INSERT INTO customer_count (owner_id, status_id, deleted, n)
  SELECT owner_id, status_id, deleted, sum(n) FROM d GROUP BY 1, 2, 3
  ON CONFLICT (owner_id, status_id, deleted) DO UPDATE SET n = customer_count.n + excluded.n;
  WITH d AS (DELETE FROM followup_day_delta RETURNING *)
  INSERT INTO followup_day (owner_id, live, next_on, n)
  SELECT owner_id, live, next_on, sum(n) FROM d GROUP BY 1, 2, 3
  ON CONFLICT (owner_id, live, next_on) DO UPDATE SET n = followup_day.n + excluded.n;
  WITH d AS (DELETE FROM customer_day_delta RETURNING *)
  INSERT INTO customer_day (live, created_on, owner_id, n)
  SELECT live, created_on, owner_id, sum(n) FROM d GROUP BY 1, 2, 3
  ON CONFLICT (live, created_on, owner_id) DO UPDATE SET n = customer_day.n + excluded.n;
  WITH d AS (DELETE FROM arrears_count_delta RETURNING *)
  INSERT INTO arrears_count (owner_id, live, customers, purchases, due_cents, paid_cents)
  SELECT owner_id, live, sum(customers), sum(purchases), sum(due_cents), sum(paid_cents) FROM d GROUP BY 1, 2
  ON CONFLICT (owner_id, live) DO UPDATE SET customers = arrears_count.customers + excluded.customers, purchases = arrears_count.purchases + excluded.purchases, due_cents = arrears_count.due_cents + excluded.due_cents, paid_cents = arrears_count.paid_cents + excluded.paid_cents;
  WITH d AS (DELETE FROM money_day_delta RETURNING *)
  INSERT INTO money_day (live, day, owner_id, purchases, sales_cents, payments, collected_cents)
  SELECT live, day, owner_id, sum(purchases), sum(sales_cents), sum(payments), sum(collected_cents) FROM d GROUP BY 1, 2, 3
  ON CONFLICT (live, day, owner_id) DO UPDATE SET purchases = money_day.purchases + excluded.purchases, sales_cents = money_day.sales_cents + excluded.sales_cents, payments = money_day.payments + excluded.payments, collected_cents = money_day.collected_cents + excluded.collected_cents;
  WITH d AS (DELETE FROM product_month_delta RETURNING *)
  INSERT INTO product_month (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT live, month, owner_id, product_id, sum(purchases), sum(quantity), sum(cents) FROM d GROUP BY 1, 2, 3, 4
  ON CONFLICT (live, month, owner_id, product_id) DO UPDATE SET purchases = product_month.purchases + excluded.purchases, quantity = product_month.quantity + excluded.quantity, cents = product_month.cents + excluded.cents;
  WITH d AS (DELETE FROM arrears_day_delta RETURNING *)
  INSERT INTO arrears_day (live, day, owner_id, purchases, cents)
  SELECT live, day, owner_id, sum(purchases), sum(cents) FROM d GROUP BY 1, 2, 3
  ON CONFLICT (live, day, owner_id) DO UPDATE SET purchases = arrears_day.purchases + excluded.purchases, cents = arrears_day.cents + excluded.cents;
  WITH d AS (DELETE FROM followup_activity_delta RETURNING *)
  INSERT INTO followup_activity (live, day, owner_id, author_id, n)
  SELECT live, day, owner_id, author_id, sum(n) FROM d GROUP BY 1, 2, 3, 4
  ON CONFLICT (live, day, owner_id, author_id) DO UPDATE SET n = followup_activity.n + excluded.n;
  WITH d AS (DELETE FROM fee_due_day_delta RETURNING *)
  INSERT INTO fee_due_day (day, owner_id, n, fee_cents)
  SELECT day, owner_id, sum(n), sum(fee_cents) FROM d GROUP BY 1, 2
  ON CONFLICT (day, owner_id) DO UPDATE SET n = fee_due_day.n + excluded.n, fee_cents = fee_due_day.fee_cents + excluded.fee_cents;
  WITH d AS (DELETE FROM fee_due_month_delta RETURNING *)
  INSERT INTO fee_due_month (month, owner_id, n, fee_cents)
  SELECT month, owner_id, sum(n), sum(fee_cents) FROM d GROUP BY 1, 2
  ON CONFLICT (month, owner_id) DO UPDATE SET n = fee_due_month.n + excluded.n, fee_cents = fee_due_month.fee_cents + excluded.fee_cents;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER counters_fold AFTER INSERT ON counters_fold_queue
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION counters_fold();

-- ---------------------------------------------------------------------------------------------
-- Triggers: SQLite's 61, same names, timing, events, UPDATE OF columns and WHEN; each body is
-- trg_<name>(). Booleans stored into INTEGER columns are cast with ::int. (PostgreSQL runs a
-- table's triggers for one event in name order, SQLite newest first: only which message wins
-- when one write breaks two rules can differ. AFTER ROW triggers run at the end of the
-- statement, not after each row: the counters end up the same.)
-- ---------------------------------------------------------------------------------------------

-- customer_count (0005) --------------------------------------------------------------------------
CREATE FUNCTION trg_customer_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_count_delta (owner_id, status_id, deleted, n)
  VALUES (new.owner_id, new.status_id, (new.deleted_at IS NOT NULL)::int, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER customer_count_insert AFTER INSERT ON customer
FOR EACH ROW EXECUTE FUNCTION trg_customer_count_insert();

CREATE FUNCTION trg_customer_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_count_delta (owner_id, status_id, deleted, n)
  VALUES (old.owner_id, old.status_id, (old.deleted_at IS NOT NULL)::int, -1);
  INSERT INTO customer_count_delta (owner_id, status_id, deleted, n)
  VALUES (new.owner_id, new.status_id, (new.deleted_at IS NOT NULL)::int, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER customer_count_update AFTER UPDATE OF owner_id, status_id, deleted_at ON customer
FOR EACH ROW WHEN (old.owner_id IS DISTINCT FROM new.owner_id OR old.status_id IS DISTINCT FROM new.status_id
  OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
EXECUTE FUNCTION trg_customer_count_update();

CREATE FUNCTION trg_customer_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_count_delta (owner_id, status_id, deleted, n)
  VALUES (old.owner_id, old.status_id, (old.deleted_at IS NOT NULL)::int, -1);
  RETURN NULL;
END $$;
CREATE TRIGGER customer_count_delete AFTER DELETE ON customer
FOR EACH ROW EXECUTE FUNCTION trg_customer_count_delete();

-- Search: the touched customers (0005/0012); the app rewrites their tokens before COMMIT ----------
CREATE FUNCTION trg_customer_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_search_dirty (id) VALUES (new.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER customer_search_insert AFTER INSERT ON customer
FOR EACH ROW EXECUTE FUNCTION trg_customer_search_insert();

CREATE FUNCTION trg_customer_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_search_dirty (id) VALUES (old.id), (new.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER customer_search_update AFTER UPDATE OF name, keyword, phone, region, owner_id, deleted_at ON customer
FOR EACH ROW WHEN (old.name IS DISTINCT FROM new.name OR old.keyword IS DISTINCT FROM new.keyword
  OR old.phone IS DISTINCT FROM new.phone OR old.region IS DISTINCT FROM new.region
  OR old.owner_id IS DISTINCT FROM new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
EXECUTE FUNCTION trg_customer_search_update();

CREATE FUNCTION trg_contact_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_search_dirty (id) VALUES (new.customer_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER contact_search_insert AFTER INSERT ON contact
FOR EACH ROW EXECUTE FUNCTION trg_contact_search_insert();

CREATE FUNCTION trg_contact_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_search_dirty (id) VALUES (old.customer_id), (new.customer_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, mobile, phone, customer_id ON contact
FOR EACH ROW WHEN (old.name IS DISTINCT FROM new.name OR old.mobile IS DISTINCT FROM new.mobile
  OR old.phone IS DISTINCT FROM new.phone OR old.customer_id IS DISTINCT FROM new.customer_id)
EXECUTE FUNCTION trg_contact_search_update();

CREATE FUNCTION trg_contact_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_search_dirty (id) VALUES (old.customer_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contact
FOR EACH ROW EXECUTE FUNCTION trg_contact_search_delete();

CREATE FUNCTION trg_delegation_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_search_dirty (id) VALUES (new.customer_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER delegation_search_insert AFTER INSERT ON delegation
FOR EACH ROW WHEN (new.revoked_at IS NULL) EXECUTE FUNCTION trg_delegation_search_insert();

CREATE FUNCTION trg_delegation_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_search_dirty (id) VALUES (old.customer_id), (new.customer_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER delegation_search_update AFTER UPDATE OF revoked_at, customer_id, to_id ON delegation
FOR EACH ROW WHEN ((old.revoked_at IS NULL) <> (new.revoked_at IS NULL) OR old.customer_id IS DISTINCT FROM new.customer_id
  OR old.to_id IS DISTINCT FROM new.to_id)
EXECUTE FUNCTION trg_delegation_search_update();

CREATE FUNCTION trg_delegation_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_search_dirty (id) VALUES (old.customer_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER delegation_search_delete AFTER DELETE ON delegation
FOR EACH ROW WHEN (old.revoked_at IS NULL) EXECUTE FUNCTION trg_delegation_search_delete();

-- 操作日志 (0006): the chain's links are well formed and continue the last row; log rows never
-- change (except sealing an old row once) and are never deleted ------------------------------------
CREATE FUNCTION trg_record_kind_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = '记录的属性不能更改：维护记录不能改为操作日志', ERRCODE = 'P0001';
END $$;
CREATE TRIGGER record_kind_fixed BEFORE UPDATE OF kind ON record
FOR EACH ROW WHEN (old.kind <> 'log' AND new.kind IS DISTINCT FROM old.kind)
EXECUTE FUNCTION trg_record_kind_fixed();

CREATE FUNCTION trg_record_followup_no_link_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = '维护记录不能带操作日志的链接', ERRCODE = 'P0001';
END $$;
CREATE TRIGGER record_followup_no_link_insert BEFORE INSERT ON record
FOR EACH ROW WHEN (new.kind <> 'log' AND (new.log_seq IS NOT NULL OR new.log_prev IS NOT NULL OR new.log_hash IS NOT NULL))
EXECUTE FUNCTION trg_record_followup_no_link_insert();

CREATE FUNCTION trg_record_followup_no_link_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = '维护记录不能带操作日志的链接', ERRCODE = 'P0001';
END $$;
CREATE TRIGGER record_followup_no_link_update BEFORE UPDATE ON record
FOR EACH ROW WHEN (old.kind <> 'log' AND (new.log_seq IS NOT NULL OR new.log_prev IS NOT NULL OR new.log_hash IS NOT NULL))
EXECUTE FUNCTION trg_record_followup_no_link_update();

CREATE FUNCTION trg_record_log_chain_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF new.log_seq IS NULL OR new.log_prev IS NULL OR new.log_hash IS NULL
     OR length(new.log_hash) <> 64 OR new.log_hash ~ '[^0-9a-f]'
     OR length(new.log_prev) <> 64 OR new.log_prev ~ '[^0-9a-f]' THEN
    RAISE EXCEPTION USING MESSAGE = '操作日志缺少链接（序号和哈希）：操作日志只能由系统写入', ERRCODE = 'P0001';
  END IF;
  IF EXISTS (SELECT 1 FROM record WHERE kind = 'log' AND log_seq IS NULL) THEN
    RAISE EXCEPTION USING MESSAGE = '旧的操作日志尚未封存：请重新打开数据库', ERRCODE = 'P0001';
  END IF;
  IF new.log_seq IS DISTINCT FROM (SELECT coalesce(max(log_seq), 0) + 1 FROM record WHERE log_seq IS NOT NULL) THEN
    RAISE EXCEPTION USING MESSAGE = '操作日志的序号不接续：操作日志只能由系统写入', ERRCODE = 'P0001';
  END IF;
  IF new.log_prev IS DISTINCT FROM coalesce(
       (SELECT log_hash FROM record WHERE log_seq = new.log_seq - 1),
       '0000000000000000000000000000000000000000000000000000000000000000') THEN
    RAISE EXCEPTION USING MESSAGE = '操作日志没有链接到上一条：操作日志只能由系统写入', ERRCODE = 'P0001';
  END IF;
  RETURN new;
END $$;
CREATE TRIGGER record_log_chain_insert BEFORE INSERT ON record
FOR EACH ROW WHEN (new.kind = 'log') EXECUTE FUNCTION trg_record_log_chain_insert();

CREATE FUNCTION trg_record_log_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = '操作日志不能删除', ERRCODE = 'P0001';
END $$;
CREATE TRIGGER record_log_no_delete BEFORE DELETE ON record
FOR EACH ROW WHEN (old.kind = 'log') EXECUTE FUNCTION trg_record_log_no_delete();

-- (A later migration adding a column to record must add it here too.)
CREATE FUNCTION trg_record_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = '操作日志不能修改', ERRCODE = 'P0001';
END $$;
CREATE TRIGGER record_log_no_update BEFORE UPDATE ON record
FOR EACH ROW WHEN (old.kind = 'log' AND NOT (
  old.log_seq IS NULL AND new.log_seq IS NOT NULL
  AND new.id IS NOT DISTINCT FROM old.id AND new.customer_id IS NOT DISTINCT FROM old.customer_id
  AND new.kind IS NOT DISTINCT FROM old.kind AND new.at IS NOT DISTINCT FROM old.at
  AND new.method IS NOT DISTINCT FROM old.method AND new.contact_id IS NOT DISTINCT FROM old.contact_id
  AND new.content IS NOT DISTINCT FROM old.content AND new.next_on IS NOT DISTINCT FROM old.next_on
  AND new.author_id IS NOT DISTINCT FROM old.author_id AND new.created_at IS NOT DISTINCT FROM old.created_at
  AND new.updated_at IS NOT DISTINCT FROM old.updated_at AND new.version IS NOT DISTINCT FROM old.version
))
EXECUTE FUNCTION trg_record_log_no_update();

CREATE FUNCTION trg_record_log_seal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF new.log_prev IS NULL OR new.log_hash IS NULL
     OR length(new.log_hash) <> 64 OR new.log_hash ~ '[^0-9a-f]'
     OR length(new.log_prev) <> 64 OR new.log_prev ~ '[^0-9a-f]' THEN
    RAISE EXCEPTION USING MESSAGE = '操作日志缺少链接（序号和哈希）', ERRCODE = 'P0001';
  END IF;
  IF EXISTS (SELECT 1 FROM record WHERE kind = 'log' AND log_seq IS NULL AND id < old.id) THEN
    RAISE EXCEPTION USING MESSAGE = '旧的操作日志须按顺序封存', ERRCODE = 'P0001';
  END IF;
  IF new.log_seq IS DISTINCT FROM (SELECT coalesce(max(log_seq), 0) + 1 FROM record WHERE log_seq IS NOT NULL) THEN
    RAISE EXCEPTION USING MESSAGE = '操作日志的序号不接续', ERRCODE = 'P0001';
  END IF;
  IF new.log_prev IS DISTINCT FROM coalesce(
       (SELECT log_hash FROM record WHERE log_seq = new.log_seq - 1),
       '0000000000000000000000000000000000000000000000000000000000000000') THEN
    RAISE EXCEPTION USING MESSAGE = '操作日志没有链接到上一条', ERRCODE = 'P0001';
  END IF;
  RETURN new;
END $$;
CREATE TRIGGER record_log_seal BEFORE UPDATE ON record
FOR EACH ROW WHEN (old.kind = 'log' AND old.log_seq IS NULL) EXECUTE FUNCTION trg_record_log_seal();

-- 工作台 (0009): next follow-up per customer, per day; status changes; customers per day ---------
CREATE FUNCTION trg_followup_due_record_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM followup_due WHERE customer_id = new.customer_id;
  INSERT INTO followup_due (customer_id, record_id, next_on, owner_id, live)
  SELECT r.customer_id, r.id, r.next_on, c.owner_id, (c.deleted_at IS NULL)::int
  FROM (SELECT id, customer_id, next_on FROM record WHERE customer_id = new.customer_id AND kind = 'followup'
        ORDER BY at DESC, id DESC LIMIT 1) r
    JOIN customer c ON c.id = r.customer_id
  WHERE r.next_on IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER followup_due_record_insert AFTER INSERT ON record
FOR EACH ROW WHEN (new.kind = 'followup') EXECUTE FUNCTION trg_followup_due_record_insert();

CREATE FUNCTION trg_followup_due_record_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM followup_due WHERE customer_id IN (old.customer_id, new.customer_id);
  INSERT INTO followup_due (customer_id, record_id, next_on, owner_id, live)
  SELECT r.customer_id, r.id, r.next_on, c.owner_id, (c.deleted_at IS NULL)::int
  FROM customer c
    JOIN record r ON r.id = (SELECT x.id FROM record x WHERE x.customer_id = c.id AND x.kind = 'followup'
                             ORDER BY x.at DESC, x.id DESC LIMIT 1)
  WHERE c.id IN (old.customer_id, new.customer_id) AND r.next_on IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER followup_due_record_update AFTER UPDATE OF at, next_on, customer_id ON record
FOR EACH ROW WHEN (new.kind = 'followup') EXECUTE FUNCTION trg_followup_due_record_update();

CREATE FUNCTION trg_followup_due_record_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM followup_due WHERE customer_id = old.customer_id;
  INSERT INTO followup_due (customer_id, record_id, next_on, owner_id, live)
  SELECT r.customer_id, r.id, r.next_on, c.owner_id, (c.deleted_at IS NULL)::int
  FROM (SELECT id, customer_id, next_on FROM record WHERE customer_id = old.customer_id AND kind = 'followup'
        ORDER BY at DESC, id DESC LIMIT 1) r
    JOIN customer c ON c.id = r.customer_id
  WHERE r.next_on IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER followup_due_record_delete AFTER DELETE ON record
FOR EACH ROW WHEN (old.kind = 'followup') EXECUTE FUNCTION trg_followup_due_record_delete();

CREATE FUNCTION trg_followup_due_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE followup_due SET owner_id = new.owner_id, live = (new.deleted_at IS NULL)::int WHERE customer_id = new.id;
  RETURN NULL;
END $$;
CREATE TRIGGER followup_due_customer AFTER UPDATE OF owner_id, deleted_at ON customer
FOR EACH ROW WHEN (old.owner_id IS DISTINCT FROM new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
EXECUTE FUNCTION trg_followup_due_customer();

CREATE FUNCTION trg_followup_day_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO followup_day_delta (owner_id, live, next_on, n) VALUES (new.owner_id, new.live, new.next_on, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER followup_day_insert AFTER INSERT ON followup_due
FOR EACH ROW EXECUTE FUNCTION trg_followup_day_insert();

CREATE FUNCTION trg_followup_day_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO followup_day_delta (owner_id, live, next_on, n) VALUES (old.owner_id, old.live, old.next_on, -1);
  INSERT INTO followup_day_delta (owner_id, live, next_on, n) VALUES (new.owner_id, new.live, new.next_on, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER followup_day_update AFTER UPDATE OF owner_id, live, next_on ON followup_due
FOR EACH ROW EXECUTE FUNCTION trg_followup_day_update();

CREATE FUNCTION trg_followup_day_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO followup_day_delta (owner_id, live, next_on, n) VALUES (old.owner_id, old.live, old.next_on, -1);
  RETURN NULL;
END $$;
CREATE TRIGGER followup_day_delete AFTER DELETE ON followup_due
FOR EACH ROW EXECUTE FUNCTION trg_followup_day_delete();

CREATE FUNCTION trg_status_change_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO status_change (customer_id, at, from_status_id, to_status_id)
  VALUES (new.id, coalesce(new.updated_at,
            to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
          old.status_id, new.status_id);
  RETURN NULL;
END $$;
CREATE TRIGGER status_change_customer AFTER UPDATE OF status_id ON customer
FOR EACH ROW WHEN (old.status_id IS DISTINCT FROM new.status_id) EXECUTE FUNCTION trg_status_change_customer();

CREATE FUNCTION trg_customer_day_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_day_delta (live, created_on, owner_id, n)
  VALUES ((new.deleted_at IS NULL)::int, new.created_on, new.owner_id, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER customer_day_insert AFTER INSERT ON customer
FOR EACH ROW EXECUTE FUNCTION trg_customer_day_insert();

CREATE FUNCTION trg_customer_day_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_day_delta (live, created_on, owner_id, n)
  VALUES ((old.deleted_at IS NULL)::int, old.created_on, old.owner_id, -1);
  INSERT INTO customer_day_delta (live, created_on, owner_id, n)
  VALUES ((new.deleted_at IS NULL)::int, new.created_on, new.owner_id, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER customer_day_update AFTER UPDATE OF owner_id, created_on, deleted_at ON customer
FOR EACH ROW WHEN (old.owner_id IS DISTINCT FROM new.owner_id OR old.created_on IS DISTINCT FROM new.created_on
  OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
EXECUTE FUNCTION trg_customer_day_update();

CREATE FUNCTION trg_customer_day_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_day_delta (live, created_on, owner_id, n)
  VALUES ((old.deleted_at IS NULL)::int, old.created_on, old.owner_id, -1);
  RETURN NULL;
END $$;
CREATE TRIGGER customer_day_delete AFTER DELETE ON customer
FOR EACH ROW EXECUTE FUNCTION trg_customer_day_delete();

-- 欠款 (0010): each customer's unpaid purchases, and their totals per owner -------------------------
CREATE FUNCTION trg_purchase_arrears_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_arrears WHERE customer_id = new.customer_id;
  INSERT INTO customer_arrears
  SELECT p.customer_id, c.owner_id, (c.deleted_at IS NULL)::int, count(*), sum(p.amount_due_cents),
         sum(p.amount_paid_cents), sum(p.amount_due_cents - p.amount_paid_cents), min(p.purchased_on)
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.customer_id = new.customer_id AND p.amount_paid_cents < p.amount_due_cents
  GROUP BY p.customer_id, c.id;
  RETURN NULL;
END $$;
CREATE TRIGGER purchase_arrears_insert AFTER INSERT ON purchase
FOR EACH ROW EXECUTE FUNCTION trg_purchase_arrears_insert();

CREATE FUNCTION trg_purchase_arrears_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_arrears WHERE customer_id IN (old.customer_id, new.customer_id);
  INSERT INTO customer_arrears
  SELECT p.customer_id, c.owner_id, (c.deleted_at IS NULL)::int, count(*), sum(p.amount_due_cents),
         sum(p.amount_paid_cents), sum(p.amount_due_cents - p.amount_paid_cents), min(p.purchased_on)
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.customer_id IN (old.customer_id, new.customer_id) AND p.amount_paid_cents < p.amount_due_cents
  GROUP BY p.customer_id, c.id;
  RETURN NULL;
END $$;
CREATE TRIGGER purchase_arrears_update
AFTER UPDATE OF customer_id, amount_due_cents, amount_paid_cents, purchased_on ON purchase
FOR EACH ROW EXECUTE FUNCTION trg_purchase_arrears_update();

CREATE FUNCTION trg_purchase_arrears_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_arrears WHERE customer_id = old.customer_id;
  INSERT INTO customer_arrears
  SELECT p.customer_id, c.owner_id, (c.deleted_at IS NULL)::int, count(*), sum(p.amount_due_cents),
         sum(p.amount_paid_cents), sum(p.amount_due_cents - p.amount_paid_cents), min(p.purchased_on)
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.customer_id = old.customer_id AND p.amount_paid_cents < p.amount_due_cents
  GROUP BY p.customer_id, c.id;
  RETURN NULL;
END $$;
CREATE TRIGGER purchase_arrears_delete AFTER DELETE ON purchase
FOR EACH ROW EXECUTE FUNCTION trg_purchase_arrears_delete();

CREATE FUNCTION trg_customer_arrears_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE customer_arrears SET owner_id = new.owner_id, live = (new.deleted_at IS NULL)::int WHERE customer_id = new.id;
  RETURN NULL;
END $$;
CREATE TRIGGER customer_arrears_owner AFTER UPDATE OF owner_id, deleted_at ON customer
FOR EACH ROW WHEN (old.owner_id IS DISTINCT FROM new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
EXECUTE FUNCTION trg_customer_arrears_owner();

CREATE FUNCTION trg_customer_arrears_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_arrears WHERE customer_id = old.id;
  RETURN NULL;
END $$;
CREATE TRIGGER customer_arrears_gone AFTER DELETE ON customer
FOR EACH ROW EXECUTE FUNCTION trg_customer_arrears_gone();

CREATE FUNCTION trg_arrears_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO arrears_count_delta (owner_id, live, customers, purchases, due_cents, paid_cents)
  VALUES (new.owner_id, new.live, 1, new.purchases, new.due_cents, new.paid_cents);
  RETURN NULL;
END $$;
CREATE TRIGGER arrears_count_insert AFTER INSERT ON customer_arrears
FOR EACH ROW EXECUTE FUNCTION trg_arrears_count_insert();

CREATE FUNCTION trg_arrears_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO arrears_count_delta (owner_id, live, customers, purchases, due_cents, paid_cents)
  VALUES (old.owner_id, old.live, -1, -old.purchases, -old.due_cents, -old.paid_cents);
  INSERT INTO arrears_count_delta (owner_id, live, customers, purchases, due_cents, paid_cents)
  VALUES (new.owner_id, new.live, 1, new.purchases, new.due_cents, new.paid_cents);
  RETURN NULL;
END $$;
CREATE TRIGGER arrears_count_update AFTER UPDATE ON customer_arrears
FOR EACH ROW EXECUTE FUNCTION trg_arrears_count_update();

CREATE FUNCTION trg_arrears_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO arrears_count_delta (owner_id, live, customers, purchases, due_cents, paid_cents)
  VALUES (old.owner_id, old.live, -1, -old.purchases, -old.due_cents, -old.paid_cents);
  RETURN NULL;
END $$;
CREATE TRIGGER arrears_count_delete AFTER DELETE ON customer_arrears
FOR EACH ROW EXECUTE FUNCTION trg_arrears_count_delete();

-- 统计 (0011): sales and payments per day, products per month, arrears per day, follow-ups per day --
CREATE FUNCTION trg_stats_purchase_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_day_delta (live, day, owner_id, purchases, sales_cents)
  SELECT (c.deleted_at IS NULL)::int, new.purchased_on, c.owner_id, 1, new.amount_due_cents FROM customer c
  WHERE c.id = new.customer_id;
  INSERT INTO product_month_delta (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT (c.deleted_at IS NULL)::int, substr(new.purchased_on, 1, 7), c.owner_id, new.product_id, 1, new.quantity,
         new.amount_due_cents FROM customer c
  WHERE c.id = new.customer_id;
  INSERT INTO arrears_day_delta (live, day, owner_id, purchases, cents)
  SELECT (c.deleted_at IS NULL)::int, new.purchased_on, c.owner_id, 1, new.amount_due_cents - new.amount_paid_cents
  FROM customer c
  WHERE c.id = new.customer_id AND new.amount_paid_cents < new.amount_due_cents;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_purchase_insert AFTER INSERT ON purchase
FOR EACH ROW EXECUTE FUNCTION trg_stats_purchase_insert();

CREATE FUNCTION trg_stats_purchase_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_day_delta (live, day, owner_id, purchases, sales_cents)
  SELECT (c.deleted_at IS NULL)::int, old.purchased_on, c.owner_id, -1, -old.amount_due_cents FROM customer c
  WHERE c.id = old.customer_id;
  INSERT INTO product_month_delta (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT (c.deleted_at IS NULL)::int, substr(old.purchased_on, 1, 7), c.owner_id, old.product_id, -1, -old.quantity,
         -old.amount_due_cents FROM customer c
  WHERE c.id = old.customer_id;
  INSERT INTO arrears_day_delta (live, day, owner_id, purchases, cents)
  SELECT (c.deleted_at IS NULL)::int, old.purchased_on, c.owner_id, -1, old.amount_paid_cents - old.amount_due_cents
  FROM customer c
  WHERE c.id = old.customer_id AND old.amount_paid_cents < old.amount_due_cents;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_purchase_delete AFTER DELETE ON purchase
FOR EACH ROW EXECUTE FUNCTION trg_stats_purchase_delete();

CREATE FUNCTION trg_stats_purchase_money() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_day_delta (live, day, owner_id, purchases, sales_cents)
  SELECT (c.deleted_at IS NULL)::int, old.purchased_on, c.owner_id, -1, -old.amount_due_cents FROM customer c
  WHERE c.id = old.customer_id;
  INSERT INTO money_day_delta (live, day, owner_id, purchases, sales_cents)
  SELECT (c.deleted_at IS NULL)::int, new.purchased_on, c.owner_id, 1, new.amount_due_cents FROM customer c
  WHERE c.id = new.customer_id;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_purchase_money AFTER UPDATE OF customer_id, purchased_on, amount_due_cents ON purchase
FOR EACH ROW WHEN (old.customer_id IS DISTINCT FROM new.customer_id OR old.purchased_on IS DISTINCT FROM new.purchased_on
  OR old.amount_due_cents IS DISTINCT FROM new.amount_due_cents)
EXECUTE FUNCTION trg_stats_purchase_money();

CREATE FUNCTION trg_stats_purchase_payments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_day_delta (live, day, owner_id, payments, collected_cents)
  SELECT (c.deleted_at IS NULL)::int, m.paid_on, c.owner_id, -count(*), -sum(m.amount_cents)
  FROM payment m JOIN customer c ON c.id = old.customer_id
  WHERE m.purchase_id = new.id
  GROUP BY m.paid_on, c.id;
  INSERT INTO money_day_delta (live, day, owner_id, payments, collected_cents)
  SELECT (c.deleted_at IS NULL)::int, m.paid_on, c.owner_id, count(*), sum(m.amount_cents)
  FROM payment m JOIN customer c ON c.id = new.customer_id
  WHERE m.purchase_id = new.id
  GROUP BY m.paid_on, c.id;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_purchase_payments AFTER UPDATE OF customer_id ON purchase
FOR EACH ROW WHEN (old.customer_id IS DISTINCT FROM new.customer_id) EXECUTE FUNCTION trg_stats_purchase_payments();

CREATE FUNCTION trg_stats_purchase_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO product_month_delta (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT (c.deleted_at IS NULL)::int, substr(old.purchased_on, 1, 7), c.owner_id, old.product_id, -1, -old.quantity,
         -old.amount_due_cents FROM customer c
  WHERE c.id = old.customer_id;
  INSERT INTO product_month_delta (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT (c.deleted_at IS NULL)::int, substr(new.purchased_on, 1, 7), c.owner_id, new.product_id, 1, new.quantity,
         new.amount_due_cents FROM customer c
  WHERE c.id = new.customer_id;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_purchase_product
AFTER UPDATE OF customer_id, purchased_on, product_id, quantity, amount_due_cents ON purchase
FOR EACH ROW WHEN (old.customer_id IS DISTINCT FROM new.customer_id
  OR substr(old.purchased_on, 1, 7) IS DISTINCT FROM substr(new.purchased_on, 1, 7)
  OR old.product_id IS DISTINCT FROM new.product_id OR old.quantity IS DISTINCT FROM new.quantity
  OR old.amount_due_cents IS DISTINCT FROM new.amount_due_cents)
EXECUTE FUNCTION trg_stats_purchase_product();

CREATE FUNCTION trg_stats_purchase_arrears() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO arrears_day_delta (live, day, owner_id, purchases, cents)
  SELECT (c.deleted_at IS NULL)::int, old.purchased_on, c.owner_id, -1, old.amount_paid_cents - old.amount_due_cents
  FROM customer c
  WHERE c.id = old.customer_id AND old.amount_paid_cents < old.amount_due_cents;
  INSERT INTO arrears_day_delta (live, day, owner_id, purchases, cents)
  SELECT (c.deleted_at IS NULL)::int, new.purchased_on, c.owner_id, 1, new.amount_due_cents - new.amount_paid_cents
  FROM customer c
  WHERE c.id = new.customer_id AND new.amount_paid_cents < new.amount_due_cents;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_purchase_arrears
AFTER UPDATE OF customer_id, purchased_on, amount_due_cents, amount_paid_cents ON purchase
FOR EACH ROW WHEN (old.customer_id IS DISTINCT FROM new.customer_id OR old.purchased_on IS DISTINCT FROM new.purchased_on
  OR old.amount_due_cents IS DISTINCT FROM new.amount_due_cents OR old.amount_paid_cents IS DISTINCT FROM new.amount_paid_cents)
EXECUTE FUNCTION trg_stats_purchase_arrears();

CREATE FUNCTION trg_stats_payment_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_day_delta (live, day, owner_id, payments, collected_cents)
  SELECT (c.deleted_at IS NULL)::int, new.paid_on, c.owner_id, 1, new.amount_cents
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.id = new.purchase_id;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_payment_insert AFTER INSERT ON payment
FOR EACH ROW EXECUTE FUNCTION trg_stats_payment_insert();

CREATE FUNCTION trg_stats_payment_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_day_delta (live, day, owner_id, payments, collected_cents)
  SELECT (c.deleted_at IS NULL)::int, old.paid_on, c.owner_id, -1, -old.amount_cents
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.id = old.purchase_id;
  INSERT INTO money_day_delta (live, day, owner_id, payments, collected_cents)
  SELECT (c.deleted_at IS NULL)::int, new.paid_on, c.owner_id, 1, new.amount_cents
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.id = new.purchase_id;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_payment_update AFTER UPDATE OF purchase_id, amount_cents, paid_on ON payment
FOR EACH ROW WHEN (old.purchase_id IS DISTINCT FROM new.purchase_id OR old.amount_cents IS DISTINCT FROM new.amount_cents
  OR old.paid_on IS DISTINCT FROM new.paid_on)
EXECUTE FUNCTION trg_stats_payment_update();

CREATE FUNCTION trg_stats_payment_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_day_delta (live, day, owner_id, payments, collected_cents)
  SELECT (c.deleted_at IS NULL)::int, old.paid_on, c.owner_id, -1, -old.amount_cents
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.id = old.purchase_id;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_payment_delete AFTER DELETE ON payment
FOR EACH ROW EXECUTE FUNCTION trg_stats_payment_delete();

-- followup_activity's day is the follow-up's local day: date(at, 'localtime') (the shim above, with
-- the session's TimeZone as SQLite uses the process's).
CREATE FUNCTION trg_stats_record_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO followup_activity_delta (live, day, owner_id, author_id, n)
  SELECT (c.deleted_at IS NULL)::int, date(new.at, 'localtime'), c.owner_id, coalesce(new.author_id, 0), 1 FROM customer c
  WHERE c.id = new.customer_id;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_record_insert AFTER INSERT ON record
FOR EACH ROW WHEN (new.kind = 'followup') EXECUTE FUNCTION trg_stats_record_insert();

CREATE FUNCTION trg_stats_record_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO followup_activity_delta (live, day, owner_id, author_id, n)
  SELECT (c.deleted_at IS NULL)::int, date(old.at, 'localtime'), c.owner_id, coalesce(old.author_id, 0), -1 FROM customer c
  WHERE c.id = old.customer_id AND old.kind = 'followup';
  INSERT INTO followup_activity_delta (live, day, owner_id, author_id, n)
  SELECT (c.deleted_at IS NULL)::int, date(new.at, 'localtime'), c.owner_id, coalesce(new.author_id, 0), 1 FROM customer c
  WHERE c.id = new.customer_id AND new.kind = 'followup';
  RETURN NULL;
END $$;
CREATE TRIGGER stats_record_update AFTER UPDATE OF kind, at, customer_id, author_id ON record
FOR EACH ROW WHEN ((old.kind = 'followup' OR new.kind = 'followup') AND (old.kind IS DISTINCT FROM new.kind
  OR old.at IS DISTINCT FROM new.at OR old.customer_id IS DISTINCT FROM new.customer_id
  OR old.author_id IS DISTINCT FROM new.author_id))
EXECUTE FUNCTION trg_stats_record_update();

CREATE FUNCTION trg_stats_record_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO followup_activity_delta (live, day, owner_id, author_id, n)
  SELECT (c.deleted_at IS NULL)::int, date(old.at, 'localtime'), c.owner_id, coalesce(old.author_id, 0), -1 FROM customer c
  WHERE c.id = old.customer_id;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_record_delete AFTER DELETE ON record
FOR EACH ROW WHEN (old.kind = 'followup') EXECUTE FUNCTION trg_stats_record_delete();

-- A customer who changes owner, or is deleted or restored, moves all its sums.
CREATE FUNCTION trg_stats_customer_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO money_day_delta (live, day, owner_id, purchases, sales_cents)
  SELECT (old.deleted_at IS NULL)::int, p.purchased_on, old.owner_id, -count(*), -sum(p.amount_due_cents)
  FROM purchase p WHERE p.customer_id = new.id GROUP BY p.purchased_on;
  INSERT INTO money_day_delta (live, day, owner_id, purchases, sales_cents)
  SELECT (new.deleted_at IS NULL)::int, p.purchased_on, new.owner_id, count(*), sum(p.amount_due_cents)
  FROM purchase p WHERE p.customer_id = new.id GROUP BY p.purchased_on;

  INSERT INTO money_day_delta (live, day, owner_id, payments, collected_cents)
  SELECT (old.deleted_at IS NULL)::int, m.paid_on, old.owner_id, -count(*), -sum(m.amount_cents)
  FROM purchase p JOIN payment m ON m.purchase_id = p.id WHERE p.customer_id = new.id GROUP BY m.paid_on;
  INSERT INTO money_day_delta (live, day, owner_id, payments, collected_cents)
  SELECT (new.deleted_at IS NULL)::int, m.paid_on, new.owner_id, count(*), sum(m.amount_cents)
  FROM purchase p JOIN payment m ON m.purchase_id = p.id WHERE p.customer_id = new.id GROUP BY m.paid_on;

  INSERT INTO product_month_delta (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT (old.deleted_at IS NULL)::int, substr(p.purchased_on, 1, 7), old.owner_id, p.product_id, -count(*),
         -sum(p.quantity), -sum(p.amount_due_cents)
  FROM purchase p WHERE p.customer_id = new.id GROUP BY 2, 4;
  INSERT INTO product_month_delta (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT (new.deleted_at IS NULL)::int, substr(p.purchased_on, 1, 7), new.owner_id, p.product_id, count(*),
         sum(p.quantity), sum(p.amount_due_cents)
  FROM purchase p WHERE p.customer_id = new.id GROUP BY 2, 4;

  INSERT INTO arrears_day_delta (live, day, owner_id, purchases, cents)
  SELECT (old.deleted_at IS NULL)::int, p.purchased_on, old.owner_id, -count(*),
         -sum(p.amount_due_cents - p.amount_paid_cents)
  FROM purchase p WHERE p.customer_id = new.id AND p.amount_paid_cents < p.amount_due_cents GROUP BY p.purchased_on;
  INSERT INTO arrears_day_delta (live, day, owner_id, purchases, cents)
  SELECT (new.deleted_at IS NULL)::int, p.purchased_on, new.owner_id, count(*), sum(p.amount_due_cents - p.amount_paid_cents)
  FROM purchase p WHERE p.customer_id = new.id AND p.amount_paid_cents < p.amount_due_cents GROUP BY p.purchased_on;

  INSERT INTO followup_activity_delta (live, day, owner_id, author_id, n)
  SELECT (old.deleted_at IS NULL)::int, date(r.at, 'localtime'), old.owner_id, coalesce(r.author_id, 0), -count(*)
  FROM record r WHERE r.customer_id = new.id AND r.kind = 'followup' GROUP BY 2, 4;
  INSERT INTO followup_activity_delta (live, day, owner_id, author_id, n)
  SELECT (new.deleted_at IS NULL)::int, date(r.at, 'localtime'), new.owner_id, coalesce(r.author_id, 0), count(*)
  FROM record r WHERE r.customer_id = new.id AND r.kind = 'followup' GROUP BY 2, 4;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_customer_move AFTER UPDATE OF owner_id, deleted_at ON customer
FOR EACH ROW WHEN (old.owner_id IS DISTINCT FROM new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
EXECUTE FUNCTION trg_stats_customer_move();

-- 年服务费 (0012/0013): reminders due per day and month, and the due purchases themselves ----------
CREATE FUNCTION trg_fee_due_purchase_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fee_due_day_delta (day, owner_id, n, fee_cents)
  SELECT new.service_end_on, c.owner_id, 1, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL;
  INSERT INTO fee_due_month_delta (month, owner_id, n, fee_cents)
  SELECT substr(new.service_end_on, 1, 7), c.owner_id, 1, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_insert AFTER INSERT ON purchase
FOR EACH ROW WHEN (new.annual_fee_remind = 1 AND new.service_end_on IS NOT NULL)
EXECUTE FUNCTION trg_fee_due_purchase_insert();

CREATE FUNCTION trg_fee_due_purchase_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fee_due_day_delta (day, owner_id, n, fee_cents)
  SELECT old.service_end_on, c.owner_id, -1, -old.annual_fee_cents FROM customer c
  WHERE c.id = old.customer_id AND c.deleted_at IS NULL;
  INSERT INTO fee_due_month_delta (month, owner_id, n, fee_cents)
  SELECT substr(old.service_end_on, 1, 7), c.owner_id, -1, -old.annual_fee_cents FROM customer c
  WHERE c.id = old.customer_id AND c.deleted_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_delete AFTER DELETE ON purchase
FOR EACH ROW WHEN (old.annual_fee_remind = 1 AND old.service_end_on IS NOT NULL)
EXECUTE FUNCTION trg_fee_due_purchase_delete();

CREATE FUNCTION trg_fee_due_purchase_update_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fee_due_day_delta (day, owner_id, n, fee_cents)
  SELECT old.service_end_on, c.owner_id, -1, -old.annual_fee_cents FROM customer c
  WHERE c.id = old.customer_id AND c.deleted_at IS NULL;
  INSERT INTO fee_due_month_delta (month, owner_id, n, fee_cents)
  SELECT substr(old.service_end_on, 1, 7), c.owner_id, -1, -old.annual_fee_cents FROM customer c
  WHERE c.id = old.customer_id AND c.deleted_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_update_old
AFTER UPDATE OF annual_fee_remind, service_end_on, annual_fee_cents, customer_id ON purchase
FOR EACH ROW WHEN (old.annual_fee_remind = 1 AND old.service_end_on IS NOT NULL)
EXECUTE FUNCTION trg_fee_due_purchase_update_old();

CREATE FUNCTION trg_fee_due_purchase_update_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fee_due_day_delta (day, owner_id, n, fee_cents)
  SELECT new.service_end_on, c.owner_id, 1, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL;
  INSERT INTO fee_due_month_delta (month, owner_id, n, fee_cents)
  SELECT substr(new.service_end_on, 1, 7), c.owner_id, 1, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_update_new
AFTER UPDATE OF annual_fee_remind, service_end_on, annual_fee_cents, customer_id ON purchase
FOR EACH ROW WHEN (new.annual_fee_remind = 1 AND new.service_end_on IS NOT NULL)
EXECUTE FUNCTION trg_fee_due_purchase_update_new();

CREATE FUNCTION trg_fee_due_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fee_due_day_delta (day, owner_id, n, fee_cents)
  SELECT service_end_on, old.owner_id, -count(*), -sum(annual_fee_cents) FROM purchase
  WHERE customer_id = old.id AND annual_fee_remind = 1 AND service_end_on IS NOT NULL AND old.deleted_at IS NULL
  GROUP BY 1;
  INSERT INTO fee_due_month_delta (month, owner_id, n, fee_cents)
  SELECT substr(service_end_on, 1, 7), old.owner_id, -count(*), -sum(annual_fee_cents) FROM purchase
  WHERE customer_id = old.id AND annual_fee_remind = 1 AND service_end_on IS NOT NULL AND old.deleted_at IS NULL
  GROUP BY 1;
  INSERT INTO fee_due_day_delta (day, owner_id, n, fee_cents)
  SELECT service_end_on, new.owner_id, count(*), sum(annual_fee_cents) FROM purchase
  WHERE customer_id = new.id AND annual_fee_remind = 1 AND service_end_on IS NOT NULL AND new.deleted_at IS NULL
  GROUP BY 1;
  INSERT INTO fee_due_month_delta (month, owner_id, n, fee_cents)
  SELECT substr(service_end_on, 1, 7), new.owner_id, count(*), sum(annual_fee_cents) FROM purchase
  WHERE customer_id = new.id AND annual_fee_remind = 1 AND service_end_on IS NOT NULL AND new.deleted_at IS NULL
  GROUP BY 1;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_customer AFTER UPDATE OF owner_id, deleted_at ON customer
FOR EACH ROW WHEN (old.owner_id IS DISTINCT FROM new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
EXECUTE FUNCTION trg_fee_due_customer();

CREATE FUNCTION trg_fee_due_purchase_row_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fee_due_purchase (purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents)
  SELECT new.id, new.customer_id, c.owner_id, new.service_end_on, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_row_insert AFTER INSERT ON purchase
FOR EACH ROW WHEN (new.annual_fee_remind = 1 AND new.service_end_on IS NOT NULL)
EXECUTE FUNCTION trg_fee_due_purchase_row_insert();

CREATE FUNCTION trg_fee_due_purchase_row_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM fee_due_purchase WHERE purchase_id = old.id;
  INSERT INTO fee_due_purchase (purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents)
  SELECT new.id, new.customer_id, c.owner_id, new.service_end_on, new.annual_fee_cents FROM customer c
  WHERE new.annual_fee_remind = 1 AND new.service_end_on IS NOT NULL
    AND c.id = new.customer_id AND c.deleted_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_row_update
AFTER UPDATE OF id, customer_id, annual_fee_remind, service_end_on, annual_fee_cents ON purchase
FOR EACH ROW WHEN (old.id IS DISTINCT FROM new.id OR old.customer_id IS DISTINCT FROM new.customer_id
  OR old.annual_fee_remind IS DISTINCT FROM new.annual_fee_remind OR old.service_end_on IS DISTINCT FROM new.service_end_on
  OR old.annual_fee_cents IS DISTINCT FROM new.annual_fee_cents)
EXECUTE FUNCTION trg_fee_due_purchase_row_update();

CREATE FUNCTION trg_fee_due_purchase_row_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM fee_due_purchase WHERE purchase_id = old.id;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_row_delete AFTER DELETE ON purchase
FOR EACH ROW WHEN (old.annual_fee_remind = 1 AND old.service_end_on IS NOT NULL)
EXECUTE FUNCTION trg_fee_due_purchase_row_delete();

CREATE FUNCTION trg_fee_due_purchase_customer_live() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM fee_due_purchase WHERE customer_id = old.id;
  INSERT INTO fee_due_purchase (purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents)
  SELECT p.id, p.customer_id, new.owner_id, p.service_end_on, p.annual_fee_cents FROM purchase p
  WHERE new.deleted_at IS NULL AND p.customer_id = new.id
    AND p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_customer_live AFTER UPDATE OF owner_id, deleted_at ON customer
FOR EACH ROW WHEN ((old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
EXECUTE FUNCTION trg_fee_due_purchase_customer_live();

CREATE FUNCTION trg_fee_due_purchase_customer_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fee_due_purchase SET owner_id = new.owner_id WHERE customer_id = new.id;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_customer_owner AFTER UPDATE OF owner_id ON customer
FOR EACH ROW WHEN (old.owner_id IS DISTINCT FROM new.owner_id AND new.deleted_at IS NULL AND old.deleted_at IS NULL)
EXECUTE FUNCTION trg_fee_due_purchase_customer_owner();

CREATE FUNCTION trg_fee_due_purchase_customer_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM fee_due_purchase WHERE customer_id = old.id;
  RETURN NULL;
END $$;
CREATE TRIGGER fee_due_purchase_customer_gone AFTER DELETE ON customer
FOR EACH ROW EXECUTE FUNCTION trg_fee_due_purchase_customer_gone();

-- ---------------------------------------------------------------------------------------------
-- Seed rows (0001) and the version.
-- ---------------------------------------------------------------------------------------------
INSERT INTO customer_status (id, name, sort_order) VALUES
  (1, '潜在客户', 1), (2, '意向客户', 2), (3, '正式客户', 3), (4, '流失客户', 4);
SELECT setval(pg_get_serial_sequence('customer_status', 'id'), greatest((SELECT max(id) FROM customer_status), 1));

INSERT INTO schema_meta (k, v) VALUES ('user_version', '13');
