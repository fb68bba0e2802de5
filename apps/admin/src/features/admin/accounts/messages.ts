/** UI strings of the accounts and API-key pages, Chinese first; keys are prefixed `accounts.`. */
export const accountsZh = {
  'accounts.menu': '账号与密钥',
};

export const accountsEn: Record<keyof typeof accountsZh, string> = {
  'accounts.menu': 'Accounts & keys',
};
