// The provisioning core (certificates through @peculiar/x509, the graph, the host setup script),
// bundled on its own so that activation does not parse it; loaded when a create starts.
export { createDockerHost } from '../../azure/create/createDockerHost';
