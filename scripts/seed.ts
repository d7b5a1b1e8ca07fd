/**
 * Demo and large data: `npm run seed -- --data <folder> --customers <N> [--sales <K=20>] [--seed <n>] [--customers-only]`.
 * With `--pg <url>` (an empty PostgreSQL database) the office is seeded into a crm.db (a temporary
 * one unless --data is given) and then copied by `npm run migrate:pg`'s code (scripts/migrate-pg.ts).
 *
 * Opens (creating) `<folder>/crm.db`, makes sure an administrator exists (admin / admin123, only
 * when there is no staff at all) and K salespeople (sales1..K / sales123), then inserts N customers
 * with realistic Chinese company names, in batches of 50,000 rows per transaction through one
 * prepared statement. The quick-search rows are tokenised on a second core (scripts/seed-search.ts).
 *
 * The data comes from a seeded PRNG, so the same options give the same customers; 创建日期 is
 * spread over the 8 years before --until (default: today).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { localDay } from '../core/contract/dates.js';
import { fold } from '../core/fold.js';
import { rebuildStatsCounters } from '../db/handlers/stats-recount.js';
import { openDatabase, type DB } from '../db/open.js';
import { hashPassword } from '../db/password.js';
import { migrateToPg } from './migrate-pg.js';
import { SearchTokenPipe, searchText, visibilityTokens, type SearchContact, type TokenBatch } from './seed-search.js';

// ---------------------------------------------------------------------------------------------
// Random numbers

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: [item, weight] pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const weightedCache = new WeakMap<object, number>();
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(items) {
      let total = weightedCache.get(items);
      if (total === undefined) {
        total = items.reduce((s, [, w]) => s + w, 0);
        weightedCache.set(items, total);
      }
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1][0];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Word lists

/** [province, city, telephone area code, weight] */
export const CITIES: readonly (readonly [string, string, string, number])[] = [
  ['广东省', '深圳市', '0755', 10],
  ['广东省', '广州市', '020', 9],
  ['北京市', '北京市', '010', 10],
  ['上海市', '上海市', '021', 10],
  ['天津市', '天津市', '022', 4],
  ['重庆市', '重庆市', '023', 4],
  ['广东省', '东莞市', '0769', 5],
  ['广东省', '佛山市', '0757', 4],
  ['浙江省', '杭州市', '0571', 7],
  ['浙江省', '宁波市', '0574', 4],
  ['浙江省', '温州市', '0577', 3],
  ['江苏省', '南京市', '025', 5],
  ['江苏省', '苏州市', '0512', 6],
  ['江苏省', '无锡市', '0510', 3],
  ['湖北省', '武汉市', '027', 5],
  ['湖南省', '长沙市', '0731', 4],
  ['四川省', '成都市', '028', 6],
  ['陕西省', '西安市', '029', 4],
  ['山东省', '济南市', '0531', 3],
  ['山东省', '青岛市', '0532', 4],
  ['福建省', '厦门市', '0592', 3],
  ['福建省', '福州市', '0591', 3],
  ['河南省', '郑州市', '0371', 4],
  ['安徽省', '合肥市', '0551', 3],
  ['辽宁省', '沈阳市', '024', 3],
  ['辽宁省', '大连市', '0411', 3],
  ['河北省', '石家庄市', '0311', 2],
  ['江西省', '南昌市', '0791', 2],
  ['云南省', '昆明市', '0871', 2],
  ['广西壮族自治区', '南宁市', '0771', 2],
  ['黑龙江省', '哈尔滨市', '0451', 2],
  ['吉林省', '长春市', '0431', 2],
  ['山西省', '太原市', '0351', 2],
  ['贵州省', '贵阳市', '0851', 2],
  ['海南省', '海口市', '0898', 1],
  ['甘肃省', '兰州市', '0931', 1],
  ['新疆维吾尔自治区', '乌鲁木齐市', '0991', 1],
  ['内蒙古自治区', '呼和浩特市', '0471', 1],
];

/** Characters that make up two-character brand names (字号) such as 中兴, 华为, 海尔. */
export const BRAND_CHARS = [
  ...'中兴华为联想海尔美的格力长城东方新天宏达瑞祥恒盛鑫源金泰安康博远信诚伟业创丰润嘉禾永隆万通宝利星辰云峰德昌和顺福佳汇益明阳光启航振腾飞凯旋正大同仁立志卓越精工银河九州凤凰龙夏国汉唐君悦锦程宇鼎晟弘毅睿智思优品百合千禧环球亚太世纪蓝绿洲紫红朗坤乾元亿家力量开泛普惠协众合众泽万象鸿运富贵荣耀铭晖晨曦皓',
].filter((c, i, all) => all.indexOf(c) === i);

/** [word in the company name, 行业 field, weight] */
export const INDUSTRIES: readonly (readonly [string, string, number])[] = [
  ['通讯', '通信设备', 4],
  ['科技', '信息技术', 12],
  ['软件', '软件服务', 6],
  ['电子', '电子制造', 8],
  ['网络', '互联网', 5],
  ['信息技术', '信息技术', 5],
  ['机械', '机械制造', 6],
  ['贸易', '批发零售', 10],
  ['商贸', '批发零售', 6],
  ['物流', '交通物流', 4],
  ['建筑工程', '建筑工程', 4],
  ['医药', '医药健康', 3],
  ['生物科技', '医药健康', 2],
  ['食品', '食品饮料', 4],
  ['服饰', '纺织服装', 3],
  ['环保科技', '节能环保', 2],
  ['新能源', '能源电力', 2],
  ['汽车配件', '汽车', 3],
  ['文化传媒', '文化传媒', 3],
  ['教育咨询', '教育培训', 2],
  ['房地产开发', '房地产', 1],
  ['家具', '家居建材', 2],
  ['建材', '家居建材', 3],
  ['化工', '化工', 2],
  ['电气', '电气设备', 3],
  ['自动化设备', '机械制造', 2],
  ['印刷包装', '印刷包装', 2],
  ['餐饮管理', '餐饮', 2],
  ['酒店管理', '酒店旅游', 1],
  ['投资管理', '金融投资', 1],
  ['实业', '综合', 3],
];

export const SUFFIXES: readonly (readonly [string, number])[] = [
  ['有限公司', 60],
  ['股份有限公司', 14],
  ['有限责任公司', 12],
  ['集团有限公司', 4],
  ['经营部', 5],
  ['工作室', 2],
  ['商行', 3],
];

export const SOURCES: readonly (readonly [string, number])[] = [
  ['', 20],
  ['电话营销', 20],
  ['老客户介绍', 18],
  ['网络推广', 16],
  ['展会', 12],
  ['上门拜访', 10],
  ['招投标', 4],
];

/**
 * [status id of 0001_init.sql, weight]: 潜在 意向 正式 流失. One in ten lost, so that at a million
 * customers 流失客户 holds about the 100,000 that `npm run bench` exports.
 */
export const STATUS_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 38],
  [2, 24],
  [3, 28],
  [4, 10],
];

const DISTRICTS = [
  '高新区',
  '经济开发区',
  '城东区',
  '城西区',
  '城南区',
  '城北区',
  '新区',
  '工业园区',
  '中心区',
  '滨江区',
];
const ROADS = ['人民路', '解放路', '建设路', '中山路', '科技路', '创业路', '工业大道', '发展大道', '滨河路', '长江路'];

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'];
const GIVEN = [
  '伟',
  '娜',
  '磊',
  '洋',
  '静',
  '帆',
  '敏',
  '勇',
  '杰',
  '芳',
  '强',
  '丽',
  '超',
  '婷',
  '军',
  '华',
  '明',
  '秀英',
  '建国',
  '晓东',
  '海燕',
  '志强',
  '雪梅',
  '俊杰',
];
/** Salespeople's names: the first ones fixed, the rest drawn. */
export const SALES_NAMES = [
  '王伟',
  '李娜',
  '张磊',
  '刘洋',
  '陈静',
  '杨帆',
  '赵敏',
  '黄勇',
  '周杰',
  '吴芳',
  '徐强',
  '孙丽',
];

export function salesName(i: number, rng: Rng): string {
  return i < SALES_NAMES.length ? SALES_NAMES[i] : rng.pick(SURNAMES) + rng.pick(GIVEN);
}

// ---------------------------------------------------------------------------------------------
// Customers

export interface CompanyName {
  name: string;
  /** The brand part, e.g. 中兴: the customer's 关键字. */
  keyword: string;
  industry: string;
  province: string;
  city: string;
  areaCode: string;
}

const CITY_WEIGHTS = CITIES.map((c) => [c, c[3]] as const);
const INDUSTRY_WEIGHTS = INDUSTRIES.map((i) => [i, i[2]] as const);

export function brand(rng: Rng): string {
  const a = rng.pick(BRAND_CHARS);
  let b = rng.pick(BRAND_CHARS);
  while (b === a) b = rng.pick(BRAND_CHARS);
  return a + b;
}

/** e.g. 深圳市中兴通讯股份有限公司 (city + brand + industry word + suffix). */
export function companyName(rng: Rng): CompanyName {
  const [province, city, areaCode] = rng.weighted(CITY_WEIGHTS);
  const keyword = brand(rng);
  const [word, industry] = rng.weighted(INDUSTRY_WEIGHTS);
  const suffix = rng.weighted(SUFFIXES);
  // Mostly '深圳市…', sometimes '深圳…' without 市.
  const place = rng.next() < 0.8 ? city : city.replace(/市$/, '');
  return { name: `${place}${keyword}${word}${suffix}`, keyword, industry, province, city, areaCode };
}

export function phoneNumber(rng: Rng, areaCode: string): string {
  if (rng.next() < 0.35)
    return `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999999999)).padStart(9, '0')}`;
  const digits = areaCode.length === 3 ? 8 : rng.next() < 0.7 ? 8 : 7;
  return `${areaCode}-${rng.int(2, 8)}${String(rng.int(0, 10 ** (digits - 1) - 1)).padStart(digits - 1, '0')}`;
}

export function region(province: string, city: string): string {
  return province === city ? city : `${province}${city}`;
}

export interface CustomerSeedRow {
  name: string;
  keyword: string;
  name_fold: string;
  keyword_fold: string;
  status_id: number;
  owner_id: number;
  created_on: string;
  industry: string;
  source: string;
  region: string;
  address: string;
  phone: string;
  created_at: string;
  updated_at: string;
}

const DAY = 86_400_000;

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The i-th of n customers: 创建日期 grows with i across the 8 years before `until` (as a real
 * office's would), with one in twenty back-filled to a random earlier day.
 */
export function customerRow(rng: Rng, i: number, n: number, ownerIds: readonly number[], until: Date): CustomerSeedRow {
  const c = companyName(rng);
  const end = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate());
  const span = 8 * 365 * DAY;
  let day = end - span + Math.floor(((i + rng.next()) / Math.max(n, 1)) * span);
  if (rng.next() < 0.05) day = end - span + Math.floor(rng.next() * (day - (end - span)));
  day = Math.min(end, Math.floor(day / DAY) * DAY);
  const createdOn = isoDay(day);
  const at = new Date(day + rng.int(1, 10) * 3_600_000 + rng.int(0, 3_599_999)).toISOString();
  return {
    name: c.name,
    keyword: c.keyword,
    name_fold: fold(c.name),
    keyword_fold: fold(c.keyword),
    status_id: rng.weighted(STATUS_WEIGHTS),
    owner_id: rng.pick(ownerIds),
    created_on: createdOn,
    industry: c.industry,
    source: rng.weighted(SOURCES),
    region: region(c.province, c.city),
    address: `${c.city}${rng.pick(DISTRICTS)}${rng.pick(ROADS)}${rng.int(1, 999)}号`,
    phone: phoneNumber(rng, c.areaCode),
    created_at: at,
    updated_at: at,
  };
}

export const CUSTOMER_SEED_COLUMNS = [
  'name',
  'keyword',
  'name_fold',
  'keyword_fold',
  'status_id',
  'owner_id',
  'created_on',
  'industry',
  'source',
  'region',
  'address',
  'phone',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof CustomerSeedRow)[];

/** One INSERT of `rows` customers (positional parameters, row after row). */
export function insertCustomersSql(rows: number): string {
  const one = `(${CUSTOMER_SEED_COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO customer (${CUSTOMER_SEED_COLUMNS.join(', ')}) VALUES ${Array(rows).fill(one).join(', ')}`;
}

// ---------------------------------------------------------------------------------------------
// Staff

export interface SeededStaff {
  adminId: number;
  adminLogin: string;
  salesIds: number[];
  salesLogins: string[];
}

export const ADMIN_PASSWORD = 'admin123';
export const SALES_PASSWORD = 'sales123';

/**
 * An administrator (admin / admin123) when there is no staff at all, and salespeople
 * sales1..K (sales123), each created only if that login does not exist yet.
 */
export function ensureStaff(db: DB, sales: number, rng: Rng): SeededStaff {
  const at = new Date().toISOString();
  // scrypt costs ~0.5 s a hash by design: the salespeople, who all get the same demo password,
  // share one hash (one salt) rather than spending ten seconds of the seed on twenty.
  let salesHash: string | null = null;
  const salesPasswordHash = () => (salesHash ??= hashPassword(SALES_PASSWORD));
  const insert = db.prepare(
    `INSERT INTO staff (name, login, password_hash, must_change_password, role, department, title, created_at, updated_at)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)`,
  );
  const byLogin = db.prepare<[string], { id: number }>('SELECT id FROM staff WHERE login = ?');
  return db.transaction(() => {
    const empty = !db.prepare('SELECT 1 FROM staff LIMIT 1').get();
    if (empty) insert.run('系统管理员', 'admin', hashPassword(ADMIN_PASSWORD), 'admin', '', '系统管理员', at, at);
    const admin =
      byLogin.get('admin') ??
      db
        .prepare<[], { id: number }>(`SELECT id FROM staff WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1`)
        .get();
    if (!admin) throw new Error('数据库里有人员但没有管理员');
    const adminLogin = db
      .prepare<[number], { login: string }>('SELECT login FROM staff WHERE id = ?')
      .get(admin.id)!.login;
    const salesIds: number[] = [];
    const salesLogins: string[] = [];
    for (let i = 0; i < sales; i++) {
      const login = `sales${i + 1}`;
      const name = salesName(i, rng);
      const existing = byLogin.get(login);
      salesIds.push(
        existing?.id ??
          Number(insert.run(name, login, salesPasswordHash(), 'sales', '销售部', '业务员', at, at).lastInsertRowid),
      );
      salesLogins.push(login);
    }
    return { adminId: admin.id, adminLogin, salesIds, salesLogins };
  })();
}

// ---------------------------------------------------------------------------------------------
// The rest of the domain: catalog, contacts, follow-ups, quotes, purchases, payments, delegations

export const CATEGORIES = ['软件', '硬件设备', '技术服务', '网络设备', '办公耗材'] as const;

/** [category index, name, unit, guide price (yuan), annual fee (yuan)] */
export const PRODUCTS: readonly (readonly [number, string, string, number, number])[] = [
  [0, '客户关系管理系统 标准版', '套', 9800, 1980],
  [0, '客户关系管理系统 企业版', '套', 29800, 5980],
  [0, '进销存管理软件', '套', 6800, 1200],
  [0, '财务管理软件', '套', 12800, 2400],
  [0, '人事考勤系统', '套', 5800, 980],
  [0, '门店收银系统', '套', 3800, 600],
  [1, '商用台式电脑', '台', 4599, 0],
  [1, '笔记本电脑', '台', 5999, 0],
  [1, '激光打印机', '台', 1899, 0],
  [1, '考勤机', '台', 899, 0],
  [1, '服务器', '台', 23800, 3000],
  [1, '监控摄像头', '个', 399, 0],
  [2, '上门安装调试', '次', 500, 0],
  [2, '系统维护服务', '年', 3600, 3600],
  [2, '数据迁移服务', '次', 2000, 0],
  [2, '员工培训', '次', 1500, 0],
  [3, '千兆交换机', '台', 1299, 0],
  [3, '企业级路由器', '台', 2599, 0],
  [3, '无线 AP', '个', 699, 0],
  [3, '防火墙', '台', 8800, 1500],
  [4, 'A4 复印纸', '箱', 180, 0],
  [4, '硒鼓', '个', 320, 0],
  [4, '墨盒', '个', 150, 0],
];

const TITLES = ['总经理', '采购经理', '财务', '行政主管', 'IT 主管', '副总经理', '办公室主任', '技术员', ''];
const METHODS = ['电话', '上门', '微信', '邮件', '其他'] as const;
const FOLLOWUPS = [
  '电话沟通需求，客户有兴趣，约下周上门演示',
  '上门拜访，演示了系统主要功能',
  '发送报价单，等待客户回复',
  '客户反馈价格偏高，申请折扣中',
  '微信回访，使用情况良好',
  '提醒客户续交年服务费',
  '客户询问新版本功能',
  '协助客户解决打印问题',
  '节日问候',
  '客户暂无需求，三个月后再联系',
];

interface Catalog {
  products: { id: number; price: number; fee: number }[];
}

/** Categories, a few suppliers and the products above, each only when missing (by name / 编号). */
export function ensureCatalog(db: DB): Catalog {
  const at = new Date().toISOString();
  return db.transaction(() => {
    const catIds = CATEGORIES.map((name, i) => {
      db.prepare('INSERT OR IGNORE INTO product_category (name, sort_order) VALUES (?, ?)').run(name, i + 1);
      return db.prepare<[string], { id: number }>('SELECT id FROM product_category WHERE name = ?').get(name)!.id;
    });
    const supplierIds = ['深圳市华信科技有限公司', '广州市联达电子有限公司', '上海申通网络设备有限公司'].map((name) => {
      db.prepare('INSERT OR IGNORE INTO supplier (name, created_at, updated_at) VALUES (?, ?, ?)').run(name, at, at);
      return db.prepare<[string], { id: number }>('SELECT id FROM supplier WHERE name = ?').get(name)!.id;
    });
    const products = PRODUCTS.map(([cat, name, unit, price, fee], i) => {
      const code = `P${String(i + 1).padStart(4, '0')}`;
      db.prepare(
        `INSERT OR IGNORE INTO product (code, name, category_id, unit, guide_price_cents, annual_fee_cents, supplier_id,
           created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(code, name, catIds[cat], unit, price * 100, fee * 100, supplierIds[i % supplierIds.length], at, at);
      const row = db
        .prepare<[string], { id: number; guide_price_cents: number; annual_fee_cents: number }>(
          'SELECT id, guide_price_cents, annual_fee_cents FROM product WHERE code = ?',
        )
        .get(code)!;
      return { id: row.id, price: row.guide_price_cents, fee: row.annual_fee_cents };
    });
    return { products };
  })();
}

/**
 * Multi-row INSERTs of one table: rows are pushed as arrays of column values and written
 * ROWS_PER_STATEMENT at a time (one prepared statement), the rest at flush().
 */
function bulkWriter(db: DB, table: string, columns: readonly string[]) {
  const one = `(${columns.map(() => '?').join(', ')})`;
  const sql = (n: number) => `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(one).join(', ')}`;
  const full = db.prepare(sql(ROWS_PER_STATEMENT));
  const args: unknown[] = [];
  let count = 0;
  let rows = 0;
  return {
    push(values: unknown[]) {
      args.push(...values);
      rows++;
      if (++count === ROWS_PER_STATEMENT) {
        full.run(args);
        args.length = 0;
        count = 0;
      }
    },
    flush() {
      if (count) db.prepare(sql(count)).run(args);
      args.length = 0;
      count = 0;
    },
    get rows() {
      return rows;
    },
  };
}

const DAY_MS = DAY;
const addDays = (day: string, n: number) => isoDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
const addYears = (day: string, n: number) =>
  `${Number(day.slice(0, 4)) + n}${day.slice(4)}`.replace('-02-29', '-02-28');

/**
 * Everything a customer has besides its row, written through `w`: about 3 contacts (the first
 * 主联系人), 5 维护记录 (the last one of some with a 下次跟进 around today), 0.3 quotes, 0.5
 * purchases (a quarter of them in arrears; those with 年服务费 carry the reminder flag, some due
 * within the month) with their 货款 payments, and one in fifty delegated to another salesperson
 * (some ended, some revoked).
 */
function customerFamily(
  rng: Rng,
  id: number,
  c: CustomerSeedRow,
  today: string,
  catalog: Catalog,
  salesIds: readonly number[],
  w: Record<'contact' | 'record' | 'quote' | 'purchase' | 'payment' | 'delegation', ReturnType<typeof bulkWriter>>,
  ids: { purchase: number; record: number },
  activity: Map<string, number>,
): { contacts: SearchContact[]; delegatedTo: number[]; followup: { recordId: number; nextOn: string } | null } {
  const at = c.created_at;
  const nContacts = rng.int(1, 5);
  const contacts: SearchContact[] = [];
  const delegatedTo: number[] = [];
  for (let k = 0; k < nContacts; k++) {
    const mobile = `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999999999)).padStart(9, '0')}`;
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN);
    contacts.push({ name, mobile, phone: '' });
    w.contact.push([id, name, rng.pick(['男', '女']), rng.pick(TITLES), mobile, k === 0 ? 1 : 0, at, at]);
  }
  const span = Math.max(1, (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${c.created_on}T00:00:00Z`)) / DAY_MS);
  const nRecords = rng.int(3, 7);
  let latest: { at: string; recordId: number; nextOn: string | null } | null = null;
  for (let k = 0; k < nRecords; k++) {
    const day = addDays(c.created_on, Math.floor(((k + rng.next()) / nRecords) * span));
    const when = `${day}T0${rng.int(1, 9)}:${String(rng.int(10, 59))}:00.000Z`;
    const last = k === nRecords - 1;
    const next = last && rng.next() < 0.3 ? addDays(today, rng.int(-10, 20)) : null;
    const rid = ids.record++;
    w.record.push([rid, id, 'followup', when, rng.pick(METHODS), rng.pick(FOLLOWUPS), next, c.owner_id, when, when]);
    // 工作台's open follow-up: the newest record (at, then id) if it names a 下次跟进 (as 0009 picks it).
    if (!latest || when >= latest.at) latest = { at: when, recordId: rid, nextOn: next };
    // 销售统计's follow-up activity: per local day, 业务员 and 记录人 (here the same person).
    const key = `${localDay(new Date(when))}|${c.owner_id}`;
    activity.set(key, (activity.get(key) ?? 0) + 1);
  }
  if (rng.next() < 0.3) {
    const p = rng.pick(catalog.products);
    const on = addDays(c.created_on, rng.int(0, Math.floor(span)));
    w.quote.push([id, p.id, on, rng.int(1, 5), p.price, c.owner_id, at, at]);
  }
  if (rng.next() < 0.5) {
    const p = rng.pick(catalog.products);
    const qty = rng.int(1, 5);
    const due = qty * p.price;
    const paid = rng.next() < 0.75 ? due : Math.floor((due * rng.int(0, 9)) / 10);
    const on = addDays(c.created_on, rng.int(0, Math.floor(span)));
    const fee = p.fee > 0;
    // 服务截止期限: a year after the purchase, moved on by the years paid since; one in four falls
    // due within the coming month.
    let end = addYears(on, 1);
    while (end < today) end = addYears(end, 1);
    if (fee && rng.next() < 0.25) end = addDays(today, rng.int(0, 30));
    const pid = ids.purchase++;
    w.purchase.push([
      pid,
      id,
      p.id,
      on,
      qty,
      p.price,
      due,
      paid,
      p.fee,
      fee ? 1 : 0,
      fee ? end : null,
      c.owner_id,
      at,
      at,
    ]);
    if (paid > 0) w.payment.push([pid, 'goods', paid, on, c.owner_id, at]);
  }
  if (rng.next() < 0.02) {
    let to = rng.pick(salesIds);
    while (to === c.owner_id && salesIds.length > 1) to = rng.pick(salesIds);
    if (to !== c.owner_id) {
      const start = addDays(today, -rng.int(1, 60));
      const kind = rng.next();
      const end = kind < 0.5 ? null : kind < 0.8 ? addDays(today, rng.int(1, 60)) : addDays(start, rng.int(0, 0));
      const revoked = kind > 0.95 ? `${today}T01:00:00.000Z` : null;
      const expired = end !== null && end < today ? 1 : 0;
      if (!revoked) delegatedTo.push(to);
      w.delegation.push([
        id,
        c.owner_id,
        to,
        start,
        end,
        c.owner_id,
        `${start}T01:00:00.000Z`,
        revoked,
        revoked ? c.owner_id : null,
        expired,
      ]);
    }
  }
  const followup = latest?.nextOn ? { recordId: latest.recordId, nextOn: latest.nextOn } : null;
  return { contacts, delegatedTo, followup };
}

// ---------------------------------------------------------------------------------------------
// Seeding

const ROWS_PER_STATEMENT = 500;
/** Customers per batch of search texts sent to the tokenising worker. */
const TOKEN_CHUNK = 5_000;

export interface SeedOptions {
  customers: number;
  sales?: number;
  seed?: number;
  /** The last possible 创建日期 (default: today). */
  until?: Date;
  batch?: number;
  /** Also contacts, follow-ups, quotes, purchases, payments and delegations (default: true). */
  family?: boolean;
  /** Customers per batch of search texts for the tokenising worker (default 5,000). */
  tokenChunk?: number;
  onProgress?: (done: number, total: number, elapsedMs: number, rows: number) => void;
  onPhase?: (phase: string, elapsedMs: number) => void;
}

export interface SeedResult extends SeededStaff {
  inserted: number;
  totalCustomers: number;
  /** Every row written, customers and the rest. */
  rows: number;
  elapsedMs: number;
}

/** Tables loaded in bulk: their secondary indexes are dropped while loading, then rebuilt. */
const BULK_TABLES = ['customer', 'contact', 'record', 'quote', 'purchase', 'payment', 'delegation'];

/** Triggers that keep derived data (0005): off while loading, their effect computed at the end. */
const DERIVED_TRIGGERS = [
  'customer_count_insert',
  'customer_search_insert',
  'contact_search_insert',
  'purchase_arrears_insert',
  'fee_due_purchase_insert',
  'fee_due_purchase_row_insert',
  'delegation_search_insert',
  // 工作台's (0009): one per follow-up record and per customer, each a look-up the load does not need.
  'followup_due_record_insert',
  'followup_day_insert',
  'customer_day_insert',
  // 销售统计's (0011): recomputed whole at the end (rebuildStatsCounters); records are loaded before
  // their customers, so these per-row look-ups would count nothing for them anyway.
  'stats_purchase_insert',
  'stats_payment_insert',
  'stats_record_insert',
];

/**
 * Inserts `customers` customers (and their families) into an open database.
 *
 * Bulk loading, as a database loader does it: while it runs, every non-unique index of the bulk
 * tables and the triggers that keep derived data (the counters and the search index of 0005) are
 * dropped (their SQL kept), foreign keys are off (the rows are generated with their parents), the
 * rollback journal is off and writes are not synced (a crash in the middle leaves a half-seeded
 * file — this is a seed, not the product). At the end the indexes are built once from sorted
 * keys, the derived data is computed in SQL from what was loaded (the counters by one GROUP BY),
 * the triggers are put back and the file returns to WAL. The search index is written during the
 * load: a worker thread tokenises each chunk of customers while the next ones are generated.
 */
export function seedDatabase(db: DB, options: SeedOptions): SeedResult {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const rng = createRng(options.seed ?? 20261126);
  const staff = ensureStaff(db, options.sales ?? 20, rng);
  const family = options.family ?? true;
  const catalog = ensureCatalog(db);
  const n = options.customers;
  const batch = options.batch ?? 50_000;
  const tokenChunk = options.tokenChunk ?? TOKEN_CHUNK;
  const until = options.until ?? new Date();
  const today = isoDay(Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate()));
  const cache = db.pragma('cache_size', { simple: true });
  const journal = String(db.pragma('journal_mode', { simple: true }));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  const saved = db
    .prepare<[], { type: string; name: string; sql: string }>(
      `SELECT type, name, sql FROM sqlite_master
       WHERE (type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BULK_TABLES.map((t) => `'${t}'`).join(', ')}))
          OR (type = 'trigger' AND name IN (${DERIVED_TRIGGERS.map((t) => `'${t}'`).join(', ')}))`,
    )
    .all();
  const dropped = saved.filter((o) => !/^CREATE UNIQUE/i.test(o.sql));
  db.transaction(() => dropped.forEach((o) => db.exec(`DROP ${o.type.toUpperCase()} ${o.name}`)))();
  let rows = 0;
  let firstId = 1;
  /** 销售统计's follow-up activity of the loaded records: 'local day|业务员' → count. */
  const activity = new Map<string, number>();
  let loaded = false;
  try {
    const next = (table: string) =>
      db.prepare<[], { n: number }>(`SELECT coalesce(max(id), 0) + 1 AS n FROM ${table}`).get()!.n;
    firstId = next('customer');
    const ids = { purchase: next('purchase'), record: next('record') };
    const w = {
      customer: bulkWriter(db, 'customer', ['id', ...CUSTOMER_SEED_COLUMNS]),
      contact: bulkWriter(db, 'contact', [
        'customer_id',
        'name',
        'gender',
        'title',
        'mobile',
        'is_primary',
        'created_at',
        'updated_at',
      ]),
      record: bulkWriter(db, 'record', [
        'id',
        'customer_id',
        'kind',
        'at',
        'method',
        'content',
        'next_on',
        'author_id',
        'created_at',
        'updated_at',
      ]),
      quote: bulkWriter(db, 'quote', [
        'customer_id',
        'product_id',
        'quoted_on',
        'quantity',
        'price_cents',
        'quoted_by',
        'created_at',
        'updated_at',
      ]),
      purchase: bulkWriter(db, 'purchase', [
        'id',
        'customer_id',
        'product_id',
        'purchased_on',
        'quantity',
        'unit_price_cents',
        'amount_due_cents',
        'amount_paid_cents',
        'annual_fee_cents',
        'annual_fee_remind',
        'service_end_on',
        'salesperson_id',
        'created_at',
        'updated_at',
      ]),
      payment: bulkWriter(db, 'payment', [
        'purchase_id',
        'kind',
        'amount_cents',
        'paid_on',
        'handled_by',
        'created_at',
      ]),
      delegation: bulkWriter(db, 'delegation', [
        'customer_id',
        'from_id',
        'to_id',
        'start_on',
        'end_on',
        'granted_by',
        'granted_at',
        'revoked_at',
        'revoked_by',
        'expiry_logged',
      ]),
    };
    // Derived rows the generator knows as it goes, instead of a pass over 5 M records at the end:
    // 工作台's open follow-ups (0009) and 销售统计's follow-up activity (0011).
    const due = bulkWriter(db, 'followup_due', ['customer_id', 'record_id', 'next_on', 'owner_id', 'live']);
    // The search rows: texts tokenised by the worker (scripts/seed-search.ts), written here in order.
    const pipe = new SearchTokenPipe();
    const suffixes: string[][] = [];
    const search = bulkWriter(db, 'customer_search', ['rowid', 'tokens']);
    const writeReady = (wait: boolean) => {
      while (pipe.pending > 0 && (wait || pipe.ready)) {
        const r = pipe.receive();
        const vis = suffixes.shift()!;
        db.transaction(() => {
          for (let k = 0; k < r.ids.length; k++) search.push([r.ids[k], r.tokens[k] + vis[k]]);
          search.flush();
        })();
      }
    };
    let chunk: TokenBatch = { ids: [], texts: [] };
    let chunkVis: string[] = [];
    const sendChunk = () => {
      if (!chunk.ids.length) return;
      pipe.send(chunk);
      suffixes.push(chunkVis);
      chunk = { ids: [], texts: [] };
      chunkVis = [];
    };
    const runBatch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const row = customerRow(rng, i, n, staff.salesIds, until);
        const id = firstId + i;
        w.customer.push([id, ...CUSTOMER_SEED_COLUMNS.map((c) => row[c])]);
        const kin = family
          ? customerFamily(rng, id, row, today, catalog, staff.salesIds, w, ids, activity)
          : { contacts: [], delegatedTo: [], followup: null };
        if (kin.followup) due.push([id, kin.followup.recordId, kin.followup.nextOn, row.owner_id, 1]);
        chunk.ids.push(id);
        chunk.texts.push(searchText(row, kin.contacts));
        chunkVis.push(visibilityTokens(row.owner_id, kin.delegatedTo));
        if (chunk.ids.length === tokenChunk) sendChunk();
      }
      for (const x of Object.values(w)) x.flush();
      due.flush();
    });
    try {
      for (let from = 0; from < n; from += batch) {
        const to = Math.min(n, from + batch);
        runBatch(from, to);
        rows = Object.values(w).reduce((sum, x) => sum + x.rows, 0);
        options.onProgress?.(to, n, elapsed(), rows);
        // Write what the worker has finished; wait only when it falls more than a batch behind.
        writeReady(false);
        while (pipe.pending * tokenChunk > 2 * batch) writeReady(true);
      }
      sendChunk();
      options.onPhase?.('search index (last tokens)', elapsed());
      writeReady(true);
    } finally {
      void pipe.close();
    }
    loaded = true;
  } finally {
    options.onPhase?.('indexes', elapsed());
    for (const o of dropped.filter((x) => x.type === 'index')) db.exec(o.sql);
    if (loaded) {
      options.onPhase?.('counters and arrears', elapsed());
      db.transaction(() => {
        db.exec('DELETE FROM customer_count');
        db.exec(`INSERT INTO customer_count (owner_id, status_id, deleted, n)
                 SELECT owner_id, status_id, deleted_at IS NOT NULL, count(*) FROM customer GROUP BY 1, 2, 3`);
      })();
      // 欠款统计's per-customer summary (0010), recomputed whole; its triggers keep arrears_count.
      db.transaction(() => {
        db.exec('DELETE FROM customer_arrears');
        db.exec(`INSERT INTO customer_arrears
                 SELECT p.customer_id, c.owner_id, c.deleted_at IS NULL, count(*), sum(p.amount_due_cents),
                        sum(p.amount_paid_cents), sum(p.amount_due_cents - p.amount_paid_cents), min(p.purchased_on)
                 FROM purchase p JOIN customer c ON c.id = p.customer_id
                 WHERE p.amount_paid_cents < p.amount_due_cents
                 GROUP BY p.customer_id`);
      })();
      // 年费催缴's sums per (服务截止期限, 业务员) and per month (0012), recomputed whole.
      db.transaction(() => {
        db.exec('DELETE FROM fee_due_day');
        db.exec('DELETE FROM fee_due_month');
        db.exec(`INSERT INTO fee_due_day (day, owner_id, n, fee_cents)
                 SELECT p.service_end_on, c.owner_id, count(*), sum(p.annual_fee_cents)
                 FROM purchase p JOIN customer c ON c.id = p.customer_id
                 WHERE p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL AND c.deleted_at IS NULL
                 GROUP BY 1, 2`);
        db.exec(`INSERT INTO fee_due_month (month, owner_id, n, fee_cents)
                 SELECT substr(day, 1, 7), owner_id, sum(n), sum(fee_cents) FROM fee_due_day GROUP BY 1, 2`);
      })();
      // 年费催缴's per-purchase summary (0013), recomputed whole like the sums.
      db.transaction(() => {
        db.exec('DELETE FROM fee_due_purchase');
        db.exec(`INSERT INTO fee_due_purchase (purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents)
                 SELECT p.id, p.customer_id, c.owner_id, p.service_end_on, p.annual_fee_cents
                 FROM purchase p JOIN customer c ON c.id = p.customer_id
                 WHERE p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL AND c.deleted_at IS NULL
                 ORDER BY p.id`);
      })();
      const has = (t: string) => !!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(t);
      // 销售统计's counters (0011), recomputed whole from the loaded rows.
      options.onPhase?.('销售统计 counters', elapsed());
      if (has('money_day')) {
        // Purchases and payments recounted whole; the follow-up activity counted while loading is
        // added to what the table held (its triggers kept it right for the rows already there).
        rebuildStatsCounters(db, ['money_day', 'product_month', 'arrears_day']);
        const add = db.prepare(
          `INSERT INTO followup_activity (live, day, owner_id, author_id, n) VALUES (1, ?, ?, ?, ?)
           ON CONFLICT (live, day, owner_id, author_id) DO UPDATE SET n = n + excluded.n`,
        );
        db.transaction(() => {
          for (const [key, count] of activity) {
            const [day, owner] = key.split('|');
            add.run(day, Number(owner), Number(owner), count);
          }
        })();
      }
      options.onPhase?.('工作台 follow-ups', elapsed());
      // 工作台's day counts (0009) of the new customers (their open follow-ups were written while loading).
      if (has('followup_due') && has('followup_day') && has('customer_day')) {
        db.transaction(() => {
          db.prepare(
            `INSERT INTO followup_day (owner_id, live, next_on, n)
             SELECT owner_id, live, next_on, count(*) FROM followup_due WHERE customer_id >= ? GROUP BY 1, 2, 3
             ON CONFLICT (owner_id, live, next_on) DO UPDATE SET n = n + excluded.n`,
          ).run(firstId);
          db.prepare(
            `INSERT INTO customer_day (live, created_on, owner_id, n)
             SELECT deleted_at IS NULL, created_on, owner_id, count(*) FROM customer WHERE id >= ? GROUP BY 1, 2, 3
             ON CONFLICT (live, created_on, owner_id) DO UPDATE SET n = n + excluded.n`,
          ).run(firstId);
        })();
      }
    }
    for (const o of dropped.filter((x) => x.type === 'trigger')) db.exec(o.sql);
    db.pragma('foreign_keys = ON');
    db.pragma(`journal_mode = ${journal}`);
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${Number(cache)}`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  // No ANALYZE: the product never runs it, so a seeded file plans its queries as a real one does.
  const totalCustomers = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM customer').get()!.n;
  return { ...staff, inserted: n, totalCustomers, rows, elapsedMs: elapsed() };
}

// ---------------------------------------------------------------------------------------------
// Command line

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      customers: { type: 'string' },
      sales: { type: 'string', default: '20' },
      seed: { type: 'string', default: '20261126' },
      until: { type: 'string' },
      // Only the customers (no contacts, records, quotes, purchases, payments, delegations): the
      // file the issue's size target ("customers alone") is about.
      'customers-only': { type: 'boolean', default: false },
      // Into PostgreSQL: seeded into a crm.db (a temporary one without --data), then copied by
      // the same code as npm run migrate:pg (db/engine/copy-to-pg.ts) into this empty database.
      pg: { type: 'string' },
    },
  });
  const customers = Number(values.customers);
  const sales = Number(values.sales);
  if (
    (!values.data && !values.pg) ||
    !Number.isInteger(customers) ||
    customers < 0 ||
    !Number.isInteger(sales) ||
    sales < 1
  ) {
    console.error(
      '用法: npm run seed -- --data <folder> | --pg <postgres://…> --customers <N> [--sales <K=20>] [--seed <n>] [--until YYYY-MM-DD] [--customers-only]',
    );
    process.exit(2);
  }
  const temporary = values.data ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-seed-'));
  const file = path.resolve(values.data ?? temporary!, 'crm.db');
  const db = openDatabase(file);
  try {
    console.log(`seeding ${customers.toLocaleString()} customers, ${sales} salespeople into ${file}`);
    const r = seedDatabase(db, {
      customers,
      sales,
      seed: Number(values.seed),
      family: !values['customers-only'],
      until: values.until ? new Date(`${values.until}T00:00:00Z`) : undefined,
      onProgress: (done, total, ms, rows) =>
        console.log(
          `  ${done.toLocaleString().padStart(11)} / ${total.toLocaleString()} customers, ${rows.toLocaleString()} rows  ` +
            `${(ms / 1000).toFixed(1)} s  (${Math.round(rows / (ms / 1000)).toLocaleString()} rows/s)`,
        ),
      onPhase: (phase, ms) => console.log(`  ${phase} … (${(ms / 1000).toFixed(1)} s)`),
    });
    console.log(
      `done: ${r.inserted.toLocaleString()} customers inserted (${r.totalCustomers.toLocaleString()} in the file), ` +
        `${r.rows.toLocaleString()} rows in all, in ${(r.elapsedMs / 1000).toFixed(1)} s ` +
        `(${Math.round(r.rows / (r.elapsedMs / 1000)).toLocaleString()} rows/s)`,
    );
    console.log(
      `logins: ${r.adminLogin} / ${ADMIN_PASSWORD} (if created here), ${r.salesLogins.join(', ')} / ${SALES_PASSWORD}`,
    );
  } finally {
    db.close();
  }
  if (values.pg) {
    void migrateToPg(file, values.pg).then((code) => {
      if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
      process.exit(code);
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
