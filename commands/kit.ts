import type { Reply } from '../src/slack/views/reply.js';
import type { z } from 'zod';
import type { Loaded } from '../src/store/incidents.js';
import type { AfterReply } from '../src/app/after-reply.js';
import type { Services } from '../src/app/context.js';
import type { Access } from '../src/domain/permissions.js';
import { UsageError } from '../src/domain/errors.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';

export type { Reply };

/** Everything a subcommand may use; built per request by the command listener. */
export interface CommandContext {
  services: Services;
  teamId: string;
  userId: string;
  channelId: string;
  triggerId: string;
  now: number;
  /** The incident of the channel the command was typed in, when there is one. */
  incident?: Loaded;
  /** Work the person need not wait for (card re-draw, channel echo) goes here and runs after the reply. */
  after?: AfterReply;
  /** Tell the person who typed something before the final reply (e.g. progress of a long declare). */
  progress(text: string): Promise<void>;
  /** The command's response_url, for news that comes after the reply (a declare waiting for Slack's rate limit). */
  responseUrl?: string;
}

export interface IncidentContext extends CommandContext {
  incident: Loaded;
}

interface Base<S extends z.ZodType> {
  /** The word after `/incident`. */
  name: string;
  aliases?: readonly string[];
  /** e.g. `note [<time>] <text>` — shown in help and after every mistake. */
  usage: string;
  summary: string;
  examples?: readonly string[];
  args: S;
  /** Hidden from `/incident help` (aliases of a main command). */
  hidden?: boolean;
}

export interface IncidentCommand<S extends z.ZodType> extends Base<S> {
  needsIncident: true;
  /**
   * Who may run it, checked by the command listener before parsing (src/domain/permissions.ts):
   * 'read' anyone who can see the incident, 'change' (the default) members of its channel,
   * 'lead' its commander, its declarer and the configured admins.
   */
  access?: Access;
  /** How a refusal names what was asked: "close", "change the severity of" (default "change"). */
  verb?: string;
  /**
   * The command only writes, through the store's version check, so the copy of the incident
   * this process saw last will do (the check catches anything newer and the rule runs again):
   * one Redis round trip fewer on the busiest command, `note`.
   */
  recentIncidentWillDo?: true;
  /** Free text after the subcommand → input for `args`; may throw UsageError. */
  parse(text: string, ctx: IncidentContext): z.input<S>;
  run(args: z.output<S>, ctx: IncidentContext): Promise<Reply>;
}

export interface AnywhereCommand<S extends z.ZodType> extends Base<S> {
  needsIncident: false;
  parse(text: string, ctx: CommandContext): z.input<S>;
  run(args: z.output<S>, ctx: CommandContext): Promise<Reply>;
}

export type CommandSpec<S extends z.ZodType = z.ZodType> = IncidentCommand<S> | AnywhereCommand<S>;

/** Identity function that lets TypeScript infer the argument types from the zod schema. */
export function defineCommand<S extends z.ZodType>(spec: IncidentCommand<S>): IncidentCommand<S>;
export function defineCommand<S extends z.ZodType>(spec: AnywhereCommand<S>): AnywhereCommand<S>;
export function defineCommand<S extends z.ZodType>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}

/** Splits off the first word; the rest keeps its spacing. */
export function firstWord(text: string): [string, string] {
  const trimmed = text.trim();
  const m = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return m ? [m[1] ?? '', m[2] ?? ''] : ['', ''];
}

/**
 * A rule refused the input (a back-dated time out of order, say) from inside the store's
 * transaction, where the command's usage is not known: show the usage with the reason.
 */
export async function withUsage<T>(usage: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof UsageError && err.usage === undefined) throw new UsageError(err.message, usage);
    throw err;
  }
}

/**
 * Slack sends a person picked from the list as `<@U…|name>`; a bare `@dave` is text Slack did not
 * recognise as anyone, so saving it would leave the item unowned with "@dave" in its text.
 */
export function refuseBareMentions(text: string, usage: string): void {
  const bare = [...text.replace(/<[^<>]*>/g, ' ').matchAll(/(?:^|\s)(@[\w.-]+)/g)].map((m) => m[1] ?? '');
  const [first] = bare;
  if (first === undefined) return;
  throw new UsageError(
    `${bare.map((b) => escapeText(b)).join(', ')} ${bare.length === 1 ? 'is not a person' : 'are not people'} in this workspace: type @ and pick the person from the list, so Slack sends a real mention. Nothing was saved.`,
    usage,
  );
}
