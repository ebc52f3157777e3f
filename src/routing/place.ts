/**
 * Whether a request already says where it happened, and the place phrase if so. Deliberately
 * simple: a street, community, village or building word; good enough to decide whether to ask.
 */
const ZH_PLACE =
  /([\u4e00-\u9fa5A-Za-z0-9]{1,12}?(?:路|街|大道|巷|弄|小区|社区|村|镇|街道|广场|大厦|公园|花园|园区|市场|医院|学校|车站|站|家园|山庄|苑|公寓|商场|超市|码头)(?:[0-9一二三四五六七八九十]+号(?:楼)?)?)/;
const EN_PLACE =
  /\b((?:no\.?\s*)?\d*\s*[A-Za-z]+(?:\s+[A-Za-z]+){0,3}\s+(?:road|rd|street|st|avenue|ave|lane|community|village|park|plaza|mall|station|market|hospital|school|estate|garden|gardens))\b/i;

export function findPlace(text: string, stripNames: readonly string[] = []): string | null {
  let t = text;
  for (const name of stripNames) t = t.split(name).join(' ');
  const zh = ZH_PLACE.exec(t);
  if (zh?.[1]) return zh[1];
  const en = EN_PLACE.exec(t);
  return en?.[1]?.trim() ?? null;
}
