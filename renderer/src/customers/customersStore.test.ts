import { beforeEach, describe, expect, it } from 'vitest';
import { useCustomers } from './customersStore';

/**
 * A new customer becomes the current one — unless the user picked another row after pressing
 * 确定, even before the answer came back (the create's change event can refresh the grid first).
 */
describe('selecting a new customer', () => {
  beforeEach(() => useCustomers.setState({ selectedIds: [], currentId: null, reveal: null, lastPickAt: -Infinity }));

  it('makes it current and asks the grid to reveal it', () => {
    const asked = performance.now();
    useCustomers.getState().select(7, asked);
    expect(useCustomers.getState()).toMatchObject({ selectedIds: [7], currentId: 7, reveal: { id: 7, since: asked } });
  });

  it('gives way to a row the user picked after asking', () => {
    const asked = performance.now();
    useCustomers.getState().setSelection([3], 3);
    useCustomers.getState().notePick();
    useCustomers.getState().select(7, asked);
    expect(useCustomers.getState()).toMatchObject({ selectedIds: [3], currentId: 3, reveal: null });
  });

  it('but not to one picked before asking', () => {
    useCustomers.getState().notePick();
    const asked = performance.now() + 1;
    useCustomers.getState().select(7, asked);
    expect(useCustomers.getState()).toMatchObject({ currentId: 7, reveal: { id: 7 } });
  });
});
