/**
 * The layers of warroom, enforced by `npm test` (npm run lint:layers). docs/ARCHITECTURE.md draws them.
 * Lower layers never import higher ones; only the Slack listeners import the commands; the bot
 * never imports the Slack stand-in (it must not know whether Slack is real).
 */
const BELOW_APP = '^src/(domain|postmortem|util|config|telemetry|store|jobs|slack/api|slack/views)/';
const ABOVE_APP = '^(commands/|src/(slack/listeners|workers|features|runtime)/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds the pure rules: it imports nothing of ours but itself.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^(src|commands)/', pathNot: '^src/domain/' },
    },
    {
      name: 'postmortem-is-pure',
      comment: 'The postmortem draft and renderers are pure: domain only.',
      severity: 'error',
      from: { path: '^src/postmortem/' },
      to: { path: '^(src|commands)/', pathNot: '^src/(postmortem|domain)/' },
    },
    {
      name: 'util-imports-nothing',
      severity: 'error',
      from: { path: '^src/util/' },
      to: { path: '^(src|commands)/', pathNot: '^src/util/' },
    },
    {
      name: 'below-app-stays-below',
      comment: 'Store, jobs, Slack API and views, config and telemetry serve the use cases; they never call them or anything above.',
      severity: 'error',
      from: { path: BELOW_APP },
      to: { path: `^src/app/|${ABOVE_APP}` },
    },
    {
      name: 'app-knows-no-adapter-above',
      comment: 'Use cases are called by commands, listeners and workers, and never call them back.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: ABOVE_APP },
    },
    {
      name: 'only-listeners-import-commands',
      comment: 'A slash command reaches its module only through the command listener.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/slack/listeners/' },
      to: { path: '^commands/' },
    },
    {
      name: 'commands-are-not-wiring',
      severity: 'error',
      from: { path: '^commands/' },
      to: { path: '^src/(slack/listeners|workers|features|runtime)/' },
    },
    {
      name: 'adapters-do-not-know-features-or-runtime',
      comment: 'Listeners and processors are handed to the runtime by the features, not the other way round.',
      severity: 'error',
      from: { path: '^src/(slack/listeners|workers)/' },
      to: { path: '^src/(features|runtime)/' },
    },
    {
      name: 'listeners-and-workers-apart',
      severity: 'error',
      from: { path: '^src/slack/listeners/' },
      to: { path: '^src/workers/' },
    },
    {
      name: 'workers-are-not-listeners',
      severity: 'error',
      from: { path: '^src/workers/' },
      to: { path: '^src/slack/listeners/' },
    },
    {
      name: 'features-do-not-know-runtime',
      severity: 'error',
      from: { path: '^src/features/' },
      to: { path: '^src/runtime/' },
    },
    {
      name: 'bot-does-not-know-the-standin',
      comment: 'Only the sandbox start-up wires the stand-in; the bot talks to whatever Slack it is given.',
      severity: 'error',
      from: { path: '^(commands/|src/)', pathNot: '^src/(standin|runtime)/' },
      to: { path: '^src/standin/' },
    },
    {
      name: 'standin-is-standalone',
      comment: 'The stand-in plays Slack; it imports none of the bot.',
      severity: 'error',
      from: { path: '^src/standin/' },
      to: { path: '^(src|commands)/', pathNot: '^src/standin/' },
    },
    {
      name: 'no-cycles',
      comment: 'No module reaches itself through its imports (a cycle of type-only imports is harmless at run time).',
      severity: 'error',
      from: { path: '^(src|commands)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that needs another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
