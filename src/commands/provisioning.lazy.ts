// The core that makes certificates (through @peculiar/x509) and runs provisioning graphs, bundled on
// its own so that activation does not parse it; commands load it when they start such work. Only
// plain-Node core goes here: a VS Code-layer class bundled twice would break instanceof checks.
export { createDockerHost } from '../azure/create/createDockerHost';
export { cleanUpRun } from '../azure/create/unfinishedRuns';
export { adoptionDenyRules, enableDockerOnVm } from '../azure/lifecycle/enableDockerOnVm';
export { rotateCertificates } from '../azure/lifecycle/rotateCertificates';
export { switchEngineAccess } from '../azure/lifecycle/switchEngineAccess';
export { createSwarm } from '../azure/create/createSwarm';
export { addSwarmNodes } from '../azure/create/addSwarmNodes';
export { removeSwarmNode } from '../azure/lifecycle/removeSwarmNode';
