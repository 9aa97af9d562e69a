import { userJson } from '../format.js';
import { type MethodHandler, fail, str } from './context.js';

export const usersMethods: Record<string, MethodHandler> = {
  'users.info': (ctx, args) => {
    const u = ctx.state.users.get(str(args, 'user') ?? '');
    if (!u) fail('user_not_found');
    return { user: userJson(ctx.state, u) };
  },

  'users.lookupByEmail': (ctx, args) => {
    const email = (str(args, 'email') ?? '').trim().toLowerCase();
    for (const u of ctx.state.users.values()) {
      if (email !== '' && u.email?.toLowerCase() === email) return { user: userJson(ctx.state, u) };
    }
    return fail('users_not_found');
  },
};
