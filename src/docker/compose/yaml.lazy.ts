// The yaml parser, bundled on its own (see scripts/build.mjs): only reading a compose file needs it.
export { parseDocument } from 'yaml';
