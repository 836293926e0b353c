import { describe, expect, it } from 'vitest';
import { builtinTool } from './builtins.ts';

const calculator = builtinTool('calculator');
const calc = (expression: string): Promise<unknown> => calculator.run({ expression });

describe('the calculator tool', () => {
  it('does arithmetic, functions, constants and unit conversions', async () => {
    expect(await calc('3 * 12.50 * 1.2')).toBe('45');
    expect(await calc('sqrt(2)')).toBe('1.4142135623731');
    expect(await calc('2^10 + 5!')).toBe('1144');
    expect(await calc('5 km to m')).toBe('5000 m');
    expect(await calc('round(pi, 3)')).toBe('3.142');
  });

  it('refuses what is not arithmetic: definitions, assignments, ranges, matrices, property access, unknown names', async () => {
    await expect(calc('f(n) = n <= 0 ? 0 : f(n-1) + f(n-1); f(40)')).rejects.toThrow(/not allowed/);
    await expect(calc('x = 5')).rejects.toThrow(/not allowed/);
    await expect(calc('size(range(1, 1e9))')).rejects.toThrow(/no function "size"/);
    await expect(calc('1:1e9')).rejects.toThrow(/not allowed/);
    await expect(calc('[1, 2, 3]')).rejects.toThrow(/not allowed/);
    await expect(calc('cos.constructor("return process")()')).rejects.toThrow();
    await expect(calc('import({}, {})')).rejects.toThrow(/no function "import"/);
    await expect(calc('secret + 1')).rejects.toThrow('unknown name "secret"');
    await expect(calc('1 > 0 ? 1 : 2')).rejects.toThrow(/not allowed/);
  });

  it('stays fast on huge numbers: they overflow instead of running long', async () => {
    const started = performance.now();
    expect(await calc('1e9! + 2^(2^(2^(2^10)))')).toBe('Infinity');
    // Not a timing test of the machine: a factorial of 1e9 computed term by term would take minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('says what is wrong with its arguments', async () => {
    await expect(calculator.run({})).rejects.toThrow('calculator: expression');
    await expect(calculator.run({ expression: 'x'.repeat(1001) })).rejects.toThrow('calculator: expression');
  });
});
