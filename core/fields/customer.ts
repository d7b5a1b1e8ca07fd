/**
 * The customer's fields as people see them, in one place: the label (the form, the grid's column,
 * the export's header, the import's field, error messages naming the field), the other headers an
 * imported sheet may use for it, and its width in the export (characters). The contract's labels
 * (core/contract/customers.ts, import.ts), the import's header matching (db/import/customers.ts),
 * the export's columns (db/export/specs.ts) and the renderer's Chinese labels (i18n/zh-CN.ts) are
 * all read from here. English labels live in the renderer's i18n/en.ts.
 */
export interface FieldInfo {
  label: string;
  /** Other names of the column in a customer list from elsewhere (compared folded, without spaces). */
  headers: readonly string[];
  /** Column width in the exported sheet, in characters. */
  width: number;
}

export const CUSTOMER_FIELDS = {
  name: { label: '客户名称', headers: ['客户全称', '客户', '公司名称', '单位名称', '企业名称', '名称'], width: 36 },
  keyword: { label: '关键字', headers: ['关键词', '简称'], width: 12 },
  status: { label: '客户状态', headers: ['状态'], width: 10 },
  owner: { label: '业务员', headers: ['所属业务员', '负责人', '销售', '销售员'], width: 10 },
  createdOn: { label: '创建日期', headers: ['建档日期', '录入日期', '创建时间', '日期'], width: 12 },
  industry: { label: '行业', headers: ['所属行业'], width: 12 },
  source: { label: '来源', headers: ['客户来源'], width: 12 },
  region: { label: '地区', headers: ['区域', '省份', '城市', '所在地区'], width: 14 },
  address: { label: '地址', headers: ['公司地址', '详细地址', '通讯地址'], width: 30 },
  phone: { label: '电话', headers: ['联系电话', '公司电话', '固定电话', '座机'], width: 18 },
  fax: { label: '传真', headers: ['传真号码'], width: 18 },
  website: { label: '网址', headers: ['网站', '公司网址', '主页'], width: 24 },
  email: { label: '邮箱', headers: ['电子邮箱', '电子邮件', 'email', 'e-mail', '邮件'], width: 24 },
  note: { label: '备注', headers: ['说明', '附注'], width: 30 },
} as const satisfies Record<string, FieldInfo>;

export type CustomerFieldName = keyof typeof CUSTOMER_FIELDS;

/** Each field's label, keyed as the registry is. */
export const customerFieldLabels = Object.fromEntries(
  Object.entries(CUSTOMER_FIELDS).map(([k, f]) => [k, f.label]),
) as Record<CustomerFieldName, string>;
