import * as vscode from 'vscode';

/**
 * Context keys the Getting Started walkthrough's steps complete on. Each is set where the real
 * thing is seen (a host listed, a running container listed, a port opened or forwarded, a build that succeeded), not when a
 * command merely starts, so a cancelled wizard does not tick a step.
 */
export const walkthroughSteps = {
    hasHost: 'azureDockerHosts.walkthrough.hasHost',
    runningContainer: 'azureDockerHosts.walkthrough.runningContainer',
    reachedApp: 'azureDockerHosts.walkthrough.reachedApp',
    builtImage: 'azureDockerHosts.walkthrough.builtImage',
    boundWorkspace: 'azureDockerHosts.walkthrough.boundWorkspace',
} as const;

const done = new Set<string>();

export function markWalkthroughStep(key: (typeof walkthroughSteps)[keyof typeof walkthroughSteps]): void {
    if (!done.has(key)) {
        done.add(key);
        void vscode.commands.executeCommand('setContext', key, true);
    }
}
