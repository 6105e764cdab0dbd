/**
 * Binding a workspace to a host: DOCKER_CONTEXT in the environment objects Container Tools reads
 * (`containers.environment`, and `docker.environment` for the Docker extension before it), so its
 * views and the docker CLI it runs use the host. Only that one variable is ours: unbinding puts
 * back what the workspace had for it and keeps whatever else the user set since.
 */
export const containerToolsEnvironmentSettings = ['containers.environment', 'docker.environment'] as const;
export type EnvironmentSetting = (typeof containerToolsEnvironmentSettings)[number];
export type EnvironmentObject = Readonly<Record<string, string>>;

/** What a workspace had before it was bound, per setting: the object's existence and its DOCKER_CONTEXT. */
export interface EnvironmentBefore {
    readonly existed: boolean;
    readonly dockerContext?: string;
}

export interface WorkspaceBinding {
    readonly hostId: string;
    readonly hostName: string;
    readonly contextName: string;
    readonly before: Readonly<Record<EnvironmentSetting, EnvironmentBefore>>;
}

export function environmentBefore(current: EnvironmentObject | undefined): EnvironmentBefore {
    return current === undefined ? { existed: false } : { existed: true, dockerContext: current.DOCKER_CONTEXT };
}

export function withDockerContext(current: EnvironmentObject | undefined, contextName: string): EnvironmentObject {
    return { ...(current ?? {}), DOCKER_CONTEXT: contextName };
}

/** The setting's value after unbinding; undefined removes it (it did not exist and holds nothing else). */
export function withoutDockerContext(current: EnvironmentObject | undefined, before: EnvironmentBefore): EnvironmentObject | undefined {
    const rest = Object.fromEntries(Object.entries(current ?? {}).filter(([name]) => name !== 'DOCKER_CONTEXT'));
    if (before.dockerContext !== undefined) {
        return { ...rest, DOCKER_CONTEXT: before.dockerContext };
    }
    return Object.keys(rest).length === 0 && !before.existed ? undefined : rest;
}
