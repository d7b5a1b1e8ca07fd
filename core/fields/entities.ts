/**
 * The fields of the other entities as people see them, one registry each: the label (the form,
 * the grid's column, the export's header, error messages naming the field) and the width of the
 * export's column in characters. The contract's labels (core/contract/*.ts), the export's columns
 * (db/export/specs.ts) and the renderer's Chinese labels (i18n/zh-CN.ts) read them. The customer's
 * registry, which also has the import's headers, is core/fields/customer.ts.
 */
export interface ColumnInfo {
  label: string;
  /** Column width in the exported sheet, in characters. */
  width: number;
}

export const PRODUCT_FIELDS = {
  code: { label: '编号', width: 12 },
  name: { label: '商品名称', width: 30 },
  category: { label: '商品大类', width: 12 },
  model: { label: '规格型号', width: 16 },
  unit: { label: '单位', width: 6 },
  guidePrice: { label: '指导价', width: 13 },
  annualFee: { label: '年服务费', width: 13 },
  supplier: { label: '供应商', width: 24 },
  onSale: { label: '在售', width: 6 },
  note: { label: '备注', width: 30 },
} satisfies Record<string, ColumnInfo>;

export const SUPPLIER_FIELDS = {
  name: { label: '供应商名称', width: 30 },
  shortName: { label: '简称', width: 12 },
  contactName: { label: '联系人', width: 10 },
  phone: { label: '电话', width: 18 },
  mobile: { label: '手机', width: 16 },
  address: { label: '地址', width: 36 },
  email: { label: '邮箱', width: 26 },
  bank: { label: '开户行', width: 24 },
  account: { label: '账号', width: 26 },
  note: { label: '备注', width: 30 },
  active: { label: '在用', width: 6 },
} satisfies Record<string, ColumnInfo>;

export const CONTACT_FIELDS = {
  name: { label: '姓名', width: 12 },
  gender: { label: '性别', width: 6 },
  title: { label: '职务', width: 12 },
  mobile: { label: '手机', width: 16 },
  phone: { label: '电话', width: 18 },
  email: { label: '邮箱', width: 26 },
  im: { label: '微信/QQ', width: 14 },
  birthday: { label: '生日', width: 12 },
  isPrimary: { label: '主联系人', width: 9 },
  note: { label: '备注', width: 36 },
} satisfies Record<string, ColumnInfo>;

/** A registry's labels, keyed as it is. */
export function labelsOf<K extends string>(fields: Record<K, ColumnInfo>): Record<K, string> {
  return Object.fromEntries(Object.entries<ColumnInfo>(fields).map(([k, f]) => [k, f.label])) as Record<K, string>;
}

/** A 售前报价 line (tab 6): its own fields; the product's come from PRODUCT_FIELDS. */
export const QUOTE_FIELDS = {
  quotedOn: { label: '报价日期', width: 12 },
  quantity: { label: '数量', width: 8 },
  price: { label: '报价', width: 13 },
  amount: { label: '金额', width: 15 },
  note: { label: '备注', width: 30 },
  quotedBy: { label: '报价人', width: 10 },
} satisfies Record<string, ColumnInfo>;

/** A 购买情况 line (tab 7): its own fields; the product's come from PRODUCT_FIELDS. */
export const PURCHASE_FIELDS = {
  purchasedOn: { label: '购买日期', width: 12 },
  quantity: { label: '数量', width: 8 },
  unitPrice: { label: '单价', width: 13 },
  amountDue: { label: '应付金额', width: 15 },
  amountPaid: { label: '已付金额', width: 15 },
  arrears: { label: '欠款', width: 15 },
  annualFee: { label: '年服务费', width: 13 },
  annualFeeRemind: { label: '年服务费催缴标志', width: 10 },
  serviceEndOn: { label: '服务截止期限', width: 13 },
  salesperson: { label: '业务员', width: 10 },
  note: { label: '备注', width: 30 },
} satisfies Record<string, ColumnInfo>;

/** A member of staff (人员管理). */
export const STAFF_FIELDS = {
  name: { label: '姓名', width: 10 },
  login: { label: '登录账号', width: 12 },
  role: { label: '角色', width: 8 },
  department: { label: '部门', width: 12 },
  title: { label: '职务', width: 10 },
  mobile: { label: '手机', width: 16 },
  email: { label: '邮箱', width: 26 },
  hiredOn: { label: '入职日期', width: 12 },
  active: { label: '在职', width: 6 },
} satisfies Record<string, ColumnInfo>;

/** A line of 日志及维护记录 (tab 5). */
export const RECORD_FIELDS = {
  kind: { label: '属性', width: 10 },
  at: { label: '时间', width: 17 },
  method: { label: '方式', width: 8 },
  contact: { label: '联系人', width: 10 },
  content: { label: '内容', width: 70 },
  nextOn: { label: '下次跟进', width: 12 },
  author: { label: '记录人', width: 10 },
} satisfies Record<string, ColumnInfo>;
