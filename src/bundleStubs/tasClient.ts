// Stands in for vscode-tas-client in the bundle (scripts/build.mjs aliases it here): the extension
// runs no experiments, and the real module's UMD wrapper would replace the bundle's exports.
export enum TargetPopulation {
    Team = 'team',
    Internal = 'internal',
    Insiders = 'insider',
    Public = 'public',
}

export function getExperimentationServiceAsync(): Promise<never> {
    return Promise.reject(new Error('Azure Docker Hosts runs no experiments.'));
}
