import { type MethodHandler, fail, str } from './context.js';

export const usergroupsMethods: Record<string, MethodHandler> = {
  'usergroups.users.list': (ctx, args) => {
    const g = ctx.state.usergroups.get(str(args, 'usergroup') ?? '');
    if (!g) fail('no_such_subteam');
    return { users: [...g.users] };
  },
};
