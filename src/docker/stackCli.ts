// Deploy Stack and Remove Stack are the docker CLI's own `docker stack` commands, run against a
// manager's docker context for that one command, so the user's current context stays as it is.
import { cleanEnvironment, type ComposeInvocation } from './compose/composeCli';

export type StackRequest =
    | { readonly action: 'deploy'; readonly stack: string; /** The compose file, absolute. */ readonly file: string }
    | { readonly action: 'remove'; readonly stack: string };

/** A stack name as `docker stack deploy` accepts it: it prefixes every service and network. */
export function validateStackName(value: string): string | undefined {
    return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(value.trim()) ? undefined : 'Use letters, digits, "_", "." and "-", starting with a letter or digit.';
}

export function stackInvocation(contextName: string, request: StackRequest, env: NodeJS.ProcessEnv = process.env): ComposeInvocation {
    const action = request.action === 'deploy'
        ? ['deploy', '--compose-file', request.file, '--detach=true', request.stack]
        : ['rm', request.stack];
    return { command: 'docker', args: ['--context', contextName, 'stack', ...action], env: cleanEnvironment(env) };
}
