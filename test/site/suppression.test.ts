/**
 * How a public site writes a suppressed count (components/suppression.js, called by Evidence's
 * Value and DataTable through the patch): a NULL count reads "<N" with N the warehouse's threshold,
 * a complementary (NaN) cell reads "*", anything else is left to Evidence; an internal site (no
 * threshold) is never touched.
 */
import { describe, expect, test } from 'vitest';
import { isCountColumn, suppressedText } from '../../components/suppression.js';

describe('suppressed cells on a public site', () => {
  test('a hidden count reads <N with the threshold of the warehouse', () => {
    expect(suppressedText(null, 'edge_households', 3)).toBe('<3');
    expect(suppressedText(null, 'remaining_poor_people', 5)).toBe('<5');
    expect(suppressedText(undefined, '期末未达标户数', 3)).toBe('<3');
    expect(suppressedText(null, '期末未脱贫人口', 4)).toBe('<4');
  });

  test('a complementary cell, or a sum that took one in, reads * whatever the column', () => {
    expect(suppressedText(Number.NaN, 'edge_households', 3)).toBe('*');
    expect(suppressedText(Number.NaN, 'end_gaps', 3)).toBe('*');
  });

  test('values, rates and register counts are left to Evidence', () => {
    expect(suppressedText(2, 'edge_households', 3)).toBeNull();
    expect(suppressedText(0, 'edge_households', 3)).toBeNull();
    expect(suppressedText(null, 'poverty_incidence', 3)).toBeNull();
    expect(suppressedText(null, 'agri_households', 3)).toBeNull();
    expect(isCountColumn('clearance_rate')).toBe(false);
    expect(isCountColumn('key_people')).toBe(true);
  });

  test('an internal site is never touched', () => {
    expect(suppressedText(null, 'edge_households', null)).toBeNull();
    expect(suppressedText(Number.NaN, 'edge_households', undefined)).toBeNull();
  });
});
