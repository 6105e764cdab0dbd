import type { CreateDockerHostContext } from '../createDockerHost/CreateDockerHostContext';

/** What the Create Docker Swarm wizard collects: a host's questions (`name` is the swarm's), and the node counts. */
export interface CreateSwarmContext extends CreateDockerHostContext {
    /** Set by ManagerCountStep: 1 or 3. */
    managers?: number;
    /** Set by WorkerCountStep. */
    workers?: number;
}
