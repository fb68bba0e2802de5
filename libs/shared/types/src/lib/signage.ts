import type { LabelMap } from './label';

/** The parts of a sign's content (树标立牌) that come from the outfall and can go out of date. */
export enum SignField {
  OutfallName = 'outfallName',
  OutfallCode = 'outfallCode',
  EntityName = 'entityName',
  ReceivingWater = 'receivingWater',
  QrPayload = 'qrPayload',
}

export const SIGN_FIELD_LABELS: LabelMap<SignField> = {
  [SignField.OutfallName]: { zh: '排污口名称', en: 'Outfall name' },
  [SignField.OutfallCode]: { zh: '排污口编码', en: 'Outfall code' },
  [SignField.EntityName]: { zh: '责任主体', en: 'Responsible entity' },
  [SignField.ReceivingWater]: { zh: '受纳水体', en: 'Receiving water' },
  [SignField.QrPayload]: { zh: '二维码内容', en: 'QR code payload' },
};

/**
 * A supervising department's phone on a sign: a mainland mobile number (11 digits, 1[3-9]…) or a landline with
 * its area code (0 + 2–3 digits, optional hyphen, 7–8 digits, e.g. 0994-2345678).
 */
export const SIGN_PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/**
 * 国民经济行业分类代码 (GB/T 4754-2017) as stored on a responsible entity: 2–4 digits (division, group or
 * class), optionally after the section letter (C3360).
 */
export const INDUSTRY_CODE_PATTERN = /^[A-T]?\d{2,4}$/;
