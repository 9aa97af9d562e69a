import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs, SlackViewAction, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../app/context.js';

type ActionArgs<A extends BlockAction> = SlackActionMiddlewareArgs<A> & AllMiddlewareArgs;
type ActionListener<A extends BlockAction> = (args: ActionArgs<A>) => Promise<void>;
type ViewListener = (args: SlackViewMiddlewareArgs<SlackViewAction> & AllMiddlewareArgs) => Promise<void>;

/** Where features register their buttons (by action_id) and forms (by callback_id). */
export interface Routes {
  action<A extends BlockAction>(actionId: string, listener: ActionListener<A>): void;
  view(callbackId: string, listener: ViewListener): void;
}

const exactly = (ids: Iterable<string>): RegExp => new RegExp(`^(?:${[...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);

/**
 * Bolt runs every registered listener's middleware for every request it receives, so each
 * `app.action` costs something on every slash command too: 14 listeners measured ~35 µs and
 * much garbage per note. warroom's buttons and forms are collected here and reach Bolt as one
 * action listener and one view listener, which look the listener up by id.
 */
export function createRoutes(): Routes & { install(app: App): void } {
  const actions = new Map<string, ActionListener<BlockAction>>();
  const views = new Map<string, ViewListener>();
  return {
    action(actionId, listener) {
      if (actions.has(actionId)) throw new Error(`two listeners for action ${actionId}`);
      // Stored by id; Bolt only calls it with a block action carrying that id (see install).
      actions.set(actionId, listener as ActionListener<BlockAction>);
    },
    view(callbackId, listener) {
      if (views.has(callbackId)) throw new Error(`two listeners for view ${callbackId}`);
      views.set(callbackId, listener);
    },
    install(app) {
      if (actions.size) {
        app.action<BlockAction>({ type: 'block_actions', action_id: exactly(actions.keys()) }, async (args) => {
          await actions.get(args.action.action_id)?.(args);
        });
      }
      if (views.size) {
        app.view(exactly(views.keys()), async (args) => {
          await views.get(args.view.callback_id)?.(args);
        });
      }
    },
  };
}

/** A feature's buttons and forms, registered on the routes at start-up. */
export type Interactions = (routes: Routes, s: Services) => void;
