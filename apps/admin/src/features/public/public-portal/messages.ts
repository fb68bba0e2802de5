/** UI strings of the public-portal feature, Chinese first; keys are prefixed `publicPortal.`. */
export const publicPortalZh = {
  'publicPortal.menu': '信息公开',
  'publicPortal.siteTitle': '昌吉市入河排污口信息公开',
  'publicPortal.navOutfalls': '排污口公开信息',
  'publicPortal.navApprovals': '设置审批与登记',
};

export const publicPortalEn: Record<keyof typeof publicPortalZh, string> = {
  'publicPortal.menu': 'Publication',
  'publicPortal.siteTitle': 'Changji river outfalls: public information',
  'publicPortal.navOutfalls': 'Published outfalls',
  'publicPortal.navApprovals': 'Setup approvals and registrations',
};
