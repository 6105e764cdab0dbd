// The only module that loads ssh2. It is bundled on its own (see scripts/build.mjs), and dockerode's
// bundle requires this file for its SSH transport, so one copy serves both and activation parses none.
export * from 'ssh2';
