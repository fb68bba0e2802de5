import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../api/api-error';
import { errorMessage } from './error-message.util';
import { fieldErrorLines } from './field-errors.util';
import { fieldMessage } from './field-message.util';
import { entityTypeLabel, fieldLabel, showValue } from './glossary';
import { enUS } from './en-us';
import { zhCN } from './zh-cn';

const CJK_ONLY = /^[^A-Za-z]*$/;

function i18n(locale: 'zh-CN' | 'en-US') {
  const messages: Record<string, string> = locale === 'zh-CN' ? zhCN : enUS;
  const fill = (text: string, values?: Record<string, string | number>) =>
    text.replace(/\{(\w+)\}/g, (match, name: string) =>
      values && name in values ? String(values[name]) : match,
    );
  return {
    locale,
    t: (key: string, values?: Record<string, string | number>) => fill(messages[key], values),
    tMaybe: (key: string, values?: Record<string, string | number>) =>
      key in messages ? fill(messages[key], values) : undefined,
  } as never;
}

const apiError = (
  status: number,
  code: string,
  message: string,
  details: { field: string; message: string }[] = [],
) => new ApiError(status, { code, message, details, requestId: 'req-1' });

describe('the glossary', () => {
  it('names every audited entity type and known field in Chinese, and never shows a raw name in Chinese', () => {
    expect(entityTypeLabel('remediation_plan', 'zh-CN')).toBe('整治方案');
    expect(entityTypeLabel('something_new', 'zh-CN')).toBe('其他对象');
    expect(entityTypeLabel('something_new', 'en-US')).toBe('Something new');
    expect(fieldLabel('waterBodyId', 'zh-CN')).toBe('受纳水体');
    expect(fieldLabel('values[2].indicatorCode', 'zh-CN')).toBe('监测指标');
    expect(fieldLabel('responsibleUnitId', 'en-US')).toBe('Responsible unit');
    expect(fieldLabel('zzzUnknown', 'zh-CN')).toMatch(CJK_ONLY);
  });

  it('labels enum values per entity (status differs), booleans and arrays', () => {
    expect(showValue('outfall', 'category', 'industrial', 'zh-CN')).toBe('工业排污口');
    expect(showValue('remediation_plan', 'status', 'completed', 'zh-CN')).toBe('已完成（待核查）');
    expect(showValue('outfall', 'status', 'merged', 'zh-CN')).toBe('已合并');
    expect(showValue('outfall', 'signageInstalled', true, 'zh-CN')).toBe('是');
    expect(showValue('outfall', 'signageInstalled', false, 'en-US')).toBe('no');
    expect(showValue('outfall', 'name', '六工排口', 'zh-CN')).toBe('六工排口');
    expect(showValue('outfall', 'note', null, 'zh-CN')).toBe('∅');
    // nested records: labelled keys and values, no raw JSON
    expect(
      showValue('sample', 'values', [{ indicatorCode: 'cod', compliant: true, limitValue: 50 }], 'zh-CN'),
    ).toBe('[监测指标：COD；达标：是；限值：50]');
    // a code no field names still gets its label from the shared label maps
    expect(showValue('remediation_plan', 'action', 'approve', 'zh-CN')).not.toBe('approve');
    expect(showValue('remediation_decision', 'decision', 'standardise', 'zh-CN')).toBe('规范整治');
  });
});

describe('errors for the user', () => {
  it('Chinese mode: the translated code, the API English folded into `original`', () => {
    const message = errorMessage(
      apiError(401, 'AUTH_INVALID_CREDENTIALS', 'Wrong username or password'),
      i18n('zh-CN'),
    );
    expect(message).toEqual({
      title: '用户名或密码错误',
      original: 'Wrong username or password',
      requestId: 'req-1',
    });
  });

  it('Chinese mode: an unknown code falls back to a Chinese hint by status, never the English text', () => {
    expect(errorMessage(apiError(422, 'SOMETHING_NEW', 'Some rule broke'), i18n('zh-CN')).title).toBe(
      '提交的内容不符合业务规则',
    );
    expect(errorMessage(apiError(503, 'X', 'down'), i18n('zh-CN')).title).toBe(
      '服务器暂时无法处理，请稍后重试',
    );
    expect(errorMessage(new Error('Failed to fetch'), i18n('zh-CN'))).toEqual({
      title: '加载失败',
      original: 'Failed to fetch',
    });
  });

  it('English mode: the translation, then the API message', () => {
    const message = errorMessage(apiError(409, 'VERSION_CONFLICT', 'version 3 is stale'), i18n('en-US'));
    expect(message.detail).toBe('version 3 is stale');
    expect(message.title).not.toBe('version 3 is stale');
  });

  it('field errors: every message of a field, in Chinese in Chinese mode', () => {
    const error = apiError(400, 'VALIDATION_FAILED', 'Invalid input', [
      { field: 'name', message: 'name should not be empty' },
      { field: 'name', message: 'name must be shorter than or equal to 200 characters' },
      { field: 'sizeMm', message: 'sizeMm must not be less than 1' },
    ]);
    expect(Object.fromEntries(fieldErrorLines(error, i18n('zh-CN')))).toEqual({
      name: ['必填', '不能超过 200 个字符'],
      sizeMm: ['不能小于 1'],
    });
    expect(fieldErrorLines(error, i18n('en-US')).get('name')).toEqual([
      'name should not be empty',
      'name must be shorter than or equal to 200 characters',
    ]);
  });

  it('field messages: known shapes translated, Chinese kept, the rest a generic Chinese hint', () => {
    expect(fieldMessage('category must be one of: industrial, other', 'zh-CN')).toBe('请从列表中选择');
    expect(fieldMessage('discoveredOn must be a valid ISO 8601 date string', 'zh-CN')).toBe(
      '日期格式应为 年-月-日',
    );
    expect(fieldMessage('不能早于发现日期', 'zh-CN')).toBe('不能早于发现日期');
    expect(fieldMessage('quux', 'zh-CN')).toMatch(CJK_ONLY);
    expect(fieldMessage('pH must be at most 14', 'zh-CN')).toBe('不能大于 14');
    expect(fieldMessage('COD must be at most 100000 mg/L', 'zh-CN')).toBe('不能大于 100000 mg/L');
    expect(fieldMessage('code must be 2–16 capital letters or digits, starting with a letter', 'zh-CN')).toBe(
      '应为 2–16 位大写字母或数字，以字母开头',
    );
    expect(fieldMessage('code must be 6, 9 or 12 digits', 'zh-CN')).toBe('应为 6, 9 或 12 位数字');
    expect(fieldMessage('description must be 5–2000 characters', 'zh-CN')).toBe('长度应为 5–2000 个字符');
    expect(
      fieldMessage('排放口编码应为 DW＋3位数字 / the outlet code must be DW and 3 digits', 'zh-CN'),
    ).toBe('排放口编码应为 DW＋3位数字');
    expect(fieldMessage('quux', 'en-US')).toBe('quux');
  });

  it('a specific code: its translation first, then the messages that say more (never the generic hint)', () => {
    const error = apiError(422, 'MONITORING_IMPOSSIBLE_VALUE', 'Impossible', [
      { field: 'values[0].value', message: 'pH must be at most 14' },
      { field: 'values[1].value', message: 'something odd' },
    ]);
    expect(Object.fromEntries(fieldErrorLines(error, i18n('zh-CN')))).toEqual({
      'values[0].value': ['监测值超出可能范围', '不能大于 14'],
      'values[1].value': ['监测值超出可能范围'],
    });
  });

  it('every status hint exists in both languages', () => {
    for (const key of Object.keys(zhCN).filter((k) => k.startsWith('error.status.')))
      expect(Object.keys(enUS)).toContain(key);
  });
});
