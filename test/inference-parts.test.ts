// Unit tests of the baseline's pure parts: line formatting, reply parsing, action validation and configuration.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readConfig, UsageError } from 'openenv-ts/agent';
import { formatEnd, formatReward, formatScore, formatStart, formatStep, oneLine } from 'openenv-ts/agent';
import { acceptsActionStrings, buildActionValidator, extractJsonObject, readReply } from 'openenv-ts/agent';

describe('line formatting', () => {
  it('prints rewards with 2 decimals and never -0.00', () => {
    expect(formatReward(1)).toBe('1.00');
    expect(formatReward(-0.05)).toBe('-0.05');
    expect(formatReward(-0.001)).toBe('0.00');
    expect(formatReward(0.125)).toBe('0.13');
    expect(formatReward(Number.NaN)).toBe('0.00');
  });

  it('prints scores with 3 decimals strictly inside (0, 1)', () => {
    expect(formatScore(0.5)).toBe('0.500');
    expect(formatScore(1)).toBe('0.999');
    expect(formatScore(0.9996)).toBe('0.999');
    expect(formatScore(0)).toBe('0.001');
    expect(formatScore(0.0004)).toBe('0.001');
    expect(formatScore(null)).toBe('0.001');
    expect(formatScore(Number.NaN)).toBe('0.001');
    expect(formatScore(0.5, { min: 0.01, max: 0.99 })).toBe('0.500');
    expect(formatScore(1, { min: 0.01, max: 0.99 })).toBe('0.990');
  });

  it('flattens every field to one line', () => {
    expect(oneLine('a\n  b\r\nc\t d')).toBe('a b c  d');
    expect(formatStep(2, '{"text":"a"}', 0.5, false, 'bad\nthing')).toBe('[STEP] step=2 action={"text":"a"} reward=0.50 done=false error=bad thing');
    expect(formatStep(1, '', 0, true, null)).toBe('[STEP] step=1 action=null reward=0.00 done=true error=null');
    expect(formatStep(1, '{}', 0, true, '  ')).toContain('error=null');
    expect(formatStart('echo', 'my env', 'org/model name')).toBe('[START] task=echo env=my_env model=org/model_name');
    expect(formatEnd(true, 2, '0.999', [1, -0.05])).toBe('[END] success=true steps=2 score=0.999 rewards=1.00,-0.05');
    expect(formatEnd(false, 0, '0.001', [])).toBe('[END] success=false steps=0 score=0.001 rewards=');
  });
});

describe('reading the reply', () => {
  it('finds the first JSON object however it is wrapped', () => {
    expect(extractJsonObject('{"type":"submit"}')).toEqual({ type: 'submit' });
    expect(extractJsonObject('```json\n{"type": "say", "text": "a}b"}\n```')).toEqual({ type: 'say', text: 'a}b' });
    expect(extractJsonObject('Sure. Here it is: {"type":"say","text":"x \\" {"} and done')).toEqual({ type: 'say', text: 'x " {' });
    expect(extractJsonObject('<think>maybe {"type":"wrong"}</think>{"type":"right"}')).toEqual({ type: 'right' });
    expect(extractJsonObject('{broken {"type":"ok"}')).toEqual({ type: 'ok' });
    expect(extractJsonObject('[{"type":"in-array"}]')).toEqual({ type: 'in-array' });
    expect(extractJsonObject('no json here')).toBeNull();
    expect(extractJsonObject('')).toBeNull();
    expect(extractJsonObject('"just a string"')).toBeNull();
  });
});

describe('validating the action against the JSON Schema', () => {
  const union = z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('say'), text: z.string().max(5) }),
    z.strictObject({ type: z.literal('submit') }),
  ]);
  const validate = buildActionValidator(z.toJSONSchema(union, { io: 'input' }) as Record<string, unknown>);

  it('accepts valid actions and names the wrong field of the chosen variant', () => {
    expect(validate({ type: 'say', text: 'hi' })).toBeNull();
    expect(validate({ type: 'submit' })).toBeNull();
    expect(validate({ type: 'say' })).toMatch(/^text: /);
    expect(validate({ type: 'say', text: 'too long' })).toMatch(/^text: .*5/);
    expect(validate({ type: 'submit', extra: 1 })).toMatch(/extra/);
    expect(validate({ type: 'shout' })).toBe('type: "shout" is not an action; use one of "say", "submit"');
    expect(validate({ text: 'x' })).toBe('type: required, one of "say", "submit"');
    expect(validate('submit')).toBe('the action must be a JSON object');
  });

  it('validates a plain object schema, and only the object shape without a schema', () => {
    const plain = buildActionValidator(z.toJSONSchema(z.strictObject({ n: z.number().int() }), { io: 'input' }) as Record<string, unknown>);
    expect(plain({ n: 2 })).toBeNull();
    expect(plain({ n: 'two' })).toMatch(/^n: /);
    const none = buildActionValidator(null);
    expect(none({ anything: true })).toBeNull();
    expect(none([1])).toBe('the action must be a JSON object');
  });
});

describe('BrowserGym action strings', () => {
  const schema = z.toJSONSchema(
    z.discriminatedUnion('type', [z.strictObject({ type: z.literal('action'), action: z.string() }), z.strictObject({ type: z.literal('click'), bid: z.string() })]),
  ) as Record<string, unknown>;
  const plain = z.toJSONSchema(z.discriminatedUnion('type', [z.strictObject({ type: z.literal('submit') })])) as Record<string, unknown>;

  it('a task with an action-string variant takes a bare call as that variant; other tasks still want JSON', () => {
    expect(acceptsActionStrings(schema)).toBe(true);
    expect(acceptsActionStrings(plain)).toBe(false);
    expect(readReply("I will open the form.\nclick('12')", buildActionValidator(schema))).toEqual({ action: { type: 'action', action: "click('12')" } });
    expect(readReply('```\nfill("7", "Oslo")\n```', buildActionValidator(schema))).toEqual({ action: { type: 'action', action: 'fill("7", "Oslo")' } });
    expect(readReply("click('12')", buildActionValidator(plain))).toMatchObject({ problem: 'the reply contains no JSON object' });
  });
});

describe('configuration', () => {
  it('has defaults and prefers API_KEY over HF_TOKEN', () => {
    const config = readConfig({ HF_TOKEN: 'hf', API_KEY: 'k' });
    expect(config).toMatchObject({
      apiBaseUrl: 'https://router.huggingface.co/v1',
      apiKey: 'k',
      keySource: 'API_KEY',
      tasks: null,
      seed: 42,
      envBaseUrl: null,
      localImage: null,
    });
    expect(config.budgetMs).toBeLessThan(20 * 60 * 1000);
    expect(readConfig({ HF_TOKEN: 'hf' }).apiKey).toBe('hf');
    expect(readConfig({}).apiKey).toBeNull();
    expect(readConfig({ OPENENV_TASK: ' a, b ,a,' }).tasks).toEqual(['a', 'b']);
    expect(readConfig({ ENV_BASE_URL: 'http://a:8000, https://b.hf.space' }).envBaseUrls).toEqual(['http://a:8000', 'https://b.hf.space']);
  });

  it('refuses malformed values as usage errors', () => {
    expect(() => readConfig({ OPENENV_SEED: '-1' })).toThrow(UsageError);
    expect(() => readConfig({ BASELINE_BUDGET_S: 'soon' })).toThrow(/BASELINE_BUDGET_S/);
    expect(() => readConfig({ ENV_BASE_URL: 'localhost:8000' })).toThrow(/ENV_BASE_URL/);
    expect(() => readConfig({ OPENENV_TASK: ' , ' })).toThrow(/OPENENV_TASK/);
    expect(() => readConfig({ BASELINE_JSON_MODE: 'maybe' })).toThrow(/BASELINE_JSON_MODE/);
  });
});
