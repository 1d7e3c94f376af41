// Canonical JSON: sorted keys at every depth, and the native fast path for arrays of primitives writes the same text.
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentDigest } from 'openenv-ts';

describe('canonicalJson', () => {
  it('sorts object keys at every depth, also inside arrays, and drops undefined and function fields', () => {
    const value = { b: 1, a: [{ z: 1, y: [3, { d: 1, c: 2 }] }], u: undefined, f: () => 1 };
    expect(canonicalJson(value)).toBe('{"a":[{"y":[3,{"c":2,"d":1}],"z":1}],"b":1}');
  });

  it('writes arrays of primitives and nested rows as JSON does (undefined, NaN and functions as null)', () => {
    const rows = [
      [1, 'a', null, undefined, Number.NaN, -0, 2.5e-7],
      [true, false, 'quote " and \\ and \n', () => 1],
      [],
      [[1, [2, [3]]]],
    ];
    expect(canonicalJson(rows)).toBe('[[1,"a",null,null,null,0,2.5e-7],[true,false,"quote \\" and \\\\ and \\n",null],[],[[1,[2,[3]]]]]');
    expect(JSON.parse(canonicalJson(rows))).toEqual(JSON.parse(JSON.stringify(rows)));
  });

  it('gives equal digests to values that differ only in key order, and different ones otherwise', () => {
    const a = { tables: [{ name: 't', rows: [[1, 'x']] }], limits: { rows: 10, timeout: 2 } };
    const b = { limits: { timeout: 2, rows: 10 }, tables: [{ rows: [[1, 'x']], name: 't' }] };
    expect(contentDigest(a)).toBe(contentDigest(b));
    expect(contentDigest(a)).not.toBe(contentDigest({ ...a, tables: [{ name: 't', rows: [[1, 'y']] }] }));
  });
});
