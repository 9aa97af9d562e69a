/** The sample people of the sandbox workspace. */
export const SANDBOX_USERS = [
  { id: 'U0ANA', name: 'ana', realName: 'Ana Odhiambo' },
  { id: 'U0BO', name: 'bo', realName: 'Bo Lindqvist' },
  { id: 'U0CY', name: 'cy', realName: 'Cy Okafor' },
] as const;
