import { describe, expect, it } from 'vitest';
import {
  contactLabels,
  customerLabels,
  importFieldOf,
  importFields,
  importLabels,
  productLabels,
  recordLabels,
  staffLabels,
  supplierLabels,
} from '../core/contract.js';
import {
  CONTACT_FIELDS,
  PRODUCT_FIELDS,
  PURCHASE_FIELDS,
  QUOTE_FIELDS,
  RECORD_FIELDS,
  STAFF_FIELDS,
  SUPPLIER_FIELDS,
} from '../core/fields/entities.js';
import { CUSTOMER_FIELDS, type CustomerFieldName } from '../core/fields/customer.js';
import { zhCN } from '../renderer/src/i18n/zh-CN.js';
import { exportHeaders } from './export/specs.js';
import { suggestMapping } from './import/customers.js';

/**
 * The customer field registry (core/fields/customer.ts) is the one place a customer field's name
 * lives: the contract's error labels, the import's headers, the export's headers and the renderer's
 * Chinese labels all read it, so they cannot drift apart.
 */
const fieldNames = Object.keys(CUSTOMER_FIELDS) as CustomerFieldName[];
const contractKey = (f: CustomerFieldName) => (f === 'status' ? 'statusId' : f === 'owner' ? 'ownerId' : f);

describe('the customer field registry', () => {
  it('names every field in the contract, the import, the export and the form alike', () => {
    for (const f of fieldNames) {
      const { label } = CUSTOMER_FIELDS[f];
      expect(customerLabels[contractKey(f)], f).toBe(label);
      expect(zhCN.customer[f], f).toBe(label);
    }
    for (const f of importFields) expect(importLabels[f], f).toBe(CUSTOMER_FIELDS[importFieldOf[f]].label);
    expect(exportHeaders('customers')).toEqual(
      (['name', 'keyword', 'status', 'owner', 'createdOn', 'phone', 'region'] as const).map(
        (f) => CUSTOMER_FIELDS[f].label,
      ),
    );
    for (const [col, f] of Object.entries({ name: 'name', keyword: 'keyword', status: 'status', owner: 'owner' }))
      expect(zhCN.col[col as keyof typeof zhCN.col]).toBe(CUSTOMER_FIELDS[f as CustomerFieldName].label);
  });

  it("matches an imported sheet's headers by the registry's label and its other names", () => {
    const headers = fieldNames.map((f) => CUSTOMER_FIELDS[f].headers.at(-1) ?? CUSTOMER_FIELDS[f].label);
    const mapping = suggestMapping(headers, 'admin');
    for (const f of importFields) expect(mapping[f], f).toBe(fieldNames.indexOf(importFieldOf[f]));
    const byLabel = suggestMapping(
      fieldNames.map((f) => CUSTOMER_FIELDS[f].label),
      'admin',
    );
    for (const f of importFields) expect(byLabel[f], f).toBe(fieldNames.indexOf(importFieldOf[f]));
  });

  it('names products, suppliers and contacts from their registries in the contract, the export and the forms', () => {
    const labels = (fields: Record<string, { label: string }>) => Object.values(fields).map((f) => f.label);
    expect(exportHeaders('products')).toEqual(labels(PRODUCT_FIELDS));
    expect(exportHeaders('contacts')).toEqual(labels(CONTACT_FIELDS));
    for (const label of labels(SUPPLIER_FIELDS).filter((l) => l !== '备注'))
      expect(exportHeaders('suppliers')).toContain(label);
    const contractKey: Record<string, string> = {
      category: 'categoryId',
      guidePrice: 'guidePriceCents',
      annualFee: 'annualFeeCents',
      supplier: 'supplierId',
    };
    for (const [k, f] of Object.entries(PRODUCT_FIELDS)) {
      expect(productLabels[contractKey[k] ?? k], k).toBe(f.label);
      expect(zhCN.products[k as keyof typeof zhCN.products], k).toBe(f.label);
    }
    for (const [k, f] of Object.entries(SUPPLIER_FIELDS)) {
      expect(supplierLabels[k], k).toBe(f.label);
      if (k !== 'active') expect(zhCN.suppliers[k as keyof typeof zhCN.suppliers], k).toBe(f.label);
    }
    for (const [k, f] of Object.entries(CONTACT_FIELDS)) {
      expect(contactLabels[k], k).toBe(f.label);
      expect(zhCN.contacts[(k === 'isPrimary' ? 'primary' : k) as keyof typeof zhCN.contacts], k).toBe(f.label);
    }
  });

  it('names 售前报价 and 购买情况 lines from their registries in the export and the tabs', () => {
    const labels = (fields: Record<string, { label: string }>) => Object.values(fields).map((f) => f.label);
    const product = [PRODUCT_FIELDS.code.label, PRODUCT_FIELDS.name.label, PRODUCT_FIELDS.model.label];
    expect(exportHeaders('quotes')).toEqual([...product, PRODUCT_FIELDS.unit.label, ...labels(QUOTE_FIELDS)]);
    expect(exportHeaders('purchases')).toEqual([...product, ...labels(PURCHASE_FIELDS)]);
    for (const [k, f] of Object.entries(QUOTE_FIELDS))
      expect(zhCN.quotes[k as keyof typeof zhCN.quotes], k).toBe(f.label);
    for (const [k, f] of Object.entries(PURCHASE_FIELDS))
      expect(zhCN.purchases[k as keyof typeof zhCN.purchases], k).toBe(f.label);
  });

  it('names staff and 日志及维护记录 from their registries in the contract, the export and the screens', () => {
    const labels = (fields: Record<string, { label: string }>) => Object.values(fields).map((f) => f.label);
    expect(exportHeaders('staff').slice(0, 9)).toEqual(labels(STAFF_FIELDS));
    expect(exportHeaders('records')).toEqual(labels(RECORD_FIELDS));
    for (const [k, f] of Object.entries(STAFF_FIELDS)) {
      expect(staffLabels[k], k).toBe(f.label);
      expect(zhCN.staff[(k === 'title' ? 'jobTitle' : k) as keyof typeof zhCN.staff], k).toBe(f.label);
    }
    for (const [k, f] of Object.entries(RECORD_FIELDS)) {
      if (k !== 'author') expect(recordLabels[k === 'contact' ? 'contactId' : k], k).toBe(f.label);
      expect(zhCN.records[k as keyof typeof zhCN.records], k).toBe(f.label);
    }
  });
});
